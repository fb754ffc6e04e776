"""The reader: one pane per article side by side, the passages of a topic marked in each.

Each article has an :class:`ArticleView` (hits, cursor, rows); only as many pane widgets
as fit side by side exist, bound to a window over the views that follows the focus.
The first frame shows the articles as read by ``load_corpus`` (fast); Whoosh is imported and
the index brought up to date afterwards in a thread worker, with progress in the top row.
Searches run in a worker too; only the newest answer is drawn.
"""

from __future__ import annotations

import gc
import time
from collections import OrderedDict
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from index.corpus.articles import Corpus, CorpusError, load_corpus
from index.corpus.textclean import one_line
from tui import keymap
from tui.commands import BriefingCommands
from tui.compare.actions import CompareActions
from tui.config import Config
from tui.notes.bookmarks import Bookmarks
from tui.reader.article_view import ArticleView, pane_hits
from tui.reader.indexing import IndexFailed, IndexProgress, IndexReady, start_indexing
from tui.reader.key_bar import KeyBar
from tui.reader.query_bar import QueryBar, QueryInput
from tui.reader.source_pane import PaneRow, SourcePane
from tui.theme_memory import remember_theme, remembered_theme

if TYPE_CHECKING:
    from textual.theme import Theme

    from index.search.api import SearchResult
    from tui.briefing import Briefing

DEBOUNCE_SECONDS = 0.15
CACHED_RESULTS = 32
SQUEEZE = 0.9  # panes may be this much narrower than reader.pane_width to fit one more
LAND_ROW = 2  # a new query shows the best passage this many rows below the pane top


class FocusedPassage(NamedTuple):
    """The passage under the cursor of the focused pane (what a bookmark keeps)."""

    path: str
    number: int
    text: str
    query: str | None
    source: str
    title: str
    date: str | None


class SearchDone(Message):
    def __init__(
        self, sequence: int, text: str, result: SearchResult | None, error: str | None
    ) -> None:
        super().__init__()
        self.sequence, self.text, self.result, self.error = sequence, text, result, error


class ReaderRow(PaneRow):
    """The row of panes; as many as fit, bound to a sliding window over the articles."""

    async def on_resize(self) -> None:
        await self.app.fit_panes()  # type: ignore[attr-defined]

    def on_mouse_scroll_right(self) -> None:
        self.app.shift_window(1)  # type: ignore[attr-defined]

    def on_mouse_scroll_left(self) -> None:
        self.app.shift_window(-1)  # type: ignore[attr-defined]


class ReaderScreen(Screen, inherit_bindings=False):
    """The main screen, without Textual's tab/shift+tab focus cycling: those keys move
    between panes (app bindings, so that they act in the order keys were typed: ``b l b``
    bookmarks one passage in each of two panes)."""

    BINDINGS: ClassVar = [
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False)
    ]


def resume_garbage_collection() -> None:
    """Turn the collector back on if ``briefing-tui`` started with it off, setting aside
    for good what start-up built (it lives as long as the app: no use scanning it again)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class BriefingApp(CompareActions, App[None]):
    """Read how each source of a briefing covers a topic."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "briefing-tui"
    BINDINGS = keymap.BINDINGS
    COMMANDS = App.COMMANDS | {BriefingCommands}
    AUTO_FOCUS = "SourcePane"

    def __init__(
        self,
        config: Config,
        root: Path,
        topic: str | None = None,
        notes: str | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.root = Path(root)
        self.bookmarks = Bookmarks(self, notes)  # notes file: --notes, config.notes, default
        self.keymap = keymap.check_keymap(config.keys, lambda id_: config.where("keys", id_))
        self.initial_topic = topic
        self.corpus = Corpus(self.root)
        self.views: list[ArticleView] = []  # in the order shown: hits first
        self.first = 0  # the visible view in the leftmost pane
        self.current = 0  # the focused visible view
        self.briefing: Briefing | None = None
        self.query = ""  # the query whose hits are shown ("" for none)
        self.result: SearchResult | None = None
        self.align = config.align
        self.focus_mode = False
        self._sequence = 0
        self._pending: str | None = None  # a query waiting for the index
        self._cache: OrderedDict[str, SearchResult] = OrderedDict()
        self._debounce: Timer | None = None
        self._query_before_edit = ""
        self._indexing = "reading"
        self.highlighted_at: float | None = None
        self._panes: list[SourcePane] | None = None
        self._warned: set[str] = set()
        self._message = ("", False)
        self._theme_kept = remembered_theme()  # the theme chosen last time (ctrl+p)
        if self._theme_kept in self.available_themes:
            self.theme = self._theme_kept

    # -- building the screen ---------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return ReaderScreen(id="_default")

    def compose(self) -> ComposeResult:
        yield QueryBar(self.config.topics)  # the message line mounts below it when needed
        try:
            # Saved pages not extracted yet are placeholders until the index worker has read
            # them: the first frame never waits for extraction.
            self.corpus = load_corpus(self.root, self.config.max_bytes, extract_pages=False)
        except CorpusError as error:
            self.corpus = Corpus(self.root, warnings=[str(error)])
        self.views = [ArticleView(article) for article in self.corpus.articles]
        with ReaderRow(id="panes"):
            for number in range(self._fitting(self.size.width)):
                yield SourcePane(id=f"pane-{number}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        self.set_keymap(self.keymap)
        self.query_one(KeyBar).show_keys(self.keymap)
        self.query_one(QueryBar).show_keys(self.keymap)
        self.notify_warnings([*self.config.warnings, *self.corpus.warnings])
        if self.initial_topic:
            index = self._topic_index(self.initial_topic)
            if index is not None:
                self.select_topic(index)
        self.call_after_refresh(resume_garbage_collection)
        self.call_after_refresh(self.bookmarks.load)  # the ★ marks, in a worker
        self._bind()
        self.call_after_refresh(self._start_indexing)

    def _keep_theme(self, theme: Theme) -> None:
        """Remember a newly chosen theme for the next run (in a thread: it writes a file)."""
        if theme.name != self._theme_kept:
            self._theme_kept = theme.name
            self.run_worker(partial(self._write_theme, theme.name), thread=True, group="theme")

    def _write_theme(self, name: str) -> None:
        problem = remember_theme(name)
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

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
            self._panes = list(self.query_one(PaneRow).query_children(SourcePane))
        return self._panes

    @property
    def visible_views(self) -> list[ArticleView]:
        return [view for view in self.views if not view.hidden]

    @property
    def focused_view(self) -> ArticleView | None:
        visible = self.visible_views
        return visible[min(self.current, len(visible) - 1)] if visible else None

    @property
    def focused_pane(self) -> SourcePane | None:
        return self.pane_of(self.focused_view)

    def pane_of(self, view: ArticleView | None) -> SourcePane | None:
        return next((pane for pane in self.panes if view and pane.view is view), None)

    def view_for(self, path: str) -> ArticleView | None:
        return next((view for view in self.views if view.path == path), None)

    def _fitting(self, width: int) -> int:
        """How many panes fit side by side in ``width`` columns (at least one)."""
        fit = max(1, int(width // (self.config.pane_width * SQUEEZE)))
        return min(fit, len(self.visible_views))

    async def fit_panes(self) -> None:
        """Mount or remove panes so that as many as fit are shown, then bind them."""
        row = self.query_one(PaneRow)
        wanted = self._fitting(row.size.width or self.size.width)
        panes = self.panes
        if len(panes) > wanted:
            self._panes = panes[:wanted]
            await row.remove_children(panes[wanted:])
        elif len(panes) < wanted:
            added = [SourcePane(id=f"pane-{number}") for number in range(len(panes), wanted)]
            self._panes = panes + added
            await row.mount_all(added)
        self._bind()

    def _bind(self, focus: bool = True) -> None:
        """Bind the panes to the window of views around the focused one."""
        visible = self.visible_views
        panes = self.panes
        self._show_empty_state(not visible)
        self.current = min(max(self.current, 0), max(len(visible) - 1, 0))
        count = len(panes)
        if self.current < self.first:
            self.first = self.current
        elif self.current >= self.first + count:
            self.first = self.current - count + 1
        self.first = min(max(self.first, 0), max(len(visible) - count, 0))
        for offset, pane in enumerate(panes):
            number = self.first + offset
            pane.bind(visible[number] if number < len(visible) else None)
        pane = self.focused_pane
        on_top = len(self.screen_stack) == 1
        if focus and on_top and pane is not None and not isinstance(self.focused, Input):
            pane.focus()
        self._show_counts()

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
        if view.hidden:
            view.hidden = False
            self.call_later(self.fit_panes)
        self.current = self.visible_views.index(view)
        self._bind()

    def shift_window(self, delta: int) -> None:
        """Scroll the row by ``delta`` panes (the focus stays on screen)."""
        visible = self.visible_views
        count = len(self.panes)
        self.first = min(max(self.first + delta, 0), max(len(visible) - count, 0))
        self.current = min(max(self.current, self.first), self.first + count - 1)
        self._bind()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and self._message[0]:
            self.set_message("")  # a message lasts until the next key, as in less
        await super().on_event(event)

    def on_descendant_focus(self, event: Any) -> None:
        pane = event.widget
        if isinstance(pane, SourcePane) and pane.view is not None:
            visible = self.visible_views
            if pane.view in visible:
                self.current = visible.index(pane.view)
                self._show_counts()

    def on_source_pane_clicked(self, message: SourcePane.Clicked) -> None:
        view = message.pane.view
        if view is None:
            return
        self.current = self.visible_views.index(view)
        if message.passage is not None:
            view.move_cursor(message.passage)
            message.pane.cursor_moved()
        message.pane.focus()

    # -- the index ---------------------------------------------------------------------------

    def _start_indexing(self) -> None:
        self._indexing = "opening the index"
        self._show_counts()
        start_indexing(self, self.config, self.root, self.corpus)

    def on_index_progress(self, message: IndexProgress) -> None:
        self._indexing = f"indexing {message.done}/{message.total}"
        self._show_counts()

    def on_index_failed(self, message: IndexFailed) -> None:
        self._indexing = "search unavailable"
        self.set_message(f"cannot open the search index: {message.reason}", error=True)
        self._show_counts()

    async def on_index_ready(self, message: IndexReady) -> None:
        self.briefing = message.briefing
        self._indexing = ""
        self._cache.clear()
        if message.corpus is not None:
            self.corpus = message.corpus
            self.views = [ArticleView(article) for article in message.corpus.articles]
            self.first = self.current = 0
            self.bookmarks.show_marks()
            await self.fit_panes()
        if message.report.warnings:
            self.notify_warnings(message.report.warnings)
        self._show_counts()
        pending, self._pending = self._pending, None
        if pending:
            self.run_query(pending)
        self._prefetch([topic.query for topic in self.config.topics[:9]])
        self.start_compare()

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, queries: list[str]) -> None:
        """Search every topic in the background, so that a topic key only has to draw."""
        briefing = self.briefing
        for text in queries:
            if briefing is not self.briefing:
                return  # the index was reopened
            try:
                result = briefing.searcher.search(text)
            except Exception:  # a topic that fails shows its error when it is chosen
                continue
            self.post_message(SearchDone(-1, text, result, None))

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

    def run_query(self, text: str) -> None:
        """Search for ``text`` (or clear the highlights for an empty text)."""
        text = text.strip()
        self.query = text
        self._sequence += 1
        self._cancel_debounce()
        if not text:
            self.set_message("")
            self._apply(None)
            return
        if self.briefing is None:
            self._pending = text
            self._show_query()
            self._show_counts()
            return
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            self.set_message("; ".join(cached.query.notices))
            self._apply(cached)
            return
        self.set_message("")  # the error of a query typed before this one is stale now
        self._search(text, self._sequence)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, text: str, sequence: int) -> None:
        from index.search.syntax import QueryError

        assert self.briefing is not None
        try:
            result = self.briefing.searcher.search(text)
        except QueryError as error:
            self.post_message(SearchDone(sequence, text, None, str(error)))
        except Exception as error:  # a search must never take the reader down
            self.post_message(SearchDone(sequence, text, None, f"search failed: {error}"))
        else:
            self.post_message(SearchDone(sequence, text, result, None))

    def on_search_done(self, message: SearchDone) -> None:
        if message.sequence == -1:  # prefetched: keep it for when the topic is chosen
            if message.result is not None:
                self._remember(message.text, message.result)
            return
        if message.sequence != self._sequence:
            return  # a newer query is on its way
        if message.error is not None:
            self.set_message(message.error, error=True)
            return
        assert message.result is not None
        self._remember(message.text, message.result)
        self.set_message("; ".join(message.result.query.notices))  # a fuzzy distance capped
        self._apply(message.result)

    def _remember(self, text: str, result: SearchResult) -> None:
        self._cache[text] = result
        self._cache.move_to_end(text)
        while len(self._cache) > CACHED_RESULTS:
            self._cache.popitem(last=False)

    def _show_query(self) -> None:
        """The query in the box (unless the reader is typing there) and its topic marked."""
        text = self.query
        self.query_one(QueryBar).select(
            next((i for i, t in enumerate(self.config.topics) if t.query == text), None)
        )
        box = self.query_input
        if not box.has_focus and box.value.strip() != text:
            box.value = text

    def _apply(self, result: SearchResult | None) -> None:
        """Mark the hits of ``result`` in every view, hit views first, and land on the best."""
        self._show_query()
        focused = self.focused_view
        self.result = result
        groups = {group.article.path: group for group in result.articles} if result else {}
        topic = self.query_one(QueryBar).selected is not None
        for view in self.views:
            view.set_hits(pane_hits(view, groups.get(view.path)), result is not None, topic)
        rank = {path: number for number, path in enumerate(groups)}
        corpus_order = {article.path: n for n, article in enumerate(self.corpus.articles)}
        self.views.sort(
            key=lambda view: (rank.get(view.path, len(rank)), corpus_order.get(view.path, 0))
        )
        landed = result is not None and self._land()
        if not landed:
            if focused is not None and focused in self.visible_views:
                self.current = self.visible_views.index(focused)
            self._bind(focus=False)
        self.highlighted_at = time.perf_counter()

    def _land(self) -> bool:
        """After a new query: each cursor on its best hit, the best source focused.

        The best source shows its best passage ``LAND_ROW`` rows down (less when the passage
        is nearer the top); the others, when aligning, show theirs level with it.
        """
        target = next((view for view in self.visible_views if view.hit_count), None)
        if target is None:
            return False
        best = target.best_hit()
        assert best is not None
        target.move_cursor(best)
        target.anchor = LAND_ROW
        pane = self.focused_pane or (self.panes[0] if self.panes else None)
        row = LAND_ROW
        if pane is not None and pane.text_width > 2:
            row = min(target.layout(pane.text_width).first_row.get(best, 0), LAND_ROW)
        for view in self.views:
            best = view.best_hit()
            if best is not None and view is not target:
                view.move_cursor(best)
                view.anchor = row if self.align else None
        self.first = self.current = self.visible_views.index(target)
        self._bind(focus=not isinstance(self.focused, Input))
        return True

    def _align(self, source: SourcePane) -> None:
        """Other views: cursor on their best hit, level with ``source``'s cursor."""
        view = source.view
        if view is None or not view.query_active or not self.align:
            return
        row = max(source.cursor_screen_row() or 0, 0)
        for other in self.views:
            best = other.best_hit()
            if other is view or best is None:
                continue
            other.move_cursor(best)
            other.anchor = row
            pane = self.pane_of(other)
            if pane is not None:
                pane.update_view()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "query":
            return
        self._cancel_debounce()
        value = event.value
        if value.strip() == self.query:
            return
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, lambda: self.run_query(value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "query":
            self._commit_query(event.value)

    def _commit_query(self, typed: str) -> None:
        """Enter (or tab) in the query box: search what was typed, keep it in the history."""
        text = typed.strip()
        self.query_input.remember(text)
        if text != self.query or self._debounce is not None:
            self.run_query(text)
        self._back_to_panes()

    def on_query_input_left(self, _message: QueryInput.Left) -> None:
        before = self._query_before_edit
        if before != self.query:
            self.run_query(before)
        self.query_input.value = before
        self._back_to_panes()

    def _back_to_panes(self) -> None:
        pane = self.focused_pane
        if pane is not None:
            pane.focus()
        else:
            self.set_focus(None)

    def _cancel_debounce(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None

    # -- the top rows ----------------------------------------------------------------------------

    def _show_counts(self) -> None:
        views = self.views
        parts = [f"{len(views)} source{'s' if len(views) != 1 else ''}"]
        if self.result is not None:
            parts.append(f"{sum(1 for view in views if view.hit_count)} with hits")
        hidden = sum(1 for view in views if view.hidden)
        if hidden:
            parts.append(f"{hidden} hidden")
        visible, count = len(views) - hidden, len(self.panes)
        if visible > count:
            last = min(self.first + count, visible)
            parts.append(f"‹ {self.first + 1}–{last} of {visible} ›")
        if self.bookmarks.unsaved:
            parts.append(f"☆ {len(self.bookmarks.unsaved)} not saved")
        if self._indexing:
            parts.insert(0, self._indexing + "…")
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
            self.query or None,
            article.label,
            article.heading,
            article.date,
        )

    # -- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Reader keys do nothing while help or the palette is open.
        return not (action in _READER_ACTIONS and len(self.screen_stack) > 1)

    def _moved(self, view: ArticleView) -> None:
        pane = self.pane_of(view)
        if pane is not None:
            pane.cursor_moved()
        self._say_why(view)

    def _say_why(self, view: ArticleView) -> None:
        """One line on why the passage under the cursor matched (cleared off the hits)."""
        from index.search.hit_kinds import WHY

        hit = view.hits.hits.get(view.cursor)
        if hit is None:
            if self._message[0].startswith(WHY):
                self.set_message("")
            return
        from index.search.why import explain  # only with hits: the search is loaded

        topic = next((t for t in self.config.topics if t.query == self.query), None)
        self.set_message(explain(hit, self.query, topic.also if topic else ""))

    def action_search(self) -> None:
        box = self.query_input
        if self.screen.focused is box:  # a priority binding: in the box, the key types itself
            character = self._search_key_character()
            if character:  # behind the keys already on their way to the box
                box.post_message(events.Key(keymap.keys_of("search", self.keymap)[0], character))
            return
        self._query_before_edit = self.query
        # Focus now, not after the queued keys: text typed right after "/" goes in the box.
        self.screen.set_focus(box)

    def _search_key_character(self) -> str:
        key = keymap.keys_of("search", self.keymap)[0]
        return "/" if key == "slash" else key if len(key) == 1 else ""

    def action_topic(self, index: int) -> None:
        self.select_topic(index)

    def action_clear_query(self) -> None:
        self.run_query("")

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
        visible = self.visible_views
        if self.result is None or not any(view.hit_count for view in visible):
            self.action_pane(delta)
            return
        count = len(visible)
        for step in range(1, count + 1):
            view = visible[(self.current + step * delta) % count]
            if view.hit_count:
                break
        self.current = visible.index(view)
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
        visible = self.visible_views
        if not visible:
            return
        if isinstance(self.focused, SourcePane):
            self.current = (self.current + delta) % len(visible)
        self._bind()

    def go_to_view(self, view: ArticleView) -> None:
        """Focus ``view``'s pane (from the command palette)."""
        self.focus_view(view)

    async def action_hide_pane(self) -> None:
        view = self.focused_view
        visible = self.visible_views
        if view is None:
            return
        if len(visible) == 1:
            self.set_message("the last pane stays; X shows hidden panes")
            return
        view.hidden = True
        self.current = min(self.current, len(visible) - 2)
        await self.fit_panes()
        self.set_message(f"hid {view.article.label}; X shows hidden panes")

    async def action_show_panes(self) -> None:
        hidden = [view for view in self.views if view.hidden]
        focused = self.focused_view
        for view in hidden:
            view.hidden = False
        if focused is not None:
            self.current = self.visible_views.index(focused)
        await self.fit_panes()
        self.set_message(f"showing {len(hidden)} hidden pane(s)" if hidden else "")

    def action_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode
        for view in self.views:
            view.set_focus_mode(self.focus_mode)
        self._bind()
        state = "on: only matching passages" if self.focus_mode else "off"
        if self.focus_mode and self.result is None:
            state += " (once a topic or query is chosen)"
        self.set_message(f"focus mode {state}")

    def action_toggle_align(self) -> None:
        self.align = not self.align
        self.set_message(f"aligning other panes on hits: {'on' if self.align else 'off'}")

    def action_help(self) -> None:
        from tui.reader.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def action_article_info(self) -> None:
        from tui.reader.article_info import ArticleInfoScreen

        view = self.focused_view
        if view is not None:
            self.push_screen(ArticleInfoScreen(view.article))

    def action_open_source(self, url: bool = False) -> None:
        from tui.reader import passage_actions

        if url:
            passage_actions.open_url(self)
        else:
            passage_actions.open_file(self)

    def action_sources(self) -> None:
        from tui.compare.sources_screen import SourcesScreen, sources_closed

        self.push_screen(SourcesScreen(), partial(sources_closed, self, self.focused_view))

    def action_timeline(self) -> None:
        from tui.compare.sources_screen import sources_closed
        from tui.compare.timeline_screen import TimelineScreen

        if not any(view.hit_count for view in self.views):
            what = "no source has hits on it" if self.query else "choose a topic (1-9) or / first"
            self.set_message(f"t shows who reported the topic when: {what}")
            return
        self.push_screen(TimelineScreen(), partial(sources_closed, self, self.focused_view))

    def action_copy(self, with_citation: bool = True) -> None:
        from tui.reader.passage_actions import copy_passage

        copy_passage(self, with_citation)

    def action_bookmark(self, with_note: bool = False) -> None:
        self.bookmarks.bookmark_focused(with_note)

    def action_retry_bookmarks(self) -> None:
        self.bookmarks.retry()

    def action_notes(self) -> None:
        from tui.notes.notes_screen import NotesScreen

        def chosen(bookmark) -> None:
            if bookmark is not None:
                self.bookmarks.jump(bookmark)

        self.push_screen(NotesScreen(self.bookmarks), chosen)

    async def action_quit(self) -> None:
        if await self.bookmarks.may_quit():  # with bookmarks unsaved, q twice
            await super().action_quit()


_READER_ACTIONS = {
    "search",
    "topic",
    "clear_query",
    "cursor",
    "cursor_first",
    "cursor_last",
    "page",
    "hit",
    "source",
    "pane",
    "hide_pane",
    "show_panes",
    "focus_mode",
    "toggle_align",
    "help",
    "article_info",
    "open_source",
    "copy",
    "sources",
    "timeline",
    "bookmark",
    "retry_bookmarks",
    "notes",
    "coverage",
    "same_fact",
    "disagreements",
}
