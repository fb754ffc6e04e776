"""The benchmark still runs: its pieces on a tiny synthetic corpus (no speed assertions)."""

from __future__ import annotations

import re

from index.corpus.articles import load_corpus
from tests.bench import bench_index, verdict
from tests.bench.__main__ import module_rows
from tests.bench.synthetic import make_corpus

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def test_synthetic_corpus_is_deterministic_and_realistic(tmp_path):
    first = make_corpus(tmp_path / "a", 40, seed=3, size=2000)
    again = make_corpus(tmp_path / "b", 40, seed=3, size=2000)
    other = make_corpus(tmp_path / "c", 40, seed=4, size=2000)
    assert [path.read_bytes() for path in first] == [path.read_bytes() for path in again]
    assert first[0].read_bytes() != other[0].read_bytes()
    sizes = [path.stat().st_size for path in first]
    assert 1500 < sum(sizes) / len(sizes) < 2500

    corpus = load_corpus(tmp_path / "a", 10**7)
    assert len(corpus.articles) == 40 and not corpus.warnings
    assert all(len(article.passages) >= 2 for article in corpus.articles)
    assert any(article.date for article in corpus.articles)  # "date YYYY-MM-DD Title" lines
    assert any(article.source for article in corpus.articles)  # "Kyiv • UNN" datelines
    text = " ".join(article.text for article in corpus.articles)
    assert re.search(r"\bZelensk(?:y|yy|iy|i)\b", text) and "Kursk" in text


def test_regex_baseline_matches_the_same_words():
    aliases = {"Zaporizhzhia": ["Zaporozhye"]}
    query = bench_index.topic_query('Zaporizhzhia OR "power plants"', aliases)
    pattern = query.regex()
    text = "ZAPORIZHZHIA, Zaporozhye and two power\nplants; powerplants no."
    assert [match.group() for match in pattern.finditer(text)] == [
        "ZAPORIZHZHIA",
        "Zaporozhye",
        "power\nplants",
    ]


def test_index_rows_on_a_tiny_corpus():
    rows = bench_index.rows(sizes=[8], queries=3, changes=2, rounds=1)
    # build, size, build process (first batch, memory), change (update, pending + update,
    # the merges left), no change, 2 peers, 4 query kinds, a new searcher's first topic search,
    # every hit, past the limit, 3 topic parts
    assert len(rows) == 20
    for row in rows:
        assert len(row) == 4 and all(isinstance(cell, str) for cell in row)
        assert row[0] and row[1]
        if row[0].startswith("index: peer") and row[1] == "skipped":  # engine not installed
            assert row[2]  # the reason
            continue
        numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(row[1])]
        # A duration may round to 0 on 8 articles (an update with nothing to do): it is
        # still a figure, never negative.
        assert numbers and all(number >= 0 for number in numbers), row
    build_rate = float(_NUMBER.search(rows[0][1]).group().replace(",", ""))
    assert build_rate > 0  # articles/s: a build that indexed nothing would show 0
    assert "each build a process of its own" in rows[0][1]  # a short build is repeated
    whats = [row[0] for row in rows]
    assert whats[0].startswith("index: full build, 8 articles")
    assert any(what.startswith("query: topic Zaporizhzhia") for what in whats)
    assert "first search of a new searcher" in whats[14] and "repeated" in rows[14][2]
    assert rows[0][3].split(": ")[-1].split(" ")[0] in ("ok", "MISSED")
    assert "regex" in rows[10][2]
    assert whats[1:4] == [
        "index: size on disk, 8 articles",
        "index: build process, first batch searchable, 8 articles",
        "index: build process, peak memory per process, 8 articles",
    ]
    assert whats[4:8] == [
        "index: one file changed, 8 articles (median, max of 2)",
        "index: one file changed, pending() + update() as the app opens it, 8 articles"
        " (median, max of 2)",
        "index: the merges they left, tidy() once the change is shown, 8 articles (max of 4)",
        "index: update with nothing changed, 8 articles",
    ]
    assert [what.split(",")[0] for what in whats[8:10]] == [
        "index: peer SQLite FTS5",
        "index: peer tantivy",
    ]


def test_main_survives_a_missing_module():
    assert module_rows("no_such_benchmark", quick=True, sizes=None) == [
        ("no_such_benchmark: not run", "module missing", "", "")
    ]
    assert verdict("< 1 s", True) == "< 1 s: ok"
    assert verdict("≥ 2×", False, "1.5×") == "≥ 2×: MISSED (1.5×)"


def test_a_build_in_batches_and_cached_states_change_nothing(tmp_path, monkeypatch):
    """How the benchmark's builds go (in batches, a segment each; the file states cached per
    segment) changes nothing: same results, same recorded states."""
    import index.search.store as store
    from index.search.api import Searcher
    from tui.config import load_config
    from tui.resources import bundled_path

    files = make_corpus(tmp_path / "corpus", 24)
    config = load_config(bundled_path("config.yaml"))
    results = {}
    for name, batch in (("single", 10**9), ("batched", 8)):
        monkeypatch.setattr(store, "BATCHED_FROM", min(batch, 200))
        monkeypatch.setattr(store, "FIRST_BATCH", batch)
        monkeypatch.setattr(store, "MAX_BATCH", batch)
        corpus_index = store.CorpusIndex(tmp_path / "corpus", index_dir=tmp_path / name)
        assert len(corpus_index.update().added) == 24
        with corpus_index.searcher() as searcher:
            segments = len(searcher.reader().leaf_readers())
        assert segments == (1 if name == "single" else 3)  # a segment per batch
        searcher = Searcher(corpus_index, config.topics, config.aliases)
        results[name] = [searcher.search(t.query).to_json() for t in config.topics]
    assert results["batched"] == results["single"]
    assert any(group["articles"] for group in results["single"])

    files[3].write_text(files[3].read_text(encoding="utf-8") + "\nKursk.\n", encoding="utf-8")
    files[7].unlink()
    report = corpus_index.update()  # the batched one: several segments, one with deletions
    assert report.changed == [files[3].name] and report.removed == [files[7].name]
    with corpus_index.searcher() as searcher:
        cached = corpus_index.file_states(searcher)
        assert cached == store._read_states(searcher)  # uncached: every record read again
    assert files[7].name not in cached and len(cached) == 23
