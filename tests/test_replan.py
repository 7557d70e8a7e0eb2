"""Replanning at a date (contract-followup.md, "Replanning at date D"): one case per rule, each
failing if the rule were dropped, the input errors, and a brute-force property test (value
first, then the fewest changes)."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import Scenario, ScenarioError, Strategy
from models.followup import FollowUp
from sq_opt.check import check
from sq_opt.cycle.frame import Frame, frame_at
from sq_opt.cycle.replan import replan
from sq_opt.evaluate import evaluate
from sq_opt.plan import strategy_from_plan
from tests.factories import FAST, START, dated, day, problem, replanned, solution


def plan_of(strategy: Strategy) -> dict[str, int]:
    return {a.solution: a.start for a in strategy.actions}


def changes_of(strategy: Strategy) -> dict[str, str]:
    return {c.solution: c.change for c in strategy.changes}


def running(sid: str, period: int, **extra: Any) -> dict[str, Any]:
    return {"solution": sid, "status": "running", "start": day(period), **extra}


def planned(sid: str, period: int, **extra: Any) -> dict[str, Any]:
    return {"solution": sid, "status": "planned", "start": day(period), **extra}


# -- rule 1: done ----------------------------------------------------------------------------
def test_done_actions_are_fixed_and_count() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3}), solution("b", {"p": 0.2})], periods=3)
    strategy = replanned(scenario, [{"solution": "a", "status": "done", "start": day(0)}], 2)
    assert plan_of(strategy) == {"a": 0, "b": 2} and strategy.objective == pytest.approx(16 * 0.5)
    assert [a.status for a in strategy.actions] == ["done", None]


# -- rule 2: running -------------------------------------------------------------------------
def test_running_action_is_active_through_now_even_if_its_end_has_passed() -> None:
    sols = [
        solution("late", {"p": 0.2}, demand={"r": 4}),
        solution("new", {"p": 0.3}, demand={"r": 4}, earliest_start=2),
    ]
    scenario = dated(solutions=sols, periods=3, resources=[{"id": "r", "capacity": 4}])
    # recorded end in period 0, still running at period 2: it holds the team now
    strategy = replanned(scenario, [running("late", 0, end=day(0, 5))], 2)
    assert plan_of(strategy) == {"late": 0}
    assert strategy.actions[0].end == 3  # active through period 2


def test_running_demand_counts_only_from_now() -> None:
    sols = [
        solution("run", {"p": 0.2}, demand={"r": 4}, duration=2),
        solution("b", {"q": 0.3}, demand={"r": 4}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    scenario = dated(
        solutions=sols, problems=probs, periods=3, resources=[{"id": "r", "capacity": [0, 4, 4]}]
    )
    # over capacity in period 0 (capacity 0), which is past: not checked
    strategy = replanned(scenario, [running("run", 0)], 1)
    assert plan_of(strategy) == {"run": 0, "b": 2}


# -- rule 3: abandoned -----------------------------------------------------------------------
def test_abandoned_entry_stays_out_even_when_best() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.9}), solution("b", {"p": 0.1})], periods=2)
    strategy = replanned(scenario, [{"solution": "a", "status": "abandoned", "start": day(0)}], 0)
    assert plan_of(strategy) == {"b": 0}


# -- rule 4: free actions start from now; the agreed period of a late entry is now -------------
def test_the_past_is_closed_for_free_actions() -> None:
    sols = [solution("early", {"p": 0.5}, latest_end=1), solution("any", {"p": 0.2})]
    scenario = dated(solutions=sols, periods=3)
    strategy = replanned(scenario, [], 1)
    assert plan_of(strategy) == {"any": 1}


def test_a_late_planned_entry_is_due_now_and_kept_there() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.5})], periods=3)
    strategy = replanned(scenario, [planned("a", 0)], 1)
    assert plan_of(strategy) == {"a": 1}
    change = strategy.changes[0]
    assert (change.change, change.from_, change.to) == ("kept", dt.date(2026, 1, 19), day_(1))


def day_(period: int) -> dt.date:
    return dt.date.fromisoformat(day(period))


# -- rule 5: capacity from now on, pools charged -----------------------------------------------
def _pool_case(entry: dict[str, Any], demand: int = 400) -> Strategy:
    sols = [
        solution("old", {"p": 0.3}, demand={"b": demand}),
        solution("new", {"q": 0.2}, demand={"b": 500}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    scenario = dated(
        solutions=sols,
        problems=probs,
        periods=3,
        resources=[{"id": "b", "capacity": 1000, "per": "horizon"}],
    )
    return replanned(scenario, [{"solution": "old", "start": day(0), **entry}], 1)


def test_pool_abandoned_entry_charges_what_it_spent() -> None:
    assert "new" in plan_of(_pool_case({"status": "abandoned", "spent": {"b": 500}}))
    assert "new" not in plan_of(_pool_case({"status": "abandoned", "spent": {"b": 501}}))


def test_pool_done_entry_charges_spent_else_demand() -> None:
    assert "new" in plan_of(_pool_case({"status": "done", "spent": {"b": 450}}, demand=600))
    assert "new" not in plan_of(_pool_case({"status": "done"}, demand=600))


def test_pool_running_entry_charges_the_larger_of_demand_and_spent() -> None:
    assert "new" in plan_of(_pool_case({"status": "running", "spent": {"b": 100}}))
    assert "new" not in plan_of(_pool_case({"status": "running", "spent": {"b": 700}}))


# -- rule 6: other rules on the whole strategy; relations between fixed actions not checked ---
def test_relation_between_two_fixed_actions_is_not_checked() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    conflict = [{"kind": "conflict", "between": ["a", "b"]}]
    scenario = dated(solutions=sols, relations=conflict, periods=2)
    strategy = replanned(scenario, [running("a", 0), running("b", 0)], 1)
    assert set(plan_of(strategy)) == {"a", "b"}


def test_relation_between_fixed_and_free_action_is_checked() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    conflict = [{"kind": "conflict", "between": ["a", "b"]}]
    scenario = dated(solutions=sols, relations=conflict, periods=2)
    assert set(plan_of(replanned(scenario, [running("a", 0)], 1))) == {"a"}


def test_precedes_reads_the_recorded_span() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    rel = [{"kind": "precedes", "between": ["a", "b"]}]
    scenario = dated(solutions=sols, relations=rel, periods=4)
    strategy = replanned(scenario, [running("a", 0, end=day(2, 3))], 1)  # runs through period 2
    assert plan_of(strategy) == {"a": 0, "b": 3}


def test_windows_bind_only_free_actions() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3}, earliest_start=2)], periods=3)
    strategy = replanned(scenario, [running("a", 0)], 1)  # started before its window
    assert plan_of(strategy) == {"a": 0}


def test_policy_rules_count_fixed_actions() -> None:
    sols = [
        solution("side", {"q": 0.5}, demand={"r": 2}),
        solution("main", {"p": 0.1}, demand={"r": 1}),
        solution("main2", {"p": 0.1}, demand={"r": 1}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=4)]
    scenario = dated(
        solutions=sols,
        problems=probs,
        periods=2,
        resources=[{"id": "r", "capacity": 10}],
        policy={"min_main_share": 0.5},
    )
    # the running side action (share 0) must be balanced by main actions
    strategy = replanned(scenario, [running("side", 0)], 1)
    assert set(plan_of(strategy)) == {"side", "main", "main2"}


# -- rule 7: value first, then the fewest changes, tolerance ---------------------------------
def test_agreed_date_is_kept_rather_than_the_earliest() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=4)
    assert plan_of(replanned(scenario, [], 1)) == {"a": 1}  # tie-break: earliest
    strategy = replanned(scenario, [planned("a", 3)], 1)
    assert plan_of(strategy) == {"a": 3} and changes_of(strategy) == {"a": "kept"}


def test_value_comes_before_the_agreement() -> None:
    sols = [solution("a", {"p": 0.3}, demand={"r": 1}), solution("b", {"p": 0.4}, demand={"r": 1})]
    scenario = dated(solutions=sols, periods=2, resources=[{"id": "r", "capacity": 1}])
    strategy = replanned(scenario, [planned("a", 1), planned("b", 0)], 1)
    # b was agreed in the past: due now, and worth more than a at the same period
    assert plan_of(strategy) == {"b": 1}
    assert changes_of(strategy) == {"a": "dropped", "b": "kept"}
    reason = strategy.changes[0].reason
    assert reason is not None and reason.code == "value" and reason.taken_by == []
    assert reason.cost == pytest.approx(16 * 0.1)


def test_tolerance_keeps_an_agreement_at_a_small_loss() -> None:
    sols = [solution("a", {"p": 0.3}, demand={"r": 1}), solution("b", {"p": 0.32}, demand={"r": 1})]
    scenario = dated(solutions=sols, periods=2, resources=[{"id": "r", "capacity": 1}])
    strict = replanned(scenario, [planned("a", 1)], 1)
    assert set(plan_of(strict)) == {"b"}
    tolerant = replanned(scenario, [planned("a", 1)], 1, tolerance=0.1)
    assert set(plan_of(tolerant)) == {"a"} and changes_of(tolerant) == {"a": "kept"}
    assert tolerant.objective == pytest.approx(16 * 0.3)


def test_changes_name_every_entry_and_every_new_action() -> None:
    sols = [solution(s, {"p": 0.1}) for s in ("d", "r", "x", "k", "m", "n")]
    sols[4]["earliest_start"] = 2  # m cannot stay at its agreed period 1
    scenario = dated(solutions=sols, periods=3)
    register = [
        {"solution": "d", "status": "done", "start": day(0)},
        running("r", 0),
        {"solution": "x", "status": "abandoned", "start": day(0)},
        planned("k", 2),
        planned("m", 1),
    ]
    strategy = replanned(scenario, register, 1)
    assert changes_of(strategy) == {
        "d": "done",
        "r": "running",
        "x": "abandoned",
        "k": "kept",
        "m": "moved",
        "n": "added",
    }
    moved = strategy.changes[4]
    assert (moved.from_, moved.to, moved.entry) == (day_(1), day_(2), "register[4]")
    assert moved.reason is not None and moved.reason.code == "window"
    added = strategy.changes[5]
    assert added.from_ is None and added.to == day_(1) and added.entry is None


def test_a_dropped_action_names_the_rule_that_blocks_it() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    conflict = [{"kind": "conflict", "between": ["a", "b"]}]
    scenario = dated(solutions=sols, relations=conflict, periods=2)
    strategy = replanned(scenario, [running("a", 0), planned("b", 1)], 1)
    reason = strategy.changes[1].reason
    assert reason is not None and reason.code == "rule"
    assert {c.path for c in reason.commitments} == {"register[0].status", "relations[0]"}


def test_an_impossible_replan_names_register_entries() -> None:
    sols = [solution("a", {"p": 0.3}, demand={"r": 3}), solution("b", {"p": 0.2}, demand={"r": 3})]
    scenario = dated(solutions=sols, periods=2, resources=[{"id": "r", "capacity": 5}])
    followup = FollowUp.model_validate({"register": [running("a", 0), running("b", 0)]})
    strategy = replan(scenario, followup, day_(1), FAST)
    assert strategy.status == "infeasible" and strategy.diagnosis is not None
    paths = {c.path for c in strategy.diagnosis.commitments}
    assert {"register[0].status", "register[1].status"} <= paths


# -- input errors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entry", "path", "code"),
    [
        (
            {"solution": "zz", "status": "planned", "start": day(0)},
            "register[0].solution",
            "unknown_solution",
        ),
        (
            {"solution": "a", "status": "planned", "start": "2025-12-01"},
            "register[0].start",
            "date_outside_calendar",
        ),
        (
            {"solution": "a", "status": "planned", "start": day(3)},
            "register[0].start",
            "date_outside_calendar",
        ),
        (
            {"solution": "m", "status": "abandoned", "start": day(0)},
            "register[0].status",
            "mandatory_abandoned",
        ),
        (
            {"solution": "x", "status": "running", "start": day(0)},
            "register[0].status",
            "excluded_started",
        ),
        (
            {"solution": "a", "status": "done", "start": day(0), "spent": {"r": 3}},
            "register[0].spent.r",
            "spent_not_pool",
        ),
        (
            {"solution": "a", "status": "running", "start": day(2)},
            "register[0].start",
            "started_after_date",
        ),
        (
            {"solution": "a", "status": "done", "start": day(0), "end": day(2)},
            "register[0].end",
            "done_after_date",
        ),
    ],
)
def test_register_errors_name_their_path(entry: dict[str, Any], path: str, code: str) -> None:
    sols = [
        solution("a", {"p": 0.3}),
        solution("m", {"p": 0.1}, mandatory=True),
        solution("x", {"p": 0.1}, excluded=True),
    ]
    scenario = dated(solutions=sols, periods=3)
    followup = FollowUp.model_validate({"register": [entry]})
    with pytest.raises(ScenarioError) as err:
        replan(scenario, followup, day_(1), FAST)
    assert [(i.path, i.code) for i in err.value.issues] == [(path, code)]


def test_every_input_error_at_once() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=2)
    followup = FollowUp.model_validate(
        {
            "register": [planned("a", 0), planned("a", 1)],
            "indicators": [
                {"problem": "pp", "date": day(0), "value": 3},
                {"problem": "p", "date": day(0), "value": 3},
                {"problem": "p", "date": day(0, 3), "value": 4},
            ],
        }
    )
    with pytest.raises(ScenarioError) as err:
        replan(scenario, followup, day_(1), FAST)
    assert [(i.path, i.code) for i in err.value.issues] == [
        ("register[1].solution", "duplicate_entry"),
        ("indicators[0].problem", "unknown_problem"),
        ("indicators[2].date", "duplicate_observation"),
    ]


def test_follow_up_needs_a_calendar() -> None:
    from tests.factories import make

    scenario = make()
    with pytest.raises(ScenarioError) as err:
        replan(scenario, FollowUp(), day_(0), FAST)
    assert err.value.issues[0].code == "followup_needs_start_date"


# -- property: replan against brute force ------------------------------------------------------
def brute_force_replan(scenario: Scenario, frame: Frame) -> tuple[Fraction, int] | None:
    """(best value, fewest changes at that value) by enumerating every plan the checker accepts."""
    best: tuple[Fraction, int] | None = None
    ids = [s.id for s in scenario.solutions]
    for mask in range(1 << len(ids)):
        chosen = [sid for k, sid in enumerate(ids) if mask >> k & 1]
        ranges = [list(frame.start_range(scenario, sid)) for sid in chosen]
        for starts in itertools.product(*ranges):
            plan = dict(zip(chosen, starts, strict=True))
            strategy = strategy_from_plan(scenario, plan, status="feasible", frame=frame)
            if not check(scenario, strategy, frame).ok:
                continue
            value = evaluate(scenario, plan, frame).value
            changes = sum(plan.get(sid) != period for sid, period in frame.agreed.items())
            if best is None or (value, -changes) > (best[0], -best[1]):
                best = (value, changes)
    return best


@st.composite
def replan_cases(draw: st.DrawFn) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    periods = draw(st.integers(2, 3))
    n = draw(st.integers(1, 4))
    solutions = []
    for k in range(n):
        duration = draw(st.integers(1, periods))
        solutions.append(
            {
                "id": f"s{k}",
                "effects": {
                    f"p{draw(st.integers(0, 1))}": draw(st.sampled_from([0.1, 0.2, 0.3, 0.5]))
                },
                "demand": {"team": draw(st.integers(0, 3)), "budget": draw(st.integers(0, 4))},
                "duration": duration,
                "earliest_start": draw(st.integers(0, periods - duration)),
            }
        )
    relations = []
    if n >= 2 and draw(st.booleans()):
        a, b = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
        kind = draw(
            st.sampled_from(["conflict", "precedes", "not_concurrent", "requires", "synergy"])
        )
        relation: dict[str, Any] = {"kind": kind, "between": [f"s{a}", f"s{b}"]}
        if kind == "synergy":
            relation |= {"gain": 0.2, "problems": ["p0"]}
        relations.append(relation)
    data = {
        "name": "random",
        "horizon": {"periods": periods, "start_date": START},
        "resources": [
            {"id": "team", "capacity": [draw(st.integers(1, 5)) for _ in range(periods)]},
            {"id": "budget", "capacity": draw(st.integers(2, 8)), "per": "horizon"},
        ],
        "problems": [{"id": "p0", "priority": 1}, {"id": "p1", "priority": 3}],
        "solutions": solutions,
        "relations": relations,
    }
    now = draw(st.integers(0, periods - 1))
    register = []
    for k in range(n):
        status = draw(st.sampled_from([None, "planned", "running", "done", "abandoned"]))
        if status is None:
            continue
        start = draw(st.integers(0, now if status in ("running", "done") else periods - 1))
        entry: dict[str, Any] = {"solution": f"s{k}", "status": status, "start": day(start)}
        if status != "planned" and draw(st.booleans()):
            entry["spent"] = {"budget": draw(st.integers(0, 4))}
        register.append(entry)
    return data, register, now


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(replan_cases())
def test_replan_matches_brute_force(case: tuple[dict[str, Any], list[dict[str, Any]], int]) -> None:
    from sq_opt import parse_scenario

    data, register, now = case
    try:
        scenario = parse_scenario(data)
    except ScenarioError:
        return  # e.g. a requires / precedes pair drawn twice
    followup = FollowUp.model_validate({"register": register})
    date = day_(now)
    frame = frame_at(scenario, followup, date)
    strategy = replan(scenario, followup, date, FAST, reasons=False)
    best = brute_force_replan(scenario, frame)
    if best is None:
        assert strategy.status == "infeasible"
        return
    assert strategy.status == "optimal"
    assert check(scenario, strategy, frame).ok
    assert strategy.objective == pytest.approx(float(best[0]), abs=1e-9)
    changed = sum(c.change in ("moved", "dropped") for c in strategy.changes)
    assert changed == best[1]


def test_a_due_entry_whose_window_has_closed_is_named() -> None:
    sols = [solution("long", {"p": 0.3}, duration=3, mandatory=True)]
    scenario = dated(solutions=sols, periods=3)
    followup = FollowUp.model_validate({"register": [planned("long", 0)]})
    strategy = replan(scenario, followup, day_(1), FAST)
    assert strategy.status == "infeasible"
    assert any("register[0]" in w and "05/01/2026" in w for w in strategy.warnings)


def test_a_follow_up_of_another_scenario_is_a_warning_not_an_error() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.3})], periods=2)
    other = replan(scenario, FollowUp(scenario="Un autre secteur"), day_(0), FAST)
    assert other.status == "optimal" and any("Un autre secteur" in w for w in other.warnings)
    variant = scenario.model_copy(update={"name": f"{scenario.name} — variante"})
    same = replan(variant, FollowUp(scenario=scenario.name), day_(0), FAST)
    assert not any("écrit pour" in w for w in same.warnings)
