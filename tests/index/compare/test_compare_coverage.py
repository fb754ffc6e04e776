"""The coverage matrix and the ``coverage`` command: exact cells, silent sources, output."""

from __future__ import annotations

import csv
import io
import json

import pytest

from index.compare.coverage import coverage
from index.search.syntax import QueryError, Topic
from tests.index.compare.test_compare_helpers import (
    SMALL,
    SMALL_TOPICS,
    open_searcher,
    seeds_searcher,
)
from tests.seed_files import AFP_LIKE, AP, OTHER, STATE, UNN
from tui.cli import main


@pytest.fixture
def small(write_corpus, tmp_path):
    return open_searcher(write_corpus(SMALL), tmp_path / "cache", SMALL_TOPICS)


def counts(matrix) -> dict[str, list[int]]:
    return {
        row.name: [cell.count for cell in cells]
        for row, cells in zip(matrix.rows, matrix.cells, strict=True)
    }


def test_small_briefing_cells_columns_and_best_passages(small):
    matrix = coverage(small, extra_query="market")
    assert [a.label for a in matrix.columns] == ["Alpha News", "Beta Wire", "Gamma Daily"]
    assert counts(matrix) == {
        "Kharkiv": [1, 1, 0],
        "Ceasefire": [1, 0, 0],
        "Football": [0, 0, 1],
        "market": [1, 1, 0],
    }
    assert matrix.rows[-1].is_query and not matrix.rows[0].is_query
    assert matrix.cell(0, 0).best == 0 and matrix.cell(1, 0).best == 1
    assert matrix.cell(2, 2).best == 0 and matrix.cell(0, 2).best is None
    assert [a.label for a in matrix.silent(0)] == ["Gamma Daily"]
    assert matrix.strength(0, 0) == 1.0 and matrix.strength(0, 2) == 0.0


def test_a_bad_topic_is_a_row_with_an_error_and_a_bad_query_raises(small):
    matrix = coverage(small, [Topic("Broken", "(unclosed"), *SMALL_TOPICS])
    assert matrix.rows[0].error and all(cell.count == 0 for cell in matrix.cells[0])
    with pytest.raises(QueryError):
        coverage(small, extra_query="(unclosed")


def test_seeds_matrix(seeds_dir, tmp_path):
    searcher, _aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    matrix = coverage(searcher)
    order = [a.path for a in matrix.columns]
    assert order == [AFP_LIKE, AP, STATE, OTHER, UNN]  # by date, then label
    kursk = dict(zip(order, matrix.cells[0], strict=True))
    assert {path: cell.count for path, cell in kursk.items()} == {
        AFP_LIKE: 0, AP: 0, STATE: 1, OTHER: 0, UNN: 2,
    }  # fmt: skip
    assert kursk[STATE].best == 6
    zaporizhzhia = {path: cell.count for path, cell in zip(order, matrix.cells[1], strict=True)}
    assert zaporizhzhia[AFP_LIKE] == 0 and zaporizhzhia[OTHER] == 4


def run(capsys, *args):
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def small_cli(write_corpus, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(
        "topics:\n" + "".join(f"  - name: {t.name}\n    query: {t.query}\n" for t in SMALL_TOPICS),
        encoding="utf-8",
    )
    return ["--corpus", str(write_corpus(SMALL)), "--config", str(config)]


def test_cli_json_has_topics_articles_cells_and_disagreements(capsys, small_cli):
    status, out, err = run(capsys, "coverage", *small_cli, "--json", "--query", "Jeddah")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) == {"topics", "articles", "cells", "disagreements"}
    assert [t["name"] for t in data["topics"]][-1] == "Jeddah"
    assert [a["path"] for a in data["articles"]] == ["alpha.md", "beta.md", "gamma.md"]
    assert [[c["count"] for c in row] for row in data["cells"]] == [
        [1, 1, 0], [1, 0, 0], [0, 0, 1], [1, 0, 0],
    ]  # fmt: skip
    assert data["cells"][2][2]["best_passage"] == 0
    [disagreement] = data["disagreements"]
    assert disagreement["noun"] == "wounded"
    assert [(f["path"], f["text"], f["value"]) for f in disagreement["figures"]] == [
        ("alpha.md", "22 wounded", 22.0),
        ("beta.md", "23 wounded", 23.0),
    ]


def test_cli_csv_one_row_per_topic(capsys, small_cli):
    status, out, err = run(capsys, "coverage", *small_cli, "--csv")
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["topic", "Alpha News 2025-03-01", "Beta Wire 2025-03-02", "Gamma Daily 2025-03-03"],
        ["Kharkiv", "1", "1", "0"],
        ["Ceasefire", "1", "0", "0"],
        ["Football", "0", "0", "1"],
    ]


def test_cli_table_shows_empty_cells_silent_sources_and_figures(capsys, small_cli):
    status, out, err = run(capsys, "coverage", *small_cli)
    assert status == 0, err
    lines = out.splitlines()
    football = next(line for line in lines if line.lstrip("│ ").startswith("Football"))
    assert football.count("·") == 2 and "1" in football
    assert "Kharkiv: nothing in Gamma Daily" in out
    assert "Figures that disagree" in out
    assert "22 wounded (Alpha News ¶1)" in out and "23 wounded (Beta Wire ¶1)" in out


def test_cli_bad_query_is_one_line_and_status_2(capsys, small_cli):
    status, out, err = run(capsys, "coverage", *small_cli, "--query", "(unclosed")
    assert status == 2 and out == ""
    assert err.startswith("briefing-tui: error:") and err.count("\n") == 1
