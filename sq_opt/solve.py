"""``solve(scenario, options) -> Strategy``: staged CP-SAT solve, status, checked result.

Stages (each warm-started from the previous one's solution):
1. ``weighted``: maximise V. ``main_first``: maximise the main value, then (stage 2) keep it and
   maximise V. Replanning: then the fewest changes to what was agreed (``changes``).
2. When every stage above is proven optimal, the plan is made canonical (``docs/model.md``,
   "Determinism"): a deterministic single-worker stage finds a plan of those proven values
   from scratch (``canonical``), then a deterministic tie-break stage lowers the normalised
   resource use, then the start dates, from it (``tie_break``). Both count CP-SAT's
   deterministic time, not seconds: the same scenario and options give the same plan whatever
   the load, the CPUs or the workers (``solver.canonical`` says whether that held).
The returned plan is verified by :func:`sq_opt.check.check`; a rejected plan raises
:class:`PlanCheckError` (a bug), it is never returned.
"""

from __future__ import annotations

import importlib.metadata
import logging
import math
import time
from collections.abc import Mapping
from fractions import Fraction
from typing import Literal

from ortools.sat.python import cp_model

from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import SolverInfo, Strategy
from sq_opt.budget import Switch, TimeUp, within
from sq_opt.budget import current as current_budget
from sq_opt.check import check
from sq_opt.errors import PlanCheckError
from sq_opt.evaluate import evaluate
from sq_opt.greedy import warm_start
from sq_opt.i18n import t
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.model.objectives import changes_expr, tie_break_expr, value_expr
from sq_opt.plan import empty_strategy, strategy_from_plan
from sq_opt.stages import UNSCALED_STAGES, Progress, ProgressCallback, Runner, StageResult
from sq_opt.workers import default_workers

__all__ = ["Progress", "ProgressCallback", "default_workers", "solve", "solve_built"]

logger = logging.getLogger(__name__)

MIN_STAGE_SECONDS = 0.05
# Deterministic-time budget of the canonical stage, as a share of the time limit (at least 1).
CANONICAL_SHARE = 0.25
# CP-SAT parameters of the deterministic stages (canonical and tie_break): linearisation level 2
# (more constraints and cuts in their one worker's LP) finds the canonical plan in about half the
# deterministic time at the median and proves more tie-breaks within their budget
# (docs/benchmarks.md, "The deterministic stages").
SETTLE_PARAMETERS: dict[str, int | float | bool] = {"linearization_level": 2}


def solve(
    scenario: Scenario,
    options: SolveOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    hint: Mapping[str, int] | None = None,
    cancel: Switch | None = None,
) -> Strategy:
    """Compute the optimal (or best found) strategy of ``scenario``, checked before it is returned.

    ``hint``: a plan (solution -> start) to warm-start from, e.g. a previous optimum.
    ``cancel``: set it from another thread to stop the search; the best plan so far is returned.
    An infeasible scenario comes back with status ``infeasible`` and, unless
    ``options.diagnose`` is off, a :class:`Diagnosis` of the commitments that clash.
    The time limit includes building the model: a build that reaches it (or is cancelled) gives
    status ``unknown``. Within a spent :mod:`sq_opt.budget`, raises :class:`TimeUp` at once.
    """
    started = time.monotonic()
    options = options or SolveOptions()
    request = current_budget()
    request.check()
    try:
        with within(request.narrowed(options.time_limit, cancel)):
            builder = StrategyModelBuilder(scenario).build()
            plan = hint or warm_start(scenario, options.time_limit)
            if plan:
                builder.add_hint(plan)
    except TimeUp:
        return empty_strategy(
            scenario,
            status="unknown",
            solve_seconds=time.monotonic() - started,
            solver=None,
            warnings=[t("solve.build_stopped", limit=options.time_limit)],
        )
    return solve_built(builder, options, on_progress=on_progress, cancel=cancel, started=started)


def solve_built(
    builder: StrategyModelBuilder,
    options: SolveOptions,
    *,
    on_progress: ProgressCallback | None = None,
    cancel: Switch | None = None,
    started: float | None = None,
    tolerance: float = 0.0,
) -> Strategy:
    """The staged solve of an already built (and possibly extended) model; see :func:`solve`.

    ``started``: when the caller began (model building included in ``solve_seconds``).
    When the builder replans (its frame has agreed entries), a ``changes`` stage minimises the
    agreed entries changed, never at the expense of the value beyond ``tolerance`` x V*; with a
    tolerance, a ``value_kept`` stage then maximises the value among plans with that many changes.
    """
    started = time.monotonic() if started is None else started
    scenario = builder.scenario
    runner = Runner(builder, options, on_progress, cancel, started)
    scale = builder.scales.value
    main_first = scenario.policy.objective == "main_first"

    first = runner.run(
        "main_value" if main_first else "value",
        value_expr(builder, main_only=main_first),
        maximise=True,
        hint=None,
    )
    solver_info = _solver_info(runner, options, scale)
    warnings = list(builder.scales.warnings)
    if not first.has_solution:
        infeasible = first.status == cp_model.INFEASIBLE
        diagnosis = None
        if infeasible and options.diagnose:
            from sq_opt.explain.diagnosis import diagnose

            try:
                diagnosis = diagnose(scenario, time_limit=runner.remaining(), frame=builder.frame)
            except TimeUp:  # the request's budget ran out while diagnosing
                diagnosis = None
            if diagnosis is None:
                warnings.append(t("diagnosis.no_time", "fr"))
        return empty_strategy(
            scenario,
            status="infeasible" if infeasible else "unknown",
            solve_seconds=time.monotonic() - started,
            solver=solver_info,
            warnings=warnings,
            diagnosis=diagnosis,
        )

    value_stage = first
    bound_target: Literal["value", "main_value"] = "main_value" if main_first else "value"
    if main_first and first.proven and runner.remaining() > MIN_STAGE_SECONDS:
        assert first.objective is not None
        builder.model.add(value_expr(builder, main_only=True) >= first.objective)
        second = runner.run("value", value_expr(builder), maximise=True, hint=first.solution)
        if second.has_solution:
            value_stage = second
            bound_target = "value"
    proven = all(stage.proven for stage in runner.stages) and value_stage.name == "value"
    value_plan = runner.plan()
    _verify_model_value(
        scenario, builder, value_plan, value_stage, main_only=value_stage.name == "main_value"
    )

    plan = value_plan
    assert value_stage.objective is not None
    floor = value_stage.objective
    tie_hint = value_stage.solution
    if builder.frame.agreed and value_stage.name == "value":
        floor, tie_hint, plan, proven = _fewest_changes(
            runner, value_stage, tolerance, proven, plan
        )
    canonical = False
    if options.tie_breaks and proven and runner.remaining() > MIN_STAGE_SECONDS:
        # the floor is a proven optimum unless a tolerance's value_kept stage did not run
        exact_floor = floor == value_stage.objective or runner.stages[-1].name == "value_kept"
        builder.model.add(value_expr(builder) >= floor)
        plan, canonical = _settle(runner, tie_hint, plan)
        canonical = canonical and exact_floor

    bound_scaled = value_stage.bound if value_stage.bound is not None else None
    strategy = strategy_from_plan(
        scenario,
        plan,
        status="optimal" if proven else "feasible",
        bound=None if bound_scaled is None else bound_scaled / scale,
        bound_target=bound_target,
        solve_seconds=time.monotonic() - started,
        solver=_solver_info(runner, options, scale, canonical),
        warnings=warnings,
        frame=builder.frame,
    )
    report = check(scenario, strategy, builder.frame)
    if not report.ok:
        details = "; ".join(v.message("en") for v in report.violations)
        raise PlanCheckError(f"the solver's plan fails the independent check: {details}")
    return strategy


def _settle(
    runner: Runner, hint: list[int] | None, plan: dict[str, int]
) -> tuple[dict[str, int], bool]:
    """The canonical plan of the proven values, then the tie-breaks from it; returns the plan and
    whether it is canonical (both stages settled by proof or by their deterministic budget).

    The model now holds only what the proven stages fixed (their optimal values), so it is the
    same whatever the load; ``canonical`` finds its first plan from no hint, one worker, no
    wall-clock dependence; ``tie_break`` improves it within a deterministic budget. Should the
    canonical stage find nothing, the tie-breaks start from the search's plan (not canonical)."""
    options = runner.options
    budget = max(1.0, CANONICAL_SHARE * options.time_limit)
    found = runner.run(
        "canonical",
        None,
        maximise=False,
        hint=[],
        deterministic=budget,
        parameters=SETTLE_PARAMETERS,
    )
    if found.has_solution:
        hint, plan = found.solution, runner.plan()
    if runner.remaining() <= MIN_STAGE_SECONDS:
        return plan, False
    tie = runner.run(
        "tie_break",
        tie_break_expr(runner.builder),
        maximise=False,
        hint=hint,
        deterministic=options.tie_break_limit,
        parameters=SETTLE_PARAMETERS,
    )
    if tie.has_solution:
        plan = runner.plan()
    return plan, found.has_solution and found.settled and tie.settled


def _fewest_changes(
    runner: Runner,
    value_stage: StageResult,
    tolerance: float,
    proven: bool,
    plan: dict[str, int],
) -> tuple[int, list[int] | None, dict[str, int], bool]:
    """Replanning: the fewest changes to what was agreed, never at the value's expense beyond
    ``tolerance``; returns the value floor for the tie-breaks, their hint, the plan, provenness."""
    builder = runner.builder
    assert value_stage.objective is not None
    best = value_stage.objective
    floor = best - math.floor(Fraction(repr(tolerance)) * best)
    if runner.remaining() <= MIN_STAGE_SECONDS:
        return best, value_stage.solution, plan, proven
    builder.model.add(value_expr(builder) >= floor)
    changes = runner.run(
        "changes", changes_expr(builder), maximise=False, hint=value_stage.solution
    )
    if not changes.has_solution:
        return best, value_stage.solution, plan, proven
    assert changes.objective is not None
    builder.model.add(changes_expr(builder) <= changes.objective)
    proven = proven and changes.proven
    last = changes
    if floor < best and runner.remaining() > MIN_STAGE_SECONDS:
        kept = runner.run("value_kept", value_expr(builder), maximise=True, hint=changes.solution)
        if kept.has_solution:
            assert kept.objective is not None
            proven, last = proven and kept.proven, kept
            return kept.objective, kept.solution, runner.plan(), proven
    runner_plan = runner.plan()
    return (
        (best if floor == best else _plan_value(runner, runner_plan)),
        last.solution,
        runner_plan,
        proven,
    )


def _plan_value(runner: Runner, plan: dict[str, int]) -> int:
    """The scaled exact value of a plan (a floor the tie-breaks must keep)."""
    builder = runner.builder
    ev = evaluate(builder.scenario, plan, builder.frame)
    return math.floor(ev.value * builder.scales.value)


def _verify_model_value(
    scenario: Scenario,
    builder: StrategyModelBuilder,
    plan: dict[str, int],
    stage: StageResult,
    *,
    main_only: bool,
) -> None:
    """The solver's internal value may never exceed the plan's exact value; at optimum, equal it."""
    ev = evaluate(scenario, plan, builder.frame)
    exact_scaled = (ev.main_value if main_only else ev.value) * builder.scales.value
    assert stage.objective is not None
    if stage.objective > exact_scaled or (stage.proven and stage.objective != exact_scaled):
        raise PlanCheckError(
            f"model value {stage.objective} disagrees with the plan's exact value {exact_scaled}"
        )


def _solver_info(
    runner: Runner, options: SolveOptions, scale: int, canonical: bool = False
) -> SolverInfo:
    params = runner.parameters()
    params["tie_breaks"] = options.tie_breaks
    params["tie_break_limit"] = options.tie_break_limit
    return SolverInfo(
        canonical=canonical,
        name="CP-SAT (OR-Tools)",
        version=importlib.metadata.version("ortools"),
        parameters=params,
        seed=options.seed,
        stages=[
            stage.info(1 if stage.name in UNSCALED_STAGES else scale) for stage in runner.stages
        ],
    )
