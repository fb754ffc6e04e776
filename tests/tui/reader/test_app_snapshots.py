"""Snapshots of the reader's screens (pytest-textual-snapshot): ``--snapshot-update`` to renew."""

from __future__ import annotations

from tests.conftest import REPO
from tests.pilot import after
from tui.app import BriefingApp
from tui.config import load_config

SEEDS = REPO / "seeds"


def reader(**kwargs) -> BriefingApp:
    return BriefingApp(load_config(), SEEDS, **kwargs)


def test_main_screen_without_a_topic(snap_compare):
    assert snap_compare(reader(), terminal_size=(120, 32), run_before=after())


def test_main_screen_with_a_topic(snap_compare):
    assert snap_compare(reader(), terminal_size=(120, 32), run_before=after("1"))


def test_pane_with_no_hits(snap_compare):
    # Kursk: the third source has nothing on it; focus it.
    assert snap_compare(reader(), terminal_size=(120, 32), run_before=after("1", "l", "l"))


def test_help_screen(snap_compare):
    assert snap_compare(reader(), terminal_size=(100, 50), run_before=after("question_mark"))


def test_small_terminal_with_topic_and_focus_mode(snap_compare):
    assert snap_compare(reader(topic="POWs"), terminal_size=(80, 24), run_before=after("f"))
