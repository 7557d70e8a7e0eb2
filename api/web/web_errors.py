"""Errors of the web pages: an HTML page in the viewer's language (never JSON, never a trace).

The API's exception handlers stay in place for ``/v1``; under ``/web`` the same exceptions (the
shared guards' 403 / 404, a full solver pool's 503, an unknown page) are shown as a page.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import RETRY_STORE, ApiError, body
from api.web.render import render
from api.web.session import SignInRequired, request_lang
from api.web.words import WORDS
from models.issues import ScenarioError
from sq_opt.budget import TimeUp

logger = logging.getLogger(__name__)
Handler = Callable[[Request, Any], Awaitable[Response]]

TITLES = {400: "error.400", 403: "error.403", 404: "error.404", 409: "error.409", 503: "error.503"}


class WebError(Exception):
    """A page refused: ``status`` and the catalogue key of its message."""

    def __init__(
        self, status: int, key: str, headers: dict[str, str] | None = None, **params: object
    ) -> None:
        super().__init__(key)
        self.status, self.key, self.params, self.headers = status, key, params, headers


def error_page(
    request: Request,
    status: int,
    message: str,
    details: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error page (a minimal one if even that fails)."""
    lang = request_lang(request)
    title = WORDS.t(TITLES.get(status, "error.other"), lang)
    try:
        response: Response = render(
            request,
            "error.html",
            {"status": status, "title": title, "message": message, "details": details or []},
            status,
        )
    except Exception:
        logger.exception("error page failed")
        response = HTMLResponse(f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1>", status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _web(request: Request) -> bool:
    return request.url.path == "/web" or request.url.path.startswith("/web/")


async def _web_error(request: Request, exc: WebError) -> Response:
    lang = request_lang(request)
    return error_page(request, exc.status, WORDS.t(exc.key, lang, **exc.params), None, exc.headers)


async def _sign_in(request: Request, exc: SignInRequired) -> Response:
    return RedirectResponse(f"/web/signin?next={quote(exc.next_url)}", status_code=303)


def _as_page(exc: Exception, request: Request) -> Response:
    lang = request_lang(request)
    if isinstance(exc, ApiError) and exc.status == 404:
        return error_page(request, 404, WORDS.t("error.not_found", lang))
    if isinstance(exc, ApiError):
        shown = body(exc.code, lang, exc.message, exc.details)
        return error_page(request, exc.status, shown["message"], shown["details"], exc.headers)
    if isinstance(exc, ScenarioError):
        details = [{"path": i.path, "message": i.message(lang)} for i in exc.issues]
        return error_page(request, 422, WORDS.t("error.invalid", lang), details)
    if isinstance(exc, StarletteHTTPException):
        key = {404: "error.not_found", 405: "error.method"}.get(exc.status_code, "error.bad")
        return error_page(request, exc.status_code, WORDS.t(key, lang))
    if isinstance(exc, RequestValidationError):
        return error_page(request, 404, WORDS.t("error.not_found", lang))
    if isinstance(exc, TimeUp):  # the request's time ran out (or the user left)
        return error_page(request, 422, body("time_limit_reached", lang)["message"])
    if isinstance(exc, OperationalError):  # the store cannot be written (disk full, read-only)
        logger.error("store unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
        message = body("storage_unavailable", lang)["message"]
        return error_page(request, 503, message, None, {"Retry-After": str(RETRY_STORE)})
    logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_page(request, 500, WORDS.t("error.internal", lang))


def install_handlers(app: FastAPI) -> None:
    """Pages for errors under /web; the API's own handlers everywhere else."""
    for kind in (
        ApiError,
        ScenarioError,
        RequestValidationError,
        StarletteHTTPException,
        TimeUp,
        OperationalError,
        Exception,
    ):
        original: Handler | None = app.exception_handlers.get(kind)  # type: ignore[assignment]

        async def handler(
            request: Request, exc: Exception, original: Handler | None = original
        ) -> Response:
            if _web(request) or original is None:
                return _as_page(exc, request)
            return await original(request, exc)

        app.add_exception_handler(kind, handler)
    app.add_exception_handler(WebError, _web_error)  # type: ignore[arg-type]
    app.add_exception_handler(SignInRequired, _sign_in)  # type: ignore[arg-type]
