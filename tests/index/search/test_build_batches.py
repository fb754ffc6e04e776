"""A large build commits in batches: each batch answers searches, the result equals a build
in one commit, and another process's search meanwhile is marked partial (issue 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from index.search import progress, store
from index.search.api import Searcher
from index.search.store import BuildProgress, CorpusIndex
from tests.conftest import REPO

WORDS = ["harbour", "convoy", "ceasefire", "reactor", "grain", "envoy", "drones", "ferry"]


def _articles(count: int) -> dict[str, str]:
    """``count`` small articles, each naming two of ``WORDS`` and the "power plant" phrase
    in every third one."""
    files = {}
    for n in range(count):
        first, second = WORDS[n % len(WORDS)], WORDS[(n * 3 + 1) % len(WORDS)]
        plant = " near the nuclear power plant" if n % 3 == 0 else ""
        files[f"a{n:03}.txt"] = (
            f"Dispatch {n}\n\nThe {first} talks went on{plant}.\n\n"
            f"Officials said the {second} question stays open, and the {first} too.\n"
        )
    return files


def _hits(index: CorpusIndex, query: str) -> list[tuple[str, int, list, float]]:
    result = Searcher(index).search(query)
    return [
        (group.article.path, hit.passage, hit.spans, round(hit.score, 6))
        for group in result.articles
        for hit in group.hits
    ]


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 5, 10, 20, 20...: a build of 40 files commits four times."""
    monkeypatch.setattr(store, "BATCHED_FROM", 10)
    monkeypatch.setattr(store, "FIRST_BATCH", 5)
    monkeypatch.setattr(store, "MAX_BATCH", 20)


def test_batch_sizes_double_from_the_first_up_to_the_largest():
    sizes = store.batch_sizes(5_000)
    assert [next(sizes) for _ in range(8)] == [20, 40, 80, 160, 320, 640, 1_000, 1_000]
    assert next(store.batch_sizes(150)) == 150  # fewer than BATCHED_FROM: one commit


def test_each_batch_is_committed_and_searchable(small_batches, write_corpus, tmp_path):
    root = write_corpus(_articles(40))
    index = CorpusIndex(root, index_dir=tmp_path / "index")
    seen: list[tuple[BuildProgress, int, tuple[int, int] | None]] = []

    def committed(done: BuildProgress) -> None:
        reader = CorpusIndex(root, index_dir=tmp_path / "index")  # as another process would
        seen.append((done, len(reader.articles()), progress.read(index.path, mine=True)))

    report = index.update(committed=committed)
    assert len(report.added) == 40
    assert [(done.indexed, done.total, articles) for done, articles, _ in seen] == [
        (5, 40, 5),
        (15, 40, 15),
        (35, 40, 35),
        (40, 40, 40),
    ]
    assert [note for _, _, note in seen[:3]] == [(5, 40), (15, 40), (35, 40)]
    assert str(seen[0][0]) == "partial: 5 of 40 indexed"
    assert not (index.path / progress.PROGRESS_FILE).exists()  # the build is over


def test_a_build_in_batches_equals_one_in_a_single_commit(
    small_batches, write_corpus, tmp_path, monkeypatch
):
    root = write_corpus(_articles(40))
    batched = CorpusIndex(root, index_dir=tmp_path / "batched")
    batched.update()
    monkeypatch.setattr(store, "BATCHED_FROM", 1_000)
    whole = CorpusIndex(root, index_dir=tmp_path / "whole")
    whole.update()
    assert batched.open().latest_generation() > 4  # four batches committed, then merged
    for query in ("harbour", "reactor OR grain", '"power plant"', "conv*", "talks AND reactor"):
        expected = _hits(whole, query)
        assert expected, query
        assert _hits(batched, query) == expected, query
    assert batched.articles() == whole.articles()


def test_a_search_while_another_process_builds_is_marked_partial(write_corpus, tmp_path):
    root = write_corpus(_articles(12))
    env = {**os.environ, "PYTHONPATH": str(REPO), "BRIEFING_TUI_CACHE": str(tmp_path / "c")}
    index = CorpusIndex(root, tmp_path / "c")
    index.update()
    (root / "a100.txt").write_text("The harbour reopened.\n", encoding="utf-8")  # to index
    builder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        data = {"pid": builder.pid, "indexed": 12, "total": 13}  # as a build writes it
        (index.path / progress.PROGRESS_FILE).write_text(json.dumps(data), encoding="utf-8")
        report = CorpusIndex(root, tmp_path / "c").update()
        assert report.partial == BuildProgress(12, 13) and not report.added
        done = subprocess.run(
            [sys.executable, "-m", "tui.cli", "search", "harbour", "--json", "--corpus", root],
            capture_output=True,
            env=env,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert answer["partial"] == {"indexed": 12, "total": 13}
        assert "a100.txt" not in [article["path"] for article in answer["articles"]]
        assert "partial: 12 of 13 indexed" in done.stderr
    finally:
        builder.kill()
        builder.wait()
    # the builder is gone: its note no longer counts, and the file is indexed
    report = CorpusIndex(root, tmp_path / "c").update()
    assert report.partial is None and report.added == ["a100.txt"]
