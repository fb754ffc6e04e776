"""The coverage matrix on screen: topics down, articles across, a cell cursor.

Drawn line by line (Textual's line API): the topic names stay on the left and the two
header rows (outlet, date) on top while the article columns scroll sideways under the
cursor, so fifty articles cost fifty short strings per row, not fifty widgets. Each cell
shows its count (``3+2``: two more in context) on a background as strong as
``Coverage.strength``; an empty cell a dim ``·``. Article labels and topic names are data:
they go into segments as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from index.compare.coverage import Coverage

COLUMN_WIDTH = 12  # cells of one article column, its gap included
NAME_WIDTH = (8, 24)  # the topic column: at least, at most
HEADER_ROWS = 3  # outlet, date, a rule
EMPTY = "·"
LEVELS = 4


def level(strength: float) -> int:
    """The shade (1..LEVELS) of a cell with ``0 < strength <= 1``; 0 for an empty cell."""
    if strength <= 0:
        return 0
    return min(int(strength * LEVELS), LEVELS - 1) + 1


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (with ``…`` when cut), padded with spaces."""
    if cell_len(text) > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


def centred(text: str, width: int) -> str:
    """``text`` in the middle of ``width`` cells (cut with ``…`` when longer)."""
    if cell_len(text) > width:
        return fit(text, width)
    left = (width - cell_len(text)) // 2
    return set_cell_size(" " * left + text, width)


class CoverageGrid(Widget, can_focus=True):
    """A topic x article grid with a cell cursor; enter posts :class:`Selected`."""

    BINDINGS: ClassVar = [
        Binding("left,h", "move(0, -1)", "previous article", show=False),
        Binding("right,l", "move(0, 1)", "next article", show=False),
        Binding("up,k", "move(-1, 0)", "previous topic", show=False),
        Binding("down,j", "move(1, 0)", "next topic", show=False),
        Binding("home,g", "edge(-1)", "first article", show=False),
        Binding("end,G", "edge(1)", "last article", show=False),
        Binding("pagedown", "page(1)", "page right", show=False),
        Binding("pageup", "page(-1)", "page left", show=False),
        Binding("enter", "select", "open", show=False),
    ]

    COMPONENT_CLASSES: ClassVar = {
        "coverage-grid--header",
        "coverage-grid--date",
        "coverage-grid--rule",
        "coverage-grid--topic",
        "coverage-grid--query",
        "coverage-grid--error",
        "coverage-grid--empty",
        "coverage-grid--cursor",
        "coverage-grid--current",
        *(f"coverage-grid--shade-{n}" for n in range(1, LEVELS + 1)),
    }

    DEFAULT_CSS = """
    CoverageGrid {
        height: auto;
        max-height: 1fr;
        & > .coverage-grid--header { text-style: bold; color: $accent; }
        & > .coverage-grid--date { color: $text-muted; }
        & > .coverage-grid--rule { color: $foreground 25%; }
        & > .coverage-grid--topic { text-style: bold; }
        & > .coverage-grid--query { text-style: bold italic; color: $text-warning; }
        & > .coverage-grid--error { color: $text-error; }
        & > .coverage-grid--empty { color: $text-disabled; }
        & > .coverage-grid--current { background: $primary 20%; }
        & > .coverage-grid--cursor { background: $primary; color: $text; text-style: bold; }
        & > .coverage-grid--shade-1 { background: $success 20%; color: auto 90%; }
        & > .coverage-grid--shade-2 { background: $success 42%; color: auto 90%; }
        & > .coverage-grid--shade-3 { background: $success 66%; color: auto 90%; }
        & > .coverage-grid--shade-4 { background: $success 92%; color: auto 90%; }
    }
    """

    class Moved(Message):
        """The cursor is on another cell."""

        def __init__(self, grid: CoverageGrid) -> None:
            super().__init__()
            self.grid = grid

    class Selected(Message):
        """Enter (or a click on the cursor's cell): open the reader on this cell."""

        def __init__(self, grid: CoverageGrid, row: int, column: int) -> None:
            super().__init__()
            self.grid, self.row, self.column = grid, row, column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.coverage: Coverage | None = None
        self.row = 0
        self.column = 0
        self.first_column = 0
        self.first_row = 0
        self._styles: dict[str, Style] = {}

    # -- content -----------------------------------------------------------------------------

    def set_coverage(self, coverage: Coverage, row: int = 0, column: int = 0) -> None:
        """Show ``coverage`` with the cursor on (``row``, ``column``)."""
        self.coverage = coverage
        self.row = min(max(row, 0), max(len(coverage.rows) - 1, 0))
        self.column = min(max(column, 0), max(len(coverage.columns) - 1, 0))
        self._follow()
        self.refresh(layout=True)
        self.post_message(self.Moved(self))

    @property
    def name_width(self) -> int:
        if self.coverage is None:
            return NAME_WIDTH[0]
        longest = max(
            (cell_len(self._row_name(n)) for n in range(len(self.coverage.rows))), default=0
        )
        return min(max(longest + 1, NAME_WIDTH[0]), NAME_WIDTH[1])

    def _row_name(self, number: int) -> str:
        assert self.coverage is not None
        row = self.coverage.rows[number]
        return f"/ {row.name}" if row.is_query else row.name

    def visible_columns(self) -> int:
        """How many article columns fit beside the topic names (at least one)."""
        width = self.size.width or self.app.size.width
        return max(1, (width - self.name_width) // COLUMN_WIDTH)

    def visible_rows(self) -> int:
        """Topic rows on screen (all of them until the grid has been given its height)."""
        height = self.size.height
        if height <= HEADER_ROWS:
            return len(self.coverage.rows) if self.coverage else 1
        return height - HEADER_ROWS

    def get_content_height(self, container, viewport, width: int) -> int:
        rows = len(self.coverage.rows) if self.coverage else 0
        return HEADER_ROWS + rows

    # -- the cursor ---------------------------------------------------------------------------

    def move_to(self, row: int, column: int) -> None:
        coverage = self.coverage
        if coverage is None or not coverage.rows or not coverage.columns:
            return
        row = min(max(row, 0), len(coverage.rows) - 1)
        column = min(max(column, 0), len(coverage.columns) - 1)
        if (row, column) == (self.row, self.column):
            return
        self.row, self.column = row, column
        self._follow()
        self.refresh()
        self.post_message(self.Moved(self))

    def _follow(self) -> None:
        """Scroll so that the cursor's cell is on screen."""
        count, rows = self.visible_columns(), self.visible_rows()
        if self.column < self.first_column:
            self.first_column = self.column
        elif self.column >= self.first_column + count:
            self.first_column = self.column - count + 1
        if self.row < self.first_row:
            self.first_row = self.row
        elif self.row >= self.first_row + rows:
            self.first_row = self.row - rows + 1
        total = len(self.coverage.columns) if self.coverage else 0
        self.first_column = min(self.first_column, max(total - count, 0))

    def action_move(self, rows: int, columns: int) -> None:
        self.move_to(self.row + rows, self.column + columns)

    def action_edge(self, direction: int) -> None:
        last = len(self.coverage.columns) - 1 if self.coverage else 0
        self.move_to(self.row, 0 if direction < 0 else last)

    def action_page(self, direction: int) -> None:
        """A screenful of articles to the right (left): the view and the cursor move."""
        count = self.visible_columns()
        total = len(self.coverage.columns) if self.coverage else 0
        self.first_column = min(
            max(self.first_column + direction * count, 0), max(total - count, 0)
        )
        self.refresh()
        self.move_to(self.row, self.column + direction * count)

    def action_select(self) -> None:
        if self.coverage is not None and self.coverage.rows and self.coverage.columns:
            self.post_message(self.Selected(self, self.row, self.column))

    def on_resize(self) -> None:
        self._follow()
        self.refresh()

    def _cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        if self.coverage is None or y < HEADER_ROWS or x < self.name_width:
            return None
        row = self.first_row + y - HEADER_ROWS
        column = self.first_column + (x - self.name_width) // COLUMN_WIDTH
        if row < len(self.coverage.rows) and column < len(self.coverage.columns):
            return row, column
        return None

    def on_click(self, event: events.Click) -> None:
        cell = self._cell_at(event.x, event.y)
        if cell is None:
            return
        if cell == (self.row, self.column):
            self.action_select()
        else:
            self.move_to(*cell)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.move_to(self.row, self.column + 1)
        event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.move_to(self.row, self.column - 1)
        event.stop()

    # -- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        if not self._styles:
            base = self.rich_style
            for component in self.COMPONENT_CLASSES:
                key = component.removeprefix("coverage-grid--")
                self._styles[key] = base + self.get_component_rich_style(component)
            self._styles["base"] = base
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        coverage = self.coverage
        if coverage is None or width <= 0:
            return Strip.blank(width, self._style("base"))
        if y < HEADER_ROWS:
            segments = self._header(y)
        else:
            row = self.first_row + y - HEADER_ROWS
            if row >= len(coverage.rows):
                return Strip.blank(width, self._style("base"))
            segments = self._row(row)
        return Strip(segments).adjust_cell_length(width, self._style("base"))

    def _columns(self) -> range:
        assert self.coverage is not None
        last = min(self.first_column + self.visible_columns(), len(self.coverage.columns))
        return range(self.first_column, last)

    def _header(self, y: int) -> list[Segment]:
        assert self.coverage is not None
        style, name_width = self._style, self.name_width
        inner = COLUMN_WIDTH - 1
        if y == HEADER_ROWS - 1:
            used = name_width + len(self._columns()) * COLUMN_WIDTH
            return [Segment("─" * used, style("rule"))]
        columns = self._columns()
        more_left, more_right = columns.start > 0, columns.stop < len(self.coverage.columns)
        corner = ""  # where the columns shown are: "‹ 12–23 ›" over "of 50"
        if more_left or more_right:
            corner = f"of {len(self.coverage.columns)}"
            if y == 0:
                left, right = "‹" if more_left else " ", "›" if more_right else " "
                corner = f"{left} {columns.start + 1}–{columns.stop} {right}"
        segments = [Segment(fit(corner, name_width), style("date"))]
        for column in columns:
            article = self.coverage.columns[column]
            text = article.label if y == 0 else (article.date or "undated")
            kind = "header" if y == 0 else "date"
            cell_style = style(kind)
            if column == self.column:
                cell_style += style("current")
            segments.append(Segment(centred(text, inner), cell_style))
            segments.append(Segment(" ", style("base")))
        return segments

    def _row(self, number: int) -> list[Segment]:
        coverage = self.coverage
        assert coverage is not None
        style = self._style
        row = coverage.rows[number]
        name_style = style("error" if row.error else "query" if row.is_query else "topic")
        if number == self.row:
            name_style += style("current")
        segments = [
            Segment(fit(self._row_name(number), self.name_width - 1), name_style),
            Segment(" ", style("base")),
        ]
        inner = COLUMN_WIDTH - 1
        for column in self._columns():
            cell = coverage.cell(number, column)
            count = cell.count
            if count:
                text = centred(cell.shown, inner)  # 3, or 3+2 with context hits
                cell_style = style(f"shade-{level(coverage.strength(number, column))}")
            else:
                text = centred("!" if row.error else EMPTY, inner)
                cell_style = style("error" if row.error else "empty")
            if (number, column) == (self.row, self.column):
                cell_style += style("cursor")
            elif number == self.row or column == self.column:
                cell_style += style("current") if not count else Style()
            segments.append(Segment(text, cell_style))
            segments.append(Segment(" ", style("base")))
        return segments
