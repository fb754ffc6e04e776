"""What the reader screen offers the screens and helpers it opens.

:class:`~tui.reader.screen.ReaderScreen` opens the compare screens, the sources list, the
palette's commands and the passage keys' helpers; they name it by this Protocol, so that
none of them imports the screen back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from index.corpus.articles import Corpus
    from tui.briefing import Briefing
    from tui.config import Config
    from tui.notes.bookmarks import Bookmarks
    from tui.reader.article_view import ArticleView
    from tui.reader.focused_passage import FocusedPassage


class Reader(Protocol):
    """The reader: its articles' views, the query shown, and where the focus is."""

    app: App[Any]
    config: Config
    root: Path
    corpus: Corpus
    query_text: str
    expansion: bool | None  # feedback expansion forced on or off (key e); None: as configured
    bookmarks: Bookmarks

    @property
    def views(self) -> list[ArticleView]: ...

    @property
    def briefing(self) -> Briefing | None: ...

    @property
    def focused_view(self) -> ArticleView | None: ...

    def focused_passage(self) -> FocusedPassage | None: ...

    def view_for(self, path: str) -> ArticleView | None: ...

    def focus_view(self, view: ArticleView) -> None: ...

    def select_topic(self, index: int) -> None: ...

    def set_message(self, text: str, error: bool = False) -> None: ...

    async def fit_panes(self) -> None: ...

    async def run_action(self, action: str) -> None: ...
