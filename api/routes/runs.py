"""Recorded runs (solves of stored scenarios)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from api.deps import DbDep, PrincipalDep
from api.routes.common import owned, with_not_found
from api.schemas import RunOut, RunSummary
from api.store import repository as repo

router = APIRouter(
    prefix="/v1/runs",
    tags=["runs"],
    responses=with_not_found("Run inconnu ou d'un autre secteur."),
)


@router.get("", response_model=list[RunSummary], summary="Runs visibles par la clé")
def list_runs(
    db: DbDep,
    principal: PrincipalDep,
    scenario: str | None = Query(default=None, description="Id de scénario"),
) -> list[dict[str, Any]]:
    return repo.list_runs(db, scope=principal.sector, scenario_id=scenario)


@router.get("/{run_id}", response_model=RunOut, summary="Un run et sa stratégie")
def get_run(run_id: str, db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    """404 when unknown or of another sector (no existence oracle)."""
    return owned(repo.get_run(db, run_id), lambda run: run["sector"], principal)
