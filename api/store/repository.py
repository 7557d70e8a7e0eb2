"""Scenario, version and run records: every write in one transaction, nothing overwritten.

Callers pass the API key's id (who wrote) and its sector scope (what it may list), nothing of auth.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from sqlalchemy import select, update

from api.store.db import Database
from api.store.tables import Run, ScenarioRecord, ScenarioVersion
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy

MAX_VERSION = 2**31 - 1
"""The largest version number (a larger one asked for is simply not found)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _document(scenario: Scenario) -> str:
    return json.dumps(scenario.model_dump(mode="json", exclude_unset=True), ensure_ascii=False)


def sector_of(scenario: Scenario) -> str | None:
    return scenario.sector.id if scenario.sector else None


def create_scenario(db: Database, scenario: Scenario, key_id: int) -> dict[str, Any]:
    """Save version 1 of a new scenario, created by the API key ``key_id``."""
    with db.transaction() as session:
        record = ScenarioRecord(
            id=str(uuid.uuid4()), sector=sector_of(scenario), name=scenario.name, current_version=1
        )
        session.add(record)
        session.flush()
        session.add(
            ScenarioVersion(
                scenario_id=record.id,
                version=1,
                sector=record.sector,
                name=scenario.name,
                document=_document(scenario),
                created_by=key_id,
            )
        )
        return _summary(record)


def _summary(record: ScenarioRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "sector": record.sector,
        "name": record.name,
        "version": record.current_version,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def list_scenarios(db: Database, scope: str | None) -> list[dict[str, Any]]:
    """The scenarios not deleted, of sector ``scope`` only (None: every sector)."""
    with db.transaction() as session:
        query = select(ScenarioRecord).where(ScenarioRecord.deleted_at.is_(None))
        if scope is not None:
            query = query.where(ScenarioRecord.sector == scope)
        return [_summary(r) for r in session.scalars(query.order_by(ScenarioRecord.created_at))]


def get_record(db: Database, scenario_id: str) -> dict[str, Any] | None:
    """The scenario's summary (None if missing or deleted)."""
    with db.transaction() as session:
        record = session.get(ScenarioRecord, scenario_id)
        if record is None or record.deleted_at is not None:
            return None
        return _summary(record)


def get_document(
    db: Database, scenario_id: str, version: int | None = None, scope: str | None = None
) -> dict[str, Any] | None:
    """A version's document (default: the current one); None when missing or, for a sector key
    (``scope``), written for another sector."""
    with db.transaction() as session:
        record = session.get(ScenarioRecord, scenario_id)
        if record is None:
            return None
        wanted = record.current_version if version is None else version
        if not 0 < wanted <= MAX_VERSION:  # never a number the database cannot hold
            return None
        query = select(ScenarioVersion).where(
            ScenarioVersion.scenario_id == scenario_id, ScenarioVersion.version == wanted
        )
        if scope is not None:
            query = query.where(ScenarioVersion.sector == scope)
        row = session.scalar(query)
        return None if row is None else json.loads(row.document)


class Gone(Exception):
    """The scenario was deleted meanwhile."""


def update_scenario(
    db: Database, scenario_id: str, scenario: Scenario, key_id: int
) -> dict[str, Any]:
    """Save a new version by the API key ``key_id`` (the previous ones are kept).

    The version number is taken by an atomic increment, the transaction's first statement
    (``UPDATE scenarios SET current_version = current_version + 1 ... RETURNING``): SQLite takes
    its write lock there and PostgreSQL the row's, so concurrent saves are serialised, each gets
    its own number and none is lost. The caller has checked that the sector is unchanged.
    """
    moment = _now()
    with db.transaction() as session:
        version = session.scalar(
            update(ScenarioRecord)
            .where(ScenarioRecord.id == scenario_id, ScenarioRecord.deleted_at.is_(None))
            .values(
                current_version=ScenarioRecord.current_version + 1,
                name=scenario.name,
                updated_at=moment,
            )
            .returning(ScenarioRecord.current_version)
        )
        if version is None:
            raise Gone(scenario_id)
        session.add(
            ScenarioVersion(
                scenario_id=scenario_id,
                version=version,
                sector=sector_of(scenario),
                name=scenario.name,
                document=_document(scenario),
                created_by=key_id,
            )
        )
        record = session.get(ScenarioRecord, scenario_id, populate_existing=True)
        assert record is not None
        return _summary(record)


def delete_scenario(db: Database, scenario_id: str) -> None:
    """Hide the scenario; its versions and runs stay in the store."""
    with db.transaction() as session:
        session.execute(
            update(ScenarioRecord).where(ScenarioRecord.id == scenario_id).values(deleted_at=_now())
        )


def list_versions(db: Database, scenario_id: str, scope: str | None = None) -> list[dict[str, Any]]:
    """The versions, oldest first; for a sector key (``scope``) those of its sector only."""
    with db.transaction() as session:
        query = select(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario_id)
        if scope is not None:
            query = query.where(ScenarioVersion.sector == scope)
        rows = session.scalars(query.order_by(ScenarioVersion.version))
        return [{"version": r.version, "name": r.name, "created_at": r.created_at} for r in rows]


def start_run(
    db: Database,
    scenario_id: str,
    version: int,
    sector: str | None,
    options: SolveOptions,
    key_id: int,
    server: str | None = None,
) -> str:
    """Record a run by the API key ``key_id``, on ``server``, as started (committed before the
    solve begins)."""
    run_id = str(uuid.uuid4())
    with db.transaction() as session:
        session.add(
            Run(
                id=run_id,
                scenario_id=scenario_id,
                version=version,
                sector=sector,
                status="started",
                options=options.model_dump_json(),
                created_by=key_id,
                server=server,
            )
        )
    return run_id


def finish_run(
    db: Database, run_id: str, strategy: Strategy | None, error: str | None = None
) -> None:
    with db.transaction() as session:
        run = session.get(Run, run_id)
        assert run is not None
        run.status = "completed" if strategy is not None else "failed"
        run.strategy = None if strategy is None else strategy.model_dump_json()
        run.solver = (
            None
            if strategy is None or strategy.solver is None
            else strategy.solver.model_dump_json()
        )
        run.error = error
        run.finished_at = _now()


def _run(run: Run, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": run.id,
        "scenario_id": run.scenario_id,
        "version": run.version,
        "sector": run.sector,
        "status": run.status,
        "options": json.loads(run.options),
        "error": run.error,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
    }
    if full:
        out["strategy"] = None if run.strategy is None else json.loads(run.strategy)
        out["solver"] = None if run.solver is None else json.loads(run.solver)
    return out


def list_runs(
    db: Database, scope: str | None, scenario_id: str | None = None
) -> list[dict[str, Any]]:
    """Runs of sector ``scope`` only (None: every sector), of one scenario if given."""
    with db.transaction() as session:
        query = select(Run)
        if scope is not None:
            query = query.where(Run.sector == scope)
        if scenario_id is not None:
            query = query.where(Run.scenario_id == scenario_id)
        return [_run(r, full=False) for r in session.scalars(query.order_by(Run.started_at))]


def get_run(db: Database, run_id: str) -> dict[str, Any] | None:
    with db.transaction() as session:
        run = session.get(Run, run_id)
        return None if run is None else _run(run, full=True)
