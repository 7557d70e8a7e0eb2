"""Robustness analysis by sampling: the core index of every solution and the nominal plan's regret.

Each draw ``i`` gives every uncertain effect a value within its range (:mod:`sampling`, depending
only on the seed and ``i``) and is solved exactly (its own optimum, "what we would do if we knew").
Over the draws with a plan:

- a solution's **probability** is the share of the draws' optimal plans that select it; its class
  is ``core`` (in every sampled optimum), ``exterior`` (in none) or ``borderline``;
- the nominal plan (``solve`` at the nominal effects) is evaluated with the draw's effects: its
  **regret** is the draw's optimal value minus the nominal plan's value (exact arithmetic).

A draw is a whole scenario: a rule that reads effects (``min_coverage``, the main share) is kept
with the drawn effects, so a draw may be infeasible, and the nominal plan may break such a rule
in a draw (counted, its value still compared). Draws run through :func:`sq_opt.distributed.
run_tasks` (serially or on Dask) with one CP-SAT worker each.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import Counter
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from models.options import SolveOptions
from models.robust import (
    DEFAULT_SAMPLES,
    ActionRobustness,
    Distribution,
    Draw,
    NominalPlan,
    RegretSummary,
    RobustClass,
    Robustness,
    RunInfo,
)
from models.scenario import Scenario
from sq_opt.check import Violation, check_max_problems, check_min_coverage, check_min_main_share
from sq_opt.distributed import LOCAL, Progress, describe, run_tasks
from sq_opt.evaluate import evaluate
from sq_opt.robust.ranges import EffectRange, effect_ranges, with_effects
from sq_opt.robust.sampling import draw_effects
from sq_opt.solve import solve

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client


_CACHE: dict[str, tuple[Scenario, list[EffectRange]]] = {}
_CACHE_LOCK = threading.Lock()


def load_robustness(path: str) -> Robustness:
    """A saved ``sq-opt robust --format json`` result (errors with their paths)."""
    from pydantic import ValidationError

    from models.issues import ScenarioError
    from sq_opt.io.errors import issues_from_validation_error
    from sq_opt.io.formats import read_document

    try:
        return Robustness.model_validate(read_document(path))
    except ValidationError as err:
        raise ScenarioError(issues_from_validation_error(err), path) from None


def task_options(options: SolveOptions | None) -> SolveOptions:
    """The options of one task's solve: one CP-SAT worker (deterministic), no diagnosis, and
    tie-breaks with a deterministic budget of the time limit's size, so that a solve finishing in
    time gives the same plan on any machine."""
    options = options or SolveOptions()
    return options.model_copy(
        update={
            "workers": 1,
            "diagnose": False,
            "log": False,
            "tie_break_limit": options.time_limit,
        }
    )


def scenario_payload(scenario: Scenario) -> dict[str, Any]:
    """A scenario as plain data with its digest (workers parse it once per digest)."""
    data = scenario.model_dump(mode="json", exclude_unset=True)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
    return {"digest": digest, "scenario": data}


def cached_scenario(shared: dict[str, Any]) -> Scenario:
    """The scenario of a task payload, parsed once per process."""
    return _cached(shared)[0]


def _cached(shared: dict[str, Any]) -> tuple[Scenario, list[EffectRange]]:
    key = shared["digest"]
    with _CACHE_LOCK:
        found = _CACHE.get(key)
    if found is None:
        scenario = Scenario.model_validate(shared["scenario"])
        ranges = [EffectRange(*row) for row in shared.get("ranges", [])]
        found = (scenario, ranges)
        with _CACHE_LOCK:
            if len(_CACHE) > 64:
                _CACHE.clear()
            _CACHE[key] = found
    return found


def solve_draw(index: int, shared: dict[str, Any]) -> dict[str, Any]:
    """Task: draw ``index``'s effects, its optimum and the nominal plan's value (plain data)."""
    scenario, ranges = _cached(shared)
    effects = draw_effects(ranges, shared["seed"], index, shared["distribution"])
    drawn = with_effects(scenario, effects)
    strategy = solve(drawn, SolveOptions.model_validate(shared["options"]))
    nominal: dict[str, int] = shared["nominal"]
    ev_nominal = evaluate(drawn, nominal)
    broken: list[Violation] = []
    check_min_coverage(drawn, ev_nominal, broken)
    check_min_main_share(drawn, ev_nominal, broken)
    check_max_problems(drawn, ev_nominal, broken)
    row: dict[str, Any] = {
        "sample": index,
        "status": strategy.status,
        "value": None,
        "nominal_value": float(ev_nominal.value),
        "regret": None,
        "nominal_misses_rules": bool(broken),
        "selected": [],
    }
    if strategy.objective is not None:
        plan = {a.solution: a.start for a in strategy.actions}
        value = evaluate(drawn, plan).value
        order = {s.id: k for k, s in enumerate(scenario.solutions)}
        row.update(
            value=float(value),
            regret=float(value - ev_nominal.value),
            selected=sorted(plan, key=order.__getitem__),
        )
    return row


def classify(probability: Fraction) -> RobustClass:
    """core (1), exterior (0), borderline (in between)."""
    if probability == 1:
        return "core"
    return "exterior" if probability == 0 else "borderline"


def analyse_robustness(
    scenario: Scenario,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    uncertainty: float | None = None,
    distribution: Distribution = "uniform",
    options: SolveOptions | None = None,
    scheduler: str = LOCAL,
    workers: int | None = None,
    client: Client | None = None,
    on_done: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Robustness:
    """Solve ``samples`` draws of the effects (see the module's doc) and summarise them."""
    started = time.monotonic()
    options = task_options(options)
    ranges = effect_ranges(scenario, uncertainty)
    nominal = solve(scenario, options)
    nominal_plan = {a.solution: a.start for a in nominal.actions}
    selected = [s.id for s in scenario.solutions if s.id in nominal_plan]
    rows: list[dict[str, Any]] = []
    if nominal.objective is not None and samples > 0:
        shared = {
            **scenario_payload(scenario),
            "ranges": [[r.solution, r.problem, r.low, r.nominal, r.high] for r in ranges],
            "seed": seed,
            "distribution": distribution,
            "options": options.model_dump(mode="json"),
            "nominal": nominal_plan,
        }
        shared["digest"] += hashlib.sha256(json.dumps(shared["ranges"]).encode()).hexdigest()[:16]
        rows = run_tasks(
            solve_draw,
            list(range(samples)),
            shared,
            scheduler=scheduler,
            workers=workers,
            client=client,
            on_done=on_done,
            cancel=cancel,
        )
    where, count = describe(scheduler, workers, client)
    return summarise(
        scenario,
        rows,
        seed=seed,
        uncertainty=uncertainty,
        distribution=distribution,
        ranges=ranges,
        nominal=NominalPlan(status=nominal.status, objective=nominal.objective, selected=selected),
        run=RunInfo(scheduler=where, workers=count, seconds=round(time.monotonic() - started, 3)),
    )


def summarise(
    scenario: Scenario,
    rows: list[dict[str, Any]],
    *,
    seed: int,
    uncertainty: float | None,
    distribution: Distribution,
    ranges: list[EffectRange],
    nominal: NominalPlan,
    run: RunInfo | None = None,
) -> Robustness:
    """The robustness result of the draws' rows (core index, regret distribution)."""
    draws = [Draw.model_validate(row) for row in sorted(rows, key=lambda r: r["sample"])]
    solved = [d for d in draws if d.value is not None]
    counts = Counter(sid for d in solved for sid in d.selected)
    actions = []
    if solved:
        for solution in scenario.solutions:
            probability = Fraction(counts[solution.id], len(solved))
            actions.append(
                ActionRobustness(
                    solution=solution.id,
                    title=solution.title,
                    probability=float(probability),
                    robust_class=classify(probability),
                    in_nominal=solution.id in nominal.selected,
                )
            )
        order = {s.id: k for k, s in enumerate(scenario.solutions)}
        actions.sort(key=lambda a: (-a.probability, order[a.solution]))
    return Robustness(
        scenario=scenario.name,
        samples=len(draws),
        seed=seed,
        uncertainty=uncertainty,
        distribution=distribution,
        uncertain_effects=sum(1 for r in ranges if r.uncertain),
        nominal=nominal,
        solved=len(solved),
        statuses=dict(sorted(Counter(d.status for d in draws).items())),
        actions=actions,
        regret=_regret(solved),
        nominal_misses_rules=sum(1 for d in draws if d.nominal_misses_rules),
        draws=draws,
        run=run,
    )


def robustness_tables(result: Robustness) -> dict[str, pd.DataFrame]:
    """The result as pandas tables: ``actions`` (solution, title, probability, class, in the
    nominal plan) and ``draws`` (sample, status, value, nominal value, regret, selected)."""
    import pandas as pd

    actions = pd.DataFrame.from_records(
        [a.model_dump(by_alias=True) for a in result.actions],
        columns=["solution", "title", "probability", "class", "in_nominal"],
    )
    draws = pd.DataFrame.from_records(
        [{**d.model_dump(), "selected": " ".join(d.selected)} for d in result.draws],
        columns=[
            "sample",
            "status",
            "value",
            "nominal_value",
            "regret",
            "nominal_misses_rules",
            "selected",
        ],
    )
    return {"actions": actions, "draws": draws}


def _regret(solved: list[Draw]) -> RegretSummary | None:
    if not solved:
        return None
    regrets = np.array([d.regret or 0.0 for d in solved])
    relative = [(d.regret or 0.0) / d.value for d in solved if d.value is not None and d.value > 0]
    return RegretSummary(
        mean=float(regrets.mean()),
        median=float(np.median(regrets)),
        p90=float(np.percentile(regrets, 90)),
        max=float(regrets.max()),
        zero_share=float(np.mean(np.abs(regrets) < 1e-9)),
        mean_relative=float(np.mean(relative)) if relative else 0.0,
    )
