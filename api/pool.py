"""The solver pool: solves never run on the event loop, a full pool says 503, and their memory goes
back to the system.

Two lanes share one pool (its slots, its runners, its limits):

* :meth:`SolvePool.submit`, the **process lane**: a module-level function of picklable arguments
  (:mod:`api.work`) runs in a worker process (``forkserver``, with the library preloaded) that is
  replaced after ``tasks_per_child`` tasks and trims its heap after each one, so that a large
  solve does not keep the server big (``SQ_OPT_SOLVE_PROCESSES=false``: threads of the server
  process, for debugging). Every solve of the API's routes and jobs runs there.
* :meth:`SolvePool.submit_local`, the **thread lane**: any callable (a closure over the request,
  the store, an in-process memo, a Dask client) runs in a thread of the server process. The web
  pages' background tasks and the batch jobs on Dask run there: they cannot cross into a process.

At most ``workers`` tasks run at once, whatever their lane (``workers`` runner threads: a process
task's runner waits for its process), and ``queue`` more wait; beyond, :class:`PoolFull`. Each task
holds a *slot*: a cancel flag and its progress in shared memory, which the task's
:class:`~sq_opt.budget.Budget` reads (its deadline: ``seconds`` from the moment it starts; a
thread task may have none, each of its solves then keeps its own time limit).
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import logging
import math
import multiprocessing
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, TypeVar

from models.strategy import Strategy
from sq_opt.budget import Budget, TimeUp, within
from sq_opt.solve import Progress

T = TypeVar("T")
logger = logging.getLogger(__name__)

STAGES = ("value", "main_value", "tie_break", "changes", "value_kept", "canonical")
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
    seconds: float | None,
    progress: bool,
    fn: Callable[..., T],
    args: tuple[Any, ...],
    slots: Slots | None = None,
) -> T:
    """Run ``fn(*args)`` within a budget of ``seconds`` (None: no deadline) cancelled by the
    slot's flag (in a worker process, or a thread when ``slots`` is given)."""
    own = slots or _SLOTS
    assert own is not None, "worker not initialised"
    kwargs: dict[str, Any] = {}
    if progress:
        kwargs["on_progress"] = lambda p: own.write(slot, p)
    deadline = None if seconds is None else time.monotonic() + seconds
    try:
        with within(Budget(deadline, _Flag(own, slot))):
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


@dataclass(eq=False)
class Task:
    """A task in the pool: its future, its slot, its progress."""

    slot: int
    slots: Slots
    local: bool
    lock: threading.Lock  # the pool's: a slot is freed (and handed on) under it
    future: Future[Any] = field(default_factory=Future)
    inner: Future[Any] | None = None  # its future in the process pool
    final: Progress | None = None

    def cancel(self) -> None:
        """Stop the task: its budget is cancelled (the search stops; nothing starts after). A
        task already done is left alone: its slot may belong to another task by now."""
        with self.lock:
            if self.future.done():
                return
            self.slots.flags[self.slot] = 1
        self.future.cancel()
        if self.inner is not None:
            self.inner.cancel()

    def progress(self) -> Progress | None:
        return self.final if self.future.done() and self.final else self.slots.read(self.slot)


class SolvePool:
    """``workers`` tasks at once (both lanes), ``queue`` more waiting; beyond, :class:`PoolFull`."""

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
        self.tasks: set[Task] = set()
        self.lock = threading.Lock()
        self.runners = ThreadPoolExecutor(workers, thread_name_prefix="sq-opt-solve")
        self.executor = self._executor()

    def _executor(self) -> ProcessPoolExecutor | None:
        if self.context is None:
            return None
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
        """Run ``fn(*args)`` in a worker process (a module-level function of picklable
        arguments) within ``seconds``; ``progress``: pass it an ``on_progress`` that the task's
        :meth:`Task.progress` reads."""
        return self._submit(fn, args, seconds, progress, local=False)

    def submit_local(
        self,
        fn: Callable[..., Any],
        *args: Any,
        seconds: float | None = None,
        progress: bool = False,
    ) -> Task:
        """Run ``fn(*args)`` (any callable) in a thread of this process, in the same slots and
        limits as :meth:`submit`, within ``seconds`` (None: no deadline of its own)."""
        return self._submit(fn, args, seconds, progress, local=True)

    def _submit(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        seconds: float | None,
        progress: bool,
        local: bool,
    ) -> Task:
        with self.lock:
            if not self.free:
                raise PoolFull
            slot = self.free.pop()
            self.slots.reset(slot)
            task = Task(slot, self.slots, local or self.context is None, self.lock)
            self.tasks.add(task)

        def done(_: Future[Any]) -> None:
            task.final = self.slots.read(slot)
            with self.lock:
                self.tasks.discard(task)
                self.free.append(slot)

        task.future.add_done_callback(done)
        try:
            self.runners.submit(self._run, task, fn, args, seconds, progress)
        except BaseException:
            task.future.cancel()
            raise
        return task

    def _run(
        self,
        task: Task,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        seconds: float | None,
        progress: bool,
    ) -> None:
        """A runner thread: the task here (thread lane) or in a worker process, its outcome on
        its future."""
        if not task.future.set_running_or_notify_cancel():
            return  # cancelled while it waited
        try:
            if task.local:
                result = _execute(task.slot, seconds, progress, fn, args, self.slots)
            else:
                with self.lock:
                    executor = self.executor
                assert executor is not None
                task.inner = executor.submit(_execute, task.slot, seconds, progress, fn, args)
                try:
                    result = task.inner.result()
                except BrokenProcessPool:  # a worker process died: a new pool for what follows
                    self.repair(executor)
                    raise
        except BaseException as err:
            task.future.set_exception(err)
        else:
            task.future.set_result(result)

    def repair(self, broken: ProcessPoolExecutor | None = None) -> None:
        """A worker process died (killed): a new executor for the tasks to come (once, however
        many tasks saw the old one break)."""
        with self.lock:
            if self.executor is None or (broken is not None and broken is not self.executor):
                return  # repaired already
            logger.error("a solver process died; the pool is restarted")
            old, self.executor = self.executor, self._executor()
        old.shutdown(wait=False, cancel_futures=True)

    def shutdown(self) -> None:
        """Cancel every task (they stop within a moment) and wait for the workers to exit."""
        with self.lock:
            tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        self.runners.shutdown(wait=True, cancel_futures=True)
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


@dataclass(eq=False)
class Job:
    """A background computation: a long solve (``kind`` "solve", the API's jobs and the web
    pages' tasks) or a batch ("robustness", "sweep", "grid"; ``result``, ``done`` / ``total``).

    ``cancelled`` is its one cancel switch: :meth:`cancel` sets it and stops the task's budget;
    the work a job runs in the thread lane passes it to the library's ``cancel=``."""

    id: str
    sector: str | None
    kind: str = "solve"
    started: float = field(default_factory=time.monotonic)
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    status: str = "queued"
    task: Task | None = None
    strategy: Strategy | None = None
    result: Any = None  # what a batch or a page's task found beside its strategy
    done: int = 0  # a batch job's finished solves
    total: int = 0  # and how many it has
    error: str | None = None
    finished: float | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    reported: Progress | None = None  # the latest progress its work reported (thread lane)

    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def progress(self) -> Progress | None:
        if self.reported is not None:
            return self.reported
        return None if self.task is None else self.task.progress()

    def report(self, progress: Progress) -> None:
        """An ``on_progress`` for the library, in the thread lane."""
        self.reported = progress

    def cancel(self) -> None:
        self.cancelled.set()
        if self.task is not None:
            self.task.cancel()
        if self.status == "queued":
            self.status, self.finished = "cancelled", time.monotonic()


def _job_body(job: Job, work: Callable[[Job], Strategy | None]) -> Strategy | None:
    """A thread-lane job: its work, once it starts (nothing when cancelled before)."""
    if job.cancelled.is_set():
        raise TimeUp(cancelled=True)
    job.status = "running"
    return work(job)


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
    ) -> Job:
        """Run ``fn(*args, on_progress=...)`` in a worker process as a job."""
        job = Job(id=str(uuid.uuid4()), sector=sector)
        job.task = self.pool.submit(fn, *args, seconds=seconds, progress=True)
        return self._follow(job)

    def run(
        self,
        sector: str | None,
        work: Callable[[Job], Strategy | None],
        *,
        kind: str = "solve",
        seconds: float | None = None,
    ) -> Job:
        """Run ``work(job)`` (a closure) in the pool's thread lane as a job: it reports progress
        with :meth:`Job.report`, sets ``result`` / ``done`` / ``total``, passes ``job.cancelled``
        to the library; a job without ``seconds`` has no deadline of its own."""
        job = Job(id=str(uuid.uuid4()), sector=sector, kind=kind)
        job.task = self.pool.submit_local(_job_body, job, work, seconds=seconds)
        return self._follow(job)

    def _follow(self, job: Job) -> Job:
        assert job.task is not None

        def done(future: Future[Any]) -> None:
            job.finished = time.monotonic()
            if future.cancelled():
                job.status = "cancelled"
                return
            error = future.exception()
            if error is None:
                result = future.result()
                job.strategy = result
                job.status = "cancelled" if job.cancelled.is_set() else "completed"
            elif job.cancelled.is_set():
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

    def all(self) -> list[Job]:
        """The jobs kept, oldest first."""
        with self.lock:
            return list(self.jobs.values())


def error_code(error: BaseException) -> str:
    """What a job or run record says of a failure: a code, never the exception's text."""
    if isinstance(error, TimeUp):
        return "cancelled" if error.cancelled else "time_limit_reached"
    if isinstance(error, BrokenProcessPool):
        return "solver_process_died"
    if type(error).__name__ == "ScenarioError":
        return "invalid_scenario"
    return "internal_error"
