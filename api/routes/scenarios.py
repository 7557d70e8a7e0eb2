"""The scenario store: every save is a version; solving a stored scenario records a run."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request, Response

from api import work
from api.deps import DbDep, LangDep, PoolDep, PrincipalDep, SettingsDep
from api.errors import ApiError
from api.pool import error_code
from api.routes.common import (
    EXAMPLE_SCENARIO,
    capped,
    check_scenario,
    finished,
    owned,
    submitted,
    with_not_found,
)
from api.schemas import RunOut, ScenarioOut, ScenarioSummary, VersionOut
from api.store import repository as repo
from api.words import t
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.io.scenarios import parse_scenario

router = APIRouter(
    prefix="/v1/scenarios",
    tags=["scénarios"],
    responses=with_not_found("Scénario inconnu ou d'un autre secteur."),
)
EXAMPLES = {"secteur": {"summary": "Un petit secteur", "value": EXAMPLE_SCENARIO}}


def _visible(db: DbDep, scenario_id: str, principal: PrincipalDep, lang: LangDep) -> dict[str, Any]:
    """The stored scenario: 404 when unknown or of another sector (no existence oracle)."""
    return owned(repo.get_record(db, scenario_id), lambda r: r["sector"], principal)


@router.post(
    "",
    status_code=201,
    response_model=ScenarioSummary,
    summary="Enregistrer un scénario (version 1)",
)
def create(
    scenario: Annotated[Scenario, Body(openapi_examples=EXAMPLES)],
    response: Response,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    lang: LangDep,
) -> dict[str, Any]:
    check_scenario(scenario, principal, settings, lang)
    created = repo.create_scenario(db, scenario, key_id=principal.key_id)
    response.headers["Location"] = f"/v1/scenarios/{created['id']}"
    return created


@router.get("", response_model=list[ScenarioSummary], summary="Scénarios visibles par la clé")
def list_all(db: DbDep, principal: PrincipalDep) -> list[dict[str, Any]]:
    return repo.list_scenarios(db, scope=principal.sector)


@router.get("/{scenario_id}", response_model=ScenarioOut, summary="Un scénario (version courante)")
def get_one(scenario_id: str, db: DbDep, principal: PrincipalDep, lang: LangDep) -> dict[str, Any]:
    record = _visible(db, scenario_id, principal, lang)
    document = repo.get_document(db, scenario_id, scope=principal.sector)
    if document is None:
        raise ApiError(404, "not_found")
    return {**record, "scenario": document}


@router.put(
    "/{scenario_id}", response_model=ScenarioSummary, summary="Enregistrer une nouvelle version"
)
def replace(
    scenario_id: str,
    scenario: Annotated[Scenario, Body(openapi_examples=EXAMPLES)],
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    lang: LangDep,
) -> dict[str, Any]:
    """Concurrent saves are serialised: each gets the next version, none is lost. A stored
    scenario keeps its sector: a version belongs to the sector it was written for (422 when the
    document names another one: save it as a new scenario)."""
    record = _visible(db, scenario_id, principal, lang)
    check_scenario(scenario, principal, settings, lang)
    sector = repo.sector_of(scenario)
    if sector != record["sector"]:
        message = t("store.sector_kept", lang, stored=record["sector"] or "—", got=sector or "—")
        path = "sector.id" if sector else "sector"
        raise ApiError(422, "invalid_scenario", details=[{"path": path, "message": message}])
    try:
        return repo.update_scenario(db, scenario_id, scenario, key_id=principal.key_id)
    except repo.Gone:
        raise ApiError(404, "not_found") from None


@router.delete(
    "/{scenario_id}", status_code=204, summary="Retirer un scénario (ses versions et runs restent)"
)
def delete(scenario_id: str, db: DbDep, principal: PrincipalDep, lang: LangDep) -> Response:
    _visible(db, scenario_id, principal, lang)
    repo.delete_scenario(db, scenario_id)
    return Response(status_code=204)


@router.get(
    "/{scenario_id}/versions", response_model=list[VersionOut], summary="Versions enregistrées"
)
def versions(
    scenario_id: str, db: DbDep, principal: PrincipalDep, lang: LangDep
) -> list[dict[str, Any]]:
    _visible(db, scenario_id, principal, lang)
    return repo.list_versions(db, scenario_id, scope=principal.sector)


@router.get(
    "/{scenario_id}/versions/{version}",
    response_model=dict[str, Any],
    summary="Le document d'une version",
)
def version_document(
    scenario_id: str, version: int, db: DbDep, principal: PrincipalDep, lang: LangDep
) -> dict[str, Any]:
    _visible(db, scenario_id, principal, lang)
    document = repo.get_document(db, scenario_id, version, scope=principal.sector)
    if document is None:
        raise ApiError(404, "not_found")
    return document


@router.post(
    "/{scenario_id}/solve",
    status_code=201,
    response_model=RunOut,
    summary="Résoudre la version courante et enregistrer le run (Location : le run)",
)
async def solve_stored(
    scenario_id: str,
    response: Response,
    db: DbDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    pool: PoolDep,
    lang: LangDep,
    http: Request,
    options: Annotated[SolveOptions | None, Body()] = None,
) -> dict[str, Any]:
    record = _visible(db, scenario_id, principal, lang)
    scenario = parse_scenario(repo.get_document(db, scenario_id, scope=principal.sector))
    check_scenario(scenario, principal, settings, lang)
    options, notes = capped(options or SolveOptions(), settings, lang)
    task = submitted(
        pool, settings, work.solved, scenario, options, notes, seconds=options.time_limit
    )
    try:  # recorded as started once it has a place in the pool (a 503 records nothing)
        run_id = repo.start_run(
            db,
            scenario_id,
            record["version"],
            record["sector"],
            options,
            key_id=principal.key_id,
            server=http.app.state.heartbeat.id,
        )
    except BaseException:
        task.cancel()
        raise
    try:
        strategy: Strategy = await finished(pool, settings, task)
    except BaseException as err:  # the run says why, as a code (never the exception's text)
        repo.finish_run(db, run_id, None, error_code(err))
        raise
    repo.finish_run(db, run_id, strategy)
    run = repo.get_run(db, run_id)
    assert run is not None
    response.headers["Location"] = f"/v1/runs/{run['id']}"
    return run
