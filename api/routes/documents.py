"""Documents for people: the meeting pack (HTML, the ``sq-opt report`` page) and the plan's
workbook (.xlsx, the ``sq-opt solve --format xlsx`` export), from a scenario in the body or from a
recorded run; words in the language of ``Accept-Language``."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api import work
from api.deps import DbDep, LangDep, PoolDep, PrincipalDep, SettingsDep
from api.errors import ApiError
from api.routes.common import ERRORS, capped, check_scenario, in_pool, owned, with_not_found
from api.schemas import ReportRequest
from api.store import repository as repo
from models.i18n import Lang
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.io.scenarios import parse_scenario


def _json(answers: dict[int | str, dict[str, Any]]) -> dict[int | str, dict[str, Any]]:
    """Error answers declared as JSON (the routes themselves answer HTML or .xlsx)."""
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    return {
        code: {
            "description": answer["description"],
            "content": {"application/json": {"schema": ref}},
        }
        for code, answer in answers.items()
    }


router = APIRouter(prefix="/v1", tags=["documents"], responses=_json(ERRORS))

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "Le dossier de réunion (HTML autonome)."}
}
XLSX_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        "description": "Le classeur du plan (.xlsx).",
    }
}
MEETING = Query(default=None, description="Date de la réunion (par défaut : aujourd'hui).")


def _pack(scenario: Scenario, strategy: Strategy, meeting: dt.date | None, lang: Lang) -> str:
    from sq_opt.views.pack import build_report

    return build_report(scenario, strategy, lang=lang, meeting=meeting)


def _workbook(scenario: Scenario, strategy: Strategy, lang: Lang) -> bytes:
    from sq_opt.views.workbook import strategy_tables, write_tables

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        write_tables(strategy_tables(scenario, strategy, lang), path, lang)
        return path.read_bytes()


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def _planned(
    request: ReportRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: Lang,
) -> Strategy:
    check_scenario(request.scenario, principal, settings, lang)
    if request.strategy is not None:
        return request.strategy
    options, _ = capped(request.options, settings, lang)
    return await in_pool(
        pool, settings, work.solved, request.scenario, options, [], seconds=options.time_limit
    )


@router.post(
    "/report",
    response_class=HTMLResponse,
    responses=HTML_ANSWER,
    summary="Dossier de réunion (HTML) d'un scénario",
)
async def report(
    request: ReportRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> HTMLResponse:
    strategy = await _planned(request, principal, settings, pool, lang)
    # built off the event loop (charts, tables): /health keeps answering meanwhile
    return HTMLResponse(
        await run_in_threadpool(_pack, request.scenario, strategy, request.date, lang)
    )


@router.post(
    "/export",
    response_class=Response,
    responses=XLSX_ANSWER,
    summary="Classeur du plan (.xlsx) d'un scénario",
)
async def export(
    request: ReportRequest,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
) -> Response:
    strategy = await _planned(request, principal, settings, pool, lang)
    content = await run_in_threadpool(_workbook, request.scenario, strategy, lang)
    return Response(content, media_type=XLSX, headers=_download("plan.xlsx"))


def _recorded(
    db: DbDep, run_id: str, principal: PrincipalDep, lang: Lang
) -> tuple[Scenario, Strategy]:
    run = owned(repo.get_run(db, run_id), lambda r: r["sector"], principal)
    document = repo.get_document(db, run["scenario_id"], run["version"], scope=principal.sector)
    if run["strategy"] is None or document is None:
        raise ApiError(404, "not_found")
    return parse_scenario(document), Strategy.model_validate(run["strategy"])


@router.get(
    "/runs/{run_id}/report",
    response_class=HTMLResponse,
    responses={**HTML_ANSWER, **_json(with_not_found("Run inconnu ou sans stratégie."))},
    summary="Dossier de réunion (HTML) d'un run enregistré",
)
def run_report(
    run_id: str, db: DbDep, principal: PrincipalDep, lang: LangDep, date: dt.date | None = MEETING
) -> HTMLResponse:
    scenario, strategy = _recorded(db, run_id, principal, lang)
    return HTMLResponse(_pack(scenario, strategy, date, lang))


@router.get(
    "/runs/{run_id}/export",
    response_class=Response,
    responses={**XLSX_ANSWER, **_json(with_not_found("Run inconnu ou sans stratégie."))},
    summary="Classeur du plan (.xlsx) d'un run enregistré",
)
def run_export(run_id: str, db: DbDep, principal: PrincipalDep, lang: LangDep) -> Response:
    scenario, strategy = _recorded(db, run_id, principal, lang)
    content = _workbook(scenario, strategy, lang)
    return Response(content, media_type=XLSX, headers=_download(f"plan-{run_id[:8]}.xlsx"))
