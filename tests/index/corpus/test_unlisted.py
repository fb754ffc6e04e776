"""A never-seen folder larger than ``eager_up_to``: its files known by name, read when asked
about or by the reading of the rest, which writes the listing; the end is as an eager read's."""

from __future__ import annotations

from index.corpus.articles import (
    DEFAULT_MAX_BYTES,
    ListedArticle,
    UnlistedArticle,
    load_corpus,
    sidecar_digest_of,
)
from index.corpus.listing import listing_key, listing_path, read_listing
from index.corpus.unlisted import drop_skipped, read_unlisted, unread

BINARY = bytes(range(256)) * 4


def article(n: int) -> str:
    outlet = ("Harbour Gazette", "Valley Post", "Coast Courier")[n % 3]
    return (
        f"Source: {outlet}\nDate: 2025-03-{n % 28 + 1:02}\n\n"
        f"Cranes stand still at berth {n}\n\n"
        f"Dockers at berth {n} left the cranes at dawn, the union said.\n\n"
        "Talks with the port authority resume on Monday.\n"
    )


def folder(write_corpus, count: int = 12):
    files: dict[str, str | bytes] = {f"{n:02}.txt": article(n) for n in range(count)}
    files["05.txt"] = BINARY  # one that turns out unreadable
    return write_corpus(files)


def described(articles) -> list[tuple]:
    return [
        (a.path, a.source, a.title, a.date, a.digest, a.heading, len(a.passages), a.problems)
        for a in articles
    ]


def test_a_folder_up_to_the_threshold_is_read_before_it_opens(write_corpus, tmp_path):
    corpus = load_corpus(folder(write_corpus), cache_dir=tmp_path / "cache", eager_up_to=12)
    assert not unread(corpus)
    assert [a.path for a in corpus.articles][4:6] == ["04.txt", "06.txt"]  # 05 skipped
    assert corpus.warnings == ["skipped 05.txt: not a text file (binary data)"]


def test_more_unlisted_files_are_known_by_name_and_read_when_asked_about(write_corpus, tmp_path):
    root = folder(write_corpus)
    corpus = load_corpus(root, cache_dir=tmp_path / "cache", eager_up_to=11)
    articles = corpus.articles
    assert [a.path for a in articles] == [f"{n:02}.txt" for n in range(12)]
    assert all(isinstance(a, UnlistedArticle) and not a.known for a in articles)
    assert corpus.warnings == []  # none read yet
    assert articles[3].label == "Harbour Gazette"  # asked: read now
    assert articles[3].known and articles[3].title == "Cranes stand still at berth 3"
    assert not articles[4].known
    skipped = articles[5]
    assert [p.text for p in skipped.passages] == [
        "This file cannot be read: not a text file (binary data)"
    ]  # a pane that draws it shows why
    assert skipped.entry.skipped == "not a text file (binary data)"
    assert corpus.warnings == ["skipped 05.txt: not a text file (binary data)"]


def test_reading_the_rest_ends_as_an_eager_read_and_lists_every_file(write_corpus, tmp_path):
    root, cache = folder(write_corpus), tmp_path / "cache"
    corpus = load_corpus(root, cache_dir=cache, eager_up_to=5)
    corpus.articles[0].read()  # one drawn first
    reports = []
    assert read_unlisted(corpus, lambda done, total: reports.append((done, total)))
    assert reports[-1] == (11, 11) and not unread(corpus)
    assert drop_skipped(corpus) == ["05.txt"]
    eager = load_corpus(root)
    assert described(corpus.articles) == described(eager.articles)
    assert corpus.warnings == eager.warnings
    key = listing_key(DEFAULT_MAX_BYTES, sidecar_digest_of(root))
    listed = read_listing(listing_path(root, cache), key)
    assert sorted(listed) == [f"{n:02}.txt" for n in range(12)]
    assert listed["05.txt"].skipped == "not a text file (binary data)"
    again = load_corpus(root, cache_dir=cache, eager_up_to=5)  # the next start: all listed
    assert all(
        isinstance(a, ListedArticle) and not isinstance(a, UnlistedArticle) for a in again.articles
    )
    assert described(again.articles) == described(eager.articles)


def test_a_stopped_reading_lists_what_it_read(write_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("index.corpus.unlisted.CHUNK", 4)
    root, cache = folder(write_corpus), tmp_path / "cache"
    corpus = load_corpus(root, cache_dir=cache, eager_up_to=5)
    asked = []
    assert not read_unlisted(corpus, stop=lambda: asked.append(1) or len(asked) > 1)
    assert len(unread(corpus)) == 8
    again = load_corpus(root, cache_dir=cache, eager_up_to=5)
    assert [type(a).__name__ for a in again.articles[:5]] == ["ListedArticle"] * 4 + [
        "UnlistedArticle"
    ]  # the first chunk listed; 8 files left: still more than 5


def test_the_reading_waits_while_told_to(write_corpus, tmp_path, monkeypatch):
    monkeypatch.setattr("index.corpus.unlisted.PAUSE", 0)
    corpus = load_corpus(folder(write_corpus), cache_dir=tmp_path / "cache", eager_up_to=5)
    held = iter([True] * 50)
    seen = []

    def hold() -> bool:
        busy = next(held, False)
        seen.append((busy, len(unread(corpus))))
        return busy

    assert read_unlisted(corpus, hold=hold)
    assert seen[:51] == [(True, 12)] * 50 + [(False, 12)]  # nothing read while held
    assert not unread(corpus)
