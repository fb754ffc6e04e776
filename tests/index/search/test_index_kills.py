"""A killed, interrupted or doubled ``index --rebuild``: the old index keeps answering
without a rebuild, and nothing half-written stays (issue 17, items 1-2; issue 18, item 5)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.search import progress as build_progress
from index.search.rebuild import leftovers, swap_in
from index.search.segment_states import SUFFIX
from index.search.store import CorpusIndex
from tests.bench.synthetic import make_corpus
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="signals to a process group"),
]
FILES = 600
"""Articles of the corpus: a rebuild commits five batches (``FIRST_BATCH`` = 20, then twice
the last), a second or two of work to stop mid-way."""


def _wait_for(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A corpus of ``FILES`` articles and a marker, indexed once; (folder, environment)."""
    home = tmp_path_factory.mktemp("kills")
    corpus = home / "corpus"
    make_corpus(corpus, FILES, size=800)
    (corpus / "marker.txt").write_text("The Quillfeather accord was signed.", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TUI_CACHE": str(home / "cache")}
    CorpusIndex(corpus, home / "cache").update()
    return corpus, env


def _cli(env: dict, *args: str, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,  # its own process group, as a shell job
        **options,
    )


def _index_files(corpus: Path, env: dict) -> set[str]:
    """The index's files, but the file states a reader keeps beside each segment (written by
    the first process that reads them: :mod:`index.search.segment_states`)."""
    index = CorpusIndex(corpus, env["BRIEFING_TUI_CACHE"])
    return {name for name in os.listdir(index.path) if not name.endswith(SUFFIX)}


def _search_marker(corpus: Path, env: dict) -> tuple[list[str], str]:
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "Quillfeather", "--json", "--corpus", corpus],
        capture_output=True,
        env=env,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return [article["path"] for article in json.loads(done.stdout)["articles"]], done.stderr


def _building(index_path: Path, process: subprocess.Popen) -> Path | None:
    """The folder ``process`` rebuilds the index in, once it made it (a killed rebuild of
    another test may have left its own there)."""
    mine = [path for path in leftovers(index_path) if path.name.endswith(f"-{process.pid}")]
    return mine[0] if mine else None


def _start_rebuild(corpus: Path, env: dict) -> subprocess.Popen:
    """``index --rebuild``, once it writes the new index beside the old one."""
    folder = CorpusIndex(corpus, env["BRIEFING_TUI_CACHE"]).path
    process = _cli(env, "index", "--rebuild", "--corpus", str(corpus))
    assert _wait_for(lambda: _building(folder, process) or process.poll() is not None)
    assert process.poll() is None, "the rebuild ended before it was caught writing"
    return process


def _end(process: subprocess.Popen) -> None:
    """Stop the command if it still runs (only when the test already failed)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)


def _a_batch_committed(index_path: Path, process: subprocess.Popen) -> bool:
    """Whether the rebuild ``process`` has committed a batch to the folder it builds in."""
    building = _building(index_path, process)
    return building is not None and build_progress.read(building) is not None


@pytest.mark.parametrize("when", ["as it starts writing", "after its first batch"])
def test_kill_9_mid_rebuild_leaves_the_old_index_and_no_half_build(built, when):
    corpus, env = built
    before = _index_files(corpus, env)
    folder = CorpusIndex(corpus, env["BRIEFING_TUI_CACHE"]).path
    process = _start_rebuild(corpus, env)
    try:
        if when == "after its first batch":
            assert _wait_for(lambda: _a_batch_committed(folder, process)), "no batch committed"
            assert process.poll() is None, "the rebuild ended before it was killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        _end(process)
    assert _building(folder, process)  # what the killed rebuild wrote, until the next command
    paths, stderr = _search_marker(corpus, env)
    assert paths == ["marker.txt"]
    assert "rebuilt" not in stderr
    assert _index_files(corpus, env) == before  # answered from the old index, unchanged
    assert sorted(os.listdir(folder.parent)) == ["rebuild.lock", folder.name]  # no half build


def test_kill_9_before_it_writes_keeps_the_old_index(built):
    corpus, env = built
    before = _index_files(corpus, env)
    process = _cli(env, "index", "--rebuild", "--corpus", str(corpus))
    time.sleep(0.3)
    os.kill(process.pid, signal.SIGKILL)
    _end(process)
    assert _search_marker(corpus, env)[0] == ["marker.txt"]
    assert _index_files(corpus, env) == before


def test_ctrl_c_ends_the_rebuild_with_one_line_and_nothing_half_written(built):
    corpus, env = built
    before = _index_files(corpus, env)
    folder = CorpusIndex(corpus, env["BRIEFING_TUI_CACHE"]).path
    process = _start_rebuild(corpus, env)
    try:
        os.killpg(process.pid, signal.SIGINT)  # a terminal's ctrl+c: the whole group
        _out, err = process.communicate(timeout=60)
    finally:
        _end(process)
    assert process.returncode == 130
    assert err == "briefing-tui: interrupted; the old index is intact\n"
    assert _index_files(corpus, env) == before
    assert sorted(os.listdir(folder.parent)) == ["rebuild.lock", folder.name]


def test_a_second_rebuild_says_one_line_and_leaves_the_first_alone(built):
    corpus, env = built
    first = _start_rebuild(corpus, env)
    try:
        second = _cli(env, "index", "--rebuild", "--corpus", str(corpus))
        out, err = second.communicate(timeout=120)
        assert second.returncode == 1
        assert out == ""
        assert err.startswith("briefing-tui: another briefing-tui is already rebuilding")
        assert err.count("\n") == 1
        assert first.poll() is None  # the first carries on
    finally:
        _end(first)


def test_a_completed_rebuild_is_swapped_in_whole(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "Kursk was discussed.", "b.txt": "Patriot systems."})
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    old_segments = {name for name in os.listdir(index.path) if name.endswith(".seg")}
    (root / "c.txt").write_text("Kursk again.", encoding="utf-8")
    report = index.update(rebuild=True)
    assert report.rebuilt_because == "asked for"
    assert sorted(report.added) == ["a.txt", "b.txt", "c.txt"]
    new_segments = {name for name in os.listdir(index.path) if name.endswith(".seg")}
    assert new_segments and new_segments.isdisjoint(old_segments)
    assert sorted(os.listdir(index.path.parent)) == ["rebuild.lock", index.path.name]
    other = CorpusIndex(root, tmp_path / "cache")  # another process's view
    assert [info.path for info in other.articles()] == ["a.txt", "b.txt", "c.txt"]


def test_an_open_index_sees_a_rebuild_by_another_process(write_corpus, tmp_path):
    """The app's index forgets what it cached when another process swaps a rebuild in."""
    root = write_corpus({"a.txt": "Kursk was discussed."})
    app_view = CorpusIndex(root, tmp_path / "cache")
    app_view.update()
    assert [info.path for info in app_view.articles()] == ["a.txt"]
    (root / "b.txt").write_text("Kursk again.", encoding="utf-8")
    CorpusIndex(root, tmp_path / "cache").update(rebuild=True)
    assert [info.path for info in app_view.articles()] == ["a.txt", "b.txt"]


def test_swap_never_leaves_the_folder_missing(tmp_path):
    """Readers looking at the index folder while rebuilds are swapped in always find one."""
    target = tmp_path / "v1"
    target.mkdir()
    (target / "generation").write_text("0")
    missing = []
    stop = threading.Event()

    def look() -> None:
        while not stop.is_set():
            try:
                (target / "generation").read_text()
            except OSError:
                missing.append(1)

    reader = threading.Thread(target=look)
    reader.start()
    try:
        for generation in range(1, 200):
            new = tmp_path / f"v1.new-{generation}"
            new.mkdir()
            (new / "generation").write_text(str(generation))
            swap_in(new, target)
    finally:
        stop.set()
        reader.join()
    assert (target / "generation").read_text() == "199"
    assert sorted(os.listdir(tmp_path)) == ["v1"]
    assert missing == []
