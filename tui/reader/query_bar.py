"""The top row: the query box (with history), the numbered topics and the hit counts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from index.search.syntax import Topic
from tui import keymap

HISTORY_SIZE = 100
PLACEHOLDER = "search or 1-9 topic"


class QueryInput(Input):
    """A one-line query box: up/down recall earlier queries, escape leaves the box."""

    BINDINGS: ClassVar = [
        Binding("up", "history(-1)", "Earlier query", show=False),
        Binding("down", "history(1)", "Later query", show=False),
        Binding("escape", "leave", "Leave the query box", show=False),
    ]

    class Left(Message):
        """The reader pressed escape: go back to the panes without committing."""

    def __init__(self, **kwargs) -> None:
        super().__init__(compact=True, select_on_focus=True, **kwargs)
        self.history: list[str] = []
        self._position: int | None = None  # index into history while recalling
        self._draft = ""

    def remember(self, query: str) -> None:
        """Add a committed query to the history (most recent last, no repeats)."""
        query = query.strip()
        if not query:
            return
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        del self.history[:-HISTORY_SIZE]
        self._position = None

    def action_history(self, delta: int) -> None:
        if not self.history:
            return
        if self._position is None:
            if delta > 0:
                return
            self._draft = self.value
            position = len(self.history) - 1
        else:
            position = self._position + delta
        if position >= len(self.history):
            self._position = None
            self.value = self._draft
        else:
            self._position = max(position, 0)
            self.value = self.history[self._position]
        self.cursor_position = len(self.value)

    def action_leave(self) -> None:
        self._position = None
        self.post_message(self.Left())

    def _on_blur(self, event) -> None:
        self._position = None
        super()._on_blur(event)


class QueryBar(Horizontal):
    """``/ query``, ``1 Kursk 2 Zaporizhzhia …`` and ``5 sources · 2 with hits``.

    The query box is mounted just after the first frame, in place of a look-alike: an Input
    costs ~15 ms of start-up (its styles and its first render). :attr:`input` mounts it
    sooner when something needs it before then.
    """

    DEFAULT_CSS = """
    QueryBar {
        height: 1;
        width: 1fr;
        background: $panel;
        & > #query-prompt { width: 2; color: $accent; background: $panel; }
        & > QueryInput, & > #query-placeholder {
            width: 25%; min-width: 16; max-width: 40; background: $surface;
        }
        & > #query-placeholder { color: $text-disabled; text-wrap: nowrap; text-overflow: clip; }
        & > QueryInput:focus { background: $surface-lighten-1; }
        & > #topics {
            width: 1fr; padding: 0 1; background: $panel;
            text-wrap: nowrap; text-overflow: ellipsis;
        }
        & > #counts { width: auto; padding: 0 1; color: $text-muted; background: $panel; }
    }
    """

    def __init__(self, topics: Sequence[Topic]) -> None:
        super().__init__()
        self.topics = list(topics)
        self.selected: int | None = None
        self.counts = ""
        self.placeholder = PLACEHOLDER
        self._input: QueryInput | None = None

    def compose(self) -> ComposeResult:
        yield Static("/", id="query-prompt", markup=False)
        yield Static(PLACEHOLDER, id="query-placeholder", markup=False)
        yield Static(self._topics_content(), id="topics")
        yield Static("", id="counts", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.mount_input)

    @property
    def input(self) -> QueryInput:
        """The query box (mounted now if it is not yet)."""
        return self.mount_input()

    def mount_input(self) -> QueryInput:
        """Put the query box in place of its look-alike, once; return it."""
        if self._input is None:
            self._input = QueryInput(placeholder=self.placeholder, id="query")
            placeholder = self.query_one("#query-placeholder")
            self.mount(self._input, before=placeholder)
            placeholder.remove()
        return self._input

    def show_keys(self, keys: Mapping[str, str]) -> None:
        """Name the search key when ``keys:`` remapped it (the prompt ``/`` says it otherwise)."""
        key = keymap.keys_of("search", keys)[0]
        if key in ("slash", "/"):
            return
        shown = self.app.get_key_display(keymap.binding("search").with_key(key))
        self.placeholder = f"{shown} search, 1-9 topic"
        self.query_one("#query-prompt", Static).update("›")
        if self._input is None:
            self.query_one("#query-placeholder", Static).update(self.placeholder)
        else:
            self._input.placeholder = self.placeholder

    def select(self, index: int | None) -> None:
        """Highlight topic ``index`` (0-based), or none."""
        if index != self.selected:
            self.selected = index
            self.query_one("#topics", Static).update(self._topics_content(), layout=False)

    def set_counts(self, text: str) -> None:
        if text != self.counts:
            self.counts = text
            self.query_one("#counts", Static).update(Content(text))

    def _topics_content(self) -> Content:
        parts: list[Content] = []
        for index, topic in enumerate(self.topics[:9]):
            label = Content.assemble((f"{index + 1}", "bold $accent"), " ", topic.name)
            if index == self.selected:
                label = label.stylize("reverse")
            parts.append(label)
        return Content("  ").join(parts)
