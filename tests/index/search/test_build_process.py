"""The build as a process of its own (``python -m index.search.build``): its lines, its
batches, and its death with the process that started it (issue 16)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.search.store import FIRST_BATCH, CorpusIndex
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _tiny_corpus(root: Path, count: int) -> Path:
    root.mkdir()
    for n in range(count):
        (root / f"n{n:04}.txt").write_text(
            f"Bulletin {n}\n\nThe grain convoy {n} left the harbour at dawn.\n", encoding="utf-8"
        )
    return root


def _build_command(root: Path, index_dir: Path, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "index.search.build", str(root), "--index-dir", str(index_dir)),
        *("--max-bytes", "1000000", *extra),
    ]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO)}


def _alive(pid: int) -> bool:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is dead, not yet reaped


def test_the_build_process_reports_each_batch_then_done(tmp_path):
    root = _tiny_corpus(tmp_path / "corpus", 230)
    done = subprocess.run(
        _build_command(root, tmp_path / "index"),
        capture_output=True,
        env=_env(),
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    committed = [event["committed"] for event in events if "committed" in event]
    assert committed == [
        [FIRST_BATCH, 230],
        [3 * FIRST_BATCH, 230],
        [7 * FIRST_BATCH, 230],
        [230, 230],
    ]
    assert events[-1]["done"]["added"] == 230 and events[-1]["done"]["in_memory"] is False
    assert events[0]["progress"][:2] == [1, 230]
    assert len(CorpusIndex(root, index_dir=tmp_path / "index").articles()) == 230


PARENT = """
import os, signal, subprocess, sys, time
command = sys.argv[1:]
with open(os.environ["BUILD_LOG"], "w") as log:
    child = subprocess.Popen([*command, "--parent", str(os.getpid())], stdout=log)
print(child.pid, flush=True)
while "committed" not in open(os.environ["BUILD_LOG"]).read():
    time.sleep(0.02)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_the_build_process_dies_with_its_parent(tmp_path):
    """The parent is killed (-9) once the first batch is committed; the build stops there,
    long before it is done (it writes to a file, so no broken pipe stops it)."""
    root = _tiny_corpus(tmp_path / "corpus", 1_500)
    log = tmp_path / "build.log"
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, *_build_command(root, tmp_path / "index")],
        capture_output=True,
        env={**_env(), "BUILD_LOG": str(log)},
        text=True,
        timeout=600,
    )
    assert parent.returncode == -signal.SIGKILL, parent.stderr
    child = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 30
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the build outlived its parent")
    assert '"done"' not in log.read_text()


def test_the_tidy_process_merges_what_small_updates_left_and_indexes_nothing(tmp_path):
    root = _tiny_corpus(tmp_path / "corpus", 1)
    index = CorpusIndex(root, index_dir=tmp_path / "index")
    index.update()
    for n in range(1, 4):
        (root / f"m{n}.txt").write_text(f"Convoy {n} reached the port.\n", encoding="utf-8")
        index.update()
    (root / "late.txt").write_text("A late convoy.\n", encoding="utf-8")  # not indexed by it
    assert index.untidy() and len(index.open()._segments()) == 4
    done = subprocess.run(
        _build_command(root, tmp_path / "index", "--tidy"),
        capture_output=True,
        env=_env(),
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == [{"done": {}}]
    reopened = CorpusIndex(root, index_dir=tmp_path / "index")
    assert len(reopened.open()._segments()) == 1 and not reopened.untidy()
    assert sorted(reopened.file_states()) == ["m1.txt", "m2.txt", "m3.txt", "n0000.txt"]
