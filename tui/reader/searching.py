"""The reader's searches: in a thread worker, newest answer only, cached, debounced, prefetched.

A search is asked for by its :class:`Ask` (the query text and whether feedback expansion is
forced on or off); the answer comes back to the node that asked as :class:`SearchDone`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from textual.message import Message

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget

    from index.search.api import SearchResult
    from tui.briefing import Briefing

DEBOUNCE_SECONDS = 0.15
CACHED_RESULTS = 32
PREFETCHED = -1  # the sequence number of a prefetched answer


class Ask(NamedTuple):
    """A search: the query's text, and expansion forced on or off (None: as configured)."""

    text: str
    expand: bool | None = None


class SearchDone(Message):
    def __init__(
        self, sequence: int, ask: Ask, result: SearchResult | None, error: str | None
    ) -> None:
        super().__init__()
        self.sequence, self.ask, self.result, self.error = sequence, ask, result, error


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

    def opened(self, briefing: Briefing) -> None:
        """The index is (re)opened: answers of the old one are stale."""
        self.briefing = briefing
        self._cache.clear()

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
        return self.sequence

    def start(self, ask: Ask) -> None:
        """Search in a worker; :class:`SearchDone` comes back with the current sequence."""
        sequence, briefing = self.sequence, self.briefing
        assert briefing is not None

        def search() -> None:
            from index.search.syntax import QueryError

            try:
                result = run_search(briefing, ask)
            except QueryError as error:
                self.node.post_message(SearchDone(sequence, ask, None, str(error)))
            except Exception as error:  # a search must never take the reader down
                self.node.post_message(SearchDone(sequence, ask, None, f"search failed: {error}"))
            else:
                self.node.post_message(SearchDone(sequence, ask, result, None))

        self.node.run_worker(
            search, thread=True, exclusive=True, group="search", exit_on_error=False
        )

    def prefetch(self, asks: list[Ask]) -> None:
        """Search every topic in the background, so that a topic key only has to draw."""
        briefing = self.briefing
        assert briefing is not None

        def prefetch() -> None:
            for ask in asks:
                if briefing is not self.briefing:
                    return  # the index was reopened
                try:
                    result = run_search(briefing, ask)
                except Exception:  # a topic that fails shows its error when it is chosen
                    continue
                self.node.post_message(SearchDone(PREFETCHED, ask, result, None))

        self.node.run_worker(
            prefetch, thread=True, exclusive=True, group="prefetch", exit_on_error=False
        )

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
