"""The topics' background searches (the prefetch) give way to the searches the reader asks for.

Searches are held at a gate (a fake ``run_search`` that waits for the test) to put the prefetch
in a known place; the keys are pressed without waiting for the workers, which are held.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tests.pilot import WIDE, reader, run, until, wait_for
from tui.config import load_config
from tui.reader import searching

TOPICS = [topic.query for topic in load_config().topics]
KURSK, ZAPORIZHZHIA, POWS = TOPICS[:3]


class Gates:
    """``run_search`` counted, and held at the queries given until :meth:`release`."""

    def __init__(self, monkeypatch, held: set[str]) -> None:
        self.calls: list[str] = []
        self.seen: list[tuple[str, object]] = []  # each call, with what ``probe()`` said then
        self.probe: Callable[[], object] = lambda: None
        self.reached = {text: threading.Event() for text in held}
        self._open = threading.Event()
        search = searching.run_search

        def gated(briefing, ask):
            self.calls.append(ask.text)
            self.seen.append((ask.text, self.probe()))
            if ask.text in self.reached:
                self.reached[ask.text].set()
                self._open.wait(timeout=60)  # a bound, should the test fail first
            return search(briefing, ask)

        monkeypatch.setattr(searching, "run_search", gated)

    def release(self) -> None:
        self._open.set()


def showing(app, query: str) -> bool:
    result = app.reader.result
    return app.reader.query_text == query and result is not None and result.query.text == query


def focused_hit_text(app) -> str:
    """The focused pane's passage under the cursor, which must be a hit."""
    view = app.reader.focused_view
    shown = view.shown_hit(view.cursor)
    assert shown is not None, "the cursor is not on a hit"
    return shown.text


@run
async def test_a_topic_key_is_answered_before_the_prefetch_goes_on(seeds_dir, monkeypatch):
    """Topic 3 asked while the prefetch searches topic 1: the prefetch searches no other
    topic until topic 3's answer is drawn, then goes on (and skips topic 3)."""
    gates = Gates(monkeypatch, {KURSK, POWS})
    app = reader(seeds_dir)
    gates.probe = lambda: showing(app, POWS)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await until(pilot, gates.reached[KURSK].is_set, "the prefetch never began")
            await pilot.press("3")
            await until(pilot, gates.reached[POWS].is_set, "topic 3 was never searched")
            gates.release()  # topic 1's search ends; topic 3's goes on
            await until(pilot, lambda: showing(app, POWS), "topic 3 never shown")
            # the prefetch waited: it searched topic 2 only once topic 3's answer was shown
            # (it may go on as soon as it is drawn, before this line runs)
            assert all(shown for text, shown in gates.seen if text == ZAPORIZHZHIA)
            view = app.reader.focused_view
            assert view.hit_count >= 1
            assert "prisoner" in focused_hit_text(app).lower()
            cached = app.reader.searches.cached
            prefetched = await wait_for(pilot, lambda: cached(app.reader._ask(ZAPORIZHZHIA)))
            assert prefetched, "the prefetch never went on"
            assert await wait_for(pilot, lambda: cached(app.reader._ask(TOPICS[-1])))
            assert gates.calls.count(POWS) == 1  # the prefetch skipped what the reader asked
        finally:
            gates.release()


@run
async def test_a_topic_the_prefetch_is_searching_is_not_searched_twice(seeds_dir, monkeypatch):
    gates = Gates(monkeypatch, {ZAPORIZHZHIA})
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await until(pilot, gates.reached[ZAPORIZHZHIA].is_set, "topic 2 never prefetched")
            await pilot.press("2")
            gates.release()
            await until(pilot, lambda: showing(app, ZAPORIZHZHIA), "topic 2 never shown")
            assert gates.calls.count(ZAPORIZHZHIA) == 1
            assert app.reader.focused_view.hit_count >= 1
            text = focused_hit_text(app).lower()
            assert "zaporizhzhia" in text or "nuclear" in text
        finally:
            gates.release()


@run
async def test_a_topic_asked_after_the_index_reopens_is_searched_again(seeds_dir, monkeypatch):
    """The index reopened while the prefetch searches topic 2 in the old one: topic 2's key
    searches the new index instead of taking the old one's answer."""
    gates = Gates(monkeypatch, {ZAPORIZHZHIA})
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await until(pilot, gates.reached[ZAPORIZHZHIA].is_set, "topic 2 never prefetched")
            searches = app.reader.searches
            searches.opened(searches.briefing)  # as a reopened index tells the reader
            await pilot.press("2")
            await until(pilot, lambda: gates.calls.count(ZAPORIZHZHIA) == 2, "not searched again")
            gates.release()
            await until(pilot, lambda: showing(app, ZAPORIZHZHIA), "topic 2 never shown")
            assert app.reader.focused_view.hit_count >= 1
        finally:
            gates.release()


@run
async def test_the_prefetch_answer_to_an_older_key_is_not_shown(seeds_dir, monkeypatch):
    """Topic 2 asked while the prefetch searches it, then topic 1: topic 2's answer, when it
    comes, does not replace topic 1's."""
    gates = Gates(monkeypatch, {ZAPORIZHZHIA})
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        try:
            await until(pilot, gates.reached[ZAPORIZHZHIA].is_set, "topic 2 never prefetched")
            cached = app.reader.searches.cached
            await until(pilot, lambda: cached(app.reader._ask(KURSK)), "topic 1 not prefetched")
            await pilot.press("2")
            await pilot.press("1")
            await until(pilot, lambda: showing(app, KURSK), "topic 1 never shown")
            gates.release()
            await until(pilot, lambda: cached(app.reader._ask(ZAPORIZHZHIA)), "no topic 2")
            await pilot.pause()
            assert showing(app, KURSK)
            assert "Kursk" in focused_hit_text(app)
        finally:
            gates.release()
