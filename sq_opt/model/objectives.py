"""The objectives of the staged solve: the value, the changes to what was agreed (replanning),
and the tie-breaks (least resource use, a flat load with ``policy.schedule: balanced``, earliest
starts)."""

from __future__ import annotations

import math
from fractions import Fraction

from ortools.sat.python import cp_model

from sq_opt.evaluate import exact, resource_use, total_capacity
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.scaling import PEAK_RESOLUTION, to_int
from sq_opt.model.variables import LinearExpr

# Resolution of the resource-use tie-break: each solution's normalised use is rounded to 1e-6.
TIE_BREAK_RESOLUTION = 10**6


def value_expr(builder: StrategyModelBuilder, main_only: bool = False) -> LinearExpr:
    """Scaled V (or main value): sum of weight x coverage."""
    scenario = builder.scenario
    return sum(
        to_int(scenario.weight(p.id), builder.scales.weight) * builder.vars.coverage[p.id]
        for p in scenario.problems
        if not main_only or scenario.is_main(p.id)
    )


def changes_expr(builder: StrategyModelBuilder) -> LinearExpr:
    """Replanning: the number of planned entries not selected at their agreed period."""
    terms: list[LinearExpr] = []
    for sid, period in builder.frame.agreed.items():
        kept = builder.vars.y[sid].get(period)
        terms.append(1 if kept is None else 1 - kept)
    return cp_model.LinearExpr.sum(terms)


def tie_break_expr(builder: StrategyModelBuilder) -> LinearExpr:
    """Resource use (each resource's use / its total capacity), then, with ``policy.schedule:
    balanced``, the sum of the resources' peak shares of capacity, then the sum of start
    periods (lexicographic through integer weights)."""
    scenario = builder.scenario
    totals = {r.id: total_capacity(scenario, r.id) for r in scenario.resources}
    use_terms: list[tuple[int, cp_model.IntVar]] = []
    for s in scenario.solutions:
        normalised = sum(  # a use beyond the whole capacity can never be selected: capped at 1
            (
                min(resource_use(scenario, s, rid) / total, Fraction(1))
                for rid, total in totals.items()
                if total
            ),
            Fraction(0),
        )
        coefficient = round(normalised * TIE_BREAK_RESOLUTION)
        if coefficient:
            use_terms.append((coefficient, builder.vars.x[s.id]))
    start_terms = [(t, var) for starts in builder.vars.y.values() for t, var in starts.items() if t]
    big = 1 + sum(max(starts, default=0) for starts in builder.vars.y.values())
    starts_expr = sum(t * v for t, v in start_terms)
    if scenario.policy.schedule != "balanced":
        return sum(big * c * v for c, v in use_terms) + starts_expr
    peaks = _peak_shares(builder)
    use_weight = big * (1 + PEAK_RESOLUTION * len(peaks))
    return (
        sum(use_weight * c * v for c, v in use_terms)
        + big * cp_model.LinearExpr.sum(peaks)
        + starts_expr
    )


def _peak_shares(builder: StrategyModelBuilder) -> list[cp_model.IntVar]:
    """peak[r] ≥ ⌈PEAK_RESOLUTION · use(r, t) / capacity(r, t)⌉ for every period from ``now``
    (per-period resources only): the flattest load minimises their sum."""
    scenario, frame = builder.scenario, builder.frame
    peaks = []
    for resource in scenario.resources:
        if resource.per == "horizon":
            continue
        scale = builder.scales.resource[resource.id]
        users = [
            (s.id, to_int(s.demand[resource.id], scale))
            for s in scenario.solutions
            if s.demand.get(resource.id, 0) > 0
        ]
        if not users:
            continue
        peak = builder.model.new_int_var(0, PEAK_RESOLUTION, f"peak[{resource.id}]")
        for t in range(frame.now, scenario.horizon.periods):
            cap = math.floor(exact(resource.capacity_at(t)) * scale)
            terms = [
                (d, builder.vars.active(sid, t, builder._length(sid)))
                for sid, d in users
                if frame.uses_capacity(sid, t)
            ]
            if cap > 0 and terms:
                load = cp_model.LinearExpr.weighted_sum(
                    [e for _, e in terms], [PEAK_RESOLUTION * d for d, _ in terms]
                )
                builder.model.add(cap * peak >= load)
        peaks.append(peak)
    return peaks
