"""Driving the reader with Textual's Pilot: start it, wait for it, press keys, read the screen.

Every test module that runs the app imports these; none defines its own.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from pathlib import Path

from tui.app import BriefingApp
from tui.config import load_config
from tui.reader.article_view import TEXT

WIDE = (160, 45)  # a terminal wide enough for three panes side by side


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


async def wait_for(pilot, condition: Callable[[], object], tries: int = 500, step=0.02) -> bool:
    """Pause until ``condition()`` holds, at most ``tries`` pauses of ``step`` seconds."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(step)
    return bool(condition())


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


async def press(pilot, *keys: str) -> None:
    """Press each key and let what it started finish before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


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
