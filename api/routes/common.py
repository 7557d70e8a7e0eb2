"""Helpers shared by the routers: error table, example, access and size guards, options, pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from api.auth import Principal
from api.deps import RequestPool
from api.errors import ApiError
from api.pool import PoolFull, Task, TaskFailed
from api.schemas import ConflictBody, ErrorBody, SolveRequest
from api.settings import Settings
from api.words import t
from models.issues import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from sq_opt.model.size import model_size
from sq_opt.workers import available_cpus

T = TypeVar("T")
CANCEL_POLL = 0.2
"""Seconds between two looks at whether the client left."""

Responses = dict[int | str, dict[str, Any]]

ERRORS: Responses = {
    401: {"model": ErrorBody, "description": "Clé d'API absente ou invalide."},
    403: {"model": ErrorBody, "description": "Secteur hors du périmètre de la clé."},
    413: {"model": ErrorBody, "description": "Corps de requête trop volumineux."},
    422: {
        "model": ErrorBody,
        "description": "Scénario ou requête invalide (chemins comme en CLI).",
    },
    503: {"model": ErrorBody, "description": "Serveur occupé ; voir Retry-After."},
}


def with_not_found(description: str) -> Responses:
    """The shared error table plus a 404 described as ``description``."""
    return ERRORS | {404: {"model": ErrorBody, "description": description}}


FOLLOWUP_ERRORS: Responses = {  # another sector's scenario is "not found" (no 403)
    code: answer
    for code, answer in with_not_found("Scénario inconnu ou d'un autre secteur.").items()
    if code != 403
}
PRECONDITION: Responses = {
    409: {
        "model": ConflictBody,
        "description": "Le suivi a changé depuis la lecture (If-Match périmé) : relire puis recommencer.",
    },
    428: {
        "model": ErrorBody,
        "description": "If-Match manquant alors que le suivi existe déjà.",
    },
}


EXAMPLE_SCENARIO: dict[str, Any] = {
    "name": "Exemple — secteur Centre",
    "sector": {"id": "centre", "name": "Centre"},
    "horizon": {"periods": 2, "period_days": 14, "start_date": "2026-03-09"},
    "partners": [{"id": "pn", "name": "Police nationale", "kind": "police_nationale"}],
    "resources": [{"id": "patrouilles", "unit": "heures-équipage", "owner": "pn", "capacity": 20}],
    "problems": [{"id": "deal-place", "title": "Point de deal place du Marché", "priority": 1}],
    "solutions": [
        {
            "id": "enquete",
            "title": "Opération judiciaire",
            "lead": "pn",
            "effects": {"deal-place": 0.4},
            "demand": {"patrouilles": 8},
        },
        {
            "id": "reoccupation",
            "title": "Réoccupation de la place",
            "lead": "pn",
            "effects": {"deal-place": 0.3},
            "demand": {"patrouilles": 4},
        },
    ],
    "relations": [{"kind": "precedes", "between": ["enquete", "reoccupation"]}],
}

EXAMPLE_FOLLOWUP: dict[str, Any] = {
    "scenario": "Exemple — secteur Centre",
    "meetings": [{"date": "2026-03-09", "note": "GPO de lancement"}],
    "register": [
        {"solution": "enquete", "status": "running", "start": "2026-03-09"},
        {"solution": "reoccupation", "status": "planned", "start": "2026-03-23"},
    ],
    "indicators": [
        {"problem": "deal-place", "date": "2026-03-09", "value": 12, "source": "main courante"}
    ],
}


# -- guards ------------------------------------------------------------------------------------
def check_access(principal: Principal, sector: str | None, lang: Lang) -> None:
    """403 unless the key may see ``sector`` (a document in the body names another sector; a
    stored item of another sector is 404, see :func:`owned`)."""
    if not principal.can_see(sector):
        raise ApiError(403, "forbidden", t("access.sector", lang, sector=principal.sector))


def owned(item: T | None, sector: Callable[[T], str | None], principal: Principal) -> T:
    """The stored ``item``: 404 when missing *or* outside the key's sector (no existence oracle)."""
    if item is None or not principal.can_see(sector(item)):
        raise ApiError(404, "not_found")
    return item


def check_scenario(
    scenario: Scenario, principal: Principal, settings: Settings, lang: Lang
) -> None:
    """Access to the scenario's sector, then the server's size limits (422, the limit named)."""
    check_access(principal, scenario.sector.id if scenario.sector else None, lang)
    limits = [
        ("problems", len(scenario.problems), settings.max_problems),
        ("solutions", len(scenario.solutions), settings.max_solutions),
        ("relations", len(scenario.relations), settings.max_relations),
        ("horizon.periods", scenario.horizon.periods, settings.max_periods),
    ]
    details = [
        {"path": path, "message": t("limit.beyond", lang, count=count, limit=limit)}
        for path, count, limit in limits
        if count > limit
    ]
    size = model_size(scenario)
    if size > settings.max_model_size and not details:
        message = t("limit.model", lang, count=size, limit=settings.max_model_size)
        details.append({"path": "", "message": message})
    if details:
        raise ApiError(422, "too_big", details=details)


# -- options and notes -------------------------------------------------------------------------
def capped(options: SolveOptions, settings: Settings, lang: Lang) -> tuple[SolveOptions, list[str]]:
    """Options within the server's limits, with a note (in ``lang``) when the time limit was
    lowered."""
    update: dict[str, object] = {}
    notes = []
    if options.time_limit > settings.max_time_limit:
        update["time_limit"] = settings.max_time_limit
        notes.append(
            t("note.time_capped", lang, asked=options.time_limit, most=settings.max_time_limit)
        )
    share = settings.cpsat_workers or max(1, available_cpus() // settings.solve_workers)
    if options.workers is None:  # share the cores between the solves running at once
        update["workers"] = share
    elif options.workers > share:  # a client does not take more than its share of the cores
        update["workers"] = share
        notes.append(t("note.workers_capped", lang, asked=options.workers, most=share))
    return (options.model_copy(update=update) if update else options), notes


def admitted(
    request: SolveRequest, principal: Principal, settings: Settings, lang: Lang
) -> tuple[SolveOptions, list[str]]:
    """The analysis prologue: the scenario checked (sector, size), then its options capped."""
    check_scenario(request.scenario, principal, settings, lang)
    return capped(request.options, settings, lang)


# -- solver pool -------------------------------------------------------------------------------
def busy(settings: Settings) -> ApiError:
    """The 503 answered when the solver pool is full, with Retry-After."""
    return ApiError(503, "busy", headers={"Retry-After": str(settings.retry_after)})


async def in_pool(
    pool: RequestPool, settings: Settings, fn: Callable[..., T], *args: Any, seconds: float
) -> T:
    """Run ``fn(*args)`` (a function of :mod:`api.work`) in a solver process within ``seconds``
    (the request's one deadline) and await it; 503 with Retry-After when the pool is full. When
    the client leaves, the task is cancelled (its search stops, nothing more starts)."""
    result: T = await finished(
        pool, settings, submitted(pool, settings, fn, *args, seconds=seconds)
    )
    return result


async def in_thread(
    pool: RequestPool, settings: Settings, fn: Callable[..., T], *args: Any, seconds: float
) -> T:
    """:func:`in_pool` for work that cannot cross into a process (a closure over the request,
    an in-process memo): the pool's thread lane, same slots, limits, deadline and cancel."""
    task = submitted(pool, settings, fn, *args, seconds=seconds, local=True)
    result: T = await finished(pool, settings, task)
    return result


def submitted(
    pool: RequestPool,
    settings: Settings,
    fn: Callable[..., Any],
    *args: Any,
    seconds: float,
    local: bool = False,
) -> Task:
    """The task of ``fn(*args)`` in the solver pool (503 with Retry-After when it is full);
    ``local``: in its thread lane."""
    submit = pool.pool.submit_local if local else pool.pool.submit
    try:
        return submit(fn, *args, seconds=seconds)
    except PoolFull:
        raise busy(settings) from None


async def finished(pool: RequestPool, settings: Settings, task: Task) -> Any:
    """The task's result, once done; cancelled when the client leaves."""
    future = asyncio.wrap_future(task.future)
    try:
        while not (await asyncio.wait({future}, timeout=CANCEL_POLL))[0]:
            if pool.cancel.is_set():
                task.cancel()
        return future.result()
    except BrokenProcessPool:  # the pool has replaced its processes (SolvePool._run)
        raise busy(settings) from None
    except TaskFailed:
        raise ApiError(500, "internal_error") from None
    finally:
        if not task.future.done():  # the request itself was cancelled
            task.cancel()
