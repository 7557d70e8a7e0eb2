"""FastAPI dependencies: settings, database, pool, jobs, caller, language, If-Match (``*Dep``)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Principal, authenticate
from api.bodies import CANCEL_KEY
from api.errors import ApiError, request_lang
from api.pool import JobManager, SolvePool
from api.settings import Settings
from api.store.db import Database
from models.issues import Lang

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


@dataclass(frozen=True)
class RequestPool:
    """The solver pool, and the request's cancel switch (set when the client leaves)."""

    pool: SolvePool
    cancel: threading.Event


def get_pool(request: Request) -> RequestPool:
    cancel = request.scope.get(CANCEL_KEY)
    return RequestPool(request.app.state.pool, cancel or threading.Event())


def get_jobs(request: Request) -> JobManager:
    jobs: JobManager = request.app.state.jobs
    return jobs


def get_lang(request: Request) -> Lang:
    return request_lang(request)


def get_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description='The ETag read (GET …/followup), e.g. "3": required once a follow-up '
            "exists.",
        ),
    ] = None,
) -> str | None:
    return if_match


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
PoolDep = Annotated[RequestPool, Depends(get_pool)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]
LangDep = Annotated[Lang, Depends(get_lang)]
PrincipalDep = Annotated[Principal, Depends(get_principal)]
IfMatchDep = Annotated[str | None, Depends(get_if_match)]
