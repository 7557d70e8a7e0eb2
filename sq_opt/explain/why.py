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
from models.issues import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.evaluate import evaluate, exact
from sq_opt.i18n import number
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
    fr = lang == "fr"
    delta = number(e.delta_value, lang) if e.delta_value is not None else None
    approx = "" if e.proven else "≈ "

    def changes() -> str:
        parts = []
        if e.displaced:
            parts.append(("retire " if fr else "drops ") + _names(scenario, e.displaced))
        if e.added:
            parts.append(("ajoute " if fr else "adds ") + _names(scenario, e.added))
        return (" (" + " ; ".join(parts) + ")") if parts else ""

    if e.selected:
        if e.reason == "mandatory" and fr:
            head = "Retenue : obligatoire dans le scénario."
        elif e.reason == "mandatory":
            head = "Selected: mandatory in the scenario."
        else:
            head = "Retenue." if fr else "Selected."
        if e.delta_value is None:
            return head + (
                " Impossible de s'en passer : sans elle, aucun plan ne tient."
                if fr
                else " Indispensable: without it no plan holds."
            )
        lost = [
            f"{scenario.problem_index[p].label} {number(d * 100, lang, 0)} pts"
            for p, d in sorted(e.coverage_change.items(), key=lambda item: item[1])
            if d < 0
        ]
        cost = (
            f" La retirer coûte {approx}{delta} point(s) de valeur{changes()}."
            if fr
            else f" Dropping it costs {approx}{delta} point(s) of value{changes()}."
        )
        if lost:
            cost += (" Couverture perdue : " if fr else " Coverage lost: ") + ", ".join(lost) + "."
        return head + cost
    reasons = {
        "excluded": (
            "Non retenue : exclue par le scénario.",
            "Not selected: excluded by the scenario.",
        ),
        "impossible": (
            "Non retenue : aucun plan ne peut la contenir (contraintes obligatoires, relations ou fenêtre).",
            "Not selected: no plan can contain it (mandatory constraints, relations or window).",
        ),
        "worth_less": (
            "Non retenue : elle apporte moins que ce qu'elle déplace.",
            "Not selected: it brings less than what it displaces.",
        ),
    }
    if e.reason in reasons:
        head = reasons[e.reason][0 if fr else 1]
    elif e.reason == "blocked":
        parts = []
        if e.blockers:
            parts.append(
                ("en conflit avec " if fr else "in conflict with ")
                + _names(scenario, e.blockers)
                + (" (retenue)" if fr else " (selected)")
            )
        if e.missing_requirements:
            parts.append(
                ("exige " if fr else "requires ")
                + _names(scenario, e.missing_requirements)
                + (", non retenue" if fr else ", not selected")
            )
        head = ("Non retenue : " if fr else "Not selected: ") + " ; ".join(parts) + "."
    else:
        parts = []
        for o in e.overloads:
            label = f"« {scenario.resource_index[o.resource].label} »"
            if o.periods:
                periods = ", ".join(str(p) for p in o.periods)
                parts.append(f"{label} {'en période(s)' if fr else 'in period(s)'} {periods}")
            else:
                parts.append(label + (" (stock de l'horizon)" if fr else " (horizon pool)"))
        head = (
            (
                "Non retenue : avec le plan actuel elle dépasserait "
                if fr
                else "Not selected: with the current plan it would exceed "
            )
            + ", ".join(parts)
            + "."
        )
    if e.reason in ("impossible",) or e.delta_value is None:
        return head
    if e.delta_value <= 1e-9:
        return head + (
            " La forcer ne coûte rien : valeur égale, écartée au départage (moindre charge)."
            if fr
            else " Forcing it costs nothing: equal value, left out by the tie-break (least load)."
        )
    return head + (
        f" La forcer fait perdre {approx}{delta} point(s) de valeur{changes()}."
        if fr
        else f" Forcing it in loses {approx}{delta} point(s) of value{changes()}."
    )
