"""Stateless operations: solve, validate, check and the decision-support operations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from api import work
from api.deps import LangDep, PoolDep, PrincipalDep, SettingsDep
from api.errors import ApiError, issue_details
from api.routes.common import (
    ERRORS,
    EXAMPLE_SCENARIO,
    admitted,
    capped,
    check_scenario,
    in_pool,
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
from models.issues import ScenarioError, name_items
from models.semantics import scenario_warnings
from models.strategy import Strategy
from sq_opt.check import check
from sq_opt.io.scenarios import parse_scenario
from sq_opt.model.scaling import rounding_issues
from sq_opt.variants import apply_changes
from sq_opt.views.text import render_summary

router = APIRouter(prefix="/v1", tags=["résolution"], responses=ERRORS)

SOLVE_EXAMPLES = {
    "secteur": {
        "summary": "Un petit secteur",
        "value": {"scenario": EXAMPLE_SCENARIO, "options": {"time_limit": 5}},
    }
}


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
    return await in_pool(
        pool, settings, work.solved, request.scenario, options, notes, seconds=options.time_limit
    )


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
    warnings = scenario_warnings(scenario) + rounding_issues(scenario)
    warnings = name_items(warnings, request.scenario)
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
    """Every solve of the request (the base, then one per solution explained) within its one
    time limit (422 `time_limit_reached` beyond); a solution named twice is explained once."""
    options, notes = admitted(request, principal, settings, lang)
    wanted = None if request.solutions is None else list(dict.fromkeys(request.solutions))
    return await in_pool(
        pool,
        settings,
        work.explained,
        request.scenario,
        wanted,
        options,
        notes,
        seconds=options.time_limit,
    )


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
    return await in_pool(
        pool,
        settings,
        work.whatif,
        request.scenario,
        variant,
        notes,
        options,
        lang,
        seconds=options.time_limit,
    )


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
    return await in_pool(
        pool,
        settings,
        work.alternatives_of,
        request.scenario,
        request.count,
        request.tolerance,
        request.diversity,
        options,
        lang,
        seconds=options.time_limit,
    )


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
    return await in_pool(
        pool,
        settings,
        work.sensitivity_of,
        request.scenario,
        request.step,
        request.weights,
        options,
        lang,
        seconds=options.time_limit,
    )


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
    return await in_pool(
        pool, settings, work.compared, request.items, options, lang, seconds=options.time_limit
    )
