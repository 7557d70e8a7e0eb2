"""Robustness samples and sweeps give the same results serially and on a 2-process local Dask
cluster (one CP-SAT worker per task, draws that depend only on the seed and the index)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from models import SolveOptions
from sq_opt.distributed import SchedulerError, dask_client, run_tasks
from sq_opt.robust.core import analyse_robustness
from sq_opt.sweep import grid_scenarios, run_sweep
from tests.robust_helpers import random_uncertain, small_uncertain

OPTIONS = SolveOptions(time_limit=20, seed=0)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with dask_client("local", workers=2) as c:
        yield c


def square(item: int, shared: dict[str, int]) -> int:
    return item * item + shared["offset"]


def fail_on_three(item: int, shared: None) -> int:
    if item == 3:
        raise ValueError("three")
    return item


def test_run_tasks_keeps_the_items_order(client: Any) -> None:
    seen: list[tuple[int, int]] = []
    result = run_tasks(
        square,
        list(range(12)),
        {"offset": 1},
        client=client,
        on_done=lambda d, t: seen.append((d, t)),
    )
    assert result == [i * i + 1 for i in range(12)]
    assert seen[-1] == (12, 12) and len(seen) == 12
    assert run_tasks(square, list(range(12)), {"offset": 1}, scheduler="serial") == result
    for _ in range(3):  # the same shared data again on the same client (not released under it)
        assert run_tasks(square, list(range(12)), {"offset": 1}, client=client) == result


def test_a_task_error_reaches_the_caller(client: Any) -> None:
    with pytest.raises(ValueError, match="three"):
        run_tasks(fail_on_three, list(range(6)), None, client=client)


def test_robustness_serial_and_on_a_two_process_local_cluster_agree() -> None:
    scenario = small_uncertain()
    serial = analyse_robustness(scenario, samples=10, seed=5, options=OPTIONS, scheduler="serial")
    local = analyse_robustness(
        scenario, samples=10, seed=5, options=OPTIONS, scheduler="local", workers=2
    )
    assert local.run is not None and local.run.scheduler == "local" and local.run.workers == 2
    assert serial.model_dump(exclude={"run"}) == local.model_dump(exclude={"run"})


def test_sweep_serial_and_on_the_cluster_agree(client: Any) -> None:
    from models.robust import Grid

    grid = Grid.model_validate(
        {
            "grid": "capacité",
            "axes": [
                {
                    "name": "r",
                    "values": ["-40%", "+0%", "+30%"],
                    "changes": [{"kind": "capacity", "resource": "r", "change": "{value}"}],
                },
                {
                    "name": "prio",
                    "values": [1, 3],
                    "changes": [
                        {"kind": "set", "path": "problems.p0.priority", "value": "{value}"}
                    ],
                },
            ],
        }
    )
    items = grid_scenarios(random_uncertain(2), grid)
    serial = run_sweep(items, OPTIONS, scheduler="serial")
    distributed = run_sweep(items, OPTIONS, client=client)
    assert len(serial) == 6 and [r.point for r in serial][1] == {"r": "-40%", "prio": 3}

    def strip(rows: list[Any]) -> list[dict[str, Any]]:
        return [r.model_dump(exclude={"seconds"}) for r in rows]

    assert strip(serial) == strip(distributed)


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sq_opt.distributed as distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(SchedulerError, match=r"tcp://127\.0\.0\.1:9") as caught:
        run_tasks(square, [1], {"offset": 0}, scheduler="tcp://127.0.0.1:9")
    assert caught.value.reason == "unreachable"
