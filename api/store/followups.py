"""Follow-up documents with history: one record per scenario, one version per change.

A write names the version it read (``expected``) and succeeds only if that is still the current
one: a compare-and-swap on ``followups.current_version`` (``UPDATE ... WHERE current_version = n``,
or the ``INSERT`` of the record for the first version) in the same transaction as the new version
row, whose ``(scenario_id, version)`` is unique. The loser of a race gets :class:`Conflict`; this
holds on SQLite (writers are serialised) and PostgreSQL (the row lock, then the ``WHERE`` re-read).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from api.store.db import Database
from api.store.repository import MAX_VERSION
from api.store.tables import FollowUpRecord, FollowUpVersion


class Conflict(Exception):
    """The follow-up changed since ``expected`` was read; ``current`` is its version now."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"expected version {expected}, current {current}")
        self.expected, self.current = expected, current


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as an aware UTC datetime (SQLite gives back naive UTC values)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _version(row: FollowUpVersion, document: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scenario_id": row.scenario_id,
        "version": row.version,
        "scenario_version": row.scenario_version,
        "created_at": utc(row.created_at),
        "created_by": row.created_by,
        "change": row.change,
    }
    if document:
        out["document"] = json.loads(row.document)
    return out


def current_version(db: Database, scenario_id: str) -> int:
    """The current version (0 when nothing was saved yet)."""
    with db.transaction() as session:
        record = session.get(FollowUpRecord, scenario_id)
        return 0 if record is None else record.current_version


def get_version(db: Database, scenario_id: str, version: int | None = None) -> dict[str, Any]:
    """Version ``version`` (default: the current one) with its document; version 0 (an empty
    document) when nothing was saved yet. ``KeyError`` for a version that does not exist."""
    with db.transaction() as session:
        if version is None:
            record = session.get(FollowUpRecord, scenario_id)
            version = 0 if record is None else record.current_version
        if not 0 <= version <= MAX_VERSION:  # never a number the database cannot hold
            raise KeyError(version)
        if version == 0:
            return {
                "scenario_id": scenario_id,
                "version": 0,
                "scenario_version": None,
                "created_at": None,
                "created_by": None,
                "change": None,
                "document": {},
            }
        row = session.scalar(
            select(FollowUpVersion).where(
                FollowUpVersion.scenario_id == scenario_id, FollowUpVersion.version == version
            )
        )
        if row is None:
            raise KeyError(version)
        return _version(row, document=True)


def list_versions(db: Database, scenario_id: str) -> list[dict[str, Any]]:
    """Every saved version, oldest first, without their documents."""
    with db.transaction() as session:
        rows = session.scalars(
            select(FollowUpVersion)
            .where(FollowUpVersion.scenario_id == scenario_id)
            .order_by(FollowUpVersion.version)
        )
        return [_version(row, document=False) for row in rows]


def save(
    db: Database,
    scenario_id: str,
    *,
    expected: int,
    document: dict[str, Any],
    change: str,
    scenario_version: int,
    sector: str | None,
    key_id: int,
) -> dict[str, Any]:
    """Save ``document`` as version ``expected + 1``, by the API key ``key_id``.

    Raises :class:`Conflict` unless ``expected`` is still the current version when the write
    lands (nothing is written then).
    """
    version = expected + 1
    moment = dt.datetime.now(dt.UTC)
    try:
        with db.transaction() as session:
            if expected == 0:  # the first version creates the record: the primary key guards it
                session.add(
                    FollowUpRecord(
                        scenario_id=scenario_id,
                        sector=sector,
                        current_version=version,
                        created_at=moment,
                        updated_at=moment,
                    )
                )
                session.flush()
            else:  # the write is the first statement: SQLite takes its lock here, PostgreSQL the row's
                swapped = session.execute(
                    update(FollowUpRecord)
                    .where(
                        FollowUpRecord.scenario_id == scenario_id,
                        FollowUpRecord.current_version == expected,
                    )
                    .values(current_version=version, updated_at=moment, sector=sector)
                )
                if swapped.rowcount != 1:  # type: ignore[attr-defined]
                    raise _Lost
            row = FollowUpVersion(
                scenario_id=scenario_id,
                version=version,
                scenario_version=scenario_version,
                document=json.dumps(document, ensure_ascii=False),
                change=change[:500],
                created_at=moment,
                created_by=key_id,
            )
            session.add(row)
            session.flush()
            saved = _version(row, document=True)
    except (_Lost, IntegrityError):
        raise Conflict(expected, current_version(db, scenario_id)) from None
    return saved


class _Lost(Exception):
    """The compare-and-swap found another version: roll back."""
