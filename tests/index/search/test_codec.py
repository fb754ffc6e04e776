"""The index codec inlines short posting lists: it changes how the index is stored, never
what a search finds, how it ranks or what it highlights."""

from __future__ import annotations

import contextlib

import pytest
from whoosh.codec.whoosh3 import W3Codec

from index.search.api import Searcher
from index.search.codec import INLINE_POSTINGS
from index.search.store import CorpusIndex
from tests.conftest import SEEDS
from tests.index.search.test_search import RANKED_QUERIES
from tui.config import load_config
from tui.resources import bundled_path

QUERIES = [
    *RANKED_QUERIES,
    "zaporizh*",  # the wildcard, fuzzy and loose-phrase queries Whoosh itself runs
    "prisoner~1",
    '"power plant"~3',
    "Zelensky",
]


@contextlib.contextmanager
def writing_with(codec: W3Codec | None):
    """Index with ``codec`` instead of ours (None: ours)."""
    with pytest.MonkeyPatch.context() as patch:
        if codec is not None:
            patch.setattr("index.search.store.InliningCodec", lambda: codec)
        yield


def build(root, cache, codec: W3Codec | None = None) -> Searcher:
    config = load_config(bundled_path("config.yaml"))
    corpus_index = CorpusIndex(root, cache)
    with writing_with(codec):
        corpus_index.update()
    return Searcher(corpus_index, config.topics, config.aliases)


def inlined_share(searcher: Searcher, fieldname: str) -> tuple[int, int]:
    """(terms whose postings are inlined, all terms) of ``fieldname``."""
    with searcher.index.lock:
        reader = searcher.index.shared_searcher().reader()
        infos = [info for _text, info in reader.iter_field(fieldname)]
    return sum(info.is_inlined() for info in infos), len(infos)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """Searchers over the same synthetic briefing plus the seeds: our codec, Whoosh's own."""
    from tests.bench.synthetic import make_corpus

    folder = tmp_path_factory.mktemp("codec")
    root = folder / "corpus"
    make_corpus(root, 20)
    for seed in SEEDS.iterdir():
        (root / seed.name).write_bytes(seed.read_bytes())
    return build(root, folder / "ours"), build(root, folder / "theirs", W3Codec())


def test_short_posting_lists_are_inlined_and_long_ones_are_not(both):
    ours, theirs = both
    inlined, terms = inlined_share(ours, "exact")
    assert terms > 1000 and inlined / terms > 0.8
    assert inlined_share(theirs, "exact")[0] == 0  # Whoosh's default never inlines
    with ours.index.lock:
        reader = ours.index.shared_searcher().reader()
        for fieldname in ("body", "exact"):
            for text, info in reader.iter_field(fieldname):
                assert info.is_inlined() == (info.doc_frequency() <= INLINE_POSTINGS), text


@pytest.mark.parametrize("text", [*QUERIES, "topic:Zaporizhzhia", "topic:POWs"])
@pytest.mark.parametrize("limit", [None, 20])
def test_searches_find_rank_and_highlight_the_same(both, text, limit):
    ours, theirs = both
    if text.startswith("topic:"):
        text = ours.topic(text.removeprefix("topic:")).query
    found = ours.search(text, limit=limit).to_json()
    assert found["articles"], text
    assert found == theirs.search(text, limit=limit).to_json()


def hits_of(searcher: Searcher, text: str) -> list[tuple]:
    """Every hit as (path, passage, score, spans), in one order whatever the segments."""
    found = searcher.search(text).to_json()
    return sorted(
        (article["path"], hit["passage"], round(hit["score"], 9), hit["spans"])
        for article in found["articles"]
        for hit in article["hits"]
    )


def test_segments_with_inlined_postings_merge(tmp_path, monkeypatch):
    """Updates merge segments once there are too many; inlined lists must survive it."""
    from tests.bench.synthetic import make_corpus

    monkeypatch.setattr("index.search.merging.FANOUT", 2)  # a merge at each second segment
    searchers = []
    for name, codec in (("ours", None), ("theirs", W3Codec())):
        files = make_corpus(tmp_path / name / "corpus", 30)
        searcher = build(tmp_path / name / "corpus", tmp_path / name / "cache", codec)
        for number, file in enumerate(files[:8]):  # a segment each, merged once there are 5+
            file.write_text(f"Kursk power plant, rewritten {number}.\n", encoding="utf-8")
            with writing_with(codec):
                assert searcher.index.update().touched == 1
        with searcher.index.lock:
            assert len(searcher.index.shared_searcher().reader().leaf_readers()) < 5
        searchers.append(searcher)
    ours, theirs = searchers
    for text in ('"power plant"', "Kursk", "rewritten", "topic:POWs"):
        if text.startswith("topic:"):
            text = ours.topic(text.removeprefix("topic:")).query
        assert hits_of(ours, text), text
        assert hits_of(ours, text) == hits_of(theirs, text), text
