"""Build rows of the index benchmark (issue 16): size on disk, the build in its own process
(peak memory per process, first batch searchable), and peers on the same passages: SQLite
FTS5 (stdlib) and tantivy (the optional ``bench`` extra), each row skipped with its reason
when the engine is missing.

The app while it builds (:func:`app_rows`), on a pseudo-terminal as a person sees it: the
app opened on the folder with no index, a topic key pressed at its first frame, the time
until its (partial) hits are drawn; then ``j``/``k`` pressed while the build runs, each
timed to the frame with the moved cursor, and the peak memory of the app and of its build
process. Baseline, same run: the same keys on the same folder with its index built.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from index.search.store import CorpusIndex, index_dir_for
from tests.bench import Row, verdict
from tests.bench.bench_app import (
    _ESCAPES,
    HITS_MARKER,
    SETTLE,
    Terminal,
    _environment,
    _percentile,
    briefing_tui_command,
)

INDEX_MB_AT_10K = 150.0  # issue 16's target, scaled by the corpus size
PROCESS_MB = 400.0
FIRST_SEARCH_SECONDS = 3.0
KEY_MS = 100.0  # a key to its frame while the app builds
APP_MB = 500.0  # the app's memory while it builds
KEYS = 20  # j/k presses timed, with the build running and on the indexed folder
APP_FROM = 1_000  # articles: the app rows are for archives (smaller folders build in seconds)
CURSOR_MARKERS = {b"j": b"\xc2\xb62/", b"k": b"\xc2\xb61/"}  # the focused pane's "¶2/…"
REPO = Path(__file__).resolve().parents[2]


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def size_row(size: int, label: str, ours: Path, default: Path) -> Row:
    """The index's size beside the default writer's (plain W3, nothing inlined)."""
    mb, default_mb = folder_mb(ours), folder_mb(default)
    target = INDEX_MB_AT_10K * size / 10_000
    return (
        f"index: size on disk, {label}",
        f"{mb:,.1f} MB",
        f"default writer {default_mb:,.1f} MB",
        verdict(f"≤ {target:g} MB (150 MB at 10k)", mb <= target, f"{mb / default_mb:.2f}×"),
    )


def process_rows(root: Path, workdir: Path, label: str, built: float) -> list[Row]:
    """The build as the app runs it, in ``python -m index.search.build``: when its first
    batch is committed and answers a search, and its peak memory."""
    index_dir = workdir / f"process-{root.name}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [sys.executable, "-m", "index.search.build", str(root), "--index-dir"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [*command, str(index_dir), "--max-bytes", str(10 * 2**20)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    first = None
    assert child.stdout is not None
    for line in child.stdout:
        event = json.loads(line)
        if first is None and "committed" in event:
            partial = CorpusIndex(root, index_dir=index_dir)
            found = len(partial.articles())
            first = (time.perf_counter() - started, event["committed"], found)
    child.wait()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    rows: list[Row] = []
    if first is not None:
        answered, (indexed, total), found = first
        rows.append(
            (
                f"index: build process, first batch searchable, {label}",
                f"{answered:.1f} s (partial: {indexed:,} of {total:,} indexed, {found:,} found)",
                f"whole build in-process {built:.1f} s",
                verdict(f"≤ {FIRST_SEARCH_SECONDS:g} s", answered <= FIRST_SEARCH_SECONDS),
            )
        )
    peak_mb = max(peak, before) / 1024  # ru_maxrss is in KB on Linux
    note = "" if peak > before else " (an earlier child's peak: this one's is lower)"
    rows.append(
        (
            f"index: build process, peak memory per process, {label}",
            f"{peak_mb:,.0f} MB{note}",
            f"build process {seconds:.1f} s",
            verdict(f"≤ {PROCESS_MB:g} MB", peak_mb <= PROCESS_MB),
        )
    )
    return rows


def peer_rows(passages: Sequence[str], workdir: Path, label: str, built: float) -> list[Row]:
    """SQLite FTS5 and tantivy indexing the same passages (text only, stemmed)."""
    rows: list[Row] = []
    workdir.mkdir(parents=True, exist_ok=True)
    folder = workdir / "fts5"
    folder.mkdir(exist_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(folder / "fts5.db")
    try:
        db.execute("CREATE VIRTUAL TABLE p USING fts5(body, tokenize='porter unicode61')")
        db.executemany("INSERT INTO p(body) VALUES (?)", ((text,) for text in passages))
        db.commit()
        rows.append(_peer("SQLite FTS5", label, time.perf_counter() - started, folder, built))
    except sqlite3.OperationalError as error:
        rows.append((f"index: peer SQLite FTS5, {label}", "skipped", str(error), "info"))
    finally:
        db.close()
    try:
        import tantivy
    except ImportError:
        reason = "tantivy not installed (pip install '.[bench]')"
        return [*rows, (f"index: peer tantivy, {label}", "skipped", reason, "info")]
    folder = workdir / "tantivy"
    folder.mkdir(exist_ok=True)
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    index = tantivy.Index(builder.build(), path=str(folder))
    writer = index.writer()
    for text in passages:
        writer.add_document(tantivy.Document(body=text))
    writer.commit()
    writer.wait_merging_threads()
    rows.append(_peer("tantivy", label, time.perf_counter() - started, folder, built))
    return rows


def _peer(name: str, label: str, seconds: float, folder: Path, built: float) -> Row:
    return (
        f"index: peer {name}, same passages, {label}",
        f"{seconds:.1f} s · {folder_mb(folder):,.1f} MB",
        f"ours {built:.1f} s",
        f"info: ours takes {built / seconds:.1f}× as long",
    )


def app_rows(root: Path, workdir: Path, label: str, index_dir: Path, keys: int = KEYS) -> list[Row]:
    """The app on ``root`` with no index (it builds in its own process) beside the same app on
    the folder indexed (a copy of ``index_dir``, built for ``root``): a topic key pressed at
    the first frame until its hits are drawn; ``keys`` j/k keys to their frames; peak memory.
    Without an index, the topic and the keys are two launches (a topic reorders the panes)."""
    count = sum(1 for _ in root.iterdir())
    if count < APP_FROM:
        return []
    first = _app_session(root, workdir / f"app-first-{root.name}", count, topic=True)
    building = _app_session(root, workdir / f"app-building-{root.name}", count, keys=keys)
    home = workdir / f"app-indexed-{root.name}"
    indexed = _app_session(root, home, count, keys=keys, topic=True, index_dir=index_dir)
    answered, after_key, partial = first["answered"]
    times, base = building["during_build"] or [float("nan")], indexed["keys"]
    median, worst = statistics.median(times) * 1000, _percentile(times, 0.95) * 1000
    app_mb, build_mb = max(first["app_mb"], building["app_mb"]), building["build_mb"]
    return [
        (
            f"app: first topic key answered, {label}, no index yet (launch to hits drawn)",
            f"{answered:.1f} s ({after_key:.1f} s after the key; {partial or 'not partial'})",
            f"first frame {first['first_frame']:.1f} s; indexed: first frame"
            f" {indexed['first_frame']:.1f} s, topic key {indexed['answered'][1] * 1000:.0f} ms",
            verdict(f"≤ {FIRST_SEARCH_SECONDS:g} s", answered <= FIRST_SEARCH_SECONDS),
        ),
        (
            f"app: j/k key to frame while the app builds, {label} (the"
            f" {len(building['during_build'])} of {keys} keys pressed during the build)",
            f"{median:.0f} ms median · p95 {worst:.0f}",
            f"indexed: {statistics.median(base) * 1000:.0f} ms median · p95 "
            f"{_percentile(base, 0.95) * 1000:.0f}",
            verdict(f"≤ {KEY_MS:g} ms median", median <= KEY_MS),
        ),
        (
            f"app: peak memory while the app builds, {label} (the app; its build process)",
            f"{app_mb:,.0f} MB; {build_mb:,.0f} MB",
            f"indexed: app {indexed['app_mb']:,.0f} MB",
            verdict(
                f"≤ {APP_MB:g} MB; ≤ {PROCESS_MB:g} MB",
                app_mb <= APP_MB and build_mb <= PROCESS_MB,
            ),
        ),
    ]


def _app_session(
    root: Path,
    home: Path,
    count: int,
    keys: int = 0,
    topic: bool = False,
    index_dir: Path | None = None,
) -> dict:
    """One app launch on ``root`` (its index a copy of ``index_dir``, else none): ``keys``
    j/k keys from the first frame (``during_build``: the times of those pressed while the
    build process ran), then (``topic``) the first topic key."""
    home.mkdir(parents=True)
    env = _environment(home)
    if index_dir is not None:
        shutil.copytree(index_dir, index_dir_for(root.resolve(), home / "cache"))
    terminal = Terminal([*briefing_tui_command(), str(root)], env, home)
    app = terminal.process.pid
    try:
        first = terminal.wait_for(f"{count:,} sources".encode(), timeout=600.0)
        times, during, build_mb = [], [], 0.0
        for number in range(keys):
            terminal.drain(SETTLE)
            key = b"j" if number % 2 == 0 else b"k"  # the first pane's cursor: ¶2, ¶1, ...
            building = _build_processes(app)
            moment, position = terminal.send(key)
            times.append(terminal.wait_for(CURSOR_MARKERS[key], position) - moment)
            if building and all(_peak_mb(pid) for pid in building):  # still running
                during.append(times[-1])
            build_mb = max([build_mb, *(_peak_mb(pid) for pid in _build_processes(app))])
        answered = None
        if topic:
            moment, position = terminal.send(b"1")
            hits = terminal.wait_for(HITS_MARKER, position, timeout=600.0)
            shown = _ESCAPES.sub(b"", terminal.output[position:]).decode(errors="replace")
            partial = " ".join(re.findall(r"partial: [\d,]+ of [\d,]+ indexed", shown)[:1])
            answered = (hits - terminal.started, hits - moment, partial)
        return {
            "first_frame": first - terminal.started,
            "answered": answered,
            "keys": times,
            "during_build": during,
            "app_mb": _peak_mb(app),
            "build_mb": build_mb,
        }
    finally:
        terminal.close()


def _build_processes(app: int) -> list[int]:
    """The app's build process (``python -m index.search.build``), if it runs."""
    found: list[int] = []
    children = _children_by_parent()
    for pid in children.get(app, ()):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"index.search.build" in command:
            found.append(pid)
    return found


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    return children


def _peak_mb(pid: int) -> float:
    """The peak resident memory of ``pid`` (VmHWM) in MB; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def curve_rows(count: int, workdir: Path, keys: int = KEYS) -> list[Row]:
    """One point of ``docs/scaling.md``'s curve on ``count`` synthetic articles: the index
    command's build (time, rate, size, peak memory), then :func:`app_rows` on that folder."""
    from tests.bench.synthetic import make_corpus

    root = workdir / f"corpus-{count}"
    make_corpus(root, count)
    label = f"{count:,} articles"
    home = workdir / f"cli-{count}"
    home.mkdir(parents=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = [sys.executable, "-m", "tui.cli", "index", "--corpus", str(root)]
    subprocess.run(command, env=_environment(home), cwd=home, check=True, capture_output=True)
    built = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    index_dir = index_dir_for(root.resolve(), home / "cache")
    note = "" if peak > before else " (an earlier child's peak)"
    rows: list[Row] = [
        (
            f"curve: index command, {label}",
            f"{built:.0f} s · {count / built:.0f} articles/s · {folder_mb(index_dir):,.0f} MB",
            f"peak memory per process {max(peak, before) / 1024:,.0f} MB{note}",
            "info",
        )
    ]
    return rows + app_rows(root, workdir, label, index_dir, keys)


if __name__ == "__main__":  # python -m tests.bench.bench_build 1000 10000 30000
    import tempfile

    # BENCH_KEEP=DIR: work in DIR and keep each corpus and its index there for later runs.
    keep = os.environ.get("BENCH_KEEP")
    for size in map(int, sys.argv[1:]):
        if keep:
            folder = Path(keep) / f"curve-{size}"
            folder.mkdir(parents=True)
            rows = curve_rows(size, folder)
        else:
            with tempfile.TemporaryDirectory(prefix="briefing-curve-") as name:
                rows = curve_rows(size, Path(name))
        for row in rows:
            print(" | ".join(row), flush=True)
