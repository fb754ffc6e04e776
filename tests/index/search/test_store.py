"""The on-disk index: incremental updates, rebuilds, damaged files, concurrent writers."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from index.search import analysis
from index.search.api import Searcher
from index.search.store import CorpusIndex


def paths_with(searcher: Searcher, query: str) -> set[str]:
    return {group.article.path for group in searcher.search(query).articles}


@pytest.fixture
def corpus(write_corpus):
    return write_corpus(
        {
            "a.txt": "Kursk was discussed.",
            "b.txt": "Patriot systems were requested.",
            "c.md": "Nothing relevant here.",
        }
    )


def test_first_update_indexes_everything_then_nothing(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    first = index.update()
    assert sorted(first.added) == ["a.txt", "b.txt", "c.md"]
    again = index.update()
    assert again.touched == 0 and not again.added
    assert [info.path for info in index.articles()] == ["a.txt", "b.txt", "c.md"]


def test_only_added_changed_and_removed_files_are_reindexed(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    searcher = Searcher(index)
    (corpus / "a.txt").write_text("Now about Zaporizhzhia instead.", encoding="utf-8")
    (corpus / "b.txt").unlink()
    (corpus / "d.txt").write_text("Kursk again.", encoding="utf-8")
    report = index.update()
    assert (report.added, report.changed, report.removed) == (["d.txt"], ["a.txt"], ["b.txt"])
    assert paths_with(searcher, "Kursk") == {"d.txt"}
    assert paths_with(searcher, "Zaporizhzhia") == {"a.txt"}
    assert paths_with(searcher, "Patriot") == set()


def test_touched_but_unchanged_file_is_not_reindexed(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    later = time.time() + 10
    os.utime(corpus / "a.txt", (later, later))
    report = index.update()
    assert report.touched == 0  # same content hash
    assert index.update().touched == 0  # and the new mtime was recorded
    assert paths_with(Searcher(index), "Kursk") == {"a.txt"}


def test_a_new_process_sees_the_saved_index(corpus, tmp_path):
    CorpusIndex(corpus, tmp_path / "cache").update()
    reopened = CorpusIndex(corpus, tmp_path / "cache")
    assert reopened.update().touched == 0
    assert paths_with(Searcher(reopened), "Kursk") == {"a.txt"}


def test_update_after_pending_plans_once_unless_another_process_committed(
    corpus, tmp_path, monkeypatch
):
    from index.search import store

    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    plans = []
    planned = store._plan
    monkeypatch.setattr(store, "_plan", lambda *args: plans.append(1) or planned(*args))
    (corpus / "a.txt").write_text("Now about Zaporizhzhia.", encoding="utf-8")
    assert index.pending() == 1
    assert index.update().changed == ["a.txt"]
    assert len(plans) == 1  # pending()'s plan, for the same listing and states
    (corpus / "b.txt").write_text("Kursk, rewritten.", encoding="utf-8")
    (corpus / "c.md").write_text("Patriot, rewritten.", encoding="utf-8")
    assert index.pending() == 2
    other = CorpusIndex(corpus, tmp_path / "cache")
    assert other.update().changed == ["b.txt", "c.md"]
    plans.clear()
    assert index.update().touched == 0  # planned again, against what the other committed
    assert len(plans) == 1
    assert paths_with(Searcher(index), "Kursk") == {"b.txt"}


def test_sidecar_change_rereads_metadata(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    (corpus / "sources.yaml").write_text("a.txt:\n  source: Kyiv Independent\n", encoding="utf-8")
    index.update()
    infos = {info.path: info for info in index.articles()}
    assert infos["a.txt"].source == "Kyiv Independent"
    assert infos["b.txt"].source is None


def test_schema_version_change_uses_a_fresh_index(corpus, tmp_path, monkeypatch):
    old = CorpusIndex(corpus, tmp_path / "cache")
    old.update()
    monkeypatch.setattr("index.search.store.SCHEMA_VERSION", analysis.SCHEMA_VERSION + 1)
    new = CorpusIndex(corpus, tmp_path / "cache")
    assert new.path != old.path
    assert sorted(new.update().added) == ["a.txt", "b.txt", "c.md"]


def test_garbage_index_files_are_rebuilt(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    for file in index.path.iterdir():
        if file.suffix in (".toc", ".seg") or file.name.endswith(".trm"):
            file.write_bytes(b"\x00garbage" * 10)
    damaged = CorpusIndex(corpus, tmp_path / "cache")
    report = damaged.update()
    assert report.rebuilt_because and "rebuilt" in report.rebuilt_because
    assert sorted(report.added) == ["a.txt", "b.txt", "c.md"]
    assert paths_with(Searcher(damaged), "Kursk") == {"a.txt"}


def test_unwritable_cache_falls_back_to_memory(corpus, tmp_path):
    if os.geteuid() == 0:
        blocker = tmp_path / "cache-is-a-file"
        blocker.write_text("not a folder")  # root ignores permissions; a file still blocks
        cache = blocker
    else:
        cache = tmp_path / "ro"
        cache.mkdir()
        cache.chmod(0o500)
    index = CorpusIndex(corpus, cache)
    report = index.update()
    assert index.in_memory
    assert any("in-memory" in warning for warning in report.warnings)
    assert paths_with(Searcher(index), "Kursk") == {"a.txt"}


def test_rebuild_on_request(corpus, tmp_path):
    index = CorpusIndex(corpus, tmp_path / "cache")
    index.update()
    report = index.update(rebuild=True)
    assert report.rebuilt_because == "asked for"
    assert len(report.added) == 3


def test_skipped_files_are_remembered_until_they_change(write_corpus, tmp_path):
    root = write_corpus({"bin.txt": b"\x00\x01" * 50, "ok.txt": "Kursk."})
    index = CorpusIndex(root, tmp_path / "cache")
    first = index.update()
    assert first.warnings == ["skipped bin.txt: not a text file (binary data)"]
    assert index.update().warnings == []
    (root / "bin.txt").write_text("Now it is text about Kursk.", encoding="utf-8")
    report = index.update()
    assert report.added == ["bin.txt"]
    assert paths_with(Searcher(index), "Kursk") == {"bin.txt", "ok.txt"}


def _update_in_process(corpus: str, cache: str, queue) -> None:
    report = CorpusIndex(corpus, cache).update()
    queue.put(sorted(report.added))


def test_two_processes_updating_at_once_leave_a_sound_index(write_corpus, tmp_path):
    files = {f"article{n:03}.txt": f"Article {n} mentions Kursk and topic{n}." for n in range(60)}
    root = write_corpus(files)
    cache = tmp_path / "cache"
    # Forked, the two start at once; spawned, each first imported the index (~1 s of CPU).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_update_in_process, args=(str(root), str(cache), queue))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    index = CorpusIndex(root, cache)
    assert index.update().touched == 0
    assert len(index.articles()) == 60
    result = Searcher(index).search("Kursk")
    assert len(result.articles) == 60
    assert all(len(group.hits) == 1 for group in result.articles)  # nothing indexed twice
