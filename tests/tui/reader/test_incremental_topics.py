"""A new topic touches only the views of its result and of the last one, and makes pane hits
only for the views drawn; the reader then shows what a fresh one would for that topic."""

from __future__ import annotations

from types import SimpleNamespace

from index.corpus.articles import article_from_text
from tests.pilot import WIDE, counts, press, reader, ready, run, shown_text
from tui.reader.article_view import NO_HITS, NO_QUERY_HITS, NOTICE, ArticleView
from tui.reader.pane_window import PaneWindow

GAZETTE = (
    "Lakeside Gazette\n\n"
    "Ferry timetable {n} changes in spring\n\n"
    "The ferry from pier {n} will sail twice a day from April, the operator said.\n\n"
    "{middle}\n\n"
    "Tickets go on sale at the harbour office next week.\n"
)
KURSK = "Officials in Kursk said the border crossing stayed shut overnight."
BOTH = "Kursk officials and the nuclear plant staff met to compare shelters."
PLANT = "Engineers at the nuclear plant near Enerhodar restored a backup line."
NEITHER = "A choir sang at the reopening of the covered market hall."
COUNT = 30
ON_KURSK = {f"{n:02}.txt" for n in range(12)}  # topic 1
ON_PLANT = {f"{n:02}.txt" for n in range(8, 20)}  # topic 2; the last ten have neither


def gazette(write_corpus):
    middles = [KURSK] * 8 + [BOTH] * 4 + [PLANT] * 8 + [NEITHER] * (COUNT - 20)
    return write_corpus(
        {f"{n:02}.txt": GAZETTE.format(n=n, middle=text) for n, text in enumerate(middles)}
    )


def seen(app) -> tuple[list[str], str, list[list[str]]]:
    """What the reader shows: the views' order, the count line, each pane's text."""
    screen = app.reader
    return [view.path for view in screen.views], counts(app), [shown_text(p) for p in screen.panes]


@run
async def test_a_second_topic_touches_only_both_results_views_and_shows_as_a_fresh_reader(
    write_corpus, monkeypatch
):
    root = gazette(write_corpus)
    touched: list[str] = []
    set_group = ArticleView.set_group

    def recording(view: ArticleView, group) -> None:
        touched.append(view.path)
        set_group(view, group)

    monkeypatch.setattr(ArticleView, "set_group", recording)
    async with reader(root).run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = pilot.app.reader
        await press(pilot, "1")
        assert {group.article.path for group in screen.result.articles} == ON_KURSK
        touched.clear()
        await press(pilot, "2")
        ranked = [group.article.path for group in screen.result.articles]
        assert set(ranked) == ON_PLANT
        assert sorted(touched) == sorted(ON_KURSK | ON_PLANT)  # not the ten with neither
        rest = [article.path for article in screen.corpus.articles if article.path not in ranked]
        assert [view.path for view in screen.views] == ranked + rest
        assert f"{COUNT} sources · {len(ON_PLANT)} with hits · " in counts(pilot.app)
        assert all(view.query_active and view.notice == NO_HITS for view in screen.views)
        after_two = seen(pilot.app)
        touched.clear()
        await press(pilot, "0")
        assert sorted(touched) == sorted(ON_PLANT)
        assert "with hits" not in counts(pilot.app)
        assert not any(view.query_active or view.hit_count for view in screen.views)

    async with reader(root).run_test(size=WIDE) as pilot:  # fresh: topic 2 at once
        await ready(pilot)
        await press(pilot, "2")
        assert seen(pilot.app) == after_two


@run
async def test_a_topic_on_a_first_launch_makes_pane_hits_only_for_the_views_drawn(write_corpus):
    root = gazette(write_corpus)  # never listed: the reader reads every file in full
    async with reader(root).run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        screen = pilot.app.reader
        assert all(view.article.loaded for view in screen.views)
        with_hits = screen.views[: len(ON_KURSK)]
        drawn = {pane.view.path for pane in screen.panes if pane.view is not None}
        assert {view.path for view in with_hits if view.hits_made} == drawn
        waiting = with_hits[-1]
        assert waiting.path not in drawn and (waiting.best_hit(), waiting.cursor) == (3, 3)
        assert f"{COUNT} sources · {len(ON_KURSK)} with hits" in counts(pilot.app)


def notice(view: ArticleView) -> list[str]:
    return [view.row_text(row) for row in view.layout(40).rows if row.kind == NOTICE]


def test_a_view_outside_both_results_follows_the_query_shown_without_a_group():
    text = "Ferry news\n\nThe pier reopened.\n\nThe harbour office moved."
    views = [ArticleView(article_from_text(f"{n}.txt", text, "Gazette")) for n in range(2)]
    window = PaneWindow(views)
    hit = SimpleNamespace(passage=1, text="The pier reopened.", kind="match")
    quiet = views[1]
    assert notice(quiet) == []
    window.show({"0.txt": SimpleNamespace(hits=[hit])}, True, True)
    assert notice(quiet) == [NO_HITS] and views[0].hit_count == 1
    window.show({}, True, False)  # a query typed, with nothing found
    assert notice(quiet) == [NO_QUERY_HITS] and views[0].hit_count == 0
    window.show({}, False, True)  # cleared
    assert notice(quiet) == []


def test_the_visible_views_are_listed_once_until_the_order_or_a_hidden_flag_changes():
    views = [ArticleView(article_from_text(f"{n}.txt", "Title\n\nText.", "G")) for n in "abcd"]
    window = PaneWindow(views)
    visible = window.visible
    assert window.visible is visible
    views[1].hidden = True
    assert [view.path for view in window.visible] == ["a.txt", "c.txt", "d.txt"]
    assert window.hidden_count == 1
    window.order(["d.txt", "b.txt"])
    assert [view.path for view in window.visible] == ["d.txt", "a.txt", "c.txt"]
    views[1].hidden = False
    assert [view.path for view in window.visible] == ["d.txt", "b.txt", "a.txt", "c.txt"]
