"""What reading a segment gives a query, kept between searches: a committed segment never
changes.

Three things are kept per segment, none of which depends on the rest of the index: its
field lengths (a byte per passage, read by every ranked search), a term's lookup in the
segment's term table (~15 µs through Whoosh's file layers; a topic looks up its ~60 terms
in every segment, again for its ``except`` and context phrases, and feedback expansion
weighs ~300 words) and where a phrase stands (its words' positions decoded from
their postings, deleted passages included). Scores are not kept: idf and average lengths
change with every batch the index commits.

Who gains: the app searches a topic when the reader opens it and again after each batch the
index commits (the reader's cache holds answers for one index generation only); then only
the new segments are read. At 1,000 articles (9 segments) these were ~75% of a topic's
search with context and expansion (issue 16).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable

from whoosh.reading import TermInfo, TermNotFound

Key = tuple[str, bytes]  # fieldname, the term as the index holds it

ENTRIES_KEPT = 20_000
"""Entries kept per segment (a topic with its aliases, excepts and context: ~100; expansion
weighs ~300 words a search); past it, the segment's are dropped and read again."""


class SegmentMemo:
    """Each segment's term lookups (found or not) and phrase matches, by segment id, for
    the segments live at the last :meth:`retain`."""

    def __init__(self, kept: int = ENTRIES_KEPT) -> None:
        self._kept = kept
        self._segments: dict[str, dict[Hashable, object]] = {}

    def held(self, segment: str) -> dict[Hashable, object]:
        """The entries kept for ``segment`` (emptied when full): a caller adds its own."""
        held = self._segments.get(segment)
        if held is None:
            held = self._segments[segment] = {}
        elif len(held) >= self._kept:
            held.clear()
        return held

    def term_info(self, leaf, segment: str, key: Key) -> TermInfo | None:
        """The term's info in the segment ``leaf`` reads (its id ``segment``); None if
        the segment does not hold it."""
        held = self.held(segment)
        if key in held:
            return held[key]  # type: ignore[return-value]
        try:
            info = leaf.term_info(*key)
        except TermNotFound:
            info = None
        held[key] = info
        return info

    def frequency(self, reader, key: Key) -> float:
        """How often the term occurs in the whole index (deleted documents too): Whoosh's
        ``reader.frequency``, summed over the segments in the same order; 0 if none holds it."""
        total = 0
        for leaf, _offset in reader.leaf_readers():
            info = self.term_info(leaf, leaf.segment().segment_id(), key)
            if info is not None:
                total += info.weight()
        return total

    def retain(self, live: Collection[str]) -> None:
        """Forget the segments not in ``live`` (merged away or deleted)."""
        for segment in [segment for segment in self._segments if segment not in live]:
            self._segments.pop(segment, None)
