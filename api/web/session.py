"""Signed session cookies for the web pages: who is signed in (an API key's id), the CSRF token and
the language.

The cookie holds ``{"k": key id or null, "c": CSRF token}`` signed with itsdangerous (HMAC-SHA1 of
a server secret, time-stamped): it cannot be forged or altered, and expires after
``session_max_age``. The key itself is never stored: every request looks the key's record up again,
so a revoked key ends its sessions at once. The cookie is HttpOnly, SameSite=Lax, limited to
``/web`` and Secure when the page is served over https.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from api.auth import Principal
from api.settings import Settings
from api.store.db import Database
from api.store.tables import ApiKey
from models.i18n import Lang

SESSION_COOKIE = "sqo_session"
LANG_COOKIE = "sqo_lang"
FLASH_COOKIE = "sqo_flash"
COOKIE_PATH = "/web"
SECRET_FILE = "web-session-secret"


class SignInRequired(Exception):
    """No valid session: the page redirects to the sign-in form (then back to ``next``)."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class Viewer:
    """The person looking at a page: their key (None before sign-in), CSRF token and language."""

    principal: Principal | None
    csrf: str
    lang: Lang
    key_prefix: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.principal is not None


def secret(settings: Settings) -> str:
    """The signing secret: from settings, else created once in the data directory (mode 600)."""
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="utf-8").strip()


def serializer(request: Request) -> URLSafeTimedSerializer:
    """The app's cookie signer (built once)."""
    state = request.app.state
    signer: URLSafeTimedSerializer | None = getattr(state, "web_signer", None)
    if signer is None:
        signer = URLSafeTimedSerializer(secret(state.settings), salt="sq-opt-web-session")
        state.web_signer = signer
    return signer


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_session(request: Request) -> dict[str, Any] | None:
    """The session cookie's content, or None when absent, forged or expired."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    try:
        data = serializer(request).loads(raw, max_age=_settings(request).session_max_age)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), str):
        return None
    return data


def request_lang(request: Request) -> Lang:
    """The language cookie, else Accept-Language, else French."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("fr", "en"):
        return "en" if chosen == "en" else "fr"
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "fr"


def _principal(db: Database, key_id: object) -> tuple[Principal, str] | None:
    if not isinstance(key_id, int):
        return None
    with db.transaction() as session:
        record = session.get(ApiKey, key_id)
        if record is None or record.revoked_at is not None:
            return None
        return Principal(key_id=record.id, sector=record.sector), record.prefix


def current_viewer(request: Request) -> Viewer:
    """Who is looking (possibly nobody signed in); remembered on the request."""
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    data = read_session(request)
    lang = request_lang(request)
    found = None if data is None else _principal(request.app.state.db, data.get("k"))
    if data is None:
        viewer = Viewer(None, secrets.token_urlsafe(32), lang)
        request.state.new_session = {"k": None, "c": viewer.csrf}
    elif found is None:
        viewer = Viewer(None, str(data["c"]), lang)
    else:
        viewer = Viewer(found[0], str(data["c"]), lang, key_prefix=found[1])
    request.state.viewer = viewer
    return viewer


def signed_in(request: Request) -> Viewer:
    """The signed-in viewer (dependency); otherwise :class:`SignInRequired`."""
    viewer = current_viewer(request)
    if viewer.principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(target if request.method == "GET" else "/web/")
    return viewer


def start_session(request: Request, response: Response, key_id: int | None) -> None:
    """Write a fresh session (a new CSRF token: no fixation across sign-in / sign-out)."""
    value = serializer(request).dumps({"k": key_id, "c": secrets.token_urlsafe(32)})
    request.state.new_session = None
    set_cookie(request, response, SESSION_COOKIE, value, _settings(request).session_max_age)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """A cookie of the web pages: HttpOnly, SameSite=Lax, path /web, Secure over https."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def attach(request: Request, response: Response) -> None:
    """Set the cookies a request left pending (a new anonymous session)."""
    pending = getattr(request.state, "new_session", None)
    if pending is not None:
        value = serializer(request).dumps(pending)
        set_cookie(request, response, SESSION_COOKIE, value, _settings(request).session_max_age)
        request.state.new_session = None


def flash(request: Request, response: Response, key: str, **params: object) -> None:
    """A message for the next page (after a redirect): a catalogue key and its parameters."""
    value = serializer(request).dumps(
        {"key": key, "params": {k: str(v) for k, v in params.items()}}
    )
    set_cookie(request, response, FLASH_COOKIE, value, 120)


def read_flash(request: Request) -> tuple[str, dict[str, str]] | None:
    """The pending message (the page that shows it removes it with :func:`clear_flash`)."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return None
    try:
        data = serializer(request).loads(raw, max_age=300)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        return None
    params = data.get("params")
    return data["key"], params if isinstance(params, dict) else {}


def clear_flash(request: Request, response: Response) -> None:
    """Remove the message shown from the browser."""
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path=COOKIE_PATH)
