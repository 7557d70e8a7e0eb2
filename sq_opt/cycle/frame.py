"""The replanning frame: what a follow-up document fixes at a date (``contract-followup.md``).

A :class:`Frame` turns the register and the replanning date into what the model, the checker and
the formulas need, in periods: the current period ``now`` (the past is closed), the actions fixed
with their recorded span (``done``, ``running``), the abandoned ones, the agreed period of each
planned entry, and the spending recorded against the horizon pools. ``Frame()`` (no register, now
= 0) is the plain contract v1: every rule reads the same with it or without it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from models.followup import FIXED_STATUSES, Entry, FollowUp, followup_issues, outside_calendar
from models.issues import Issue, ScenarioError, name_items
from models.scenario import Horizon, Scenario


@dataclass(frozen=True)
class FixedAction:
    """A ``done`` or ``running`` entry: selected, at ``start``, active through ``last``."""

    status: Literal["done", "running"]
    start: int
    last: int
    index: int  # register index, for paths such as register[3].status

    @property
    def length(self) -> int:
        return self.last - self.start + 1


@dataclass(frozen=True)
class Frame:
    """The replanning frame at period ``now`` (the empty frame is plain contract v1)."""

    now: int = 0
    date: dt.date | None = None
    fixed: dict[str, FixedAction] = field(default_factory=dict)
    abandoned: dict[str, int] = field(default_factory=dict)  # solution -> register index
    agreed: dict[str, int] = field(default_factory=dict)  # planned solution -> agreed period
    entries: dict[str, tuple[int, Entry]] = field(default_factory=dict)  # solution -> (index, e)

    @property
    def replanning(self) -> bool:
        return self.date is not None

    def length(self, scenario: Scenario, solution_id: str) -> int:
        """Periods an action is active from its start: its recorded span when fixed."""
        fixed = self.fixed.get(solution_id)
        return fixed.length if fixed else scenario.solution_index[solution_id].duration

    def start_range(self, scenario: Scenario, solution_id: str) -> range:
        """The starts allowed: the recorded one when fixed, otherwise the solution's window from
        ``now`` on (the past is closed; an abandoned action is kept out by its own rule)."""
        fixed = self.fixed.get(solution_id)
        if fixed is not None:
            return range(fixed.start, fixed.start + 1)
        window = scenario.start_range(solution_id)
        return range(max(window.start, self.now), window.stop)

    def active(self, scenario: Scenario, solution_id: str, start: int) -> range:
        """Periods in which an action starting at ``start`` is active."""
        return range(start, start + self.length(scenario, solution_id))

    def uses_capacity(self, solution_id: str, period: int) -> bool:
        """Whether the action's per-period demand counts in ``period``: never in the past (before
        ``now``), never for a done action."""
        if period < self.now:
            return False
        fixed = self.fixed.get(solution_id)
        return fixed is None or fixed.status == "running"

    def both_fixed(self, a: str, b: str) -> bool:
        """A relation between two fixed actions is not checked: what happened, happened."""
        return a in self.fixed and b in self.fixed


def meeting_period(horizon: Horizon, date: dt.date) -> int | None:
    """The current period at a meeting or replanning date: a date before the calendar starts is
    period 0 (a GPO adopts its first plan before it begins); None after the horizon's end."""
    if horizon.start_date is not None and date < horizon.start_date:
        return 0
    return horizon.period_of(date)


def frame_at(scenario: Scenario, followup: FollowUp, date: dt.date) -> Frame:
    """The frame of ``followup`` at ``date``; :class:`ScenarioError` lists every input error
    (the document's against the scenario, and the entries that contradict the date)."""
    issues = followup_issues(followup, scenario)
    horizon = scenario.horizon
    now = meeting_period(horizon, date)
    if now is None and horizon.start_date is not None:
        issues.append(outside_calendar("date", date, horizon))
    if issues:
        raise ScenarioError(name_items(issues, followup.model_dump(by_alias=True)), "suivi")
    assert now is not None
    fixed: dict[str, FixedAction] = {}
    abandoned: dict[str, int] = {}
    agreed: dict[str, int] = {}
    entries: dict[str, tuple[int, Entry]] = {}
    for index, entry in enumerate(followup.entries):
        sid = entry.solution
        entries[sid] = (index, entry)
        start = horizon.period_of(entry.start)
        assert start is not None  # followup_issues checked the calendar
        if entry.status in FIXED_STATUSES and entry.start > date:
            issues.append(
                Issue(
                    f"register[{index}].start",
                    "started_after_date",
                    {"status": entry.status, "start": entry.start, "date": date},
                )
            )
            continue
        if entry.status == "done" and entry.end is not None and entry.end > date:
            issues.append(
                Issue(f"register[{index}].end", "done_after_date", {"end": entry.end, "date": date})
            )
            continue
        if entry.status == "abandoned":
            abandoned[sid] = index
        elif entry.status == "planned":
            agreed[sid] = max(start, now)
        else:
            duration = scenario.solution_index[sid].duration
            recorded = horizon.period_of(entry.end) if entry.end is not None else None
            last = start + duration - 1 if recorded is None else recorded
            last = min(last, horizon.periods - 1)
            # a running action is active at least through now; a done one at most through now
            last = max(last, now) if entry.status == "running" else min(last, now)
            status: Literal["done", "running"] = "done" if entry.status == "done" else "running"
            fixed[sid] = FixedAction(status, start, max(last, start), index)
    if issues:
        raise ScenarioError(name_items(issues, followup.model_dump(by_alias=True)), "suivi")
    return Frame(now, date, fixed, abandoned, agreed, entries)
