"""Infeasibility diagnosis: a minimal set of the user's commitments that cannot hold together.

Every commitment (a mandatory or excluded solution, a capacity in a period or a pool, a
``min_coverage``, a relation, a policy rule) is enforced by its own literal. A single-worker,
objective-free solve under all literals as *assumptions* returns a core; deletion then shrinks it
to a minimal one (each member is needed: without it, the rest of the core is feasible). Finally,
each member is tested against the whole scenario: does dropping it alone make a plan possible?

Every solve shares one deadline, and none starts after it: a diagnosis cut short keeps the core
it has (``minimal`` False, and its message says so) and leaves the tests it could not run
undecided (``removal_restores_feasibility`` None).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Commitment, Diagnosis
from sq_opt.budget import current as current_budget
from sq_opt.cycle.frame import Frame
from sq_opt.evaluate import PLAIN
from sq_opt.i18n import number, percent, period_dates, t
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.variables import CommitmentKey

logger = logging.getLogger(__name__)

# No solve starts with less time than this before the deadline.
MIN_CALL_SECONDS = 0.01


@dataclass
class _Feasibility:
    """Answers 'are these commitments feasible together?' on one diagnostic model."""

    builder: StrategyModelBuilder
    deadline: float
    calls: int = 0

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def __call__(self, keys: list[CommitmentKey]) -> tuple[bool | None, list[CommitmentKey]]:
        """(True: feasible, False: infeasible, None: unknown in time; the core when infeasible)."""
        # the diagnosis's own deadline, or the request's time is up (or it was cancelled)
        if self.left() < MIN_CALL_SECONDS or current_budget().spent():
            return None, []
        self.calls += 1
        model = self.builder.model
        literals = [self.builder.commitments[k] for k in keys]
        model.clear_assumptions()
        model.add_assumptions(literals)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = min(self.left(), current_budget().remaining())
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
    message = summary(scenario, commitments, "fr")
    if not minimal:
        message += " " + t("diagnosis.not_minimal", "fr")
    return Diagnosis(
        message=message,
        commitments=commitments,
        minimal=minimal,
        seconds=time.monotonic() - started,
    )


def _sol(scenario: Scenario, sid: str) -> str:
    return f"« {scenario.solution_index[sid].label} »"


def commitment_text(scenario: Scenario, c: Commitment, lang: Lang = "fr") -> str:
    """The commitment in plain words (French or English)."""
    if c.kind in ("mandatory", "excluded"):
        return t(f"commitment.{c.kind}", lang, solution=_sol(scenario, c.subjects[0]))
    if c.kind in ("capacity", "pool"):
        resource = scenario.resource_index[c.subjects[0]]
        index = 0 if c.period is None else c.period
        amount = f"{number(resource.capacity_at(index), lang)} {resource.unit}"
        return t(
            f"commitment.{c.kind}",
            lang,
            resource=resource.label,
            period=period_dates(scenario.horizon, index, lang),
            amount=amount,
        )
    if c.kind == "min_coverage":
        problem = scenario.problem_index[c.subjects[0]]
        target = percent(problem.min_coverage, lang, 0)
        return t("commitment.min_coverage", lang, target=target, problem=problem.label)
    if c.kind == "min_main_share":
        share = percent(scenario.policy.min_main_share, lang, 0)
        return t("commitment.min_main_share", lang, share=share)
    if c.kind == "max_problems":
        return t("commitment.max_problems", lang, limit=scenario.policy.max_problems)
    if c.kind in ("register", "keep"):
        entry = c.path.rsplit(".", 1)[0]
        return t(f"commitment.{c.kind}", lang, solution=_sol(scenario, c.subjects[0]), entry=entry)
    index = int(c.path.split("[")[1].rstrip("]"))
    relation = scenario.relations[index]
    a, b = relation.between
    form = relation.kind if relation.kind in ("requires", "precedes") else "pair"
    text = t(
        f"commitment.{form}",
        lang,
        words=t(f"commitment.relation.{relation.kind}", lang),
        a=_sol(scenario, a),
        b=_sol(scenario, b),
    )
    if relation.reason:
        text += t("commitment.reason", lang, reason=relation.reason)
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
    if len(items) == 1:
        head = t("diagnosis.one", lang, item=items[0])
    else:
        head = t("diagnosis.many", lang, items=t("diagnosis.separator", lang).join(items))
    if len(items) > 1:
        return head + t("diagnosis.drop_any" if every else "diagnosis.drop_not_enough", lang)
    return head + (t("diagnosis.drop_it", lang) if every else "")
