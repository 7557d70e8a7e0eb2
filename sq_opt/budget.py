"""One time budget and one cancel switch for every solve of a request.

A request that runs several solves (explain, sensitivity, alternatives, compare, what-if, replan
with its reasons) runs them :func:`within` one :class:`Budget`: each solve ends by the budget's
deadline (its own ``time_limit`` still applies when shorter) and stops when the budget is
cancelled; model building checks it too. Once the budget is spent, starting another solve raises
:class:`TimeUp`, which ends the whole analysis. Without a budget (the CLI, the library used
directly) every solve has only its own time limit, as before.

The deadline is a ``time.monotonic()`` value: on Linux that clock is shared by the processes of
one machine, so a budget can cross into a solver process.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Protocol

from sq_opt.errors import SqOptError


class Switch(Protocol):
    """What a cancel switch offers (``threading.Event`` is one)."""

    def is_set(self) -> bool: ...


class TimeUp(SqOptError):
    """The request's budget is spent (deadline passed, or cancelled) before the work is done."""

    def __init__(self, cancelled: bool = False) -> None:
        super().__init__("cancelled" if cancelled else "time limit reached")
        self.cancelled = cancelled

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.cancelled,))


@dataclass(frozen=True)
class Budget:
    """A deadline (``time.monotonic()``; None: none) and a cancel switch (None: none)."""

    deadline: float | None = None
    cancel: Switch | None = None

    @classmethod
    def seconds(cls, seconds: float, cancel: Switch | None = None) -> Budget:
        """A budget of ``seconds`` from now."""
        return cls(time.monotonic() + seconds, cancel)

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def remaining(self) -> float:
        """Seconds left (0 once cancelled; infinite without a deadline)."""
        if self.cancelled():
            return 0.0
        if self.deadline is None:
            return float("inf")
        return max(0.0, self.deadline - time.monotonic())

    def spent(self) -> bool:
        return self.remaining() <= 0

    def check(self) -> None:
        """Raise :class:`TimeUp` when the budget is spent."""
        if self.spent():
            raise TimeUp(cancelled=self.cancelled())

    def narrowed(self, seconds: float, cancel: Switch | None = None) -> Budget:
        """This budget, ending no later than ``seconds`` from now, and cancelled by ``cancel``
        too."""
        deadline = time.monotonic() + seconds
        if self.deadline is not None:
            deadline = min(deadline, self.deadline)
        if self.cancel is None or cancel is None:  # one switch or none: no need to combine
            return Budget(deadline, self.cancel or cancel)
        return Budget(deadline, _Either(self.cancel, cancel))


@dataclass(frozen=True)
class _Either:
    """Set when either switch is."""

    first: Switch | None
    second: Switch | None

    def is_set(self) -> bool:
        return any(s is not None and s.is_set() for s in (self.first, self.second))


_CURRENT: ContextVar[Budget | None] = ContextVar("sq_opt_budget", default=None)
_UNLIMITED = Budget()


def current() -> Budget:
    """The budget the work runs within (an unlimited one outside :func:`within`)."""
    return _CURRENT.get() or _UNLIMITED


@contextmanager
def within(budget: Budget) -> Iterator[Budget]:
    """Run the block's solves within ``budget``."""
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def checkpoint() -> None:
    """Raise :class:`TimeUp` if the current budget is spent (long loops call it)."""
    current().check()
