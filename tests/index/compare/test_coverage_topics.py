"""The coverage matrix counts what the reader finds for a topic: its ``also`` words, its
``except`` exclusions, and its context hits apart ("2 hits + 2 in context")."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter

import pytest

from index.compare.coverage import Coverage, coverage
from index.search.api import Searcher
from index.search.query import ParsedQuery
from index.search.syntax import Topic
from tests.index.compare.test_compare_helpers import open_searcher, seeds_searcher
from tui.cli import main

PLANT = Topic(
    "Plant",
    '"nuclear plant" OR Rivne',
    also="reactor OR reactors",
    exclude='"Rivne region"~3 OR "thermal power plant"',
    context='"the plant" OR "the station"',
)
POWER = Topic("Power", '"nuclear power plant"')  # three words: looked up as two pairs

ARTICLES = {
    "plant.md": "Source: Plant Monitor\nDate: 2025-04-01\nTitle: Inspectors at the plant\n\n"
    "Inspectors reached the Rivne nuclear plant on Tuesday.\n\n"  # 0: hit
    "The station lost one of its two power lines overnight.\n\n"  # 1: context
    "The plant was back on both lines by the evening.\n\n"  # 2: context, second round
    "Grain prices fell for a third week.\n\n"  # 3: nothing
    "Two reactors were cooled down as a precaution.\n",  # 4: also
    "region.md": "Source: Region Post\nDate: 2025-04-02\nTitle: Night of shelling\n\n"
    "Shelling hit villages in the Rivne region overnight, the governor said.\n\n"
    "The plant that makes bricks in the town was closed.\n\n"
    "A thermal power plant near the border lost power.\n",
    "both.md": "Source: Both Times\nDate: 2025-04-03\nTitle: Region and plant\n\n"
    "Fighting in the Rivne region did not reach the Rivne nuclear plant.\n",
    "power.md": "Source: Power Weekly\nDate: 2025-04-04\nTitle: Energy debate\n\n"
    "Nuclear power is debated in parliament; the power plant in town burns coal.\n\n"
    "A new nuclear power plant is planned for the north.\n",
}


@pytest.fixture
def plant(write_corpus, tmp_path) -> Searcher:
    return open_searcher(write_corpus(ARTICLES), tmp_path / "cache", [PLANT, POWER])


def cells(matrix: Coverage, row: int) -> dict[str, tuple[int, int, int | None]]:
    """path -> (hits, context hits, best passage) of one row."""
    return {
        article.path: (cell.count, cell.context, cell.best)
        for article, cell in zip(matrix.columns, matrix.cells[row], strict=True)
    }


def reader_counts(
    searcher: Searcher, query: str | ParsedQuery
) -> dict[str, tuple[int, int, int | None]]:
    """path -> (hits, context hits, best direct hit) as ``Searcher.search`` finds them."""
    result = searcher.search(query)
    counted = {info.path: (0, 0, None) for info in result.silent}
    for group in result.articles:
        kinds = Counter("context" if hit.kind == "context" else "hit" for hit in group.hits)
        direct = [hit for hit in group.hits if hit.kind != "context"]
        best = max(direct, key=lambda hit: (hit.score, -hit.passage), default=None)
        counted[group.article.path] = (kinds["hit"], kinds["context"], best and best.passage)
    return counted


def test_an_article_with_only_the_excluded_context_counts_nothing(plant):
    matrix = coverage(plant)
    assert cells(matrix, 0)["region.md"] == (0, 0, None)
    assert [a.path for a in matrix.silent(0)] == ["region.md", "power.md"]


def test_context_hits_are_counted_apart_from_hits(plant):
    matrix = coverage(plant)
    assert cells(matrix, 0) == {
        "plant.md": (2, 2, 0),  # the plant and the reactors; the station and the plant
        "region.md": (0, 0, None),
        "both.md": (1, 0, 0),  # the words outside the exception still count
        "power.md": (0, 0, None),
    }
    cell = matrix.cell(0, 0)
    assert cell.label == "2 hits + 2 in context" and cell.shown == "2+2"
    assert matrix.cell(0, 2).label == "1 hit" and matrix.cell(0, 2).shown == "1"
    assert matrix.rows[0].context and not matrix.rows[1].context


def test_a_loose_phrase_lookup_is_checked_where_the_phrase_stands(plant):
    matrix = coverage(plant)  # power.md ¶0 holds both word pairs of the phrase, apart
    assert cells(matrix, 1)["power.md"] == (1, 0, 1)


def test_every_row_equals_the_readers_search(plant):
    matrix = coverage(plant, extra_query='"nuclear power plant" OR reactors')
    for row_number, row in enumerate(matrix.rows):
        assert cells(matrix, row_number) == reader_counts(plant, row.query), row.name


def test_every_shipped_topic_on_the_seeds_equals_the_readers_search(seeds_dir, tmp_path):
    searcher, _aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    matrix = coverage(searcher)
    assert [row.name for row in matrix.rows] == [topic.name for topic in searcher.topics]
    for row_number, row in enumerate(matrix.rows):
        assert cells(matrix, row_number) == reader_counts(searcher, row.query), row.name
    assert any(cell.context for cells_ in matrix.cells for cell in cells_)  # context counted


def test_a_topic_that_expands_equals_the_readers_search(seeds_dir, tmp_path):
    searcher, aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    topics = [dataclasses.replace(topic, expand=True) for topic in searcher.topics[:3]]
    expanding = open_searcher(seeds_dir, tmp_path / "cache", topics, aliases)
    matrix = coverage(expanding)
    for row_number, row in enumerate(matrix.rows):
        assert cells(matrix, row_number) == reader_counts(expanding, row.query), row.name


def test_expansion_turned_on_for_every_row_equals_the_readers_expanded_search(seeds_dir, tmp_path):
    searcher, _aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    matrix = coverage(searcher, expand=True)
    plain = coverage(searcher)
    for row_number, row in enumerate(matrix.rows):
        expanded = dataclasses.replace(searcher.parse(row.query), expand=True)
        assert cells(matrix, row_number) == reader_counts(searcher, expanded), row.name
    assert sum(c.count for r in matrix.cells for c in r) > sum(
        c.count for r in plain.cells for c in r
    )


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def plant_cli(write_corpus, tmp_path) -> list[str]:
    config = tmp_path / "config.yaml"
    config.write_text(
        "topics:\n"
        "  - name: Plant\n"
        "    query: '\"nuclear plant\" OR Rivne'\n"
        "    also: reactor OR reactors\n"
        "    except: ['\"Rivne region\"~3', thermal power plant]\n"
        "    context: [the plant, the station]\n",
        encoding="utf-8",
    )
    return ["--corpus", str(write_corpus(ARTICLES)), "--config", str(config)]


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_json_cells_count_context_hits_apart(capsys, plant_cli):
    status, out, err = run(capsys, "coverage", *plant_cli, "--json")
    assert status == 0, err
    data = json.loads(out)
    assert [a["path"] for a in data["articles"]] == ["plant.md", "region.md", "both.md", "power.md"]
    plant = data["cells"][0]
    assert [(cell["count"], cell["context"]) for cell in plant] == [(2, 2), (0, 0), (1, 0), (0, 0)]
    assert data["cells"][0][0]["best_passage"] == 0


def test_csv_has_a_row_of_context_hits_for_a_topic_with_context(capsys, plant_cli):
    status, out, err = run(capsys, "coverage", *plant_cli, "--csv")
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1:] == [
        ["Plant", "2", "0", "1", "0"],
        ["Plant in context", "2", "0", "0", "0"],
    ]


def test_table_shows_hits_plus_context_hits(capsys, plant_cli):
    status, out, err = run(capsys, "coverage", *plant_cli)
    assert status == 0, err
    plant_line = next(line for line in out.splitlines() if line.lstrip("│ ").startswith("Plant"))
    assert plant_line.replace("│", " ").split() == ["Plant", "2+2", "·", "1", "·"]
    assert "Plant: nothing in Region Post, Power Weekly" in out
    assert "n+m: n hits, and m more in context" in out
