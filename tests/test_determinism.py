"""The same scenario and options give the same plan, whatever the load, the workers or the hint.

Several solves run at once (processes and threads on a machine with few CPUs: a loaded server)
must return byte-identical strategies, timings aside. Nothing here asserts on time.
"""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.generator import generate
from models import Scenario, SolveOptions, Strategy
from sq_opt import load_scenario, parse_scenario, solve
from sq_opt.greedy import greedy_construct

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = SolveOptions(time_limit=60)


def _scenario(name: str) -> Scenario:
    if name.endswith(".yaml"):
        return load_scenario(ROOT / "scenarios" / name)
    tier, seed = name.split("-")
    return parse_scenario(generate(tier, int(seed)))


def _canonical_bytes(strategy: Strategy) -> bytes:
    """The strategy as a user sees it, without the timings (solve_seconds, solver stages)."""
    return strategy.model_dump_json(exclude={"solve_seconds", "solver"}).encode()


def _solve_bytes(name: str, workers: int | None = None) -> tuple[bytes, bool | None]:
    options = OPTIONS.model_copy(update={"workers": workers})
    strategy = solve(_scenario(name), options)
    assert strategy.status == "optimal"
    return _canonical_bytes(strategy), strategy.solver.canonical if strategy.solver else None


# digne-centre: 7 plans tie on value and tie-breaks; sector-5: a 50-solution generated sector
@pytest.mark.parametrize("name", ["digne-centre.yaml", "sector-5"])
def test_same_plan_from_concurrent_processes(name: str) -> None:
    workers = [None, 1, 2, 8, None, 3]
    with ProcessPoolExecutor(max_workers=len(workers)) as pool:
        results = list(pool.map(_solve_bytes, [name] * len(workers), workers))
    assert all(canonical for _, canonical in results)
    assert len({plan for plan, _ in results}) == 1


def test_same_plan_from_concurrent_threads() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(_solve_bytes, ["digne-centre.yaml"] * 4))
    assert len({plan for plan, _ in results}) == 1


def test_plan_does_not_depend_on_the_hint_the_seed_or_the_time_limit() -> None:
    scenario = _scenario("sector-5")
    base = solve(scenario, OPTIONS)
    greedy = greedy_construct(scenario)
    other = OPTIONS.model_copy(update={"seed": 7, "time_limit": 30, "workers": 5})
    hinted = solve(scenario, other, hint=greedy)
    assert hinted.solver is not None and hinted.solver.canonical
    assert _canonical_bytes(hinted) == _canonical_bytes(base)


def test_no_canonical_claim_without_proof() -> None:
    # without the tie-break stages the plan is the search's: never claimed canonical
    strategy = solve(
        _scenario("digne-centre.yaml"), OPTIONS.model_copy(update={"tie_breaks": False})
    )
    assert strategy.solver is not None and strategy.solver.canonical is False


def test_the_deterministic_stages_search_at_linearisation_level_2(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # docs/benchmarks.md, "The deterministic stages": their own CP-SAT parameters, the value
    # stages' untouched (CP-SAT logs each stage's non-default parameters)
    with caplog.at_level(logging.INFO, logger="sq_opt.stages"):
        strategy = solve(_scenario("sector-5"), OPTIONS.model_copy(update={"log": True}))
    assert strategy.solver is not None and strategy.solver.canonical
    parameters = [r.getMessage() for r in caplog.records if "Parameters:" in r.getMessage()]
    stages = [s["stage"] for s in strategy.solver.stages]
    assert len(parameters) == len(stages)
    for stage, line in zip(stages, parameters, strict=True):
        deterministic = stage in ("canonical", "tie_break")
        assert ("linearization_level: 2" in line) == deterministic, (stage, line)
