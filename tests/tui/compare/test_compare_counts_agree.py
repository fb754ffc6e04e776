"""The compare views count a topic as the reader does: the panes, the coverage matrix (c), the
sources list (S) and the timeline (t) agree on hits and context hits, exclusions respected."""

from __future__ import annotations

import dataclasses

from tests.index.compare.test_coverage_topics import ARTICLES, PLANT
from tests.pilot import WIDE, open_matrix, press, reader, ready, run, settle
from tui.compare.coverage_grid import CoverageGrid
from tui.compare.source_table import SourceTable
from tui.compare.sources_screen import SourcesScreen
from tui.config import load_config

EXPECTED = {  # path -> (hits, context hits) on the topic
    "plant.md": (2, 2),
    "region.md": (0, 0),  # only the excluded "Rivne region" and thermal power plant
    "both.md": (1, 0),
    "power.md": (0, 0),
}


@run
async def test_panes_matrix_sources_list_and_timeline_agree(write_corpus):
    config = dataclasses.replace(load_config(), topics=[PLANT])
    app = reader(write_corpus(ARTICLES), config=config)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        panes = {}
        for view in app.reader.views:
            context = sum(kind == "context" for kind in view.hits.kinds.values())
            panes[view.path] = (view.hit_count - context, context)
        assert panes == EXPECTED

        await press(pilot, "S")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(SourceTable)
        assert {row.path: (row.hits, row.context) for row in table.rows} == EXPECTED
        await press(pilot, "escape", "t")
        table = app.screen.query_one(SourceTable)
        assert sorted(table.rows[i].path for i in table.order) == ["both.md", "plant.md"]
        await press(pilot, "escape")

        grid = await open_matrix(pilot)
        matrix = {
            article.path: (cell.count, cell.context)
            for article, cell in zip(grid.coverage.columns, grid.coverage.cells[0], strict=True)
        }
        assert matrix == EXPECTED
        cell = str(app.screen.query_one("#coverage-cell").render())
        assert "2 passages + 2 in context on topic Plant; the best, ¶1:" in cell


@run
async def test_with_expansion_turned_on_by_key_the_matrix_counts_as_the_panes(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "3", "e")  # POWs, expanded
        assert app.reader.result.query.expand and app.reader.result.expansion
        panes = {}
        for view in app.reader.views:
            context = sum(kind == "context" for kind in view.hits.kinds.values())
            panes[view.path] = (view.hit_count - context, context)
        await press(pilot, "c")
        await settle(pilot)
        grid = app.screen.query_one(CoverageGrid)
        assert grid.coverage is not None and grid.coverage.rows[2].name == "POWs"
        matrix = {
            article.path: (cell.count, cell.context)
            for article, cell in zip(grid.coverage.columns, grid.coverage.cells[2], strict=True)
        }
        assert matrix == panes
