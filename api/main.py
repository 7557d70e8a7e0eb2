"""Builds the FastAPI application: settings, store (migrated), solver pool, routes, errors."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp

from api import errors, web, words
from api.batch import DaskHolder
from api.bodies import RequestBodies
from api.pool import JobManager, SolvePool
from api.routes import (
    batch,
    cycle,
    docs,
    documents,
    followup,
    health,
    jobs,
    runs,
    scenarios,
    solve,
)
from api.security import SecurityHeaders
from api.settings import Settings, get_settings
from api.store.db import Database
from api.store.servers import Heartbeat
from models.i18n import Lang

logger = logging.getLogger(__name__)

DESCRIPTION = """Optimiseur de stratégie pour les GPO de la Sécurité du quotidien.

Toutes les routes `/v1` demandent une clé d'API (`Authorization: Bearer <clé>` ou `X-API-Key`),
créée avec `sq-opt api-key create --sector ID` (limitée à un secteur) ou `--all` (tous secteurs).
Les erreurs sont en JSON : `{"error", "message", "details": [{"path", "message"}]}`, en français
(anglais avec `Accept-Language: en`), avec les mêmes chemins que la CLI.
"""


class Service(FastAPI):
    """The application, with the security headers outermost (on every response, 500 included)."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    db = Database(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        lang: Lang = "en" if os.environ.get("SQ_OPT_LANG", "fr").lower().startswith("en") else "fr"
        logging.getLogger("uvicorn.error").info(
            words.t("server.database", lang, url=settings.shown_url)
        )
        db.migrate()
        heartbeat = Heartbeat(db)
        failed = heartbeat.start()
        if failed:
            logger.warning("%d run(s) of a stopped server marked as failed", failed)
        app.state.heartbeat = heartbeat
        pool = SolvePool(
            settings.solve_workers,
            settings.solve_queue,
            processes=settings.solve_processes,
            tasks_per_child=settings.solve_tasks_per_child,
        )
        app.state.pool = pool
        app.state.jobs = JobManager(pool)
        app.state.dask = DaskHolder(settings)
        yield
        pool.shutdown()
        app.state.dask.close()
        heartbeat.stop()

    app = Service(
        title="sq-opt",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served offline by api.routes.docs
        redoc_url=None,
        openapi_tags=[
            {
                "name": "résolution",
                "description": "Résoudre, valider, vérifier, expliquer, comparer.",
            },
            {"name": "tâches", "description": "Résolutions longues en arrière-plan."},
            {"name": "lots", "description": "Robustesse et balayages sur Dask, en arrière-plan."},
            {"name": "scénarios", "description": "Stock de scénarios versionnés."},
            {
                "name": "suivi",
                "description": "Cycle du GPO : registre, indicateurs, réunions (versionnés), "
                "replanification, adoption, évaluation.",
            },
            {"name": "runs", "description": "Résolutions enregistrées."},
            {
                "name": "documents",
                "description": "Le dossier de réunion (HTML) et le classeur du plan (.xlsx).",
            },
            {"name": "santé", "description": "Sondes de vie et de disponibilité."},
        ],
    )
    app.state.settings = settings
    app.state.db = db
    errors.install(app)
    for router in (
        health.router,
        solve.router,
        jobs.router,
        batch.router,
        scenarios.router,
        followup.router,
        cycle.router,
        runs.router,
        documents.router,
        docs.router,
    ):
        app.include_router(router)
    web.install(app)  # the web pages (/web), their static files and error pages
    app.add_middleware(RequestBodies, max_bytes=settings.max_body_bytes)
    return app


def __getattr__(name: str) -> Any:
    """``uvicorn api.main:app``: the application is built on first access, from the environment."""
    if name == "app":
        return create_app()
    raise AttributeError(name)
