"""Searching: topics across sources, aliases, exact spans, malformed queries, Whoosh pitfalls."""

from __future__ import annotations

import pytest

from index.search.api import Searcher
from index.search.query import with_phrase_lookups
from index.search.store import CorpusIndex
from index.search.syntax import QueryError
from tests.conftest import SEEDS
from tests.seed_files import AFP_LIKE, AP, OTHER, STATE, UNN
from tui.config import load_config
from tui.resources import bundled_path


def make_searcher(root, tmp_path, aliases=None, topics=None) -> Searcher:
    config = load_config()
    corpus_index = CorpusIndex(root, tmp_path / "cache")
    corpus_index.update()
    return Searcher(
        corpus_index,
        config.topics if topics is None else topics,
        config.aliases if aliases is None else aliases,
    )


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Searcher:
    """The bundled briefing's index, built once for the module: its tests only search it."""
    return make_searcher(SEEDS, tmp_path_factory.mktemp("seeds"))


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
    assert set(first) == {
        *("path", "source", "title", "date", "author", "url", "encoding", "origins"),
        "hits",
    }
    hit = first["hits"][0]
    assert set(hit) == {"passage", "score", "text", "spans", "kind", "span_kinds"}
    assert hit["kind"] == "match" and hit["span_kinds"] == ["match"] * len(hit["spans"])
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


# -- ranking: the Ranker must give exactly what Whoosh's own search gives --------------------

RANKED_QUERIES = [
    "Kursk",
    "power OR plant OR nuclear",
    '"nuclear power plants"',
    '"the Kursk region" OR Zaporizhzhia',
    "power AND (plant OR nuclear)",
    "Kursk AND NOT power",
    "NOT Kursk",
    "Kursk ANDMAYBE power",
    "Kursk^3 OR power",
    "(Kursk OR power)^2 AND plant",
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Searcher:
    """60 synthetic articles in several segments, with deleted passages in the first.

    Built once for the module: the tests only search it."""
    from tests.bench.synthetic import make_corpus

    tmp_path = tmp_path_factory.mktemp("synthetic")
    files = make_corpus(tmp_path / "corpus", 60)
    held_back = {file: file.read_bytes() for file in files[40:]}
    for file in held_back:
        file.unlink()
    config = load_config(bundled_path("config.yaml"))  # not the user's: built before isolation
    corpus_index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    corpus_index.update()
    searcher = Searcher(corpus_index, config.topics, config.aliases)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("index.search.store.SMALL_MERGE_DOCS", 0)  # small segments kept apart
        for start in (40, 45, 50, 55):  # small updates: a segment each, never merged
            for file in files[start : start + 5]:
                file.write_bytes(held_back[file])
            files[start - 30].write_text("Kursk power plant, rewritten.\n", encoding="utf-8")
            assert searcher.index.update().touched == 6
    with searcher.index.lock:
        whoosh_searcher = searcher.index.shared_searcher()
        assert len(whoosh_searcher.reader().leaf_readers()) == 5
        assert whoosh_searcher.reader().has_deletions()
    return searcher


def whoosh_ranks(searcher: Searcher, monkeypatch, text: str, limit: int | None) -> dict:
    from index.search.ranking import Ranker

    with monkeypatch.context() as patch:
        patch.setattr(Ranker, "ranked", lambda self, searcher, node: None)
        return searcher.search(text, limit=limit).to_json()


@pytest.mark.parametrize("text", [*RANKED_QUERIES, "topic:Zaporizhzhia", "topic:POWs"])
def test_ranking_matches_whoosh_exactly(synthetic, monkeypatch, text):
    if text.startswith("topic:"):
        text = synthetic.topic(text.removeprefix("topic:")).query
    with synthetic.index.lock:
        runnable, _approximate = with_phrase_lookups(synthetic.parse(text).whoosh)
        assert synthetic._ranker.ranked(synthetic.index.shared_searcher(), runnable) is not None
    everything = synthetic.search(text).to_json()
    assert everything["articles"], text
    assert everything == whoosh_ranks(synthetic, monkeypatch, text, None)
    best = synthetic.search(text, limit=20).to_json()
    passages = [(a["path"], h["passage"]) for a in everything["articles"] for h in a["hits"]]
    top = sorted(
        ((h["score"], a["path"], h["passage"]) for a in best["articles"] for h in a["hits"]),
        reverse=True,
    )
    assert len(top) == min(20, len(passages))
    # the best 20 are the 20 best of all, with the same scores
    all_scores = sorted(
        (h["score"] for a in everything["articles"] for h in a["hits"]), reverse=True
    )
    assert [score for score, _path, _number in top] == all_scores[: len(top)]


def test_ranking_never_returns_deleted_passages(synthetic):
    result = synthetic.search('"rewritten"')
    rewritten = {group.article.path for group in result.articles}
    assert len(rewritten) == 4
    for group in synthetic.search("Kursk").articles:
        if group.article.path in rewritten:
            assert [hit.text for hit in group.hits] == ["Kursk power plant, rewritten."]


def test_wildcards_and_loose_phrases_are_ranked_by_whoosh(synthetic, monkeypatch):
    with synthetic.index.lock:
        whoosh_searcher = synthetic.index.shared_searcher()
        for text in ("zaporizh*", "prisoner~1", '"power plant"~3'):
            node = synthetic.parse(text).whoosh
            assert synthetic._ranker.ranked(whoosh_searcher, node) is None
    result = synthetic.search("zaporizh*", limit=5)
    assert result.hit_count == 5
    assert result.to_json() == whoosh_ranks(synthetic, monkeypatch, "zaporizh*", 5)


def test_limit_counts_passages_not_article_records(synthetic):
    assert synthetic.search("NOT Kursk", limit=20).hit_count == 20
