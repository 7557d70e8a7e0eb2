"""Security headers on every response of the server (errors and 413 included): a strict Content
Security Policy (one function, :func:`content_security_policy`, to adjust), no MIME sniffing, no
framing, no referrer, and API answers never cached. A header the response already has (e.g. a web
page's own policy) is kept."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""Everything from the server itself, no inline script, no plugin, never in a frame."""
DOCS = (
    "default-src 'self'; "
    "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "font-src 'self' data: https://fonts.gstatic.com; worker-src 'self' blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
"""The interactive documentation (/docs, /redoc): its page starts it with an inline script and,
unless bundled, loads its assets from a CDN."""


def content_security_policy(path: str) -> str:
    """The policy of the response to ``path``."""
    docs = path in ("/docs", "/redoc") or path.startswith("/docs/")
    return DOCS if docs else STRICT


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers every response to ``path`` carries."""
    web = path == "/web" or path.startswith("/web/")
    headers = [
        (b"content-security-policy", content_security_policy(path).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        # the web pages link to one another (same origin); nothing else is told where one came from
        (b"referrer-policy", b"same-origin" if web else b"no-referrer"),
    ]
    if path.startswith("/v1/") or web:  # answers and pages about a sector are never cached
        headers.append((b"cache-control", b"no-store"))
    return headers


class SecurityHeaders:
    """Adds :func:`security_headers` to every HTTP response (outermost: around the error
    middleware, so that a 500 carries them too)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope.get("path", ""))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
