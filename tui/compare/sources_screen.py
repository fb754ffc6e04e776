"""``S``: every article of the briefing in a list, to find one among fifty or ten thousand.

Each row is an article's outlet, date, hits on the current topic or query (and context
hits) and title. ``s`` sorts by hits, date or outlet; ``/`` filters as you type (every word
must be in the outlet, title, file name or date); ``enter`` goes to the article's pane;
``space`` hides or shows it. The table draws only the rows on screen
(:class:`~tui.compare.source_table.SourceTable`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from weakref import WeakKeyDictionary

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from index.search.hit_kinds import CONTEXT
from tui.compare.source_table import SourceRow, SourceTable, header_line, source_row

if TYPE_CHECKING:
    from tui.reader.article_view import ArticleView
    from tui.reader.reader_api import Reader

SORTS = ("hits", "date", "outlet")


_ROWS: WeakKeyDictionary[ArticleView, SourceRow] = WeakKeyDictionary()


def view_row(view: ArticleView) -> SourceRow:
    """The row of ``view`` with its hits now (the text of the row is made once per view,
    and kept while its hits do not change: ten thousand take a second to make)."""
    row = _ROWS.get(view)
    if row is None:
        row = _ROWS[view] = source_row(view.article)
    hits = view.hit_count
    kinds = view.hits.kinds
    context = sum(kind == CONTEXT for kind in kinds.values()) if kinds else 0
    if row.hits != hits - context or row.context != context:
        row = _ROWS[view] = row._replace(hits=hits - context, context=context)
    return row


def sort_order(rows: list[SourceRow], sort: str) -> list[int]:
    """Row numbers by ``sort``: most hits first, oldest first (undated last), or outlet A-Z.
    Ties keep the reader's order (the rows come in it)."""
    if sort == "hits":
        keys = [(-row.hits, -row.context) for row in rows]
    elif sort == "date":
        keys = [(not row.date, row.date) for row in rows]
    else:
        keys = [(row.outlet.casefold(), row.date) for row in rows]
    return sorted(range(len(rows)), key=keys.__getitem__)


def matching(rows: list[SourceRow], order: list[int], text: str) -> list[int]:
    """The rows of ``order`` whose outlet, title, file or date hold every word of ``text``."""
    words = text.casefold().split()
    if not words:
        return order
    return [i for i in order if all(word in rows[i].haystack for word in words)]


class SourcesScreen(Screen[str | None]):
    """Every article; dismissed with the path to go to, or None."""

    BINDINGS: ClassVar = [
        Binding("escape,q,S", "dismiss(None)", "close", id="sources.close"),
        Binding("enter", "choose", "go to the pane", id="sources.go"),
        Binding("space", "toggle_hidden", "hide or show", id="sources.toggle"),
        Binding("s", "sort", "sort", id="sources.sort"),
        Binding("slash", "filter", "filter", id="sources.filter"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    DEFAULT_CSS = """
    SourcesScreen {
        layout: vertical;
        & > #sources-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #sources-filter { height: 1; border: none; padding: 0 1; margin: 0 1 1 1; }
        & > #sources-header { height: 1; padding: 0 1; color: $text-muted; text-style: bold; }
        & > SourceTable { padding: 0 1; }
        & > #sources-status { height: 1; padding: 0 1; color: $text-muted; }
        & > #sources-keys {
            dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        }
    }
    """

    def __init__(self, reader: Reader) -> None:
        super().__init__()
        self.reader = reader
        self.sort = "hits"
        self.rows: list[SourceRow] = []
        self.orders: dict[str, list[int]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="sources-title")
        yield Input(placeholder="/ filter: outlet, title, file or date", id="sources-filter")
        yield Static(id="sources-header")
        yield SourceTable(id="sources-table")
        yield Static(id="sources-status")
        yield Static(_keys(), id="sources-keys")

    def listed(self) -> list[ArticleView]:
        """The articles in the list: all of them."""
        return self.reader.views

    def on_mount(self) -> None:
        reader = self.reader
        self.views = {view.path: view for view in reader.views}
        self.rows = [view_row(view) for view in self.listed()]
        table = self.query_one(SourceTable)
        table.query_active = any(view.query_active for view in reader.views)
        table.hidden = {view.path for view in reader.views if view.hidden}
        focused = reader.focused_view
        self._show(keep=focused.path if focused else None)
        table.focus()

    @property
    def table(self) -> SourceTable:
        return self.query_one(SourceTable)

    def _show(self, keep: str | None = None) -> None:
        table = self.table
        text = self.query_one("#sources-filter", Input).value
        if self.sort not in self.orders:  # each sort worked out when first asked for
            self.orders[self.sort] = sort_order(self.rows, self.sort)
        order = matching(self.rows, self.orders[self.sort], text)
        table.show(self.rows, order, keep)
        self._title(len(order))
        self._header()

    def _header(self) -> None:
        """The column names, over the table's columns (which narrow with the terminal)."""
        table = self.table
        width = table.size.width or self.app.size.width - 2
        self.query_one("#sources-header", Static).update(
            Content(header_line(width, table.query_active))
        )

    def _title(self, shown: int) -> None:
        self.query_one("#sources-title", Static).update(
            Content(" · ".join(self.title_parts(shown)))
        )

    def title_parts(self, shown: int) -> list[str]:
        """The parts of the top line, ``shown`` rows passing the filter."""
        total = len(self.rows)
        parts = [f"Sources: {total} article{'s' if total != 1 else ''}"]
        if shown != total:
            parts.append(f"{shown} shown")
        topic = self.topic_name()
        parts.append(f"hits on {topic}" if topic else "no topic or query")
        hidden = len(self.table.hidden)
        if hidden:
            parts.append(f"{hidden} hidden")
        parts.append(f"sorted by {self.sort}")
        return parts

    def topic_name(self) -> str:
        """The topic shown in the reader (its name), or the query typed; "" for none."""
        reader, query = self.reader, self.reader.query_text
        return next((t.name for t in reader.config.topics if t.query == query), query)

    def say(self, text: str) -> None:
        self.query_one("#sources-status", Static).update(Content(text))

    def on_resize(self) -> None:
        self.call_after_refresh(self._header)

    # -- keys ----------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        current = self.table.current
        self._show(keep=current.path if current else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_choose()

    def on_source_table_chosen(self, message: SourceTable.Chosen) -> None:
        self.dismiss(message.path)

    def action_choose(self) -> None:
        current = self.table.current
        if current is None:
            self.say("no article matches the filter")
            return
        self.dismiss(current.path)

    def action_move(self, delta: int) -> None:
        self.table.action_move(delta)

    def action_page(self, delta: int) -> None:
        self.table.action_page(delta)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        current = self.table.current
        self._show(keep=current.path if current else None)

    def action_filter(self) -> None:
        self.query_one("#sources-filter", Input).focus()

    def action_toggle_hidden(self) -> None:
        current = self.table.current
        if current is None:
            return
        view = self.views[current.path]
        hidden = self.table.hidden
        if not view.hidden and len(hidden) + 1 >= len(self.views):
            self.say("the last pane stays")
            return
        view.hidden = not view.hidden
        hidden.symmetric_difference_update({view.path})
        self.say(f"{'hid' if view.hidden else 'showing'} {current.outlet}")
        self.table.redraw()
        self._title(len(self.table.order))


def _keys() -> Content:
    parts = [
        ("↑↓ jk", "move"),
        ("enter", "go to the pane"),
        ("space", "hide/show"),
        ("s", "sort: hits, date, outlet"),
        ("/", "filter"),
        ("escape", "close"),
    ]
    return Content.assemble(
        *[
            piece
            for key, what in parts
            for piece in ((f" {key}", "bold $footer-key-foreground"), f" {what} ")
        ]
    )


async def sources_closed(reader: Reader, focused: ArticleView | None, path: str | None) -> None:
    """Back from the list: panes hidden or shown there are fitted again, and the article
    chosen (or else the one focused before, if still shown) has the focus."""
    view = reader.view_for(path) if path else focused
    await reader.fit_panes()
    if view is not None and (path is not None or not view.hidden):
        reader.focus_view(view)  # unhides a hidden article chosen with enter
