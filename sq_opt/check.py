"""The independent plan checker: feasibility and value from the contract's formulas, no solver.

``check(scenario, strategy)`` reads the plan out of the strategy (its actions), verifies every hard
rule of the contract (one ``check_<rule>`` per name of ``models/rules.py``) with exact rational
arithmetic, recomputes the value and compares it, and
every figure the strategy reports, with what the plan really gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from models.i18n import Catalogue, Lang, Phrase
from models.scenario import Relation, Scenario
from models.strategy import Strategy
from sq_opt.cycle.frame import Frame
from sq_opt.evaluate import PLAIN, Evaluation, Plan, active_periods, evaluate, exact

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
        "« {solution} » démarre en P{start} : autorisé de P{first} à P{last}",
        "'{solution}' starts in P{start}: allowed from P{first} to P{last}",
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
        "ressource « {resource} », P{period} : {used} utilisé(s) pour une capacité de {capacity}",
        "resource '{resource}', P{period}: {used} used for a capacity of {capacity}",
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
        "« {a} » doit finir avant le début de « {b} » (« {a} » jusqu'en P{end_a}, « {b} » dès P{start_b})",
        "'{a}' must end before '{b}' starts ('{a}' until P{end_a}, '{b}' from P{start_b})",
    ),
    "not_concurrent": (
        "« {a} » et « {b} » sont actives ensemble en P{period}",
        "'{a}' and '{b}' are both active in P{period}",
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
    "fixed": (
        "« {solution} » ({entry}, {status}) doit rester retenue à sa date enregistrée",
        "'{solution}' ({entry}, {status}) must stay selected at its recorded start",
    ),
    "abandoned": (
        "« {solution} » ({entry}) est abandonnée mais retenue",
        "'{solution}' ({entry}) is abandoned but selected",
    ),
    "plan_without_status": (
        "un plan est fourni alors que le statut est « {status} »",
        "a plan is given although the status is '{status}'",
    ),
}
_CATALOGUE = Catalogue(_MESSAGES)
_PERIODS = frozenset({"start", "first", "last", "period", "start_b"})
"""Params that are a period of the contract (from 0); ``end_a`` is exclusive, so the same number
is the last period counted from 1. ``bad_end`` speaks of the strategy's own fields (unchanged)."""


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``rule`` names the contract rule, ``params`` the items involved."""

    rule: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def phrase(self) -> Phrase:
        """The message, to be said later in any language (an issue quoting this violation);
        periods as people count them (P1 for the contract's period 0)."""
        shift = self.code != "bad_end"
        shown = {
            k: v + 1 if shift and k in _PERIODS and isinstance(v, int) else v
            for k, v in self.params.items()
        }
        return Phrase(_CATALOGUE, self.code, shown)

    def message(self, lang: Lang = "fr") -> str:
        return self.phrase().text(lang)

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


def check(scenario: Scenario, strategy: Strategy, frame: Frame = PLAIN) -> CheckReport:
    """Verify ``strategy`` against ``scenario`` without any solver.

    ``frame``: a replanned strategy's frame (:func:`sq_opt.cycle.frame.frame_at`): fixed and
    abandoned register entries, the closed past, spent pools (``contract-followup.md``).
    """
    report = CheckReport()
    v = report.violations
    if strategy.status in ("infeasible", "unknown"):
        if strategy.actions:
            v.append(Violation("plan", "plan_without_status", {"status": strategy.status}))
        return report
    plan = _plan_of(strategy, scenario, v)
    check_schedule(scenario, strategy, v, frame)
    check_mandatory(scenario, plan, v)
    check_excluded(scenario, plan, v)
    check_fixed(scenario, plan, v, frame)
    check_abandoned(scenario, plan, v, frame)
    ev = evaluate(scenario, plan, frame)
    check_capacity(scenario, ev, v, frame)
    for relation in scenario.relations:
        if not frame.both_fixed(*relation.between):  # what happened, happened
            rule_check = RELATION_CHECKS.get(relation.kind, _value_only)
            rule_check(scenario, plan, relation, v, frame)
    check_min_coverage(scenario, ev, v)
    check_min_main_share(scenario, ev, v)
    check_max_problems(scenario, ev, v)
    report.objective = float(ev.value)
    report.main_value = float(ev.main_value)
    check_reported(scenario, strategy, ev, v)
    return report


def _plan_of(strategy: Strategy, scenario: Scenario, v: list[Violation]) -> dict[str, int]:
    """The plan of the strategy's actions: unknown solutions and repeated actions are refused."""
    plan: dict[str, int] = {}
    for action in strategy.actions:
        sid = action.solution
        if sid not in scenario.solution_index:
            v.append(Violation("plan", "unknown_solution", {"solution": sid}))
        elif sid in plan:
            v.append(Violation("plan", "duplicate_action", {"solution": sid}))
        else:
            plan[sid] = action.start
    return plan


def check_schedule(
    scenario: Scenario, strategy: Strategy, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Each action starts inside its window (from ``now`` on when replanning; a fixed action at
    its recorded start) and ends ``duration`` periods later (a fixed action: its recorded end)."""
    seen: set[str] = set()
    for action in strategy.actions:
        sid = action.solution
        solution = scenario.solution_index.get(sid)
        if solution is None or sid in seen:
            continue
        seen.add(sid)
        allowed = frame.start_range(scenario, sid)
        if action.start not in allowed:
            v.append(
                Violation(
                    "schedule",
                    "bad_window",
                    {
                        "solution": sid,
                        "start": action.start,
                        "first": allowed.start,
                        "last": max(allowed.start, allowed.stop - 1),
                    },
                )
            )
        length = frame.length(scenario, sid)
        if action.end != action.start + length:
            v.append(
                Violation(
                    "schedule",
                    "bad_end",
                    {
                        "solution": sid,
                        "start": action.start,
                        "end": action.end,
                        "duration": length,
                    },
                )
            )


def check_mandatory(scenario: Scenario, plan: Plan, v: list[Violation]) -> None:
    """Rule 1: every mandatory solution is selected."""
    for solution in scenario.solutions:
        if solution.mandatory and solution.id not in plan:
            v.append(Violation("mandatory", "mandatory", {"solution": solution.id}))


def check_excluded(scenario: Scenario, plan: Plan, v: list[Violation]) -> None:
    """Rule 1: no excluded solution is selected."""
    for solution in scenario.solutions:
        if solution.excluded and solution.id in plan:
            v.append(Violation("excluded", "excluded", {"solution": solution.id}))


def check_capacity(
    scenario: Scenario, ev: Evaluation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Rule 2: use within capacity in every period (from ``now`` on: the past is not checked),
    and within each horizon pool (charged with what the register recorded)."""
    for resource in scenario.resources:
        for t, used in enumerate(ev.used[resource.id]):
            if resource.per == "period" and t < frame.now:
                continue
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


def check_conflict(
    scenario: Scenario, plan: Plan, relation: Relation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Rule 3: never both ends of a conflict."""
    a, b = relation.between
    if a in plan and b in plan:
        v.append(Violation("conflict", "conflict", {"a": a, "b": b}))


def check_requires(
    scenario: Scenario, plan: Plan, relation: Relation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Rule 3: a only with b."""
    a, b = relation.between
    if a in plan and b not in plan:
        v.append(Violation("requires", "requires", {"a": a, "b": b}))


def check_precedes(
    scenario: Scenario, plan: Plan, relation: Relation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Rule 3: a ends before b starts (a fixed action: its recorded span)."""
    a, b = relation.between
    if a not in plan or b not in plan:
        return
    end_a = plan[a] + frame.length(scenario, a)
    if plan[b] < end_a:
        v.append(
            Violation("precedes", "precedes", {"a": a, "b": b, "end_a": end_a, "start_b": plan[b]})
        )


def check_not_concurrent(
    scenario: Scenario, plan: Plan, relation: Relation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Rule 3: no period in which both are active (a fixed action: its recorded span)."""
    a, b = relation.between
    if a not in plan or b not in plan:
        return
    active_a = set(active_periods(scenario, a, plan[a], frame))
    active_b = set(active_periods(scenario, b, plan[b], frame))
    for period in sorted(active_a & active_b):
        v.append(Violation("not_concurrent", "not_concurrent", {"a": a, "b": b, "period": period}))


def _value_only(
    scenario: Scenario, plan: Plan, relation: Relation, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Synergies and neutralisations change the value only (see ``check_reported``)."""


RELATION_CHECKS: dict[str, Callable[[Scenario, Plan, Relation, list[Violation], Frame], None]] = {
    "conflict": check_conflict,
    "requires": check_requires,
    "precedes": check_precedes,
    "not_concurrent": check_not_concurrent,
}


def check_fixed(scenario: Scenario, plan: Plan, v: list[Violation], frame: Frame = PLAIN) -> None:
    """Replanning: every done or running entry is selected at its recorded start."""
    for sid, fixed in frame.fixed.items():
        if plan.get(sid) != fixed.start:
            v.append(
                Violation(
                    "fixed",
                    "fixed",
                    {"solution": sid, "status": fixed.status, "entry": f"register[{fixed.index}]"},
                )
            )


def check_abandoned(
    scenario: Scenario, plan: Plan, v: list[Violation], frame: Frame = PLAIN
) -> None:
    """Replanning: no abandoned entry is selected."""
    for sid, index in frame.abandoned.items():
        if sid in plan:
            v.append(
                Violation(
                    "abandoned", "abandoned", {"solution": sid, "entry": f"register[{index}]"}
                )
            )


def check_min_coverage(scenario: Scenario, ev: Evaluation, v: list[Violation]) -> None:
    """Rule 4: every problem's coverage reaches its ``min_coverage``."""
    for problem in scenario.problems:
        target = problem.min_coverage
        if target is not None and ev.coverage[problem.id] < exact(target):
            v.append(
                Violation(
                    "min_coverage",
                    "min_coverage",
                    {
                        "problem": problem.id,
                        "coverage": _fmt(ev.coverage[problem.id]),
                        "target": _fmt(target),
                    },
                )
            )


def check_min_main_share(scenario: Scenario, ev: Evaluation, v: list[Violation]) -> None:
    """Rule 5: every used resource spends at least ``min_main_share`` on main problems."""
    alpha = scenario.policy.min_main_share
    if not alpha:
        return
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


def check_max_problems(scenario: Scenario, ev: Evaluation, v: list[Violation]) -> None:
    """Rule 6: at most ``max_problems`` problems get a direct effect."""
    limit = scenario.policy.max_problems
    if limit is not None and len(ev.touched) > limit:
        v.append(
            Violation("max_problems", "max_problems", {"count": len(ev.touched), "limit": limit})
        )


def _close(reported: float | None, actual: float | None) -> bool:
    if reported is None or actual is None:
        return reported is actual
    return abs(reported - actual) <= TOLERANCE * max(1.0, abs(actual))


def check_reported(
    scenario: Scenario, strategy: Strategy, ev: Evaluation, v: list[Violation]
) -> None:
    """Every figure the strategy reports (value, coverage, use, shares) equals the recomputed one:
    this is where the value rules (synergy, neutralise, coverage) are checked."""

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
