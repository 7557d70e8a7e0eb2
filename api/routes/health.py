"""Liveness and readiness (open, no key)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.deps import DbDep
from api.schemas import Health, Ready
from api.store.servers import Heartbeat

router = APIRouter(tags=["santé"])


@router.get("/health", response_model=Health, summary="Le processus répond")
def health() -> Health:
    return Health(status="ok")


@router.get(
    "/ready",
    response_model=Ready,
    summary="La base de données est joignable et accepte une écriture",
    responses={503: {"model": Ready}},
)
def ready(db: DbDep, request: Request) -> JSONResponse:
    """Ready when the database answers and takes a write (not read-only, disk not full)."""
    heartbeat: Heartbeat = request.app.state.heartbeat
    usable = db.reachable() and heartbeat.writable()
    payload = Ready(status="ready" if usable else "unavailable", database=usable)
    return JSONResponse(payload.model_dump(), status_code=200 if usable else 503)
