"""Stateless operations: solve, validate, check and the decision-support operations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from api.deps import LangDep, PoolDep, PrincipalDep, SettingsDep
from api.errors import ApiError, issue_details
from api.routes.common import (
    ERRORS,
    EXAMPLE_SCENARIO,
    admitted,
    capped,
    check_scenario,
    in_pool,
    with_notes,
)
from api.schemas import (
    AlternativesRequest,
    CheckRequest,
    CheckResponse,
    CompareRequest,
    CompareResponse,
    Detail,
    ExplainRequest,
    ExplainResponse,
    SensitivityRequest,
    SolveRequest,
    ValidateRequest,
    ValidateResponse,
    ViolationOut,
    WhatIfRequest,
    WhatIfResponse,
)
from api.words import t
from models.explanation import Alternatives, Sensitivity
from models.i18n import Lang
from models.issues import ScenarioError, name_items
from models.options import SolveOptions
from models.scenario import Scenario
from models.semantics import scenario_warnings
from models.strategy import Strategy
from sq_opt.check import check
from sq_opt.compare import compare
from sq_opt.explain.alternatives import alternatives
from sq_opt.explain.sensitivity import sensitivity
from sq_opt.explain.why import explain_solutions
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve
from sq_opt.variants import apply_changes
from sq_opt.views.text import render_summary

router = APIRouter(prefix="/v1", tags=["résolution"], responses=ERRORS)

SOLVE_EXAMPLES = {
    "secteur": {
        "summary": "Un petit secteur",
        "value": {"scenario": EXAMPLE_SCENARIO, "options": {"time_limit": 5}},
    }
}


def _optimum(scenario: Scenario, options: SolveOptions, lang: Lang) -> Strategy:
    """The base optimum the analysis starts from (422 when the scenario has none)."""
    base = solve(scenario, options)
    if base.objective is None:
        raise ApiError(422, "invalid_scenario", t("analysis.no_optimum", lang))
    return base


@router.post("/solve", response_model=Strategy, summary="Calculer la stratégie optimale")
async def solve_endpoint(
    request: Annotated[SolveRequest, Body(openapi_examples=SOLVE_EXAMPLES)],
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> Strategy:
    """Same semantics and JSON as `sq-opt solve --format json`; an infeasible scenario answers 200
    with status `infeasible` and its diagnosis."""
    options, notes = admitted(request, principal, settings, lang)
    strategy = await in_pool(pool, settings, solve, request.scenario, options)
    return with_notes(strategy, notes)


@router.post("/validate", response_model=ValidateResponse, summary="Valider un scénario")
def validate_endpoint(
    request: ValidateRequest, principal: PrincipalDep, lang: LangDep
) -> ValidateResponse:
    """All errors at once with their paths (as `sq-opt validate`), or the scenario's summary."""
    try:
        scenario = parse_scenario(request.scenario)
    except ScenarioError as err:
        return ValidateResponse(
            valid=False, errors=[Detail(**d) for d in issue_details(err.issues, lang)]
        )
    warnings = name_items(scenario_warnings(scenario), request.scenario)
    return ValidateResponse(
        valid=True,
        name=scenario.name,
        summary=render_summary(scenario, lang),
        warnings=[Detail(**d) for d in issue_details(warnings, lang)],
    )


@router.post("/check", response_model=CheckResponse, summary="Vérifier une stratégie sans solveur")
def check_endpoint(
    request: CheckRequest, principal: PrincipalDep, settings: SettingsDep, lang: LangDep
) -> CheckResponse:
    check_scenario(request.scenario, principal, settings, lang)
    report = check(request.scenario, request.strategy)
    return CheckResponse(
        ok=report.ok,
        objective=report.objective,
        main_value=report.main_value,
        violations=[
            ViolationOut(rule=v.rule, code=v.code, message=v.message(lang))
            for v in report.violations
        ],
    )


@router.post(
    "/explain", response_model=ExplainResponse, summary="Pourquoi / pourquoi pas, ou diagnostic"
)
async def explain_endpoint(
    request: ExplainRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> ExplainResponse:
    options, notes = admitted(request, principal, settings, lang)

    def work() -> ExplainResponse:
        strategy = with_notes(solve(request.scenario, options), notes)
        if strategy.objective is None:
            return ExplainResponse(strategy=strategy, explanation=None)
        explanation = explain_solutions(request.scenario, request.solutions, options, base=strategy)
        return ExplainResponse(strategy=strategy, explanation=explanation)

    return await in_pool(pool, settings, work)


def _tables(strategies: list[tuple[str, Strategy]], lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """The comparison's data tables: codes as keys, periods as numbers, in every language."""
    return compare(strategies, lang).records()


@router.post(
    "/whatif", response_model=WhatIfResponse, summary="Re-résoudre une copie modifiée et comparer"
)
async def whatif_endpoint(
    request: WhatIfRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> WhatIfResponse:
    options, _ = admitted(request, principal, settings, lang)
    variant, notes = apply_changes(request.scenario, request.changes, source="changes", lang=lang)
    check_scenario(variant, principal, settings, lang)

    def work() -> WhatIfResponse:
        base = solve(request.scenario, options)
        other = solve(variant, options, hint={a.solution: a.start for a in base.actions})
        labels = ("base", "variant")  # keys of the comparison: the same in every language
        return WhatIfResponse(
            base=base,
            variant=other,
            notes=notes,
            comparison=_tables([(labels[0], base), (labels[1], other)], lang),
        )

    return await in_pool(pool, settings, work)


@router.post(
    "/alternatives",
    response_model=Alternatives,
    summary="Stratégies alternatives proches de l'optimum",
)
async def alternatives_endpoint(
    request: AlternativesRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> Alternatives:
    options, _ = admitted(request, principal, settings, lang)

    def work() -> Alternatives:
        base = _optimum(request.scenario, options, lang)
        return alternatives(
            request.scenario,
            request.count,
            tolerance=request.tolerance,
            diversity=request.diversity,
            options=options,
            base=base,
        )

    return await in_pool(pool, settings, work)


@router.post(
    "/sensitivity", response_model=Sensitivity, summary="Sensibilité aux capacités et aux poids"
)
async def sensitivity_endpoint(
    request: SensitivityRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> Sensitivity:
    options, _ = admitted(request, principal, settings, lang)

    def work() -> Sensitivity:
        base = _optimum(request.scenario, options, lang)
        return sensitivity(
            request.scenario, options, step=request.step, base=base, weights=request.weights
        )

    return await in_pool(pool, settings, work)


@router.post("/compare", response_model=CompareResponse, summary="Comparer des allocations")
async def compare_endpoint(
    request: CompareRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> CompareResponse:
    for k, item in enumerate(request.items):
        if (item.scenario is None) == (item.strategy is None):
            raise ApiError(
                422,
                "invalid_request",
                details=[{"path": f"items[{k}]", "message": t("compare.either", lang)}],
            )
        if item.scenario is not None:
            check_scenario(item.scenario, principal, settings, lang)
    options, _ = capped(request.options, settings, lang)

    def work() -> CompareResponse:
        strategies = []
        for item in request.items:
            strategy = item.strategy if item.strategy is not None else solve(item.scenario, options)  # type: ignore[arg-type]
            strategies.append((item.label, strategy))
        return CompareResponse(tables=_tables(strategies, lang))

    return await in_pool(pool, settings, work)
