"""The progress line of a long solve: best value, bound and elapsed time on stderr."""

from __future__ import annotations

import sys
import threading
import time

from models.i18n import Lang
from sq_opt.i18n import number, t
from sq_opt.solve import Progress

PROGRESS_DELAY_SECONDS = 1.0
"""A solve shorter than this prints no progress line."""


class ProgressLine:
    """Prints best value / bound / elapsed on stderr while a solve runs longer than a second.

    Use as a context manager and pass :meth:`update` as the solve's ``on_progress``; on a
    terminal the line is rewritten in place, elsewhere one line is printed every two seconds.
    """

    def __init__(self, lang: Lang, enabled: bool, delay: float | None = None) -> None:
        self.lang = lang
        self.enabled = enabled
        self.delay = PROGRESS_DELAY_SECONDS if delay is None else delay
        self.latest: Progress | None = None
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._shown = False

    def update(self, progress: Progress) -> None:
        self.latest = progress

    def __enter__(self) -> ProgressLine:
        if self.enabled:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.enabled:
            self._thread.join()
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()

    def _loop(self) -> None:
        if self.delay > 0 and self._stop.wait(self.delay):
            return
        while True:
            p = self.latest
            line = t(
                "progress",
                self.lang,
                elapsed=number(time.monotonic() - self.started, self.lang, 1),
                stage=t(f"stage_{p.stage}", self.lang) if p else "—",
                best=number(p.best if p else None, self.lang),
                bound=number(p.bound if p else None, self.lang),
            )
            sys.stderr.write("\r\x1b[K" + line if sys.stderr.isatty() else line + "\n")
            sys.stderr.flush()
            self._shown = sys.stderr.isatty()
            if self._stop.wait(0.5 if sys.stderr.isatty() else 2.0):
                return
