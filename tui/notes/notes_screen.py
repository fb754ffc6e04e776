"""``m``: the bookmarks of the notes file, in file order, to go to, delete or annotate.

Reads and writes go through :class:`tui.notes.bookmarks.Bookmarks` (a thread worker each). Lines
of the file that could not be read are listed at the top, never rewritten away. Bookmarks
kept in another briefing are listed, marked as such, and cannot be gone to.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.notes.bookmark_dialog import BookmarkDialog, NoteAndTags, excerpt
from tui.notes.bookmarks import Located, locate, plural, short_time
from tui.notes.notes_file import Bookmark, NotesError, NotesRead
from tui.reader.article_view import short_date

if TYPE_CHECKING:
    from tui.notes.bookmarks import Bookmarks

SHOWN_PROBLEMS = 5
QUOTE_CHARS = 220
TITLE_CHARS = 72


def shown_path(path: Path) -> str:
    """The notes file as a person would type it: ``~/…`` under the home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def problems_content(problems: list[str]) -> Content:
    """``2 lines could not be read (left as they are):`` and the first few, one a line."""
    head = f"{plural(len(problems), 'line')} could not be read (left as they are in the file):"
    lines = [Content.styled(head, "bold"), *(Content("  " + p) for p in problems[:SHOWN_PROBLEMS])]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(Content(f"  … and {len(problems) - SHOWN_PROBLEMS} more"))
    return Content("\n").join(lines)


def bookmark_prompt(bookmark: Bookmark, here: bool, readable: bool = True) -> Content:
    """One bookmark as the list shows it: outlet and title, where, quote, note, tags.

    An entry that could not be read (``readable`` false) is listed all the same, marked."""
    where = [f"¶{bookmark.passage + 1}" if readable else "¶?"]
    if bookmark.date:
        where.append(short_date(bookmark.date))
    mark = ("★ ", "$success") if here else ("⇢ ", "$text-muted")
    head = Content.assemble(
        mark if readable else ("⚠ ", "$text-warning"),
        (bookmark.label, "bold"),
        (f" — {excerpt(bookmark.title or bookmark.file, TITLE_CHARS)}", "bold"),
        ("  " + " · ".join(where), "$text-muted"),
    )
    lines = [head]
    if not readable:
        lines.append(
            Content.styled(
                "  could not be read (the lines above say why): fix the file, then r",
                "italic $text-warning",
            )
        )
    elif not here:
        lines.append(
            Content.styled(f"  from another briefing: {bookmark.corpus}", "italic $text-warning")
        )
    lines.append(Content.styled(f"  “{excerpt(bookmark.quote, QUOTE_CHARS)}”", "italic"))
    if bookmark.note:
        note_lines = bookmark.note.split("\n")
        lines.append(Content.assemble(("  note: ", "bold"), note_lines[0]))
        lines.extend(Content("        " + line) for line in note_lines[1:])
    details = []
    if bookmark.query:
        details.append(f"found by {bookmark.query}")
    if bookmark.saved:
        details.append(f"saved {short_time(bookmark.saved)}")
    tags = " ".join(f"#{tag}" for tag in bookmark.tags)
    lines.append(
        Content.assemble(
            "  ",
            (tags, "$accent"),
            ("  " if tags and details else "", ""),
            (" · ".join(details), "$text-muted"),
        )
    )
    return Content("\n").join(lines)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: ``y`` answers yes; ``n`` or escape, no."""

    BINDINGS: ClassVar = [
        Binding("y", "answer(True)", "yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "no", id="confirm.no"),
    ]

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        & > Vertical {
            width: 70; max-width: 100%; height: auto;
            border: round $error; border-title-color: $error;
            background: $surface; padding: 0 1;
        }
        & #question { margin-bottom: 1; }
    }
    """

    def __init__(self, title: str, question: Content) -> None:
        super().__init__()
        self.title_text = title
        self.question = question

    def compose(self) -> ComposeResult:
        box = Vertical()
        box.border_title = self.title_text
        box.border_subtitle = "y yes · n no"
        with box:
            yield Static(self.question, id="question")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class NotesScreen(Screen[Bookmark | None]):
    """The bookmarks; dismissed with the one to go to, or None."""

    BINDINGS: ClassVar = [
        Binding("escape,m,q", "close", "back to the reader", id="notes.close"),
        Binding("d,delete", "delete", "delete", id="notes.delete"),
        Binding("e", "edit", "edit note and tags", id="notes.edit"),
        Binding("r", "reload", "read the file again", id="notes.reload"),
        Binding("j", "move(1)", "next", show=False, id="notes.down"),
        Binding("k", "move(-1)", "previous", show=False, id="notes.up"),
        Binding("g,home", "edge(False)", "first", show=False, id="notes.first"),
        Binding("G,end", "edge(True)", "last", show=False, id="notes.last"),
        Binding("pagedown", "page(1)", "page down", show=False, id="notes.page_down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="notes.page_up"),
    ]

    DEFAULT_CSS = """
    NotesScreen {
        layout: vertical;
        & > #notes-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #notes-problems {
            height: auto; max-height: 8; padding: 0 1; display: none;
            color: $text-warning; background: $warning 10%;
        }
        & > #notes-problems.-shown { display: block; }
        & > #notes-problems.-error { color: $text-error; background: $error 10%; }
        & > OptionList { height: 1fr; padding: 0 1; }
        & > #notes-message { height: 1; padding: 0 1; color: $text-warning; background: $surface; }
        & > #notes-keys { height: 1; background: $footer-background; }
    }
    """

    def __init__(self, bookmarks: Bookmarks) -> None:
        super().__init__()
        self.bookmarks = bookmarks
        self.shown: list[Bookmark] = []
        self.read: NotesRead | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="notes-title", markup=False)
        yield Static(id="notes-problems", markup=False)
        yield OptionList(id="bookmarks", compact=True)
        yield Static(id="notes-message", markup=False)
        keys = Content.assemble(
            *(
                part
                for key, what in (
                    ("enter", "go to the passage"),
                    ("e", "edit note and tags"),
                    ("d", "delete"),
                    ("r", "reload"),
                    ("escape", "back"),
                )
                for part in ((f" {key}", "bold $footer-key-foreground"), f" {what} ")
            )
        )
        yield Static(keys, id="notes-keys")

    def on_mount(self) -> None:
        self._title(f"Notes · reading {shown_path(self.bookmarks.notes.path)}…")
        self.reload()

    # -- showing the file --------------------------------------------------------------------

    def reload(self) -> None:
        self.bookmarks.run(self.bookmarks.notes.read, self.show, self.show_error)

    def _title(self, text: str) -> None:
        self.query_one("#notes-title", Static).update(Content(text))

    def say(self, text: str) -> None:
        """A line above the keys (why a bookmark cannot be gone to, what was done)."""
        if not self.is_attached:
            return
        self.query_one("#notes-message", Static).update(Content(text))

    def show(self, read: NotesRead) -> None:
        """List what ``read`` holds, keeping the highlight where it was."""
        self.bookmarks.loaded(read, warn=False)  # the problems are listed here
        if not self.is_attached:  # closed while the file was read
            return
        self.read = read
        count = len(read.bookmarks)
        title = f"Notes · {plural(count, 'bookmark')} in {shown_path(read.path)}"
        waiting = len(self.bookmarks.waiting)
        if waiting:
            title += f" · {waiting} more waiting to be saved ({self.bookmarks.error})"
        self._title(title)
        problems = self.query_one("#notes-problems", Static)
        problems.update(problems_content(read.problems) if read.problems else "")
        problems.set_class(bool(read.problems), "-shown")
        problems.remove_class("-error")
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        self.shown = list(read.bookmarks)
        prompts: list[Option | None] = []
        for number, bookmark in enumerate(self.shown):
            if number:
                prompts.append(None)
            prompts.append(Option(bookmark_prompt(bookmark, self.bookmarks.is_here(bookmark))))
        for entry in read.unreadable:  # after the others: an option's index is its bookmark's
            if prompts:
                prompts.append(None)
            prompts.append(Option(bookmark_prompt(entry, False, readable=False), disabled=True))
        options.set_options(prompts)
        if self.shown:
            options.highlighted = min(highlighted or 0, len(self.shown) - 1)
            options.focus()
        else:
            self.say("No bookmarks yet: in the reader, b keeps the passage under the cursor.")

    def show_error(self, error: NotesError) -> None:
        if not self.is_attached:
            return
        self._title(f"Notes · {shown_path(self.bookmarks.notes.path)}")
        problems = self.query_one("#notes-problems", Static)
        problems.update(Content(str(error)))
        problems.add_class("-shown", "-error")

    # -- the highlighted bookmark --------------------------------------------------------------

    @property
    def current(self) -> Bookmark | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not self.shown:
            return None
        # Separators are not options: the highlight counts only bookmarks.
        return self.shown[min(index, len(self.shown) - 1)]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.go_to(self.shown[event.option_index])

    def go_to(self, bookmark: Bookmark) -> None:
        """Back to the reader at ``bookmark``'s passage, or say why it cannot be gone to."""
        if not self.bookmarks.is_here(bookmark):
            self.say(f"Kept in another briefing ({bookmark.corpus}); open that folder to go there.")
            return
        found = locate(bookmark, self.bookmarks.reader.views)
        if not isinstance(found, Located):
            self.say(f"Cannot go there: {found}.")
            return
        self.dismiss(bookmark)

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_edge(self, last: bool) -> None:
        options = self.query_one(OptionList)
        options.action_last() if last else options.action_first()

    def action_page(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_page_down() if delta > 0 else options.action_page_up()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.say("")
        self.reload()

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        question = Content.assemble(
            "Delete this bookmark from ",
            (self.bookmarks.name, "bold"),
            "?\n\n",
            (f"{bookmark.label} ¶{bookmark.passage + 1}: ", "bold"),
            (excerpt(bookmark.quote, 160), "italic"),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(bookmark)

        self.app.push_screen(ConfirmDialog("Delete bookmark", question), answered)

    def _delete(self, bookmark: Bookmark) -> None:
        notes = self.bookmarks.notes

        def job() -> NotesRead:
            notes.delete(bookmark.id)
            return notes.read()

        def done(read: NotesRead) -> None:
            self.show(read)
            self.say(f"Deleted {bookmark.label} ¶{bookmark.passage + 1} from {notes.path.name}.")

        self.bookmarks.run(job, done, self._failed)

    def action_edit(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return

        def answered(answer: NoteAndTags | None) -> None:
            if answer is not None:
                self._edit(bookmark, answer)

        self.app.push_screen(BookmarkDialog.for_bookmark(bookmark, "Edit note"), answered)

    def _edit(self, bookmark: Bookmark, answer: NoteAndTags) -> None:
        notes = self.bookmarks.notes

        def job() -> NotesRead:
            notes.update_note(bookmark.id, answer.note, answer.tags)
            return notes.read()

        def done(read: NotesRead) -> None:
            self.show(read)
            self.say(f"Saved the note of {bookmark.label} ¶{bookmark.passage + 1}.")

        self.bookmarks.run(job, done, self._failed)

    def _failed(self, error: NotesError) -> None:
        self.app.notify(str(error), title="Notes", severity="error", markup=False, timeout=10)
        self.say(str(error))
        if self.is_attached:
            self.reload()
