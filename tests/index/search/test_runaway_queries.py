"""Queries that would run away (issue 18, items 4 and 7): fuzzy distances capped, patterns
without a letter or standing for too many words refused in one line, a stale query's error
never left on screen, and ``--limit`` never calling a source with hits silent."""

from __future__ import annotations

import threading

import pytest
from textual import events

from index.search import patterns
from index.search.analysis import make_schema
from index.search.api import Searcher
from index.search.query import QueryParser
from index.search.store import CorpusIndex
from index.search.syntax import QueryError
from tests.pilot import reader, ready, run, settle, until
from tui.cli import main
from tui.reader.searching import DEBOUNCE_SECONDS

PARSER = QueryParser(make_schema())


def test_a_large_fuzzy_distance_is_capped_with_a_notice():
    parsed = PARSER.parse("kursk~5")
    assert parsed.shown == "kursk~2"
    assert parsed.notices == ("kursk~5: fuzzy distance capped at 2",)
    assert PARSER.parse("kursk~2").notices == ()


def test_a_fuzzy_term_keeps_its_first_letter(write_corpus, tmp_path):
    """Only words starting alike are compared: ~10x faster than comparing every word."""
    assert PARSER.parse("kursk~2").whoosh.prefixlength == 1
    index = CorpusIndex(write_corpus(LIMITED), tmp_path / "cache")
    index.update()
    searcher = Searcher(index)
    assert searcher.search("kurks~2").hit_count == 3  # a typo inside the word
    assert searcher.search("hursk~1").hit_count == 0  # a first letter is kept as typed


@pytest.mark.parametrize("text", ["*?*?*", "??", "kursk OR *?"])
def test_a_wildcard_without_a_letter_is_refused(text):
    with pytest.raises(QueryError) as error:
        PARSER.parse(text)
    assert str(error.value).endswith("has no letter: a wildcard needs part of a word")


@pytest.fixture
def many_words(write_corpus, tmp_path, monkeypatch):
    """30 words starting ``zq`` (10 of them ``zqa...``), with the cap lowered to 20."""
    monkeypatch.setattr(patterns, "MAX_EXPANDED_TERMS", 20)
    words = [f"zq{a}{b}" for a in "abc" for b in "defghijklm"]
    root = write_corpus({"a.txt": "Talks. " + " ".join(words) + "."})
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    return Searcher(index)


def test_a_pattern_standing_for_too_many_words_is_refused(many_words):
    with pytest.raises(QueryError) as error:
        many_words.search("zq*")
    assert str(error.value) == (
        "zq* stands for too many words (over 20 in all): type more of the word"
    )
    (group,) = many_words.search("zqa*").articles  # 10 words: under the cap
    assert len(group.hits[0].spans) == 10


def test_the_cap_counts_the_words_of_all_patterns_together(many_words):
    with pytest.raises(QueryError, match="too many words"):
        many_words.search("zqa* OR zqb* OR zqc*")  # 10 + 10 + 10 > 20
    assert many_words.search("zqa* OR zqb*").hit_count == 1


def test_cli_says_the_cap_in_one_line(write_corpus, capsys):
    root = write_corpus({"a.txt": "Kursk was discussed.", "b.txt": "Nothing here."})
    assert main(["search", "kursk~7", "--json", "--corpus", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "briefing-tui: warning: kursk~7: fuzzy distance capped at 2\n"
    assert '"query": "kursk~2"' in captured.out
    assert main(["search", "*?*?*", "--corpus", str(root)]) == 2
    assert capsys.readouterr().err == (
        "briefing-tui: error: '*?*?*' has no letter: a wildcard needs part of a word\n"
    )


LIMITED = {
    "a.txt": "date 2025-03-20 First\n\nKursk was discussed twice. Kursk again.\n",
    "b.txt": "date 2025-03-21 Second\n\nThe Kursk region came up.\n",
    "c.txt": "date 2025-03-22 Third\n\nTroops left Kursk.\n",
    "d.txt": "date 2025-03-23 Quiet\n\nWheat exports rose in March.\n",
}


@pytest.mark.parametrize("query", ["Kursk", '"Kursk region" OR "left Kursk" OR "again"'])
def test_limit_never_lists_sources_with_hits_as_silent(write_corpus, tmp_path, query):
    index = CorpusIndex(write_corpus(LIMITED), tmp_path / "cache")
    index.update()
    result = Searcher(index).search(query, limit=1)
    assert result.hit_count == 1
    shown = {group.article.path for group in result.articles}
    assert [info.path for info in result.silent] == ["d.txt"]
    assert {info.path for info in result.past_limit} == {"a.txt", "b.txt", "c.txt"} - shown


def test_cli_limit_output_names_silent_sources_only(write_corpus, capsys):
    root = write_corpus(LIMITED)
    assert main(["search", "Kursk", "--limit", "1", "--corpus", str(root)]) == 0
    out = capsys.readouterr().out
    silent = [line for line in out.splitlines() if line.startswith("Nothing on this query")]
    assert silent == ["Nothing on this query: d"]
    assert "Also hits, past --limit: " in out


@run
async def test_a_changed_query_clears_the_error_of_the_half_typed_one(write_corpus):
    app = reader(write_corpus(LIMITED))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"kursk OR")
        await pilot.pause(DEBOUNCE_SECONDS * 3)
        await settle(pilot)
        message = app.query_one("#message")
        assert str(message.render()) == "OR needs a word on each side"
        searcher = app.reader.briefing.searcher
        release, started = threading.Event(), threading.Event()
        real_search = searcher.search

        def slow_search(text, limit=None):
            started.set()
            release.wait(30)
            return real_search(text, limit)

        searcher.search = slow_search
        try:
            app.reader.query_input.post_message(events.Paste(" troops"))  # a change with no key
            await until(pilot, started.is_set, "the new query's search never started")
            assert str(message.render()) == ""  # while the new query is still running
        finally:
            release.set()
        await settle(pilot)
        assert {group.article.path for group in app.reader.result.articles} == {
            "a.txt",
            "b.txt",
            "c.txt",
        }


def test_coverage_query_standing_for_too_many_words_is_one_line(write_corpus, capsys, monkeypatch):
    monkeypatch.setattr(patterns, "MAX_EXPANDED_TERMS", 20)
    words = " ".join(f"zq{a}{b}" for a in "abc" for b in "defghijklm")
    root = write_corpus({"a.txt": f"Talks. {words}."})
    assert main(["coverage", "--query", "zq*", "--corpus", str(root)]) == 2
    assert capsys.readouterr().err == (
        "briefing-tui: error: zq* stands for too many words (over 20 in all):"
        " type more of the word\n"
    )
