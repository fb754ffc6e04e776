"""What the compare screens share: where to take the reader, and how a passage is shown.

Article text is data: passages become :class:`Content` built from plain strings, and
highlights are spans on it, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content

from tui.reader.article_view import short_date

if TYPE_CHECKING:
    from index.search.store import ArticleInfo

MATCH_STYLE = "bold $text-warning on $warning 25%"
FIGURE_STYLE = "bold underline $text-error on $error 25%"


@dataclass(frozen=True)
class Jump:
    """Open the reader on ``path``'s passage; with ``query``, show that query's hits."""

    path: str
    passage: int | None
    query: str | None = None


def heading(article: ArticleInfo, passage: int | None = None) -> str:
    """``UNN · 20 Mar 2025 · ¶6`` (passages are counted from 1 on screen)."""
    parts = [article.label]
    if article.date:
        parts.append(short_date(article.date))
    if passage is not None:
        parts.append(f"¶{passage + 1}")
    return " · ".join(parts)


def marked(text: str, spans: Iterable[tuple[int, int]], style: str = MATCH_STYLE) -> Content:
    """``text`` as content with ``spans`` (offsets into it) in ``style``."""
    content = Content(text)
    for start, end in spans:
        content = content.stylize(style, start, end)
    return content


def excerpt(text: str, span: tuple[int, int], around: int = 90) -> tuple[str, tuple[int, int]]:
    """About ``around`` characters each side of ``span``, cut at spaces, with ``…`` marks;
    and where the span is in the excerpt."""
    start, end = span
    left = max(start - around, 0)
    right = min(end + around, len(text))
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    shown = prefix + text[left:right] + suffix
    offset = len(prefix) - left
    return shown, (start + offset, end + offset)


def passage_list_keys() -> Content:
    """The key line under a list of passages one can go to."""
    return Content.assemble(
        (" ↑↓ jk", "bold $footer-key-foreground"),
        " move  ",
        ("enter", "bold $footer-key-foreground"),
        " go to that passage  ",
        ("b", "bold $footer-key-foreground"),
        " bookmark it  ",
        ("w", "bold $footer-key-foreground"),
        " save the list (.md, .csv)  ",
        ("escape", "bold $footer-key-foreground"),
        " close",
    )
