"""Adopting a plan at a meeting: the follow-up document for the next one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models import ScenarioError
from models.followup import FollowUp
from sq_opt.cycle.adopt import adopt
from sq_opt.plan import strategy_from_plan
from tests.factories import dated, day, replanned, solution


def on(period: int, offset: int = 0) -> dt.date:
    return dt.date.fromisoformat(day(period, offset))


def test_first_meeting_enters_every_action_as_planned() -> None:
    scenario = dated(
        solutions=[solution("a", {"p": 0.3}), solution("b", {"p": 0.2}, earliest_start=1)],
        periods=3,
    )
    strategy = replanned(scenario, [], 0)
    followup = adopt(scenario, strategy, on(0), note="Réunion de lancement")
    assert [(e.solution, e.status, e.start) for e in followup.entries] == [
        ("a", "planned", on(0)),
        ("b", "planned", on(1)),
    ]
    assert [(m.date, m.note) for m in followup.meetings] == [(on(0), "Réunion de lancement")]
    assert followup.scenario == scenario.name


def test_a_meeting_before_the_calendar_adopts_the_first_plan() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=2)
    strategy = replanned(scenario, [], 0)
    followup = adopt(scenario, strategy, on(0, -4))  # the Thursday before the first Monday
    assert followup.meetings[0].date == on(0, -4) and followup.entries[0].start == on(0)


def test_moved_dropped_fixed_and_late_entries() -> None:
    sols = [solution(s, {"p": 0.1}) for s in ("run", "gone", "late", "move", "drop")]
    sols[3]["earliest_start"] = 2
    sols[4]["excluded"] = True
    scenario = dated(solutions=sols, periods=3)
    register: list[dict[str, Any]] = [
        {"solution": "run", "status": "running", "start": day(0, 2), "agreed": day(0)},
        {"solution": "gone", "status": "abandoned", "start": day(0), "spent": {}},
        {"solution": "late", "status": "planned", "start": day(0), "note": "reporté"},
        {"solution": "move", "status": "planned", "start": day(1)},
        {"solution": "drop", "status": "planned", "start": day(1)},
    ]
    before = FollowUp.model_validate({"register": register, "meetings": [{"date": day(0)}]})
    strategy = replanned(scenario, register, 1, meetings=[{"date": day(0)}])
    after = adopt(scenario, strategy, on(1), before)
    entries = {e.solution: e for e in after.entries}
    assert set(entries) == {"run", "gone", "late", "move"}  # drop left the register
    assert entries["run"] == before.entries[0] and entries["gone"] == before.entries[1]
    assert (entries["late"].start, entries["late"].agreed, entries["late"].note) == (
        on(1),
        on(0),
        "reporté",
    )
    assert (entries["move"].start, entries["move"].agreed) == (on(2), on(2))
    assert [m.date for m in after.meetings] == [on(0), on(1)]


def test_adopting_twice_on_the_same_day_keeps_one_meeting() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=2)
    strategy = replanned(scenario, [], 0)
    once = adopt(scenario, strategy, on(0), note="première")
    twice = adopt(scenario, strategy, on(0), once)
    assert [(m.date, m.note) for m in twice.meetings] == [(on(0), "première")]
    assert twice.entries == once.entries


def test_a_plan_that_breaks_a_rule_is_not_adopted() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3}, earliest_start=1)], periods=2)
    bad = strategy_from_plan(scenario, {"a": 0}, status="feasible")
    with pytest.raises(ScenarioError) as err:
        adopt(scenario, bad, on(0))
    assert err.value.issues[0].code == "adopt_violation"
    issue = err.value.issues[0]
    assert (issue.params["rule"], issue.params["violation"]) == ("schedule", "bad_window")
    assert issue.message() == (
        "plan non conforme, il ne peut pas être adopté : « a » démarre en P1 : autorisé de P2 à P2"
    )
    assert issue.message("en") == (
        "the plan breaks a rule and cannot be adopted: 'a' starts in P1: allowed from P2 to P2"
    )
    assert err.value.describe("en").startswith("1 error(s) in strategy\n")


def test_a_strategy_without_a_plan_is_not_adopted() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=2)
    empty = strategy_from_plan(scenario, {}, status="feasible").model_copy(
        update={"status": "infeasible", "objective": None}
    )
    with pytest.raises(ScenarioError) as err:
        adopt(scenario, empty, on(0))
    assert err.value.issues[0].code == "adopt_without_plan"
