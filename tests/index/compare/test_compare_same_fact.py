"""Same fact elsewhere: the passage each other source reports it in, or "not reported"."""

from __future__ import annotations

import pytest

from index.compare.same_fact import Match, NotReported, same_fact
from index.compare.table import passage_table
from tests.index.compare.test_compare_helpers import SMALL, open_searcher, seeds_searcher
from tests.seed_files import AFP_LIKE, AP, OTHER, STATE, UNN


@pytest.fixture
def small(write_corpus, tmp_path):
    return open_searcher(write_corpus(SMALL), tmp_path / "cache")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    from tests.conftest import SEEDS

    return seeds_searcher(SEEDS, tmp_path_factory.mktemp("cache"))


def by_path(results) -> dict[str, Match | NotReported]:
    return {result.article.path: result for result in results}


def test_small_briefing_shared_fact_and_silent_source(small):
    results = same_fact(small, "alpha.md", 0)
    assert [r.article.path for r in results] == ["beta.md", "gamma.md"]
    beta, gamma = results
    assert isinstance(beta, Match) and beta.passage == 0
    assert beta.text.startswith("Regional governor Oleh Syniehubov said the missile strike")
    assert isinstance(gamma, NotReported) and gamma.best_score < 0.15
    alpha_text = SMALL["alpha.md"].split("\n\n")[1].strip()
    in_original = [alpha_text[a:b] for a, b in beta.spans_in_original]
    in_match = [beta.text[a:b] for a, b in beta.spans_in_match]
    assert in_original == [
        "missile", "strike", "central", "market", "Kharkiv", "left", "wounded", "3", "dead",
        "regional", "governor", "Oleh", "Syniehubov",
    ]  # fmt: skip
    assert in_match == [
        "Regional", "governor", "Oleh", "Syniehubov", "missile", "strike", "central",
        "market", "Kharkiv", "left", "wounded", "3", "dead",
    ]  # fmt: skip
    assert set(beta.shared_terms) == set(in_original)
    assert "22" not in in_original  # the figures differ: 22 and 23


def test_the_other_passage_of_an_article_is_not_a_match(small):
    results = by_path(same_fact(small, "alpha.md", 1))  # ceasefire talks in Jeddah
    assert all(isinstance(result, NotReported) for result in results.values())


def test_unknown_passage_raises_key_error(small):
    with pytest.raises(KeyError):
        same_fact(small, "alpha.md", 9)
    with pytest.raises(KeyError):
        same_fact(small, "nowhere.md", 0)


def test_seeds_patriot_passage_finds_unn_and_ap(seeds):
    searcher, aliases = seeds
    results = by_path(same_fact(searcher, STATE, 6, aliases=aliases))
    unn, ap = results[UNN], results[AP]
    assert isinstance(unn, Match) and unn.passage == 5 and "Patriot missile systems" in unn.text
    assert isinstance(ap, Match) and ap.passage == 4 and "Patriot defense missile" in ap.text
    assert {"Patriot", "civilians", "air"} <= set(unn.shared_terms)
    assert [ap.text[a:b] for a, b in ap.spans_in_match if ap.text[a:b] == "Patriot"]


def test_seeds_nuclear_plants_passage_finds_unn_and_the_zaporizhzhia_article(seeds):
    searcher, aliases = seeds
    results = by_path(same_fact(searcher, STATE, 8, aliases=aliases))
    unn, other = results[UNN], results[OTHER]
    assert isinstance(unn, Match) and unn.passage == 8
    assert "nuclear power plants" in unn.text
    assert isinstance(other, Match) and other.passage == 6
    assert "nuclear power plants" in other.text
    assert isinstance(results[AFP_LIKE], NotReported)  # never speaks of the plants


def test_seeds_children_passage_not_reported_where_nothing_is_similar(seeds):
    searcher, aliases = seeds
    results = by_path(same_fact(searcher, STATE, 9, aliases=aliases))
    assert isinstance(results[UNN], Match) and results[UNN].passage in {10, 11}
    assert isinstance(results[OTHER], NotReported)
    assert isinstance(results[AP], NotReported)


def test_seeds_prisoners_count_as_pows_with_the_configured_aliases(seeds):
    searcher, aliases = seeds
    [swap] = [
        record.number
        for record in passage_table(searcher.index).by_path[AFP_LIKE]
        if record.text.startswith("On Wednesday, Russia and Ukraine exchanged 372 prisoners")
    ]
    [state] = [
        r for r in same_fact(searcher, AFP_LIKE, swap, 0.0, aliases) if r.article.path == STATE
    ]
    assert state.passage == 9 and "prisoners" in state.shared_terms


BOILERPLATE = {
    "river.txt": "Source: River Daily\nTitle: Flood waters recede in the valley\n\n"
    "Last updated 19 March 2025, 14:02 · 2 min read\n\n"
    "Flood waters receded across the valley on Tuesday as engineers reopened the old dam's "
    "sluice gates and farmers began counting their losses.\n\n"
    "Share this article\n",
    "court.txt": "Source: Court Report\nTitle: Judge rejects appeal in fraud case\n\n"
    "Last updated 19 March 2025, 16:40 · 2 min read\n\n"
    "A federal judge rejected the appeal of a former bank manager convicted of wire fraud, "
    "ruling that the evidence at trial had been properly admitted.\n\n"
    "Share this article\n",
}


def test_boilerplate_lines_never_make_two_passages_the_same_fact(write_corpus, tmp_path):
    searcher = open_searcher(write_corpus(BOILERPLATE), tmp_path / "cache")
    table = passage_table(searcher.index)
    river = table.by_path["river.txt"]
    assert any("Flood waters" in record.text for record in river)
    for record in river:
        [court] = same_fact(searcher, "river.txt", record.number, threshold=0.05)
        assert isinstance(court, NotReported), (record.text, court)
    texts = [record.text for records in table.by_path.values() for record in records]
    assert not any("min read" in text or "Share this" in text for text in texts)
