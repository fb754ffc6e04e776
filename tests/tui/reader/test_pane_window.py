"""The window of views the panes show (no app): sliding with the focus, hiding, landing."""

from __future__ import annotations

from index.corpus.articles import article_from_text
from tui.reader.article_view import ArticleView, PaneHits
from tui.reader.pane_window import LAND_ROW, PaneWindow

PASSAGES = "\n\n".join(f"Passage {n} about the harbour crane and its repair." for n in range(8))


def window_of(count: int) -> PaneWindow:
    views = [
        ArticleView(article_from_text(f"{name}.txt", f"Title {name}\n\n{PASSAGES}", name))
        for name in "abcdefghij"[:count]
    ]
    return PaneWindow(views)


def paths(shown: list[ArticleView | None]) -> list[str | None]:
    return [view.path if view else None for view in shown]


def hit(view: ArticleView, *best_first: int) -> None:
    view.set_hits(PaneHits({n: [(0, 7)] for n in best_first}, list(best_first)), True)


def test_the_window_slides_to_hold_the_focused_view():
    window = window_of(6)
    assert paths(window.shown(3)) == ["a.txt", "b.txt", "c.txt"]
    window.current = 4
    assert paths(window.shown(3)) == ["c.txt", "d.txt", "e.txt"]
    assert window.label(3) == "‹ 3–5 of 6 ›"
    window.current = 1
    assert paths(window.shown(3)) == ["b.txt", "c.txt", "d.txt"]
    assert window.focused is window.views[1]


def test_more_panes_than_views_leave_the_last_empty_and_no_label():
    window = window_of(2)
    assert paths(window.shown(3)) == ["a.txt", "b.txt", None]
    assert window.label(3) == ""


def test_the_label_of_an_archive_groups_its_thousands():
    article = article_from_text("a.txt", f"Title\n\n{PASSAGES}", "a")
    window = PaneWindow(ArticleView(article) for _ in range(12_000))
    window.current = 10_500
    window.shown(4)
    assert window.label(4) == "‹ 10,498–10,501 of 12,000 ›"


def test_shift_keeps_the_focus_inside_the_window():
    window = window_of(6)
    window.shown(2)
    window.shift(3, 2)
    assert (window.first, window.current) == (3, 3)
    window.shift(10, 2)  # never past the end
    assert (window.first, window.current) == (4, 4)
    window.shift(-1, 2)
    assert (window.first, window.current) == (3, 4)


def test_hidden_views_are_skipped_and_focusing_one_unhides_it():
    window = window_of(4)
    window.views[1].hidden = True
    assert paths(window.shown(4)) == ["a.txt", "c.txt", "d.txt", None]
    assert window.fitting(width=400, pane_width=40) == 3  # one pane per visible view at most
    assert window.focus(window.views[1]) is True
    assert window.focused is window.views[1]
    assert window.focus(window.views[3]) is False


def test_fitting_squeezes_one_more_pane_in():
    window = window_of(6)
    assert window.fitting(width=120, pane_width=40) == 3
    assert window.fitting(width=110, pane_width=40) == 3  # 110 // 36
    assert window.fitting(width=100, pane_width=40) == 2
    assert window.fitting(width=10, pane_width=40) == 1


def test_land_focuses_the_best_source_and_levels_the_others():
    window = window_of(4)
    hit(window.views[2], 5, 3)
    hit(window.views[3], 6)
    landed = window.land(text_width=0, align=True)
    assert landed is window.views[2]
    assert (window.first, window.current) == (2, 2)
    assert (landed.cursor, landed.anchor) == (5, LAND_ROW)
    other = window.views[3]
    assert (other.cursor, other.anchor) == (6, LAND_ROW)


def test_land_without_aligning_leaves_the_other_panes_where_they_scroll():
    window = window_of(3)
    hit(window.views[0], 1)
    hit(window.views[1], 4)
    window.land(text_width=0, align=False)
    assert (window.views[1].cursor, window.views[1].anchor) == (4, None)


def test_land_finds_nothing_without_hits():
    window = window_of(3)
    window.current = 2
    assert window.land(text_width=40, align=True) is None
    assert window.current == 2


def test_level_with_moves_every_other_view_with_hits():
    window = window_of(3)
    hit(window.views[0], 2)
    hit(window.views[2], 7)
    moved = window.level_with(window.views[0], 5)
    assert moved == [window.views[2]]
    assert (window.views[2].cursor, window.views[2].anchor) == (7, 5)
    assert window.views[0].anchor != 5


def test_order_puts_ranked_views_first_then_the_rest_as_listed():
    window = window_of(5)
    window.order(["d.txt", "b.txt"])
    assert [view.path for view in window.views] == ["d.txt", "b.txt", "a.txt", "c.txt", "e.txt"]
    window.order(["e.txt"])  # the others back in the corpus's order
    assert [view.path for view in window.views] == ["e.txt", "a.txt", "b.txt", "c.txt", "d.txt"]
