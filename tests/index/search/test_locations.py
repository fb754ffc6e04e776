"""``LocationCache``: each passage's path and number; after the index changes, a kept
segment's table is reused with its deletions applied, and only new segments are read."""

from __future__ import annotations

from index.search import locations
from index.search.locations import LocationCache, read_locations
from index.search.store import CorpusIndex


def _table(located, size: int) -> list:
    return [located.of(docnum) for docnum in range(size)]


def test_a_kept_segment_is_reused_with_its_deletions(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({"a.txt": "One\n\nA first passage.", "b.txt": "Two\n\nAnother one."})
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    cache = LocationCache()
    with index.lock:
        first = index.shared_searcher()
        before = _table(cache.get(first), first.doc_count_all())
    assert {place for place in before if place} == {("a.txt", 0), ("a.txt", 1), ("b.txt", 0),
                                                   ("b.txt", 1)}  # fmt: skip
    (root / "b.txt").write_text("Two\n\nChanged.\n\nAnd longer.", encoding="utf-8")
    index.update()
    read = []
    segment_locations = locations._segment_locations

    def counted(schema, leaf):
        read.append(leaf.segment().segment_id())
        return segment_locations(schema, leaf)

    monkeypatch.setattr(locations, "_segment_locations", counted)
    with index.lock:
        searcher = index.shared_searcher()
        size = searcher.doc_count_all()
        leaves = [leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()]
        after = _table(cache.get(searcher), size)
        fresh = _table(read_locations(searcher), size)
    assert len(leaves) == 2 and read[0] == leaves[1]  # the cache read the new segment only
    assert after == fresh
    assert {place for place in after if place} == {("a.txt", 0), ("a.txt", 1), ("b.txt", 0),
                                                  ("b.txt", 1), ("b.txt", 2)}  # fmt: skip
    assert after[: len(before)].count(None) > before.count(None)  # b.txt's old passages gone
