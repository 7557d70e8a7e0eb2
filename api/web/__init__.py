"""The web pages of sq-opt: the whole GPO cycle in a browser, served by ``sq-opt serve``.

Server-rendered pages (Jinja2) on the same store, keys and solver pool as the API; sign-in with
an API key into a signed session cookie, CSRF token on every form, the API's sector guards on every
page and download. Static files (CSS, one small script) are served by the app itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import (
    auth_pages,
    cycle_pages,
    document_pages,
    meeting_pages,
    plan_pages,
    scenario_pages,
    task_pages,
)
from api.web.web_errors import install_handlers

STATIC = Path(__file__).resolve().parent / "static"
ROUTERS = (
    auth_pages,
    scenario_pages,
    plan_pages,
    task_pages,
    meeting_pages,
    cycle_pages,
    document_pages,
)


def install(app: FastAPI) -> None:
    """Mount the pages, their static files and their error pages on ``app``."""
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/web/static", StaticFiles(directory=STATIC), name="web-static")
    install_handlers(app)
