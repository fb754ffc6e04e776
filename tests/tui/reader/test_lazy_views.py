"""Large folders stay light: views take their article's text when drawn and let it go after;
a topic counts hits from the search result without reading the files."""

from __future__ import annotations

from types import SimpleNamespace

from index.corpus.articles import ListedArticle, load_corpus
from tests.pilot import (
    WIDE,
    counts,
    listed,
    press,
    reader,
    ready,
    run,
    settle,
    shown_text,
    wait_for,
)
from tui.reader.article_view import TEXT, ArticleView, pane_hits

HARBOUR = (
    "Port Ledger\n\n"
    "Cranes stand still in the harbour {n}\n\n"
    "Dockers at berth {n} left the cranes at dawn, the union said.\n\n"
    "{middle}\n\n"
    "Talks with the port authority resume on Monday.\n"
)
ON_TOPIC = "Shelling near Kursk delayed the grain convoy by a day."
OFF_TOPIC = "The weather kept the ferries in port for a second night."


def harbour_folder(write_corpus, count: int = 24, on_topic: int = 5):
    files = {
        f"{n:02}.txt": HARBOUR.format(n=n, middle=ON_TOPIC if n < on_topic else OFF_TOPIC)
        for n in range(count)
    }
    return write_corpus(files)


def listed_articles(root, cache):
    load_corpus(root, cache_dir=cache)  # reads every file and lists them
    articles = load_corpus(root, cache_dir=cache).articles
    assert all(isinstance(article, ListedArticle) for article in articles)
    return articles


def hit(passage: int, text: str, spans: list[tuple[int, int]]):
    return SimpleNamespace(passage=passage, text=text, spans=spans, kind="match", span_kinds=[])


def test_a_topic_counts_hits_without_reading_the_file(write_corpus, tmp_path):
    article = listed_articles(harbour_folder(write_corpus), tmp_path / "cache")[0]
    view = ArticleView(article)
    group = SimpleNamespace(hits=[hit(3, ON_TOPIC, [(13, 18)])])
    view.set_hits(pane_hits(view, group), query_active=True)
    view.move_cursor(view.best_hit())
    assert (view.hit_count, view.cursor, view.subtitle()) == (1, 3, "1 hit")
    assert view.passage_count == 5
    assert not article.loaded  # nothing of the file read yet
    rows = view.layout(40).rows
    assert article.loaded
    assert [view.row_text(row) for row in rows if row.kind == TEXT and row.passage == 3] == [
        "Shelling near Kursk delayed the grain",
        "convoy by a day.",
    ]


def test_hits_on_text_that_changed_are_dropped_when_the_view_is_drawn(write_corpus, tmp_path):
    article = listed_articles(harbour_folder(write_corpus), tmp_path / "cache")[0]
    view = ArticleView(article)
    stale = hit(3, "Shelling near Kursk delayed the grain convoy by a week.", [(13, 18)])
    group = SimpleNamespace(hits=[stale, hit(4, "Talks resume on Tuesday.", [(0, 5)])])
    view.set_hits(pane_hits(view, group), query_active=True)
    assert view.hit_count == 2  # from the search result, unread
    view.layout(40)
    assert view.hit_count == 0 and view.silent  # neither passage reads as the index had it


def test_a_released_view_lays_out_again_from_the_text(write_corpus, tmp_path):
    article = listed_articles(harbour_folder(write_corpus), tmp_path / "cache")[1]
    view = ArticleView(article)
    first = view.layout(30)
    view.release()
    again = view.layout(30)
    assert again is not first
    assert again.rows == first.rows


@run
async def test_the_reader_reads_only_the_articles_its_panes_show(write_corpus):
    root = harbour_folder(write_corpus)
    await listed(root)  # the first launch lists the folder
    app = reader(root)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = app.reader
        panes = screen.panes
        loaded = [article.path for article in screen.corpus.articles if article.loaded]
        assert loaded == [pane.view.path for pane in panes]
        shown = shown_text(panes[0])
        assert any(row.startswith("Dockers at berth 0 left the cranes") for row in shown)
        await press(pilot, "1")  # Kursk: five articles
        assert "24 sources · 5 with hits" in counts(app)
        assert 2 <= len(panes) < 5  # the panes show hit articles only
        shown = {pane.view.path for pane in panes}
        assert shown == {f"{n:02}.txt" for n in range(len(panes))}
        loaded = {article.path for article in screen.corpus.articles if article.loaded}
        assert loaded == shown  # the fifth article with hits is counted, not read
        assert all(view.hit_count == 1 for view in screen.views[:5])


@run
async def test_files_added_and_removed_since_the_listing_are_shown_once_the_index_opens(
    write_corpus,
):
    """The first frame trusts the folder's listing; the index worker then finds what changed
    and the panes show the folder as it is."""
    root = harbour_folder(write_corpus, count=6)
    await listed(root)
    (root / "00.txt").unlink()
    (root / "99.txt").write_text(HARBOUR.format(n=99, middle=ON_TOPIC), encoding="utf-8")
    app = reader(root)
    async with app.run_test(size=WIDE) as pilot:
        first = sorted(article.path for article in app.reader.corpus.articles)
        assert first == [f"{n:02}.txt" for n in range(6)]  # as listed
        await ready(pilot)
        now = sorted(article.path for article in app.reader.corpus.articles)
        assert now == [f"{n:02}.txt" for n in range(1, 6)] + ["99.txt"]
        assert sorted(view.path for view in app.reader.views) == now
        await press(pilot, "1")  # Kursk: 01-04 and the new 99
        assert "6 sources · 5 with hits" in counts(app)


@run
async def test_without_an_index_the_folder_is_still_shown_as_it_is(write_corpus, monkeypatch):
    """The index cannot open: the folder is read again after the first frame all the same."""
    from tui.briefing import Briefing

    root = harbour_folder(write_corpus, count=3)
    await listed(root)
    (root / "99.txt").write_text(HARBOUR.format(n=99, middle=ON_TOPIC), encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Briefing, "open", fail)
    app = reader(root)
    async with app.run_test(size=WIDE) as pilot:
        assert len(app.reader.corpus.articles) == 3  # as listed
        assert await wait_for(pilot, lambda: app.reader._indexing == "search unavailable")
        await settle(pilot)
        paths = sorted(article.path for article in app.reader.corpus.articles)
        assert paths == ["00.txt", "01.txt", "02.txt", "99.txt"]
        assert "99.txt" in {view.path for view in app.reader.views}
