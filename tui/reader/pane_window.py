"""Which articles the panes show: a window over the views that follows the focus.

Only as many pane widgets exist as fit side by side (:class:`ReaderRow`); :class:`PaneWindow`
says which view each of them shows, which one has the focus, and where each view's cursor
lands after a new query. It holds no widgets: the reader binds its panes to the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from textual.message import Message

from tui.reader.article_view import ArticleView, Shared
from tui.reader.source_pane import PaneRow

if TYPE_CHECKING:
    from index.search.api import ArticleHits

SQUEEZE = 0.9  # panes may be this much narrower than reader.pane_width to fit one more
LAND_ROW = 2  # a new query shows the best passage this many rows below the pane top


class ReaderRow(PaneRow):
    """The row of panes; as many as fit, bound to a sliding window over the articles."""

    class Resized(Message):
        """The row changed size: fit as many panes as there is room for."""

    class Scrolled(Message):
        """The mouse scrolled the row sideways by ``delta`` panes."""

        def __init__(self, delta: int) -> None:
            super().__init__()
            self.delta = delta

    def on_resize(self) -> None:
        self.post_message(self.Resized())

    def on_mouse_scroll_right(self) -> None:
        self.post_message(self.Scrolled(1))

    def on_mouse_scroll_left(self) -> None:
        self.post_message(self.Scrolled(-1))


class PaneWindow:
    """The views in the order shown (hits first), the visible view in the leftmost pane
    (``first``) and the focused visible view (``current``).

    A new query's result touches only its views and the last result's (:meth:`show`); the
    visible views are listed once per order and set of hidden views: on 10,000 articles, a
    topic key costs what its ~3,000 hit views do (issue 16).
    """

    def __init__(self, views: Iterable[ArticleView] = ()) -> None:
        self.views = list(views)
        self.first = 0
        self.current = 0
        self.shared = Shared()  # whether a query is on, for every view
        for view in self.views:
            view.shared = self.shared
        self._listed = list(self.views)  # the corpus's order
        self._by_path = {view.path: view for view in self.views}
        self.ranked: list[ArticleView] | None = None
        """The views of the result shown, best first (None before :meth:`order`): the only
        ones with hits."""
        self._orders = 0  # bumped by each order
        self._visible: tuple[tuple[int, int], list[ArticleView]] | None = None

    @property
    def visible(self) -> list[ArticleView]:
        """The views not hidden (key x), in order (kept until the order or a view's hidden
        flag changes: read, never changed)."""
        key = (self._orders, self.shared.hidden_version)
        if self._visible is None or self._visible[0] != key:
            self._visible = (key, [view for view in self.views if not view.hidden])
        return self._visible[1]

    @property
    def hidden_count(self) -> int:
        return len(self.views) - len(self.visible)

    def _hit_views(self) -> list[ArticleView]:
        """The views that may have hits, in order: the result's once there is one."""
        return self.ranked if self.ranked is not None else self.views

    def with_hits(self) -> int:
        """How many views have hits."""
        return sum(1 for view in self._hit_views() if view.has_hits)

    @property
    def focused(self) -> ArticleView | None:
        visible = self.visible
        return visible[min(self.current, len(visible) - 1)] if visible else None

    def view_for(self, path: str) -> ArticleView | None:
        return self._by_path.get(path)

    def fitting(self, width: int, pane_width: int) -> int:
        """How many panes of about ``pane_width`` fit in ``width`` columns (at least one,
        at most one per visible view)."""
        fit = max(1, int(width // (pane_width * SQUEEZE)))
        return min(fit, len(self.visible))

    def show(self, groups: Mapping[str, ArticleHits], query_active: bool, topic: bool) -> None:
        """Give the views a new result's ``groups`` (path -> group, best first; none: no
        query, or nothing found) and put them first. Only the views of this result and of
        the last one are touched: the others have no group in either."""
        for view in self.ranked or ():
            if view.path not in groups:
                view.set_group(None)
        self.shared.show(query_active, topic)
        for path, group in groups.items():
            if (view := self._by_path.get(path)) is not None:
                view.set_group(group)
        self.order(groups)

    def order(self, ranked: Iterable[str]) -> None:
        """Views of the ``ranked`` paths first, in that order; then the others in the
        corpus's order (the window's at the start)."""
        first = [self._by_path[path] for path in ranked if path in self._by_path]
        chosen = set(first)
        self.views[:] = first + [view for view in self._listed if view not in chosen]
        self.ranked = first
        self._orders += 1

    def keep(self, paths: set[str]) -> None:
        """Keep only the views of ``paths`` (the others' articles turned out unreadable)."""
        self.views[:] = [view for view in self.views if view.path in paths]
        self._listed = [view for view in self._listed if view.path in paths]
        self._by_path = {view.path: view for view in self._listed}
        if self.ranked is not None:
            self.ranked = [view for view in self.ranked if view.path in paths]
        self._orders += 1

    def shown(self, count: int) -> list[ArticleView | None]:
        """What each of ``count`` panes shows, left to right, after sliding the window so
        that it holds the focused view (None: no view for that pane)."""
        visible = self.visible
        self.current = min(max(self.current, 0), max(len(visible) - 1, 0))
        if self.current < self.first:
            self.first = self.current
        elif self.current >= self.first + count:
            self.first = self.current - count + 1
        self.first = min(max(self.first, 0), max(len(visible) - count, 0))
        numbers = range(self.first, self.first + count)
        return [visible[number] if number < len(visible) else None for number in numbers]

    def shift(self, delta: int, count: int) -> None:
        """Scroll a window of ``count`` panes by ``delta`` (the focus stays inside it)."""
        visible = self.visible
        self.first = min(max(self.first + delta, 0), max(len(visible) - count, 0))
        self.current = min(max(self.current, self.first), self.first + count - 1)

    def focus(self, view: ArticleView) -> bool:
        """Focus ``view``, unhiding it; True if it was hidden (the panes must be fitted)."""
        unhidden = view.hidden
        view.hidden = False
        self.current = self.visible.index(view)
        return unhidden

    def label(self, count: int) -> str:
        """``‹ 4–6 of 9 ›`` when ``count`` panes show only some of the visible views."""
        visible = len(self.visible)
        if visible <= count:
            return ""
        return f"‹ {self.first + 1:,}–{min(self.first + count, visible):,} of {visible:,} ›"

    def land(self, text_width: int, align: bool) -> ArticleView | None:
        """After a new query: each cursor on its best hit, the best source focused and first
        in the window; the source it returns (None: no source has hits).

        That source shows its best passage ``LAND_ROW`` rows down (less when the passage is
        nearer the top, in panes ``text_width`` wide); the others, with ``align``, show
        theirs level with it.
        """
        views = self._hit_views()
        target = next((view for view in views if not view.hidden and view.hit_count), None)
        if target is None:
            return None
        best = target.best_hit()
        assert best is not None
        target.move_cursor(best)
        target.anchor = LAND_ROW
        row = LAND_ROW
        if text_width > 2:
            row = min(target.layout(text_width).first_row.get(best, 0), LAND_ROW)
        for view in views:
            best = view.best_hit()
            if best is not None and view is not target:
                view.move_cursor(best)
                view.anchor = row if align else None
        self.first = self.current = self.visible.index(target)
        return target

    def level_with(self, view: ArticleView, row: int) -> list[ArticleView]:
        """The other views' cursors on their best hit, ``row`` rows down like ``view``'s;
        the views moved."""
        moved = []
        for other in self._hit_views():
            best = other.best_hit()
            if other is view or best is None:
                continue
            other.move_cursor(best)
            other.anchor = row
            moved.append(other)
        return moved
