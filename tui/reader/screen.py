"""The reader: one pane per article side by side, the passages of a topic marked in each.

Each article has an :class:`ArticleView` (hits, cursor, rows); only as many pane widgets
as fit side by side exist, bound to a window over the views that follows the focus
(:mod:`tui.reader.pane_window`). The compare keys open their screens through
:mod:`tui.reader.compare_keys`; the bookmarks live in :mod:`tui.notes.bookmarks`.

The first frame shows the articles as read by ``load_corpus`` (fast); Whoosh is imported and
the index brought up to date afterwards in a thread worker (:mod:`tui.reader.indexing`),
with progress in the top row. Searches run in a worker too (:mod:`tui.reader.searching`);
only the newest answer is drawn.

The reader's state is held in reactives: the query, its result, focus mode, aligning and
expansion; their watchers redraw.
"""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static

from index.corpus.articles import Corpus, CorpusError, load_corpus
from index.corpus.textclean import one_line
from index.corpus.unlisted import drop_skipped, unread
from tui import keymap
from tui.commands import BriefingCommands
from tui.compare.actions import CoverageFound, DisagreementsFound, figure_spans, prepare_compare
from tui.notes.bookmarks import Bookmarks
from tui.reader.article_view import ArticleView
from tui.reader.compare_keys import CompareKeys
from tui.reader.focused_passage import FocusedPassage
from tui.reader.indexing import (
    IndexFailed,
    IndexProgress,
    IndexReady,
    start_indexing,
    stop_builds,
)
from tui.reader.key_bar import KeyBar
from tui.reader.pane_window import LAND_ROW, PaneWindow, ReaderRow
from tui.reader.query_bar import QueryBar, QueryInput
from tui.reader.reading import ReadingDone, ReadingProgress, start_reading
from tui.reader.searching import Ask, SearchDone, Searches
from tui.reader.source_pane import SourcePane

if TYPE_CHECKING:
    from index.compare.disagreements import Disagreement
    from index.search.api import SearchResult
    from tui.briefing import Briefing
    from tui.compare.jump import Jump
    from tui.config import Config
    from tui.notes.notes_file import Bookmark

ALSO_SHOWN = 4  # the words expansion taught that the top row names ("also: a, b, c, d, …")
COMPARED_AHEAD = 500
"""Articles up to which the comparisons are worked out ahead: analysing every passage holds
~150 MB per 1,000 articles (issue 16's app memory, ≤ 300 MB at 10,000)."""
EAGER_UNLISTED = 500
"""Files not in the folder's listing read before the first frame, at most; more are known by
name and read after it (:mod:`tui.reader.reading`). Reading 500 takes ~0.2 s, within the
launch's budget, and keeps a small briefing (the bundled one, every test's) shown whole on
its first frame; 10,000 took 3.9 s (issue 16)."""


class ReaderScreen(Screen, inherit_bindings=False):
    """The main screen: the query bar, the row of panes and the key bar.

    Without Textual's tab/shift+tab focus cycling: those keys move between panes.
    """

    BINDINGS: ClassVar = [
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
        *keymap.READER_BINDINGS,
    ]
    COMMANDS: ClassVar = {BriefingCommands}
    AUTO_FOCUS = "SourcePane"

    query_text: reactive[str] = reactive("", init=False)
    """The query whose hits are shown ("" for none): the one source of truth for it."""
    result: reactive[SearchResult | None] = reactive(None, init=False, always_update=True)
    """Its answer, once there is one."""
    focus_mode = reactive(False, init=False)
    align = reactive(True, init=False)
    expansion: reactive[bool | None] = reactive(None, init=False)
    """Feedback expansion forced on or off for the session; None: as configured."""

    def __init__(
        self,
        config: Config,
        root: Path,
        keys: dict[str, str],
        topic: str | None = None,
        notes: str | None = None,
    ) -> None:
        super().__init__(id="_default")
        self.config = config
        self.keys = keys  # the keymap in effect (config.yaml's keys:)
        self.root = Path(root)
        self.initial_topic = topic
        self.bookmarks = Bookmarks(self, notes)  # notes file: --notes, config.notes, default
        self.corpus = Corpus(self.root)
        self.window = PaneWindow()  # the views, and which ones the panes show
        self.searches = Searches(self)
        self.compare = CompareKeys(self, self.open_jump)
        self._query_before_edit = ""
        self._jump_on_answer: tuple[int, Jump] | None = None  # a jump waiting for its search
        self._indexing = "reading"
        self._partial = False  # searchable, but a build is still committing batches
        self._reading = ""  # "reading 400 of 10,000 articles" while the rest is read
        self._last_key = 0.0  # when a key was last pressed (time.monotonic())
        self._panes: list[SourcePane] | None = None
        self._warned: set[str] = set()
        self._message = ("", False)
        self.set_reactive(ReaderScreen.align, config.align)
        if config.expansion:
            self.set_reactive(ReaderScreen.expansion, True)

    # -- building the screen ---------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield QueryBar(self.config.topics)  # the message line mounts below it when needed
        try:
            # Saved pages not extracted yet are placeholders until the index worker has read
            # them: the first frame never waits for extraction.
            self.corpus = load_corpus(
                self.root,
                self.config.max_bytes,
                extract_pages=False,
                cache_dir=self.config.cache_dir,
                eager_up_to=EAGER_UNLISTED,
                trust_listing=True,  # the index worker checks the folder after the frame
            )
        except CorpusError as error:
            self.corpus = Corpus(self.root, warnings=[str(error)])
        if waiting := unread(self.corpus):
            self._reading = f"reading 0 of {len(waiting):,} articles"
        self.window = PaneWindow(ArticleView(article) for article in self.corpus.articles)
        with ReaderRow(id="panes"):
            for number in range(self._fitting(self.app.size.width)):
                yield SourcePane(id=f"pane-{number}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(KeyBar).show_keys(self.keys)
        self.query_one(QueryBar).show_keys(self.keys)
        self.notify_warnings([*self.config.warnings, *self.corpus.warnings])
        if self.initial_topic:
            index = self._topic_index(self.initial_topic)
            if index is not None:
                self.select_topic(index)
        self.call_after_refresh(self.bookmarks.load)  # the ★ marks, in a worker
        self._bind()
        self.call_after_refresh(self._start_indexing)
        if self._reading:
            self.call_after_refresh(start_reading, self, self.corpus, lambda: self._last_key)

    def notify_warnings(self, warnings: list[str]) -> None:
        """One toast for the warnings not shown before (config, keymap, skipped files)."""
        warnings = [w for w in dict.fromkeys(warnings) if w not in self._warned]
        self._warned.update(warnings)
        if not warnings:
            return
        shown = "\n".join(one_line(warning) for warning in warnings[:5])  # names: escape codes
        if len(warnings) > 5:
            shown += f"\n… and {len(warnings) - 5} more"
        self.notify(shown, title="Warnings", severity="warning", markup=False, timeout=8)

    # -- panes and views -------------------------------------------------------------------------

    @property
    def panes(self) -> list[SourcePane]:
        """The pane widgets, left to right."""
        if self._panes is None:
            self._panes = list(self.query_one(ReaderRow).query_children(SourcePane))
        return self._panes

    @property
    def views(self) -> list[ArticleView]:
        """Every article's view, in the order shown: hits first."""
        return self.window.views

    @property
    def focused_view(self) -> ArticleView | None:
        return self.window.focused

    @property
    def focused_pane(self) -> SourcePane | None:
        return self.pane_of(self.focused_view)

    def pane_of(self, view: ArticleView | None) -> SourcePane | None:
        return next((pane for pane in self.panes if view and pane.view is view), None)

    def view_for(self, path: str) -> ArticleView | None:
        return self.window.view_for(path)

    def _fitting(self, width: int) -> int:
        return self.window.fitting(width, self.config.pane_width)

    async def fit_panes(self) -> None:
        """Mount or remove panes so that as many as fit are shown, then bind them."""
        row = self.query_one(ReaderRow)
        wanted = self._fitting(row.size.width or self.app.size.width)
        panes = self.panes
        if len(panes) > wanted:
            self._panes = panes[:wanted]
            await row.remove_children(panes[wanted:])
        elif len(panes) < wanted:
            added = [SourcePane(id=f"pane-{number}") for number in range(len(panes), wanted)]
            self._panes = panes + added
            await row.mount_all(added)
        self._bind()

    async def on_reader_row_resized(self) -> None:
        """Mount or remove panes when another number fits; at the same number each pane lays
        its view out again for its own width (binding them all again would draw each twice)."""
        row = self.query_one(ReaderRow)
        if len(self.panes) != self._fitting(row.size.width or self.app.size.width):
            await self.fit_panes()

    def on_reader_row_scrolled(self, message: ReaderRow.Scrolled) -> None:
        self.window.shift(message.delta, len(self.panes))
        self._bind()

    def _bind(self, focus: bool = True) -> None:
        """Bind the panes to the window of views around the focused one."""
        panes = self.panes
        self._show_empty_state(not self.window.visible)
        for pane, view in zip(panes, self.window.shown(len(panes)), strict=True):
            pane.bind(view)
        pane = self.focused_pane
        on_top = self.app.screen is self
        if focus and on_top and pane is not None and not isinstance(self.focused, Input):
            pane.focus()
        self.show_counts()

    def _show_empty_state(self, empty: bool) -> None:
        """Say the folder has no articles; the line is mounted the first time it is needed
        (rarely: every widget on the first frame costs start-up time)."""
        try:
            self.query_one("#empty").display = empty
        except NoMatches:
            if empty:
                text = f"No articles in {self.root} (.txt or .md files)."
                self.query_one(ReaderRow).mount(Static(Content(text), id="empty"))

    def focus_view(self, view: ArticleView) -> None:
        """Show ``view`` (unhiding it if needed) in a pane and focus it."""
        if self.window.focus(view):
            self.call_later(self.fit_panes)
        self._bind()

    def on_descendant_focus(self, event: Any) -> None:
        pane = event.widget
        if isinstance(pane, SourcePane) and pane.view is not None:
            visible = self.window.visible
            if pane.view in visible:
                self.window.current = visible.index(pane.view)

    def on_source_pane_clicked(self, message: SourcePane.Clicked) -> None:
        view = message.pane.view
        if view is None:
            return
        self.window.current = self.window.visible.index(view)
        if message.passage is not None:
            view.move_cursor(message.passage)
            message.pane.cursor_moved()
        message.pane.focus()

    # -- the index ---------------------------------------------------------------------------

    @property
    def briefing(self) -> Briefing | None:
        """The open index and its configuration, None until the index answers."""
        return self.searches.briefing

    def _start_indexing(self) -> None:
        self._indexing = "opening the index"
        self.show_counts()
        start_indexing(self, self.config, self.root, self.corpus)

    def on_index_progress(self, message: IndexProgress) -> None:
        if not self._partial:  # once searchable, it says how far
            self._indexing = f"indexing {message.done:,}/{message.total:,}"
            self.show_counts()

    async def on_index_failed(self, message: IndexFailed) -> None:
        self._indexing = "search unavailable"
        self.set_message(f"cannot open the search index: {message.reason}", error=True)
        if message.corpus is not None:
            await self._show_corpus(message.corpus)
        self.show_counts()

    async def _show_corpus(self, corpus: Corpus) -> None:
        """Show ``corpus`` (the folder read again) in place of the articles shown: new views,
        the focus back on the first."""
        self.workers.cancel_group(self, "reading")  # the new corpus is read
        self._reading = ""
        self.corpus = corpus
        self.window = PaneWindow(ArticleView(article) for article in corpus.articles)
        self.bookmarks.show_marks()
        await self.fit_panes()

    async def on_index_ready(self, message: IndexReady) -> None:
        """The index answers: in full, or (``message.partial``) from a build's first batches,
        each of which asks the query again."""
        was_partial = self._partial
        self.searches.opened(message.briefing)
        self._partial = message.partial is not None
        self._indexing = str(message.partial) if message.partial else ""
        if message.corpus is not None:  # the articles as indexed
            await self._show_corpus(message.corpus)
        if message.report.warnings:
            self.notify_warnings(message.report.warnings)
        self.show_counts()
        if self.query_text and (self.result is None or was_partial):  # typed meanwhile
            self.run_query(self.query_text)
        if message.partial is None:  # the whole index: worth computing ahead
            self.searches.prefetch([self._ask(topic.query) for topic in self.config.topics[:9]])
            self.start_compare()

    def on_unmount(self) -> None:
        stop_builds()  # the app is closing: its index build must not hold it open

    # -- the rest of a never-seen folder ----------------------------------------------------------

    def on_reading_progress(self, message: ReadingProgress) -> None:
        if message.corpus is self.corpus:
            self._reading = str(message)
            self.show_counts()

    async def on_reading_done(self, message: ReadingDone) -> None:
        """Every article read: the files that turned out unreadable leave with their
        warnings (the focused article stays focused)."""
        if message.corpus is not self.corpus:
            return
        self._reading = ""
        if drop_skipped(self.corpus):
            focused = self.focused_view
            self.window.keep({article.path for article in self.corpus.articles})
            if focused is not None and focused in self.window.visible:
                self.window.current = self.window.visible.index(focused)
            await self.fit_panes()
        self.notify_warnings(self.corpus.warnings)
        self.show_counts()

    # -- queries -------------------------------------------------------------------------------

    @property
    def query_input(self) -> QueryInput:
        return self.query_one(QueryBar).input

    def _topic_index(self, name: str) -> int | None:
        for index, topic in enumerate(self.config.topics):
            if topic.name.casefold() == name.casefold():
                return index
        return None

    def select_topic(self, index: int) -> None:
        """Show topic ``index`` (0-based, config order): its query goes into the box."""
        if not 0 <= index < len(self.config.topics):
            self.set_message(f"no topic {index + 1} (topics: 1-{len(self.config.topics)})")
            return
        self.run_query(self.config.topics[index].query)

    def _ask(self, text: str) -> Ask:
        return Ask(text, self.expansion)

    def run_query(self, text: str) -> None:
        """Search for ``text`` (or clear the highlights for an empty text)."""
        text = text.strip()
        self.query_text = text
        self.searches.next()
        if not text:
            self.set_message("")
            self.result = None
            return
        if self.briefing is None:  # searched once the index is open
            self.show_counts()
            return
        ask = self._ask(text)
        cached = self.searches.cached(ask)
        if cached is not None:
            self._say_notices(cached)
            self.result = cached
            return
        self.set_message("")  # the error of a query typed before this one is stale now
        self.searches.start(ask)

    def on_search_done(self, message: SearchDone) -> None:
        if not self.searches.answers(message):
            return  # a topic searched ahead, or a newer query is on its way
        self.call_after_refresh(self.searches.drawn, message.sequence)
        if message.error is not None:
            self.set_message(message.error, error=True)
            return
        assert message.result is not None
        self.searches.remember(message.ask, message.result)
        self._say_notices(message.result)
        self.result = message.result
        if self._jump_on_answer and self._jump_on_answer[0] == message.sequence:
            jump = self._jump_on_answer[1]
            self._jump_on_answer = None
            self.focus_passage(jump.path, jump.passage, align=True)

    def _say_notices(self, result: SearchResult) -> None:
        """What was changed to keep the query from running away (a fuzzy distance capped)."""
        if result.query.notices:
            self.set_message("; ".join(result.query.notices))

    def watch_query_text(self) -> None:
        self._show_query()

    def _show_query(self) -> None:
        """The query in the box (unless the reader is typing there) and its topic marked."""
        text = self.query_text
        self.query_one(QueryBar).select(
            next((i for i, t in enumerate(self.config.topics) if t.query == text), None)
        )
        box = self.query_input
        if not box.has_focus and box.value.strip() != text:
            box.value = text
            box.cursor_position = 0  # a long query shows its first words, not its last

    def watch_result(self, result: SearchResult | None) -> None:
        """Mark the hits of ``result`` in every view, hit views first, and land on the best
        (the result's views get their group; each makes its pane's hits only when drawn or
        asked)."""
        self._show_query()
        focused = self.focused_view
        groups = {group.article.path: group for group in result.articles} if result else {}
        topic = self.query_one(QueryBar).selected is not None
        self.window.show(groups, result is not None, topic)
        landed = result is not None and self._land()
        if not landed:
            if focused is not None and focused in self.window.visible:
                self.window.current = self.window.visible.index(focused)
            self._bind(focus=False)

    def _land(self) -> bool:
        """After a new query: each cursor on its best hit, the best source focused (see
        :meth:`PaneWindow.land`); False if no source has hits."""
        pane = self.focused_pane or (self.panes[0] if self.panes else None)
        landed = self.window.land(pane.text_width if pane else 0, self.align)
        if landed is None:
            return False
        self._bind(focus=not isinstance(self.focused, Input))
        return True

    def _align(self, source: SourcePane) -> None:
        """Other views: cursor on their best hit, level with ``source``'s cursor."""
        view = source.view
        if view is None or not view.query_active or not self.align:
            return
        row = max(source.cursor_screen_row() or 0, 0)
        for other in self.window.level_with(view, row):
            pane = self.pane_of(other)
            if pane is not None:
                pane.update_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "query":
            return
        self.searches.cancel_debounce()
        value = event.value
        if value.strip() == self.query_text:
            return
        self.searches.debounce(lambda: self.run_query(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query":
            self._commit_query(event.value)

    def _commit_query(self, typed: str) -> None:
        """Enter (or tab) in the query box: search what was typed, keep it in the history."""
        text = typed.strip()
        self.query_input.remember(text)
        if text != self.query_text or self.searches.debouncing:
            self.run_query(text)
        self._back_to_panes()

    def on_query_input_left(self, _message: QueryInput.Left) -> None:
        before = self._query_before_edit
        if before != self.query_text:
            self.run_query(before)
        self.query_input.value = before
        self._back_to_panes()

    def _back_to_panes(self) -> None:
        pane = self.focused_pane
        if pane is not None:
            pane.focus()
        else:
            self.set_focus(None)

    # -- the top rows ----------------------------------------------------------------------------

    def show_counts(self) -> None:
        """The top row's right end: sources, hits, hidden panes, the window, waiting bookmarks,
        the index's progress, and the words expansion taught the query."""
        views = self.views
        parts = [f"{len(views):,} source{'s' if len(views) != 1 else ''}"]
        if self.result is not None:
            parts.append(f"{self.window.with_hits():,} with hits")
        if hidden := self.window.hidden_count:
            parts.append(f"{hidden:,} hidden")
        if window := self.window.label(len(self.panes)):
            parts.append(window)
        if self.bookmarks.unsaved:
            parts.append(f"☆ {len(self.bookmarks.unsaved)} not saved")
        if self.result is not None and self.result.expansion:  # last: the first to be cut
            words = self.result.expansion
            more = ", …" if len(words) > ALSO_SHOWN else ""
            parts.append(f"also: {', '.join(words[:ALSO_SHOWN])}{more}")
        if self._indexing:
            parts.insert(0, self._indexing + "…")
        if self._reading:
            parts.insert(0, self._reading + "…")
        self.query_one(QueryBar).set_counts(" · ".join(parts))

    def set_message(self, text: str, error: bool = False) -> None:
        """A one-line message under the top row (errors of queries, hints); "" hides it."""
        if (text, error) == self._message:
            return
        self._message = (text, error)
        try:
            message = self.query_one("#message", Static)
        except NoMatches:  # the first message: its line is mounted now, not at start-up
            if not text:
                return
            message = Static(id="message", markup=False)
            self.mount(message, after=self.query_one(QueryBar))
        message.update(Content(text), layout=False)
        message.set_class(bool(text), "-shown")
        message.set_class(error, "-error")

    def key_pressed(self) -> None:
        """A message lasts until the next key, as in less; the reading of the rest waits."""
        self._last_key = time.monotonic()
        if self._message[0]:
            self.set_message("")

    # -- the passage under the cursor ----------------------------------------------------------

    def focused_passage(self) -> FocusedPassage | None:
        """The focused pane's passage under the cursor, with the query that is shown."""
        view = self.focused_view
        if view is None or not view.article.passages:
            return None
        article = view.article
        passage = article.passages[view.cursor]
        return FocusedPassage(
            article.path,
            passage.number,
            passage.text,
            self.query_text or None,
            article.label,
            article.heading,
            article.date,
        )

    def _moved(self, view: ArticleView) -> None:
        pane = self.pane_of(view)
        if pane is not None:
            pane.cursor_moved()
        self._say_why(view)

    def _say_why(self, view: ArticleView) -> None:
        """One line on why the passage under the cursor matched (cleared off the hits)."""
        from index.search.hit_kinds import WHY

        hit = view.shown_hit(view.cursor)  # in the article's text, as drawn
        if hit is None:
            if self._message[0].startswith(WHY):
                self.set_message("")
            return
        from index.search.why import explain  # only with hits: the search is loaded

        topic = next((t for t in self.config.topics if t.query == self.query_text), None)
        self.set_message(explain(hit, self.query_text, topic.also if topic else ""))

    # -- the reader's state --------------------------------------------------------------------

    def watch_focus_mode(self, on: bool) -> None:
        for view in self.views:
            view.set_focus_mode(on)
        self._bind()
        state = "on: only matching passages" if on else "off"
        if on and self.result is None:
            state += " (once a topic or query is chosen)"
        self.set_message(f"focus mode {state}")

    def watch_align(self, on: bool) -> None:
        self.set_message(f"aligning other panes on hits: {'on' if on else 'off'}")

    def watch_expansion(self, on: bool | None) -> None:
        """Search the query again, expanded or not."""
        if self.query_text:
            self.run_query(self.query_text)
        if on:
            self.set_message("expansion on: the best hits teach the query more words")
        else:
            self.set_message("expansion off: only the query's own words")

    # -- actions -------------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_input
        if self.focused is box:  # a priority binding: in the box, the key types itself
            character = self._search_key_character()
            if character:  # behind the keys already on their way to the box
                key = keymap.keys_of("search", self.keys)[0]
                box.post_message(events.Key(key, character))
            return
        self._query_before_edit = self.query_text
        # Focus now, not after the queued keys: text typed right after "/" goes in the box.
        self.set_focus(box)

    def _search_key_character(self) -> str:
        key = keymap.keys_of("search", self.keys)[0]
        return "/" if key == "slash" else key if len(key) == 1 else ""

    def action_topic(self, index: int) -> None:
        self.select_topic(index)

    def action_clear_query(self) -> None:
        self.run_query("")

    def action_toggle_expansion(self) -> None:
        """Expansion on or off for the session, from what the query shown does now."""
        expanding = self.result.query.expand if self.result is not None else self.expansion
        self.expansion = not expanding

    def action_cursor(self, delta: int) -> None:
        if (view := self.focused_view) is not None and view.step(delta):
            self._moved(view)

    def action_cursor_first(self) -> None:
        if (view := self.focused_view) is not None:
            view.first()
            self._moved(view)
            if (pane := self.pane_of(view)) is not None:
                pane.scroll_to(y=0, animate=False, immediate=True)

    def action_cursor_last(self) -> None:
        if (view := self.focused_view) is not None:
            view.last()
            self._moved(view)

    def action_page(self, delta: int) -> None:
        if (pane := self.focused_pane) is not None:
            pane.page(delta)

    def action_hit(self, delta: int) -> None:
        view = self.focused_view
        if view is None:
            return
        if not view.query_active:
            self.set_message("no topic or query: press 1-9 or /")
            return
        if not view.hit_count:
            self.set_message("no hits in this source; ] and [ go to the next and previous source")
            return
        wrapped = not view.next_hit(delta)
        if wrapped:  # past the last hit: round to the first (and back), as less and vim do
            hits = view.hit_passages()
            view.move_cursor(hits[0] if delta > 0 else hits[-1])
        self.set_message("")
        self._moved(view)
        if (pane := self.pane_of(view)) is not None:
            self._align(pane)
        if wrapped:
            end, other = ("last", "first") if delta > 0 else ("first", "last")
            self.set_message(f"{end} hit here: back to the {other}; ] goes to the next source")

    def action_source(self, delta: int) -> None:
        visible = self.window.visible
        if self.result is None or not any(view.hit_count for view in visible):
            self.action_pane(delta)
            return
        count = len(visible)
        for step in range(1, count + 1):
            view = visible[(self.window.current + step * delta) % count]
            if view.hit_count:
                break
        self.window.current = visible.index(view)
        best = view.best_hit()
        if best is not None:
            view.move_cursor(best)
        self._bind()
        pane = self.pane_of(view)
        if pane is not None:
            pane.cursor_moved()
            self._align(pane)

    def action_pane(self, delta: int) -> None:
        if isinstance(self.focused, QueryInput):  # tab in the box: commit, back to the panes
            self._commit_query(self.focused.value)
            return
        visible = self.window.visible
        if not visible:
            return
        if isinstance(self.focused, SourcePane):
            self.window.current = (self.window.current + delta) % len(visible)
        self._bind()

    async def action_hide_pane(self) -> None:
        view = self.focused_view
        visible = self.window.visible
        if view is None:
            return
        if len(visible) == 1:
            self.set_message("the last pane stays; X shows hidden panes")
            return
        view.hidden = True
        self.window.current = min(self.window.current, len(visible) - 2)
        await self.fit_panes()
        self.set_message(f"hid {view.article.label}; X shows hidden panes")

    async def action_show_panes(self) -> None:
        hidden = [view for view in self.views if view.hidden]
        focused = self.focused_view
        for view in hidden:
            view.hidden = False
        if focused is not None:
            self.window.current = self.window.visible.index(focused)
        await self.fit_panes()
        self.set_message(f"showing {len(hidden)} hidden pane(s)" if hidden else "")

    def action_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode

    def action_toggle_align(self) -> None:
        self.align = not self.align

    def action_article_info(self) -> None:
        from tui.reader.article_info import ArticleInfoScreen

        view = self.focused_view
        if view is not None:
            self.app.push_screen(ArticleInfoScreen(view.article))

    def action_open_source(self, url: bool = False) -> None:
        from tui.reader import passage_actions

        if url:
            passage_actions.open_url(self)
        else:
            passage_actions.open_file(self)

    def action_sources(self) -> None:
        from tui.compare.sources_screen import SourcesScreen, sources_closed

        closed = partial(sources_closed, self, self.focused_view)
        self.app.push_screen(SourcesScreen(self), closed)

    def action_timeline(self) -> None:
        from tui.compare.sources_screen import sources_closed
        from tui.compare.timeline_screen import TimelineScreen

        if not any(view.hit_count for view in self.views):
            what = "choose a topic (1-9) or / first"
            if self.query_text:
                what = "no source has hits on it"
            self.set_message(f"t shows who reported the topic when: {what}")
            return
        closed = partial(sources_closed, self, self.focused_view)
        self.app.push_screen(TimelineScreen(self), closed)

    def action_copy(self, with_citation: bool = True) -> None:
        from tui.reader.passage_actions import copy_passage

        copy_passage(self, with_citation)

    def action_bookmark(self, with_note: bool = False) -> None:
        self.bookmarks.bookmark_focused(with_note)

    def action_retry_bookmarks(self) -> None:
        self.bookmarks.retry()

    def go_to_bookmark(self, bookmark: Bookmark | None) -> None:
        """Back from the notes screen: to the bookmark chosen there, if any."""
        if bookmark is not None:
            self.bookmarks.jump(bookmark)

    # -- compare -------------------------------------------------------------------------------

    def start_compare(self) -> None:
        """Work out the topics' matrix, analyse the passages and find disagreeing figures,
        off the UI thread; on a larger briefing, each when its key opens it."""
        self.compare.forget()
        if self.briefing is not None and len(self.views) <= COMPARED_AHEAD:
            prepare_compare(self, self.briefing, self.config.aliases)

    def on_coverage_found(self, message: CoverageFound) -> None:
        self.compare.coverage_found(message)

    def on_disagreements_found(self, message: DisagreementsFound) -> None:
        if self.compare.disagreements_found(message):
            self.mark_figures(message.found)

    def mark_figures(self, found: list[Disagreement]) -> None:
        """Give each view the spans of its disagreeing figures, and redraw the panes whose
        marks changed."""
        spans = figure_spans(found)
        changed: set[str] = set()
        for view in self.views:
            figures = spans.get(view.path, {})
            if figures != view.figures:
                view.figures = figures
                changed.add(view.path)
        for pane in self.panes:
            if pane.view is not None and pane.view.path in changed:
                pane.redraw()

    def action_coverage(self) -> None:
        self.compare.open_coverage()

    def action_same_fact(self) -> None:
        self.compare.open_same_fact()

    def action_disagreements(self) -> None:
        self.compare.open_disagreements()

    def open_jump(self, jump: Jump | None) -> None:
        """Show ``jump.query`` (if any) and focus ``jump.path``'s pane on its passage."""
        if jump is None:
            return
        query = jump.query
        if query is not None and (query != self.query_text or self.result is None):
            searching = self.searches.cached(self._ask(query)) is None
            self.run_query(query)  # cached: applied at once
            if searching:  # the jump is taken when the answer is shown
                self._jump_on_answer = (self.searches.sequence, jump)
                return
        self.focus_passage(jump.path, jump.passage, align=query is not None)

    def focus_passage(self, path: str, passage: int | None, align: bool = False) -> None:
        """Focus ``path``'s pane with its cursor on ``passage`` (a few rows from the top)."""
        view = self.view_for(path)
        if view is None:
            self.set_message(f"{path} is not in the reader (changed since?)", error=True)
            return
        if passage is not None and view.article.passages:
            if self.focus_mode and passage not in view.navigable():
                self.focus_mode = False  # the passage is not a hit
            view.move_cursor(passage)
            view.anchor = LAND_ROW
        self.focus_view(view)  # binding the pane honours the anchor
        pane = self.pane_of(view)
        if pane is not None and align:
            self._align(pane)
