"""``solve(scenario, options) -> Strategy``: staged CP-SAT solve, status, checked result.

Stages (each warm-started from the previous one's solution):
1. ``weighted``: maximise V. ``main_first``: maximise the main value, then (stage 2) keep it and
   maximise V.
2. Tie-breaks, never at the expense of the above: least normalised resource use, then earliest
   starts (only when the value stages are proven optimal and time remains).
The returned plan is verified by :func:`sq_opt.check.check`; a rejected plan raises
:class:`PlanCheckError` (a bug), it is never returned.
"""

from __future__ import annotations

import importlib.metadata
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from ortools.sat.python import cp_model

from models.issues import Issue, ScenarioError
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

logger = logging.getLogger(__name__)

MIN_STAGE_SECONDS = 0.05
# Stages whose objective is not a value (their progress repeats the last value stage's figures).
UNSCALED_STAGES = frozenset({"tie_break", "changes"})
# CP-SAT's portfolio (LNS, LP, core-based workers) needs about 8 workers to be complete; on a
# 2-core machine 8 threads beat 2 on instances up to a few hundred solutions (proofs), while on
# department-sized ones the threads starve each other and the CPU count does better
# (docs/benchmarks.md).
DEFAULT_WORKERS = 8
LARGE_SCENARIO = 500


def default_workers(solutions: int) -> int:
    """Search workers when the options leave it open."""
    cpus = os.cpu_count() or 1
    return max(DEFAULT_WORKERS, cpus) if solutions <= LARGE_SCENARIO else max(2, cpus)


_STATUS_NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "model_invalid",
}


@dataclass(frozen=True)
class Progress:
    """A snapshot of a running solve (values in the user's units)."""

    stage: str
    best: float | None
    bound: float | None
    elapsed: float


ProgressCallback = Callable[[Progress], None]


@dataclass
class StageResult:
    name: str
    status: Any  # cp_model status (an enum in recent OR-Tools, an int in older ones)
    objective: int | None
    bound: int | None
    seconds: float
    solution: list[int] | None

    @property
    def has_solution(self) -> bool:
        return self.solution is not None

    @property
    def proven(self) -> bool:
        return (
            self.status == cp_model.OPTIMAL
            and self.objective is not None
            and self.bound == self.objective
        )

    def info(self, scale: int) -> dict[str, Any]:
        return {
            "stage": self.name,
            "status": "optimal" if self.proven else _STATUS_NAMES.get(self.status, "unknown"),
            "objective": None if self.objective is None else self.objective / scale,
            "bound": None if self.bound is None else self.bound / scale,
            "seconds": round(self.seconds, 4),
        }


class _ProgressRelay(cp_model.CpSolverSolutionCallback):
    """Forwards improving solutions and bounds to the user's progress callback."""

    def __init__(self, stage: str, scale: int, started: float, callback: ProgressCallback) -> None:
        super().__init__()
        self.stage, self.scale, self.started = stage, scale, started
        self.callback = callback
        self.best: float | None = None
        self.bound: float | None = None

    def _emit(self) -> None:
        self.callback(Progress(self.stage, self.best, self.bound, time.monotonic() - self.started))

    def on_solution_callback(self) -> None:
        self.best = self.objective_value / self.scale
        self.bound = self.best_objective_bound / self.scale
        self._emit()

    def on_bound(self, bound: float) -> None:
        self.bound = bound / self.scale
        self._emit()


class _Runner:
    """Runs stages on one model, sharing the deadline and the solver parameters."""

    def __init__(
        self,
        builder: StrategyModelBuilder,
        options: SolveOptions,
        on_progress: ProgressCallback | None,
        cancel: Switch | None = None,
        started: float | None = None,
    ) -> None:
        self.builder = builder
        self.options = options
        self.on_progress = on_progress
        self.started = time.monotonic() if started is None else started
        # the time limit counts from the start of the solve (model building included) and ends
        # no later than the request's budget (sq_opt.budget), whose cancel stops it too
        budget = current_budget().narrowed(
            options.time_limit - (time.monotonic() - self.started), cancel
        )
        self.cancel: Switch = budget.cancel or threading.Event()
        self.deadline = budget.deadline if budget.deadline is not None else math.inf
        self.stages: list[StageResult] = []
        self.last_progress: Progress | None = None

    def _remember(self, progress: Progress) -> None:
        self.last_progress = progress
        if self.on_progress is not None:
            self.on_progress(progress)

    def remaining(self) -> float:
        """Seconds left for further stages (none once cancelled)."""
        if self.cancel.is_set():
            return 0.0
        return self.deadline - time.monotonic()

    def parameters(self) -> dict[str, Any]:
        return {
            "max_time_in_seconds": self.options.time_limit,
            "num_workers": self.options.workers
            or default_workers(len(self.builder.scenario.solutions)),
            "random_seed": self.options.seed,
            "relative_gap_limit": self.options.relative_gap,
        }

    def run(
        self,
        name: str,
        objective: cp_model.LinearExprT,
        maximise: bool,
        hint: list[int] | None,
        limit: float | None = None,
    ) -> StageResult:
        model = self.builder.model
        if maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)
        if hint is not None:
            model.clear_hints()  # type: ignore[no-untyped-call]
            model.proto.solution_hint.vars.extend(range(len(hint)))
            model.proto.solution_hint.values.extend(hint)
        solver = cp_model.CpSolver()
        params = self.parameters()
        budget = self.remaining() if limit is None else min(self.remaining(), limit)
        solver.parameters.max_time_in_seconds = max(budget, 0.001)
        solver.parameters.num_workers = params["num_workers"]
        solver.parameters.random_seed = params["random_seed"]
        solver.parameters.relative_gap_limit = params["relative_gap_limit"]
        if self.options.log:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = lambda line: logger.info("cp-sat: %s", line)
        relay = None
        if self.on_progress is not None and name in UNSCALED_STAGES:
            last = self.last_progress
            self.on_progress(
                Progress(
                    name,
                    last.best if last else None,
                    last.bound if last else None,
                    time.monotonic() - self.started,
                )
            )
        elif self.on_progress is not None:
            relay = _ProgressRelay(name, self.builder.scales.value, self.started, self._remember)
            solver.best_bound_callback = relay.on_bound
        begun = time.monotonic()
        done = threading.Event()
        watcher = None
        if self.cancel is not None:
            watcher = threading.Thread(
                target=_stop_when, args=(self.cancel, done, solver), daemon=True
            )
            watcher.start()
        try:
            status = solver.solve(model, relay)
        finally:
            done.set()
            if watcher is not None:
                watcher.join()
        seconds = time.monotonic() - begun
        if status == cp_model.MODEL_INVALID:  # numbers beyond what check_magnitudes foresaw
            logger.error("CP-SAT rejected the model: %s", model.validate()[:2000])
            raise ScenarioError([Issue("", "model_invalid", {})])
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        result = StageResult(
            name=name,
            status=status,
            objective=round(solver.objective_value) if found else None,
            bound=round(solver.best_objective_bound) if found else None,
            seconds=seconds,
            solution=list(solver.response_proto.solution) if found else None,
        )
        if found:
            self._last_solver = solver
            if relay is not None:  # the final word of a value stage: its proven bound
                scale = self.builder.scales.value
                self._remember(
                    Progress(
                        name,
                        solver.objective_value / scale,
                        solver.best_objective_bound / scale,
                        time.monotonic() - self.started,
                    )
                )
        self.stages.append(result)
        logger.debug("stage %s: %s in %.3fs", name, solver.status_name(status), seconds)
        return result

    def plan(self) -> dict[str, int]:
        return self.builder.vars.plan(self._last_solver)


def _stop_when(cancel: Switch, done: threading.Event, solver: cp_model.CpSolver) -> None:
    """Stop the search as soon as ``cancel`` is set (until the solve is ``done``)."""
    while not done.wait(0.05):
        if cancel.is_set():
            solver.stop_search()
            return


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
    runner = _Runner(builder, options, on_progress, cancel, started)
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
                diagnosis = diagnose(
                    scenario, time_limit=max(runner.remaining(), 5.0), frame=builder.frame
                )
            except TimeUp:  # the request's budget ran out while diagnosing
                diagnosis = None
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
    if options.tie_breaks and proven and runner.remaining() > MIN_STAGE_SECONDS:
        builder.model.add(value_expr(builder) >= floor)
        # a cosmetic stage: never longer than the value stages took (at least 0.1 s)
        limit, spent = options.tie_break_limit, max(0.1, sum(s.seconds for s in runner.stages))
        limit = min(limit, spent) if options.tie_break_relative else limit
        tie = runner.run("tie_break", tie_break_expr(builder), False, hint=tie_hint, limit=limit)
        if tie.has_solution:
            plan = runner.plan()

    bound_scaled = value_stage.bound if value_stage.bound is not None else None
    strategy = strategy_from_plan(
        scenario,
        plan,
        status="optimal" if proven else "feasible",
        bound=None if bound_scaled is None else bound_scaled / scale,
        bound_target=bound_target,
        solve_seconds=time.monotonic() - started,
        solver=_solver_info(runner, options, scale),
        warnings=warnings,
        frame=builder.frame,
    )
    report = check(scenario, strategy, builder.frame)
    if not report.ok:
        details = "; ".join(v.message("en") for v in report.violations)
        raise PlanCheckError(f"the solver's plan fails the independent check: {details}")
    return strategy


def _fewest_changes(
    runner: _Runner,
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


def _plan_value(runner: _Runner, plan: dict[str, int]) -> int:
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


def _solver_info(runner: _Runner, options: SolveOptions, scale: int) -> SolverInfo:
    params = runner.parameters()
    params["tie_breaks"] = options.tie_breaks
    return SolverInfo(
        name="CP-SAT (OR-Tools)",
        version=importlib.metadata.version("ortools"),
        parameters=params,
        seed=options.seed,
        stages=[
            stage.info(1 if stage.name in UNSCALED_STAGES else scale) for stage in runner.stages
        ],
    )
