"""A signed-in visitor of the web pages through TestClient: sign-in, CSRF token, forms, tasks."""

from __future__ import annotations

import re
import time
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from api.auth import create_key

TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


class Visitor:
    """One browser: its own cookies, the CSRF token of its session."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def remember(self, response: httpx.Response) -> httpx.Response:
        found = TOKEN.search(response.text)
        if found:
            self.csrf = found[1]
        return response

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.remember(self.client.get(url, **kwargs))

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        body = {"csrf": self.csrf, **(data or {})}
        return self.remember(self.client.post(url, data=body, **kwargs))

    def sign_in(self, key: str) -> httpx.Response:
        self.get("/web/signin")
        return self.post("/web/signin", {"key": key, "next": "/web/"})

    def upload(self, name: str, content: bytes) -> httpx.Response:
        return self.post("/web/scenarios", files={"file": (name, content, "application/yaml")})

    def finish(self, task_url: str) -> httpx.Response:
        """Wait for a task (polling its JSON progress like the page's script) and open it."""
        for _ in range(600):
            progress = self.client.get(f"{task_url}/progress").json()
            if progress["done"]:
                break
            time.sleep(0.05)
        return self.get(task_url)

    def start(self, url: str, data: dict[str, Any] | None = None) -> str:
        """Post a form that starts a task; the task's page."""
        response = self.post(url, data, follow_redirects=False)
        assert response.status_code == 303, response.text
        location: str = response.headers["location"]
        assert location.startswith("/web/tasks/"), location
        return location


def visitor(client: TestClient, sector: str | None) -> Visitor:
    """A new browser signed in with a new key of ``sector`` (None: a planner key)."""
    key = create_key(client.app.state.db, sector=sector)[0]  # type: ignore[attr-defined]
    browser = Visitor(TestClient(client.app))
    browser.sign_in(key)
    return browser


def field_error(html: str, field_id: str) -> str | None:
    """The error message shown next to the field ``field_id`` (tied by aria-describedby)."""
    tag = re.search(rf'<(?:input|select)[^>]*id="{re.escape(field_id)}"[^>]*>', html)
    if tag is None:
        return None
    described = re.search(r'aria-describedby="([^"]+)"', tag[0])
    if described is None or 'aria-invalid="true"' not in tag[0]:
        return None
    for ident in described[1].split():
        message = re.search(rf'<span class="error" id="{re.escape(ident)}">([^<]*)</span>', html)
        if message and html.index(message[0]) - html.index(tag[0]) < 600:
            return message[1]
    return None
