"""The app's build process yields the CPU once its first batch answers (issue 16: keys stay
fluid while the app builds)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.search.build import NICENESS
from index.search.store import FIRST_BATCH
from tests.index.search.test_build_process import _build_command, _env, _tiny_corpus

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _niceness_by_event(tmp_path: Path, *extra: str) -> list[tuple[str, int]]:
    """The build's niceness at its first line ("start"), and after each committed batch of a
    230-file build."""
    root = _tiny_corpus(tmp_path / "corpus", 230)
    command = _build_command(root, tmp_path / "index", *extra)
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env())
    seen: list[tuple[str, int | None]] = [("start", None)]
    assert child.stdout is not None
    for line in child.stdout:  # the line after a commit comes after its niceness changed
        event = next(iter(json.loads(line)))
        if seen and seen[-1][1] is None:
            seen[-1] = (seen[-1][0], _niceness(child.pid))
        if event == "committed":
            seen.append((line.strip(), None))
    child.wait()
    return [(event, nice) for event, nice in seen if nice is not None]


def test_the_apps_build_runs_nicer_after_its_first_batch(tmp_path):
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    seen = _niceness_by_event(tmp_path, "--parent", str(os.getpid()))
    assert seen[0] == ("start", mine)  # the first batch, which a search waits for, runs as is
    assert seen[1][0] == json.dumps({"committed": [FIRST_BATCH, 230]})
    assert [nice for _event, nice in seen[1:]] == [min(mine + NICENESS, 19)] * (len(seen) - 1)


def test_a_build_run_by_hand_keeps_its_priority(tmp_path):
    mine = os.getpriority(os.PRIO_PROCESS, 0)
    seen = _niceness_by_event(tmp_path)
    assert len(seen) > 2 and [nice for _event, nice in seen] == [mine] * len(seen)
