"""Requests with a body: read whole on the event loop within the size limit (413, whether the size
is declared or the body streamed in chunks), JSON refused when a key is repeated or the nesting
is too deep (422, as the CLI does), then the request handled in a worker thread with its own event
loop, so that parsing and validating a large body (seconds for the largest scenarios) never stalls
the server's other requests, and a cancel switch (``scope[CANCEL_KEY]``) set when the client
leaves: the solver work of the request stops.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import errors
from api.words import WORDS
from models.issues import Lang, ScenarioError
from sq_opt.io.documents import parse_text

CANCEL_KEY = "sq_opt.cancel"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
THREADS = 32
"""Requests with a body handled at once (more wait for a thread; the solver pool has its own
bound and answers 503 beyond it)."""


def _lang(scope: Scope) -> Lang:
    accept = dict(scope.get("headers") or []).get(b"accept-language", b"")
    return errors.accept_lang(accept.decode("latin-1"))


async def _answer(send: Send, status: int, payload: dict[str, Any]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    text = json.dumps(payload, ensure_ascii=False)
    await send({"type": "http.response.body", "body": text.encode("utf-8")})


def _is_json(scope: Scope) -> bool:
    header: bytes = dict(scope.get("headers") or []).get(b"content-type", b"")
    kind = header.split(b";")[0].strip().lower()
    return kind == b"application/json" or kind.endswith(b"+json")


class RequestBodies:
    """See the module: body limit, strict JSON, off-loop handling, cancel on disconnect."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes
        self.limiter: anyio.CapacityLimiter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        body = await self._read(scope, receive, send)
        if body is None:
            return
        cancel = threading.Event()
        scope[CANCEL_KEY] = cancel

        async def watch() -> None:  # the body is read: the next message is the disconnect
            try:
                while (await receive())["type"] != "http.disconnect":
                    pass
            except Exception:  # the server's own end of the connection: nothing to wait for
                return
            cancel.set()

        watcher = asyncio.create_task(watch())
        loop = asyncio.get_running_loop()
        if self.limiter is None:
            self.limiter = anyio.CapacityLimiter(THREADS)
        try:
            await anyio.to_thread.run_sync(
                self._handle, scope, body, cancel, send, loop, limiter=self.limiter
            )
        finally:
            watcher.cancel()

    def _too_large(self, scope: Scope) -> dict[str, Any]:
        """The 413 body, naming the limit."""
        lang = _lang(scope)
        limit = f"{self.max_bytes:,}".replace(",", " ")
        return errors.body("too_large", lang, WORDS.t("error.too_large_limit", lang, limit=limit))

    async def _read(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None once 413 is answered (or the client left)."""
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _answer(send, 413, self._too_large(scope))
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _answer(send, 413, self._too_large(scope))
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _handle(
        self,
        scope: Scope,
        body: bytes,
        cancel: threading.Event,
        send: Send,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        """In a worker thread: check the JSON, then run the application on a loop of its own."""

        async def forward(message: Message) -> None:
            async def deliver() -> None:
                await send(message)

            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(deliver(), loop))

        pending = [body]

        async def replay() -> Message:
            if pending:
                return {"type": "http.request", "body": pending.pop(), "more_body": False}
            while not cancel.is_set():
                await asyncio.sleep(0.1)
            return {"type": "http.disconnect"}

        async def main() -> None:
            if body and _is_json(scope):
                try:
                    parse_text(body, "JSON", "body")
                except ScenarioError as err:
                    lang = _lang(scope)
                    details = errors.issue_details(err.issues, lang)
                    await _answer(forward, 422, errors.body("invalid_request", lang, None, details))
                    return
            await self.app(scope, replay, forward)

        asyncio.run(main())
