"""CSRF protection: every POST of the web pages carries the session's token (hidden field ``csrf``).

The token is random (256 bits), bound to the signed session cookie and renewed at sign-in and
sign-out; it is compared in constant time. A request whose ``Origin`` names another host is refused
as well (a second line, for browsers that send it).
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import FormData

from api.web.session import Viewer
from api.web.web_errors import WebError

MAX_FIELDS = 5000
MAX_FILES = 2


def same_origin(request: Request) -> bool:
    """No ``Origin`` header, or one naming this host."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.url.netloc


async def checked_form(request: Request, viewer: Viewer) -> FormData:
    """The posted form, once its CSRF token matches the session's (403 otherwise)."""
    if not same_origin(request):
        raise WebError(403, "error.csrf")
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS)
    except Exception:  # malformed multipart body, too many fields...
        raise WebError(400, "error.bad_form") from None
    token = form.get("csrf")
    if not isinstance(token, str) or not hmac.compare_digest(
        token.encode("utf-8"), viewer.csrf.encode("utf-8")
    ):
        raise WebError(403, "error.csrf")
    return form
