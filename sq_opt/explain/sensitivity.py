"""Sensitivity of the optimum: capacities (+/- step) and the weight range of each problem.

Capacities: re-solve with every capacity of one resource multiplied by ``1 + step`` and by
``1 - step``; report the value gained and lost, and the periods where the base plan saturates it.

Weights (parametric re-solves): with the base selection A fixed, its value is linear in the weight
w of problem p: V_A(w) = a + w * c_A(p). Probe a weight beyond the current one; if another plan B
is better there, the two lines cross at w* = (b - a) / (c_A - c_B); re-solve at w*: if A is still
optimal, w* is the end of A's range, else continue with the better plan found. The optimum is
convex piecewise linear in w, so this converges in a few re-solves per side.
"""

from __future__ import annotations

import time
from decimal import Decimal
from fractions import Fraction

from models.explanation import ResourceSensitivity, Sensitivity, WeightRange
from models.issues import Issue, ScenarioError
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from models.variant import CapacityChange
from sq_opt.evaluate import evaluate, exact
from sq_opt.solve import solve
from sq_opt.variants import apply_changes, with_weight

MIN_STEP = 0.001
"""The smallest capacity step (0.1 %): below, the capacities change beyond the model's decimals."""
MAX_PROBES = 8
PRECISION = 6  # weights are probed with at most 6 decimals (exact scaling)
TOLERANCE = Fraction(1, 10**5)


def sensitivity(
    scenario: Scenario,
    options: SolveOptions | None = None,
    *,
    step: float = 0.1,
    base: Strategy | None = None,
    weights: bool = True,
) -> Sensitivity:
    """Capacity and weight sensitivity of the optimum of ``scenario``; ``step`` in [0.001, 1]."""
    if not MIN_STEP <= step <= 1:  # also refuses NaN
        issue = Issue("step", "step_range", {"got": step, "low": MIN_STEP})
        raise ScenarioError([issue], "options")
    started = time.monotonic()
    options = (options or SolveOptions()).model_copy(
        update={"tie_breaks": False, "diagnose": False}
    )
    base = base or solve(scenario, options)
    if base.objective is None:
        raise ValueError("no optimum to analyse (the scenario is infeasible or unsolved)")
    plan = {a.solution: a.start for a in base.actions}
    resources = [_resource(scenario, base, plan, r.id, step, options) for r in scenario.resources]
    ranges = (
        [_weight_range(scenario, base, plan, p.id, options) for p in scenario.problems]
        if weights
        else []
    )
    return Sensitivity(
        scenario=scenario.name,
        base_value=base.objective,
        step=step,
        resources=resources,
        weights=ranges,
        seconds=time.monotonic() - started,
    )


def _resource(
    scenario: Scenario,
    base: Strategy,
    plan: dict[str, int],
    rid: str,
    step: float,
    options: SolveOptions,
) -> ResourceSensitivity:
    assert base.objective is not None
    pct = format(Decimal(repr(step)) * 100, "f") + "%"  # never 1e-05%
    up, _ = apply_changes(scenario, [CapacityChange(resource=rid, change=f"+{pct}")])
    down, _ = apply_changes(scenario, [CapacityChange(resource=rid, change=f"-{pct}")])
    more = solve(up, options, hint=plan)
    less = solve(down, options, hint=plan)
    use = next(u for u in base.resources if u.resource == rid)
    saturated = [
        t
        for t, (u, c) in enumerate(zip(use.used, use.capacity, strict=True))
        if c > 0 and u >= c - 1e-9
    ]
    return ResourceSensitivity(
        resource=rid,
        gain_up=None if more.objective is None else round(more.objective - base.objective, 9),
        loss_down=None if less.objective is None else round(base.objective - less.objective, 9),
        saturated_periods=[] if use.per == "horizon" and not saturated else saturated,
        proven=more.status == "optimal" and less.status == "optimal",
    )


def _line(scenario: Scenario, plan: dict[str, int], pid: str) -> tuple[Fraction, Fraction]:
    """(a, c): the plan's value as a + w * c in the weight w of problem ``pid``."""
    ev = evaluate(scenario, plan)
    c = ev.coverage[pid]
    return ev.value - exact(scenario.weight(pid)) * c, c


def _weight_range(
    scenario: Scenario, base: Strategy, plan: dict[str, int], pid: str, options: SolveOptions
) -> WeightRange:
    weight = scenario.weight(pid)
    a, c_a = _line(scenario, plan, pid)
    total = sum(scenario.weight(p.id) for p in scenario.problems)
    proven = [base.status == "optimal"]

    def end_of_range(start: Fraction, unbounded: float | None) -> float | None:
        """Walk from ``start`` towards the current weight until the base selection is optimal."""
        probe = start
        w = float(start)
        for k in range(MAX_PROBES):
            w = max(round(float(probe), PRECISION), 10.0**-PRECISION)
            variant = with_weight(scenario, pid, w)
            other = solve(variant, options, hint=plan)
            proven[0] = proven[0] and other.status == "optimal"
            if other.objective is None or exact(other.objective) <= a + exact(w) * c_a + TOLERANCE:
                return unbounded if k == 0 else w
            b, c_b = _line(variant, {x.solution: x.start for x in other.actions}, pid)
            if c_b == c_a:
                return w
            probe = (b - a) / (c_a - c_b)
        proven[0] = False
        return w

    low = end_of_range(Fraction(1, 10**PRECISION), 0.0)
    high = end_of_range(exact(max(10 * weight, 2 * total)), None)
    return WeightRange(
        problem=pid, weight=weight, low=min(low or 0.0, weight), high=high, proven=proven[0]
    )
