"""The warm start of a model: a plan hinted as a complete assignment of the model's variables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from sq_opt.model.builder import StrategyModelBuilder


def add_hint(builder: StrategyModelBuilder, plan: Mapping[str, int]) -> None:
    """Hint a plan (selection and starts) to the solver, as a complete assignment: the pair,
    coverage and auxiliary variables get the values the plan implies, so that CP-SAT can
    take a feasible plan as its first solution at once instead of having to complete it."""
    builder.model.clear_hints()  # type: ignore[no-untyped-call]
    values: dict[int, int] = {}

    def hint(var: cp_model.IntVar, value: int) -> None:
        if var.index not in values:  # a coverage can be a pair literal itself (scale 1)
            builder.model.add_hint(var, value)
            values[var.index] = value

    for sid, starts in builder.vars.y.items():
        chosen = plan.get(sid)
        hint(builder.vars.x[sid], int(chosen is not None))
        for t, var in starts.items():
            if var is not builder.vars.x[sid]:
                hint(var, int(chosen == t))
    for k, z in builder.vars.pair.items():
        relation = builder.scenario.relations[k]
        a, b = relation.between
        common = _plan_overlap(builder, plan, a, b)
        for t, w in builder.vars.overlap.get(k, []):
            hint(w, int(t in common))
        applies = a in plan and b in plan
        if getattr(relation, "when", "selected") == "overlap":
            applies = applies and bool(common)
        hint(z, int(applies))
    for problem in builder.scenario.problems:
        pid, terms = problem.id, builder.raw_terms(problem.id)
        raw = sum(c * values[var.index] for c, var in terms)
        coverage = builder.vars.coverage[pid]
        if isinstance(coverage, cp_model.IntVar):
            hint(coverage, min(builder.scales.coverage, max(0, raw)))
        if pid in builder.vars.nonneg:
            hint(builder.vars.nonneg[pid], int(raw >= 0))
    reached = {pid for sid in plan for pid in builder.scenario.solution_index[sid].effects}
    for pid, touched in builder.vars.touched.items():
        hint(touched, int(pid in reached))
    for sid, start in builder.vars.start.items():
        hint(start, plan.get(sid, min(builder.vars.y[sid])))


def _plan_overlap(
    builder: StrategyModelBuilder, plan: Mapping[str, int], a: str, b: str
) -> set[int]:
    """Periods in which a plan has both a and b active."""
    if a not in plan or b not in plan:
        return set()
    span_a = range(plan[a], plan[a] + builder.frame.length(builder.scenario, a))
    return set(span_a) & set(range(plan[b], plan[b] + builder.frame.length(builder.scenario, b)))
