"""Exact phrases are matched on the positions of ``body``'s stems (no word-pair field): the
Ranker finds, scores and highlights them as Whoosh's own phrase matcher does."""

from __future__ import annotations

import pytest
from whoosh import query

from index.search import analysis
from index.search.api import Searcher
from index.search.query import with_phrase_lookups
from index.search.ranking import Ranker
from index.search.store import CorpusIndex

ARTICLES = {
    "a.txt": "The nuclear power plant was shelled overnight.\n\nPower was cut at the plant.",
    "b.txt": "A power plant in the east lost power. Plant workers left.",
    "c.txt": "Nuclear power is cheap; the power plant itself is old.\n\nThe plant power line held.",
    "d.txt": "Officials said very very little about the power plants.",
    "e.txt": "Nuclear talks stalled. Power plant repairs began, a nuclear power plant aside.",
}


@pytest.fixture
def searcher(write_corpus, tmp_path) -> Searcher:
    index = CorpusIndex(write_corpus(ARTICLES), tmp_path / "cache")
    index.update()
    return Searcher(index)


def found(searcher: Searcher, text: str) -> dict[tuple[str, int], list[str]]:
    """(path, passage) -> the words highlighted there."""
    result = searcher.search(text)
    return {
        (group.article.path, hit.passage): [hit.text[a:b] for a, b in hit.spans]
        for group in result.articles
        for hit in group.hits
    }


def by_whoosh(searcher: Searcher, monkeypatch, text: str) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(Ranker, "ranked", lambda self, searcher, node: None)
        return searcher.search(text).to_json()


def test_the_index_has_no_word_pair_field():
    assert sorted(analysis.make_schema().names()) == [
        "body",
        "exact",
        "kind",
        "passage",
        "path",
        "state",
    ]


def test_an_exact_phrase_stays_a_phrase_and_slop_becomes_its_words():
    phrase = query.Phrase("body", ["power", "plant"], boost=2.0)
    assert with_phrase_lookups(phrase) == (phrase, False)
    loose, approximate = with_phrase_lookups(query.Phrase("body", ["power", "plant"], slop=2))
    assert approximate
    assert loose == query.And([query.Term("body", "power"), query.Term("body", "plant")])


def test_a_two_word_phrase_needs_its_words_side_by_side_in_order(searcher):
    assert found(searcher, '"power plant"') == {
        ("a.txt", 0): ["power plant"],
        ("b.txt", 0): ["power plant", "power. Plant"],  # words, whatever stands between
        ("c.txt", 0): ["power plant"],
        ("d.txt", 0): ["power plants"],
        ("e.txt", 0): ["Power plant", "power plant"],
    }
    assert found(searcher, '"plant power"') == {("c.txt", 1): ["plant power"]}


def test_a_longer_phrase_is_not_matched_by_its_pairs_standing_apart(searcher):
    # c.txt holds "nuclear power" and "power plant" apart; e.txt holds both, apart and whole.
    assert found(searcher, '"nuclear power plant"') == {
        ("a.txt", 0): ["nuclear power plant"],
        ("e.txt", 0): ["nuclear power plant"],
    }


def test_a_repeated_word_phrase(searcher):
    assert found(searcher, '"very very"') == {("d.txt", 0): ["very very"]}
    assert found(searcher, '"very very very"') == {}


def test_a_phrase_in_a_boolean_query(searcher):
    assert set(found(searcher, '"power plant" AND NOT nuclear')) == {("b.txt", 0), ("d.txt", 0)}
    assert set(found(searcher, '"power plant" AND shelled')) == {("a.txt", 0)}
    assert set(found(searcher, '"plant power" OR officials')) == {("c.txt", 1), ("d.txt", 0)}


@pytest.mark.parametrize(
    "text",
    [
        '"power plant"',
        '"nuclear power plant"',
        '"power plant"^3 OR nuclear',
        '"power plant" AND NOT nuclear',
        '("nuclear power" OR cut) AND plant',
        '"very very"',
    ],
)
def test_the_ranker_scores_phrases_as_whoosh_does(searcher, monkeypatch, text):
    with searcher.index.lock:
        runnable, _loose = with_phrase_lookups(searcher.parse(text).whoosh)
        assert searcher._ranker.ranked(searcher.index.shared_searcher(), runnable) is not None
    ours = searcher.search(text).to_json()
    assert ours["articles"]
    assert ours == by_whoosh(searcher, monkeypatch, text)


def test_a_changed_file_is_found_by_its_new_phrase_only(searcher):
    root = searcher.index.root
    (root / "b.txt").write_text("A plant for power, not a power station.", encoding="utf-8")
    assert searcher.index.update().changed == ["b.txt"]
    assert ("b.txt", 0) not in found(searcher, '"power plant"')
    assert found(searcher, '"power station"') == {("b.txt", 0): ["power station"]}
