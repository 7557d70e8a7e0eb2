"""Small in-memory caches of the pages (rendered charts, packs, explanations) and the lock that
serialises matplotlib (its pyplot state is not thread-safe)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

PLOT_LOCK = threading.Lock()
"""Held while matplotlib draws (charts, the meeting pack)."""


class Memo(Generic[T]):
    """The ``size`` values used last, by key; ``get(key, make)`` computes a missing one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.values: OrderedDict[Hashable, T] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self.lock:
            if key in self.values:
                self.values.move_to_end(key)
                return self.values[key]
        value = make()
        with self.lock:
            self.values[key] = value
            while len(self.values) > self.size:
                self.values.popitem(last=False)
        return value

    def peek(self, key: Hashable) -> T | None:
        with self.lock:
            return self.values.get(key)
