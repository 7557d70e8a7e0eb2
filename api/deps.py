"""FastAPI dependencies: settings, database, pool, caller, language, limits."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Principal, authenticate
from api.errors import ApiError, request_lang
from api.pool import JobManager, SolvePool
from api.settings import Settings
from api.store.db import Database
from models.issues import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy

bearer = HTTPBearer(auto_error=False, description="Authorization: Bearer <API key>")
api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="X-API-Key: <API key>"
)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_pool(request: Request) -> SolvePool:
    pool: SolvePool = request.app.state.pool
    return pool


def get_jobs(request: Request) -> JobManager:
    jobs: JobManager = request.app.state.jobs
    return jobs


def get_lang(request: Request) -> Lang:
    return request_lang(request)


def get_principal(
    db: Annotated[Database, Depends(get_db)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    header_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    key = credentials.credentials if credentials is not None else header_key
    principal = authenticate(db, key) if key else None
    if principal is None:
        raise ApiError(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})
    return principal


SettingsDep = Annotated[Settings, Depends(get_settings)]
DbDep = Annotated[Database, Depends(get_db)]
PoolDep = Annotated[SolvePool, Depends(get_pool)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]
LangDep = Annotated[Lang, Depends(get_lang)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]


def check_access(principal: Principal, sector: str | None, lang: Lang) -> None:
    """403 unless the key may see ``sector``."""
    if not principal.can_see(sector):
        message = (
            f"cette clé est limitée au secteur « {principal.sector} »"
            if lang == "fr"
            else f"this key is limited to sector '{principal.sector}'"
        )
        raise ApiError(403, "forbidden", message)


def check_scenario(
    scenario: Scenario, principal: Principal, settings: Settings, lang: Lang
) -> None:
    """Access to the scenario's sector, then the server's size limits (422, the limit named)."""
    check_access(principal, scenario.sector.id if scenario.sector else None, lang)
    limits = [
        ("problems", len(scenario.problems), settings.max_problems),
        ("solutions", len(scenario.solutions), settings.max_solutions),
        ("relations", len(scenario.relations), settings.max_relations),
        ("horizon.periods", scenario.horizon.periods, settings.max_periods),
    ]
    details = [
        {
            "path": path,
            "message": f"{count} au-delà de la limite du serveur ({limit})"
            if lang == "fr"
            else f"{count} beyond the server's limit ({limit})",
        }
        for path, count, limit in limits
        if count > limit
    ]
    if details:
        raise ApiError(422, "too_big", details=details)


def with_notes(strategy: Strategy, notes: list[str]) -> Strategy:
    """The strategy with the server's notes (e.g. a capped time limit) in front of its warnings."""
    if not notes:
        return strategy
    return strategy.model_copy(update={"warnings": [*notes, *strategy.warnings]})


def capped(options: SolveOptions, settings: Settings) -> tuple[SolveOptions, list[str]]:
    """Options within the server's limits, with a note when the time limit was lowered."""
    update: dict[str, object] = {}
    notes = []
    if options.time_limit > settings.max_time_limit:
        update["time_limit"] = settings.max_time_limit
        notes.append(
            f"limite de temps ramenée de {options.time_limit:g} s à {settings.max_time_limit:g} s (maximum du serveur)"
        )
    if options.workers is None:  # share the cores between the solves running at once
        update["workers"] = settings.cpsat_workers or max(
            1, (os.cpu_count() or 1) // settings.solve_workers
        )
    return (options.model_copy(update=update) if update else options), notes
