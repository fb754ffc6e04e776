"""A hit's text has one home, the index's stored passage: a hit reads it there when asked,
works out its spans when first asked, and gives its spans in the text a caller holds."""

from __future__ import annotations

from index.corpus.articles import load_corpus
from index.search.api import Searcher
from index.search.store import CorpusIndex

ARTICLES = {
    "harbour.txt": "Harbour Ledger\n\n"
    "Cranes stood idle at the grain berth.\n\n"
    "Shelling near Kursk held the convoy for a day.\n\n"
    "Drivers said Kursk roads were closed again.\n",
    "valley.txt": "Valley Courier\n\nA quiet week for the orchards.\n\nNo word of Kursk here.\n",
}


def _searcher(write_corpus, tmp_path) -> tuple[Searcher, CorpusIndex]:
    index = CorpusIndex(write_corpus(ARTICLES), tmp_path / "cache")
    index.update()
    return Searcher(index), index


def _hits(result) -> dict[tuple[str, int], object]:
    return {
        (group.article.path, hit.passage): hit for group in result.articles for hit in group.hits
    }


def test_a_hit_reads_its_text_from_the_index_and_its_spans_when_asked(
    write_corpus, tmp_path, monkeypatch
):
    monkeypatch.setattr("index.search.api.TEXTS_READ_AHEAD", 0)  # none read during the search
    searcher, index = _searcher(write_corpus, tmp_path)
    hits = _hits(searcher.search("Kursk"))
    assert sorted(hits) == [("harbour.txt", 2), ("harbour.txt", 3), ("valley.txt", 2)]
    assert not any(hit.highlighted for hit in hits.values())  # nothing worked out yet
    assert all(hit._text is None for hit in hits.values())  # no copy of the text held
    articles = {article.path: article for article in load_corpus(index.root).articles}
    for (path, number), hit in hits.items():
        assert hit.path == path
        assert hit.text == articles[path].passages[number].text  # the same words, one home
        assert [hit.text[a:b] for a, b in hit.spans] == ["Kursk"]
        assert hit.span_kinds == ["match"]
    assert hits[("harbour.txt", 2)].spans == [(14, 19)]


def test_a_hit_gives_its_spans_in_the_text_the_caller_holds(write_corpus, tmp_path):
    searcher, _index = _searcher(write_corpus, tmp_path)
    hit = _hits(searcher.search("Kursk OR convoy"))[("harbour.txt", 2)]
    shown = "Shelling near Kursk held the convoy for a day."
    assert hit.highlight(shown) == ([(14, 19), (29, 35)], ["match", "match"])
    assert not hit.highlighted  # the caller's text: the hit read nothing of its own


def test_a_hit_reads_its_text_after_the_index_changed(write_corpus, tmp_path, monkeypatch):
    """Once the search's searcher is closed (the index was updated), the hit finds its
    passage by path and number in the index as it is now."""
    monkeypatch.setattr("index.search.api.TEXTS_READ_AHEAD", 0)
    searcher, index = _searcher(write_corpus, tmp_path)
    result = searcher.search("Kursk")
    (index.root / "valley.txt").write_text("Valley Courier\n\nKursk, said the mayor.\n")
    index.update()
    searcher.search("orchards")  # the shared searcher is opened again on the new index
    hits = _hits(result)
    assert hits[("harbour.txt", 3)].text == "Drivers said Kursk roads were closed again."
    assert hits[("valley.txt", 2)].text == ""  # that passage is no longer indexed


def test_the_json_holds_every_hits_text_and_spans(write_corpus, tmp_path):
    searcher, _index = _searcher(write_corpus, tmp_path)
    data = searcher.search("Kursk").to_json()
    hits = [(hit["text"], hit["spans"]) for group in data["articles"] for hit in group["hits"]]
    assert sorted(hits) == [
        ("Drivers said Kursk roads were closed again.", [[13, 18]]),
        ("No word of Kursk here.", [[11, 16]]),
        ("Shelling near Kursk held the convoy for a day.", [[14, 19]]),
    ]


def test_the_best_articles_hits_hold_their_text_read_during_the_search(
    write_corpus, tmp_path, monkeypatch
):
    """So that a reader's pane checks them without waiting for the index's lock, which
    another thread's search may hold."""
    monkeypatch.setattr("index.search.api.TEXTS_READ_AHEAD", 1)
    searcher, _index = _searcher(write_corpus, tmp_path)
    best, other = searcher.search("Kursk").articles
    assert best.article.path == "valley.txt"  # the shorter passage scores higher
    assert [hit._text for hit in best.hits] == ["No word of Kursk here."]
    assert all(hit._text is None for hit in other.hits)  # read when asked
    assert sorted(hit.text for hit in other.hits) == [
        "Drivers said Kursk roads were closed again.",
        "Shelling near Kursk held the convoy for a day.",
    ]
