"""Work handed to one thread worker at a time, done in the order it was asked for.

Headless (never imports Textual). The bookmarks use it twice: for reads and writes of the
notes file, and for handing new bookmarks to ``bookmark_command``.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class InOrder(Generic[T]):
    """A queue with at most one drain running: :meth:`put` on the app's thread says when a
    drain must be started; :meth:`drain`, in a worker, does everything put until then."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[T] = deque()
        self._draining = False

    def put(self, items: Iterable[T]) -> bool:
        """Queue ``items``; True when the caller must start a :meth:`drain` (none runs)."""
        with self._lock:
            self._waiting.extend(items)
            start = bool(self._waiting) and not self._draining
            self._draining = self._draining or start
        return start

    def drain(self, handle: Callable[[T], object]) -> None:
        """``handle`` each item waiting, first put first, until none is left. If ``handle``
        raises, the drain stops there, and the next :meth:`put` starts another."""
        while True:
            with self._lock:
                if not self._waiting:
                    self._draining = False
                    return
                item = self._waiting.popleft()
            try:
                handle(item)
            except BaseException:
                with self._lock:
                    self._draining = False
                raise
