"""``w`` in the compare views: ask for a file name, then save the view's table there; and
``b`` there: bookmark the passage of the entry under the cursor.

The name offered is new in the current folder (``coverage.md``, ``coverage-2.md``…); a name
ending in ``.csv`` gives CSV. An existing file is never replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from tui.compare.view_export import Table, format_problem, free_name, save_table

if TYPE_CHECKING:
    from tui.reader.reader_api import Reader


class SaveDialog(ModalScreen[Path | None]):
    """A file name for the view's table; dismissed with the path, or None on escape."""

    BINDINGS: ClassVar = [Binding("escape", "dismiss(None)", "cancel", id="save.cancel")]

    DEFAULT_CSS = """
    SaveDialog {
        align: center middle;
        & > Vertical {
            width: 76; max-width: 100%; height: auto;
            border: round $accent; border-title-color: $accent;
            background: $surface; padding: 0 1;
        }
        & #save-problem { color: $text-error; height: auto; }
    }
    """

    def __init__(self, what: str, offered: Path) -> None:
        super().__init__()
        self.what, self.offered = what, offered

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = f"Save {self.what}"
        box.border_subtitle = "enter saves · escape cancels · .md or .csv"
        with box:
            yield Input(str(self.offered), id="save-path", select_on_focus=False)
            yield Static(id="save-problem")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_position = len(field.value)
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = Path(event.value.strip()).expanduser()
        problem = format_problem(path) if event.value.strip() else "type a file name"
        if problem:
            self.query_one("#save-problem", Static).update(Content(problem))
            return
        self.dismiss(path.absolute())


def ask_and_save(screen: Screen, table: Table | None, stem: str, say) -> None:
    """Offer a new file name for ``table``, then write it in a thread; ``say(text)`` tells
    the outcome on ``screen``."""
    if table is None:
        say("nothing to save yet")
        return
    app = screen.app

    def chosen(path: Path | None) -> None:
        if path is None:
            return

        def write() -> None:
            try:
                save_table(table, path)
            except OSError as error:
                app.call_from_thread(say, f"cannot write {path}: {error.strerror or error}")
                return
            rows = len(table.rows)
            app.call_from_thread(say, f"saved {rows} row{'s' if rows != 1 else ''} to {path}")

        app.run_worker(write, thread=True, group="export", exit_on_error=False)

    screen.app.push_screen(SaveDialog(table.title, free_name(Path.cwd(), stem)), chosen)


def bookmark_passage(reader: Reader, path: str, number: int | None, query: str | None) -> str:
    """Keep passage ``number`` of ``path`` in the notes file (the reader's ``b``, from a
    view); what to say about it."""
    from tui.notes.notes_file import Bookmark

    view = reader.view_for(path)
    if view is None or number is None or not 0 <= number < len(view.article.passages):
        return "no passage to bookmark here"
    topic = next((t.name for t in reader.config.topics if t.query == query), query or "")
    bookmark = Bookmark.for_passage(
        view.article, view.article.passages[number], corpus=str(reader.corpus.root), query=topic
    )
    reader.bookmarks.add(bookmark)
    return f"bookmarked {view.article.label} ¶{number + 1} into {reader.bookmarks.name}"
