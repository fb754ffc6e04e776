"""Searching: topics across sources, aliases, exact spans, malformed queries, Whoosh pitfalls."""

from __future__ import annotations

import pytest

from index.search import Searcher
from index.store import CorpusIndex
from index.syntax import QueryError
from tui.config import load_config

STATE, UNN, OTHER, AFP_LIKE, AP = (
    "000_9fec4e57e8490378.txt",
    "001_16d28577d1814211.txt",
    "002_b921e82b274cb54b.txt",
    "003_394e6fccd028c4ed.txt",
    "004_30fa5fd5bd179c17.txt",
)


def make_searcher(root, tmp_path, aliases=None, topics=None) -> Searcher:
    config = load_config()
    corpus_index = CorpusIndex(root, tmp_path / "cache")
    corpus_index.update()
    return Searcher(
        corpus_index,
        config.topics if topics is None else topics,
        config.aliases if aliases is None else aliases,
    )


@pytest.fixture
def seeds(seeds_dir, tmp_path) -> Searcher:
    return make_searcher(seeds_dir, tmp_path)


def matched_words(result) -> dict[str, list[str]]:
    """path -> every highlighted piece of text, in hit order."""
    return {
        group.article.path: [hit.text[a:b] for hit in group.hits for a, b in hit.spans]
        for group in result.articles
    }


def test_zaporizhzhia_topic_finds_sources_that_never_name_the_plant(seeds):
    result = seeds.search(seeds.topic("Zaporizhzhia").query)
    words = matched_words(result)
    assert "nuclear power plants" in words[STATE]  # the State Dept never says "Zaporizhzhia"
    assert "nuclear power plants" in words[UNN]
    assert "Zaporizhzhia" in words[OTHER]
    assert [a.path for a in result.silent] == [AFP_LIKE]


def test_pows_topic_finds_prisoners_of_war(seeds):
    words = matched_words(seeds.search(seeds.topic("POWs").query))
    assert "POWs" in words[STATE]
    assert "prisoners of war" in words[UNN]  # UNN never writes "POWs"
    assert "prisoners" in words[AFP_LIKE]


def test_kursk_topic_and_silent_sources(seeds):
    result = seeds.search(seeds.topic("kursk").query)  # topic names ignore case
    assert {g.article.path for g in result.articles} == {STATE, UNN}
    assert {a.path for a in result.silent} == {OTHER, AFP_LIKE, AP}
    unn = next(g for g in result.articles if g.article.path == UNN)
    assert unn.article.source == "UNN"
    assert [h.text[a:b] for h in unn.hits for a, b in h.spans] == ["Kursk", "Kursk"]


def test_zelensky_alias_finds_all_five_spellings(seeds):
    result = seeds.search("Zelensky")
    assert len(result.articles) == 5 and not result.silent
    words = {w for found in matched_words(result).values() for w in found}
    assert {"Zelensky", "Zelenskyy"} <= words


def test_without_aliases_zelensky_misses_zelenskyy(seeds_dir, tmp_path):
    searcher = make_searcher(seeds_dir, tmp_path, aliases={})
    assert {g.article.path for g in searcher.search("Zelensky").articles} == {UNN, AFP_LIKE}


def test_stemming_finds_other_forms(seeds):
    assert "prisoners" in matched_words(seeds.search("prisoner"))[AFP_LIKE]


def test_results_are_best_first_and_json_matches_the_contract(seeds):
    result = seeds.search("Patriot")
    scores = [group.best_score for group in result.articles]
    assert scores == sorted(scores, reverse=True)
    data = result.to_json()
    assert data["query"] == "patriot"
    first = data["articles"][0]
    assert set(first) == {"path", "source", "title", "date", "hits"}
    hit = first["hits"][0]
    assert set(hit) == {"passage", "score", "text", "spans"}
    start, end = hit["spans"][0]
    assert hit["text"][start:end] == "Patriot"


def test_phrase_spans_cover_the_phrase_only_where_it_stands(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "The court ruling was clear. A later ruling by another court."})
    searcher = make_searcher(root, tmp_path, aliases={}, topics=[])
    (group,) = searcher.search('"court ruling"').articles
    (hit,) = group.hits
    assert [hit.text[a:b] for a, b in hit.spans] == ["court ruling"]  # not the lone "ruling"


def test_not_terms_are_not_highlighted(seeds):
    result = seeds.search("Patriot NOT Europe")
    for group in result.articles:
        for hit in group.hits:
            assert "Europe" not in hit.text
            assert {hit.text[a:b] for a, b in hit.spans} == {"Patriot"}


def test_wildcards_match_words_not_stems(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "Prisoners were freed.\n\nThe prison was closed."})
    searcher = make_searcher(root, tmp_path, aliases={}, topics=[])
    result = searcher.search("prisoner*")
    assert result.query.shown == "prisoner*"  # not stemmed into prison*
    assert matched_words(result) == {"a.txt": ["Prisoners"]}
    assert matched_words(searcher.search("Prisonerz~1")) == {"a.txt": ["Prisoners"]}


def test_accents_and_case_fold(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "Le réacteur de ZAPORÍZHZHIA."})
    searcher = make_searcher(root, tmp_path, aliases={}, topics=[])
    assert matched_words(searcher.search("zaporizhzhia")) == {"a.txt": ["ZAPORÍZHZHIA"]}
    assert matched_words(searcher.search("reacteur")) == {"a.txt": ["réacteur"]}


def test_multiword_alias_expands_to_a_phrase(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "An exchange of prisoners of war took place."})
    searcher = make_searcher(root, tmp_path, aliases={"POWs": ["prisoners of war"]}, topics=[])
    assert matched_words(searcher.search("POWs")) == {"a.txt": ["prisoners of war"]}


def test_spans_past_32768_characters(write_corpus, tmp_path):
    filler = "Plain words about nothing much at all here. " * 800  # ~35,000 characters
    root = write_corpus({"long.txt": filler + "Then Kursk appears at the very end."})
    searcher = make_searcher(root, tmp_path, aliases={}, topics=[])
    (group,) = searcher.search("Kursk").articles
    (hit,) = group.hits
    assert [hit.text[a:b] for a, b in hit.spans] == ["Kursk"]


def test_limit_keeps_only_the_best_passages(seeds):
    result = seeds.search("Zelensky", limit=3)
    assert result.hit_count == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unbalanced', "unbalanced quote"),
        ("AND", "only operators"),
        ("(Kursk OR Patriot", "'(' is not closed"),
        ("Kursk)", "')' has no '('"),
        ("Kursk AND", "AND needs a word on each side"),
        ("OR Kursk", "OR needs a word on each side"),
        ("   ", "empty query"),
        ("!!! ...", "no searchable words"),
    ],
)
def test_malformed_queries_say_why(seeds, query, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        seeds.search(query)


def test_unknown_topic_lists_the_known_ones(seeds):
    with pytest.raises(QueryError, match="no topic named 'Crimea' \\(topics: Kursk, "):
        seeds.topic("Crimea")


def test_long_phrases_match_only_where_the_words_stand_together(write_corpus, tmp_path):
    root = write_corpus(
        {
            "apart.txt": "Nuclear power is debated. Coal power plants are closing.",
            "together.txt": "The nuclear power plants were discussed.",
        }
    )
    searcher = make_searcher(root, tmp_path, aliases={}, topics=[])
    result = searcher.search('"nuclear power plants"')
    assert matched_words(result) == {"together.txt": ["nuclear power plants"]}
    assert [a.path for a in result.silent] == ["apart.txt"]
    two_words = searcher.search('"power plants"')
    assert matched_words(two_words) == {
        "apart.txt": ["power plants"],
        "together.txt": ["power plants"],
    }
