"""The capacity sum: each per-period resource's rows summed on the selection literals (redundant,
exact; docs/model.md, rule 2)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from sq_opt import parse_scenario
from sq_opt.model.builder import StrategyModelBuilder
from tests.factories import brute_force, problem, scenario_data, solution, solved


def _three_periods(periods: int = 3) -> dict[str, Any]:
    # capacity 2 in each period; durations 2, 1, 3, 1: periods of capacity used 2, 1, 3, 1
    return scenario_data(
        periods=periods,
        resources=[{"id": "r", "capacity": 2}],
        problems=[problem(f"p{k}", priority=1) for k in range(4)],
        solutions=[
            solution("a", {"p0": 0.5}, demand={"r": 1}, duration=min(2, periods)),
            solution("b", {"p1": 0.5}, demand={"r": 2}),
            solution("c", {"p2": 0.5}, demand={"r": 1}, duration=periods),
            solution("d", {"p3": 0.5}, demand={"r": 1}, earliest_start=periods - 1),
        ],
    )


def _sums(builder: StrategyModelBuilder) -> list[dict[int, int]]:
    """The linear rows on selection literals only with the whole horizon's capacity."""
    x = {var.index for var in builder.vars.x.values()}
    out = []
    for c in builder.model.proto.constraints:
        if c.has_linear() and set(c.linear.vars) <= x and list(c.linear.domain)[-1] == 6:
            out.append(dict(zip(c.linear.vars, c.linear.coeffs, strict=True)))
    return out


def test_the_model_holds_the_sum_of_the_period_rows() -> None:
    builder = StrategyModelBuilder(parse_scenario(_three_periods())).build()
    index = {sid: var.index for sid, var in builder.vars.x.items()}
    scale = builder.scales.resource["r"]
    assert _sums(builder) == [
        {index["a"]: 2 * scale, index["b"]: 2 * scale, index["c"]: 3 * scale, index["d"]: scale}
    ]  # demand x periods used, against 3 periods x capacity 2


def test_no_sum_in_diagnosis_nor_with_one_period() -> None:
    diagnostic = StrategyModelBuilder(parse_scenario(_three_periods()), diagnostic=True).build()
    assert _sums(diagnostic) == []  # a relaxed row would not imply it
    one = StrategyModelBuilder(parse_scenario(_three_periods(periods=1))).build()
    assert not [
        c for c in one.model.proto.constraints if c.has_linear() and len(c.linear.vars) == 4
    ][1:]  # the period's row only


@pytest.mark.parametrize("seed", range(10))
def test_random_multi_period_scenarios_keep_their_optimum(seed: int) -> None:
    rng = random.Random(seed)
    periods = rng.randint(2, 4)
    solutions = []
    for k in range(6):
        duration = rng.randint(1, periods)
        extra: dict[str, Any] = {"duration": duration} if duration > 1 else {}
        if rng.random() < 0.3:
            extra["earliest_start"] = rng.randint(0, periods - duration)
        solutions.append(
            solution(
                f"s{k}",
                {f"p{k % 3}": rng.choice([0.25, 0.5, 0.75])},
                demand={rng.choice(["r", "q"]): rng.randint(1, 4)},
                **extra,
            )
        )
    data = scenario_data(
        periods=periods,
        resources=[
            {"id": "r", "capacity": [rng.randint(2, 5) for _ in range(periods)]},
            {"id": "q", "capacity": rng.randint(2, 5)},
        ],
        problems=[problem(f"p{k}", priority=rng.randint(1, 5)) for k in range(3)],
        solutions=solutions,
    )
    scenario = parse_scenario(data)
    strategy = solved(scenario)  # the plan passes the independent checker
    best = brute_force(scenario)
    assert best is not None and strategy.status == "optimal"
    assert strategy.objective == pytest.approx(float(best[0]))


def test_no_sum_beyond_the_size_of_a_circonscription(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sq_opt.model.scheduling.CAPACITY_SUM_SOLUTIONS", 3)  # 4 solutions here
    builder = StrategyModelBuilder(parse_scenario(_three_periods())).build()
    assert _sums(builder) == []
