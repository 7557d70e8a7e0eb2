"""Pages from Jinja2 templates (autoescaped), redirects (POST-redirect-GET) and downloads, every one
with the pages' security headers and pending cookies."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.web.session import Viewer, attach, clear_flash, current_viewer, flash, read_flash
from api.web.words import WORDS
from models.i18n import Lang
from sq_opt.i18n import date as fmt_date
from sq_opt.i18n import number, percent, period, plain_number, short_date
from sq_opt.i18n import t as library_t

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TEMPLATES = Path(__file__).resolve().parent / "templates"
ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def field_id(path: str) -> str:
    """An HTML id for a form field named by its document path (one id per path)."""
    return "f-" + re.sub(r"[^A-Za-z0-9-]", lambda m: f"_{ord(m.group()):x}_", path)


class Formats:
    """Numbers, shares and dates in the page's language (for the templates)."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def num(self, value: float | None, digits: int = 2) -> str:
        return number(value, self.lang, digits)

    def nums(self, values: list[float]) -> str:
        return " · ".join(number(v, self.lang) for v in values)

    def pct(self, value: float | None, digits: int = 0) -> str:
        return percent(value, self.lang, digits)

    def day(self, value: dt.date | dt.datetime | str | None) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        if isinstance(value, dt.datetime):
            local = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
            moment = local.astimezone()
            return f"{fmt_date(moment.date(), self.lang)} {moment:%H:%M}"
        return fmt_date(value, self.lang)

    def short(self, value: dt.date) -> str:
        return short_date(value, self.lang)

    def period(self, index: int) -> str:
        """The contract's period ``index`` as people count them: 0 is ``P1``."""
        return period(index, self.lang)

    def input_type(self, kind: str, value: object) -> str:
        """``kind``, except a date field shown again with text a date picker cannot show (an
        impossible date as typed): a text field then, so that the user sees what they typed."""
        if kind != "date" or not isinstance(value, str) or not value:
            return kind
        return "date" if ISO_DATE.fullmatch(value) and _is_date(value) else "text"

    def iso(self, value: dt.date | None) -> str:
        return "" if value is None else value.isoformat()

    def plain(self, value: float | None) -> str:
        """A number as an input's value (no thousands separator, decimal comma in French)."""
        return plain_number(value, self.lang)


def _is_date(iso: str) -> bool:
    try:
        dt.date.fromisoformat(iso)
    except ValueError:
        return False
    return True


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The page ``name`` with ``context`` and the shared names (viewer, words, formats...)."""
    viewer: Viewer = current_viewer(request)
    lang = viewer.lang
    shown = read_flash(request)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # a form shown again: come back to the page it was posted from
        here = safe_next(urlsplit(request.headers.get("referer", "")).path)
    shared: dict[str, Any] = {
        "viewer": viewer,
        "lang": lang,
        "w": lambda key, **params: WORDS.t(key, lang, **params),
        "lt": lambda key, **params: library_t(key, lang, **params),
        "f": Formats(lang),
        "fid": field_id,
        "csrf": viewer.csrf,
        "flash": None if shown is None else WORDS.t(shown[0], lang, **shown[1]),
        "here": here,
        "quote": quote,
        "errors": {},
        "values": {},
        "general": [],
    }
    html = ENV.get_template(name).render({**shared, **(context or {})})
    response = HTMLResponse(html, status_code=status)
    clear_flash(request, response)
    attach(request, response)
    return response


def redirect(request: Request, url: str, message: str | None = None, **params: object) -> Response:
    """303 to ``url`` (POST-redirect-GET), with a message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if message is not None:
        flash(request, response, message, **params)
    attach(request, response)
    return response


def download(
    request: Request, content: bytes, filename: str, media_type: str, *, inline: bool = False
) -> Response:
    """A file to save (or, ``inline``, to open in the browser)."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", filename).strip("-") or "document"
    disposition = "inline" if inline else "attachment"
    response = Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'{disposition}; filename="{safe}"'},
    )
    return response


def safe_next(url: str | None) -> str:
    """A local page to go back to (never another site)."""
    if not url or not url.startswith("/web") or url.startswith("//") or "\\" in url:
        return "/web/"
    return url
