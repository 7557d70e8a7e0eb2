"""Repeated solves of generated instances, for comparing two versions of the model.

    python -m benchmarks.repeat --tier sector --seeds 0-19 --runs 3
    python -m benchmarks.repeat --tier circonscription --seeds 0-5 --runs 1 --time-limit 10
    # unseen sector-size scenarios (60-80 solutions), the whole call, on 2 CPUs:
    taskset -c 0,1 python -m benchmarks.repeat --seeds 1000-1199 --solutions 60-80 --tie-breaks

CP-SAT with several workers on 2 cores is not deterministic: one instance can take 1.5 s in one
run and 4 s in the next. A change to the model is judged on the distribution over several runs
per instance (median, p90, max of the time to proof, and the gap where nothing is proven), run
on the same machine before and after the change (``git stash`` / ``git checkout``). The
tie-break stage is off by default: it measures the value stages, as ``value_seconds`` does in
``benchmarks.run``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from benchmarks.generator import TIERS, generate
from models.options import SolveOptions
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve


@dataclass(frozen=True)
class Run:
    instance: str
    status: str
    seconds: float
    gap: float


def parse_seeds(text: str) -> list[int]:
    """``"0-3,7"`` -> ``[0, 1, 2, 3, 7]``."""
    seeds: list[int] = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        seeds.extend(range(int(first), int(last or first) + 1))
    return seeds


def repeat(
    tier: str,
    seeds: list[int],
    runs: int,
    time_limit: float,
    tie_breaks: bool,
    workers: int | None = None,
    solutions: tuple[int, int] | None = None,
) -> list[Run]:
    """Solve each generated instance ``runs`` times; print one line per solve. ``solutions``:
    only the instances with that many candidate solutions (inclusive bounds)."""
    out: list[Run] = []
    documents = {seed: generate(tier, seed) for seed in seeds}
    if solutions is not None:
        low, high = solutions
        documents = {k: d for k, d in documents.items() if low <= len(d["solutions"]) <= high}
    options = SolveOptions(time_limit=time_limit, tie_breaks=tie_breaks, workers=workers)
    for _ in range(runs):
        for seed, document in documents.items():
            scenario = parse_scenario(document)
            started = time.monotonic()
            strategy = solve(scenario, options)
            run = Run(
                f"{tier}-{seed}",
                strategy.status,
                time.monotonic() - started,
                strategy.gap or 0.0,
            )
            print(f"{run.instance:22} {run.status:10} {run.seconds:7.2f} s  gap {run.gap:.2%}")
            out.append(run)
    return out


def summary(runs: list[Run]) -> str:
    """Median / p90 / max time over all runs, proofs, and the gaps of the unproven runs."""
    times = sorted(r.seconds for r in runs)
    p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
    proven = sum(r.status in ("optimal", "infeasible") for r in runs)
    gaps = [r.gap for r in runs if r.status == "feasible"]
    text = (
        f"{len(runs)} solves: time median {statistics.median(times):.2f} s, "
        f"p90 {p90:.2f} s, max {times[-1]:.2f} s; proven {proven}/{len(runs)}"
    )
    if gaps:
        text += f"; gap of the unproven median {statistics.median(gaps):.2%}, max {max(gaps):.2%}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tier", choices=TIERS, default="sector")
    parser.add_argument("--seeds", default="0-19", help="e.g. 0-19 or 2,9,18")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument(
        "--tie-breaks", action="store_true", help="include the canonical and tie-break stages"
    )
    parser.add_argument("--workers", type=int, help="CP-SAT workers (default: sq-opt's choice)")
    parser.add_argument("--solutions", help="only instances of this size, e.g. 60-80")
    args = parser.parse_args()
    size = None
    if args.solutions:
        low, _, high = args.solutions.partition("-")
        size = (int(low), int(high or low))
    runs = repeat(
        args.tier,
        parse_seeds(args.seeds),
        args.runs,
        args.time_limit,
        args.tie_breaks,
        args.workers,
        size,
    )
    print(summary(runs))


if __name__ == "__main__":
    main()
