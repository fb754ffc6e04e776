"""An update right after ``pending()`` lists the folder once, not twice (issue 16: at 10,000
files a listing costs 0.2-0.5 s), and still sees every change."""

from __future__ import annotations

import os

import pytest

from index.search import store
from index.search.store import CorpusIndex


@pytest.fixture
def listings(monkeypatch) -> list[str]:
    """The folders listed, one entry per listing."""
    listed: list[str] = []
    entries = store.article_entries

    def counted(root, warn=None):
        listed.append(str(root))
        return entries(root, warn)

    monkeypatch.setattr(store, "article_entries", counted)
    return listed


@pytest.fixture
def corpus(write_corpus):
    return write_corpus({"a.txt": "Kursk was discussed.", "b.txt": "Patriot systems."})


def test_update_after_pending_uses_its_listing(corpus, tmp_path, listings):
    index = CorpusIndex(corpus, tmp_path / "cache")
    assert index.pending() == 2
    assert sorted(index.update().added) == ["a.txt", "b.txt"]
    assert listings == [str(index.root)]
    (corpus / "a.txt").write_text("Zaporizhzhia now.", encoding="utf-8")
    assert index.pending() == 1
    assert index.update().changed == ["a.txt"]
    assert len(listings) == 2


def test_the_listing_serves_one_update_only(corpus, tmp_path, listings):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.pending()
    index.update()
    (corpus / "c.txt").write_text("Sudzha.", encoding="utf-8")
    assert index.update().added == ["c.txt"]  # listed again: the new file is seen
    assert len(listings) == 2


def test_an_old_listing_is_not_used(corpus, tmp_path, listings, monkeypatch):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.pending()
    (corpus / "b.txt").unlink()
    later = store.time.monotonic() + store.LISTING_KEPT_SECONDS + 1
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert index.update().added == ["a.txt"]
    assert len(listings) == 2


def test_the_listing_keeps_its_warnings(corpus, tmp_path):
    with open(os.fsencode(corpus) + b"/bad\xff.txt", "wb") as file:  # a name not in UTF-8
        file.write(b"Kursk.")
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.pending()
    report = index.update()
    assert sorted(report.added) == ["a.txt", "b.txt"]
    assert report.warnings == ["skipped bad\ufffd.txt: file name is not valid UTF-8"]
