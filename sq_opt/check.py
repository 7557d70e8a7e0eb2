"""The independent plan checker: feasibility and value from the contract's formulas, no solver.

``check(scenario, strategy)`` reads the plan out of the strategy (its actions), verifies every hard
rule of the contract with exact rational arithmetic, recomputes the value and compares it, and
every figure the strategy reports, with what the plan really gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from models.i18n import Catalogue, Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.evaluate import Evaluation, evaluate, exact

TOLERANCE = 1e-6

_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_solution": (
        "l'action « {solution} » ne correspond à aucune solution du scénario",
        "action '{solution}' matches no solution of the scenario",
    ),
    "duplicate_action": (
        "la solution « {solution} » est planifiée deux fois",
        "solution '{solution}' is planned twice",
    ),
    "bad_window": (
        "« {solution} » démarre en période {start} : autorisé de {first} à {last}",
        "'{solution}' starts in period {start}: allowed from {first} to {last}",
    ),
    "bad_end": (
        "« {solution} » : fin {end} ≠ début {start} + durée {duration}",
        "'{solution}': end {end} != start {start} + duration {duration}",
    ),
    "mandatory": (
        "la solution obligatoire « {solution} » n'est pas retenue",
        "mandatory solution '{solution}' is not selected",
    ),
    "excluded": (
        "la solution exclue « {solution} » est retenue",
        "excluded solution '{solution}' is selected",
    ),
    "capacity": (
        "ressource « {resource} », période {period} : {used} utilisé(s) pour une capacité de {capacity}",
        "resource '{resource}', period {period}: {used} used for a capacity of {capacity}",
    ),
    "capacity_pool": (
        "ressource « {resource} » (stock de l'horizon) : {used} utilisé(s) pour une capacité de {capacity}",
        "resource '{resource}' (horizon pool): {used} used for a capacity of {capacity}",
    ),
    "conflict": (
        "« {a} » et « {b} » sont en conflit et tous deux retenus",
        "'{a}' and '{b}' conflict and are both selected",
    ),
    "precedes": (
        "« {a} » doit finir avant le début de « {b} » (fin {end_a}, début {start_b})",
        "'{a}' must end before '{b}' starts (end {end_a}, start {start_b})",
    ),
    "not_concurrent": (
        "« {a} » et « {b} » sont actives ensemble en période {period}",
        "'{a}' and '{b}' are both active in period {period}",
    ),
    "requires": (
        "« {a} » exige « {b} », qui n'est pas retenue",
        "'{a}' requires '{b}', which is not selected",
    ),
    "min_coverage": (
        "problème « {problem} » : couverture {coverage} sous la cible {target}",
        "problem '{problem}': coverage {coverage} below target {target}",
    ),
    "min_main_share": (
        "ressource « {resource} » : part sur les problèmes principaux {share} < {alpha}",
        "resource '{resource}': share on main problems {share} < {alpha}",
    ),
    "max_problems": (
        "{count} problèmes reçoivent un effet, au plus {limit} autorisés",
        "{count} problems receive an effect, at most {limit} allowed",
    ),
    "reported": (
        "valeur annoncée « {field} » = {reported}, recalculée = {actual}",
        "reported '{field}' = {reported}, recomputed = {actual}",
    ),
    "plan_without_status": (
        "un plan est fourni alors que le statut est « {status} »",
        "a plan is given although the status is '{status}'",
    ),
}
_CATALOGUE = Catalogue(_MESSAGES)


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``rule`` names the contract rule, ``params`` the items involved."""

    rule: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang = "fr") -> str:
        return _CATALOGUE.t(self.code, lang, **self.params)

    def as_dict(self, lang: Lang = "fr") -> dict[str, Any]:
        return {"rule": self.rule, "code": self.code, "message": self.message(lang), **self.params}


@dataclass
class CheckReport:
    """The checker's verdict: violations (empty when the plan is valid) and recomputed values."""

    violations: list[Violation] = field(default_factory=list)
    objective: float | None = None
    main_value: float | None = None

    @property
    def ok(self) -> bool:
        return not self.violations


def _fmt(value: Fraction | float) -> str:
    return f"{float(value):.6g}"


def check(scenario: Scenario, strategy: Strategy) -> CheckReport:
    """Verify ``strategy`` against ``scenario`` without any solver."""
    report = CheckReport()
    v = report.violations
    if strategy.status in ("infeasible", "unknown"):
        if strategy.actions:
            v.append(Violation("plan", "plan_without_status", {"status": strategy.status}))
        return report
    plan = _plan_of(scenario, strategy, v)
    _check_selection(scenario, plan, v)
    ev = evaluate(scenario, plan)
    _check_capacity(scenario, ev, v)
    _check_relations(scenario, plan, v)
    _check_policy(scenario, ev, v)
    report.objective = float(ev.value)
    report.main_value = float(ev.main_value)
    _check_reported(scenario, strategy, ev, v)
    return report


def _plan_of(scenario: Scenario, strategy: Strategy, v: list[Violation]) -> dict[str, int]:
    plan: dict[str, int] = {}
    for action in strategy.actions:
        sid = action.solution
        solution = scenario.solution_index.get(sid)
        if solution is None:
            v.append(Violation("plan", "unknown_solution", {"solution": sid}))
            continue
        if sid in plan:
            v.append(Violation("plan", "duplicate_action", {"solution": sid}))
            continue
        allowed = scenario.start_range(sid)
        if action.start not in allowed:
            v.append(
                Violation(
                    "plan",
                    "bad_window",
                    {
                        "solution": sid,
                        "start": action.start,
                        "first": allowed.start,
                        "last": allowed.stop - 1,
                    },
                )
            )
        if action.end != action.start + solution.duration:
            v.append(
                Violation(
                    "plan",
                    "bad_end",
                    {
                        "solution": sid,
                        "start": action.start,
                        "end": action.end,
                        "duration": solution.duration,
                    },
                )
            )
        plan[sid] = action.start
    return plan


def _check_selection(scenario: Scenario, plan: dict[str, int], v: list[Violation]) -> None:
    for solution in scenario.solutions:
        if solution.mandatory and solution.id not in plan:
            v.append(Violation("mandatory", "mandatory", {"solution": solution.id}))
        if solution.excluded and solution.id in plan:
            v.append(Violation("excluded", "excluded", {"solution": solution.id}))


def _check_capacity(scenario: Scenario, ev: Evaluation, v: list[Violation]) -> None:
    for resource in scenario.resources:
        for t, used in enumerate(ev.used[resource.id]):
            capacity = exact(resource.capacity_at(t))
            if used > capacity:
                code = "capacity_pool" if resource.per == "horizon" else "capacity"
                v.append(
                    Violation(
                        "capacity",
                        code,
                        {
                            "resource": resource.id,
                            "period": t,
                            "used": _fmt(used),
                            "capacity": _fmt(capacity),
                        },
                    )
                )


def _check_relations(scenario: Scenario, plan: dict[str, int], v: list[Violation]) -> None:
    for relation in scenario.relations:
        a, b = relation.between
        both = a in plan and b in plan
        if relation.kind == "conflict" and both:
            v.append(Violation("conflict", "conflict", {"a": a, "b": b}))
        elif relation.kind == "requires" and a in plan and b not in plan:
            v.append(Violation("requires", "requires", {"a": a, "b": b}))
        elif relation.kind == "precedes" and both:
            end_a = plan[a] + scenario.solution_index[a].duration
            if plan[b] < end_a:
                v.append(
                    Violation(
                        "precedes", "precedes", {"a": a, "b": b, "end_a": end_a, "start_b": plan[b]}
                    )
                )
        elif relation.kind == "not_concurrent" and both:
            active_a = set(range(plan[a], plan[a] + scenario.solution_index[a].duration))
            active_b = set(range(plan[b], plan[b] + scenario.solution_index[b].duration))
            for period in sorted(active_a & active_b):
                v.append(
                    Violation(
                        "not_concurrent", "not_concurrent", {"a": a, "b": b, "period": period}
                    )
                )


def _check_policy(scenario: Scenario, ev: Evaluation, v: list[Violation]) -> None:
    for problem in scenario.problems:
        if problem.min_coverage is not None and ev.coverage[problem.id] < exact(
            problem.min_coverage
        ):
            v.append(
                Violation(
                    "min_coverage",
                    "min_coverage",
                    {
                        "problem": problem.id,
                        "coverage": _fmt(ev.coverage[problem.id]),
                        "target": _fmt(problem.min_coverage),
                    },
                )
            )
    alpha = scenario.policy.min_main_share
    if alpha:
        for resource in scenario.resources:
            share = ev.main_share[resource.id]  # None when the resource is unused
            if share is not None and share < exact(alpha):
                v.append(
                    Violation(
                        "min_main_share",
                        "min_main_share",
                        {"resource": resource.id, "share": _fmt(share), "alpha": _fmt(alpha)},
                    )
                )
    limit = scenario.policy.max_problems
    if limit is not None and len(ev.touched) > limit:
        v.append(
            Violation("max_problems", "max_problems", {"count": len(ev.touched), "limit": limit})
        )


def _close(reported: float | None, actual: float | None) -> bool:
    if reported is None or actual is None:
        return reported is actual
    return abs(reported - actual) <= TOLERANCE * max(1.0, abs(actual))


def _check_reported(
    scenario: Scenario, strategy: Strategy, ev: Evaluation, v: list[Violation]
) -> None:
    def compare(name: str, reported: float | None, actual: float | None) -> None:
        if not _close(reported, actual):
            v.append(
                Violation(
                    "reported",
                    "reported",
                    {
                        "field": name,
                        "reported": reported,
                        "actual": None if actual is None else _fmt(actual),
                    },
                )
            )

    compare("objective", strategy.objective, float(ev.value))
    compare("main_value", strategy.main_value, float(ev.main_value))
    for coverage in strategy.problems:
        actual = ev.coverage.get(coverage.problem)
        compare(
            f"problems.{coverage.problem}.coverage",
            coverage.coverage,
            None if actual is None else float(actual),
        )
    for use in strategy.resources:
        used = ev.used.get(use.resource)
        if used is None or len(used) != len(use.used):
            compare(f"resources.{use.resource}.used", float(len(use.used)), None)
            continue
        for t, (reported, actual) in enumerate(zip(use.used, used, strict=True)):
            compare(f"resources.{use.resource}.used[{t}]", reported, float(actual))
    for rid, share in strategy.main_share.items():
        actual_share = ev.main_share.get(rid)
        compare(f"main_share.{rid}", share, None if actual_share is None else float(actual_share))
