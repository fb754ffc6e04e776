"""Bookmarks kept in a Markdown notes file: where it is, and exports for people and tools.

The file format is in :mod:`tui.notes.format`, safe reading and writing in
:mod:`tui.notes.store`. Used by the app and by ``briefing-tui notes``; never imports textual.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from tui.notes.format import Bookmark, clean_tags, format_entries
from tui.notes.store import AppendResult, MissingBookmark, NotesError, NotesFile, NotesRead

__all__ = [
    "CSV_COLUMNS",
    "AppendResult",
    "Bookmark",
    "BookmarkSaver",
    "MissingBookmark",
    "NotesError",
    "NotesFile",
    "NotesRead",
    "clean_tags",
    "default_notes_path",
    "format_entries",
    "notes_file",
    "print_bookmarks",
    "to_csv",
    "to_json",
]

APP_NAME = "briefing-tui"
CSV_COLUMNS = (
    "id",
    "source",
    "title",
    "date",
    "file",
    "corpus",
    "passage",
    "start",
    "end",
    "quote",
    "query",
    "note",
    "tags",
    "saved",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def default_notes_path() -> Path:
    """``notes.md`` in the user data folder (``~/.local/share/briefing-tui`` on Linux)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "notes.md"


def notes_file(config=None, given: str | os.PathLike[str] | None = None) -> NotesFile:
    """The notes file to use: ``--notes``, else ``notes`` in the config, else the default.

    Only the default's folder is created when missing; a folder named by the person that
    does not exist is reported (it is more likely a typo than a wish).
    """
    if given:
        return NotesFile(Path(given).expanduser())
    configured = getattr(config, "notes", None)
    if configured:
        return NotesFile(configured)
    return NotesFile(default_notes_path(), create_folder=True)


class BookmarkSaver:
    """Adds bookmarks to a notes file and keeps the ones that could not be written.

    For the app: ``add`` raises the :class:`NotesError` to show, and the bookmark waits in
    ``pending``; ``retry`` writes the waiting ones (adding is idempotent, so a bookmark
    that did reach the file is not written twice). Call from one worker at a time.
    """

    def __init__(self, notes: NotesFile):
        self.notes = notes
        self.pending: list[Bookmark] = []

    def add(self, bookmark: Bookmark) -> AppendResult:
        try:
            result = self.notes.append(bookmark)
        except NotesError:
            if not any(waiting.same_passage(bookmark) for waiting in self.pending):
                self.pending.append(bookmark)
            raise
        self.pending = [b for b in self.pending if not b.same_passage(bookmark)]
        return result

    def retry(self) -> list[AppendResult]:
        """Write the waiting bookmarks in order; stops at (and raises) the first error."""
        results = []
        while self.pending:
            results.append(self.notes.append(self.pending[0]))
            self.pending.pop(0)
        return results


def to_json(bookmarks: list[Bookmark]) -> str:
    """A JSON list of objects, one per bookmark (``passage`` counts from 1)."""
    return json.dumps([b.to_dict() for b in bookmarks], ensure_ascii=False, indent=2) + "\n"


def to_csv(bookmarks: list[Bookmark]) -> str:
    """One row per bookmark with every field, for a spreadsheet or a QDA tool.

    Tags are joined with ``"; "``. Text that a spreadsheet would run as a formula
    (starting with ``= + - @``) gets a leading ``'``: article text comes from anywhere.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for bookmark in bookmarks:
        row = bookmark.to_dict()
        row["tags"] = "; ".join(row["tags"])
        writer.writerow([_cell(row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def print_bookmarks(read: NotesRead, console: Console | None = None) -> None:
    """The bookmarks for a person at a terminal; their text is never read as markup."""
    from tui.output.output_console import output_console  # wide and quiet in a pipe

    console = console or output_console()
    count = len(read.bookmarks)
    if not count:
        console.print(Text(f"No bookmarks in {read.path} yet.", style="bold"), soft_wrap=True)
        return
    summary = Text(f"{count} bookmark{'s' if count != 1 else ''} in {read.path}", style="dim")
    console.print(summary, soft_wrap=True)  # a path stays whole, to copy
    for bookmark in read.bookmarks:
        console.print()
        heading = Text()
        heading.append(bookmark.label, style="bold cyan")
        heading.append(f" · {bookmark.date or 'undated'} · ", style="dim")
        heading.append(bookmark.title or bookmark.file)
        console.print(heading)
        where = f"¶{bookmark.passage + 1} of {bookmark.file}"
        if bookmark.query:
            where += f" · found by {bookmark.query}"
        where += f" · saved {bookmark.saved or 'earlier'} · id {bookmark.id}"
        console.print(Padding(Text(where, style="dim"), (0, 0, 0, 2), expand=False))
        quote = Text("│ ", style="dim")
        quote.append(bookmark.quote.replace("\n", "\n│ "), style="italic")
        console.print(Padding(quote, (0, 0, 0, 2), expand=False))
        if bookmark.note:
            note = Text("note: ", style="bold")
            note.append(bookmark.note)
            console.print(Padding(note, (0, 0, 0, 2), expand=False))
        if bookmark.tags:
            tags = Text(" ".join(f"#{tag}" for tag in bookmark.tags), style="magenta")
            console.print(Padding(tags, (0, 0, 0, 2), expand=False))
