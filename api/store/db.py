"""Engine, sessions and migrations (Alembic, run on start-up)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from api.settings import Settings

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


class Database:
    """One engine and its session factory."""

    def __init__(self, settings: Settings) -> None:
        self.url = settings.url
        if self.url.startswith("sqlite:///") and "?" not in self.url:  # a plain file path
            _private_file(Path(self.url.removeprefix("sqlite:///")))
        connect_args = (
            {"check_same_thread": False, "timeout": 30} if self.url.startswith("sqlite") else {}
        )
        self.engine: Engine = create_engine(self.url, connect_args=connect_args, pool_pre_ping=True)
        if self.url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Bring the schema to the latest migration."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session committed on success, rolled back on error."""
        with self.sessions() as session, session.begin():
            yield session

    def reachable(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            logger.warning("database not reachable", exc_info=True)
            return False


def _private_file(path: Path) -> None:
    """The SQLite file created readable by its owner only (0600, its folder 0700 when created
    here); SQLite gives its -wal and -shm files the database file's permissions."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
