"""Segments merged by tiers: which are picked, and a merged index answers as one built at once."""

from __future__ import annotations

from dataclasses import dataclass

from index.search import merging
from index.search.codec import InliningCodec
from index.search.merging import FANOUT, SMALLEST_TIER, piled, smallest, tier, tiers
from index.search.store import CorpusIndex


@dataclass
class Segment:
    """What :func:`tiers` reads of a Whoosh segment."""

    size: int

    def doc_count(self) -> int:
        return self.size


def test_tier_grows_by_fanout():
    assert [tier(n) for n in (1, SMALLEST_TIER, SMALLEST_TIER + 1)] == [0, 0, 1]
    assert tier(SMALLEST_TIER * FANOUT) == 1
    assert tier(SMALLEST_TIER * FANOUT + 1) == 2


def test_tiers_picks_the_lowest_full_tier_under_the_cap():
    small = [Segment(10) for _ in range(FANOUT)]
    middle = [Segment(SMALLEST_TIER + 5) for _ in range(FANOUT)]
    assert tiers([*middle, *small], up_to=10_000) == small
    assert tiers([*middle, *small[:-1]], up_to=10_000) == middle
    assert tiers([*middle, *small[:-1]], up_to=SMALLEST_TIER) == []  # middle is over the cap
    assert tiers(small[:-1], up_to=10_000) == []


def test_piled_picks_a_tier_only_past_the_pile(monkeypatch):
    monkeypatch.setattr(merging, "PILE", FANOUT)
    small = [Segment(10) for _ in range(FANOUT)]
    assert piled(small, up_to=100) == []  # as many as the pile holds
    assert piled([*small, Segment(50)], up_to=100) == [*small, Segment(50)]
    assert piled([*small, Segment(500)], up_to=100) == []  # the large one is not small


def test_smallest_picks_up_to_a_share_of_the_documents(monkeypatch):
    segments = [Segment(size) for size in (500, 10, 30, 60, 400)]
    assert smallest(segments, 1.0) == []  # no more than FINAL_SEGMENTS segments
    monkeypatch.setattr(merging, "FINAL_SEGMENTS", 4)
    assert [s.size for s in smallest(segments, 0.5)] == [10, 30, 60, 400]  # 500 of 1,000
    assert [s.size for s in smallest(segments, 0.3)] == [10, 30, 60]
    assert smallest(segments, 0.03) == []  # one segment: nothing to merge
    assert [s.size for s in smallest(segments, 1.0)] == [10, 30, 60, 400, 500]


def entries(index: CorpusIndex) -> list[tuple]:
    """Every stored passage and the body terms with their frequencies, whatever the segments."""
    with index.lock:
        searcher = index.shared_searcher()
        reader = searcher.reader()
        stored = sorted(
            (fields["path"], fields.get("passage", -1), fields.get("body", ""))
            for docnum, fields in reader.iter_docs()
        )
        terms = sorted(
            (text, searcher.doc_frequency("body", text), searcher.frequency("body", text))
            for text in reader.lexicon("body")
        )
    return [stored, terms]


def lengths(index: CorpusIndex) -> list[int]:
    """Each text field's total length, BM25's average once divided."""
    with index.lock:
        reader = index.shared_searcher().reader()
        return [reader.field_length(name) for name in ("body", "exact")]


def segment_sizes(index: CorpusIndex) -> list[int]:
    return sorted(segment.doc_count_all() for segment in index.open()._segments())


def test_small_updates_are_merged_and_answer_as_one_build(tmp_path, monkeypatch):
    from tests.bench.synthetic import make_corpus

    monkeypatch.setattr(merging, "FANOUT", 3)
    files = make_corpus(tmp_path / "corpus", 12, size=600)
    index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    index.update()
    for number, file in enumerate(files[:7]):  # a segment each, with a deletion in another
        file.write_text(f"Kursk power plant, rewritten {number}.\n", encoding="utf-8")
        assert index.update().touched == 1
        index.tidy()  # as the app and the command line do after an update
    assert len(segment_sizes(index)) < 3  # 8 segments without merges
    once = CorpusIndex(tmp_path / "corpus", tmp_path / "once")
    once.update()
    assert entries(index)[0] == entries(once)[0]
    assert index.articles() == once.articles()
    writer = index.open().writer(codec=InliningCodec())
    merging.merge(writer, list(writer.segments))  # all of them, deleted passages dropped
    assert segment_sizes(index) == segment_sizes(once)
    assert entries(index) == entries(once)  # the same passages, terms and frequencies
    # The lengths of deleted passages are known rounded to a byte: close, not equal (exact
    # without deletions: test_build_batches' scores).
    for merged, built in zip(lengths(index), lengths(once), strict=True):
        assert abs(merged - built) <= 0.03 * built


def test_a_small_update_leaves_large_segments_alone(tmp_path, monkeypatch):
    from tests.bench.synthetic import make_corpus

    monkeypatch.setattr(merging, "FANOUT", 2)
    monkeypatch.setattr("index.search.store.SMALL_MERGE_DOCS", 100)
    files = make_corpus(tmp_path / "corpus", 40, size=800)
    index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    index.update()
    (large,) = index.open()._segments()
    assert large.doc_count_all() > 100
    for number, file in enumerate(files[:3]):
        file.write_text(f"Rewritten {number}.\n", encoding="utf-8")
        assert index.update().touched == 1
        index.tidy()
    kept = {segment.segment_id() for segment in index.open()._segments()}
    assert large.segment_id() in kept and len(kept) == 2  # the small ones merged together


def test_a_small_update_leaves_its_merges_to_tidy_unless_they_pile_up(tmp_path, monkeypatch):
    from tests.bench.synthetic import make_corpus

    monkeypatch.setattr(merging, "FANOUT", 2)
    monkeypatch.setattr(merging, "PILE", 3)
    files = make_corpus(tmp_path / "corpus", 10, size=600)
    index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    index.update()
    counts = []
    for number, file in enumerate(files[:4]):
        file.write_text(f"Kursk, rewritten {number}.\n", encoding="utf-8")
        assert index.update().changed == [file.name]
        counts.append(len(segment_sizes(index)))
    # One small segment more after each update, until more than PILE: the update merged them.
    assert counts == [2, 3, 1, 2]
    index.tidy()
    assert len(segment_sizes(index)) == 1
    once = CorpusIndex(tmp_path / "corpus", tmp_path / "once")
    once.update()
    assert entries(index) == entries(once)
    assert index.articles() == once.articles()
