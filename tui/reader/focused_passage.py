"""The passage under the cursor of the focused pane: what a bookmark keeps and ``s`` compares."""

from __future__ import annotations

from typing import NamedTuple


class FocusedPassage(NamedTuple):
    """The passage under the cursor of the focused pane, with the query shown."""

    path: str
    number: int
    text: str
    query: str | None
    source: str
    title: str
    date: str | None
