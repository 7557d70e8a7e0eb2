"""``adopt(scenario, strategy, date, followup) -> FollowUp``: the meeting adopts a plan.

The follow-up document for the next meeting: new actions are entered as ``planned`` at the first
day of their period, moved ones get their new date (the meeting agreed it), a late one kept to
start now gets today's period as its start and keeps the date first agreed (so the evaluation
sees the delay), dropped ones leave the register, running / done / abandoned entries stay as recorded (what happened, happened), and the
meeting is recorded. The strategy is checked first: a plan that breaks a rule is never adopted.
"""

from __future__ import annotations

import datetime as dt

from models.followup import Entry, FollowUp, Meeting
from models.i18n import Phrase
from models.issues import MESSAGES, Issue, ScenarioError
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.check import check
from sq_opt.cycle.frame import frame_at


def adopt(
    scenario: Scenario,
    strategy: Strategy,
    date: dt.date,
    followup: FollowUp | None = None,
    *,
    note: str | None = None,
) -> FollowUp:
    """The follow-up document after the meeting of ``date`` adopts ``strategy``.

    ``followup``: the document so far (none at the first meeting). Raises
    :class:`ScenarioError` when the strategy has no plan, breaks a rule of the scenario (in the
    frame of the follow-up at ``date``), or the date is outside the calendar.
    """
    followup = followup or FollowUp(scenario=scenario.name)
    if strategy.objective is None:
        raise ScenarioError(
            [Issue("status", "adopt_without_plan", {"status": strategy.status})], "stratégie"
        )
    frame = frame_at(scenario, followup, date)
    report = check(scenario, strategy, frame)
    if not report.ok and strategy.scenario and strategy.scenario != scenario.name:
        raise ScenarioError([_other_scenario(scenario, strategy)], "stratégie")
    if not report.ok:
        raise ScenarioError(
            [
                Issue(
                    f"actions ({v.rule})",
                    "adopt_violation",
                    {"rule": v.rule, "violation": v.code, "detail": v.phrase()},
                )
                for v in report.violations
            ],
            "stratégie",
        )
    horizon = scenario.horizon
    starts = {a.solution: a.start for a in strategy.actions}
    entries: list[Entry] = []
    registered: set[str] = set()
    for entry in followup.entries:
        registered.add(entry.solution)
        if entry.status != "planned":
            entries.append(entry)  # running, done, abandoned: as recorded
            continue
        new = starts.get(entry.solution)
        if new is None:
            continue  # dropped by the meeting
        day = horizon.period_start(new)
        assert day is not None
        if new == frame.agreed.get(entry.solution):
            late = horizon.period_of(entry.start) != new  # due now: it starts now, still late
            entries.append(
                entry.model_copy(update={"start": day, "agreed": entry.agreed_date})
                if late
                else entry
            )
            continue
        entries.append(entry.model_copy(update={"start": day, "agreed": day, "end": None}))
    for action in sorted(strategy.actions, key=lambda a: (a.start, a.solution)):
        if action.solution in registered:
            continue
        day = horizon.period_start(action.start)
        assert day is not None
        entries.append(Entry(solution=action.solution, status="planned", start=day))
    meetings = [m for m in followup.meetings if m.date != date]
    previous = next((m for m in followup.meetings if m.date == date), None)
    meetings.append(
        Meeting(date=date, note=note if note is not None else previous and previous.note)
    )
    meetings.sort(key=lambda m: m.date)
    return followup.model_copy(
        update={
            "scenario": followup.scenario or scenario.name,
            "entries": entries,
            "meetings": meetings,
        }
    )


def _other_scenario(scenario: Scenario, strategy: Strategy) -> Issue:
    """One clear error for a plan of another scenario (instead of one per rule it then breaks)."""
    unknown = [a.solution for a in strategy.actions if a.solution not in scenario.solution_index]
    shown = ", ".join(unknown[:3]) + (" …" if len(unknown) > 3 else "")
    detail = Phrase(MESSAGES, "adopt_unknown_actions", {"ids": shown}) if unknown else ""
    return Issue(
        "scenario",
        "adopt_other_scenario",
        {"planned_for": strategy.scenario, "scenario": scenario.name, "unknown": detail},
    )
