"""Build rows of the index benchmark (issue 16): size on disk, the build in its own process
(peak memory per process, first batch searchable), and peers on the same passages: SQLite
FTS5 (stdlib) and tantivy (the optional ``bench`` extra), each row skipped with its reason
when the engine is missing.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from index.search.store import CorpusIndex
from tests.bench import Row, verdict

INDEX_MB_AT_10K = 150.0  # issue 16's target, scaled by the corpus size
PROCESS_MB = 400.0
FIRST_SEARCH_SECONDS = 3.0
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
    batch is committed and answers a search, and the peak memory of any of its processes."""
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
