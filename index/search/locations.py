"""Where each passage document sits: its article's path and its number in the article.

Read from the postings of the ``path`` and ``passage`` fields, each segment's once (then
kept while it lives, its deletions applied for each index generation), not from stored
fields: a stored-field read costs ~20 µs, 130 ms for the 5,800 hits of a topic on 10,000
articles, while this table takes ~2 MB there and a lookup is a list index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

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


def read_locations(searcher, segments: dict | None = None) -> Locations:
    """The locations of every live passage ``searcher`` sees, read segment by segment with
    each posting list in one read: a term looked up in the whole index is looked up in every
    segment (at 10,000 articles in 12 segments, 120,000 lookups for the paths, ~8 s).

    ``segments``: each segment's own table by segment id, kept between generations (a
    committed segment never changes but for its deletions): after a batch the index commits,
    only the new segments are read (at 1,000 articles, half of the topic's search after a
    batch, issue 16); left with the live segments only."""
    reader = searcher.reader()
    numbers: list[int] = []
    paths: list[str | None] = []
    kept = segments if segments is not None else {}
    live = set()
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment().segment_id()
        live.add(segment)
        table = kept.get(segment)
        if table is None:
            table = kept[segment] = _segment_locations(searcher.schema, leaf)
        assert len(numbers) == offset
        leaf_paths, leaf_numbers = table
        if leaf.has_deletions():
            deleted = leaf.deleted_docs_set
            leaf_numbers = [-1 if n in deleted else v for n, v in enumerate(leaf_numbers)]
        paths.extend(leaf_paths)
        numbers.extend(leaf_numbers)
    for segment in [segment for segment in kept if segment not in live]:
        del kept[segment]
    return Locations(paths, numbers)


def _segment_locations(schema, leaf) -> tuple[list[str | None], list[int]]:
    """(paths, numbers) of every passage in one segment, deleted ones too (-1: a record)."""
    size = leaf.doc_count_all()
    numbers = [-1] * size
    paths: list[str | None] = [None] * size
    passage, path = schema["passage"], schema["path"]
    for term in passage.sortable_terms(leaf, "passage"):
        value = passage.from_bytes(term)
        for docnum in _docnums(leaf, ("passage", term), leaf.term_info("passage", term)):
            numbers[docnum] = value
    for term, info in leaf.iter_field("path"):
        name = path.from_bytes(term)
        for docnum in _docnums(leaf, ("path", term), info):
            if numbers[docnum] >= 0:
                paths[docnum] = name
    return paths, numbers


def _docnums(leaf, key: tuple[str, bytes], info) -> Iterator[int]:
    """The documents of a term's postings in ``leaf``, deleted ones too."""
    for docnums, _weights, _values in posting_blocks(leaf, key, info):
        yield from docnums


class LocationCache:
    """The locations of the last searcher asked about (the shared searcher lives as long as
    its index generation; a generation number alone could come back after a rebuild)."""

    def __init__(self) -> None:
        self._held: tuple[object, Locations] | None = None
        self._segments: dict = {}  # segment id -> its (paths, numbers), deleted ones too
        self._lock = threading.Lock()

    def get(self, searcher) -> Locations:
        with self._lock:
            held = self._held
        if held is not None and held[0] is searcher:
            return held[1]
        with self._lock:  # one reader of the segments' tables at a time
            locations = read_locations(searcher, self._segments)
            self._held = (searcher, locations)
        return locations
