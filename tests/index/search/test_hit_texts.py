"""A pane's hits read their passages from the index at once, under one hold of its lock."""

from __future__ import annotations

from index.search.api import Searcher, hit_texts
from index.search.store import CorpusIndex


class CountingLock:
    """The index's lock, counting how often it is taken."""

    def __init__(self, lock) -> None:
        self.lock, self.taken = lock, 0

    def __enter__(self):
        self.taken += 1
        return self.lock.__enter__()

    def __exit__(self, *exc):
        return self.lock.__exit__(*exc)


def test_hit_texts_reads_each_passage_once_under_one_hold_of_the_lock(tmp_path, monkeypatch):
    monkeypatch.setattr("index.search.api.TEXTS_READ_AHEAD", 0)  # none read during the search
    root = tmp_path / "corpus"
    root.mkdir()
    passages = [f"Convoy {n} reached the harbour of Odesa at dawn." for n in range(6)]
    (root / "a.txt").write_text("\n\n".join(passages) + "\n", encoding="utf-8")
    index = CorpusIndex(root, tmp_path / "index")
    index.update()
    (group,) = Searcher(index).search("harbour").articles
    hits = group.hits
    assert len(hits) == 6
    counting = index.lock = CountingLock(index.lock)
    texts = hit_texts(hits)
    assert counting.taken == 1
    assert sorted(texts) == sorted(passages)
    assert texts == [passages[hit.passage] for hit in hits]
    index.shared_searcher().close()  # the search's searcher gone (a newer index): the
    index._shared = None  # passages are read by path and number from a new one
    assert hit_texts(hits) == texts and counting.taken == 2
