"""``c``: the coverage matrix, who says how much on each topic (and the current query).

The matrix is computed in a thread worker (one Whoosh search per row, counted per article
by :func:`index.compare.coverage.coverage`); the cell under the cursor is described under the grid
with its best passage. Enter dismisses the screen with a :class:`Jump` to that passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from tui.compare.coverage_grid import CoverageGrid
from tui.compare.jump import Jump, heading

if TYPE_CHECKING:
    from index.compare.coverage import Coverage
    from tui.briefing import Briefing
    from tui.reader.reader_api import Reader

EXCERPT = 240  # characters of the best passage shown under the grid
COLUMN_ORDERS = {  # o cycles through them
    "date": "date, then outlet",
    "outlet": "outlet, then date",
    "count": "count on the cursor's topic",
}


def reordered(matrix: Coverage, order: str, row: int = 0) -> Coverage:
    """``matrix`` with its article columns in ``order`` (a key of ``COLUMN_ORDERS``;
    ``count``: most passages on ``row`` first)."""
    from index.compare.coverage import Coverage

    columns = matrix.columns

    def by_date(i: int) -> tuple:
        article = columns[i]
        return (article.date is None, article.date or "", article.label.casefold(), article.path)

    if order == "outlet":
        index = sorted(range(len(columns)), key=lambda i: (columns[i].label.casefold(), by_date(i)))
    elif order == "count":
        index = sorted(range(len(columns)), key=lambda i: (-matrix.cell(row, i).count, by_date(i)))
    else:
        index = sorted(range(len(columns)), key=by_date)
    cells = [[row_cells[i] for i in index] for row_cells in matrix.cells]
    return Coverage(matrix.rows, [columns[i] for i in index], cells)


class CoverageReady(Message):
    def __init__(self, coverage: Coverage, note: str) -> None:
        super().__init__()
        self.coverage, self.note = coverage, note


class CoverageScreen(Screen[Jump | None]):
    """Topics by articles; arrows or h/j/k/l move, enter opens the reader, escape closes."""

    BINDINGS: ClassVar = [
        Binding("escape,q,c", "dismiss(None)", "close", id="coverage.close"),
        Binding("b", "bookmark", "bookmark the cell's best passage", id="coverage.bookmark"),
        Binding("w", "save", "save the matrix as Markdown or CSV", id="coverage.save"),
        Binding("o", "order", "order the articles by date, outlet or count", id="coverage.order"),
    ]

    DEFAULT_CSS = """
    CoverageScreen {
        layout: vertical;
        & > #coverage-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #coverage-status { height: auto; padding: 0 1; color: $text-muted; }
        & > CoverageGrid { margin: 1 1 0 1; }
        & > #coverage-cell {
            height: 1fr; margin: 1 1 0 1; padding: 0 1;
            border-top: solid $foreground 20%;
        }
        & > #coverage-keys {
            dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        }
    }
    """

    def __init__(
        self,
        reader: Reader,
        briefing: Briefing,
        query: str,
        path: str | None,
        topics_matrix: Coverage | None = None,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.briefing = briefing
        self.topics_matrix = topics_matrix  # worked out beforehand, if it was
        self.reader_query = query
        self.path = path  # the focused article: the cursor starts on its column
        self.order = "date"
        self.note = ""

    def compose(self) -> ComposeResult:
        yield Static(
            Content("Coverage: how many passages of each article match each topic"),
            id="coverage-title",
        )
        yield Static(Content("computing the matrix…"), id="coverage-status")
        yield CoverageGrid(id="coverage-grid")
        yield Static(Content(""), id="coverage-cell")
        yield Static(
            Content.assemble(
                (" ←→↑↓ hjkl", "bold $footer-key-foreground"),
                " move  ",
                ("enter", "bold $footer-key-foreground"),
                " open in the reader  ",
                ("o", "bold $footer-key-foreground"),
                " order  ",
                ("b", "bold $footer-key-foreground"),
                " bookmark its best passage  ",
                ("w", "bold $footer-key-foreground"),
                " save (.md, .csv)  ",
                ("escape", "bold $footer-key-foreground"),
                " close",
            ),
            id="coverage-keys",
        )

    def on_mount(self) -> None:
        self.query_one(CoverageGrid).focus()
        topics = {topic.query for topic in self.briefing.searcher.topics}
        query = self.reader_query
        extra = query if query and query not in topics else None
        expand = self.reader.expansion  # turned on or off by key: every row counts that way
        if self.topics_matrix is not None and extra is None and expand is None:
            self.on_coverage_ready(CoverageReady(self.topics_matrix, ""))
        else:
            self._compute(extra, expand)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _compute(self, extra: str | None, expand: bool | None = None) -> None:
        """The matrix (only the query's row, when the topics' one was worked out before)."""
        from index.compare.coverage import Coverage, coverage
        from index.search.syntax import QueryError

        searcher, matrix = self.briefing.searcher, self.topics_matrix
        matrix = matrix if expand is None else None  # worked out as each topic says
        note = ""
        try:
            if matrix is None:
                matrix = coverage(searcher, extra_query=extra, expand=expand)
            elif extra is not None:
                row = coverage(searcher, topics=[], extra_query=extra)
                if [a.path for a in row.columns] == [a.path for a in matrix.columns]:
                    matrix = Coverage(
                        matrix.rows + row.rows, matrix.columns, matrix.cells + row.cells
                    )
                else:  # the index changed in between: all again
                    matrix = coverage(searcher, extra_query=extra)
        except QueryError as error:
            note = f"the current query is left out: {error}"
            matrix = matrix or coverage(searcher, expand=expand)
        self.post_message(CoverageReady(matrix, note))

    def on_coverage_ready(self, message: CoverageReady) -> None:
        matrix = message.coverage
        rows = [row.query for row in matrix.rows]
        start_row = rows.index(self.reader_query) if self.reader_query in rows else 0
        paths = [article.path for article in matrix.columns]
        start_column = paths.index(self.path) if self.path in paths else 0
        self.note = message.note
        self._show_status(matrix)
        self.query_one(CoverageGrid).set_coverage(matrix, start_row, start_column)

    def _show_status(self, matrix: Coverage) -> None:
        status = self.query_one("#coverage-status", Static)
        if not matrix.rows or not matrix.columns:
            what = "no topics in config.yaml and no query" if not matrix.rows else "no articles"
            status.update(Content(f"Nothing to show: {what}."))
            return
        parts = [
            f"{len(matrix.rows)} topic{'s' if len(matrix.rows) != 1 else ''}",
            f"{len(matrix.columns)} article{'s' if len(matrix.columns) != 1 else ''}"
            f" by {COLUMN_ORDERS[self.order]}",
            "a dim · is nothing on the topic",
        ]
        if self.note:
            parts.append(self.note)
        status.update(Content(" · ".join(parts)))

    def on_coverage_grid_moved(self, message: CoverageGrid.Moved) -> None:
        self.query_one("#coverage-cell", Static).update(self.describe(message.grid))

    def describe(self, grid: CoverageGrid) -> Content:
        """The cell under the cursor: article, topic, count, and the best passage."""
        matrix = grid.coverage
        if matrix is None or not matrix.rows or not matrix.columns:
            return Content("")
        row, article = matrix.rows[grid.row], matrix.columns[grid.column]
        cell = matrix.cell(grid.row, grid.column)
        lines = [
            Content.assemble((heading(article), "bold"), " · ", Content(article.heading)),
        ]
        name = f"query {row.name!r}" if row.is_query else f"topic {row.name}"
        if row.error:
            lines.append(Content.styled(f"{name} cannot run: {row.error}", "$text-error"))
        elif not cell.count:
            lines.append(Content(f"Nothing on {name} in this article."))
        else:
            passages = f"{cell.count} passage{'s' if cell.count != 1 else ''}"
            if cell.context:  # as the reader counts them: "1 passage + 2 in context"
                passages += f" + {cell.context} in context"
            assert cell.best is not None
            lines.append(Content(f"{passages} on {name}; the best, ¶{cell.best + 1}:"))
            text = self._passage_text(article.path, cell.best)
            if text:
                shown = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"
                lines.append(Content.styled(shown, "italic"))
        return Content("\n").join(lines)

    def _passage_text(self, path: str, number: int) -> str | None:
        view = self.reader.view_for(path)
        if view is None or not 0 <= number < len(view.article.passages):
            return None
        return view.article.passages[number].text

    def action_order(self) -> None:
        """The articles by date, by outlet, or by their count on the cursor's topic."""
        grid = self.query_one(CoverageGrid)
        matrix = grid.coverage
        if matrix is None or not matrix.columns:
            return
        orders = list(COLUMN_ORDERS)
        self.order = orders[(orders.index(self.order) + 1) % len(orders)]
        path = matrix.columns[grid.column].path
        matrix = reordered(matrix, self.order, grid.row)
        grid.set_coverage(matrix, grid.row, [a.path for a in matrix.columns].index(path))
        self._show_status(matrix)

    def action_save(self) -> None:
        from tui.compare.save_dialog import ask_and_save
        from tui.compare.view_export import coverage_table

        matrix = self.query_one(CoverageGrid).coverage
        table = coverage_table(matrix) if matrix is not None else None
        ask_and_save(self, table, "coverage", self._say)

    def action_bookmark(self) -> None:
        from tui.compare.save_dialog import bookmark_passage

        grid = self.query_one(CoverageGrid)
        matrix = grid.coverage
        if matrix is None or not matrix.rows or not matrix.columns:
            return
        row, cell = matrix.rows[grid.row], matrix.cell(grid.row, grid.column)
        path = matrix.columns[grid.column].path
        self._say(bookmark_passage(self.reader, path, cell.best, row.query))

    def _say(self, text: str) -> None:
        self.notify(text, markup=False)

    def on_coverage_grid_selected(self, message: CoverageGrid.Selected) -> None:
        matrix = message.grid.coverage
        assert matrix is not None
        row = matrix.rows[message.row]
        if row.error:
            self.notify(row.error, title=row.name, severity="error", markup=False)
            return
        cell = matrix.cell(message.row, message.column)
        self.dismiss(Jump(matrix.columns[message.column].path, cell.best, row.query))
