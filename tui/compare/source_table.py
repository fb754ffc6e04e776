"""The sources list's table: one line per article, drawn on demand (Textual's line API).

Only the lines on screen are drawn, and filtering or sorting only reorders a list of row
numbers, so ten thousand articles cost no more per key than ten (Textual's DataTable takes
seconds to fill with that many rows). Article text is data: it goes into segments as it is.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.corpus.articles import Article
from index.corpus.textclean import one_line
from tui.reader.wrap import display_text

OUTLET_WIDTH, DATE_WIDTH, HITS_WIDTH, MARK_WIDTH = 22, 10, 10, 2  # the outlet: at most
HIDDEN_MARK = "⊘"


class SourceRow(NamedTuple):
    """What the table shows of one article, and what the filter looks in."""

    path: str
    outlet: str
    date: str  # YYYY-MM-DD, "" when unknown
    title: str
    hits: int  # direct hits on the current topic or query
    context: int  # context hits
    haystack: str  # outlet, title, file and date, casefolded


def source_row(article: Article, hits: int = 0, context: int = 0) -> SourceRow:
    outlet = display_text(one_line(article.source or article.label))
    title = display_text(one_line(article.heading))
    date = article.date or ""
    haystack = " ".join((outlet, title, article.path, date)).casefold()
    return SourceRow(article.path, outlet, date, title, hits, context, haystack)


def hits_cell(row: SourceRow, query_active: bool) -> str:
    """``3``, ``3 +2`` (two more in context), or ``·`` with none; empty without a query."""
    if not query_active:
        return ""
    if not row.hits and not row.context:
        return "·"
    return f"{row.hits} +{row.context}" if row.context else str(row.hits)


def header_line(width: int, query_active: bool) -> str:
    hits = "hits +ctx" if query_active else ""
    return _cells("", "outlet", "date", hits, "title", width)


def _cells(mark: str, outlet: str, date: str, hits: str, title: str, width: int) -> str:
    """One line of the table ``width`` cells wide; the outlet column narrows on a small
    terminal (a quarter of it), the title takes the rest."""
    outlet_width = max(min(OUTLET_WIDTH, width // 4), 8)
    title_width = max(width - MARK_WIDTH - outlet_width - DATE_WIDTH - HITS_WIDTH - 3, 0)
    return (
        set_cell_size(mark, MARK_WIDTH)
        + set_cell_size(outlet, outlet_width)
        + " "
        + set_cell_size(date, DATE_WIDTH)
        + " "
        + hits.rjust(HITS_WIDTH - 1)[: HITS_WIDTH - 1]
        + "  "
        + set_cell_size(title, title_width)
    )


class SourceTable(ScrollView, can_focus=True):
    """Rows of :class:`SourceRow`, the shown ones in ``order``; a cursor over them."""

    BINDINGS: ClassVar = [
        Binding("down,j", "move(1)", "down", show=False),
        Binding("up,k", "move(-1)", "up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("home,g", "ends(-1)", "first", show=False),
        Binding("end,G", "ends(1)", "last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar = {
        "source-table--cursor",
        "source-table--hidden",
        "source-table--silent",
    }

    DEFAULT_CSS = """
    SourceTable {
        height: 1fr;
        overflow-x: hidden;
        & > .source-table--cursor { background: $primary 35%; }
        & > .source-table--hidden { color: $text-disabled; text-style: strike; }
        & > .source-table--silent { color: $text-muted; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to the row for ``path``."""

        def __init__(self, path: str | None) -> None:
            super().__init__()
            self.path = path

    class Chosen(Message):
        """A row was clicked twice, or enter pressed on it (the screen binds enter)."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[SourceRow] = []
        self.order: list[int] = []  # the rows shown, in the order shown
        self.hidden: set[str] = set()  # paths of hidden panes, drawn struck through
        self.query_active = False
        self.cursor = 0  # index into ``order``

    # -- what is shown ---------------------------------------------------------------------------

    def show(self, rows: list[SourceRow], order: list[int], keep: str | None = None) -> None:
        """Show ``rows[i]`` for each ``i`` in ``order``; the cursor stays on ``keep`` (a
        path) when it is still shown, else goes to the first row."""
        self.rows, self.order = rows, order
        positions = {rows[i].path: n for n, i in enumerate(order)} if keep else {}
        self.cursor = positions.get(keep, 0) if keep else 0
        self.virtual_size = Size(self.size.width, len(order))
        self._cursor_changed()

    @property
    def current(self) -> SourceRow | None:
        return self.rows[self.order[self.cursor]] if self.order else None

    def redraw(self) -> None:
        self.refresh()

    # -- the cursor --------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_page(self, delta: int) -> None:
        self.move_to(self.cursor + delta * max(self.size.height - 1, 1))

    def action_ends(self, end: int) -> None:
        self.move_to(len(self.order) - 1 if end > 0 else 0)

    def move_to(self, index: int) -> None:
        if self.order:
            self.cursor = min(max(index, 0), len(self.order) - 1)
            self._cursor_changed()

    def _cursor_changed(self) -> None:
        height = max(self.size.height, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)
        self.refresh()
        current = self.current
        self.post_message(self.Highlighted(current.path if current else None))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self.order):
            if index == self.cursor and event.chain >= 2:
                self.post_message(self.Chosen(self.rows[self.order[index]].path))
            self.move_to(index)

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.size.width
        base = self.rich_style
        if index >= len(self.order):
            return Strip.blank(width, base)
        row = self.rows[self.order[index]]
        hidden = row.path in self.hidden
        style = base
        if hidden:
            style += self._component("source-table--hidden")
        elif self.query_active and not (row.hits or row.context):
            style += self._component("source-table--silent")
        if index == self.cursor:
            style += self._component("source-table--cursor")
        mark = HIDDEN_MARK if hidden else ""
        text = _cells(
            mark, row.outlet, row.date, hits_cell(row, self.query_active), row.title, width
        )
        return Strip([Segment(text, style)], width).crop_extend(0, width, style)

    def _component(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)
