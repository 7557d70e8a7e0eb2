"""Helpers shared by the routers: run library work in the bounded pool, examples."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from api.errors import ApiError
from api.pool import PoolFull, SolvePool
from api.settings import Settings

T = TypeVar("T")

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


async def in_pool(
    pool: SolvePool, settings: Settings, fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run ``fn`` in the solver pool and await it; 503 with Retry-After when the pool is full."""
    try:
        future = pool.submit(fn, *args, **kwargs)
    except PoolFull:
        raise ApiError(503, "busy", headers={"Retry-After": str(settings.retry_after)}) from None
    return await asyncio.wrap_future(future)
