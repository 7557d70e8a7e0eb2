"""A bounded pool of solver threads: solves never run on the event loop, and a full pool says 503."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from models.strategy import Strategy
from sq_opt.solve import Progress

T = TypeVar("T")


class PoolFull(Exception):
    """No free slot: the caller answers 503 with Retry-After."""


class SolvePool:
    """``workers`` solves at once, ``queue`` more waiting; beyond that, :class:`PoolFull`."""

    def __init__(self, workers: int, queue: int) -> None:
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sq-opt-solve")
        self.slots = threading.BoundedSemaphore(workers + queue)

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        if not self.slots.acquire(blocking=False):
            raise PoolFull
        try:
            future = self.executor.submit(fn, *args, **kwargs)
        except BaseException:
            self.slots.release()
            raise
        future.add_done_callback(lambda _: self.slots.release())
        return future

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


@dataclass
class Job:
    """A long solve run in the background."""

    id: str
    sector: str | None
    started: float = field(default_factory=time.monotonic)
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    status: str = "queued"
    progress: Progress | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    strategy: Strategy | None = None
    error: str | None = None
    finished: float | None = None
    kind: str = "solve"
    result: Any = None  # a batch job's result (its work returns None)
    done: int = 0  # a batch job's finished solves
    total: int = 0  # and how many it has

    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started


class JobManager:
    """Jobs by id (the most recent ``keep`` are kept in memory)."""

    def __init__(self, pool: SolvePool, keep: int = 1000) -> None:
        self.pool = pool
        self.keep = keep
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()

    def start(
        self, sector: str | None, work: Callable[[Job], Strategy | None], kind: str = "solve"
    ) -> Job:
        job = Job(id=str(uuid.uuid4()), sector=sector, kind=kind)

        def run() -> None:
            if job.cancel.is_set():
                job.status, job.finished = "cancelled", time.monotonic()
                return
            job.status = "running"
            try:
                job.strategy = work(job)
                job.status = "cancelled" if job.cancel.is_set() else "completed"
            except Exception as err:
                if job.cancel.is_set():
                    job.status = "cancelled"
                else:
                    job.status, job.error = "failed", f"{type(err).__name__}: {err}"
            finally:
                job.finished = time.monotonic()

        self.pool.submit(run)
        with self.lock:
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:
                self.jobs.popitem(last=False)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def all(self) -> list[Job]:
        """The jobs kept, oldest first."""
        with self.lock:
            return list(self.jobs.values())
