"""Effective effect ranges: what robustness analysis reads for each effect of each solution.

For effect ``e = effects[p]`` of solution s, in this order:
1. ``s.effects_range[p]`` when given (contract v1.1);
2. with an uncertainty ``u`` (the caller's, else ``policy.effect_uncertainty``):
   ``[e (1 - u), min(1, e (1 + u))]``;
3. otherwise the effect is certain: ``[e, e]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.scenario import Scenario

DECIMALS = 6
"""Range ends computed from ``u`` are rounded to this many decimals (exact scaling in the model)."""


@dataclass(frozen=True)
class EffectRange:
    """The range of one effect: ``low <= nominal <= high``."""

    solution: str
    problem: str
    low: float
    nominal: float
    high: float

    @property
    def uncertain(self) -> bool:
        return self.high > self.low


def effect_ranges(scenario: Scenario, uncertainty: float | None = None) -> list[EffectRange]:
    """Every effect's range, in scenario order (solutions, then their effects)."""
    u = uncertainty if uncertainty is not None else scenario.policy.effect_uncertainty
    out = []
    for solution in scenario.solutions:
        given = solution.effects_range or {}
        for pid, effect in solution.effects.items():
            if pid in given:
                low, high = given[pid]
            elif u:
                low = round(effect * (1 - u), DECIMALS)
                high = round(min(1.0, effect * (1 + u)), DECIMALS)
            else:
                low = high = effect
            out.append(EffectRange(solution.id, pid, low, effect, high))
    return out


def with_effects(scenario: Scenario, effects: dict[tuple[str, str], float]) -> Scenario:
    """A copy of ``scenario`` whose effects are replaced where ``effects`` says (not revalidated:
    only numbers change, every reference stays as it was)."""
    if not effects:
        return scenario
    solutions = []
    for solution in scenario.solutions:
        new = {pid: effects.get((solution.id, pid), e) for pid, e in solution.effects.items()}
        solutions.append(
            solution.model_copy(update={"effects": new}) if new != solution.effects else solution
        )
    return scenario.model_copy(update={"solutions": solutions})
