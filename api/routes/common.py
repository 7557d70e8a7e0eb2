"""Helpers shared by the routers: error table, example, access and size guards, options, pool."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from api.auth import Principal
from api.errors import ApiError
from api.pool import PoolFull, SolvePool
from api.schemas import ConflictBody, ErrorBody, SolveRequest
from api.settings import Settings
from models.issues import Lang
from models.options import SolveOptions
from models.scenario import Scenario
from models.strategy import Strategy
from sq_opt.workers import available_cpus

T = TypeVar("T")

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
    """403 unless the key may see ``sector``."""
    if not principal.can_see(sector):
        message = (
            f"cette clé est limitée au secteur « {principal.sector} »"
            if lang == "fr"
            else f"this key is limited to sector '{principal.sector}'"
        )
        raise ApiError(403, "forbidden", message)


def visible(
    item: T | None, sector: Callable[[T], str | None], principal: Principal, lang: Lang
) -> T:
    """The stored ``item``: 404 when missing, then 403 unless the key may see its ``sector``."""
    if item is None:
        raise ApiError(404, "not_found")
    check_access(principal, sector(item), lang)
    return item


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
        {
            "path": path,
            "message": f"{count} au-delà de la limite du serveur ({limit})"
            if lang == "fr"
            else f"{count} beyond the server's limit ({limit})",
        }
        for path, count, limit in limits
        if count > limit
    ]
    if details:
        raise ApiError(422, "too_big", details=details)


# -- options and notes -------------------------------------------------------------------------
def capped(options: SolveOptions, settings: Settings) -> tuple[SolveOptions, list[str]]:
    """Options within the server's limits, with a note when the time limit was lowered."""
    update: dict[str, object] = {}
    notes = []
    if options.time_limit > settings.max_time_limit:
        update["time_limit"] = settings.max_time_limit
        notes.append(
            f"limite de temps ramenée de {options.time_limit:g} s à {settings.max_time_limit:g} s (maximum du serveur)"
        )
    if options.workers is None:  # share the cores between the solves running at once
        update["workers"] = settings.cpsat_workers or max(
            1, available_cpus() // settings.solve_workers
        )
    return (options.model_copy(update=update) if update else options), notes


def admitted(
    request: SolveRequest, principal: Principal, settings: Settings, lang: Lang
) -> tuple[SolveOptions, list[str]]:
    """The analysis prologue: the scenario checked (sector, size), then its options capped."""
    check_scenario(request.scenario, principal, settings, lang)
    return capped(request.options, settings)


def with_notes(strategy: Strategy, notes: list[str]) -> Strategy:
    """The strategy with the server's notes (e.g. a capped time limit) in front of its warnings."""
    if not notes:
        return strategy
    return strategy.model_copy(update={"warnings": [*notes, *strategy.warnings]})


# -- solver pool -------------------------------------------------------------------------------
def busy(settings: Settings) -> ApiError:
    """The 503 answered when the solver pool is full, with Retry-After."""
    return ApiError(503, "busy", headers={"Retry-After": str(settings.retry_after)})


async def in_pool(
    pool: SolvePool, settings: Settings, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run ``fn`` in the solver pool and await it; 503 with Retry-After when the pool is full."""
    try:
        future = pool.submit(fn, *args, **kwargs)
    except PoolFull:
        raise busy(settings) from None
    return await asyncio.wrap_future(future)
