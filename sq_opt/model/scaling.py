"""Exact integer scaling of the scenario's decimal numbers for CP-SAT.

Every family of numbers that is added together (effects / gains / losses; weights; each
resource's demands and capacities) gets the smallest power of ten that makes all its members
integers; coverage numbers are then divided by their common step (it sets the objective's
granularity). Up to ``MAX_DECIMALS`` decimals the scaling is exact; beyond, :func:`rounded`
rounds the scenario itself before the model is built (demands up, capacities down, so that a
plan of the rounded scenario keeps the capacities of the given one; the rest to the nearest),
with a warning naming each number rounded: the plan and its figures are those of the rounded
scenario. :func:`check_magnitudes` refuses numbers whose scaled sums would not fit CP-SAT's 64-bit
integers. The warnings go into the strategy document, which is written in French (the solve has
no language).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

from models.i18n import Exact
from models.issues import Issue, ScenarioError
from models.limits import DECIMALS
from models.scenario import Scenario
from sq_opt.evaluate import exact
from sq_opt.i18n import t

MAX_DECIMALS = DECIMALS
INT_LIMIT = 2**62
"""The largest sum of scaled numbers a constraint or an objective may reach (CP-SAT: 2^63 - 1)."""
PEAK_RESOLUTION = 1000
"""Resolution of a resource's peak share (``policy.schedule: balanced``), see objectives."""
SHOWN_ROUNDINGS = 10


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


def compute_scales(scenario: Scenario, extra_coverage: Iterable[float] = ()) -> Scales:
    """The scales of ``scenario``; ``extra_coverage``: more numbers added to coverage (e.g. the
    low ends of effect ranges in the Γ-robust model)."""
    scales = Scales()
    coverage_numbers: list[float] = [v for s in scenario.solutions for v in s.effects.values()]
    coverage_numbers += list(extra_coverage)
    for relation in scenario.relations:
        if relation.kind == "synergy":
            coverage_numbers.append(relation.gain)
        elif relation.kind == "neutralise":
            coverage_numbers.append(relation.loss)
    scales.coverage, ok = scale_for(coverage_numbers)
    if ok:
        # Coverage moves in steps of the numbers' common divisor: scaling by S / gcd keeps every
        # term an integer and tells the solver the objective's true granularity (its bound is
        # rounded to it, so proofs close earlier). E.g. 0.35, 0.4, 0.05: scale 20, not 100.
        step = math.gcd(scales.coverage, *(to_int(v, scales.coverage) for v in coverage_numbers))
        scales.coverage //= step
    else:
        scales.warnings.append(t("scaling.effects", decimals=MAX_DECIMALS))
    scales.weight, ok = scale_for(scenario.weight(p.id) for p in scenario.problems)
    if not ok:
        scales.warnings.append(t("scaling.weights", decimals=MAX_DECIMALS))
    for resource in scenario.resources:
        numbers = [s.demand[resource.id] for s in scenario.solutions if resource.id in s.demand]
        numbers += scenario.capacity_profile(resource.id)
        scales.resource[resource.id], ok = scale_for(numbers)
        if not ok:
            scales.warnings.append(
                t("scaling.resource", resource=resource.id, decimals=MAX_DECIMALS)
            )
    return scales


def _round(value: float, mode: str) -> float:
    step = Decimal(1).scaleb(-MAX_DECIMALS)
    return float(Decimal(repr(value)).quantize(step, rounding=mode))


def rounded(scenario: Scenario) -> tuple[Scenario, list[str]]:
    """The scenario with every number of more than ``MAX_DECIMALS`` decimals rounded (demands up,
    capacities down, effects, gains, losses and weights to the nearest), and one warning per
    number rounded (the first ``SHOWN_ROUNDINGS``, then a count). Unchanged when none is."""
    copy, notes = _rounded(scenario)
    warnings = [issue.line("fr") for issue in _rounding_issues(notes[:SHOWN_ROUNDINGS])]
    if len(notes) > SHOWN_ROUNDINGS:
        warnings.append(t("scaling.more", count=len(notes) - SHOWN_ROUNDINGS))
    return copy, warnings


def rounding_issues(scenario: Scenario) -> list[Issue]:
    """One warning per number the model will round (what ``sq-opt validate`` reports)."""
    return _rounding_issues(_rounded(scenario)[1])


def _rounding_issues(notes: list[tuple[str, float, float]]) -> list[Issue]:
    return [
        Issue(
            path,
            "rounded",
            {"got": Exact(old), "rounded": Exact(new), "decimals": MAX_DECIMALS},
        )
        for path, old, new in notes
    ]


def _rounded(scenario: Scenario) -> tuple[Scenario, list[tuple[str, float, float]]]:
    notes: list[tuple[str, float, float]] = []

    def fix(path: str, value: float, mode: str = ROUND_HALF_EVEN) -> float:
        if isinstance(value, float) and decimals(value) > MAX_DECIMALS:
            new = _round(value, mode)
            notes.append((path, value, new))
            return new
        return value

    resources = []
    for k, r in enumerate(scenario.resources):
        cap: Any = r.capacity
        if isinstance(cap, list):
            cap = [fix(f"resources[{k}].capacity[{i}]", v, ROUND_FLOOR) for i, v in enumerate(cap)]
        else:
            cap = fix(f"resources[{k}].capacity", cap, ROUND_FLOOR)
        resources.append(r if cap == r.capacity else r.model_copy(update={"capacity": cap}))
    problems = []
    for k, p in enumerate(scenario.problems):
        weight = None if p.weight is None else fix(f"problems[{k}].weight", p.weight)
        problems.append(p if weight == p.weight else p.model_copy(update={"weight": weight}))
    solutions = []
    for k, sol in enumerate(scenario.solutions):
        effects = {pid: fix(f"solutions[{k}].effects.{pid}", v) for pid, v in sol.effects.items()}
        demand = {
            rid: fix(f"solutions[{k}].demand.{rid}", v, ROUND_CEILING)
            for rid, v in sol.demand.items()
        }
        changed = effects != sol.effects or demand != sol.demand
        solutions.append(
            sol.model_copy(update={"effects": effects, "demand": demand}) if changed else sol
        )
    relations = []
    for k, rel in enumerate(scenario.relations):
        name = "gain" if rel.kind == "synergy" else "loss" if rel.kind == "neutralise" else ""
        value = getattr(rel, name, None)
        new = fix(f"relations[{k}].{name}", value) if value is not None else value
        relations.append(rel if new == value else rel.model_copy(update={name: new}))
    if not notes:
        return scenario, notes
    copy = scenario.model_copy(
        update={
            "resources": resources,
            "problems": problems,
            "solutions": solutions,
            "relations": relations,
        }
    )
    return copy, notes


def check_magnitudes(scenario: Scenario, scales: Scales) -> None:
    """Refuse (:class:`ScenarioError`, ``model_overflow``) numbers whose scaled sums would pass
    ``INT_LIMIT``: the value (weights x coverage) and each resource's demands and capacity."""
    issues = []

    def over(path: str, what: str, total: int, scale: int) -> None:
        if total > INT_LIMIT:
            digits = len(str(scale)) - 1
            params = {"what": what, "total": float(total), "decimals": digits}
            issues.append(Issue(path, "model_overflow", {**params, "limit": float(INT_LIMIT)}))

    value = sum(to_int(scenario.weight(p.id), scales.weight) for p in scenario.problems)
    over("problems", "V", value * scales.coverage, scales.value)
    balanced = scenario.policy.schedule == "balanced"
    for k, resource in enumerate(scenario.resources):
        scale = scales.resource[resource.id]
        demands = sum(
            to_int(s.demand[resource.id], scale)
            for s in scenario.solutions
            if resource.id in s.demand
        )
        capacity = max(to_int(c, scale) for c in scenario.capacity_profile(resource.id))
        factor = PEAK_RESOLUTION if balanced and resource.per == "period" else 1
        over(f"resources[{k}]", resource.id, (demands + capacity) * factor, scale)
    if issues:
        raise ScenarioError(issues)
