"""The scenario store: every save is a version; solving a stored scenario records a run."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Response

from api.deps import DbDep, LangDep, PoolDep, PrincipalDep, SettingsDep
from api.errors import ApiError
from api.routes.common import (
    EXAMPLE_SCENARIO,
    capped,
    check_scenario,
    in_pool,
    visible,
    with_not_found,
    with_notes,
)
from api.schemas import RunOut, ScenarioOut, ScenarioSummary, VersionOut
from api.store import repository as repo
from models.options import SolveOptions
from models.scenario import Scenario
from sq_opt.io.scenarios import parse_scenario
from sq_opt.solve import solve

router = APIRouter(
    prefix="/v1/scenarios",
    tags=["scénarios"],
    responses=with_not_found("Scénario inconnu."),
)
EXAMPLES = {"secteur": {"summary": "Un petit secteur", "value": EXAMPLE_SCENARIO}}


def _visible(db: DbDep, scenario_id: str, principal: PrincipalDep, lang: LangDep) -> dict[str, Any]:
    return visible(repo.get_record(db, scenario_id), lambda r: r["sector"], principal, lang)


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
    return {**record, "scenario": repo.get_document(db, scenario_id)}


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
    _visible(db, scenario_id, principal, lang)
    check_scenario(scenario, principal, settings, lang)
    return repo.update_scenario(db, scenario_id, scenario, key_id=principal.key_id)


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
    return repo.list_versions(db, scenario_id)


@router.get(
    "/{scenario_id}/versions/{version}",
    response_model=dict[str, Any],
    summary="Le document d'une version",
)
def version_document(
    scenario_id: str, version: int, db: DbDep, principal: PrincipalDep, lang: LangDep
) -> dict[str, Any]:
    _visible(db, scenario_id, principal, lang)
    document = repo.get_document(db, scenario_id, version)
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
    options: Annotated[SolveOptions | None, Body()] = None,
) -> dict[str, Any]:
    record = _visible(db, scenario_id, principal, lang)
    scenario = parse_scenario(repo.get_document(db, scenario_id))
    options, notes = capped(options or SolveOptions(), settings, lang)

    def work() -> dict[str, Any]:
        run_id = repo.start_run(
            db, scenario_id, record["version"], record["sector"], options, key_id=principal.key_id
        )
        try:
            strategy = solve(scenario, options)
        except Exception as err:
            repo.finish_run(db, run_id, None, f"{type(err).__name__}: {err}")
            raise
        strategy = with_notes(strategy, notes)
        repo.finish_run(db, run_id, strategy)
        run = repo.get_run(db, run_id)
        assert run is not None
        return run

    run = await in_pool(pool, settings, work)
    response.headers["Location"] = f"/v1/runs/{run['id']}"
    return run
