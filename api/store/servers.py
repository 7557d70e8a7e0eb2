"""Servers sharing one database: each records a heartbeat; a run belongs to the server running it.

A server that stops without finishing its runs (killed, crashed) leaves them ``started``: once its
heartbeat is older than ``STALE``, any other server (at start-up and at each of its own
heartbeats) marks them failed, ``server_stopped``. A live server's runs are never touched, however
many servers share the database. The heartbeat is also the store's write probe: ``/ready`` says
unavailable when it cannot be written (read-only file, full disk).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid

from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError

from api.store.db import Database
from api.store.tables import Run, Server

logger = logging.getLogger(__name__)

BEAT = 10.0
"""Seconds between two heartbeats."""
STALE = dt.timedelta(seconds=6 * BEAT)
"""A server silent for this long is stopped."""
STOPPED = "server_stopped"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Heartbeat:
    """This server's record: registered at start-up, beating in a thread until :meth:`stop`."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.id = str(uuid.uuid4())
        self.stopped = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> int:
        """Register, fail the runs of stopped servers (returns how many), start beating. A store
        that cannot be written (read-only, full disk) does not stop the server: it serves reads,
        ``/ready`` says unavailable and writes answer 503 until the store is fixed."""
        failed = 0
        try:
            self.register()
            failed = sweep(self.db)
        except OperationalError:
            logger.error("the store cannot be written: reads only until it is fixed", exc_info=True)
        self.thread = threading.Thread(target=self._beat, name="sq-opt-heartbeat", daemon=True)
        self.thread.start()
        return failed

    def _beat(self) -> None:
        while not self.stopped.wait(BEAT):
            try:
                self.beat()
                sweep(self.db)
            except Exception:
                logger.warning("heartbeat not written", exc_info=True)

    def register(self) -> None:
        moment = _now()
        with self.db.transaction() as session:
            session.merge(Server(id=self.id, started_at=moment, heartbeat_at=moment))

    def beat(self) -> None:
        """Write the heartbeat (raises when the store cannot be written)."""
        with self.db.transaction() as session:
            beaten = session.execute(
                update(Server).where(Server.id == self.id).values(heartbeat_at=_now())
            )
            if not beaten.rowcount:  # type: ignore[attr-defined]
                session.add(Server(id=self.id, started_at=_now(), heartbeat_at=_now()))

    def writable(self) -> bool:
        """Whether the store takes a write now (the heartbeat)."""
        try:
            self.beat()
            return True
        except Exception:
            logger.warning("the store cannot be written", exc_info=True)
            return False

    def stop(self) -> None:
        """Stop beating; this server's unfinished runs are marked failed."""
        self.stopped.set()
        try:
            with self.db.transaction() as session:
                session.execute(
                    update(Run)
                    .where(Run.status == "started", Run.server == self.id)
                    .values(status="failed", error=STOPPED, finished_at=_now())
                )
                session.execute(
                    update(Server)
                    .where(Server.id == self.id)
                    .values(heartbeat_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
                )
        except Exception:
            logger.warning("could not record this server's stop", exc_info=True)


def sweep(db: Database) -> int:
    """Mark failed the runs left ``started`` by servers silent for ``STALE`` (or by a server of
    a version without heartbeats); returns how many."""
    limit = _now() - STALE
    with db.transaction() as session:
        stale = select(Server.id).where(Server.heartbeat_at < limit)
        result = session.execute(
            update(Run)
            .where(Run.status == "started", or_(Run.server.is_(None), Run.server.in_(stale)))
            .values(status="failed", error=STOPPED, finished_at=_now())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
