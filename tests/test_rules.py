"""One pair per rule of the contract: the rule binds (changes the answer), and without it the
optimum would violate it. Each test would fail if the rule's constraint were dropped."""

from __future__ import annotations

import pytest

from models import Strategy
from tests.factories import dated, day, make, problem, replanned, scenario_data, solution, solved


def plan_of(strategy: Strategy) -> dict[str, int]:
    return {a.solution: a.start for a in strategy.actions}


# -- rule 1: mandatory / excluded ------------------------------------------------------------
def test_mandatory_binds() -> None:
    base = dict(
        solutions=[
            solution("good", {"p": 0.9}, demand={"r": 1}),
            solution("weak", {"p": 0.2}, demand={"r": 1}),
        ],
        resources=[{"id": "r", "capacity": 1}],
    )
    free = solved(make(**base))
    assert set(plan_of(free)) == {"good"}
    base["solutions"][1]["mandatory"] = True
    forced = solved(make(**base))
    assert set(plan_of(forced)) == {"weak"}
    assert forced.objective < free.objective  # type: ignore[operator]


def test_excluded_binds() -> None:
    sols = [solution("good", {"p": 0.9}), solution("weak", {"p": 0.2})]
    assert "good" in plan_of(solved(make(solutions=sols)))
    sols[0]["excluded"] = True
    strategy = solved(make(solutions=sols))
    assert "good" not in plan_of(strategy)
    assert strategy.objective == pytest.approx(16 * 0.2)


# -- rule 2: capacity ----------------------------------------------------------------------
def test_capacity_per_period_binds() -> None:
    sols = [solution("a", {"p": 0.5}, demand={"r": 6}), solution("b", {"p": 0.5}, demand={"r": 6})]
    assert len(solved(make(solutions=sols, resources=[{"id": "r", "capacity": 12}])).actions) == 2
    strategy = solved(make(solutions=sols, resources=[{"id": "r", "capacity": 11}]))
    assert len(strategy.actions) == 1


def test_capacity_profile_moves_the_action() -> None:
    sols = [solution("a", {"p": 0.5}, demand={"r": 5}), solution("b", {"p": 0.5}, demand={"r": 5})]
    strategy = solved(make(solutions=sols, periods=2, resources=[{"id": "r", "capacity": [5, 5]}]))
    assert sorted(plan_of(strategy).values()) == [0, 1]  # one per period
    strategy = solved(make(solutions=sols, periods=2, resources=[{"id": "r", "capacity": [5, 0]}]))
    assert len(strategy.actions) == 1 and plan_of(strategy) in ({"a": 0}, {"b": 0})


def test_duration_uses_capacity_in_every_active_period() -> None:
    sols = [
        solution("long", {"p": 0.5}, demand={"r": 4}, duration=2),
        solution("short", {"p": 0.4}, demand={"r": 4}),
    ]
    strategy = solved(make(solutions=sols, periods=2, resources=[{"id": "r", "capacity": 4}]))
    assert set(plan_of(strategy)) == {"long"}


def test_capacity_horizon_pool_binds() -> None:
    sols = [
        solution("a", {"p": 0.5}, demand={"b": 600}, duration=2),
        solution("b", {"p": 0.5}, demand={"b": 500}),
    ]
    pool = [{"id": "b", "capacity": 1100, "per": "horizon"}]
    assert len(solved(make(solutions=sols, periods=2, resources=pool)).actions) == 2
    pool[0]["capacity"] = 1099
    assert len(solved(make(solutions=sols, periods=2, resources=pool)).actions) == 1


# -- rule 3: relations ---------------------------------------------------------------------
def _pair(**extra: object) -> list[dict[str, object]]:
    return [solution("a", {"p": 0.4}, **extra), solution("b", {"p": 0.4}, **extra)]


def test_conflict_binds() -> None:
    assert len(solved(make(solutions=_pair())).actions) == 2
    strategy = solved(
        make(solutions=_pair(), relations=[{"kind": "conflict", "between": ["a", "b"]}])
    )
    assert len(strategy.actions) == 1


def test_requires_binds_one_way() -> None:
    sols = [solution("a", {"p": 0.4}, demand={"r": 1}), solution("b", {"q": 0.1}, demand={"r": 1})]
    probs = [problem("p", priority=1), problem("q", priority=5)]
    free = solved(make(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 1}]))
    assert set(plan_of(free)) == {"a"}
    rel = [{"kind": "requires", "between": ["a", "b"]}]
    bound = solved(
        make(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 1}], relations=rel)
    )
    assert set(plan_of(bound)) == {"b"}  # a alone is forbidden; b alone is fine


def test_precedes_binds() -> None:
    sols = [
        solution("a", {"p": 0.4}, duration=2, latest_end=2),
        solution("b", {"p": 0.4}, latest_end=2),
    ]
    assert len(solved(make(solutions=sols, periods=3)).actions) == 2
    rel = [{"kind": "precedes", "between": ["a", "b"]}]
    assert len(solved(make(solutions=sols, periods=3, relations=rel)).actions) == 1
    sols[1]["latest_end"] = 3
    strategy = solved(make(solutions=sols, periods=3, relations=rel))
    assert plan_of(strategy) == {"a": 0, "b": 2}


def test_not_concurrent_binds() -> None:
    sols = [solution("a", {"p": 0.4}, duration=2), solution("b", {"p": 0.4}, duration=2)]
    assert len(solved(make(solutions=sols, periods=3)).actions) == 2
    rel = [{"kind": "not_concurrent", "between": ["a", "b"]}]
    assert len(solved(make(solutions=sols, periods=3, relations=rel)).actions) == 1
    strategy = solved(make(solutions=sols, periods=4, relations=rel))
    starts = sorted(plan_of(strategy).values())
    assert starts == [0, 2]


def test_synergy_adds_gain_and_changes_choice() -> None:
    sols = [
        solution("a", {"p": 0.3}, demand={"r": 1}),
        solution("b", {"p": 0.3}, demand={"r": 1}),
        solution("c", {"p": 0.35}, demand={"r": 1}),
    ]
    res = [{"id": "r", "capacity": 2}]
    free = solved(make(solutions=sols, resources=res))
    assert "c" in plan_of(free) and free.objective == pytest.approx(16 * 0.65)
    rel = [{"kind": "synergy", "between": ["a", "b"], "gain": 0.2}]
    strategy = solved(make(solutions=sols, resources=res, relations=rel))
    assert set(plan_of(strategy)) == {"a", "b"} and strategy.objective == pytest.approx(16 * 0.8)


def test_enabling_measure_without_effects_counts_through_synergy() -> None:
    sols = [solution("light", {}, demand={"r": 1}), solution("a", {"p": 0.3})]
    rel = [{"kind": "synergy", "between": ["light", "a"], "gain": 0.2, "problems": ["p"]}]
    strategy = solved(make(solutions=sols, relations=rel))
    assert set(plan_of(strategy)) == {"light", "a"} and strategy.objective == pytest.approx(
        16 * 0.5
    )


def test_neutralise_subtracts_loss_and_changes_choice() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    assert len(solved(make(solutions=sols)).actions) == 2
    rel = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.25}]
    strategy = solved(make(solutions=sols, relations=rel))
    assert set(plan_of(strategy)) == {"a"} and strategy.objective == pytest.approx(16 * 0.3)


def test_synergy_when_overlap_brings_both_together() -> None:
    # earliest starts would put b in period 0, alone; the gain applies only while both run
    sols = [solution("a", {"p": 0.3}, earliest_start=1), solution("b", {"p": 0.3})]
    rel = [{"kind": "synergy", "between": ["a", "b"], "gain": 0.2, "when": "overlap"}]
    assert plan_of(solved(make(solutions=sols, periods=2))) == {"a": 1, "b": 0}
    strategy = solved(make(solutions=sols, periods=2, relations=rel))
    assert plan_of(strategy) == {"a": 1, "b": 1} and strategy.objective == pytest.approx(16 * 0.8)


def test_neutralise_when_overlap_is_avoided_by_running_apart() -> None:
    sols = [solution("a", {"p": 0.3}), solution("b", {"p": 0.2})]
    rel = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.25, "when": "overlap"}]
    together = solved(make(solutions=sols, periods=1, relations=rel))
    assert set(plan_of(together)) == {"a"}  # one period: they would overlap, b is not worth it
    apart = solved(make(solutions=sols, periods=2, relations=rel))
    assert sorted(plan_of(apart).values()) == [0, 1] and apart.objective == pytest.approx(16 * 0.5)


def test_coverage_is_capped_at_one() -> None:
    sols = [
        solution("a", {"p": 0.8}, demand={"r": 1}),
        solution("b", {"p": 0.7}, demand={"r": 1}),
        solution("c", {"q": 0.3}, demand={"r": 1}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    strategy = solved(make(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 2}]))
    # without the cap a+b (1.5) would beat a+c (0.8 + 0.3)
    assert set(plan_of(strategy)) == {"a", "c"}
    assert strategy.objective == pytest.approx(16 * 1.1)


def test_coverage_is_floored_at_zero() -> None:
    # a and b each cover their own problem; together they neutralise each other on p by more than
    # their effects there. Floored at 0, p costs nothing and both are worth taking; without the
    # floor p would go to -0.7 and taking only one would look better.
    sols = [solution("a", {"p": 0.1, "q": 0.5}), solution("b", {"p": 0.1, "r": 0.5})]
    probs = [problem("p", priority=1), problem("q", priority=1), problem("r", priority=1)]
    rel = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.9, "problems": ["p"]}]
    strategy = solved(make(solutions=sols, problems=probs, relations=rel))
    cov = {c.problem: c.coverage for c in strategy.problems}
    assert set(plan_of(strategy)) == {"a", "b"} and cov["p"] == 0
    assert strategy.objective == pytest.approx(16 * 1.0)


def test_loss_paid_by_other_effects_is_not_floored() -> None:
    # the loss (0.3) exceeds what the pair brings to p (0.2) but c's effect keeps raw(p) >= 0:
    # coverage is 0.2 + 0.4 - 0.3 exactly, not max(0, .) of a partial sum
    sols = [
        solution("a", {"p": 0.1, "q": 0.5}),
        solution("b", {"p": 0.1, "r": 0.5}),
        solution("c", {"p": 0.4}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=1), problem("r", priority=1)]
    rel = [{"kind": "neutralise", "between": ["a", "b"], "loss": 0.3, "problems": ["p"]}]
    strategy = solved(make(solutions=sols, problems=probs, relations=rel))
    cov = {c.problem: c.coverage for c in strategy.problems}
    assert set(plan_of(strategy)) == {"a", "b", "c"}
    assert cov["p"] == pytest.approx(0.3) and strategy.objective == pytest.approx(16 * 1.3)


# -- rule 4: min_coverage ------------------------------------------------------------------
def test_min_coverage_binds() -> None:
    sols = [solution("a", {"p": 0.5}, demand={"r": 1}), solution("b", {"q": 0.3}, demand={"r": 1})]
    probs = [problem("p", priority=1), problem("q", priority=4)]
    res = [{"id": "r", "capacity": 1}]
    assert set(plan_of(solved(make(solutions=sols, problems=probs, resources=res)))) == {"a"}
    probs[1]["min_coverage"] = 0.3
    assert set(plan_of(solved(make(solutions=sols, problems=probs, resources=res)))) == {"b"}
    probs[1]["min_coverage"] = 0.31
    assert solved(make(solutions=sols, problems=probs, resources=res)).status == "infeasible"


# -- rule 5: min_main_share ------------------------------------------------------------------
def test_min_main_share_binds() -> None:
    sols = [
        solution("main", {"p": 0.2}, demand={"r": 2}),
        solution("side", {"q": 1.0}, demand={"r": 8}),
    ]
    probs = [problem("p", priority=1), problem("q", priority=3)]
    free = solved(make(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 10}]))
    assert set(plan_of(free)) == {"main", "side"}  # share on main = 2 / 10 = 0.2
    strategy = solved(
        make(
            solutions=sols,
            problems=probs,
            resources=[{"id": "r", "capacity": 10}],
            policy={"min_main_share": 0.25},
        )
    )
    assert set(plan_of(strategy)) == {"main"}
    assert strategy.main_share["r"] == pytest.approx(1.0)


def test_min_main_share_uses_effect_shares_and_duration() -> None:
    sols = [
        solution("mixed", {"p": 0.3, "q": 0.1}, demand={"r": 1}, duration=2),  # m = 0.75, U = 2
        solution("side", {"q": 0.5}, demand={"r": 1}),  # m = 0, U = 1
    ]
    probs = [problem("p", priority=1), problem("q", priority=3)]
    both = dict(solutions=sols, problems=probs, periods=2, resources=[{"id": "r", "capacity": 2}])
    ok = solved(make(**both, policy={"min_main_share": 0.5}))  # 1.5 / 3 = 0.5
    assert set(plan_of(ok)) == {"mixed", "side"}
    tight = solved(make(**both, policy={"min_main_share": 0.51}))
    assert set(plan_of(tight)) == {"mixed"}


# -- rule 6: max_problems --------------------------------------------------------------------
def test_max_problems_binds() -> None:
    sols = [solution("a", {"p": 0.5}), solution("b", {"q": 0.5}), solution("c", {"p": 0.2})]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    assert len(solved(make(solutions=sols, problems=probs)).actions) == 3
    strategy = solved(make(solutions=sols, problems=probs, policy={"max_problems": 1}))
    touched = {c.problem for c in strategy.problems if c.solutions}
    assert len(touched) == 1 and strategy.objective == pytest.approx(16 * 0.7)


# -- schedule: windows -------------------------------------------------------------------------------
def test_schedule_window_limits_start() -> None:
    sols = [solution("a", {"p": 0.5}, demand={"r": 1}, earliest_start=1, latest_end=3, duration=2)]
    strategy = solved(make(solutions=sols, periods=4))
    assert plan_of(strategy) == {"a": 1}


# -- weights, main, objectives, tie-breaks ---------------------------------------------------------
def test_default_weights_follow_priority() -> None:
    probs = [problem(f"p{k}", priority=k) for k in range(1, 6)]
    sols = [solution(f"s{k}", {f"p{k}": 1.0}) for k in range(1, 6)]
    strategy = solved(make(problems=probs, solutions=sols))
    assert [c.weight for c in strategy.problems] == [16, 8, 4, 2, 1]
    assert [c.main for c in strategy.problems] == [True, True, False, False, False]
    assert strategy.main_value == pytest.approx(24)


def test_main_first_differs_from_weighted() -> None:
    sols = [
        solution("main", {"p": 0.5}, demand={"r": 1}),
        solution("side", {"q": 1.0}, demand={"r": 1}),
    ]
    probs = [problem("p", priority=2, weight=1), problem("q", priority=4, weight=10)]
    data = dict(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 1}])
    weighted = solved(make(**data))
    assert set(plan_of(weighted)) == {"side"}
    main_first = solved(make(**data, policy={"objective": "main_first"}))
    assert set(plan_of(main_first)) == {"main"} and main_first.main_value == pytest.approx(0.5)


def test_tie_break_least_resource_use_then_earliest_start() -> None:
    sols = [
        solution("heavy", {"p": 0.5}, demand={"r": 4}),
        solution("light", {"p": 0.5}, demand={"r": 1}),
        solution("other", {"q": 0.2}, demand={"r": 1}, earliest_start=0),
    ]
    probs = [problem("p", priority=1), problem("q", priority=1)]
    data = scenario_data(
        solutions=sols[:2],
        problems=probs,
        periods=3,
        resources=[{"id": "r", "capacity": 4}],
        relations=[{"kind": "conflict", "between": ["heavy", "light"]}],
    )
    strategy = solved(data)
    assert plan_of(strategy) == {"light": 0}
    data["solutions"] = sols
    strategy = solved(data)
    assert plan_of(strategy) == {"light": 0, "other": 0}


def test_exact_scaling_of_decimals() -> None:
    # 0.1 + 0.2 must reach a 0.3 target exactly, and weights with 2 decimals stay exact
    sols = [solution("a", {"p": 0.1}), solution("b", {"p": 0.2})]
    strategy = solved(make(solutions=sols, problems=[problem("p", weight=0.07, min_coverage=0.3)]))
    assert strategy.status == "optimal"
    assert strategy.objective == pytest.approx(0.07 * 0.3, abs=1e-12)


def test_min_coverage_exact_with_reduced_coverage_scale() -> None:
    # effects in steps of 0.05 give a coverage scale of 20, not 100: a 0.36 target must still
    # mean "at least 0.36", i.e. 0.4 here, never 0.35
    sols = [
        solution("a", {"p": 0.35}, demand={"r": 1}),
        solution("b", {"p": 0.05}, demand={"r": 1}),
        solution("c", {"q": 0.9}, demand={"r": 1}),
    ]
    probs = [problem("p", min_coverage=0.36), problem("q", priority=1)]
    strategy = solved(make(solutions=sols, problems=probs, resources=[{"id": "r", "capacity": 2}]))
    assert set(plan_of(strategy)) == {"a", "b"}


def test_coverage_scale_uses_the_common_step() -> None:
    from sq_opt.model.scaling import compute_scales

    sols = [solution("a", {"p": 0.35}), solution("b", {"p": 0.4}), solution("c", {"p": 0.05})]
    assert compute_scales(make(solutions=sols)).coverage == 20
    sols.append(solution("d", {"p": 0.001}))
    assert compute_scales(make(solutions=sols)).coverage == 1000


# -- replanning: the register (contract-followup.md) -------------------------------------------
def test_fixed_running_action_stays_and_uses_capacity() -> None:
    # a running action keeps its start and its capacity from now on, though a better one exists
    sols = [
        solution("weak", {"p": 0.2}, demand={"r": 5}, duration=3),
        solution("good", {"p": 0.6}, demand={"r": 5}, duration=2),
    ]
    scenario = dated(solutions=sols, periods=3, resources=[{"id": "r", "capacity": 5}])
    free = replanned(scenario, [], at_period=1)
    assert plan_of(free) == {"good": 1}
    fixed = replanned(scenario, [{"solution": "weak", "status": "running", "start": day(0)}], 1)
    assert plan_of(fixed) == {"weak": 0}  # good cannot fit beside it in periods 1-2
    assert [a.status for a in fixed.actions] == ["running"]


def test_fixed_done_action_counts_its_effect_but_no_capacity() -> None:
    sols = [
        solution("done", {"p": 0.3}, demand={"r": 5}, duration=2),
        solution("next", {"p": 0.4}, demand={"r": 5}),
    ]
    scenario = dated(solutions=sols, periods=2, resources=[{"id": "r", "capacity": 5}])
    # finished early: its expected span (periods 0-1) would still hold the resource in period 1
    strategy = replanned(scenario, [{"solution": "done", "status": "done", "start": day(0)}], 1)
    assert set(plan_of(strategy)) == {"done", "next"}
    assert strategy.objective == pytest.approx(16 * 0.7)


def test_abandoned_action_is_not_selected() -> None:
    sols = [solution("a", {"p": 0.5}), solution("b", {"p": 0.2})]
    scenario = dated(solutions=sols, periods=3)
    assert set(plan_of(replanned(scenario, [], 1))) == {"a", "b"}
    strategy = replanned(scenario, [{"solution": "a", "status": "abandoned", "start": day(0)}], 1)
    assert set(plan_of(strategy)) == {"b"}
    assert [c.change for c in strategy.changes] == ["abandoned", "added"]


def test_schedule_balanced_flattens_the_load() -> None:
    sols = [solution(s, {"p": 0.2}, demand={"r": 4}) for s in ("a", "b", "c")]
    common = dict(solutions=sols, periods=3, resources=[{"id": "r", "capacity": 12}])
    assert set(plan_of(solved(make(**common))).values()) == {0}  # earliest: all at once
    balanced = solved(make(**common, policy={"schedule": "balanced"}))
    assert sorted(plan_of(balanced).values()) == [0, 1, 2]  # one per period: peak 1/3
    assert balanced.objective == pytest.approx(16 * 0.6)
