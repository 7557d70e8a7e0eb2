"""The scheduling form of long horizons: start variables, precedences on them, and a redundant
``cumulative`` per per-period resource.

On the GPO's horizons (6 to 12 periods) the time-indexed rows alone are best: ``precedes`` as
at-most-ones of start literals, capacities as one row per period (``docs/model.md``). On long
horizons (project schedules of 30 to 52 periods) those at-most-ones grow with the square of the
horizon and their presolve dominates; there, from ``LONG_HORIZON`` periods, each solution gets an
integer start tied to its start literals, ``precedes`` becomes ``start[b] >= start[a] + d(a)``
when both are selected, and each per-period resource also gets CP-SAT's ``cumulative`` over
optional intervals (its propagation is what scheduling needs), measured in docs/benchmarks.md.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from sq_opt.evaluate import exact
from sq_opt.model.scaling import to_int

if TYPE_CHECKING:
    from models.scenario import Resource, Solution
    from sq_opt.model.builder import StrategyModelBuilder

# From this many periods, the scheduling form (module docstring).
LONG_HORIZON = 24
# The capacity sum up to this many solutions: measured where proofs are within reach (sectors,
# circonscriptions); on the departments' 1,300-1,600 solutions, where the search for good plans
# dominates, 2 of 4 runs at 20 s ended worse with it (docs/benchmarks.md), so they keep the rows.
CAPACITY_SUM_SOLUTIONS = 500


def long_horizon(builder: StrategyModelBuilder) -> bool:
    return builder.scenario.horizon.periods >= LONG_HORIZON


def start_var(builder: StrategyModelBuilder, sid: str) -> cp_model.IntVar | None:
    """start[s] = Σ t·y[s,t] (its earliest start when s is not selected); None if s cannot start."""
    variables = builder.vars
    if sid in variables.start:
        return variables.start[sid]
    starts = variables.y[sid]
    if not starts:
        return None
    low, high = min(starts), max(starts)
    start = builder.model.new_int_var(low, high, f"start[{sid}]")
    x = variables.x[sid]
    if len(starts) > 1:
        builder.model.add(
            start
            == cp_model.LinearExpr.weighted_sum(list(starts.values()), list(starts)) + low - low * x
        )
    variables.start[sid] = start
    return start


def add_start_precedes(
    builder: StrategyModelBuilder, a: str, b: str, guard: list[cp_model.IntVar]
) -> None:
    """start[b] >= start[a] + d(a) when both are selected (and the commitment holds)."""
    start_a, start_b = start_var(builder, a), start_var(builder, b)
    if start_a is None or start_b is None:
        return  # one of them can never be selected
    x = builder.vars.x
    builder.model.add(start_b >= start_a + builder._length(a)).only_enforce_if([x[a], x[b], *guard])


def add_cumulative(builder: StrategyModelBuilder) -> None:
    """A redundant ``cumulative`` per per-period resource: plain frame only (replanning's past
    and fixed actions are left to the rows), never in diagnostic mode (a capacity must stay a
    relaxable commitment there)."""
    scenario, frame = builder.scenario, builder.frame
    if builder.diagnostic or frame.now or frame.fixed:
        return
    periods = scenario.horizon.periods
    for resource in scenario.resources:
        if resource.per == "horizon":
            continue
        scale = builder.scales.resource[resource.id]
        caps = [math.floor(exact(resource.capacity_at(t)) * scale) for t in range(periods)]
        top = max(caps)
        intervals: list[cp_model.IntervalVar] = []
        demands: list[int] = []
        for s in scenario.solutions:
            demand = to_int(s.demand.get(resource.id, 0), scale)
            start = start_var(builder, s.id) if demand > 0 else None
            if start is None:
                continue
            intervals.append(
                builder.model.new_optional_fixed_size_interval_var(
                    start, s.duration, builder.vars.x[s.id], f"interval[{s.id},{resource.id}]"
                )
            )
            demands.append(demand)
        if top <= 0 or not intervals:
            continue
        for t, cap in enumerate(caps):  # a lower capacity in a period: a fixed block
            if cap < top:
                intervals.append(builder.model.new_fixed_size_interval_var(t, 1, f"block[{t}]"))
                demands.append(top - cap)
        builder.model.add_cumulative(intervals, demands, top)


def add_capacity_total(
    builder: StrategyModelBuilder, resource: Resource, users: list[tuple[Solution, int]]
) -> None:
    """The sum of a per-period resource's rows, on the selection literals (redundant, exact):
    ``Σ_s D(s,r)·a(s)·x[s] ≤ Σ_t C(r,t)`` over the periods from ``now``, where ``a(s)`` is the
    fewest periods of capacity s uses at any of its allowed starts. Every period's load is at
    most its capacity in every plan (a row is left out only where it cannot bind), so the sum
    holds; on x alone, CP-SAT's LP derives knapsack cuts from it that the time-indexed rows do
    not give (``docs/benchmarks.md``, "Kept: the capacity sum"). ``users``: (solution, scaled
    demand) of the resource. Not with one period (it would repeat the row), nor beyond
    ``CAPACITY_SUM_SOLUTIONS`` solutions."""
    frame, periods = builder.frame, builder.scenario.horizon.periods
    if periods - frame.now < 2 or len(builder.scenario.solutions) > CAPACITY_SUM_SOLUTIONS:
        return
    scale = builder.scales.resource[resource.id]
    total = sum(
        math.floor(exact(resource.capacity_at(t)) * scale) for t in range(frame.now, periods)
    )
    terms: list[tuple[int, cp_model.IntVar]] = []
    for solution, demand in users:
        length = frame.length(builder.scenario, solution.id)
        starts = builder.vars.y[solution.id]
        least = min(
            (
                sum(
                    1
                    for t in range(start, min(start + length, periods))
                    if frame.uses_capacity(solution.id, t)
                )
                for start in starts
            ),
            default=0,
        )
        if least:
            terms.append((demand * least, builder.vars.x[solution.id]))
    if sum(c for c, _ in terms) > total:
        builder.model.add(
            cp_model.LinearExpr.weighted_sum([v for _, v in terms], [c for c, _ in terms]) <= total
        )
