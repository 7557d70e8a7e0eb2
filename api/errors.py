"""Structured JSON errors: {"error", "message", "details": [{"path", "message"}]}, never a trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.words import WORDS
from models.issues import Issue, Lang, ScenarioError, name_items
from sq_opt.budget import TimeUp
from sq_opt.io.errors import issue_from_error

logger = logging.getLogger(__name__)
RETRY_STORE = 30
"""Retry-After (s) of a 503 when the store cannot be written (read-only, full disk, locked)."""


class ApiError(Exception):
    """An error answered as structured JSON with ``status`` (it may cross back from a solver
    process: ``crosses``, pickled with its fields)."""

    crosses = True

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        details: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message
        self.details = details or []
        self.headers = headers
        self.extra = extra or {}

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.status, self.code, self.message, self.details, self.headers, self.extra)
        return (type(self), fields)


def accept_lang(accept: str) -> Lang:
    """The language an Accept-Language header asks for: English when it starts with ``en`` (any
    case), else French."""
    return "en" if accept.strip().lower().startswith("en") else "fr"


def request_lang(request: Request) -> Lang:
    return accept_lang(request.headers.get("accept-language", ""))


def body(
    code: str, lang: Lang, message: str | None = None, details: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    """An error body: ``message`` (or the code's own) and ``details`` (path, message)."""
    key = f"error.{code}"
    return {
        "error": code,
        "message": message or (WORDS.t(key, lang) if key in WORDS else code),
        "details": details or [],
    }


def _strip(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Body locations as the CLI shows them: no 'body', and scenario paths relative to it."""
    if loc[:1] == ("body",):
        loc = loc[1:]
    if loc[:1] == ("scenario",):
        loc = loc[1:]
    return loc


def issue_details(issues: list[Issue], lang: Lang) -> list[dict[str, str]]:
    """The ``details`` of an error body: each issue's path (or place) and message, in ``lang``,
    and the id of the item the path points into, when known."""
    out = []
    for issue in issues:
        detail = {"path": issue.location(lang), "message": issue.message(lang)}
        if issue.item is not None and issue.item.id is not None:
            detail["item"] = issue.item.id
        out.append(detail)
    return out


DOCUMENTS = {
    "scenario": "invalid_scenario",
    "followup": "invalid_followup",
    "strategy": "invalid_strategy",
}
"""The body field a validation error lies in -> the documented error code."""


WHOLE_BODY = {
    ("POST", "/v1/scenarios"): "invalid_scenario",
    ("PUT", "/v1/scenarios/{scenario_id}"): "invalid_scenario",
    ("PUT", "/v1/scenarios/{scenario_id}/followup"): "invalid_followup",
}
"""Routes whose whole body is a document."""


def _route(request: Request) -> tuple[str, str]:
    route = request.scope.get("route")
    return request.method, str(getattr(route, "path", request.url.path))


def _code(request: Request, locations: list[tuple[Any, ...]]) -> str:
    """``invalid_scenario`` (or ``_followup``, ``_strategy``) when every error lies in that
    document of the body (``items[k].scenario`` too, or the whole body of a route that takes
    one), else ``invalid_request``."""
    whole = WHOLE_BODY.get(_route(request))
    kinds = set()
    for loc in locations:
        if loc[:1] != ("body",):
            kinds.add("invalid_request")
            continue
        if whole is not None:
            kinds.add(whole)
            continue
        inside = [  # the document named, and something inside it (not the field itself)
            DOCUMENTS[part]
            for k, part in enumerate(loc[1:4])
            if isinstance(part, str) and part in DOCUMENTS and len(loc) > k + 2
        ]
        kinds.add(inside[0] if inside else "invalid_request")
    return kinds.pop() if len(kinds) == 1 else "invalid_request"


def _document(request: Request, data: Any) -> Any:
    """The scenario the body holds (the paths of its issues are relative to it)."""
    if not isinstance(data, dict):
        return None
    if WHOLE_BODY.get(_route(request)) == "invalid_scenario":
        return data
    return data.get("scenario")


def join(prefix: str, path: str) -> str:
    """``prefix.path`` (``prefix`` alone for the document itself, ``prefix[0]`` for an index)."""
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(
            body(exc.code, request_lang(request), exc.message, exc.details) | exc.extra,
            exc.status,
            headers=exc.headers,
        )

    @app.exception_handler(ScenarioError)
    async def _scenario_error(request: Request, exc: ScenarioError) -> JSONResponse:
        lang = request_lang(request)
        issues = exc.issues
        try:
            document = _document(request, await request.json())
        except ValueError:
            document = None
        if document is not None:
            issues = name_items(issues, document)
        return JSONResponse(
            body("invalid_scenario", lang, details=issue_details(issues, lang)), 422
        )

    @app.exception_handler(OperationalError)
    async def _store_unavailable(request: Request, exc: OperationalError) -> JSONResponse:
        logger.error("store unavailable on %s %s: %s", request.method, request.url.path, exc.orig)
        return JSONResponse(
            body("storage_unavailable", request_lang(request)),
            503,
            headers={"Retry-After": str(RETRY_STORE)},
        )

    @app.exception_handler(TimeUp)
    async def _time_up(request: Request, exc: TimeUp) -> JSONResponse:
        return JSONResponse(body("time_limit_reached", request_lang(request)), 422)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = request_lang(request)
        errors = list(exc.errors())
        code = _code(request, [tuple(e.get("loc", ())) for e in errors])
        document = _document(request, exc.body)
        issues = []
        for error in errors:
            error = {**error, "loc": _strip(tuple(error.get("loc", ())))}
            issues.append(issue_from_error(error))  # type: ignore[arg-type]
        if document is not None:
            issues = name_items(issues, document)
        return JSONResponse(body(code, lang, details=issue_details(issues, lang)), 422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
        }.get(exc.status_code, "invalid_request")
        return JSONResponse(
            body(code, request_lang(request)),
            exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        logger.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(body("internal_error", request_lang(request)), 500)
