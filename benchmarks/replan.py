"""Replanning speed: a sector replan at the second meeting against the first meeting's solve.

    python -m benchmarks.replan --tier sector --seeds 0-19
    python -m benchmarks.replan --tier circonscription --seeds 0-5 --time-limit 10

For each generated instance (with a calendar): solve it (the first meeting), adopt the plan, play
the partners for two periods (actions due by then started, the first one of them abandoned after
spending part of its budget, the ones whose span has passed and every third other one done, one
due but not started), then replan at the start
of period 2 with the changes stage and, separately, the reasons for every moved or dropped
agreed action. Prints one line per instance and the median / p90 / max of each, and the ratio of
the replan to the solve.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from dataclasses import dataclass

from benchmarks.generator import generate
from benchmarks.repeat import parse_seeds
from models.followup import FollowUp
from models.options import SolveOptions
from models.scenario import Scenario
from sq_opt.cycle.adopt import adopt
from sq_opt.cycle.replan import replan
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve

START = dt.date(2026, 1, 5)
REPLAN_PERIOD = 2


@dataclass(frozen=True)
class Timing:
    instance: str
    solve: float
    replan: float
    reasons: float
    changed: int
    status: str


def played(scenario: Scenario, followup: FollowUp, date: dt.date) -> FollowUp:
    """The register as partners would record it at ``date`` (deterministic)."""
    entries = []
    for k, entry in enumerate(sorted(followup.entries, key=lambda e: (e.start, e.solution))):
        if entry.start >= date:
            entries.append(entry)
            continue
        pools = {
            rid: amount
            for rid, amount in scenario.solution_index[entry.solution].demand.items()
            if scenario.resource_index[rid].per == "horizon"
        }
        mandatory = scenario.solution_index[entry.solution].mandatory
        update: dict[str, object]
        if k == 0 and not mandatory:
            update = {"status": "abandoned", "spent": {r: a / 2 for r, a in pools.items()}}
        elif k == 1 and not mandatory:
            update = {}  # due, not started: stays planned
        elif k % 3 == 0 or _ended(scenario, entry.solution, entry.start, date):
            update = {"status": "done", "end": date - dt.timedelta(days=1), "spent": pools}
        else:
            update = {"status": "running"}
        entries.append(entry.model_copy(update=update))
    return followup.model_copy(update={"entries": entries})


def _ended(scenario: Scenario, solution: str, start: dt.date, date: dt.date) -> bool:
    """Whether an action started on ``start`` has run its whole duration by ``date``."""
    days = scenario.horizon.period_days * scenario.solution_index[solution].duration
    return start + dt.timedelta(days=days) <= date


def measure(tier: str, seed: int, time_limit: float) -> Timing:
    data = generate(tier, seed)
    data["horizon"]["start_date"] = START.isoformat()
    scenario = parse_scenario(data)
    options = SolveOptions(time_limit=time_limit)
    started = time.monotonic()
    first = solve(scenario, options)
    solve_seconds = time.monotonic() - started
    if first.objective is None:
        return Timing(f"{tier}-{seed}", solve_seconds, 0.0, 0.0, 0, first.status)
    date = scenario.horizon.period_start(REPLAN_PERIOD)
    assert date is not None
    followup = played(scenario, adopt(scenario, first, START, None), date)
    started = time.monotonic()
    plain = replan(scenario, followup, date, options, reasons=False)
    replan_seconds = time.monotonic() - started
    started = time.monotonic()
    replan(scenario, followup, date, options, reasons=True)
    reasons_seconds = time.monotonic() - started - replan_seconds
    changed = sum(c.change in ("moved", "dropped") for c in plain.changes)
    return Timing(
        f"{tier}-{seed}",
        solve_seconds,
        replan_seconds,
        max(0.0, reasons_seconds),
        changed,
        plain.status,
    )


def summary(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{label:8} median {statistics.median(ordered):6.2f} s  p90 {p90:6.2f} s  max {ordered[-1]:6.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", default="sector")
    parser.add_argument("--seeds", default="0-19")
    parser.add_argument("--time-limit", type=float, default=10.0)
    args = parser.parse_args()
    timings = []
    for seed in parse_seeds(args.seeds):
        timing = measure(args.tier, seed, args.time_limit)
        timings.append(timing)
        print(
            f"{timing.instance:22} solve {timing.solve:6.2f} s  replan {timing.replan:6.2f} s "
            f"({timing.status}, {timing.changed} changed)  reasons +{timing.reasons:5.2f} s"
        )
    print(summary("solve", [t.solve for t in timings]))
    print(summary("replan", [t.replan for t in timings]))
    print(summary("reasons", [t.reasons for t in timings]))
    ratios = [t.replan / t.solve for t in timings if t.solve > 0]
    print(f"replan / solve: median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
