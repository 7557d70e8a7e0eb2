"""The database tables (SQLAlchemy 2 declarative)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ApiKey(Base):
    """An API key, stored hashed (SHA-256 of a random 256-bit secret)."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str | None] = mapped_column(String(64), nullable=True)
    label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class ScenarioRecord(Base):
    """A stored scenario; its content lives in versions (never overwritten)."""

    __tablename__ = "scenarios"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sector: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(500))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


class ScenarioVersion(Base):
    """One saved version of a scenario document."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(500))
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), nullable=True)


class Run(Base):
    """A solve of a stored scenario version: recorded as started before, completed after."""

    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_scenario_started", "scenario_id", "started_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id"))
    version: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16))  # started, completed, failed
    options: Mapped[str] = mapped_column(Text)
    strategy: Mapped[str | None] = mapped_column(Text, nullable=True)
    solver: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=now)
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), nullable=True)
    server: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Server(Base):
    """A server process using the database; alive while its heartbeat is recent."""

    __tablename__ = "servers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=now, index=True
    )


class FollowUpRecord(Base):
    """The follow-up of a stored scenario; ``current_version`` is the compare-and-swap guard."""

    __tablename__ = "followups"
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id"), primary_key=True)
    sector: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    current_version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)


class FollowUpVersion(Base):
    """One saved version of a follow-up document (never overwritten)."""

    __tablename__ = "followup_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[str] = mapped_column(ForeignKey("followups.scenario_id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    scenario_version: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    change: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"), nullable=True)
