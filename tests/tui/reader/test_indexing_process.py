"""The app's index worker: a large update runs in a build process whose batches answer
searches at once, marked partial until the last (issue 16)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from index.corpus.articles import load_corpus
from index.search.store import BATCHED_FROM, FIRST_BATCH
from tui.config import load_config
from tui.reader.indexing import IndexProgress, IndexReady, changed_since, open_index

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl")


def _corpus(root: Path, count: int) -> Path:
    root.mkdir()
    for n in range(count):
        text = f"Bulletin {n}\n\nThe grain convoy {n} left the harbour at dawn.\n"
        (root / f"n{n:04}.txt").write_text(text, encoding="utf-8")
    return root


def test_a_large_update_answers_after_its_first_batch_marked_partial(tmp_path):
    total = BATCHED_FROM + 10
    root = _corpus(tmp_path / "corpus", total)
    messages = []
    open_index(messages.append, load_config(), root, load_corpus(root))
    ready = [message for message in messages if isinstance(message, IndexReady)]
    first, last = ready[0], ready[-1]
    assert str(first.partial) == f"partial: {FIRST_BATCH} of {total} indexed"
    assert last.partial is None and len(ready) >= 3
    assert any(isinstance(message, IndexProgress) for message in messages)
    # the index the app holds is the one the build process wrote
    assert len(last.briefing.index.articles()) == total
    result = last.briefing.searcher.search("harbour")
    assert len(result.articles) == total


def test_a_small_update_stays_in_the_thread(tmp_path):
    root = _corpus(tmp_path / "corpus", 3)
    messages = []
    open_index(messages.append, load_config(), root, load_corpus(root))
    ready = [message for message in messages if isinstance(message, IndexReady)]
    assert len(ready) == 1 and ready[0].partial is None
    assert sorted(ready[0].report.added) == ["n0000.txt", "n0001.txt", "n0002.txt"]


def test_the_worker_compares_the_articles_read_and_reads_none_for_it(tmp_path):
    root = _corpus(tmp_path / "corpus", 6)
    indexed = {a.path: a.digest for a in load_corpus(root).articles}
    shown = load_corpus(root, cache_dir=tmp_path / "cache", eager_up_to=3)  # none read
    assert not changed_since(indexed, shown)
    assert not any(article.known for article in shown.articles)
    shown.articles[1].read()
    assert not changed_since(indexed, shown)
    assert changed_since({**indexed, "n0001.txt": "other"}, shown)  # read: compared
    assert not changed_since({**indexed, "n0002.txt": "other"}, shown)  # unread: as it is now
    assert changed_since({**indexed, "n0099.txt": "x"}, shown)
    assert changed_since({p: d for p, d in indexed.items() if p != "n0003.txt"}, shown)


def _segments(index) -> int:
    return len(index.open()._segments())


def test_the_merges_a_small_update_leaves_run_in_a_process_of_their_own(tmp_path, monkeypatch):
    import tui.reader.indexing as indexing
    from tui.briefing import Briefing

    root = _corpus(tmp_path / "corpus", 1)
    config = load_config()
    briefing = Briefing.open(config, root)
    briefing.index.update()
    for n in range(1, 4):  # a small segment each: four of one size, a tier to merge
        (root / f"m{n}.txt").write_text(f"Convoy {n} reached the port.\n", encoding="utf-8")
        briefing.index.update()
    assert _segments(briefing.index) == 4 and briefing.index.untidy()
    started, real = [], indexing.tidy_in_process
    monkeypatch.setattr(indexing, "tidy_in_process", lambda b: started.append(real(b)))
    messages = []
    open_index(messages.append, config, root, load_corpus(root))
    assert [type(message) for message in messages] == [IndexReady]  # shown before any merge
    (child,) = started
    assert "--tidy" in child.args and child.wait(timeout=120) == 0
    merged = Briefing.open(config, root)
    assert _segments(merged.index) == 1 and not merged.index.untidy()
    assert len(merged.searcher.search("port").articles) == 3
    assert len(merged.searcher.search("harbour").articles) == 1


def test_an_index_with_nothing_to_merge_starts_no_process(tmp_path, monkeypatch):
    import tui.reader.indexing as indexing

    root = _corpus(tmp_path / "corpus", 3)
    started = []
    monkeypatch.setattr(indexing, "tidy_in_process", started.append)
    open_index(lambda message: None, load_config(), root, load_corpus(root))
    assert started == []


def test_a_closing_app_stops_its_build_and_indexes_nothing_itself(tmp_path):
    import threading

    from tui.reader.indexing import stop_builds

    total = BATCHED_FROM * 3
    root = _corpus(tmp_path / "corpus", total)
    messages = []

    def post(message) -> None:
        messages.append(message)
        if isinstance(message, IndexReady):
            stop_builds()  # the app closes once the first batch is searchable

    worker = threading.Thread(
        target=open_index, args=(post, load_config(), root, load_corpus(root))
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()  # it does not wait for the whole build
    ready = [message for message in messages if isinstance(message, IndexReady)]
    assert len(ready) == 1 and str(ready[0].partial) == f"partial: {FIRST_BATCH} of {total} indexed"
    index = ready[0].briefing.index
    assert FIRST_BATCH <= len(index.articles()) < total  # what was committed stays, no more
