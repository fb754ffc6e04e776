"""A large folder never seen before opens with its files known by name: the panes read what
they draw, the rest is read after the first frame ("reading N of M articles…"), and then
the reader holds what an eager read gives, the listing every file."""

from __future__ import annotations

import threading

from index.corpus.articles import UnlistedArticle, load_corpus, sidecar_digest_of
from index.corpus.listing import listing_key, listing_path, read_listing
from index.corpus.unlisted import read_unlisted
from tests.bench.synthetic import make_corpus
from tests.pilot import WIDE, counts, reader, run, shown_text, toasts, until
from tui.reader.screen import EAGER_UNLISTED

BINARY = bytes(range(256)) * 4
UNREADABLE = "00000_0binary.txt"  # sorts first: the first pane shows it


def described(articles) -> list[tuple]:
    """What the panes and the top row show of each article."""
    return [(a.path, a.source, a.title, a.date, a.digest, a.heading) for a in articles]


@run
async def test_a_never_seen_large_folder_opens_at_once_and_reads_the_rest(tmp_path, monkeypatch):
    root = tmp_path / "large"
    make_corpus(root, EAGER_UNLISTED + 100, size=600)
    (root / UNREADABLE).write_bytes(BINARY)
    total = EAGER_UNLISTED + 101
    gate = threading.Event()

    def held(*args, **kwargs):
        gate.wait(30)  # the first frame is looked at before the rest is read
        return read_unlisted(*args, **kwargs)

    monkeypatch.setattr("tui.reader.reading.read_unlisted", held)
    app = reader(root)
    async with app.run_test(size=WIDE) as pilot:
        screen = app.reader
        await until(pilot, lambda: screen.panes[0].view is not None, "no pane bound")
        assert f"reading 0 of {total:,} articles…" in counts(app)
        first, second = (pane.view.article for pane in screen.panes[:2])
        assert isinstance(first, UnlistedArticle) and first.path == UNREADABLE
        assert "This file cannot be read: not a text file (binary data)" in " ".join(
            shown_text(screen.panes[0])
        )
        eager = load_corpus(root)
        assert second.path == eager.articles[0].path
        words = " ".join(" ".join(shown_text(screen.panes[1])).split())
        assert second.label in words and " ".join(second.heading.split()[:3]) in words
        assert second.heading == eager.articles[0].heading
        drawn = sum(1 for a in screen.corpus.articles if a.known)
        assert drawn == len(screen.panes)  # the others are read later

        gate.set()
        await until(pilot, lambda: "reading" not in counts(app), "the rest was never read")
        assert screen.view_for(UNREADABLE) is None  # skipped, with its warning
        warned = f"skipped {UNREADABLE}: not a text file (binary data)"
        await until(pilot, lambda: warned in " ".join(toasts(app)), "no warning for the file")
        assert screen.panes[0].view.path == eager.articles[0].path
        assert f"{total - 1} sources" in counts(app)
        assert described(screen.corpus.articles) == described(eager.articles)
        config = app.reader.config
        key = listing_key(config.max_bytes, sidecar_digest_of(root))
        listed = read_listing(listing_path(root, config.cache_dir), key)
        assert len(listed) == total and listed[UNREADABLE].skipped


def test_a_cursor_set_on_a_file_not_read_yet_reads_nothing_and_is_kept_in_its_passages(
    tmp_path,
):
    from tui.reader.article_view import ArticleView

    root = tmp_path / "folder"
    make_corpus(root, 4, size=3000)
    shown = load_corpus(root, cache_dir=tmp_path / "cache", eager_up_to=2)
    view = ArticleView(shown.articles[0])
    view.move_cursor(500)  # a landing on the index's best hit: the file is not read for it
    assert not view.article.known and view.cursor == 500
    passages = len(view.texts)  # a pane takes the text: the cursor comes within it
    assert view.article.known and passages > 2 and view.cursor == passages - 1
    view.move_cursor(1)
    assert view.cursor == 1
    known = ArticleView(load_corpus(root).articles[1])
    known.move_cursor(500)
    assert known.cursor == known.passage_count - 1
