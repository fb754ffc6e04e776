"""``?``: every binding of the reader, with the keys in effect after the config's keymap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keymap as keys


def help_table(keymap: Mapping[str, str], key_display, topics: Sequence[str] = ()) -> Table:
    """The help as a table: section headings, keys and what they do (no markup).

    Topic keys are described by the names of the configured topics.
    """
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section in keys.SECTIONS:
        table.add_row(Text(section.title, style="bold underline"), "")
        for binding_id in section.ids:
            shown = " ".join(
                key_display(keys.binding(binding_id).with_key(key))
                for key in keys.keys_of(binding_id, keymap)
            )
            table.add_row(Text(shown), Text(_description(binding_id, topics)))
        table.add_row("", "")
    table.add_row(Text("In the query box", style="bold underline"), "")
    for key, what in keys.QUERY_BOX_KEYS:
        table.add_row(Text(key), Text(what))
    table.add_row("", "")
    table.add_row(Text("Also", style="bold underline"), "")
    for key, what in keys.OTHER_KEYS:
        table.add_row(Text(key), Text(what))
    return table


def _description(binding_id: str, topics: Sequence[str]) -> str:
    """What a binding does; for ``topic.N``, the name of the N-th configured topic."""
    description = keys.binding(binding_id).description
    if binding_id.startswith("topic.") and binding_id[6:].isdigit():
        number = int(binding_id.split(".")[1])
        if number <= len(topics):
            return f"topic: {topics[number - 1]}"
        return f"{description} (none configured)"
    return description


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding; escape, q or ? closes it."""

    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark", "dismiss", "close help", id="help.close"),
        # As in the reader and less; the box, focused, scrolls on up/down/pgup/pgdn/home/end.
        Binding("j", "scroll('down')", "scroll down", show=False),
        Binding("k", "scroll('up')", "scroll up", show=False),
        Binding("space", "scroll('page_down')", "page down", show=False),
        Binding("g", "scroll('home')", "top", show=False),
        Binding("G", "scroll('end')", "bottom", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 72; max-width: 100%; height: auto; max-height: 90%;
            border: round $accent; border-title-color: $accent;
            background: $surface; padding: 0 1;
        }
        & Static { width: auto; }
    }
    """

    def compose(self) -> ComposeResult:
        box = VerticalScroll()
        box.border_title = "Keys"
        box.border_subtitle = "escape to close"
        with box:
            config = getattr(self.app, "config", None)
            topics = [topic.name for topic in config.topics] if config else []
            self.table = help_table(
                getattr(self.app, "keymap", {}), self.app.get_key_display, topics
            )
            yield Static(self.table)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # its own keys scroll at once, without tab

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one(VerticalScroll), f"scroll_{how}")(animate=False)
