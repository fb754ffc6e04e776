"""Files touched but unchanged (a folder copied without its file times): only each file's
recorded state is replaced, once, and its passages stay as they were."""

from __future__ import annotations

import os

from index.search.api import Searcher
from index.search.store import CorpusIndex


def test_touching_every_file_replaces_only_their_states(write_corpus, tmp_path):
    root = write_corpus(
        {
            "a.txt": "Grain ships left Odesa.\n\nInsurers in Odesa raised rates.",
            "b.txt": "The ceasefire map was redrawn.",
            "notes/c.md": "# Odesa port\n\nCranes stood still at Odesa.",
        }
    )
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    with index.lock:
        before = index.shared_searcher().doc_count()
    hits = sorted(
        (g.article.path, [h.passage for h in g.hits])
        for g in Searcher(index).search("Odesa").articles
    )
    for number, name in enumerate(["a.txt", "b.txt", "notes/c.md"]):
        os.utime(root / name, (1_700_000_000 + number, 1_700_000_000 + number))

    report = index.update()
    assert report.touched == 0
    with index.lock:
        assert index.shared_searcher().doc_count() == before  # one record each, passages kept
    states = index.file_states()
    assert states["b.txt"]["mtime_ns"] == 1_700_000_001 * 10**9
    again = sorted(
        (g.article.path, [h.passage for h in g.hits])
        for g in Searcher(index).search("Odesa").articles
    )
    assert again == hits and len(hits) == 2
    assert index.pending() == 0
