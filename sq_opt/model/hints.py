"""A plan as a complete hint: every variable of the model gets the value the plan implies."""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from models.scenario import Scenario
from sq_opt.cycle.frame import Frame
from sq_opt.model.scaling import Scales
from sq_opt.model.variables import ModelVariables


def complete_hint(
    model: cp_model.CpModel,
    variables: ModelVariables,
    scenario: Scenario,
    frame: Frame,
    scales: Scales,
    raw_terms: Mapping[str, list[tuple[int, cp_model.IntVar]]],
    plan: Mapping[str, int],
) -> None:
    """Hint a plan (selection and starts) to the solver, as a complete assignment: the pair,
    coverage and auxiliary variables get the values the plan implies, so that CP-SAT can take a
    feasible plan as its first solution at once instead of having to complete it."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    values: dict[int, int] = {}

    def hint(var: cp_model.IntVar, value: int) -> None:
        if var.index not in values:  # a coverage can be a pair literal itself (scale 1)
            model.add_hint(var, value)
            values[var.index] = value

    def active(sid: str) -> set[int]:
        return set(range(plan[sid], plan[sid] + frame.length(scenario, sid)))

    for sid, starts in variables.y.items():
        chosen = plan.get(sid)
        hint(variables.x[sid], int(chosen is not None))
        for t, var in starts.items():
            if var is not variables.x[sid]:
                hint(var, int(chosen == t))
    for k, z in variables.pair.items():
        relation = scenario.relations[k]
        a, b = relation.between
        common = active(a) & active(b) if a in plan and b in plan else set()
        for t, w in variables.overlap.get(k, []):
            hint(w, int(t in common))
        applies = a in plan and b in plan
        if getattr(relation, "when", "selected") == "overlap":
            applies = applies and bool(common)
        hint(z, int(applies))
    for pid, terms in raw_terms.items():
        raw = sum(c * values[var.index] for c, var in terms)
        coverage = variables.coverage[pid]
        if isinstance(coverage, cp_model.IntVar):
            hint(coverage, min(scales.coverage, max(0, raw)))
        if pid in variables.nonneg:
            hint(variables.nonneg[pid], int(raw >= 0))
    reached = {pid for sid in plan for pid in scenario.solution_index[sid].effects}
    for pid, touched in variables.touched.items():
        hint(touched, int(pid in reached))
    for sid, start in variables.start.items():
        hint(start, plan.get(sid, min(variables.y[sid])))
