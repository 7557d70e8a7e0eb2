"""The solver pool: solves never run on the event loop, a full pool says 503, and their memory goes
back to the system.

Tasks run in worker processes (``forkserver``, with the library preloaded) that are replaced after
``tasks_per_child`` tasks and trim their heap after each one, so that a large solve does not keep
the server big (``SQ_OPT_SOLVE_PROCESSES=false``: threads of the server process, for debugging).
At most ``workers`` tasks run and ``queue`` wait; beyond, :class:`PoolFull`. Each task holds a
*slot*: a cancel flag and its progress in shared memory, which the task's
:class:`~sq_opt.budget.Budget` reads (its deadline: ``seconds`` from the moment it starts).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import multiprocessing
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TypeVar

from models.strategy import Strategy
from sq_opt.budget import Budget, TimeUp, within
from sq_opt.solve import Progress

T = TypeVar("T")
logger = logging.getLogger(__name__)

STAGES = ("value", "main_value", "tie_break", "changes", "value_kept")
"""The solve's stages, numbered in the shared progress (another name reads as ``value``)."""
PRELOAD = ["api.work"]
"""Modules the forkserver imports once, so that a new worker process starts at once."""
_FIELDS = 5  # per slot: sequence, stage, best, bound, elapsed


class PoolFull(Exception):
    """No free slot: the caller answers 503 with Retry-After."""


class TaskFailed(Exception):
    """A task failed on an unexpected error (logged where it happened; no detail crosses)."""


class Slots:
    """Per slot, a cancel flag and the latest progress: shared memory with the workers."""

    def __init__(self, size: int, context: Any | None) -> None:
        if context is None:  # threads: plain arrays
            self.flags: Any = (ctypes.c_byte * size)()
            self.values: Any = (ctypes.c_double * (size * _FIELDS))()
        else:
            self.flags = context.RawArray(ctypes.c_byte, size)
            self.values = context.RawArray(ctypes.c_double, size * _FIELDS)

    def reset(self, slot: int) -> None:
        self.flags[slot] = 0
        for k in range(_FIELDS):
            self.values[slot * _FIELDS + k] = 0.0

    def write(self, slot: int, progress: Progress) -> None:
        base = slot * _FIELDS
        stage = STAGES.index(progress.stage) if progress.stage in STAGES else 0
        self.values[base + 1] = stage
        self.values[base + 2] = math.nan if progress.best is None else progress.best
        self.values[base + 3] = math.nan if progress.bound is None else progress.bound
        self.values[base + 4] = progress.elapsed
        self.values[base] += 1  # last: a reader sees a complete snapshot once this moves

    def read(self, slot: int) -> Progress | None:
        base = slot * _FIELDS
        if not self.values[base]:
            return None
        best, bound = self.values[base + 2], self.values[base + 3]
        return Progress(
            stage=STAGES[int(self.values[base + 1])],
            best=None if math.isnan(best) else best,
            bound=None if math.isnan(bound) else bound,
            elapsed=self.values[base + 4],
        )


@dataclass(frozen=True)
class _Flag:
    """The cancel switch of one slot."""

    slots: Slots
    slot: int

    def is_set(self) -> bool:
        return bool(self.slots.flags[self.slot])


_SLOTS: Slots | None = None  # a worker process's view of the shared slots


def _init_worker(slots: Slots) -> None:
    global _SLOTS
    _SLOTS = slots


def _trim() -> None:
    """Give the heap's free memory back to the system (glibc; elsewhere nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _execute(
    slot: int,
    seconds: float,
    progress: bool,
    fn: Callable[..., T],
    args: tuple[Any, ...],
    slots: Slots | None = None,
) -> T:
    """Run ``fn(*args)`` within a budget of ``seconds`` cancelled by the slot's flag (in a worker
    process, or a thread when ``slots`` is given)."""
    own = slots or _SLOTS
    assert own is not None, "worker not initialised"
    kwargs: dict[str, Any] = {}
    if progress:
        kwargs["on_progress"] = lambda p: own.write(slot, p)
    try:
        with within(Budget.seconds(seconds, _Flag(own, slot))):
            return fn(*args, **kwargs)
    except TimeUp:
        raise
    except Exception as err:
        if getattr(err, "crosses", False) or type(err).__name__ == "ScenarioError":
            raise
        logger.exception("solver task %s failed", getattr(fn, "__name__", fn))
        raise TaskFailed(type(err).__name__) from None
    finally:
        if slots is None:
            _trim()


@dataclass
class Task:
    """A task in the pool: its future, its slot, its progress."""

    future: Future[Any]
    slot: int
    slots: Slots
    executor: Executor | None = None
    final: Progress | None = None

    def cancel(self) -> None:
        """Stop the task: its budget is cancelled (the search stops; nothing starts after)."""
        self.slots.flags[self.slot] = 1
        self.future.cancel()

    def progress(self) -> Progress | None:
        return self.final if self.future.done() and self.final else self.slots.read(self.slot)


class SolvePool:
    """``workers`` tasks at once, ``queue`` more waiting; beyond that, :class:`PoolFull`."""

    def __init__(
        self, workers: int, queue: int, *, processes: bool = True, tasks_per_child: int = 20
    ) -> None:
        self.workers, self.processes, self.tasks_per_child = workers, processes, tasks_per_child
        size = workers + queue
        self.context = multiprocessing.get_context("forkserver") if processes else None
        if self.context is not None:
            self.context.set_forkserver_preload(PRELOAD)
        self.slots = Slots(size, self.context)
        self.free = list(range(size))
        self.lock = threading.Lock()
        self.executor = self._executor()

    def _executor(self) -> Executor:
        if self.context is None:
            return ThreadPoolExecutor(self.workers, thread_name_prefix="sq-opt-solve")
        return ProcessPoolExecutor(
            self.workers,
            mp_context=self.context,
            initializer=_init_worker,
            initargs=(self.slots,),
            max_tasks_per_child=self.tasks_per_child,
        )

    def submit(
        self, fn: Callable[..., Any], *args: Any, seconds: float, progress: bool = False
    ) -> Task:
        """Run ``fn(*args)`` (a module-level function: it crosses into a process) within
        ``seconds``; ``progress``: pass it an ``on_progress`` that the task's :meth:`Task.progress`
        reads."""
        with self.lock:
            if not self.free:
                raise PoolFull
            slot = self.free.pop()
        self.slots.reset(slot)
        extra = () if self.context is not None else (self.slots,)
        try:
            future = self.executor.submit(_execute, slot, seconds, progress, fn, args, *extra)
        except BaseException:
            self._release(slot)
            raise
        task = Task(future, slot, self.slots, self.executor)

        def done(_: Future[Any]) -> None:
            task.final = self.slots.read(slot)
            self._release(slot)

        future.add_done_callback(done)
        return task

    def _release(self, slot: int) -> None:
        with self.lock:
            self.free.append(slot)

    def repair(self, broken: Executor | None = None) -> None:
        """A worker process died (killed): a new executor for the tasks to come (once, however
        many tasks saw the old one break)."""
        with self.lock:
            if broken is not None and broken is not self.executor:
                return  # repaired already
            logger.error("a solver process died; the pool is restarted")
            broken, self.executor = self.executor, self._executor()
        broken.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Cancel every task (they stop within a moment) and wait for the workers to exit."""
        for slot in range(len(self.slots.flags)):
            self.slots.flags[slot] = 1
        self.executor.shutdown(wait=True, cancel_futures=True)


@dataclass
class Job:
    """A long solve run in the background."""

    id: str
    sector: str | None
    started: float = field(default_factory=time.monotonic)
    status: str = "queued"
    task: Task | None = None
    strategy: Strategy | None = None
    error: str | None = None
    finished: float | None = None
    cancelled: bool = False

    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def progress(self) -> Progress | None:
        return None if self.task is None else self.task.progress()

    def cancel(self) -> None:
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()
        if self.status == "queued":
            self.status, self.finished = "cancelled", time.monotonic()


class JobManager:
    """Jobs by id (the most recent ``keep`` are kept in memory)."""

    def __init__(self, pool: SolvePool, keep: int = 1000) -> None:
        self.pool = pool
        self.keep = keep
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self.lock = threading.Lock()

    def start(
        self,
        sector: str | None,
        fn: Callable[..., Strategy],
        *args: Any,
        seconds: float,
        finish: Callable[[Strategy], Strategy] = lambda s: s,
    ) -> Job:
        """Run ``fn(*args, on_progress=...)`` in the pool as a job (``finish`` adds notes)."""
        job = Job(id=str(uuid.uuid4()), sector=sector)
        job.task = self.pool.submit(fn, *args, seconds=seconds, progress=True)

        def done(future: Future[Any]) -> None:
            job.finished = time.monotonic()
            if future.cancelled():
                job.status = "cancelled"
                return
            error = future.exception()
            if error is None:
                job.strategy = finish(future.result())
                job.status = "cancelled" if job.cancelled else "completed"
            elif isinstance(error, TimeUp) and job.cancelled:
                job.status = "cancelled"
            else:
                job.status, job.error = "failed", error_code(error)

        job.task.future.add_done_callback(done)
        with self.lock:
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:
                self.jobs.popitem(last=False)
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            job = self.jobs.get(job_id)
        started = job is not None and job.task is not None and job.task.future.running()
        if job is not None and job.status == "queued" and (started or job.progress is not None):
            job.status = "running"
        return job


def error_code(error: BaseException) -> str:
    """What a job or run record says of a failure: a code, never the exception's text."""
    if isinstance(error, TimeUp):
        return "cancelled" if error.cancelled else "time_limit_reached"
    if isinstance(error, BrokenProcessPool):
        return "solver_process_died"
    if type(error).__name__ == "ScenarioError":
        return "invalid_scenario"
    return "internal_error"
