"""``t``: which source reported the current topic when.

The sources list (:class:`~tui.compare.sources_screen.SourcesScreen`) narrowed to the
articles with hits on the topic, oldest first (undated ones last), with the days counted
under the title: ``by day: 11 Mar 2025 3 · 12 Mar 2025 5 · undated 2``. The same keys
work: ``enter`` goes to the pane, ``s`` sorts by hits or outlet instead, ``/`` filters.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from tui.compare.sources_screen import SourcesScreen
from tui.reader.article_view import short_date

if TYPE_CHECKING:
    from tui.reader.article_view import ArticleView
    from tui.reader.reader_api import Reader

UNDATED = "undated"


def days(dates: list[str]) -> list[tuple[str, int]]:
    """(day, articles) oldest first; articles without a date last, as "undated"."""
    counted = Counter(date or UNDATED for date in dates)
    dated = sorted(day for day in counted if day != UNDATED)
    return [(day, counted[day]) for day in dated] + (
        [(UNDATED, counted[UNDATED])] if UNDATED in counted else []
    )


class TimelineScreen(SourcesScreen):
    """The articles with hits on the topic, by date."""

    def __init__(self, reader: Reader) -> None:
        super().__init__(reader)
        self.sort = "date"

    def listed(self) -> list[ArticleView]:
        return [view for view in self.reader.views if view.hit_count]

    def on_mount(self) -> None:
        super().on_mount()
        counts = days([row.date for row in self.rows])
        shown = " · ".join(
            f"{short_date(day) if day != UNDATED else day} {count}" for day, count in counts
        )
        self.query_one("#sources-status", Static).update(Content(f"by day: {shown}"))

    def title_parts(self, shown: int) -> list[str]:
        total, listed = len(self.views), len(self.rows)
        parts = [f"Timeline of {self.topic_name()}: {listed} of {total} sources"]
        dated = sorted(row.date for row in self.rows if row.date)
        if dated:
            first, last = short_date(dated[0]), short_date(dated[-1])
            parts.append(first if first == last else f"{first} to {last}")
        if shown != listed:
            parts.append(f"{shown} shown")
        parts.append(f"sorted by {self.sort}")
        return parts
