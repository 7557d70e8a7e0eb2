"""Infeasibility diagnosis: a minimal set of the user's commitments that cannot hold together.

Every commitment (a mandatory or excluded solution, a capacity in a period or a pool, a
``min_coverage``, a relation, a policy rule) is enforced by its own literal. A single-worker,
objective-free solve under all literals as *assumptions* returns a core; deletion then shrinks it
to a minimal one (each member is needed: without it, the rest of the core is feasible). Finally,
each member is tested against the whole scenario: does dropping it alone make a plan possible?
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.issues import Lang
from models.scenario import Scenario
from models.strategy import Commitment, Diagnosis
from sq_opt.cycle.frame import Frame
from sq_opt.evaluate import PLAIN
from sq_opt.i18n import number, percent
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.variables import CommitmentKey

logger = logging.getLogger(__name__)

RELATION_WORDS = {
    "conflict": ("le conflit entre", "the conflict between"),
    "requires": ("l'exigence", "the requirement"),
    "precedes": ("l'ordre imposé entre", "the ordering between"),
    "not_concurrent": ("l'interdiction de simultanéité entre", "the ban on running together"),
    "neutralise": ("la neutralisation entre", "the neutralisation between"),
    "synergy": ("la synergie entre", "the synergy between"),
}


@dataclass
class _Feasibility:
    """Answers 'are these commitments feasible together?' on one diagnostic model."""

    builder: StrategyModelBuilder
    deadline: float
    calls: int = 0

    def __call__(self, keys: list[CommitmentKey]) -> tuple[bool | None, list[CommitmentKey]]:
        """(True: feasible, False: infeasible, None: unknown in time; the core when infeasible)."""
        self.calls += 1
        model = self.builder.model
        literals = [self.builder.commitments[k] for k in keys]
        model.clear_assumptions()
        model.add_assumptions(literals)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = max(0.01, self.deadline - time.monotonic())
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, []
        if status != cp_model.INFEASIBLE:
            return None, []
        by_index = {lit.index: key for key, lit in self.builder.commitments.items()}
        core = [
            by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index
        ]
        return False, core


def diagnose(
    scenario: Scenario,
    *,
    time_limit: float = 10.0,
    frame: Frame = PLAIN,
    keep: Mapping[str, int] | None = None,
) -> Diagnosis | None:
    """A minimal set of clashing commitments, or None when the scenario is in fact feasible.

    ``frame``: replanning (register entries are commitments too, named by their path);
    ``keep``: planned entries to keep at these periods (why an agreed action could not stay).
    """
    started = time.monotonic()
    builder = StrategyModelBuilder(scenario, diagnostic=True, frame=frame).build()
    for sid, period in (keep or {}).items():
        builder.add_keep(sid, period)
    feasible = _Feasibility(builder, started + time_limit)
    everything = list(builder.commitments)
    verdict, core = feasible(everything)
    if verdict is not False:
        return None
    core = core or everything
    minimal = True
    for key in list(core):
        if key not in core:
            continue
        trial = [k for k in core if k != key]
        verdict, smaller = feasible(trial)
        if verdict is False:
            core = [k for k in trial if not smaller or k in smaller]
        elif verdict is None:
            minimal = False
    commitments = []
    for key in core:
        alone, _ = feasible([k for k in everything if k != key])
        commitments.append(describe(scenario, key, removal_restores=alone, frame=frame))
    logger.debug("diagnosis: %d commitments, %d solves", len(core), feasible.calls)
    return Diagnosis(
        message=summary(scenario, commitments, "fr"),
        commitments=commitments,
        minimal=minimal,
        seconds=time.monotonic() - started,
    )


def _sol(scenario: Scenario, sid: str) -> str:
    return f"« {scenario.solution_index[sid].label} »"


def commitment_text(scenario: Scenario, c: Commitment, lang: Lang = "fr") -> str:
    """The commitment in plain words (French or English)."""
    fr = lang == "fr"
    if c.kind in ("mandatory", "excluded"):
        sid = c.subjects[0]
        if c.kind == "mandatory":
            return (
                f"l'action obligatoire {_sol(scenario, sid)}"
                if fr
                else f"the mandatory action {_sol(scenario, sid)}"
            )
        return (
            f"l'exclusion de {_sol(scenario, sid)}"
            if fr
            else f"the exclusion of {_sol(scenario, sid)}"
        )
    if c.kind in ("capacity", "pool"):
        resource = scenario.resource_index[c.subjects[0]]
        period = 0 if c.period is None else c.period
        amount = f"{number(resource.capacity_at(period), lang)} {resource.unit}"
        if c.kind == "pool":
            return (
                f"le stock « {resource.label} » ({amount} sur tout l'horizon)"
                if fr
                else f"the pool '{resource.label}' ({amount} over the horizon)"
            )
        return (
            f"la capacité de « {resource.label} » en période {period} ({amount})"
            if fr
            else f"the capacity of '{resource.label}' in period {period} ({amount})"
        )
    if c.kind == "min_coverage":
        problem = scenario.problem_index[c.subjects[0]]
        target = percent(problem.min_coverage, lang, 0)
        return (
            f"la cible de couverture de {target} sur « {problem.label} »"
            if fr
            else f"the coverage target of {target} on '{problem.label}'"
        )
    if c.kind == "min_main_share":
        share = percent(scenario.policy.min_main_share, lang, 0)
        return (
            f"la part minimale de {share} des moyens sur les problèmes principaux"
            if fr
            else f"the minimum share of {share} of the means on main problems"
        )
    if c.kind == "max_problems":
        limit = scenario.policy.max_problems
        return (
            f"la limite de {limit} problème(s) traité(s)"
            if fr
            else f"the limit of {limit} problem(s) treated"
        )
    if c.kind == "register":
        entry = c.path.removesuffix(".status")
        return (
            f"l'état enregistré de {_sol(scenario, c.subjects[0])} ({entry})"
            if fr
            else f"the recorded state of {_sol(scenario, c.subjects[0])} ({entry})"
        )
    if c.kind == "keep":
        entry = c.path.removesuffix(".start")
        return (
            f"le maintien de {_sol(scenario, c.subjects[0])} à la date convenue ({entry})"
            if fr
            else f"keeping {_sol(scenario, c.subjects[0])} at its agreed date ({entry})"
        )
    index = int(c.path.split("[")[1].rstrip("]"))
    relation = scenario.relations[index]
    a, b = relation.between
    words = RELATION_WORDS[relation.kind][0 if fr else 1]
    link = " et " if fr else " and "
    if relation.kind == "requires":
        text = (
            f"{words} : {_sol(scenario, a)} exige {_sol(scenario, b)}"
            if fr
            else f"{words}: {_sol(scenario, a)} requires {_sol(scenario, b)}"
        )
    elif relation.kind == "precedes":
        text = (
            f"{words} {_sol(scenario, a)} puis {_sol(scenario, b)}"
            if fr
            else f"{words} {_sol(scenario, a)} then {_sol(scenario, b)}"
        )
    else:
        text = f"{words} {_sol(scenario, a)}{link}{_sol(scenario, b)}"
    if relation.reason:
        text += f" (raison : {relation.reason})" if fr else f" (reason: {relation.reason})"
    return text


def describe(
    scenario: Scenario,
    key: CommitmentKey,
    *,
    removal_restores: bool | None,
    frame: Frame = PLAIN,
) -> Commitment:
    """The commitment behind a diagnostic key, located in the user's (or the follow-up's)
    document."""
    kind = str(key[0])
    index_of = {
        "solutions": {s.id: i for i, s in enumerate(scenario.solutions)},
        "problems": {p.id: i for i, p in enumerate(scenario.problems)},
        "resources": {r.id: i for i, r in enumerate(scenario.resources)},
    }
    subjects: list[str] = []
    period: int | None = None
    if kind in ("mandatory", "excluded"):
        sid = str(key[1])
        subjects, path = [sid], f"solutions[{index_of['solutions'][sid]}].{kind}"
    elif kind in ("capacity", "pool"):
        rid = str(key[1])
        subjects, path = [rid], f"resources[{index_of['resources'][rid]}].capacity"
        if kind == "capacity":
            period = int(key[2])
            if isinstance(scenario.resource_index[rid].capacity, list):
                path += f"[{period}]"
    elif kind == "min_coverage":
        pid = str(key[1])
        subjects, path = [pid], f"problems[{index_of['problems'][pid]}].min_coverage"
    elif kind == "relation":
        k = int(key[1])
        subjects, path = list(scenario.relations[k].between), f"relations[{k}]"
    elif kind in ("register", "keep"):
        index = int(key[1])
        sid = next(s for s, (i, _) in frame.entries.items() if i == index)
        field = "status" if kind == "register" else "start"
        subjects, path = [sid], f"register[{index}].{field}"
        if kind == "keep":
            period = int(key[2])
    else:
        path = f"policy.{kind}"
    commitment = Commitment(
        kind=kind,
        path=path,
        subjects=subjects,
        period=period,
        message="",
        removal_restores_feasibility=removal_restores,
    )
    commitment.message = commitment_text(scenario, commitment, "fr")
    return commitment


def summary(scenario: Scenario, commitments: list[Commitment], lang: Lang = "fr") -> str:
    """One paragraph: what clashes, and what dropping one of them does."""
    items = [commitment_text(scenario, c, lang) for c in commitments]
    every = all(c.removal_restores_feasibility for c in commitments)
    if lang == "fr":
        head = (
            f"Impossible : {items[0]} ne peut pas être tenu(e)."
            if len(items) == 1
            else "Impossible : ces engagements ne peuvent pas être tenus ensemble : "
            + " ; ".join(items)
            + "."
        )
        tail = (
            " Retirer l'un quelconque d'entre eux rend le plan possible."
            if every
            else " Retirer l'un d'eux lève ce blocage, mais d'autres engagements restent incompatibles."
        )
        return head + (
            tail if len(items) > 1 else (" Le retirer rend le plan possible." if every else "")
        )
    head = (
        f"Infeasible: {items[0]} cannot be met."
        if len(items) == 1
        else "Infeasible: these commitments cannot all hold: " + "; ".join(items) + "."
    )
    tail = (
        " Dropping any one of them makes a plan possible."
        if every
        else " Dropping one of them lifts this clash, but other commitments still conflict."
    )
    return head + (
        tail if len(items) > 1 else (" Dropping it makes a plan possible." if every else "")
    )
