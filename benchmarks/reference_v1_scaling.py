"""FROZEN support of ``benchmarks.reference_v1``: the scaling and exact arithmetic it was built on.

Copied from commit 801c3a3 (where ``reference_v1.py`` was created): ``sq_opt/model/scaling.py``
as it was then (the live one has since divided coverage by its common step), and the helpers of
``sq_opt/evaluate.py`` the model uses. Do not improve this file: the first model must keep
meaning the first model. It depends only on the contract (``models``).

Original docstring of the scaling module follows.

Exact integer scaling of the scenario's decimal numbers for CP-SAT.

Every family of numbers that is added together (effects / gains / losses; weights; each
resource's demands and capacities) gets the smallest power of ten that makes all its members
integers. Up to ``MAX_DECIMALS`` decimals the scaling is exact; beyond, numbers are rounded and a
warning is returned (the reported value is still recomputed exactly from the plan).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from models.scenario import Scenario, Solution


# -- exact arithmetic (sq_opt/evaluate.py at 801c3a3) ------------------------------------------
def exact(value: float | int) -> Fraction:
    """The decimal number the user wrote, as an exact fraction."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def solution_main_share(scenario: Scenario, solution: Solution) -> Fraction:
    """m(s) of rule 5: share of s's effects on main problems.

    For a solution with no effects: the share of main problems among the distinct problems listed
    by the synergies it takes part in.
    """
    if solution.effects:
        total = sum((exact(v) for v in solution.effects.values()), Fraction(0))
        main = sum(
            (exact(v) for p, v in solution.effects.items() if scenario.is_main(p)), Fraction(0)
        )
        return main / total
    listed: set[str] = set()
    for relation in scenario.relations:
        if relation.kind == "synergy" and solution.id in relation.between:
            listed.update(scenario.relation_problems(relation))
    if not listed:
        return Fraction(0)
    return Fraction(sum(1 for p in listed if scenario.is_main(p)), len(listed))


def resource_use(scenario: Scenario, solution: Solution, resource_id: str) -> Fraction:
    """U(s, r) of rule 5: demand x duration (per period) or demand (horizon pool)."""
    demand = exact(solution.demand.get(resource_id, 0))
    if scenario.resource_index[resource_id].per == "horizon":
        return demand
    return demand * solution.duration


def total_capacity(scenario: Scenario, resource_id: str) -> Fraction:
    """A resource's capacity summed over the horizon (the pool itself for per = horizon)."""
    return sum((exact(c) for c in scenario.capacity_profile(resource_id)), Fraction(0))


# -- scaling (sq_opt/model/scaling.py at 801c3a3) ----------------------------------------------
MAX_DECIMALS = 6


def decimals(value: float | int) -> int:
    """Number of decimals of the number as written (``0.125`` -> 3, ``2`` -> 0)."""
    exponent = Decimal(repr(value)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def scale_for(values: Iterable[float | int]) -> tuple[int, bool]:
    """Smallest power of ten making all ``values`` integers (capped); and whether it is exact."""
    most = max((decimals(v) for v in values), default=0)
    return 10 ** min(most, MAX_DECIMALS), most <= MAX_DECIMALS


def to_int(value: float | int | Fraction, scale: int) -> int:
    """``value * scale`` as an integer (exact when the scale suffices, else rounded)."""
    scaled = (value if isinstance(value, Fraction) else exact(value)) * scale
    return round(scaled)


@dataclass
class Scales:
    """The scale of each family of numbers, and warnings for any rounding."""

    coverage: int = 1
    weight: int = 1
    resource: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def value(self) -> int:
        """Scale of V: weight scale x coverage scale."""
        return self.coverage * self.weight


def compute_scales(scenario: Scenario) -> Scales:
    scales = Scales()
    coverage_numbers: list[float] = [v for s in scenario.solutions for v in s.effects.values()]
    for relation in scenario.relations:
        if relation.kind == "synergy":
            coverage_numbers.append(relation.gain)
        elif relation.kind == "neutralise":
            coverage_numbers.append(relation.loss)
    scales.coverage, ok = scale_for(coverage_numbers)
    if not ok:
        scales.warnings.append(
            f"effets / gains / pertes arrondis à {MAX_DECIMALS} décimales dans le modèle"
        )
    scales.weight, ok = scale_for(scenario.weight(p.id) for p in scenario.problems)
    if not ok:
        scales.warnings.append(f"poids arrondis à {MAX_DECIMALS} décimales dans le modèle")
    for resource in scenario.resources:
        numbers = [s.demand[resource.id] for s in scenario.solutions if resource.id in s.demand]
        numbers += scenario.capacity_profile(resource.id)
        scales.resource[resource.id], ok = scale_for(numbers)
        if not ok:
            scales.warnings.append(
                f"ressource {resource.id} : demandes / capacités arrondies à {MAX_DECIMALS} décimales"
            )
    return scales
