"""``SegmentMemo``: a segment's term lookups and phrase matches kept between searches; a
search after the index changed reads only the new segments, and finds what a new searcher
finds (deleted passages left out, scores from the index as it is now)."""

from __future__ import annotations

from index.search import ranking
from index.search.api import Searcher
from index.search.query import Topic
from index.search.segment_memo import SegmentMemo
from index.search.store import CorpusIndex

ARTICLES = {
    "a.txt": "The nuclear power plant was shelled.\n\nThe plant lost power overnight.",
    "b.txt": "A power plant in the east.\n\nIts workers left the plant.",
    "c.txt": "Talks on the nuclear plant stalled.\n\nNo word on the station since.",
}
TOPIC = Topic(
    name="Plant",
    query='"nuclear power plant" OR "nuclear plant" OR "power plant"',
    also="workers",
    exclude='"power plant in the east"',
    context='"the plant" OR "the station"',
    expand=True,
)


def _index(write_corpus, tmp_path) -> CorpusIndex:
    index = CorpusIndex(write_corpus(ARTICLES), tmp_path / "cache")
    index.update()
    return index


def _segments(index: CorpusIndex) -> int:
    with index.searcher() as searcher:
        return len(searcher.reader().leaf_readers())


def test_a_search_after_an_update_finds_what_a_new_searcher_finds(write_corpus, tmp_path):
    index = _index(write_corpus, tmp_path)
    kept = Searcher(index, [TOPIC])
    before = kept.search(TOPIC.query).to_json()
    assert {group["path"] for group in before["articles"]} == {"a.txt", "b.txt", "c.txt"}
    # b.txt's passages are deleted in the first segment, its new text is a segment of its own
    (index.root / "b.txt").write_text("Nothing on power here.\n\nA nuclear plant opened.")
    index.update()
    assert _segments(index) == 2
    after = kept.search(TOPIC.query).to_json()
    assert after == Searcher(index, [TOPIC]).search(TOPIC.query).to_json()
    hits = {(group["path"], hit["passage"]) for group in after["articles"] for hit in group["hits"]}
    assert ("b.txt", 1) in hits and ("b.txt", 0) not in hits
    assert after != before


def test_an_unchanged_segment_is_not_read_again(write_corpus, tmp_path, monkeypatch):
    index = _index(write_corpus, tmp_path)
    searcher = Searcher(index, [TOPIC])
    searcher.search('"nuclear plant" OR "power plant"')
    (index.root / "d.txt").write_text("Title\n\nA new nuclear plant.", encoding="utf-8")
    index.update()
    read: list[bytes] = []
    blocks = ranking.posting_blocks

    def counted(leaf, key, terminfo, wanted=None):
        read.append(leaf.segment().segment_id())
        return blocks(leaf, key, terminfo, wanted)

    monkeypatch.setattr(ranking, "posting_blocks", counted)
    result = searcher.search('"nuclear plant" OR "power plant"')
    assert "d.txt" in {group.article.path for group in result.articles}
    with index.searcher() as whoosh:
        newest = whoosh.reader().leaf_readers()[-1][0].segment().segment_id()
    assert read and set(read) == {newest}


def test_frequency_is_whooshs_over_every_segment(write_corpus, tmp_path):
    index = _index(write_corpus, tmp_path)
    (index.root / "d.txt").write_text("Title\n\nPlant, plant and plant.", encoding="utf-8")
    index.update()
    memo = SegmentMemo()
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert len(reader.leaf_readers()) == 2
        for word in ("plant", "power", "absent"):
            key = ("body", word.encode())
            assert memo.frequency(reader, key) == reader.frequency(*key)
        assert memo.frequency(reader, ("body", b"plant")) == 8  # 5 before, 3 in d.txt
