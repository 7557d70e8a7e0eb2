"""The checker's half of each rule pair: for every rule of ``models/rules.py``, a plan that breaks
it and the checker's rejection under that rule's name (``tests/test_rules.py`` holds the solver's
half: the rule binds). Plans are built by hand, so the checker is tested without the solver."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest

from models import Scenario, Strategy
from models.followup import FollowUp
from models.rules import HARD_RULES, VALUE_RULES
from sq_opt.check import check
from sq_opt.cycle.frame import Frame, frame_at
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.strategy_view import strategy_from_plan
from tests.factories import dated, day, make, problem, solution

ROOT = Path(__file__).resolve().parents[1]
check_module = importlib.import_module("sq_opt.check")  # the package exports the function


def rejected(scenario: Scenario, strategy: Strategy) -> set[str]:
    """The rules the checker says the strategy breaks."""
    return {v.rule for v in check(scenario, strategy).violations}


def plan_strategy(scenario: Scenario, plan: dict[str, int]) -> Strategy:
    """The strategy of ``plan`` with every figure honestly recomputed."""
    return strategy_from_plan(scenario, plan, status="feasible")


def assert_only(scenario: Scenario, bad: dict[str, int], good: dict[str, int], rule: str) -> None:
    """``bad`` is rejected under ``rule`` and nothing else; ``good`` passes."""
    assert rejected(scenario, plan_strategy(scenario, bad)) == {rule}
    assert check(scenario, plan_strategy(scenario, good)).ok


# -- schedule ---------------------------------------------------------------------------------
def test_check_schedule_rejects_start_outside_window() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.5}, earliest_start=1, latest_end=3, duration=2)],
        periods=4,
    )
    assert_only(scenario, {"a": 0}, {"a": 1}, "schedule")
    assert rejected(scenario, plan_strategy(scenario, {"a": 2})) == {"schedule"}  # ends at 4 > 3


def test_check_schedule_rejects_wrong_end() -> None:
    scenario = make(solutions=[solution("a", {"p": 0.5}, duration=2)], periods=3)
    strategy = plan_strategy(scenario, {"a": 0})
    strategy.actions[0].end = 1
    assert rejected(scenario, strategy) == {"schedule"}


# -- rule 1 -----------------------------------------------------------------------------------
def test_check_mandatory_rejects_missing_action() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.5}, mandatory=True), solution("b", {"p": 0.1})]
    )
    assert_only(scenario, {"b": 0}, {"a": 0}, "mandatory")


def test_check_excluded_rejects_selected_action() -> None:
    scenario = make(solutions=[solution("a", {"p": 0.5}, excluded=True), solution("b", {"p": 0.1})])
    assert_only(scenario, {"a": 0}, {"b": 0}, "excluded")


# -- rule 2 -----------------------------------------------------------------------------------
def test_check_capacity_rejects_overload_in_a_period() -> None:
    scenario = make(
        solutions=[
            solution("a", {"p": 0.5}, demand={"r": 5}, duration=2),
            solution("b", {"p": 0.5}, demand={"r": 5}),
        ],
        periods=3,
        resources=[{"id": "r", "capacity": [10, 9, 10]}],
    )
    assert_only(scenario, {"a": 0, "b": 1}, {"a": 0, "b": 2}, "capacity")


def test_check_capacity_rejects_overdrawn_pool() -> None:
    scenario = make(
        solutions=[
            solution("a", {"p": 0.5}, demand={"b": 600}, duration=2),
            solution("b", {"p": 0.5}, demand={"b": 500}),
        ],
        periods=2,
        resources=[{"id": "b", "capacity": 1099, "per": "horizon"}],
    )
    assert_only(scenario, {"a": 0, "b": 0}, {"a": 0}, "capacity")


# -- rule 3 -----------------------------------------------------------------------------------
def _relation(kind: str, periods: int = 1, **fields: object) -> Scenario:
    return make(
        solutions=[solution("a", {"p": 0.4}), solution("b", {"p": 0.4})],
        relations=[{"kind": kind, "between": ["a", "b"], **fields}],
        periods=periods,
    )


def test_check_conflict_rejects_both() -> None:
    assert_only(_relation("conflict"), {"a": 0, "b": 0}, {"a": 0}, "conflict")


def test_check_requires_rejects_a_without_b() -> None:
    scenario = _relation("requires")
    assert_only(scenario, {"a": 0}, {"b": 0}, "requires")
    assert check(scenario, plan_strategy(scenario, {"a": 0, "b": 0})).ok


def test_check_precedes_rejects_b_before_a_ends() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.4}, duration=2), solution("b", {"p": 0.4})],
        relations=[{"kind": "precedes", "between": ["a", "b"]}],
        periods=3,
    )
    assert_only(scenario, {"a": 0, "b": 1}, {"a": 0, "b": 2}, "precedes")


def test_check_not_concurrent_rejects_overlap() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.4}, duration=2), solution("b", {"p": 0.4})],
        relations=[{"kind": "not_concurrent", "between": ["a", "b"]}],
        periods=3,
    )
    assert_only(scenario, {"a": 0, "b": 1}, {"a": 0, "b": 2}, "not_concurrent")


# -- rules 4 to 6 -----------------------------------------------------------------------------
def test_check_min_coverage_rejects_shortfall() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.5}), solution("b", {"q": 0.3})],
        problems=[problem("p", priority=1), problem("q", priority=4, min_coverage=0.3)],
    )
    assert_only(scenario, {"a": 0}, {"a": 0, "b": 0}, "min_coverage")


def test_check_min_main_share_rejects_spending_elsewhere() -> None:
    scenario = make(
        solutions=[
            solution("main", {"p": 0.2}, demand={"r": 2}),
            solution("side", {"q": 1.0}, demand={"r": 8}),
        ],
        problems=[problem("p", priority=1), problem("q", priority=3)],
        policy={"min_main_share": 0.25},
    )
    assert_only(scenario, {"main": 0, "side": 0}, {"main": 0}, "min_main_share")


def test_check_max_problems_rejects_too_many_problems() -> None:
    scenario = make(
        solutions=[solution("a", {"p": 0.5}), solution("b", {"q": 0.5})],
        problems=[problem("p", priority=1), problem("q", priority=1)],
        policy={"max_problems": 1},
    )
    assert_only(scenario, {"a": 0, "b": 0}, {"a": 0}, "max_problems")


# -- replanning: the register ---------------------------------------------------------------------
def _frame(scenario: Scenario, register: list[dict[str, object]], at_period: int) -> Frame:
    followup = FollowUp.model_validate({"register": register})
    return frame_at(scenario, followup, dt.date.fromisoformat(day(at_period)))


def test_check_fixed_rejects_a_running_action_dropped_or_moved() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.5}, duration=2)], periods=3)
    frame = _frame(scenario, [{"solution": "a", "status": "running", "start": day(0)}], 1)
    good = strategy_from_plan(scenario, {"a": 0}, status="feasible", frame=frame)
    assert check(scenario, good, frame).ok
    dropped = strategy_from_plan(scenario, {}, status="feasible", frame=frame)
    assert rejected_in(scenario, dropped, frame) == {"fixed"}


def test_check_abandoned_rejects_a_selected_abandoned_action() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.5}), solution("b", {"p": 0.2})], periods=3)
    frame = _frame(scenario, [{"solution": "a", "status": "abandoned", "start": day(0)}], 1)
    assert check(
        scenario, strategy_from_plan(scenario, {"b": 1}, status="feasible", frame=frame), frame
    ).ok
    bad = strategy_from_plan(scenario, {"a": 1, "b": 1}, status="feasible", frame=frame)
    assert rejected_in(scenario, bad, frame) == {"abandoned"}


def test_check_schedule_rejects_a_start_in_the_closed_past() -> None:
    scenario = dated(solutions=[solution("a", {"p": 0.5})], periods=3)
    frame = _frame(scenario, [], 1)
    assert rejected_in(
        scenario, strategy_from_plan(scenario, {"a": 0}, status="feasible", frame=frame), frame
    ) == {"schedule"}
    assert check(scenario, plan_strategy(scenario, {"a": 0})).ok  # fine without the frame


def test_check_capacity_charges_the_pool_with_what_was_spent() -> None:
    scenario = dated(
        solutions=[
            solution("a", {"p": 0.5}, demand={"b": 600}),
            solution("n", {"p": 0.2}, demand={"b": 500}),
        ],
        periods=3,
        resources=[{"id": "b", "capacity": 1000, "per": "horizon"}],
    )
    # abandoned after spending 600: the pool has 400 left, too little for n (500)
    frame = _frame(
        scenario,
        [{"solution": "a", "status": "abandoned", "start": day(0), "spent": {"b": 600}}],
        1,
    )
    bad = strategy_from_plan(scenario, {"n": 1}, status="feasible", frame=frame)
    assert rejected_in(scenario, bad, frame) == {"capacity"}
    assert check(scenario, plan_strategy(scenario, {"n": 1})).ok


def rejected_in(scenario: Scenario, strategy: Strategy, frame: Frame) -> set[str]:
    return {v.rule for v in check(scenario, strategy, frame).violations}


# -- value rules: the checker recomputes, a misreported figure is rejected ------------------------
def _misreported(with_rule: Scenario, without_rule: Scenario, plan: dict[str, int]) -> set[str]:
    """Rules broken by a strategy whose figures were computed as if the rule did not exist."""
    strategy = plan_strategy(without_rule, plan)
    assert check(without_rule, strategy).ok
    return rejected(with_rule, strategy)


def test_check_synergy_counts_the_gain() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.3})]
    gain = [{"kind": "synergy", "between": ["a", "b"], "gain": 0.2}]
    with_gain, without = make(solutions=sols, relations=gain), make(solutions=sols)
    assert _misreported(with_gain, without, {"a": 0, "b": 0}) == {"reported"}
    assert check(with_gain, plan_strategy(with_gain, {"a": 0, "b": 0})).objective == pytest.approx(
        16 * 0.8
    )


def test_check_neutralise_counts_the_loss() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    loss = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.25}]
    with_loss, without = make(solutions=sols, relations=loss), make(solutions=sols)
    assert _misreported(with_loss, without, {"a": 0, "b": 0}) == {"reported"}


def test_check_synergy_when_overlap_needs_both_active() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.3})]
    overlap = [{"kind": "synergy", "between": ["a", "b"], "gain": 0.2, "when": "overlap"}]
    selected = [{"kind": "synergy", "between": ["a", "b"], "gain": 0.2}]
    scenario = make(solutions=sols, relations=overlap, periods=2)
    apart = _misreported(
        scenario, make(solutions=sols, relations=selected, periods=2), {"a": 0, "b": 1}
    )
    assert apart == {"reported"}  # a gain claimed although they never run together
    assert check(scenario, plan_strategy(scenario, {"a": 1, "b": 1})).objective == pytest.approx(
        16 * 0.8
    )


def test_check_neutralise_when_overlap_spares_actions_run_apart() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    overlap = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.25, "when": "overlap"}]
    selected = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.25}]
    scenario = make(solutions=sols, relations=overlap, periods=2)
    apart = _misreported(
        scenario, make(solutions=sols, relations=selected, periods=2), {"a": 0, "b": 1}
    )
    assert apart == {"reported"}  # a loss charged although they never run together
    assert check(scenario, plan_strategy(scenario, {"a": 0, "b": 0})).objective == pytest.approx(
        16 * 0.25
    )


def test_check_coverage_is_capped_and_floored() -> None:
    scenario = make(solutions=[solution("a", {"p": 0.8}), solution("b", {"p": 0.7})])
    strategy = plan_strategy(scenario, {"a": 0, "b": 0})
    assert strategy.problems[0].coverage == 1.0
    strategy.problems[0].coverage = 0.99
    assert rejected(scenario, strategy) == {"reported"}
    floored = make(
        solutions=[solution("a", {"p": 0.1, "q": 0.5}), solution("b", {"p": 0.1, "q": 0.1})],
        problems=[problem("p", priority=1), problem("q", priority=1)],
        relations=[{"kind": "neutralise", "between": ["a", "b"], "loss": 0.9, "problems": ["p"]}],
    )
    report = check(floored, plan_strategy(floored, {"a": 0, "b": 0}))
    assert report.ok and report.objective == pytest.approx(16 * 0.6)  # p at 0, not -0.7


# -- one rule, one name ------------------------------------------------------------------------
def _test_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


@pytest.mark.parametrize("rule", HARD_RULES + VALUE_RULES)
def test_each_rule_has_one_name_everywhere(rule: str) -> None:
    """Builder method, checker function, both tests and the docs paragraph share the rule's name."""
    assert callable(getattr(StrategyModelBuilder, f"add_{rule}", None)), f"add_{rule}"
    docs = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert f"`add_{rule}`" in docs
    assert any(
        name.startswith(f"test_{rule}") for name in _test_names(ROOT / "tests/test_rules.py")
    )
    assert any(name.startswith(f"test_check_{rule}") for name in _test_names(Path(__file__)))
    if rule in HARD_RULES:
        assert inspect.isfunction(getattr(check_module, f"check_{rule}", None)), f"check_{rule}"
        assert f"`check_{rule}`" in docs
