"""Many independent solves on Dask (``dask.distributed``), or serially.

``run_tasks(fn, items, shared)`` calls ``fn(item, shared)`` for every item and returns the results
in the items' order. Where:

- ``scheduler="serial"``: in this process, one after the other (the reference run);
- ``scheduler="local"`` (default): a local cluster of ``workers`` processes with one thread each,
  started for the call and closed after it (no set-up);
- ``scheduler="tcp://host:8786"`` (any address): an existing cluster, e.g. several machines
  (``docs/robustness.md`` has the recipe);
- ``client=``: an existing :class:`distributed.Client` (the API's), used as it is.

Tasks take and return plain data (dicts, lists, numbers, strings), ``shared`` is sent once to every
worker, and each task's CP-SAT solve runs on one search worker with a fixed seed: a solve proven
optimal in its time limit gives the same plan wherever it runs, so a distributed run reproduces
the serial run.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from sq_opt.errors import SqOptError

if TYPE_CHECKING:
    from distributed import Client

logger = logging.getLogger(__name__)

T = TypeVar("T")
S = TypeVar("S")
R = TypeVar("R")

SERIAL = "serial"
LOCAL = "local"
POLL_SECONDS = 0.25
CONNECT_TIMEOUT = "10s"

Progress = Callable[[int, int], None]
"""``on_done(done, total)`` after every finished task."""


class SchedulerError(SqOptError):
    """The Dask scheduler could not be reached (``reason`` unreachable) or a local cluster could
    not be started (``start_failed``); ``detail`` is Dask's own message."""

    def __init__(self, reason: str, scheduler: str, detail: str) -> None:
        super().__init__(f"{reason}: {scheduler}: {detail}")
        self.reason, self.scheduler, self.detail = reason, scheduler, detail


class Cancelled(SqOptError):
    """The run was cancelled before every task finished."""


def default_workers() -> int:
    """Dask workers of a local cluster when none is asked for: one per CPU."""
    return max(1, os.cpu_count() or 1)


def start_client(scheduler: str = LOCAL, workers: int | None = None) -> tuple[Client, Any]:
    """A Dask client and the local cluster it owns (None for an address); close both after use
    (:func:`close_client`)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - a dependency of sq-opt
        raise SchedulerError("start_failed", scheduler, str(err)) from None
    if scheduler == LOCAL:
        try:
            cluster = LocalCluster(
                n_workers=workers or default_workers(),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # the scheduler's HTTP routes on a free port (not 8787: no clash, no warning)
                scheduler_kwargs={"dashboard_address": ":0"},
                silence_logs=logging.ERROR,
            )
        except Exception as err:  # any start failure is the same error to the user
            raise SchedulerError("start_failed", scheduler, str(err)) from None
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as err:
        raise SchedulerError("unreachable", scheduler, str(err)) from None


def close_client(client: Client, cluster: Any) -> None:
    """Close a client of :func:`start_client` and its local cluster."""
    client.close()
    if cluster is not None:
        cluster.close()


@contextmanager
def dask_client(scheduler: str = LOCAL, workers: int | None = None) -> Iterator[Client]:
    """A Dask client: on a new local cluster of processes (closed on exit), or on the cluster at
    the address ``scheduler``."""
    client, cluster = start_client(scheduler, workers)
    try:
        yield client
    finally:
        close_client(client, cluster)


def run_tasks(
    fn: Callable[[T, S], R],
    items: Sequence[T],
    shared: S,
    *,
    scheduler: str = LOCAL,
    workers: int | None = None,
    client: Client | None = None,
    on_done: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[R]:
    """``[fn(item, shared) for item in items]``, serially or on Dask (see the module's doc).

    ``fn`` must be a module-level function (workers import it). A task's exception is raised
    here; ``cancel`` set from another thread stops the run (:class:`Cancelled`).
    """
    total = len(items)
    if client is None and scheduler == SERIAL:
        results: list[R] = []
        for item in items:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            results.append(fn(item, shared))
            if on_done is not None:
                on_done(len(results), total)
        return results
    if client is not None:
        return _on_client(client, fn, items, shared, on_done, cancel)
    with dask_client(scheduler, workers) as new_client:
        return _on_client(new_client, fn, items, shared, on_done, cancel)


def _on_client(
    client: Client,
    fn: Callable[[T, S], R],
    items: Sequence[T],
    shared: S,
    on_done: Progress | None,
    cancel: threading.Event | None,
) -> list[R]:
    from distributed import wait

    if not items:
        return []
    # In a list, so that a dict is sent whole (scatter takes a dict's keys as the data's keys,
    # which two calls would then share); hash=False: a fresh key for every call.
    [payload] = client.scatter([shared], broadcast=True, hash=False)
    futures = client.map(fn, list(items), shared=payload, pure=False)
    position = {future.key: k for k, future in enumerate(futures)}
    results: list[Any] = [None] * len(futures)
    pending = set(futures)
    done_count = 0
    try:
        while pending:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            try:
                finished = wait(list(pending), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED")
            except TimeoutError:
                continue
            for future in finished.done:
                results[position[future.key]] = future.result()  # raises the task's error
                pending.discard(future)
                done_count += 1
                if on_done is not None:
                    on_done(done_count, len(futures))
    finally:
        if pending:
            client.cancel(list(pending))
    return results


def describe(
    scheduler: str, workers: int | None, client: Client | None = None
) -> tuple[str, int | None]:
    """What a run used: the scheduler's name and the number of workers (for reports)."""
    if client is not None:
        try:
            info = client.scheduler_info()
            return str(info.get("address", "client")), len(info["workers"])
        except Exception:  # informative only
            return "client", None
    if scheduler == SERIAL:
        return SERIAL, 1
    if scheduler == LOCAL:
        return LOCAL, workers or default_workers()
    return scheduler, workers
