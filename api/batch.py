"""The server's Dask client for batch jobs: created on first use, closed at shutdown.

``Settings.dask_scheduler``: ``local`` (a local cluster of ``dask_workers`` processes), ``serial``
(no Dask: the batch runs in its job's thread) or a scheduler address (``tcp://host:8786``).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from fastapi import Request

from api.settings import Settings
from sq_opt.distributed import SERIAL, close_client, start_client

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)


class DaskHolder:
    """One Dask client per server, started lazily (a batch job's first call waits for it)."""

    def __init__(self, settings: Settings) -> None:
        self.scheduler = settings.dask_scheduler
        self.workers = settings.dask_workers
        self._client: Client | None = None
        self._cluster: Any = None
        self._lock = threading.Lock()

    @property
    def serial(self) -> bool:
        return self.scheduler == SERIAL

    def client(self) -> Client | None:
        """The client (None when batches run serially); raises SchedulerError if unreachable."""
        if self.serial:
            return None
        with self._lock:
            if self._client is None:
                logger.info("starting the Dask client (%s)", self.scheduler)
                self._client, self._cluster = start_client(self.scheduler, self.workers)
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                close_client(self._client, self._cluster)
                self._client = self._cluster = None


def get_dask(request: Request) -> DaskHolder:
    holder: DaskHolder = request.app.state.dask
    return holder
