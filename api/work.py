"""The work the routes hand to the solver pool: module-level functions of picklable arguments (they
run in a worker process), each within the request's one budget (:mod:`sq_opt.budget`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from api.errors import ApiError
from api.schemas import (
    CompareItem,
    CompareResponse,
    ExplainResponse,
    ReplanRequest,
    WhatIfResponse,
)
from api.words import t
from models.explanation import Alternatives, Sensitivity
from models.followup import FollowUp
from models.i18n import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.compare import compare
from sq_opt.cycle.replan import replan
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.solve import ProgressCallback, solve


def with_notes(strategy: Strategy, notes: list[str]) -> Strategy:
    """The strategy with the server's notes (e.g. a capped time limit) in front of its warnings."""
    if not notes:
        return strategy
    return strategy.model_copy(update={"warnings": [*notes, *strategy.warnings]})


def solved(
    scenario: Scenario,
    options: SolveOptions,
    notes: list[str],
    on_progress: ProgressCallback | None = None,
) -> Strategy:
    return with_notes(solve(scenario, options, on_progress=on_progress), notes)


def _optimum(scenario: Scenario, options: SolveOptions, lang: Lang) -> Strategy:
    """The base optimum the analysis starts from (422 when the scenario has none)."""
    base = solve(scenario, options)
    if base.objective is None:
        raise ApiError(422, "invalid_scenario", t("analysis.no_optimum", lang))
    return base


def explained(
    scenario: Scenario, solutions: list[str] | None, options: SolveOptions, notes: list[str]
) -> ExplainResponse:
    strategy = with_notes(solve(scenario, options), notes)
    if strategy.objective is None:
        return ExplainResponse(strategy=strategy, explanation=None)
    explanation = explain_solutions(scenario, solutions, options, base=strategy)
    return ExplainResponse(strategy=strategy, explanation=explanation)


def tables(strategies: list[tuple[str, Strategy]], lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The comparison's data tables: codes as keys, periods as numbers, in every language."""
    return compare(strategies, lang).records()


def whatif(
    scenario: Scenario, variant: Scenario, notes: list[str], options: SolveOptions, lang: Lang
) -> WhatIfResponse:
    base = solve(scenario, options)
    other = solve(variant, options, hint={a.solution: a.start for a in base.actions})
    labels = ("base", "variant")  # keys of the comparison: the same in every language
    return WhatIfResponse(
        base=base,
        variant=other,
        notes=notes,
        comparison=tables([(labels[0], base), (labels[1], other)], lang),
    )


def alternatives_of(
    scenario: Scenario,
    count: int,
    tolerance: float,
    diversity: int,
    options: SolveOptions,
    lang: Lang,
) -> Alternatives:
    base = _optimum(scenario, options, lang)
    return alternatives(
        scenario, count, tolerance=tolerance, diversity=diversity, options=options, base=base
    )


def sensitivity_of(
    scenario: Scenario, step: float, weights: bool, options: SolveOptions, lang: Lang
) -> Sensitivity:
    base = _optimum(scenario, options, lang)
    return sensitivity(scenario, options, step=step, base=base, weights=weights)


def compared(items: Sequence[CompareItem], options: SolveOptions, lang: Lang) -> CompareResponse:
    strategies = []
    for item in items:
        strategy = item.strategy
        if strategy is None:
            assert item.scenario is not None
            strategy = solve(item.scenario, options)
        strategies.append((item.label, strategy))
    return CompareResponse(tables=tables(strategies, lang))


def replanned(
    scenario: Scenario, followup: FollowUp, request: ReplanRequest, options: SolveOptions
) -> Strategy:
    """The library's replan (its ScenarioError crosses back to the route, which places it)."""
    return replan(scenario, followup, request.date, options, tolerance=request.tolerance)
