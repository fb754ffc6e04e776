"""Comparing sources: how fast the coverage matrix opens, and how well "same fact" finds.

``rows(quick)`` gives (what, figure, baseline, target or verdict) rows:
- the coverage matrix of 50 synthetic articles x 10 topics, cold (first call after the index
  changed) and warm, against the same queries run one by one through ``Searcher.search``,
  measured in the same run;
- "same fact elsewhere" and "numbers that disagree" over the same corpus;
- on the bundled briefing, the share of hand-labelled decisions (passage found, or rightly
  "not reported") that our scoring gets right, against Whoosh's more-like-this with the best
  threshold it could have (picked after the fact, on the same cases).

With ``--sizes 1000,10000`` (``python -m tests.bench --only compare --sizes ...``): the matrix
at each size beside the way it was counted before topics had ``except`` and ``context``
(each row's Whoosh query over the whole index), measured in the same run.

Run: ``.venv/bin/python -m tests.bench.bench_compare [--quick] [--sizes 1000,10000]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from index.compare.coverage import Cell, coverage
from index.compare.disagreements import disagreements
from index.compare.same_fact import DEFAULT_THRESHOLD, Match, same_fact
from index.compare.table import article_order, passage_table
from index.search.api import Searcher
from index.search.store import CorpusIndex
from index.search.syntax import Topic
from tests.seed_files import AFP_LIKE, AP, OTHER, STATE, UNN
from tui.config import load_config
from tui.resources import bundled_path

TARGET_MS = 200.0
EXTRA_TOPICS = (
    Topic("Kremlin", "Kremlin OR Moscow"),
    Topic("Sanctions", "sanctions OR embargo"),
    Topic("Talks venue", '"Saudi Arabia" OR Jeddah'),
)

SEED_CASES: dict[tuple[str, int], dict[str, set[int]]] = {
    # (article, passage) -> article -> passages that report the same fact (empty: none does).
    # Articles left out are ambiguous and not scored. AFP_LIKE's dateline and share-icons
    # line are two (boilerplate) passages since the boilerplate split: its numbers are +1.
    (STATE, 6): {UNN: {4, 5}, AP: {4}, OTHER: {5}, AFP_LIKE: {8}},  # Putin call; Kursk; Patriot
    (STATE, 8): {UNN: {8, 9}, OTHER: {2, 6}, AP: {0, 1, 2}, AFP_LIKE: set()},  # power plants
    (STATE, 9): {UNN: {10, 11}, OTHER: set(), AP: set()},  # POW exchange; children
    (STATE, 7): {UNN: {7}, AFP_LIKE: {6, 16}, OTHER: {3}, AP: {0, 6}},  # partial ceasefire
    (STATE, 5): {UNN: {4}, AP: set(), AFP_LIKE: set()},  # Javelin
    (AFP_LIKE, 21): {STATE: {9}, OTHER: set(), AP: set()},  # 372 prisoners exchanged
    (AFP_LIKE, 9): {AP: {6}, OTHER: {3}, UNN: set()},  # 30-day halt on energy strikes
    (AP, 5): {STATE: set(), UNN: set(), OTHER: set(), AFP_LIKE: set()},  # $180 billion
    (AP, 4): {STATE: {6}, UNN: {5}, OTHER: {5}, AFP_LIKE: set()},  # Patriot
    (OTHER, 2): {STATE: {8}, UNN: {8}, AP: {0, 1, 2}, AFP_LIKE: set()},  # Zaporizhzhia
}


def _best_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def _synthetic(folder: Path, count: int) -> None:
    try:
        from tests.bench.synthetic import make_corpus
    except ImportError:  # the shared generator is not there: a small one of our own
        import random

        rng = random.Random(0)
        words = [
            "Kursk",
            "ceasefire",
            "prisoners",
            "Patriot",
            "energy",
            "plants",
            "talks",
            "Kremlin",
            "said",
            "the",
            "of",
        ]
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(count):
            paragraphs = [" ".join(rng.choices(words, k=60)) + "." for _ in range(10)]
            (folder / f"{number:05d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
        return
    make_corpus(folder, count, seed=0, size=3000)


def speed_rows(quick: bool) -> list[tuple[str, str, str, str]]:
    config = load_config()
    topics = [*config.topics, *EXTRA_TOPICS][:10]
    repeat = 3 if quick else 10
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        _synthetic(folder, 50)
        corpus_index = CorpusIndex(folder, Path(tmp) / "cache")
        corpus_index.update()
        searcher = Searcher(corpus_index, topics, config.aliases)
        passages = sum(article.passages for article in corpus_index.articles())

        started = time.perf_counter()
        matrix = coverage(searcher)
        cold = (time.perf_counter() - started) * 1000
        warm = _best_ms(lambda: coverage(searcher), repeat)
        one_by_one = _best_ms(lambda: [searcher.search(t.query) for t in topics], repeat)

        first = corpus_index.articles()[0].path
        started = time.perf_counter()
        same_fact(searcher, first, 1, aliases=config.aliases)
        fact_cold = (time.perf_counter() - started) * 1000
        fact_warm = _best_ms(lambda: same_fact(searcher, first, 1, aliases=config.aliases), repeat)
        figures = _best_ms(lambda: disagreements(searcher, aliases=config.aliases), repeat)
        table_ms = _best_ms(lambda: _fresh_table(corpus_index), repeat)

    size = f"{len(matrix.columns)} articles x {len(matrix.rows)} topics, {passages} passages"
    verdict = "ok" if max(cold, warm) < TARGET_MS else "SLOW"
    versus = f"one by one via Searcher.search: {one_by_one:.1f} ms"
    return [
        ("coverage matrix, first open", f"{cold:.1f} ms", size, f"< {TARGET_MS:.0f} ms: {verdict}"),
        ("coverage matrix, again", f"{warm:.1f} ms", versus, f"x{one_by_one / warm:.1f} faster"),
        ("passage table read (per index change)", f"{table_ms:.1f} ms", "", ""),
        ("same fact, first (analyses all passages)", f"{fact_cold:.1f} ms", "", ""),
        ("same fact, again", f"{fact_warm:.1f} ms", "", ""),
        ("numbers that disagree, whole briefing", f"{figures:.1f} ms", "", ""),
    ]


def whoosh_matrix(searcher: Searcher, topics: Sequence[Topic]) -> list[list[Cell]]:
    """The matrix as it was counted before ``except`` and ``context`` counted (the old
    ``coverage``'s loop): each row's Whoosh query over the whole index, its matches counted
    per article column, the best kept."""
    cells = []
    with searcher.index.searcher() as whoosh_searcher:
        table = passage_table(searcher.index, whoosh_searcher)
        columns = article_order(table.articles)
        position = {article.path: index for index, article in enumerate(columns)}
        for topic in topics:
            counts = [0] * len(columns)
            best: list[tuple[float, int] | None] = [None] * len(columns)
            results = whoosh_searcher.search(searcher.parse(topic.query).whoosh, limit=None)
            for docnum, score in results.items():
                record = table.by_docnum.get(docnum)
                column = position.get(record.path) if record is not None else None
                if column is None:
                    continue
                counts[column] += 1
                mark = (float(score), -record.number)
                if best[column] is None or mark > best[column]:
                    best[column] = mark
            cells.append(
                [
                    Cell(count, -mark[1], mark[0]) if mark else Cell()
                    for count, mark in zip(counts, best, strict=True)
                ]
            )
    return cells


def sized_rows(sizes: Sequence[int], quick: bool) -> list[tuple[str, str, str, str]]:
    """The matrix (warm: passage table read, topics parsed) at each size, beside Whoosh's."""
    config = load_config()
    topics = [*config.topics, *EXTRA_TOPICS][:10]
    repeat = 2 if quick else 5
    rows = []
    for count in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "corpus"
            _synthetic(folder, count)
            corpus_index = CorpusIndex(folder, Path(tmp) / "cache")
            corpus_index.update()
            searcher = Searcher(corpus_index, topics, config.aliases)
            coverage(searcher)
            ours = _best_ms(partial(coverage, searcher), repeat)
            before = _best_ms(partial(whoosh_matrix, searcher, topics), repeat)
        rows.append(
            (
                f"coverage matrix, {count:,} articles x {len(topics)} topics (again)",
                f"{ours:.0f} ms",
                f"as counted before (Whoosh per row, no except/context): {before:.0f} ms",
                f"within the old figure: {'ok' if ours <= before * 1.1 else 'SLOWER'}"
                f" ({ours / before:.2f}x)",
            )
        )
    return rows


def _fresh_table(corpus_index: CorpusIndex) -> None:
    from index.compare import table

    table._TABLES.pop(corpus_index, None)
    passage_table(corpus_index)


# -- quality on the bundled briefing ---------------------------------------------------------


def _seeds_searcher(tmp: str) -> Searcher:
    config = load_config()
    corpus_index = CorpusIndex(bundled_path("seeds"), Path(tmp) / "cache")
    corpus_index.update()
    return Searcher(corpus_index, config.topics, config.aliases)


def ours_decisions(searcher: Searcher, threshold: float) -> dict[tuple, int | None]:
    """(origin, article) -> the passage our scoring lines up, or None for not reported."""
    aliases = load_config().aliases
    decided = {}
    for (path, number), expected in SEED_CASES.items():
        for result in same_fact(searcher, path, number, threshold, aliases):
            if result.article.path in expected:
                passage = result.passage if isinstance(result, Match) else None
                decided[(path, number, result.article.path)] = passage
    return decided


def mlt_scores(searcher: Searcher, numterms: int) -> dict[tuple, tuple[float, int, float]]:
    """(origin, article) -> (best score, its passage, best score over all articles)."""
    out = {}
    with searcher.index.searcher() as whoosh_searcher:
        table = passage_table(searcher.index, whoosh_searcher)
        for (path, number), expected in SEED_CASES.items():
            origin = table.record(path, number)
            results = whoosh_searcher.more_like(
                origin.docnum, "body", text=origin.text, top=None, numterms=numterms
            )
            best: dict[str, tuple[float, int]] = {}
            for docnum, score in results.items():
                record = table.by_docnum.get(docnum)
                if record and record.path != path and record.path not in best:
                    best[record.path] = (float(score), record.number)
            top = max((score for score, _n in best.values()), default=1.0) or 1.0
            for article in expected:
                score, passage = best.get(article, (0.0, -1))
                out[(path, number, article)] = (score, passage, top)
    return out


def accuracy(decided: dict[tuple, int | None]) -> tuple[int, int]:
    right = 0
    for (path, number, article), passage in decided.items():
        wanted = SEED_CASES[(path, number)][article]
        right += (passage is None and not wanted) or (passage is not None and passage in wanted)
    return right, len(decided)


def quality_rows() -> list[tuple[str, str, str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        searcher = _seeds_searcher(tmp)
        ours, total = accuracy(ours_decisions(searcher, DEFAULT_THRESHOLD))
        ours_best = max(
            accuracy(ours_decisions(searcher, step / 100))[0] for step in range(5, 50, 1)
        )
        mlt_best, mlt_how = 0, ""
        for numterms in (5, 10, 20):
            scores = mlt_scores(searcher, numterms)
            for relative in (False, True):
                values = sorted({(s / top if relative else s) for s, _p, top in scores.values()})
                for cut in [0.0, *values]:
                    decided = {
                        key: (passage if (s / top if relative else s) > cut else None)
                        for key, (s, passage, top) in scores.items()
                    }
                    right = accuracy(decided)[0]
                    if right > mlt_best:
                        kind = "share of top score" if relative else "score"
                        mlt_best, mlt_how = right, f"{numterms} terms, {kind} > {cut:.3g}"
    return [
        (
            "same fact on the bundled briefing",
            f"{ours}/{total} right (threshold {DEFAULT_THRESHOLD}; best threshold: {ours_best})",
            f"more-like-this, best case: {mlt_best}/{total} ({mlt_how})",
            "ours better" if ours > mlt_best else "ours not better",
        )
    ]


# -- the matrix in the app ------------------------------------------------------------------

MATRIX_MARKER = b"articles by date"  # the coverage screen's status row, drawn with the grid


def app_matrix_times(count: int, rounds: int) -> tuple[float, list[float]]:
    """Seconds from ``c`` to the matrix on a pseudo-terminal, ``count`` articles x 10
    topics: (the first open after start-up, the later ones)."""
    import yaml

    from tests.bench.bench_app import (
        Terminal,
        _environment,
        briefing_tui_command,
        index_with_cli,
    )

    topics = [*load_config().topics, *EXTRA_TOPICS][:10]
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = _environment(home)
        corpus = home / "corpus"
        _synthetic(corpus, count)
        config = home / "ten-topics.yaml"
        listed = [{"name": topic.name, "query": topic.query} for topic in topics]
        config.write_text(yaml.safe_dump({"topics": listed}), encoding="utf-8")
        index_with_cli(env, home, corpus)
        terminal = Terminal(
            [*briefing_tui_command(), str(corpus), "--config", str(config)], env, home
        )
        try:
            terminal.wait_for(f"{count:,} sources".encode())
            terminal.drain(3.0)  # the index opens, topics are searched, passages analysed
            times = []
            for _ in range(rounds + 1):
                moment, position = terminal.send(b"c")
                times.append(terminal.wait_for(MATRIX_MARKER, position) - moment)
                terminal.send(b"\x1b")
                terminal.drain(0.3)
            return times[0], times[1:]
        finally:
            terminal.close()


def app_rows(quick: bool) -> list[tuple[str, str, str, str]]:
    import statistics

    first, later = app_matrix_times(50, 3 if quick else 9)
    first, again = first * 1000, statistics.median(later) * 1000
    verdict = "ok" if max(first, again) < TARGET_MS else "SLOW"
    return [
        (
            "app: c to the coverage matrix on screen, 50 articles x 10 topics (pty)",
            f"first {first:.0f} ms, then {again:.0f} ms (median)",
            "key to frame; topics' matrix worked out once the index is open",
            f"< {TARGET_MS:.0f} ms: {verdict}",
        )
    ]


def rows(quick: bool = False, sizes: Sequence[int] = ()) -> list[tuple[str, str, str, str]]:
    if sizes:  # the matrix at these sizes only
        return sized_rows(sizes, quick)
    return [*speed_rows(quick), *app_rows(quick), *quality_rows()]


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console
    from rich.table import Table

    argv = sys.argv[1:] if argv is None else argv
    sizes = (
        [int(size) for size in argv[argv.index("--sizes") + 1].split(",")]
        if "--sizes" in argv
        else []
    )
    table = Table("what", "figure", "baseline", "target / verdict", title="compare")
    for row in rows(quick="--quick" in argv, sizes=sizes):
        table.add_row(*row)
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
