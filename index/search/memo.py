"""Values worked out once per object: a parsed query's lookups, whether the Ranker runs it.

Queries are kept parsed (:class:`index.search.api.Searcher`), so the same query object comes
back at every search of a topic; what is derived from it alone is worked out once. Keyed by
the object's identity (a large query tree is slow to hash), each entry holding its object so
that the identity is never reused while the entry lives.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class ByIdentity(Generic[Key, Value]):
    """``function(obj)`` for the last ``size`` objects it was asked about."""

    def __init__(self, function: Callable[[Key], Value], size: int = 128) -> None:
        self._function = function
        self._size = size
        self._values: dict[int, tuple[Key, Value]] = {}

    def __call__(self, obj: Key) -> Value:
        entry = self._values.get(id(obj))
        if entry is not None and entry[0] is obj:
            return entry[1]
        value = self._function(obj)
        if len(self._values) >= self._size:
            self._values.pop(next(iter(self._values), None), None)
        self._values[id(obj)] = (obj, value)
        return value
