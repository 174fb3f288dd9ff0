"""Reference data that every request needs and editors rarely change, kept by each process for a short time.

Each web worker has its own copy, so a change made in one process reaches the others within ``ttl``
seconds (the process that made it can ``clear`` at once). Empty results are not kept: an empty table
is a database being set up or emptied (tests), not data worth remembering.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ProcessCache(Generic[K, V]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[K, tuple[float, V]] = {}

    def get(self, key: K, build: Callable[[], V], *, keep: Callable[[V], bool] = bool) -> V:
        now = time.monotonic()
        found = self._items.get(key)
        if found is not None and now - found[0] < self.ttl:
            return found[1]
        value = build()
        if keep(value):
            self._items[key] = (now, value)
        else:
            self._items.pop(key, None)
        return value

    def clear(self) -> None:
        self._items.clear()
