"""What a signed-in viewer may open: stored scenarios, their versions, runs. The same guard as the
API's follow-up routes (``owned``): another sector's item is "not found", exactly like a missing
one, in pages and downloads alike."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from api.auth import Principal
from api.routes.common import owned
from api.settings import Settings
from api.store import repository as repo
from api.store.db import Database
from api.web.session import Viewer
from api.web.web_errors import WebError
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.io.scenarios import parse_scenario


def db_of(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def principal_of(viewer: Viewer) -> Principal:
    """The signed-in viewer's key (the pages that read data are only for signed-in viewers)."""
    principal = viewer.principal
    assert principal is not None, "pages that read data need a signed-in viewer"
    return principal


def scenario_record(request: Request, principal: Principal, scenario_id: str) -> dict[str, Any]:
    """The stored scenario's summary (404 when missing, deleted or of another sector)."""
    return owned(repo.get_record(db_of(request), scenario_id), lambda r: r["sector"], principal)


def document(
    request: Request, record: dict[str, Any], version: int | None = None
) -> dict[str, Any]:
    """A version's document (the current one by default); 404 for a version that does not exist."""
    found = repo.get_document(db_of(request), record["id"], version)
    if found is None:
        raise WebError(404, "error.not_found")
    return found


def scenario_at(request: Request, record: dict[str, Any], version: int | None = None) -> Scenario:
    """A version of the stored scenario, validated."""
    return parse_scenario(document(request, record, version))


def version_number(text: str | None) -> int | None:
    """A version number from a URL (None when absent; 404 when not a number)."""
    if text is None or text == "":
        return None
    if not text.isdigit() or len(text) > 9:
        raise WebError(404, "error.not_found")
    return int(text)


def run_record(request: Request, principal: Principal, run_id: str) -> dict[str, Any]:
    """A recorded run with its strategy (404 when missing or of another sector)."""
    return owned(repo.get_run(db_of(request), run_id), lambda r: r["sector"], principal)


def run_strategy(run: dict[str, Any]) -> Strategy | None:
    """The run's strategy (None while it runs or when it failed)."""
    data = run.get("strategy")
    return None if data is None else Strategy.model_validate(data)


def run_parts(
    request: Request, principal: Principal, run_id: str
) -> tuple[dict[str, Any], dict[str, Any], Scenario, Strategy]:
    """A completed run: its record, its scenario's record, the scenario version it solved, and
    its strategy (404 while it has none)."""
    run = run_record(request, principal, run_id)
    record = scenario_record(request, principal, run["scenario_id"])
    strategy = run_strategy(run)
    if strategy is None:
        raise WebError(404, "error.not_found")
    return run, record, scenario_at(request, record, run["version"]), strategy
