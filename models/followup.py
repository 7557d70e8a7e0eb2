"""The follow-up contract v1 (``shared/contract-followup.md``): the GPO cycle's record.

A :class:`FollowUp` belongs to one scenario: the meetings held, the register of adopted actions
with their latest known state, and the indicator counts observed for the problems. The models check
each item on its own (types, ``end`` after ``start``); :func:`followup_issues` checks the document
against its scenario (ids, calendar, statuses that the scenario forbids), every issue at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from typing import Literal, Self

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from models.i18n import Day
from models.issues import Issue
from models.limits import Date, NonNegative
from models.scenario import ContractModel, Horizon, Id, Scenario

EntryStatus = Literal["planned", "running", "done", "abandoned"]
ENTRY_STATUSES: tuple[EntryStatus, ...] = ("planned", "running", "done", "abandoned")
FIXED_STATUSES: frozenset[str] = frozenset({"running", "done"})
"""Statuses whose action is fixed at replanning: what happened, happened."""


class Meeting(ContractModel):
    """A GPO meeting held (history only)."""

    date: Date = Field(description="Day of the meeting.")
    note: str | None = Field(default=None, description="Free note (decisions, who attended).")


class Entry(ContractModel):
    """An action adopted at a meeting, with its latest known state."""

    solution: Id = Field(description="Solution id of the scenario (at most once in the register).")
    status: EntryStatus = Field(
        description="planned (adopted, not started), running, done or abandoned."
    )
    start: Date = Field(
        description="Agreed first day (planned) or actual first day (running, done, abandoned)."
    )
    end: Date | None = Field(
        default=None,
        description="Actual or expected last day (inclusive); default: the last day of period "
        "p(start) + duration - 1.",
    )
    agreed: Date | None = Field(
        default=None,
        description="Start agreed at the meeting that adopted it, kept when start becomes the "
        "actual date; default: start.",
    )
    spent: dict[Id, NonNegative] = Field(
        default_factory=dict,
        description="Amount of each per-horizon resource (budget pool) already consumed.",
    )
    note: str | None = Field(default=None, description="Free note (who, what happened).")

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "end_before_start",
                "end before start",
                {"start": Day(self.start), "end": Day(self.end)},
            )
        return self

    @property
    def agreed_date(self) -> dt.date:
        """The agreed start (``agreed``, or ``start`` when not given)."""
        return self.agreed or self.start


class Observation(ContractModel):
    """A count observed for a problem in the period that contains ``date``."""

    problem: Id = Field(description="Problem id of the scenario.")
    date: Date = Field(description="A day of the period the count is for.")
    value: NonNegative = Field(
        description="Count for the period (reports in the main courante, complaints, calls...)."
    )
    source: str | None = Field(default=None, description="Where the count comes from.")
    comparison: bool = Field(
        default=False,
        description="True for the series of a similar area that gets none of the actions.",
    )


class FollowUp(ContractModel):
    """The follow-up document of one scenario: meetings, register, indicators.

    The register is the field ``register`` of the document; in Python it is ``entries``
    (``register`` is taken by pydantic's base class).
    """

    model_config = ConfigDict(
        extra="forbid",
        validate_default=True,
        populate_by_name=True,
        serialize_by_alias=True,
        allow_inf_nan=False,
    )

    scenario: str | None = Field(
        default=None, description="The scenario's name (a mismatch is a warning, not an error)."
    )
    meetings: list[Meeting] = Field(
        default_factory=list, description="Meetings held, oldest first."
    )
    entries: list[Entry] = Field(
        default_factory=list,
        alias="register",
        description="Adopted actions and their latest known state.",
    )
    indicators: list[Observation] = Field(
        default_factory=list, description="Counts observed for the problems."
    )


def _unknown(path: str, code: str, ident: str, known: Iterable[str]) -> Issue:
    params: dict[str, object] = {"id": ident}
    close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.6)
    if close:
        params["suggestion"] = close[0]
    return Issue(path, code, params)


def outside_calendar(path: str, day: dt.date, horizon: Horizon) -> Issue:
    """``day`` (at ``path``) is not in the scenario's calendar, which runs from ... to ...."""
    params = {"date": Day(day), "first": Day(horizon.first_day()), "last": Day(horizon.last_day())}
    return Issue(path, "date_outside_calendar", params)


def followup_issues(followup: FollowUp, scenario: Scenario) -> list[Issue]:
    """Every way ``followup`` disagrees with ``scenario`` (the contract's input errors)."""
    horizon = scenario.horizon
    if horizon.start_date is None:
        return [Issue("", "followup_needs_start_date", {"scenario": scenario.name})]
    issues: list[Issue] = []

    def in_calendar(path: str, day: dt.date) -> None:
        if horizon.period_of(day) is None:
            issues.append(outside_calendar(path, day, horizon))

    for index, meeting in enumerate(followup.meetings):
        if meeting.date > horizon.last_day():  # a meeting may precede the calendar (the first)
            in_calendar(f"meetings[{index}].date", meeting.date)
    for earlier, later in zip(followup.meetings, followup.meetings[1:], strict=False):
        if later.date < earlier.date:
            index = followup.meetings.index(later)
            issues.append(
                Issue(f"meetings[{index}].date", "meetings_out_of_order", {"date": Day(later.date)})
            )
            break

    solutions = scenario.solution_index
    pools = {r.id for r in scenario.resources if r.per == "horizon"}
    seen: dict[str, int] = {}
    for index, entry in enumerate(followup.entries):
        path = f"register[{index}]"
        solution = solutions.get(entry.solution)
        if solution is None:
            issues.append(
                _unknown(f"{path}.solution", "unknown_solution", entry.solution, solutions)
            )
        elif entry.solution in seen:
            issues.append(
                Issue(
                    f"{path}.solution",
                    "duplicate_entry",
                    {"id": entry.solution, "first": f"register[{seen[entry.solution]}]"},
                )
            )
        else:
            seen[entry.solution] = index
        in_calendar(f"{path}.start", entry.start)
        if entry.end is not None:
            in_calendar(f"{path}.end", entry.end)
        if entry.agreed is not None:
            in_calendar(f"{path}.agreed", entry.agreed)
        if solution is not None:
            if solution.mandatory and entry.status == "abandoned":
                issues.append(
                    Issue(f"{path}.status", "mandatory_abandoned", {"id": entry.solution})
                )
            if solution.excluded and entry.status in FIXED_STATUSES:
                issues.append(
                    Issue(
                        f"{path}.status",
                        "excluded_started",
                        {"id": entry.solution, "status": entry.status},
                    )
                )
        for rid in entry.spent:
            if rid in pools:
                continue
            if rid in scenario.resource_index:
                issues.append(Issue(f"{path}.spent.{rid}", "spent_not_pool", {"id": rid}))
            else:
                issues.append(
                    _unknown(
                        f"{path}.spent.{rid}", "unknown_resource", rid, scenario.resource_index
                    )
                )

    problems = scenario.problem_index
    series: dict[tuple[str, int, bool], int] = {}
    for index, observation in enumerate(followup.indicators):
        path = f"indicators[{index}]"
        if observation.problem not in problems:
            issues.append(
                _unknown(f"{path}.problem", "unknown_problem", observation.problem, problems)
            )
        period = horizon.period_of(observation.date)
        if period is None:
            in_calendar(f"{path}.date", observation.date)
            continue
        key = (observation.problem, period, observation.comparison)
        if key in series:
            issues.append(
                Issue(
                    f"{path}.date",
                    "duplicate_observation",
                    {
                        "problem": observation.problem,
                        "period": period + 1,
                        "first": f"indicators[{series[key]}]",
                    },
                )
            )
        else:
            series[key] = index
    return issues


def followup_warnings(followup: FollowUp, scenario: Scenario) -> list[Issue]:
    """Things worth saying that are not errors (the contract: a scenario name mismatch; a variant
    of the scenario, named « <scenario> — <variant> », is the same scenario)."""
    if followup.scenario is not None and not scenario.name.startswith(followup.scenario):
        return [
            Issue(
                "scenario",
                "followup_other_scenario",
                {"followup": followup.scenario, "scenario": scenario.name},
            )
        ]
    return []
