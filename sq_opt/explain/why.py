"""Why / why not: for each solution, what forcing it in (or leaving it out) really costs.

Each figure is the difference between the base optimum and a re-solve of a modified copy of the
scenario (the solution made mandatory, or excluded), warm-started from the base plan. The
structural reasons (a conflict with a selected solution, a missing requirement, a resource the
solution would overload given the plan as it stands) are read directly from the base plan.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from models.explanation import Explanation, Overload, SolutionExplanation
from models.i18n import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.evaluate import evaluate, exact
from sq_opt.i18n import number, period, t
from sq_opt.solve import solve
from sq_opt.variants import with_solution_flags


def _resolve_options(options: SolveOptions | None) -> SolveOptions:
    base = options or SolveOptions()
    return base.model_copy(update={"tie_breaks": False, "diagnose": False})


def explain_solutions(
    scenario: Scenario,
    solution_ids: Sequence[str] | None = None,
    options: SolveOptions | None = None,
    *,
    base: Strategy | None = None,
) -> Explanation:
    """Explain ``solution_ids`` (default: all) against ``base`` (default: the optimum)."""
    started = time.monotonic()
    options = options or SolveOptions()
    base = base or solve(scenario, options)
    if base.objective is None:
        raise ValueError("no base strategy to explain (the scenario is infeasible or unsolved)")
    unknown = [sid for sid in solution_ids or [] if sid not in scenario.solution_index]
    if unknown:
        from models.issues import Issue, ScenarioError

        raise ScenarioError(
            [Issue("--solution", "unknown_solution", {"id": sid}) for sid in unknown]
        )
    plan = {a.solution: a.start for a in base.actions}
    resolve_options = _resolve_options(options)
    explanations = [
        _explain_one(scenario, base, plan, sid, resolve_options)
        for sid in (solution_ids or [s.id for s in scenario.solutions])
    ]
    return Explanation(
        scenario=scenario.name,
        base_value=base.objective,
        base_status=base.status,
        solutions=explanations,
        seconds=time.monotonic() - started,
    )


def _explain_one(
    scenario: Scenario, base: Strategy, plan: dict[str, int], sid: str, options: SolveOptions
) -> SolutionExplanation:
    solution = scenario.solution_index[sid]
    selected = sid in plan
    if selected:
        variant = with_solution_flags(scenario, sid, mandatory=False, excluded=True)
        hint = {k: v for k, v in plan.items() if k != sid}
    else:
        variant = with_solution_flags(scenario, sid, mandatory=True, excluded=False)
        hint = {**plan, sid: scenario.start_range(sid).start}
    other = solve(variant, options, hint=hint)
    out = SolutionExplanation(solution=sid, title=solution.title, selected=selected, reason="cost")
    if other.objective is not None:
        assert base.objective is not None and base.main_value is not None
        out.delta_value = round(base.objective - other.objective, 9)
        out.delta_main_value = round(base.main_value - (other.main_value or 0.0), 9)
        out.proven = base.status == "optimal" and other.status == "optimal"
        other_plan = {a.solution for a in other.actions}
        out.displaced = [k for k in plan if k not in other_plan and k != sid]
        out.added = [k for k in other_plan if k not in plan and k != sid]
        base_cov = {c.problem: c.coverage for c in base.problems}
        out.coverage_change = {
            c.problem: round(c.coverage - base_cov[c.problem], 9)
            for c in other.problems
            if abs(c.coverage - base_cov[c.problem]) > 1e-12
        }
    if selected:
        out.reason = "mandatory" if solution.mandatory else "cost"
    else:
        out.blockers = _blockers(scenario, plan, sid)
        out.missing_requirements = [
            r.between[1]
            for r in scenario.relations
            if r.kind == "requires" and r.between[0] == sid and r.between[1] not in plan
        ]
        out.overloads = _overloads(scenario, plan, sid)
        if solution.excluded:
            out.reason = "excluded"
        elif other.objective is None:
            out.reason = "impossible"
        elif out.blockers or out.missing_requirements:
            out.reason = "blocked"
        elif out.overloads:
            out.reason = "capacity"
        else:
            out.reason = "worth_less"
    out.message = explanation_text(scenario, out, "fr")
    return out


def _blockers(scenario: Scenario, plan: dict[str, int], sid: str) -> list[str]:
    """Selected solutions in conflict with ``sid`` (requirements are reported separately)."""
    out = []
    for relation in scenario.relations:
        if relation.kind != "conflict" or sid not in relation.between:
            continue
        other = relation.between[1] if relation.between[0] == sid else relation.between[0]
        if other in plan:
            out.append(other)
    return out


def _overloads(scenario: Scenario, plan: dict[str, int], sid: str) -> list[Overload]:
    """Resources ``sid`` would overload at its least bad start, the rest of the plan unchanged."""
    best: list[Overload] | None = None
    for start in scenario.start_range(sid):
        ev = evaluate(scenario, {**plan, sid: start})
        overloads = []
        for resource in scenario.resources:
            used = ev.used[resource.id]
            periods = [t for t, u in enumerate(used) if u > exact(resource.capacity_at(t))]
            if periods:
                overloads.append(
                    Overload(
                        resource=resource.id, periods=[] if resource.per == "horizon" else periods
                    )
                )
        if best is None or sum(len(o.periods) or 1 for o in overloads) < sum(
            len(o.periods) or 1 for o in best
        ):
            best = overloads
    return best or []


def _names(scenario: Scenario, ids: Sequence[str]) -> str:
    return ", ".join(f"« {scenario.solution_index[i].label} »" for i in ids)


def explanation_text(scenario: Scenario, e: SolutionExplanation, lang: Lang = "fr") -> str:
    """One or two sentences explaining ``e``."""
    delta = number(e.delta_value, lang) if e.delta_value is not None else None
    approx = "" if e.proven else "≈ "

    def changes() -> str:
        parts = []
        if e.displaced:
            parts.append(t("why.drops", lang, names=_names(scenario, e.displaced)))
        if e.added:
            parts.append(t("why.adds", lang, names=_names(scenario, e.added)))
        return (" (" + " ; ".join(parts) + ")") if parts else ""

    if e.selected:
        head = t("why.head_mandatory" if e.reason == "mandatory" else "why.head_selected", lang)
        if e.delta_value is None:
            return head + t("why.indispensable", lang)
        lost = [
            f"{scenario.problem_index[p].label} {number(d * 100, lang, 0)} pts"
            for p, d in sorted(e.coverage_change.items(), key=lambda item: item[1])
            if d < 0
        ]
        cost = t("why.drop_cost", lang, approx=approx, delta=delta, changes=changes())
        if lost:
            cost += t("why.coverage_lost", lang, items=", ".join(lost))
        return head + cost
    if e.reason in ("excluded", "impossible", "worth_less"):
        head = t(f"why.head_{e.reason}", lang)
    elif e.reason == "blocked":
        parts = []
        if e.blockers:
            parts.append(t("why.in_conflict", lang, names=_names(scenario, e.blockers)))
        if e.missing_requirements:
            parts.append(t("why.requires", lang, names=_names(scenario, e.missing_requirements)))
        head = t("why.head_blocked", lang, reasons=" ; ".join(parts))
    else:
        parts = []
        for o in e.overloads:
            label = f"« {scenario.resource_index[o.resource].label} »"
            if o.periods:
                periods = ", ".join(period(p, lang) for p in o.periods)
                parts.append(t("why.overload_periods", lang, resource=label, periods=periods))
            else:
                parts.append(t("why.overload_pool", lang, resource=label))
        head = t("why.head_capacity", lang, resources=", ".join(parts))
    if e.reason in ("impossible",) or e.delta_value is None:
        return head
    if e.delta_value <= 1e-9:
        return head + t("why.free", lang)
    return head + t("why.force_cost", lang, approx=approx, delta=delta, changes=changes())
