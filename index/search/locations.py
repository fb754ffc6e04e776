"""Where each passage document sits: its article's path and its number in the article.

Read once per index generation from the postings of the ``path`` and ``passage`` fields,
not from stored fields: a stored-field read costs ~20 µs, 130 ms for the 5,800 hits of a
topic on 10,000 articles, while this table takes ~2 MB there and a lookup is a list index.
"""

from __future__ import annotations

import threading


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
    """The locations of every live passage ``searcher`` sees."""
    reader = searcher.reader()
    size = reader.doc_count_all()
    numbers = [-1] * size
    field = searcher.schema["passage"]
    for term in field.sortable_terms(reader, "passage"):
        value = field.from_bytes(term)
        for docnum in reader.postings("passage", term).all_ids():
            numbers[docnum] = value
    paths: list[str | None] = [None] * size
    for term in reader.lexicon("path"):
        path = searcher.schema["path"].from_bytes(term)
        for docnum in reader.postings("path", term).all_ids():
            if numbers[docnum] >= 0:
                paths[docnum] = path
    return Locations(paths, numbers)


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
