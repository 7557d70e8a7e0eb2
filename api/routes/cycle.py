"""The GPO cycle: replan at a meeting's date, adopt a plan, evaluate; on a stored scenario and its
follow-up, or stateless (everything in the body, like ``/v1/solve``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api import work
from api.deps import DbDep, IfMatchDep, LangDep, PoolDep, PrincipalDep, RequestPool, SettingsDep
from api.errors import ApiError, issue_details, join
from api.followups import (
    current,
    document_change,
    etag,
    expected_version,
    normalised,
    replan_options,
    stored_scenario,
    write,
)
from api.routes.common import (
    ERRORS,
    FOLLOWUP_ERRORS,
    PRECONDITION,
    Responses,
    capped,
    check_scenario,
    in_pool,
    owned,
)
from api.schemas import (
    AdoptRequest,
    EvaluateRequest,
    FollowUpOut,
    ReplanRequest,
    StatelessAdoptRequest,
    StatelessReplanRequest,
)
from api.settings import Settings
from api.store import repository as repo
from api.work import with_notes
from models.evaluation import FollowUpEvaluation
from models.followup import FollowUp
from models.issues import Lang, ScenarioError
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.cycle.adopt import adopt
from sq_opt.cycle.evaluate import evaluate_followup
from sq_opt.cycle.replan import REASON_SHARE

router = APIRouter(prefix="/v1", tags=["suivi"])

FOLLOWUP_ETAG: Responses = {
    200: {
        "headers": {
            "Followup-ETag": {
                "description": 'The follow-up version read ("3"): If-Match for an adoption.',
                "schema": {"type": "string"},
            }
        }
    }
}
REQUEST_PATHS = {"date", "tolerance"}


def refused(err: ScenarioError, lang: Lang, stateless: bool) -> ApiError:
    """422 for a replan, an adoption or an evaluation the library refused: ``invalid_strategy`` (paths under
    ``strategy``) or ``invalid_followup`` (under ``followup`` in a stateless body)."""
    if err.source == "stratégie":
        code, prefix = "invalid_strategy", "strategy"
    else:
        code, prefix = "invalid_followup", "followup" if stateless else ""
    details = issue_details(err.issues, lang)
    for detail, issue in zip(details, err.issues, strict=True):
        if prefix and issue.path not in REQUEST_PATHS:
            detail["path"] = join(prefix, detail["path"])
    return ApiError(422, code, details=details)


def _options(
    options: SolveOptions, settings: Settings, lang: Lang
) -> tuple[SolveOptions, list[str]]:
    options, notes = capped(options, settings, lang)
    options, lowered = replan_options(options, settings, lang)
    return options, lowered or notes


async def _replan(
    pool: RequestPool,
    settings: Settings,
    scenario: Scenario,
    followup: FollowUp,
    request: ReplanRequest,
    options: SolveOptions,
    lang: Lang,
    stateless: bool,
) -> Strategy:
    """The replan in the solver pool, the whole of it (reasons included) within the cap."""
    seconds = min(settings.max_time_limit, options.time_limit * (1 + REASON_SHARE))
    try:
        return await in_pool(
            pool, settings, work.replanned, scenario, followup, request, options, seconds=seconds
        )
    except ScenarioError as err:
        raise refused(err, lang, stateless) from None


def _adopt(
    scenario: Scenario,
    request: AdoptRequest,
    followup: FollowUp | None,
    lang: Lang,
    stateless: bool,
) -> FollowUp:
    try:
        return adopt(scenario, request.strategy, request.date, followup, note=request.note)
    except ScenarioError as err:
        raise refused(err, lang, stateless) from None


def _record(db: DbDep, scenario_id: str, principal: PrincipalDep) -> dict[str, Any]:
    return owned(repo.get_record(db, scenario_id), lambda r: r["sector"], principal)


@router.post(
    "/scenarios/{scenario_id}/replan",
    response_model=Strategy,
    responses=FOLLOWUP_ERRORS | FOLLOWUP_ETAG,
    summary="Replanifier à la date d'une réunion (scénario et suivi enregistrés)",
)
async def replan_stored(
    scenario_id: str,
    request: ReplanRequest,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
    response: Response,
) -> Strategy:
    """The current scenario version and follow-up: a strategy with `changes` and
    `replanned_at`. The `Followup-ETag` header names the follow-up version it read."""
    record = _record(db, scenario_id, principal)
    scenario = stored_scenario(db, record)
    check_scenario(scenario, principal, settings, lang)
    now = current(db, scenario_id)
    followup = now.followup(scenario, lang) or FollowUp(scenario=scenario.name)
    options, notes = _options(request.options, settings, lang)
    strategy = await _replan(pool, settings, scenario, followup, request, options, lang, False)
    response.headers["Followup-ETag"] = etag(now.version)
    return with_notes(strategy, notes)


@router.post(
    "/scenarios/{scenario_id}/adopt",
    response_model=FollowUpOut,
    responses=FOLLOWUP_ERRORS | PRECONDITION,
    summary="Adopter un plan en réunion (nouvelle version du suivi)",
)
def adopt_stored(
    scenario_id: str,
    request: AdoptRequest,
    if_match: IfMatchDep,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    lang: LangDep,
    response: Response,
) -> dict[str, Any]:
    """The plan is checked first (422 `invalid_strategy` when it breaks a rule); new actions
    enter the register as planned, moved ones get their new date, dropped ones leave it."""
    record = _record(db, scenario_id, principal)
    scenario = stored_scenario(db, record)
    check_scenario(scenario, principal, settings, lang)
    now = current(db, scenario_id)
    expected = expected_version(if_match, now.version, lang)
    adopted = _adopt(scenario, request, now.followup(scenario, lang), lang, stateless=False)
    change = f"adopt {request.date.isoformat()}: " + document_change(
        now.data, normalised(adopted)
    ).removeprefix("document ")
    out = write(db, record, scenario, expected, adopted, change, principal.key_id, lang)
    response.headers["ETag"] = etag(out["version"])
    return out


@router.post(
    "/replan",
    response_model=Strategy,
    responses=ERRORS,
    summary="Replanifier (scénario et suivi dans le corps)",
)
async def replan_endpoint(
    request: StatelessReplanRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> Strategy:
    """A strategy with `changes` and `replanned_at`; follow-up errors have paths under
    `followup`."""
    check_scenario(request.scenario, principal, settings, lang)
    options, notes = _options(request.options, settings, lang)
    strategy = await _replan(
        pool, settings, request.scenario, request.followup, request, options, lang, True
    )
    return with_notes(strategy, notes)


@router.post(
    "/adopt",
    response_model=FollowUp,
    responses=ERRORS,
    summary="Adopter un plan (scénario, stratégie et suivi dans le corps)",
)
def adopt_endpoint(
    request: StatelessAdoptRequest, principal: PrincipalDep, settings: SettingsDep, lang: LangDep
) -> FollowUp:
    """The follow-up document after the meeting of `date` adopts `strategy`."""
    check_scenario(request.scenario, principal, settings, lang)
    return _adopt(request.scenario, request, request.followup, lang, stateless=True)


def _evaluate(
    scenario: Scenario,
    followup: FollowUp,
    date: dt.date | None,
    level: float,
    lang: Lang,
    stateless: bool,
) -> FollowUpEvaluation:
    try:
        return evaluate_followup(scenario, followup, date=date, level=level)
    except ScenarioError as err:
        raise refused(err, lang, stateless) from None


@router.get(
    "/scenarios/{scenario_id}/evaluation",
    response_model=FollowUpEvaluation,
    responses=FOLLOWUP_ERRORS | FOLLOWUP_ETAG,
    summary="Évaluer le suivi enregistré (indicateurs avant / après, mise en œuvre)",
)
def evaluate_stored(
    scenario_id: str,
    db: DbDep,
    principal: PrincipalDep,
    lang: LangDep,
    response: Response,
    date: Annotated[
        dt.date | None,
        Query(description="Evaluation date (default: the latest date the document records)."),
    ] = None,
    level: Annotated[float, Query(gt=0, lt=1, description="Level of the intervals.")] = 0.90,
) -> FollowUpEvaluation:
    """Per problem with observations: means before / after the first start of an action acting
    on it, rate ratio with its interval, verdict; per register entry: on time, spending. The
    `Followup-ETag` header names the follow-up version evaluated."""
    record = _record(db, scenario_id, principal)
    scenario = stored_scenario(db, record)
    now = current(db, scenario_id)
    followup = now.followup(scenario, lang) or FollowUp(scenario=scenario.name)
    response.headers["Followup-ETag"] = etag(now.version)
    return _evaluate(scenario, followup, date, level, lang, stateless=False)


@router.post(
    "/evaluate",
    response_model=FollowUpEvaluation,
    responses=ERRORS,
    summary="Évaluer un suivi (scénario et suivi dans le corps)",
)
def evaluate_endpoint(
    request: EvaluateRequest, principal: PrincipalDep, settings: SettingsDep, lang: LangDep
) -> FollowUpEvaluation:
    """The same evaluation on documents in the body (follow-up paths under `followup`)."""
    check_scenario(request.scenario, principal, settings, lang)
    return _evaluate(
        request.scenario, request.followup, request.date, request.level, lang, stateless=True
    )
