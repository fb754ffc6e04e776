"""A search result's silent and past-the-limit articles: looked up only when asked, and right
when asked after the index changed."""

from __future__ import annotations

from index.search.api import Searcher
from index.search.store import CorpusIndex

ARTICLES = {
    "a.txt": "date 2025-03-20 First\n\nKursk was raised twice.\n\nKursk again.\n",
    "b.txt": "date 2025-03-21 Second\n\nThe Kursk region came up.\n",
    "c.txt": "date 2025-03-22 Third\n\nTroops left Kursk.\n",
    "d.txt": "date 2025-03-23 Quiet\n\nWheat exports rose in March.\n",
}


def _searcher(write_corpus, tmp_path, files=ARTICLES) -> tuple[Searcher, CorpusIndex]:
    index = CorpusIndex(write_corpus(files), tmp_path / "cache")
    index.update()
    return Searcher(index), index


def test_silent_and_past_limit_are_built_when_asked(write_corpus, tmp_path):
    searcher, _index = _searcher(write_corpus, tmp_path)
    result = searcher.search("Kursk", limit=1)
    assert "silent" not in vars(result) and "past_limit" not in vars(result)
    assert [group.article.path for group in result.articles] == ["a.txt"]
    assert [info.path for info in result.past_limit] == ["b.txt", "c.txt"]
    assert [info.path for info in result.silent] == ["d.txt"]


def test_no_limit_has_nothing_past_it(write_corpus, tmp_path):
    searcher, _index = _searcher(write_corpus, tmp_path)
    result = searcher.search("Kursk")
    assert result.past_limit == []
    assert [info.path for info in result.silent] == ["d.txt"]
    assert {group.article.path for group in result.articles} == {"a.txt", "b.txt", "c.txt"}


def test_past_limit_asked_after_the_index_changed_reads_the_new_index(write_corpus, tmp_path):
    """The first search's passage numbers no longer hold: the articles come from the index
    as it is now, never from stale numbers (which would name the wrong files)."""
    searcher, index = _searcher(write_corpus, tmp_path)
    result = searcher.search("Kursk", limit=1)
    root = index.root
    (root / "b.txt").unlink()
    (root / "0.txt").write_text("date 2025-03-19 Zeroth\n\nKursk, first of all.\n")
    index.update()
    assert [info.path for info in result.past_limit] == ["0.txt", "c.txt"]
    assert [info.path for info in result.silent] == ["b.txt", "d.txt"]


def test_past_limit_keeps_only_articles_where_a_loose_phrase_really_stands(write_corpus, tmp_path):
    """A three-word phrase is looked up as its word pairs; an article holding the pairs apart
    has no hit, so it is silent, not past the limit."""
    files = {
        "a.txt": "One\n\nThe nuclear power plant shut down.\n",
        "b.txt": "Two\n\nA nuclear power plant was hit.\n",
        "c.txt": "Three\n\nNuclear power grew; the power plant closed.\n",
    }
    searcher, _index = _searcher(write_corpus, tmp_path, files)
    result = searcher.search('"nuclear power plant"', limit=1)
    assert result.hit_count == 1
    listed = {group.article.path for group in result.articles}
    assert {info.path for info in result.past_limit} == {"a.txt", "b.txt"} - listed
    assert [info.path for info in result.silent] == ["c.txt"]
