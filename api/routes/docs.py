"""``/docs`` (Swagger UI) and ``/redoc`` that work with no internet access.

The assets come from the ``fastapi-offline`` package, which bundles Swagger UI and ReDoc (their
licences: Apache 2.0 and MIT), and are served by sq-opt itself under ``/docs-assets/``: same
origin, no CDN. The pages hold no inline script (Swagger UI starts from ``swagger-init.js``), so
that they work under a ``script-src 'self'`` Content-Security-Policy; both tools set inline styles
on their elements, so the docs pages need ``style-src 'self' 'unsafe-inline'`` (and ReDoc's search
a ``worker-src blob:``).
"""

from __future__ import annotations

import html
from importlib.resources import files
from typing import Final

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.errors import ApiError

router = APIRouter(include_in_schema=False)

ASSETS: Final = "/docs-assets"
FILES: Final = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
INIT: Final = """window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout"
  });
});
"""


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _openapi(request: Request) -> str:
    return html.escape(_root(request) + (request.app.openapi_url or "/openapi.json"))


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the service's own OpenAPI description (assets served here)."""
    base = _root(request) + ASSETS
    title = html.escape(request.app.title)
    return HTMLResponse(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{title} — Swagger UI</title>"
        f"<link rel='icon' href='{base}/favicon.png'>"
        f"<link rel='stylesheet' href='{base}/swagger-ui.css'></head><body>"
        f"<div id='swagger-ui' data-openapi='{_openapi(request)}'></div>"
        f"<script src='{base}/swagger-ui-bundle.js'></script>"
        f"<script src='{base}/swagger-init.js'></script></body></html>"
    )


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the service's own OpenAPI description (assets served here)."""
    base = _root(request) + ASSETS
    title = html.escape(request.app.title)
    return HTMLResponse(
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{title} — ReDoc</title><link rel='icon' href='{base}/favicon.png'></head><body>"
        f"<redoc spec-url='{_openapi(request)}'></redoc>"
        f"<script src='{base}/redoc.standalone.js'></script></body></html>"
    )


@router.get(ASSETS + "/{name}")
async def asset(name: str) -> Response:
    """One of the bundled assets (a fixed list: no path is read from the request)."""
    headers = {"Cache-Control": "public, max-age=86400"}
    if name == "swagger-init.js":
        return Response(INIT, media_type="text/javascript", headers=headers)
    if name not in FILES:
        raise ApiError(404, "not_found")
    content = (files("fastapi_offline") / "static" / name).read_bytes()
    return Response(content, media_type=FILES[name], headers=headers)
