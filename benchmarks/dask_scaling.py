"""Solves per minute against the number of Dask workers: robustness draws of a sector scenario.

    python -m benchmarks.dask_scaling [--samples 60] [--workers 1 2 3 4] [--repeat 3] [--json OUT]

Each configuration solves the same draws (``sq_opt.robust.core.solve_draw``, one CP-SAT worker
each): serially in this process, then on a local cluster of K processes (K = 1, 2, ...), after a
warm-up task per worker (imports); the cluster's start-up is reported apart. The configurations
are run in turn, ``--repeat`` rounds, and the median of each is reported (a shared machine's load
changes during a run). Results are checked to be identical to the serial run. Figures are
recorded in docs/robustness.md and docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from models.options import SolveOptions
from sq_opt.distributed import dask_client, run_tasks
from sq_opt.robust.core import scenario_payload, solve_draw, task_options
from sq_opt.robust.ranges import effect_ranges
from sq_opt.solve import solve
from sq_opt.variants import load_any

DEFAULT_SCENARIO = Path("scenarios/robust/digne-incertain.yaml")


def shared_payload(path: Path, seed: int) -> dict[str, Any]:
    _, scenario, _, _ = load_any(path)
    assert scenario is not None
    options = task_options(SolveOptions(time_limit=20))
    nominal = solve(scenario, options)
    ranges = effect_ranges(scenario)
    return {
        **scenario_payload(scenario),
        "ranges": [[r.solution, r.problem, r.low, r.nominal, r.high] for r in ranges],
        "seed": seed,
        "distribution": "uniform",
        "options": options.model_dump(mode="json"),
        "nominal": {a.solution: a.start for a in nominal.actions},
    }


def _key(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["sample"], r["status"], r["value"], tuple(r["selected"])) for r in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3, 4])
    parser.add_argument("--repeat", type=int, default=3, help="rounds (the median is reported)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    shared = shared_payload(args.scenario, args.seed)
    items = list(range(args.samples))
    reference = run_tasks(solve_draw, items, shared, scheduler="serial")  # also warms up
    runs: dict[str, list[tuple[float, float]]] = {"serial": []}
    runs.update({str(k): [] for k in args.workers})
    for _ in range(args.repeat):
        started = time.perf_counter()
        run_tasks(solve_draw, items, shared, scheduler="serial")
        runs["serial"].append((0.0, time.perf_counter() - started))
        for k in args.workers:
            begun = time.perf_counter()
            with dask_client("local", k) as client:
                run_tasks(solve_draw, list(range(k)), shared, client=client)  # warm-up: imports
                start_s = time.perf_counter() - begun
                started = time.perf_counter()
                rows = run_tasks(solve_draw, items, shared, client=client)
                seconds = time.perf_counter() - started
            assert _key(rows) == _key(reference), f"{k} workers: results differ from the serial run"
            runs[str(k)].append((start_s, seconds))
    figures: list[dict[str, Any]] = [
        {
            "workers": name,
            "start_s": statistics.median(s for s, _ in values),
            "seconds": statistics.median(t for _, t in values),
            "runs": [t for _, t in values],
        }
        for name, values in runs.items()
    ]
    base = figures[0]["seconds"]
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.samples} draws of {args.scenario} on {os.cpu_count()} CPU(s), load average "
        f"{load} (1 / 5 / 15 min); results identical to the serial run"
    )
    print(f"median of {args.repeat} round(s)")
    print(f"{'workers':>8} {'start s':>8} {'seconds':>8} {'solves/min':>11} {'speed-up':>9}")
    for f in figures:
        f["solves_per_minute"] = 60 * args.samples / f["seconds"]
        f["speed_up"] = base / f["seconds"]
        print(
            f"{f['workers']!s:>8} {f['start_s']:>8.1f} {f['seconds']:>8.1f} "
            f"{f['solves_per_minute']:>11.0f} {f['speed_up']:>9.2f}"
        )
    if args.json:
        payload = {"samples": args.samples, "cpus": os.cpu_count(), "load": os.getloadavg()}
        args.json.write_text(
            json.dumps({**payload, "figures": figures}, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
