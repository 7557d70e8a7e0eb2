"""The scheduling form of long horizons (start variables, precedences on them, a redundant
cumulative) gives the same optima as the time-indexed form, and its plans pass the checker."""

from __future__ import annotations

import random
from typing import Any

import pytest

from models import SolveOptions
from sq_opt import parse_scenario, solve
from sq_opt.model import scheduling
from tests.factories import problem, scenario_data, solution

OPTIONS = SolveOptions(time_limit=30, workers=2)


def _project(seed: int, periods: int) -> dict[str, Any]:
    """Random jobs with durations, demands on a per-period resource with a varying profile (a
    holiday dip), a pool, precedences and a mandatory job."""
    rng = random.Random(seed)
    jobs = 10
    sols = [
        solution(
            f"s{k}",
            {f"p{k % 4}": rng.choice([0.2, 0.3, 0.5])},
            duration=rng.randint(1, 6),
            demand={"crew": rng.randint(1, 4), "budget": rng.randint(1, 3)},
            **({"mandatory": True} if k == 0 else {}),
            **({"earliest_start": 3} if k == 5 else {}),
        )
        for k in range(jobs)
    ]
    relations = [
        {"kind": "precedes", "between": [f"s{a}", f"s{b}"]}
        for a, b in [(0, 3), (3, 6), (1, 4), (4, 7), (2, 8)]
    ]
    relations.append({"kind": "not_concurrent", "between": ["s5", "s9"]})
    capacity = [4] * periods
    capacity[periods // 2 : periods // 2 + 3] = [1, 1, 2]
    return scenario_data(
        problems=[problem(f"p{k}", priority=1 + k) for k in range(4)],
        solutions=sols,
        resources=[
            {"id": "crew", "capacity": capacity},
            {"id": "budget", "capacity": 12, "per": "horizon"},
        ],
        relations=relations,
        periods=periods,
    )


@pytest.mark.parametrize("seed", range(4))
def test_long_horizon_form_keeps_the_optimum(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _project(seed, periods=26)
    long_form = solve(parse_scenario(data), OPTIONS)
    monkeypatch.setattr(scheduling, "LONG_HORIZON", 10_000)  # the time-indexed form everywhere
    short_form = solve(parse_scenario(data), OPTIONS)
    assert long_form.status == short_form.status == "optimal"
    assert long_form.objective == pytest.approx(short_form.objective)


def test_long_horizon_precedence_and_capacity_dip_hold() -> None:
    # two chained jobs that each need the whole crew: never together, b after a, not in the dip
    sols = [
        solution("a", {"p": 0.5}, duration=10, demand={"crew": 3}),
        solution("b", {"p": 0.5}, duration=10, demand={"crew": 3}),
    ]
    capacity = [3] * 30
    capacity[10:13] = [0, 0, 0]
    data = scenario_data(
        problems=[problem("p", priority=1)],
        solutions=sols,
        resources=[{"id": "crew", "capacity": capacity}],
        relations=[{"kind": "precedes", "between": ["a", "b"]}],
        periods=30,
    )
    strategy = solve(parse_scenario(data), OPTIONS)
    starts = {a.solution: a.start for a in strategy.actions}
    assert set(starts) == {"a", "b"}  # both fit: a in 0-9, b after the dip
    assert strategy.objective == pytest.approx(16.0)  # coverage 1 on a priority-1 problem
    assert starts["b"] >= starts["a"] + 10
    assert all(not (10 <= t < 13) for s in starts.values() for t in range(s, s + 10))
