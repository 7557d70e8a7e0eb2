"""Background computations started from the pages (solve, what-if, alternatives, replan,
robustness).

Each runs as a job of the API's :class:`~api.pool.JobManager` (same solver pool, same limits, 503
when full), so its progress (best value, bound, elapsed) is read while it runs. A task remembers
what the page needs afterwards: its sector (for isolation), its scenario, its result. Tasks live
in memory (the most recent ``KEEP``); solves are recorded as runs in the store as well.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import Request

from api.auth import Principal
from api.pool import Job, JobManager, PoolFull
from api.settings import Settings
from api.web.web_errors import WebError
from models.issues import Issue
from models.scenario import Scenario
from models.strategy import Strategy

TaskKind = Literal["solve", "whatif", "alternatives", "replan", "robustness"]
KEEP = 200
FINISHED = ("completed", "failed", "cancelled")


@dataclass
class Task:
    """A computation of the pages and what its result page needs."""

    id: str
    kind: TaskKind
    sector: str | None
    scenario_id: str
    scenario: Scenario
    job: Job | None = None
    run_id: str | None = None
    result: Any = None
    context: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "queued" if self.job is None else self.job.status

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def strategy(self) -> Strategy | None:
        return None if self.job is None else self.job.strategy


class TaskBook:
    """Tasks by id, the most recent ``keep``."""

    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self.tasks: OrderedDict[str, Task] = OrderedDict()
        self.lock = threading.Lock()

    def add(self, task: Task) -> None:
        with self.lock:
            self.tasks[task.id] = task
            while len(self.tasks) > self.keep:
                self.tasks.popitem(last=False)

    def get(self, task_id: str) -> Task | None:
        with self.lock:
            return self.tasks.get(task_id)


def book(request: Request) -> TaskBook:
    """The app's tasks (created on first use)."""
    state = request.app.state
    found: TaskBook | None = getattr(state, "web_tasks", None)
    if found is None:
        found = TaskBook()
        state.web_tasks = found
    return found


def start(
    request: Request,
    kind: TaskKind,
    record: dict[str, Any],
    scenario: Scenario,
    work: Callable[[Task, Job], Strategy],
    **fields: Any,
) -> Task:
    """Start ``work`` in the solver pool as a task of the stored scenario ``record``."""
    jobs: JobManager = request.app.state.jobs
    settings: Settings = request.app.state.settings
    task = Task(
        id="", kind=kind, sector=record["sector"], scenario_id=record["id"], scenario=scenario
    )
    for name, value in fields.items():
        setattr(task, name, value)
    try:
        job = jobs.run(record["sector"], lambda job: work(task, job))
    except PoolFull:
        raise WebError(503, "error.busy", {"Retry-After": str(settings.retry_after)}) from None
    task.id, task.job = job.id, job
    book(request).add(task)
    return task


def visible_task(request: Request, task_id: str, principal: Principal) -> Task:
    """The task, 404 when unknown or of another sector."""
    task = book(request).get(task_id)
    if task is None or not principal.can_see(task.sector):
        raise WebError(404, "error.not_found")
    return task
