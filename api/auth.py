"""API keys: random secrets shown once, stored as SHA-256 hashes, scoped to a sector or to all."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from api.store.db import Database
from api.store.tables import ApiKey

PREFIX = "sqo_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's id and its sector (None: every sector, a planner's key)."""

    key_id: int
    sector: str | None

    def can_see(self, sector: str | None) -> bool:
        return self.sector is None or self.sector == sector


@dataclass(frozen=True)
class KeyInfo:
    id: int
    prefix: str
    sector: str | None
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def create_key(
    db: Database, *, sector: str | None, label: str | None = None
) -> tuple[str, KeyInfo]:
    """A new key (returned once, in clear) and its record."""
    key = PREFIX + secrets.token_urlsafe(32)
    with db.transaction() as session:
        record = ApiKey(key_hash=hash_key(key), prefix=key[:10], sector=sector, label=label)
        session.add(record)
        session.flush()
        info = _info(record)
    return key, info


def list_keys(db: Database) -> list[KeyInfo]:
    with db.transaction() as session:
        return [_info(k) for k in session.scalars(select(ApiKey).order_by(ApiKey.id))]


def revoke_key(db: Database, key_id: int) -> bool:
    """Revoke key ``key_id``; False when there is no such key (any number) or it was revoked."""
    if not 0 < key_id < 2**63:
        return False
    with db.transaction() as session:
        record = session.get(ApiKey, key_id)
        if record is None or record.revoked_at is not None:
            return False
        record.revoked_at = dt.datetime.now(dt.UTC)
        return True


def authenticate(db: Database, key: str) -> Principal | None:
    if not key.startswith(PREFIX):
        return None
    with db.transaction() as session:
        record = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
        if record is None or record.revoked_at is not None:
            return None
        return Principal(key_id=record.id, sector=record.sector)


def _info(record: ApiKey) -> KeyInfo:
    return KeyInfo(
        record.id, record.prefix, record.sector, record.label, record.created_at, record.revoked_at
    )
