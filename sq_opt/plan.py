"""A plan (solution -> start period) as the contract's Strategy, every figure recomputed exactly."""

from __future__ import annotations

from typing import Literal

from models.scenario import Scenario
from models.strategy import (
    Action,
    Diagnosis,
    ProblemCoverage,
    ResourceUse,
    SolverInfo,
    Status,
    Strategy,
)
from sq_opt.cycle.frame import Frame
from sq_opt.evaluate import PLAIN, Plan, evaluate


def strategy_from_plan(
    scenario: Scenario,
    plan: Plan,
    *,
    status: Status,
    bound: float | None = None,
    bound_target: Literal["value", "main_value"] = "value",
    solve_seconds: float = 0.0,
    solver: SolverInfo | None = None,
    warnings: list[str] | None = None,
    frame: Frame = PLAIN,
) -> Strategy:
    """The strategy of ``plan``: actions in start order, coverage, use, value (exact, as floats).

    ``frame``: a replan's frame (fixed actions end after their recorded span and carry their
    register status; use and pools as the frame counts them).
    """
    ev = evaluate(scenario, plan, frame)
    order = {s.id: k for k, s in enumerate(scenario.solutions)}
    actions = [
        Action(
            solution=sid,
            title=scenario.solution_index[sid].title,
            lead=scenario.solution_index[sid].lead,
            start=start,
            end=start + frame.length(scenario, sid),
            status=frame.fixed[sid].status if sid in frame.fixed else None,
        )
        for sid, start in sorted(plan.items(), key=lambda item: (item[1], order[item[0]]))
    ]
    problems = [
        ProblemCoverage(
            problem=p.id,
            title=p.title,
            weight=scenario.weight(p.id),
            main=scenario.is_main(p.id),
            coverage=float(ev.coverage[p.id]),
            solutions=ev.contributors[p.id],
            raw=float(ev.raw[p.id]),
            min_coverage=p.min_coverage,
        )
        for p in scenario.problems
    ]
    resources = [
        ResourceUse(
            resource=r.id,
            used=[float(u) for u in ev.used[r.id]],
            capacity=scenario.capacity_profile(r.id),
            per=r.per,
        )
        for r in scenario.resources
    ]
    objective = float(ev.value)
    main_value = float(ev.main_value)
    gap = None
    if bound is not None:
        reached = main_value if bound_target == "main_value" else objective
        bound = max(bound, reached)
        gap = max(0.0, (bound - reached) / max(1.0, bound))
    return Strategy(
        scenario=scenario.name,
        status=status,
        objective=objective,
        main_value=main_value,
        bound=bound,
        gap=gap,
        bound_target=bound_target,
        actions=actions,
        problems=problems,
        resources=resources,
        main_share={
            rid: (None if share is None else float(share)) for rid, share in ev.main_share.items()
        },
        solve_seconds=solve_seconds,
        solver=solver,
        warnings=warnings or [],
        replanned_at=frame.date,
    )


def empty_strategy(
    scenario: Scenario,
    *,
    status: Status,
    solve_seconds: float,
    solver: SolverInfo | None,
    bound: float | None = None,
    warnings: list[str] | None = None,
    diagnosis: Diagnosis | None = None,
) -> Strategy:
    """A strategy without a plan (infeasible, or nothing found in time)."""
    return Strategy(
        scenario=scenario.name,
        status=status,
        bound=bound,
        solve_seconds=solve_seconds,
        solver=solver,
        warnings=warnings or [],
        diagnosis=diagnosis,
    )
