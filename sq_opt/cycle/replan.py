"""``replan(scenario, followup, date, options) -> Strategy``: the plan of the next meeting.

Exactly ``contract-followup.md`` ("Replanning at date D"): done and running entries are fixed
(their recorded span), abandoned ones are out, the past is closed, the pools are charged with
what was spent; the value comes first, then the fewest changes to what was agreed (within
``tolerance`` x V* of the value when asked), then the usual tie-breaks. The strategy carries one
:class:`Change` per register entry and per newly selected solution, and, for each agreed action
that moved or was dropped, why it could not stay (re-solves that keep it as agreed).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Mapping

from models.followup import FollowUp, followup_warnings
from models.i18n import Lang
from models.issues import Issue, ScenarioError
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Change, ChangeReason, Strategy
from sq_opt.cycle.frame import Frame, frame_at
from sq_opt.i18n import date as date_text
from sq_opt.i18n import t
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.solve import ProgressCallback, solve_built

REASON_SHARE = 0.5
"""Share of the time limit given to finding why agreed actions moved or were dropped."""


def replan(
    scenario: Scenario,
    followup: FollowUp,
    date: dt.date,
    options: SolveOptions | None = None,
    *,
    tolerance: float = 0.0,
    reasons: bool = True,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Strategy:
    """Replan ``scenario`` at ``date`` given what ``followup`` records (checked, with changes).

    ``tolerance`` (τ >= 0): keep more of what was agreed at a loss of value of at most τ·V*.
    ``reasons``: say why each moved / dropped agreed action could not stay (extra solves).
    Raises :class:`ScenarioError` (every issue, with its path) when the follow-up document
    disagrees with the scenario or with the date.
    """
    started = time.monotonic()
    options = options or SolveOptions()
    if not 0 <= tolerance <= 1:
        raise ScenarioError([Issue("tolerance", "tolerance_range", {"got": tolerance})], "options")
    frame = frame_at(scenario, followup, date)
    builder = StrategyModelBuilder(scenario, frame=frame).build()
    builder.add_hint(agreed_plan(scenario, frame))
    strategy = solve_built(
        builder,
        options,
        on_progress=on_progress,
        cancel=cancel,
        started=started,
        tolerance=tolerance,
    )
    strategy.replanned_at = date
    strategy.warnings += [w.message() for w in followup_warnings(followup, scenario)]
    strategy.warnings += closed_windows(scenario, frame)
    if strategy.objective is None:
        return strategy
    strategy.changes = list_changes(scenario, frame, strategy)
    if reasons:
        deadline = time.monotonic() + REASON_SHARE * options.time_limit
        explain_changes(scenario, frame, strategy, options, deadline)
    return strategy


def closed_windows(scenario: Scenario, frame: Frame, lang: Lang = "fr") -> list[str]:
    """Notes on planned entries that can no longer start (their window is over): most often an
    action that began but was not recorded as started, which makes a mandatory one impossible."""
    notes = []
    for sid in frame.agreed:
        if len(frame.start_range(scenario, sid)) == 0:
            index, entry = frame.entries[sid]
            notes.append(
                t(
                    "cycle.window_closed",
                    lang,
                    action=scenario.solution_index[sid].label,
                    entry=f"register[{index}]",
                    date=date_text(entry.start, lang),
                )
            )
    return notes


def agreed_plan(scenario: Scenario, frame: Frame) -> dict[str, int]:
    """What was agreed, as a plan: fixed actions at their start, planned ones at their agreed
    period where their window still allows it (the replan's warm start)."""
    plan = {sid: fixed.start for sid, fixed in frame.fixed.items()}
    for sid, period in frame.agreed.items():
        if period in frame.start_range(scenario, sid) and not scenario.solution_index[sid].excluded:
            plan[sid] = period
    return plan


def list_changes(scenario: Scenario, frame: Frame, strategy: Strategy) -> list[Change]:
    """One change per register entry (register order), then one per newly selected solution."""
    horizon = scenario.horizon
    starts = {a.solution: a.start for a in strategy.actions}

    def day(period: int | None) -> dt.date | None:
        return None if period is None else horizon.period_start(period)

    changes: list[Change] = []
    for sid, (index, entry) in sorted(frame.entries.items(), key=lambda item: item[1][0]):
        title = scenario.solution_index[sid].title
        agreed_period = horizon.period_of(entry.agreed_date)
        if entry.status == "planned":
            agreed_period = frame.agreed[sid]
            new = starts.get(sid)
            kind = "dropped" if new is None else "kept" if new == agreed_period else "moved"
        else:
            kind = entry.status
            new = starts.get(sid)
        changes.append(
            Change(
                solution=sid,
                change=kind,
                from_=day(agreed_period),
                to=day(new),
                title=title,
                entry=f"register[{index}]",
            )
        )
    for action in strategy.actions:
        if action.solution not in frame.entries:
            changes.append(
                Change(
                    solution=action.solution,
                    change="added",
                    to=day(action.start),
                    title=action.title,
                )
            )
    return changes


def explain_changes(
    scenario: Scenario,
    frame: Frame,
    strategy: Strategy,
    options: SolveOptions,
    deadline: float,
) -> None:
    """Fill ``reason`` for every moved or dropped agreed action (until ``deadline``)."""
    assert strategy.objective is not None
    starts = {a.solution: a.start for a in strategy.actions}
    kept = {c.solution for c in strategy.changes if c.change == "kept"}
    for change in strategy.changes:
        if change.change not in ("moved", "dropped"):
            continue
        sid = change.solution
        period = frame.agreed[sid]
        if scenario.solution_index[sid].excluded:
            change.reason = ChangeReason(code="excluded")
            continue
        if period not in frame.start_range(scenario, sid):
            change.reason = ChangeReason(code="window")
            continue
        budget = deadline - time.monotonic()
        if budget <= 0.05:
            change.reason = ChangeReason(code="undetermined")
            continue
        change.reason = _why_not_kept(
            scenario, frame, strategy, starts, kept, sid, period, options, budget
        )


def _why_not_kept(
    scenario: Scenario,
    frame: Frame,
    strategy: Strategy,
    starts: Mapping[str, int],
    kept: set[str],
    sid: str,
    period: int,
    options: SolveOptions,
    budget: float,
) -> ChangeReason:
    """Re-solve with the entry kept as agreed: impossible (which commitments), costly (how much,
    and who took its means), or a trade with another agreed action."""
    builder = StrategyModelBuilder(scenario, frame=frame).build()
    builder.add_keep(sid, period)
    builder.add_hint({**starts, sid: period})
    trial_options = options.model_copy(
        update={"time_limit": budget, "tie_breaks": False, "diagnose": False}
    )
    trial = solve_built(builder, trial_options)
    if trial.status == "infeasible":
        from sq_opt.explain.diagnosis import diagnose

        diagnosis = diagnose(scenario, time_limit=budget, frame=frame, keep={sid: period})
        commitments = [] if diagnosis is None else diagnosis.commitments
        return ChangeReason(code="rule", commitments=[c for c in commitments if c.kind != "keep"])
    if trial.objective is None:
        return ChangeReason(code="undetermined")
    assert strategy.objective is not None
    cost = round(strategy.objective - trial.objective, 9)
    if cost > 1e-9:
        return ChangeReason(
            code="value", cost=cost, taken_by=_taken_by(scenario, frame, strategy, sid, period)
        )
    trial_starts = {a.solution: a.start for a in trial.actions}
    traded = [k for k in sorted(kept) if trial_starts.get(k) != frame.agreed[k]]
    return ChangeReason(code="trade", taken_by=traded)


def _taken_by(
    scenario: Scenario, frame: Frame, strategy: Strategy, sid: str, period: int
) -> list[str]:
    """Actions of the new plan, other than kept agreements, active in the agreed periods and
    drawing on a resource the entry needs."""
    needs = set(scenario.solution_index[sid].demand)
    span = set(range(period, period + scenario.solution_index[sid].duration))
    unchanged = {c.solution for c in strategy.changes if c.change in ("kept", "done")}
    out = []
    for action in strategy.actions:
        other = action.solution
        if other == sid or other in unchanged:
            continue
        if needs & set(scenario.solution_index[other].demand) and span & set(
            range(action.start, action.end)
        ):
            out.append(other)
    return out
