"""``i``: what the reader knows of the focused article, and where each piece came from."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from index.corpus.articles import Article
from index.corpus.textclean import one_line

_FIELDS = (
    ("outlet", "source"),
    ("title", "title"),
    ("date", "date"),
    ("author", "author"),
    ("URL", "url"),
)


def info_table(article: Article) -> Table:
    """Each field with its value (or "unknown") and where it was read; article text is data,
    so every cell is a plain Text, never markup."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(style="dim")
    table.add_row(Text("file"), Text(one_line(article.path)), Text(""))
    for label, name in _FIELDS:
        value = getattr(article, name)
        shown = Text(one_line(value)) if value else Text("unknown", style="dim italic")
        origin = article.origins.get(name, "the text does not say" if not value else "")
        table.add_row(Text(label), shown, Text(origin))
    table.add_row(Text("encoding"), Text(article.encoding), Text(""))
    kept = sum(1 for passage in article.passages if not passage.boilerplate)
    table.add_row(
        Text("passages"),
        Text(f"{len(article.passages)} ({len(article.passages) - kept} boilerplate, dimmed)"),
        Text(""),
    )
    return table


class ArticleInfoScreen(ModalScreen[None]):
    """The article's metadata and its origins; escape, q or i closes it."""

    BINDINGS: ClassVar = [Binding("escape,q,i", "dismiss", "close", id="info.close")]

    DEFAULT_CSS = """
    ArticleInfoScreen {
        align: center middle;
        & > VerticalScroll {
            width: 100; max-width: 100%; height: auto; max-height: 90%;
            border: round $accent; border-title-color: $accent;
            background: $surface; padding: 0 1;
        }
    }
    """

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        box = VerticalScroll()
        box.border_title = "Article"
        box.border_subtitle = "escape to close · sources.yaml in the folder overrides any field"
        with box:
            yield Static(info_table(self.article))
