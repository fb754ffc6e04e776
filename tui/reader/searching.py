"""The reader's searches: in a thread worker, newest answer only, cached, debounced, prefetched.

A search is asked for by its :class:`Ask` (the query text and whether feedback expansion is
forced on or off); the answer comes back to the node that asked as :class:`SearchDone`.

The reader comes before the prefetch. One search holds the index's lock at a time, and one
thread runs Python at a time: so the prefetch waits between topics from the moment the reader
asks for a search until its answer is drawn (the panes read their hits' passages under the same
lock), and skips the topics the reader asked for; a topic asked for while the prefetch searches
it is not searched twice, the prefetch's answer answers it. At 10,000 articles, a topic key
just after the first frame waited for the prefetch's searches of one or two other topics.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget
    from textual.worker import Worker

    from index.search.api import SearchResult
    from tui.briefing import Briefing

DEBOUNCE_SECONDS = 0.15
CACHED_RESULTS = 32
PREFETCHED = -1  # the sequence number of a prefetched answer
PAUSE_POLL_SECONDS = 0.1  # how often a paused prefetch looks whether it was cancelled


class Ask(NamedTuple):
    """A search: the query's text, and expansion forced on or off (None: as configured)."""

    text: str
    expand: bool | None = None


class SearchDone(Message):
    """The answer to ``ask``: for query ``sequence`` (or ``PREFETCHED``), on the index as
    opened for the ``opening``-th time."""

    def __init__(
        self,
        sequence: int,
        ask: Ask,
        result: SearchResult | None,
        error: str | None,
        opening: int = 0,
    ) -> None:
        super().__init__()
        self.sequence, self.ask, self.result, self.error = sequence, ask, result, error
        self.opening = opening


def run_search(briefing: Briefing, ask: Ask) -> SearchResult:
    """Search ``ask.text``, with feedback expansion as ``ask.expand`` says (raises QueryError)."""
    parsed = briefing.searcher.parse(ask.text)
    if ask.expand is not None and parsed.expand != ask.expand:
        parsed = replace(parsed, expand=ask.expand)
    return briefing.searcher.search(parsed)


class Searches:
    """Runs ``node``'s searches off the UI thread; only the newest answer counts."""

    def __init__(self, node: Widget) -> None:
        self.node = node
        self.briefing: Briefing | None = None
        self.sequence = 0
        self._cache: OrderedDict[Ask, SearchResult] = OrderedDict()
        self._debounce: Timer | None = None
        self._openings = 0  # the index's openings so far: a prefetched answer's staleness
        self._guard = threading.Condition()  # over the fields below, shared with the threads
        self._waiting = False  # the reader waits for an answer, or for it to be drawn
        self._asked: set[Ask] = set()  # asked by the reader since the index opened
        self._prefetching: set[Ask] = set()  # searched by the prefetch, answer not taken yet
        self._joined: tuple[int, Ask] | None = None  # a query the prefetch's answer answers

    def opened(self, briefing: Briefing) -> None:
        """The index is (re)opened: answers of the old one are stale."""
        self.briefing = briefing
        self._cache.clear()
        with self._guard:
            self._openings += 1
            self._asked.clear()
            self._prefetching.clear()  # a key now searches the new index, not joins the old

    def cached(self, ask: Ask) -> SearchResult | None:
        result = self._cache.get(ask)
        if result is not None:
            self._cache.move_to_end(ask)
        return result

    def remember(self, ask: Ask, result: SearchResult) -> None:
        self._cache[ask] = result
        self._cache.move_to_end(ask)
        while len(self._cache) > CACHED_RESULTS:
            self._cache.popitem(last=False)

    def next(self) -> int:
        """A new query: the answers to earlier ones will be ignored."""
        self.sequence += 1
        self.cancel_debounce()
        self._go_on()
        return self.sequence

    def start(self, ask: Ask) -> None:
        """Search in a worker; :class:`SearchDone` comes back with the current sequence (the
        prefetch's answer, if it is searching ``ask`` now). The prefetch waits until
        :meth:`drawn`."""
        sequence, briefing, opening = self.sequence, self.briefing, self._openings
        assert briefing is not None
        with self._guard:
            self._waiting = True
            if ask in self._prefetching:
                self._joined = (sequence, ask)
                return
            self._asked.add(ask)

        def search() -> None:
            if sequence != self.sequence:  # a newer query came before it began
                with self._guard:
                    self._asked.discard(ask)  # the prefetch may search it
                return
            result, error = _answer(briefing, ask)
            self.node.post_message(SearchDone(sequence, ask, result, error, opening))

        self.node.run_worker(
            search, thread=True, exclusive=True, group="search", exit_on_error=False
        )

    def drawn(self, sequence: int) -> None:
        """The answer to query ``sequence`` is on the screen: the prefetch may go on."""
        if sequence == self.sequence:
            self._go_on()

    def _go_on(self) -> None:
        """The reader waits no more: a paused prefetch goes on."""
        with self._guard:
            self._waiting = False
            self._guard.notify_all()

    def prefetch(self, asks: list[Ask]) -> None:
        """Search every topic in the background, so that a topic key only has to draw;
        paused while the reader waits for an answer, and past the topics it asked for."""
        briefing, opening = self.briefing, self._openings
        assert briefing is not None

        def next_ask(ask: Ask, worker: Worker) -> bool:
            """Wait while the reader waits for an answer; whether to search ``ask``."""
            with self._guard:
                while self._waiting and not worker.is_cancelled:
                    self._guard.wait(PAUSE_POLL_SECONDS)
                if worker.is_cancelled or opening != self._openings or ask in self._asked:
                    return False
                self._prefetching.add(ask)
                return True

        def prefetch() -> None:
            worker = get_current_worker()
            for ask in asks:
                if next_ask(ask, worker):  # a topic that fails shows its error when it is chosen
                    result, error = _answer(briefing, ask)
                    self.node.post_message(SearchDone(PREFETCHED, ask, result, error, opening))

        self.node.run_worker(
            prefetch, thread=True, exclusive=True, group="prefetch", exit_on_error=False
        )

    def answers(self, message: SearchDone) -> bool:
        """Whether ``message`` answers the current query (then its sequence is the current
        one); a prefetched result is kept for when its topic is chosen."""
        if message.sequence != PREFETCHED:
            return message.sequence == self.sequence
        with self._guard:
            self._prefetching.discard(message.ask)
        if message.result is not None and message.opening == self._openings:
            self.remember(message.ask, message.result)
        if self._joined != (self.sequence, message.ask):
            return False
        self._joined = None
        message.sequence = self.sequence
        return True

    def debounce(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once typing pauses for ``DEBOUNCE_SECONDS``."""
        self.cancel_debounce()
        self._debounce = self.node.set_timer(DEBOUNCE_SECONDS, callback)

    @property
    def debouncing(self) -> bool:
        return self._debounce is not None

    def cancel_debounce(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None


def _answer(briefing: Briefing, ask: Ask) -> tuple[SearchResult | None, str | None]:
    """The result of searching ``ask``, or the error to show for it."""
    from index.search.syntax import QueryError

    try:
        return run_search(briefing, ask), None
    except QueryError as error:
        return None, str(error)
    except Exception as error:  # a search must never take the reader down
        return None, f"search failed: {error}"
