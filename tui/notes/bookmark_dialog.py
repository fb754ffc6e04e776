"""``B`` (and ``e`` on the notes screen): a short note and optional tags for a bookmark.

Enter saves, escape cancels. A note written by hand over several lines is shown with ``↵``
where its lines break and keeps its lines when saved again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.notes.notes_file import Bookmark, clean_tags

LINE_BREAK = "↵"
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class NoteAndTags:
    """What the dialog gives back."""

    note: str
    tags: list[str] = field(default_factory=list)


def note_for_input(note: str) -> str:
    """A note on one line for an :class:`Input`: its line breaks as ``↵``."""
    return note.replace("\n", LINE_BREAK)


def note_from_input(value: str) -> str:
    return "\n".join(line.strip() for line in value.split(LINE_BREAK)).strip()


def tags_from_input(value: str) -> list[str]:
    """Tags separated by spaces, or by commas when there are any (``cease fire, Kursk``)."""
    parts = value.split(",") if "," in value else value.split()
    return clean_tags(part.strip() for part in parts)


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The passage on one line, cut at a word near ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + " …"


class BookmarkDialog(ModalScreen[NoteAndTags | None]):
    """Asks for a note and tags; dismissed with a :class:`NoteAndTags`, or None on escape."""

    BINDINGS: ClassVar = [Binding("escape", "cancel", "cancel", id="bookmark.cancel")]

    DEFAULT_CSS = """
    BookmarkDialog {
        align: center middle;
        & > Vertical {
            width: 76; max-width: 100%; height: auto; max-height: 90%;
            border: round $accent; border-title-color: $accent;
            background: $surface; padding: 0 1;
        }
        & #passage { color: $text-muted; text-style: italic; margin-bottom: 1; }
        & Label { margin-top: 1; color: $text-muted; }
        & #hint { color: $text-muted; margin-top: 1; }
    }
    """

    def __init__(self, title: str, passage: Content, note: str = "", tags: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.passage = passage
        self.note = note
        self.tags = tags

    @classmethod
    def for_bookmark(cls, bookmark: Bookmark, title: str) -> BookmarkDialog:
        """The dialog for ``bookmark``, filled in with its note and tags."""
        passage = Content.assemble(
            (f"{bookmark.label} ¶{bookmark.passage + 1}", "bold"),
            "  ",
            excerpt(bookmark.quote),
        )
        return cls(title, passage, bookmark.note, " ".join(bookmark.tags))

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = self.title_text
        box.border_subtitle = "enter saves · escape cancels"
        with box:
            yield Static(self.passage, id="passage")
            yield Label("Note")
            # Not selected on focus: a key typed adds to the text instead of replacing it.
            yield Input(
                note_for_input(self.note),
                placeholder="a short note",
                id="note",
                select_on_focus=False,
            )
            yield Label("Tags")
            yield Input(
                self.tags,
                placeholder="kursk ceasefire (commas for tags of several words)",
                id="tags",
                select_on_focus=False,
            )
            yield Static("tab moves between note and tags", id="hint", markup=False)

    def on_mount(self) -> None:
        for field_input in self.query(Input):
            field_input.cursor_position = len(field_input.value)
        self.query_one("#note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.answer())

    def answer(self) -> NoteAndTags:
        note = self.query_one("#note", Input).value
        tags = self.query_one("#tags", Input).value
        return NoteAndTags(note_from_input(note), tags_from_input(tags))

    def action_cancel(self) -> None:
        self.dismiss(None)
