"""Where each passage document sits: its article's path and its number in the article.

Read once per index generation from the postings of the ``path`` and ``passage`` fields,
not from stored fields: a stored-field read costs ~20 µs, 130 ms for the 5,800 hits of a
topic on 10,000 articles, while this table takes ~2 MB there and a lookup is a list index.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator

from index.search.codec import posting_blocks


class Locations:
    """Document number -> (path, passage number) for every passage of one index generation."""

    def __init__(self, paths: list[str | None], numbers: list[int]) -> None:
        self._paths = paths
        self._numbers = numbers

    def of(self, docnum: int) -> tuple[str, int] | None:
        """The passage's (path, number); None for an article record or a deleted document."""
        if 0 <= docnum < len(self._numbers):
            path, number = self._paths[docnum], self._numbers[docnum]
            if path is not None and number >= 0:
                return path, number
        return None

    def path(self, docnum: int) -> str | None:
        located = self.of(docnum)
        return located[0] if located else None


def read_locations(searcher) -> Locations:
    """The locations of every live passage ``searcher`` sees, read segment by segment with
    each posting list in one read: a term looked up in the whole index is looked up in every
    segment (at 10,000 articles in 12 segments, 120,000 lookups for the paths, ~8 s)."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    numbers = [-1] * size
    paths: list[str | None] = [None] * size
    passage, path = searcher.schema["passage"], searcher.schema["path"]
    for leaf, offset in reader.leaf_readers():
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()  # a property
        for term in passage.sortable_terms(leaf, "passage"):
            value = passage.from_bytes(term)
            for docnum in _live(leaf, ("passage", term), leaf.term_info("passage", term), deleted):
                numbers[offset + docnum] = value
        for term, info in leaf.iter_field("path"):
            name = path.from_bytes(term)
            for docnum in _live(leaf, ("path", term), info, deleted):
                if numbers[offset + docnum] >= 0:
                    paths[offset + docnum] = name
    return Locations(paths, numbers)


def _live(leaf, key: tuple[str, bytes], info, deleted: Collection[int]) -> Iterator[int]:
    """The documents of a term's postings in ``leaf`` that are not ``deleted``."""
    for docnums, _weights, _values in posting_blocks(leaf, key, info):
        yield from (docnum for docnum in docnums if docnum not in deleted)


class LocationCache:
    """The locations of the last searcher asked about (the shared searcher lives as long as
    its index generation; a generation number alone could come back after a rebuild)."""

    def __init__(self) -> None:
        self._held: tuple[object, Locations] | None = None
        self._lock = threading.Lock()

    def get(self, searcher) -> Locations:
        with self._lock:
            held = self._held
        if held is not None and held[0] is searcher:
            return held[1]
        locations = read_locations(searcher)
        with self._lock:
            self._held = (searcher, locations)
        return locations
