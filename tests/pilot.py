"""Driving the reader with Textual's Pilot: start it, wait for it, press keys, read the screen.

Every test module that runs the app imports these; none defines its own.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.command import CommandInput, CommandList

from index.corpus.articles import load_corpus
from tests.conftest import SEEDS
from tui.app import BriefingApp
from tui.compare.coverage_grid import CoverageGrid
from tui.compare.coverage_screen import CoverageScreen
from tui.compare.disagreements_screen import DisagreementsScreen
from tui.compare.same_fact_screen import SameFactScreen
from tui.config import load_config
from tui.notes.notes_file import Bookmark
from tui.notes.notes_screen import NotesScreen
from tui.reader.article_view import TEXT

WIDE = (160, 45)  # a terminal wide enough for three panes side by side
SAVED = "2025-03-21T10:14:03+01:00"  # when the bookmarks of notes_reader and kept are saved


def run(test):
    """Run an async test with asyncio (the project has no async pytest plugin)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return wrapper


def reader(root: Path, **kwargs) -> BriefingApp:
    """The app on the folder ``root``, with the config given or the default one."""
    config = kwargs.pop("config", None) or load_config()
    return BriefingApp(config, root, **kwargs)


def notes_reader(notes: Path | str | None, root: Path = SEEDS, **kwargs) -> BriefingApp:
    """The app on ``root`` keeping bookmarks in ``notes`` (None: the default notes file),
    its clock stopped at ``SAVED``."""
    app = reader(root, notes=str(notes) if notes else None, **kwargs)
    app.reader.bookmarks.clock = lambda: SAVED
    return app


def kept(path: str, number: int, corpus: Path | str = SEEDS, **fields) -> Bookmark:
    """A bookmark of passage ``number`` of the seed ``path``, saved at ``SAVED``."""
    article = next(a for a in load_corpus(SEEDS).articles if a.path == path)
    bookmark = Bookmark.for_passage(article, article.passages[number], corpus=str(corpus), **fields)
    return replace(bookmark, saved=SAVED)


async def wait_for(pilot, condition: Callable[[], object], tries: int = 500, step=0.02) -> bool:
    """Wait until ``condition()`` holds, looking every ``step`` seconds, at most ``tries`` times.

    The app runs on meanwhile, in the same event loop: a plain sleep costs no CPU, where each
    ``pilot.pause`` walks every widget and draws a frame (~3 ms)."""
    for _ in range(tries):
        if condition():
            return True
        await asyncio.sleep(step)
    return bool(condition())


async def until(
    pilot, condition: Callable[[], object], failure: str, tries: int = 1000, step=0.01
) -> None:
    """Pause until ``condition()`` holds; fail with ``failure`` if it never does (after
    ``tries`` pauses of ``step`` seconds: a bound for a busy machine, not a time asserted)."""
    assert await wait_for(pilot, condition, tries, step), failure


async def settle(pilot) -> None:
    """Let every worker finish and the messages they posted be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def ready(pilot) -> None:
    """Wait until the index is open (the first frame does not wait for it)."""
    opened = await wait_for(pilot, lambda: pilot.app.reader.briefing is not None)
    assert opened, "the index never opened"
    await settle(pilot)


async def listed(root: Path) -> None:
    """Open the reader on ``root`` once and close it: its folder listing is then cached, as
    on any launch after the first."""
    async with reader(root).run_test(size=WIDE) as pilot:
        await ready(pilot)


async def press(pilot, *keys: str) -> None:
    """Press each key and let what it started finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def from_palette(pilot, name: str) -> None:
    """``ctrl+p``, ``name`` typed in one go, and ``enter`` once the palette offers it first."""
    await press(pilot, "ctrl+p")
    palette = pilot.app.screen
    palette.query_one(CommandInput).value = name
    offers = palette.query_one(CommandList)

    def first_offer() -> str:
        index = offers.highlighted
        return "" if index is None else str(offers.get_option_at_index(index).prompt)

    await until(pilot, lambda: first_offer().startswith(name), f"the palette never offered {name}")
    await press(pilot, "enter")


def after(*keys: str, linger: float = 0.0):
    """A ``run_before`` for ``snap_compare``: wait for the index, press ``keys``, let
    searches land (and, with ``linger``, what a short timer starts)."""

    async def run_before(pilot) -> None:
        await ready(pilot)
        await press(pilot, *keys)
        if linger:
            await pilot.pause(linger)
            await settle(pilot)

    return run_before


async def open_notes(pilot) -> NotesScreen:
    """``m``: the notes screen, once it has read the notes file."""
    await press(pilot, "m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NotesScreen)
    return screen


async def open_matrix(pilot, wait_for_topics: bool = True) -> CoverageGrid:
    """``c``: the coverage grid, once drawn; by default pressed once the topics' matrix has
    been worked out in the background."""
    if wait_for_topics:
        await wait_for(pilot, lambda: pilot.app.reader.compare.coverage is not None, 300, 0.01)
    await press(pilot, "c")
    screen = pilot.app.screen
    assert isinstance(screen, CoverageScreen)
    grid = screen.query_one(CoverageGrid)
    await until(pilot, lambda: grid.coverage is not None, "the matrix was never worked out")
    await settle(pilot)
    return grid


async def open_same_fact(pilot) -> SameFactScreen:
    """``s``: the same-fact screen, once it has results (or after a while without)."""
    await press(pilot, "s")
    screen = pilot.app.screen
    assert isinstance(screen, SameFactScreen)
    await wait_for(pilot, lambda: bool(screen.results), 200, 0.01)
    await settle(pilot)
    return screen


async def open_numbers(pilot) -> DisagreementsScreen:
    """``D``, pressed once the disagreements have been worked out in the background."""
    app = pilot.app
    await wait_for(pilot, lambda: app.reader.compare.disagreements is not None, 300, 0.01)
    await press(pilot, "D")
    assert isinstance(app.screen, DisagreementsScreen)
    return app.screen


# -- what is on screen --------------------------------------------------------------------------


def drawn_pieces(pane, styled) -> list[tuple[int, str]]:
    """(passage, text) of every piece of article text the pane draws right now whose
    style passes ``styled``."""
    found = []
    for y in range(pane.size.height):
        index = y + pane.scroll_offset.y
        if index >= len(pane.rows) or pane.rows[index].kind != TEXT:
            continue
        for segment in pane.render_line(y):
            if segment.style and styled(segment.style):
                found.append((pane.rows[index].passage, segment.text))
    return found


def matched_words(pane) -> list[tuple[int, str]]:
    """(passage, text) of every match-styled piece of text the pane draws right now."""
    match = pane._style("match")
    return drawn_pieces(pane, lambda style: style.bgcolor == match.bgcolor and style.bold)


def shown_text(pane) -> list[str]:
    """The text of each row on screen, without the gutter and the scroll mark column."""
    strips = (pane.render_line(y) for y in range(pane.size.height))
    return [strip.text[2:-1].rstrip() for strip in strips]


def counts(app) -> str:
    """The counts line at the top right: sources, sources with hits."""
    return str(app.query_one("#counts").render())


def toasts(app) -> list[str]:
    """The messages of the notifications shown so far."""
    return [str(n.message) for n in app._notifications]


def errors(app) -> list[str]:
    """The messages of the error notifications shown so far."""
    return [str(n.message) for n in app._notifications if n.severity == "error"]
