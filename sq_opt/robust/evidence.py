"""The evidence table shipped with sq-opt (``evidence.yaml``): published effects by intervention
kind, the warnings of ``sq-opt validate`` and the ranges ``sq-opt suggest`` proposes.

Every row cites its sources and says what was checked; ``docs/robustness.md`` says what the
evidence does and does not support. The table is read once and validated against
:class:`models.robust.EvidenceRow`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import TypeAdapter

from models.robust import EvidenceRow
from models.scenario import Scenario

FAR_FACTOR = 1.5
"""An effect is far outside the evidence above ``FAR_FACTOR`` x its high end, or below its low
end / ``FAR_FACTOR``."""


@cache
def evidence_table() -> dict[str, EvidenceRow]:
    """The evidence table, by solution kind."""
    text = resources.files("sq_opt.robust").joinpath("evidence.yaml").read_text(encoding="utf-8")
    rows = TypeAdapter(list[EvidenceRow]).validate_python(yaml.safe_load(text))
    return {row.kind: row for row in rows}


def evidence_for(kind: str | None) -> EvidenceRow | None:
    """The row of a solution kind (None for no kind, ``other`` or an unknown kind)."""
    return None if kind is None else evidence_table().get(kind)


@dataclass(frozen=True)
class EvidenceWarning:
    """An effect far outside the evidence for its solution's kind."""

    path: str
    solution: str
    problem: str
    kind: str
    effect: float
    low: float
    high: float
    direction: Literal["above", "below"]


def evidence_warnings(scenario: Scenario) -> list[EvidenceWarning]:
    """Effects far above the evidence for their solution's kind, or a solution's main effect far
    below it (a small side effect on another problem is expected); see FAR_FACTOR."""
    found = []
    for index, solution in enumerate(scenario.solutions):
        row = evidence_for(solution.kind)
        if row is None or solution.kind is None:
            continue
        main_effect = max(solution.effects.values(), default=0.0)
        for pid, effect in solution.effects.items():
            direction: Literal["above", "below"] | None = None
            if effect > FAR_FACTOR * row.high:
                direction = "above"
            elif effect == main_effect and row.low > 0 and effect < row.low / FAR_FACTOR:
                direction = "below"
            if direction is not None:
                found.append(
                    EvidenceWarning(
                        path=f"solutions[{index}].effects.{pid}",
                        solution=solution.id,
                        problem=pid,
                        kind=solution.kind,
                        effect=effect,
                        low=row.low,
                        high=row.high,
                        direction=direction,
                    )
                )
    return found


@dataclass(frozen=True)
class Suggestion:
    """A proposed ``effects_range`` for one solution, from the evidence row of its kind."""

    solution: str
    kind: str
    ranges: dict[str, tuple[float, float]]


def suggest_ranges(
    scenario: Scenario, *, overwrite: bool = False
) -> tuple[list[Suggestion], list[str]]:
    """For every solution with a known kind: ``[min(e, low), max(e, high)]`` for each effect e
    (the user's estimate and the evidence's plausible range, both kept). Returns the suggestions
    and the ids of solutions with effects but no usable kind. Solutions that already have an
    ``effects_range`` are left alone unless ``overwrite``."""
    suggestions: list[Suggestion] = []
    skipped: list[str] = []
    for solution in scenario.solutions:
        if not solution.effects:
            continue
        row = evidence_for(solution.kind)
        if row is None or solution.kind is None:
            skipped.append(solution.id)
            continue
        if solution.effects_range and not overwrite:
            continue
        ranges = {
            pid: (round(min(effect, row.low), 3), round(max(effect, row.high), 3))
            for pid, effect in solution.effects.items()
        }
        suggestions.append(Suggestion(solution.id, solution.kind, ranges))
    return suggestions, skipped


def suggestion_variant(
    suggestions: list[Suggestion], base: str, name: str, description: str
) -> dict[str, Any]:
    """The suggestions as a variant document (``set`` changes of ``effects_range``)."""
    return {
        "variant": name,
        "base": base,
        "description": description,
        "changes": [
            {
                "kind": "set",
                "path": f"solutions.{s.solution}.effects_range",
                "value": {pid: [low, high] for pid, (low, high) in s.ranges.items()},
            }
            for s in suggestions
        ],
    }
