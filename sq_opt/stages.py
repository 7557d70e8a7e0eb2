"""One CP-SAT stage of the staged solve: the runner that shares the model, the deadline and the
parameters between stages, and the record of each stage.

Two kinds of stages:
- *search* stages (the value, replanning's changes): every worker, the wall-clock deadline;
  their result is a proven optimum or the best found in time, and their plan may depend on
  the load (which of several optimal plans a thread reaches first);
- *deterministic* stages (the canonical plan and the tie-breaks): one worker, a fixed seed and a
  deterministic-time budget (CP-SAT counts work, not seconds), so that on the same model they
  end on the same plan whatever the load; the wall-clock deadline only guards them, and a stage
  it cuts is recorded as such (``StageResult.settled`` is False).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from models.issues import Issue, ScenarioError
from models.options import SolveOptions
from sq_opt.budget import Switch
from sq_opt.budget import current as current_budget
from sq_opt.model.builder import StrategyModelBuilder
from sq_opt.workers import default_workers

logger = logging.getLogger(__name__)

# Stages whose objective is not a value (their progress repeats the last value stage's figures).
UNSCALED_STAGES = frozenset({"tie_break", "changes", "canonical"})

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
    # deterministic stages: ended by a proof or by their deterministic budget (not by the wall
    # clock or a cancellation), so that the same model gives the same result
    settled: bool = False

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
        if self.objective is None and self.status == cp_model.OPTIMAL:
            status = "found"  # a feasibility stage (no objective)
        else:
            status = "optimal" if self.proven else _STATUS_NAMES.get(self.status, "unknown")
        return {
            "stage": self.name,
            "status": status,
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


class Runner:
    """Runs stages on one model, sharing the deadline and the solver parameters."""

    def __init__(
        self,
        builder: StrategyModelBuilder,
        options: SolveOptions,
        on_progress: ProgressCallback | None,
        cancel: Switch | None = None,
        started: float | None = None,
    ) -> None:
        """``started``: when the caller began (the time limit counts model building too). The
        deadline is no later than the request's budget (:mod:`sq_opt.budget`), whose cancel
        stops the stages too."""
        self.builder = builder
        self.options = options
        self.on_progress = on_progress
        self.started = time.monotonic() if started is None else started
        budget = current_budget().narrowed(
            options.time_limit - (time.monotonic() - self.started), cancel
        )
        self.cancel: Switch | None = budget.cancel
        self.deadline = budget.deadline if budget.deadline is not None else math.inf
        self.stages: list[StageResult] = []
        self.last_progress: Progress | None = None
        self._last_solver: cp_model.CpSolver | None = None

    def _remember(self, progress: Progress) -> None:
        self.last_progress = progress
        if self.on_progress is not None:
            self.on_progress(progress)

    def remaining(self) -> float:
        """Seconds left for further stages (none once cancelled)."""
        if self.cancel is not None and self.cancel.is_set():
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

    def _solver(
        self,
        limit: float | None,
        deterministic: float | None,
        parameters: Mapping[str, int | float | bool] | None = None,
    ) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        budget = self.remaining() if limit is None else min(self.remaining(), limit)
        solver.parameters.max_time_in_seconds = max(budget, 0.001)
        if deterministic is None:
            params = self.parameters()
            solver.parameters.num_workers = params["num_workers"]
            solver.parameters.random_seed = params["random_seed"]
            solver.parameters.relative_gap_limit = params["relative_gap_limit"]
        else:  # one worker, a fixed seed, a budget of work: the same model, the same result
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = 0
            solver.parameters.max_deterministic_time = deterministic
        for name, value in (parameters or {}).items():
            setattr(solver.parameters, name, value)
        if self.options.log:
            solver.parameters.log_search_progress = True
            solver.parameters.log_to_stdout = False
            solver.log_callback = lambda line: logger.info("cp-sat: %s", line)
        return solver

    def _set_objective(self, objective: cp_model.LinearExprT | None, maximise: bool) -> None:
        model = self.builder.model
        if objective is None:
            model.clear_objective()  # type: ignore[no-untyped-call]
        elif maximise:
            model.maximize(objective)
        else:
            model.minimize(objective)

    def _set_hint(self, hint: list[int] | None) -> None:
        """``None`` keeps the model's hint; a list (empty: none) replaces it."""
        if hint is None:
            return
        model = self.builder.model
        model.clear_hints()  # type: ignore[no-untyped-call]
        model.proto.solution_hint.vars.extend(range(len(hint)))
        model.proto.solution_hint.values.extend(hint)

    def _announce(self, name: str) -> _ProgressRelay | None:
        """Progress: a value stage relays its solutions; the others repeat the last figures."""
        if self.on_progress is None:
            return None
        if name in UNSCALED_STAGES:
            last = self.last_progress
            self.on_progress(
                Progress(
                    name,
                    last.best if last else None,
                    last.bound if last else None,
                    time.monotonic() - self.started,
                )
            )
            return None
        return _ProgressRelay(name, self.builder.scales.value, self.started, self._remember)

    def run(
        self,
        name: str,
        objective: cp_model.LinearExprT | None,
        maximise: bool,
        hint: list[int] | None,
        limit: float | None = None,
        deterministic: float | None = None,
        parameters: Mapping[str, int | float | bool] | None = None,
    ) -> StageResult:
        """One stage. ``objective`` None: a feasibility stage (the first plan found).
        ``deterministic``: a deterministic stage with this budget of deterministic time.
        ``parameters``: CP-SAT parameters of this stage only (after the runner's)."""
        model = self.builder.model
        self._set_objective(objective, maximise)
        self._set_hint(hint)
        solver = self._solver(limit, deterministic, parameters)
        relay = self._announce(name)
        if relay is not None:
            solver.best_bound_callback = relay.on_bound
        begun = time.monotonic()
        done = threading.Event()
        watcher = None
        if self.cancel is not None:  # something may stop this search from outside
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
        has_objective = objective is not None
        settled = deterministic is not None and (
            status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
            or solver.response_proto.deterministic_time >= deterministic
        )
        result = StageResult(
            name=name,
            status=status,
            objective=round(solver.objective_value) if found and has_objective else None,
            bound=round(solver.best_objective_bound) if found and has_objective else None,
            seconds=seconds,
            solution=list(solver.response_proto.solution) if found else None,
            settled=settled,
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
        """The plan of the last stage that found one."""
        assert self._last_solver is not None
        return self.builder.vars.plan(self._last_solver)


def _stop_when(cancel: Switch, done: threading.Event, solver: cp_model.CpSolver) -> None:
    """Stop the search as soon as ``cancel`` is set (until the solve is ``done``)."""
    while not done.wait(0.05):
        if cancel.is_set():
            solver.stop_search()
            return
