"""Alternatives: distinct strategies within a tolerance of the optimum, ranked by value.

Each alternative is the best plan that (a) reaches ``(1 - tolerance)`` of the optimum (of the main
value under ``main_first``) and (b) differs from the optimum and from every alternative already
found by at least ``diversity`` selected solutions (Hamming distance on the selection), so that
the options are real choices, not the same plan shifted in time.
"""

from __future__ import annotations

import math
import time

from ortools.sat.python import cp_model

from models.explanation import Alternatives
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.evaluate import evaluate
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.objectives import value_expr
from sq_opt.solve import solve, solve_built


def alternatives(
    scenario: Scenario,
    count: int = 3,
    *,
    tolerance: float = 0.05,
    diversity: int = 2,
    options: SolveOptions | None = None,
    base: Strategy | None = None,
) -> Alternatives:
    """Up to ``count`` alternatives to the optimum (``base``, solved when not given)."""
    if count < 0 or not 0 <= tolerance < 1 or diversity < 1:
        raise ValueError("count >= 0, 0 <= tolerance < 1 and diversity >= 1 are required")
    started = time.monotonic()
    options = options or SolveOptions()
    base = base or solve(scenario, options)
    if base.objective is None:
        raise ValueError("no optimum to compare with (the scenario is infeasible or unsolved)")
    main_first = scenario.policy.objective == "main_first"
    base_plan = {a.solution: a.start for a in base.actions}
    ev = evaluate(scenario, base_plan)
    reference = ev.main_value if main_first else ev.value
    selections = [set(base_plan)]
    found: list[Strategy] = []
    quiet = options.model_copy(update={"diagnose": False})
    for _ in range(count):
        builder = StrategyModelBuilder(scenario).build()
        threshold = math.ceil((1 - _exact(tolerance)) * reference * builder.scales.value)
        builder.model.add(value_expr(builder, main_only=main_first) >= threshold)
        for selection in selections:
            builder.model.add(
                cp_model.LinearExpr.sum(
                    [
                        builder.vars.x[s].Not() if s in selection else builder.vars.x[s]
                        for s in builder.vars.x
                    ]
                )
                >= diversity
            )
        strategy = solve_built(builder, quiet)
        if strategy.objective is None:
            break
        found.append(strategy)
        selections.append(strategy.selected())
    return Alternatives(
        scenario=scenario.name,
        optimum=base,
        tolerance=tolerance,
        diversity=diversity,
        alternatives=found,
        seconds=time.monotonic() - started,
    )


def _exact(value: float):  # type: ignore[no-untyped-def]
    from sq_opt.evaluate import exact

    return exact(value)
