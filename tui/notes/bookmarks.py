"""Bookmarks in the reader: the glue between the app and the notes file.

Every read and write of the notes file runs in a thread worker, one at a time and in order
(:class:`~tui.notes.in_order.InOrder`), and the outcome comes back to the app's thread. A
bookmark that cannot be written waits in a :class:`~tui.notes.notes_file.BookmarkSaver` and is
not dropped: the reader is told why, and it is written again when they bookmark again, press
``ctrl+s``, or by itself every few seconds.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from tui.notes.in_order import InOrder

if TYPE_CHECKING:  # tui.notes is imported on first use, after the first frame
    from textual.app import App
    from textual.timer import Timer
    from textual.worker_manager import WorkerManager

    from index.corpus.articles import Corpus
    from tui.config import Config
    from tui.notes.notes_file import (
        AppendResult,
        Bookmark,
        BookmarkSaver,
        NotesError,
        NotesFile,
        NotesRead,
    )
    from tui.reader.article_view import ArticleView
    from tui.reader.focused_passage import FocusedPassage
    from tui.reader.source_pane import SourcePane

T = TypeVar("T")
Job = tuple[Callable[[], Any], Callable[[Any], Any], Callable[[Any], Any] | None]

SAVED, PENDING = "saved", "pending"  # the marks a passage can carry in its pane
RETRY_SECONDS = 5.0


class Owner(Protocol):
    """What the bookmarks need of the reader that owns them (its screen)."""

    app: App[Any]
    config: Config
    corpus: Corpus

    @property
    def views(self) -> list[ArticleView]: ...

    @property
    def workers(self) -> WorkerManager: ...

    def pane_of(self, view: ArticleView | None) -> SourcePane | None: ...

    def view_for(self, path: str) -> ArticleView | None: ...

    def focused_passage(self) -> FocusedPassage | None: ...

    def focus_passage(self, path: str, passage: int | None, align: bool = False) -> None: ...

    def set_message(self, text: str, error: bool = False) -> None: ...

    def show_counts(self) -> None: ...

    def notify_warnings(self, warnings: list[str]) -> None: ...

    def notify(self, message: str, **options: Any) -> None: ...

    def run_worker(self, work: Callable[[], Any], **options: Any) -> Any: ...

    def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...

    def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer: ...


class Located(NamedTuple):
    """Where a bookmark's passage is now; ``exact`` is False when the article changed."""

    view: ArticleView
    passage: int
    exact: bool


def same_corpus(bookmark: Bookmark, root: str | os.PathLike[str]) -> bool:
    """True when the bookmark was kept in the briefing at ``root`` (or does not say)."""
    from tui.notes.corpus_field import same_briefing

    return not bookmark.corpus or same_briefing(bookmark.corpus, root)


def locate(bookmark: Bookmark, views: Iterable[ArticleView]) -> Located | str:
    """The bookmark's passage among ``views``, or why it cannot be found.

    By file and passage number while the passage is where it was; else, the article having
    changed, the passage with the same text, then the one at the same character offsets.
    """
    view = next((view for view in views if view.path == bookmark.file), None)
    if view is None:
        return f"{bookmark.file} is not in this briefing any more"
    passages = view.article.passages
    if not passages:
        return f"{bookmark.file} has no passages now"
    number = bookmark.passage
    if number < len(passages):
        passage = passages[number]
        if (passage.start, passage.end) == (bookmark.start, bookmark.end) or (
            passage.text == bookmark.quote
        ):
            return Located(view, number, True)
    for index, passage in enumerate(passages):
        if passage.text == bookmark.quote:
            return Located(view, index, True)
    for index, passage in enumerate(passages):
        if passage.start <= bookmark.start < passage.end:
            return Located(view, index, False)
    return Located(view, min(number, len(passages) - 1), False)


class Placements:
    """Where each bookmark's passage is in its article, worked out once per version of the
    article (its digest): placing the marks again, after every bookmark and every write,
    reads no article file while it is unchanged."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str, int, int, int, str], tuple[int, bool] | str] = {}

    def locate(self, bookmark: Bookmark, view: ArticleView) -> Located | str:
        """:func:`locate` in ``view``, from what was found before in the same version."""
        digest = view.article.digest
        if not digest:  # no version to know it by: look again
            return locate(bookmark, [view])
        key = (view.path, digest, bookmark.passage, bookmark.start, bookmark.end, bookmark.quote)
        known = self._known.get(key)
        if known is None:
            found = locate(bookmark, [view])
            known = found if isinstance(found, str) else (found.passage, found.exact)
            self._known[key] = known
        return known if isinstance(known, str) else Located(view, *known)


def passage_marks(
    saved: Sequence[Bookmark],
    waiting: Sequence[Bookmark],
    root: Path,
    views: list[ArticleView],
    placements: Placements,
) -> dict[str, dict[int, str]]:
    """``{article path: {passage: SAVED or PENDING}}`` for the bookmarks of this briefing."""
    marks: dict[str, dict[int, str]] = {}
    by_path = {view.path: view for view in views}  # not a scan of every view per bookmark
    for kind, bookmarks in ((SAVED, saved), (PENDING, waiting)):
        for bookmark in bookmarks:
            view = by_path.get(bookmark.file)
            if view is None or not same_corpus(bookmark, root):
                continue
            found = placements.locate(bookmark, view)
            if isinstance(found, Located):
                marks.setdefault(found.view.path, {}).setdefault(found.passage, kind)
    return marks


def short_reason(message: str, path: Path) -> str:
    """``notes.md is read-only``-like: the problem in a :class:`NotesError`'s message."""
    if ": " not in message:
        return message
    reason = message.rsplit(": ", 1)[-1]
    if reason.startswith("it is "):
        return f"{path.name} {reason[3:]}"
    return f"{path.name}: {reason}"


class Flushed(NamedTuple):
    """What a write of the waiting bookmarks did: written ones, the file read back after,
    or the error that stopped it and the bookmarks still waiting."""

    results: list[AppendResult]
    read: NotesRead | None
    waiting: list[Bookmark]
    error: NotesError | None


def short_time(saved: str) -> str:
    """``2025-03-21T10:14:03+01:00`` -> ``2025-03-21 10:14`` (anything else as it is)."""
    if len(saved) >= 16 and saved[10] == "T":
        return saved[:10] + " " + saved[11:16]
    return saved


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


class Bookmarks:
    """The reader's bookmarks: what the notes file holds, and what waits to be written.

    ``saved`` and ``waiting`` are only changed on the app's thread; the worker hands each
    outcome over as a callback message.
    """

    def __init__(self, reader: Owner, given: str | os.PathLike[str] | None = None):
        self.reader = reader
        self.given = given  # --notes
        self.clock: Callable[[], str] | None = None  # when a bookmark is saved (tests fix it)
        self.saved: list[Bookmark] = []  # as last read from the file
        self.problems: list[str] = []
        self.waiting: list[Bookmark] = []  # the saver's pending ones, as last reported
        self.error: str | None = None  # why the waiting ones could not be written
        self._jobs: InOrder[Job] = InOrder()  # notes file reads and writes
        self._to_command: InOrder[Bookmark] = InOrder()  # new bookmarks for bookmark_command
        self._placements = Placements()
        self._timer: Timer | None = None
        self._warned_problems: tuple[str, ...] = ()
        self._quit_asked = False

    @cached_property
    def notes(self) -> NotesFile:
        """The notes file: ``--notes``, else ``notes`` in the config, else the default."""
        from tui.notes.notes_file import notes_file

        return notes_file(self.reader.config, self.given)

    @cached_property
    def saver(self) -> BookmarkSaver:
        from tui.notes.notes_file import BookmarkSaver

        return BookmarkSaver(self.notes)

    @property
    def name(self) -> str:
        return self.notes.path.name

    @property
    def unsaved(self) -> list[Bookmark]:
        """The bookmarks that could not be written (not those on their way)."""
        return self.waiting if self.error else []

    def now(self) -> str:
        from tui.notes.format import now_iso

        return (self.clock or now_iso)()

    # -- running notes work off the UI thread ------------------------------------------------

    def run(
        self,
        job: Callable[[], T],
        done: Callable[[T], Any],
        failed: Callable[[NotesError], Any] | None = None,
    ) -> None:
        """Run ``job`` off the UI thread, then ``done`` (or ``failed``) on the app's thread.

        Jobs run one at a time, in the order asked (bookmarks reach the file in the order
        kept), in a thread worker. Any other exception is reported as a :class:`NotesError`.
        """
        if self._jobs.put([(job, done, failed)]):
            drain = partial(self._jobs.drain, self._do)
            self.reader.run_worker(drain, thread=True, group="notes", exit_on_error=False)

    def _do(self, queued: Job) -> None:
        """In the worker: one job, its outcome handed to the app's thread."""
        from tui.notes.notes_file import NotesError

        job, done, failed = queued
        try:
            outcome: Any = job()
            callback: Callable[[Any], Any] = done
        except NotesError as error:
            outcome, callback = error, failed or self._toast_error
        except Exception as error:  # OSError, or a bug: reported, and the queue goes on
            outcome = NotesError(f"notes file {self.notes.path}: {error}", self.notes.path)
            callback = failed or self._toast_error
        # call_later posts a message (thread-safe, never blocks); dropped once the app is gone
        with contextlib.suppress(RuntimeError):
            self.reader.call_later(callback, outcome)

    def _toast_error(self, error: NotesError) -> None:
        self.reader.notify(str(error), title="Notes", severity="error", markup=False, timeout=10)

    # -- reading -----------------------------------------------------------------------------

    def load(self) -> None:
        """Read the notes file (at start): marks in the panes, a warning for unread lines."""

        def failed(error: NotesError) -> None:
            self.reader.notify_warnings([f"notes: {error}"])

        self.run(self.notes.read, self.loaded, failed)

    def loaded(self, read: NotesRead, warn: bool = True) -> None:
        """A fresh read of the file: remember it and mark the kept passages; a toast for
        lines that could not be read (unless ``warn`` is False: the notes screen lists them)."""
        self.saved = list(read.bookmarks)
        self.problems = list(read.problems)
        self.show_marks()
        problems = tuple(read.problems)
        known, self._warned_problems = self._warned_problems, problems
        if warn and problems and problems != known:
            self.reader.notify(
                f"{self.name}: {plural(len(problems), 'line')} could not be read "
                "(they are left as they are); m shows them",
                title="Notes",
                severity="warning",
                markup=False,
                timeout=8,
            )

    # -- marks in the panes ------------------------------------------------------------------

    def show_marks(self) -> None:
        """Put a mark on every kept (★) or waiting (☆) passage, and redraw panes that change."""
        reader = self.reader
        root, views = reader.corpus.root, reader.views
        marks = passage_marks(self.saved, self.waiting, root, views, self._placements)
        for view in reader.views:
            new = marks.get(view.path, {})
            if new != view.marks:
                view.marks = new
                pane = reader.pane_of(view)
                if pane is not None:
                    pane.redraw()

    # -- adding ------------------------------------------------------------------------------

    def bookmark_focused(self, with_note: bool = False) -> None:
        """``b``: keep the focused passage; ``B``: ask for a note and tags first."""
        reader = self.reader
        focused = reader.focused_passage()
        view = reader.view_for(focused.path) if focused else None
        if focused is None or view is None:
            reader.set_message("no passage to bookmark here")
            return
        from tui.notes.notes_file import Bookmark

        bookmark = Bookmark.for_passage(
            view.article,
            view.article.passages[focused.number],
            corpus=str(reader.corpus.root),
            query=self._query_name(focused.query),
        )
        if not with_note:
            self.add(bookmark)
            return
        if view.marks.get(focused.number) == SAVED:
            self.reader.notify(
                f"{bookmark.label} ¶{bookmark.passage + 1} is already in {self.name}; "
                "m lists your bookmarks, e there edits the note",
                title="Bookmark",
                markup=False,
            )
            return
        from tui.notes.bookmark_dialog import BookmarkDialog, NoteAndTags

        def chosen(answer: NoteAndTags | None) -> None:
            if answer is not None:
                self.add(replace(bookmark, note=answer.note, tags=answer.tags))

        dialog = BookmarkDialog.for_bookmark(bookmark, "Bookmark with a note")
        reader.app.push_screen(dialog, chosen)

    def _query_name(self, query: str | None) -> str:
        """The topic's name when the query shown is a topic's, else the query itself."""
        if not query:
            return ""
        topic = next((t for t in self.reader.config.topics if t.query == query), None)
        return topic.name if topic else query

    def add(self, bookmark: Bookmark) -> None:
        """Write ``bookmark`` (after any waiting ones) in a worker; it waits if that fails."""
        bookmark = replace(bookmark, saved=self.now())
        for waiting in self.waiting if self.error else ():  # (not just on its way)
            if waiting.same_passage(bookmark):
                self.reader.notify(
                    f"{bookmark.label} ¶{bookmark.passage + 1} is already waiting to be saved "
                    f"({short_reason(self.error, self.notes.path)}); trying again",
                    title="Bookmark",
                    severity="warning",
                    markup=False,
                )
                self.retry()
                return
        self.waiting = [*self.waiting, bookmark]  # shown as waiting until written
        self.show_marks()
        saver = self.saver  # made here, on the app's thread, before the worker uses it

        def job() -> Flushed:
            if not any(b.same_passage(bookmark) for b in saver.pending):
                saver.pending.append(bookmark)
            return self._flush()

        self.run(job, self._flushed)

    def retry(self, quiet: bool = False) -> None:
        """Write the waiting bookmarks again (``ctrl+s``, ``b``, or the timer when quiet)."""
        if not self.waiting:
            if not quiet:
                self.reader.set_message(f"no bookmarks waiting: every one is in {self.name}")
            return
        self.run(self._flush, lambda flushed: self._flushed(flushed, quiet))

    def _flush(self) -> Flushed:
        """In the worker: write what waits, then read the file back for the marks."""
        from tui.notes.notes_file import NotesError

        results: list[AppendResult] = []
        try:
            for bookmark in list(self.saver.pending):  # in order; a written one leaves
                results.append(self.saver.add(bookmark))
        except (NotesError, OSError) as error:
            if not isinstance(error, NotesError):
                error = NotesError(f"cannot write notes file {self.notes.path}: {error}")
            return Flushed(results, None, list(self.saver.pending), error)
        try:
            read = self.notes.read()
        except (NotesError, OSError):
            read = None
        return Flushed(results, read, [], None)

    def _flushed(self, flushed: Flushed, quiet: bool = False) -> None:
        """On the app's thread: say what was written, or why the rest waits."""
        self.waiting = flushed.waiting
        results = flushed.results
        if results:
            self._say_written(results)
            self._hand_over([result.bookmark for result in results if result.added])
        if flushed.error is not None:
            self._say_failed(flushed.error, toast=not quiet)
            return
        if self.error is not None:  # the waiting line and count go
            self.error = None
            self.reader.set_message("")
            self.reader.show_counts()
        self._quit_asked = False
        self._stop_timer()
        if flushed.read is not None:
            self.loaded(flushed.read)
        else:
            self.show_marks()

    def _say_written(self, results: list[AppendResult]) -> None:
        if len(results) > 1:
            added = sum(1 for result in results if result.added)
            text = f"{plural(added, 'bookmark')} saved to {self.name}"
            if added < len(results):
                text += f" ({len(results) - added} already there)"
            self.reader.notify(text, title="Bookmarks saved", markup=False)
            return
        result = results[0]
        bookmark = result.bookmark
        where = f"{bookmark.label} ¶{bookmark.passage + 1}"
        if result.added:
            self.reader.notify(f"{where} saved to {self.name}", title="Bookmark", markup=False)
        else:
            saved = f" (saved {short_time(bookmark.saved)})" if bookmark.saved else ""
            self.reader.notify(
                f"{where} is already in {self.name}{saved}",
                title="Bookmark",
                severity="warning",
                markup=False,
            )

    def _hand_over(self, written: list[Bookmark]) -> None:
        """Give the bookmarks just written to ``bookmark_command`` (if the config sets one),
        one at a time in a thread worker, apart from the notes file's jobs."""
        config = self.reader.config
        argv, timeout = config.bookmark_command, config.bookmark_command_timeout
        if not argv or not self._to_command.put(written):
            return

        def deliver_one(bookmark: Bookmark) -> None:  # in the worker
            from tui.notes.hook import deliver

            message = deliver(argv, bookmark, timeout)
            if message is not None:
                with contextlib.suppress(RuntimeError):
                    self.reader.call_later(self._command_failed, message)

        drain = partial(self._to_command.drain, deliver_one)
        self.reader.run_worker(drain, thread=True, group="bookmark-command", exit_on_error=False)

    async def _command_done(self) -> None:
        """Before quitting: ``bookmark_command`` finishes with the bookmarks it has (each at
        most its timeout), in sight, rather than after the screen is gone."""
        workers = [worker for worker in self.reader.workers if worker.group == "bookmark-command"]
        if workers:
            timeout = self.reader.config.bookmark_command_timeout
            self.reader.set_message(
                f"handing bookmarks to bookmark_command (at most {timeout:g} s each), then quitting"
            )
            await self.reader.workers.wait_for_complete(workers)

    def _command_failed(self, message: str) -> None:
        self.reader.notify(
            f"{message}\nThe bookmark is kept in {self.name}.",
            title="Bookmark command failed",
            severity="error",
            markup=False,
            timeout=10,
        )

    def _say_failed(self, error: NotesError, toast: bool) -> None:
        message = str(error)
        if toast or message != self.error:
            self.reader.notify(
                f"{message}\nThe bookmark is kept and will be saved once this is fixed.",
                title="Bookmark not saved",
                severity="error",
                markup=False,
                timeout=10,
            )
        self.error = message
        self.show_marks()
        self.say_waiting()
        if self.waiting:
            self._start_timer()

    def say_waiting(self) -> None:
        """The line under the top row: how many wait, why, and how to retry."""
        if not self.waiting:
            return
        reason = short_reason(self.error or "not written yet", self.notes.path)
        count = plural(len(self.waiting), "bookmark")
        verb = "is" if len(self.waiting) == 1 else "are"
        then = "; press q again to quit without them" if self._quit_asked else ""
        self.reader.set_message(
            f"{count} {verb} waiting: {reason}; retrying every {RETRY_SECONDS:g} s, "
            f"or press ctrl+s (or b again){then}",
            error=True,
        )
        self.reader.show_counts()

    def _start_timer(self) -> None:
        if self._timer is None:
            self._timer = self.reader.set_interval(RETRY_SECONDS, lambda: self.retry(quiet=True))

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    async def may_quit(self) -> bool:
        """Let writes on their way finish; with bookmarks unsaved, only the second time."""
        workers = [worker for worker in self.reader.workers if worker.group == "notes"]
        if workers:
            await self.reader.workers.wait_for_complete(workers)
        unsaved = len(self.saver.pending)  # no worker runs now: this is the truth
        if not unsaved or self._quit_asked:
            await self._command_done()
            return True
        self._quit_asked = True
        reason = f"{self.name} could not be written"
        if self.error:
            reason = short_reason(self.error, self.notes.path)
        self.reader.set_message(
            f"{plural(unsaved, 'bookmark')} not saved ({reason}): fix that and press ctrl+s, "
            "or press q again to quit without them",
            error=True,
        )
        return False

    # -- from the notes screen ---------------------------------------------------------------

    def jump(self, bookmark: Bookmark) -> str | None:
        """Focus the bookmark's passage in its pane; the reason when it cannot."""
        reader = self.reader
        if not same_corpus(bookmark, reader.corpus.root):
            return f"from another briefing ({bookmark.corpus}): open that folder to go there"
        found = locate(bookmark, reader.views)
        if isinstance(found, str):
            return found
        reader.focus_passage(found.view.path, found.passage)
        where = f"{bookmark.label} ¶{found.passage + 1}"
        if found.exact:
            reader.set_message(f"bookmark: {where}")
        else:
            reader.set_message(f"bookmark: {where} (the article changed since; nearest passage)")
        return None

    def is_here(self, bookmark: Bookmark) -> bool:
        return same_corpus(bookmark, self.reader.corpus.root)
