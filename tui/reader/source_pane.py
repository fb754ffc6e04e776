"""A pane on screen: draws the article view it is bound to, line by line.

Only as many panes exist as fit side by side; the app binds each to an
:class:`~tui.reader.article_view.ArticleView`. Rows are rendered on demand for the lines
on screen (Textual's line API, toolong's approach) and cached until something changes.
Article text is data: it goes into segments as it is, never through markup. The panes sit
in a :class:`PaneRow`, which holds the styles they draw with.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from index.search.hit_kinds import CONTEXT as CONTEXT_KIND
from index.search.hit_kinds import EXPANSION, MATCH
from tui.reader.article_view import (
    BLANK,
    CONTEXT,
    GAP,
    NOTICE,
    TEXT,
    TITLE,
    ArticleView,
    Layout,
    Row,
)
from tui.reader.position import position_label

GUTTER = 2  # columns left of the text: the hit bar and a space
BOOKMARK_MARKS = {"saved": "★", "pending": "☆"}  # on a kept passage's first row
Pair = tuple[int, int]  # start and end offsets into a passage's text


class PaneRow(Horizontal):
    """The row the panes sit in. It holds the styles they draw rows with (its component
    classes), so Textual works them out once for the row, not for every pane and every
    change of focus (~20 ms of the first frame with four panes)."""

    COMPONENT_CLASSES: ClassVar = {
        "source-pane--title",
        "source-pane--hit",
        "source-pane--hit-bar",
        "source-pane--match",
        "source-pane--cursor",
        "source-pane--cursor-blur",
        "source-pane--silent",
        "source-pane--notice",
        "source-pane--context",
        "source-pane--scroll-mark",
        "source-pane--bookmark",
        "source-pane--figure",
        "source-pane--context-hit",
        "source-pane--context-match",
        "source-pane--expansion",
    }

    DEFAULT_CSS = """
    PaneRow {
        height: 1fr;
        & > .source-pane--title { text-style: bold; }
        & > .source-pane--hit { background: $warning 12%; }
        & > .source-pane--hit-bar { color: $warning; }
        & > .source-pane--match { background: $warning; color: #000000; text-style: bold; }
        & > .source-pane--cursor { background: $primary 35%; }
        & > .source-pane--cursor-blur { background: $foreground 7%; }
        & > .source-pane--silent { color: $text-disabled; }
        & > .source-pane--notice { color: $text-warning; text-style: italic; }
        & > .source-pane--context { color: $text-muted; }
        & > .source-pane--scroll-mark { color: $foreground 35%; }
        & > .source-pane--bookmark { color: $success; text-style: bold; }
        & > .source-pane--figure { background: $error 45%; text-style: bold underline; }
        & > .source-pane--context-hit { background: $warning 5%; }
        & > .source-pane--context-match { color: $text-warning; text-style: underline; }
        & > .source-pane--expansion { background: $warning 45%; color: #000000; }
    }
    """


class SourcePane(ScrollView, can_focus=True, inherit_bindings=False):
    """One pane of the row: a scrollable view of one article with its passage cursor."""

    DEFAULT_CSS = """
    SourcePane {
        width: 1fr;
        height: 1fr;
        border: round $foreground 30%;
        border-title-color: $foreground;
        border-subtitle-color: $text-muted;
        scrollbar-size-vertical: 0;  /* the pane draws its own position mark: cheaper */
        overflow-x: hidden;
        overflow-y: auto;
        &:focus { border: round $accent; border-title-color: $accent; }
    }
    """

    class Clicked(Message):
        """A click on the pane; ``passage`` is the passage under the mouse, if any."""

        def __init__(self, pane: SourcePane, passage: int | None) -> None:
            super().__init__()
            self.pane, self.passage = pane, passage

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: ArticleView | None = None
        self._layout = Layout([], {}, {})
        self._width = 0
        self._strips: dict[int, list[Segment]] = {}
        self._styles: dict[str, Style] = {}
        self._thumb = (0, 0)  # rows of the scroll thumb, during a rendering pass

    # -- binding a view ------------------------------------------------------------------------

    def bind(self, view: ArticleView | None) -> None:
        """Show ``view`` (keeping the previous one's scroll position in it, and letting go
        of its text and rows: only the views on screen hold them)."""
        before = self.view
        if before is not None:
            before.scroll_y = self.scroll_offset.y
        self.view = view
        self.update_view()
        if before is not None and before is not view:
            self.call_later(self._let_go, before)  # once the whole row is bound

    def _let_go(self, view: ArticleView) -> None:
        """Release ``view``'s text and rows unless another pane of the row shows it now."""
        parent = self.parent
        panes = parent.children if parent is not None else ()
        if not any(isinstance(pane, SourcePane) and pane.view is view for pane in panes):
            view.release()

    def update_view(self) -> None:
        """Redraw after the view changed (hits, mode, cursor); honours its anchor."""
        view = self.view
        self._strips.clear()
        if view is None:
            self._layout = Layout([], {}, {})
            self.border_title = self.border_subtitle = None
            self.refresh()
            return
        if self._width > 0:
            self._layout = view.layout(self.text_width)
            self.virtual_size = Size(self._width, len(self._layout.rows))
        self.border_title = Content(view.title())
        self.show_position()
        if self._width > 0:
            if view.anchor is not None:
                self._scroll_cursor_to(view.anchor)
                view.anchor = None
            else:
                self.scroll_to(y=view.scroll_y, animate=False, immediate=True)
                self.scroll_to_cursor()
        self.refresh()

    def show_position(self) -> None:
        """The subtitle: the hit count, and where the cursor is while the pane has focus."""
        view = self.view
        if view is not None:
            label = position_label(view) if self.has_focus else view.subtitle()
            self.border_subtitle = Content(label)

    @property
    def text_width(self) -> int:
        return max(self._width - GUTTER, 2)

    def on_resize(self, event: events.Resize) -> None:
        self._sync_width()

    def _sync_width(self) -> None:
        """Lay the view out again when the width changed (on resize, or the first frame:
        that is drawn before the pane hears of its size)."""
        width = self.scrollable_content_region.width - 1  # the last column: the scroll mark
        if width != self._width:
            self._width = width
            if self.view is not None:
                self.view.scroll_y = self.scroll_offset.y
            self.update_view()
            self.scroll_to_cursor()

    # -- drawing ---------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """The pane's styles for drawing rows, worked out once per change of theme or CSS."""
        styles = self._styles
        if not styles:
            base = self.rich_style
            component = self.query_ancestor(PaneRow).get_component_rich_style
            styles["base"] = base
            styles["title"] = base + component("source-pane--title", partial=True)
            styles["title-silent"] = styles["title"] + _foreground(component("source-pane--silent"))
            styles["notice"] = component("source-pane--notice")
            styles["context-gap"] = component("source-pane--context")
            styles["silent"] = _foreground(component("source-pane--silent"))
            styles["context"] = _foreground(component("source-pane--context"))
            styles["hit"] = _background(component("source-pane--hit"))
            styles["cursor"] = _background(component("source-pane--cursor"))
            styles["cursor-blur"] = _background(component("source-pane--cursor-blur"))
            styles["bar"] = component("source-pane--hit-bar", partial=True)
            styles["match"] = component("source-pane--match", partial=True)
            styles["mark"] = component("source-pane--scroll-mark")
            styles["bookmark"] = component("source-pane--bookmark", partial=True)
            styles["figure"] = component("source-pane--figure", partial=True)
            styles["context-hit"] = _background(component("source-pane--context-hit"))
            styles[CONTEXT_KIND] = component("source-pane--context-match", partial=True)
            styles[EXPANSION] = component("source-pane--expansion", partial=True)
        return styles[name]

    def _on_focus(self, event: events.Focus) -> None:
        self._strips.clear()
        super()._on_focus(event)
        self.show_position()

    def _on_blur(self, event: events.Blur) -> None:
        self._strips.clear()
        super()._on_blur(event)
        self.show_position()

    def render_lines(self, crop: Region) -> list[Strip]:
        # What every row of this pass shares, worked out once (not once per row):
        self._sync_width()
        self._thumb = self._scroll_thumb(len(self._layout.rows))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        rows = self._layout.rows
        width = self._width
        base = self._style("base")
        if self.view is None or index >= len(rows) or width <= 0:
            return Strip.blank(width + 1, base)
        segments = self._strips.get(index)
        if segments is None:
            segments = self._strips[index] = self._render_row(self.view, rows[index])
        start, end = self._thumb
        mark = Segment("┃", self._style("mark")) if start <= y < end else Segment(" ", base)
        return Strip([*segments, mark], width + 1)

    def _scroll_thumb(self, total: int) -> tuple[int, int]:
        """The rows of the last column's thumb, showing where the view is in the article."""
        height = self.size.height
        if total <= height or height <= 0:
            return 0, 0
        size = max(1, height * height // total)
        start = round(self.scroll_offset.y * (height - size) / (total - height))
        return start, start + size

    def _render_row(self, view: ArticleView, row: Row) -> list[Segment]:
        style = self._style
        base = style("base")
        if row.kind == TITLE:
            # No headline in the text: its opening words stand in, dimmed.
            dim = view.silent or view.article.title is None
            title_style = style("title-silent" if dim else "title")
            text = view.title_text[row.start : row.end]
            segments = [Segment(" " * GUTTER, base), Segment(text, title_style)]
        elif row.kind == NOTICE:
            segments = [Segment(" " * GUTTER, base), Segment(view.notice, style("notice"))]
        elif row.kind == GAP:
            segments = [Segment(" " * GUTTER + "┄" * 3, style("context-gap"))]
        elif row.kind == BLANK:
            return [Segment(" " * self._width, base)]
        else:
            return self._render_text(view, row, base)
        return _padded(segments, self._width, base)

    def _render_text(self, view: ArticleView, row: Row, base: Style) -> list[Segment]:
        style = self._style
        number = row.passage
        spans = view.hits.spans.get(number) if row.kind == TEXT else None
        line_style = base
        if view.silent or (row.kind == TEXT and view.is_boilerplate(number)):
            line_style += style("silent")  # boilerplate is drawn dimmed, never hidden
        elif row.kind == CONTEXT:
            line_style += style("context")
        kind = view.hit_kind(number) if spans is not None else None
        if spans is not None:
            line_style += style("context-hit" if kind == CONTEXT_KIND else "hit")
        if row.kind == TEXT and number == view.cursor:
            if self.has_focus:
                line_style += style("cursor")
            elif spans is None:
                line_style += style("cursor-blur")
        bar = " " if spans is None else "╎" if kind == CONTEXT_KIND else "▌"
        bar_style = line_style + style("bar")
        mark = view.marks.get(number) if row.kind == TEXT else None
        if mark is not None and self._is_first_row(row):
            bar, bar_style = BOOKMARK_MARKS.get(mark, "★"), line_style + style("bookmark")
        segments = [
            Segment(bar, bar_style),
            Segment(" " * (GUTTER - 1), line_style),
        ]
        text = view.texts[number]
        figures = view.figures.get(number) if row.kind == TEXT else None
        if figures:  # disagreeing figures (rare): styles may overlap the matches
            segments += self._marked_segments(text, row, spans or [], figures, line_style)
            return _padded(segments, self._width, line_style)
        position = row.start
        if spans:
            match_style = line_style + style("match")
            kinds = view.hits.span_kinds.get(number) or [kind] * len(spans)
            for (start, end), span_kind in zip(spans, kinds, strict=False):
                start, end = max(start, row.start), min(end, row.end)
                if start >= end:
                    continue
                if start > position:
                    segments.append(Segment(text[position:start], line_style))
                lit = match_style if span_kind == MATCH else line_style + style(span_kind)
                segments.append(Segment(text[start:end], lit))
                position = end
        if position < row.end:
            segments.append(Segment(text[position : row.end], line_style))
        return _padded(segments, self._width, line_style)

    def _marked_segments(
        self, text: str, row: Row, spans: list[Pair], figures: list[Pair], line_style: Style
    ) -> list[Segment]:
        """The row's text cut where a match or a figure starts or ends, each piece styled."""
        cuts = {row.start, row.end}
        for start, end in (*spans, *figures):
            cuts.update(point for point in (start, end) if row.start < point < row.end)
        match, figure = self._style("match"), self._style("figure")
        segments = []
        points = sorted(cuts)
        for index in range(len(points) - 1):
            start, end = points[index], points[index + 1]
            piece_style = line_style
            if any(a <= start < b for a, b in spans):
                piece_style += match
            if any(a <= start < b for a, b in figures):
                piece_style += figure
            segments.append(Segment(text[start:end], piece_style))
        return segments

    def _is_first_row(self, row: Row) -> bool:
        first = self._layout.first_row.get(row.passage)
        return first is not None and self._layout.rows[first] == row

    def redraw(self) -> None:
        """Draw the rows again (the view's marks changed); the scroll position stays."""
        self._strips.clear()
        self.refresh()

    # -- the cursor on screen ----------------------------------------------------------------

    def cursor_rows(self) -> tuple[int, int] | None:
        """First and last row of the cursor's passage, if it is shown."""
        if self.view is None:
            return None
        cursor = self.view.cursor
        if cursor not in self._layout.first_row:
            return None
        return self._layout.first_row[cursor], self._layout.last_row[cursor]

    def cursor_moved(self) -> None:
        """The view's cursor changed: redraw and bring it into view."""
        self._strips.clear()
        self.show_position()
        self.refresh()
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        rows = self.cursor_rows()
        if rows is None:
            return
        first, last = rows
        height = max(self.scrollable_content_region.height, 1)
        top = self.scroll_offset.y
        if first < top or last - first + 1 > height:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif last >= top + height:
            self.scroll_to(y=last - height + 1, animate=False, immediate=True)

    def cursor_screen_row(self) -> int | None:
        """Where the cursor's first row is, counted from the top of the view."""
        rows = self.cursor_rows()
        return None if rows is None else rows[0] - self.scroll_offset.y

    def _scroll_cursor_to(self, screen_row: int) -> None:
        rows = self.cursor_rows()
        if rows is not None:
            self.scroll_to(y=max(rows[0] - screen_row, 0), animate=False, immediate=True)

    def page(self, delta: int) -> None:
        """Scroll a page down (``delta`` > 0) or up; the cursor goes to the top passage shown."""
        view = self.view
        if view is None:
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        y = min(max(top + delta * height, 0), self.max_scroll_y)
        if y == top:
            view.last() if delta > 0 else view.first()
            self.cursor_moved()
            return
        self.scroll_to(y=y, animate=False, immediate=True)
        for number in view.navigable():
            if self._layout.last_row.get(number, -1) >= y:
                view.move_cursor(number)
                break
        self.show_position()
        self._strips.clear()
        self.refresh()

    def passage_at_row(self, row: int) -> int | None:
        rows = self._layout.rows
        if 0 <= row < len(rows) and rows[row].kind == TEXT:
            return rows[row].passage
        return None

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        passage = None
        if offset is not None:
            passage = self.passage_at_row(offset.y + self.scroll_offset.y)
        self.post_message(self.Clicked(self, passage))

    # -- for tests ---------------------------------------------------------------------------

    @property
    def rows(self) -> list[Row]:
        return list(self._layout.rows)


def _padded(segments: list[Segment], width: int, style: Style) -> list[Segment]:
    """Segments of exactly ``width`` cells: cut, or padded with ``style``."""
    cells = sum(_cells(segment.text) for segment in segments)
    if cells < width:
        segments.append(Segment(" " * (width - cells), style))
        return segments
    return list(Strip(segments).adjust_cell_length(width, style))


def _cells(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _foreground(style: Style) -> Style:
    """Only the text colour of a full component style (blended over the pane's background)."""
    return Style(color=style.color)


def _background(style: Style) -> Style:
    """Only the background of a full component style (its colour over the pane's)."""
    return Style(bgcolor=style.bgcolor)
