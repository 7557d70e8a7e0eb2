"""Liveness and readiness (open, no key)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import DbDep
from api.schemas import Health, Ready

router = APIRouter(tags=["santé"])


@router.get("/health", response_model=Health, summary="Le processus répond")
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="La base de données est joignable",
    responses={503: {"model": Ready}},
)
def ready(db: DbDep) -> JSONResponse:
    reachable = db.reachable()
    payload = Ready(status="ready" if reachable else "unavailable", database=reachable)
    return JSONResponse(payload.model_dump(), status_code=200 if reachable else 503)
