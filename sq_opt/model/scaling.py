"""Exact integer scaling of the scenario's decimal numbers for CP-SAT.

Every family of numbers that is added together (effects / gains / losses; weights; each
resource's demands and capacities) gets the smallest power of ten that makes all its members
integers; coverage numbers are then divided by their common step (it sets the objective's
granularity). Up to ``MAX_DECIMALS`` decimals the scaling is exact; beyond, numbers are rounded
and a warning is returned (the reported value is still recomputed exactly from the plan); the
warnings go into the strategy document, which is written in French (the solve has no language).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from models.scenario import Scenario
from sq_opt.evaluate import exact
from sq_opt.i18n import t

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
