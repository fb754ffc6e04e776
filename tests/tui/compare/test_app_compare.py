"""The compare views in the reader (Pilot): the ``c`` matrix, ``s`` same fact, ``D`` numbers."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from index.compare.coverage import coverage
from index.compare.same_fact import same_fact
from tests.bench.synthetic import make_corpus
from tests.index.compare.test_compare_helpers import SMALL, SMALL_TOPICS, seeds_searcher
from tests.pilot import (
    WIDE,
    after,
    drawn_pieces,
    from_palette,
    open_matrix,
    open_numbers,
    open_same_fact,
    press,
    reader,
    ready,
    run,
    settle,
)
from tests.seed_files import AFP_LIKE, AP, OTHER, STATE, UNN
from tui.app import BriefingApp
from tui.compare.actions import NO_INDEX
from tui.compare.coverage_grid import COLUMN_WIDTH, HEADER_ROWS, CoverageGrid
from tui.compare.coverage_screen import CoverageScreen
from tui.compare.disagreements_screen import NONE_FOUND, DisagreementsScreen
from tui.compare.jump import FIGURE_STYLE, MATCH_STYLE
from tui.compare.same_fact_screen import SameFactScreen, reported_by
from tui.config import load_config
from tui.reader.passage_list import PassageList
from tui.reader.screen import LAND_ROW

SEEDS_MATRIX = {  # columns: 003 (AFP-like), AP, State Dept, 002, UNN
    "Kursk": ["·", "·", "1", "·", "2"],
    "Zaporizhzhia": ["·", "1+2", "1", "4", "1"],  # AP: one hit, two more in context
    "POWs": ["3", "·", "1", "·", "2"],
    "Ceasefire": ["12", "3", "2", "2", "3"],
    "Energy": ["5", "3", "2", "3", "3"],
    "Air defence": ["·", "1", "2", "1", "3"],
    "Children": ["·", "·", "1", "·", "1"],
}


def small_reader(write_corpus, **kwargs):
    config = dataclasses.replace(load_config(), topics=list(SMALL_TOPICS))
    return reader(write_corpus(SMALL), config=config, **kwargs)


def drawn(grid: CoverageGrid) -> tuple[list[str], dict[str, list[str]]]:
    """The article labels of the header and, per topic row, the cell texts as drawn."""
    lines = [grid.render_line(y).text for y in range(grid.size.height)]
    name = grid.name_width
    columns = len(grid._columns())

    def cells(line: str) -> list[str]:
        return [
            line[name + n * COLUMN_WIDTH : name + (n + 1) * COLUMN_WIDTH].strip()
            for n in range(columns)
        ]

    rows = {line[:name].strip(): cells(line) for line in lines[HEADER_ROWS:] if line.strip()}
    return cells(lines[0]), rows


def cell_styles(grid: CoverageGrid, row: int) -> list:
    """The background of each article cell of ``row`` as drawn (the cursor moved to the
    last row, middle column, which must be off ``row`` and off the cells looked at)."""
    grid.move_to(len(grid.coverage.rows) - 1, len(grid.coverage.columns) // 2)
    strip = grid.render_line(HEADER_ROWS + row)
    backgrounds, x = [], 0
    for segment in strip:
        start = x
        x += len(segment.text)
        column = (start - grid.name_width) // COLUMN_WIDTH
        inside = (start - grid.name_width) % COLUMN_WIDTH < COLUMN_WIDTH - 1
        if start >= grid.name_width and inside and column >= len(backgrounds):
            backgrounds.append(segment.style.bgcolor)
    return backgrounds


def counts(matrix) -> dict[str, list[str]]:
    return {
        (f"/ {row.name}" if row.is_query else row.name): [
            cell.shown if cell.count else "·" for cell in cells
        ]
        for row, cells in zip(matrix.rows, matrix.cells, strict=True)
    }


def assert_landed(pane) -> None:
    """The cursor's passage starts LAND_ROW rows below the pane's top (less at either end)."""
    first, _last = pane.cursor_rows()
    assert pane.has_focus
    assert pane.scroll_offset.y == min(max(first - LAND_ROW, 0), pane.max_scroll_y)


# -- the coverage matrix ----------------------------------------------------------------------


@run
async def test_matrix_draws_the_counts_of_coverage_on_the_seeds(seeds_dir, tmp_path):
    searcher, _aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    expected = coverage(searcher)
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = await open_matrix(pilot)
        labels, rows = drawn(grid)
        assert [a.path for a in grid.coverage.columns] == [AFP_LIKE, AP, STATE, OTHER, UNN]
        assert labels == ["003_394e6f…", "AP", "State Dept", "002_b921e8…", "UNN"]
        assert rows == SEEDS_MATRIX == counts(expected)
        assert grid.render_line(1).text.split() == ["2025-03-19"] * 3 + ["2025-03-20"] * 2
        # shaded by strength: the row's largest count darkest, half of it lighter, · unshaded
        zaporizhzhia = cell_styles(grid, 1)
        assert zaporizhzhia[3] == grid._style("shade-4").bgcolor  # 4 of 4
        assert zaporizhzhia[1] == grid._style("shade-2").bgcolor  # 1 of 4
        assert zaporizhzhia[0] == grid._style("base").bgcolor  # empty
        assert len({*zaporizhzhia}) == 3


@run
async def test_matrix_of_a_made_up_briefing_with_the_query_as_last_row(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.run_query("market")
        await settle(pilot)
        grid = await open_matrix(pilot)
        labels, rows = drawn(grid)
        assert labels == ["Alpha News", "Beta Wire", "Gamma Daily"]
        assert rows == {
            "Kharkiv": ["1", "1", "·"],
            "Ceasefire": ["1", "·", "·"],
            "Football": ["·", "·", "1"],
            "/ market": ["1", "1", "·"],
        }
        focused = [a.path for a in grid.coverage.columns].index(app.reader.focused_view.path)
        assert (grid.row, grid.column) == (3, focused)  # the query's row, the focused article
        assert (
            grid.coverage.rows[:3] == app.reader.compare.coverage.rows
        )  # only the query's row is new
        cell = str(app.screen.query_one("#coverage-cell").render())
        assert cell.startswith("Beta Wire · 2 Mar 2025 · Kharkiv market hit\n")
        assert "1 passage on query 'market'; the best, ¶1:" in cell
        assert "the missile strike on the central market of Kharkiv" in cell


@run
async def test_matrix_before_the_background_work_is_done(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.run_query("market OR football")
        await settle(pilot)
        app.reader.compare.coverage = None  # as if pressed before the topics' matrix was worked out
        grid = await open_matrix(pilot, wait_for_topics=False)
        assert drawn(grid)[1] == {
            "Kharkiv": ["1", "1", "·"],
            "Ceasefire": ["1", "·", "·"],
            "Football": ["·", "·", "1"],
            "/ market OR football": ["1", "1", "1"],
        }


@run
async def test_cursor_moves_over_cells_and_stops_at_the_edges(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = await open_matrix(pilot)
        assert (grid.row, grid.column) == (0, 0)
        await press(pilot, "l", "l", "l")
        assert (grid.row, grid.column) == (0, 2)
        await press(pilot, "j", "down", "down", "down")
        assert (grid.row, grid.column) == (2, 2)
        await press(pilot, "h", "left", "k")
        assert (grid.row, grid.column) == (1, 0)
        await press(pilot, "end")
        assert grid.column == 2
        cell = str(app.screen.query_one("#coverage-cell").render())
        assert "Gamma Daily" in cell and "Nothing on topic Ceasefire" in cell
        await press(pilot, "escape")
        assert not isinstance(app.screen, CoverageScreen)


@run
async def test_enter_opens_the_topic_with_that_article_on_its_best_passage(seeds_dir, tmp_path):
    searcher, _aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    expected = coverage(searcher)
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = await open_matrix(pilot)  # no query: cursor on Kursk, the focused State Dept
        assert (grid.row, grid.coverage.columns[grid.column].path) == (0, STATE)
        await press(pilot, "j", "l")  # Zaporizhzhia x 002 (4 passages)
        best = expected.cell(1, 3).best
        await press(pilot, "enter")
        await settle(pilot)
        assert not isinstance(app.screen, CoverageScreen)
        assert app.reader.query_text == app.config.topics[1].query
        view = app.reader.focused_view
        assert view.path == OTHER and view.cursor == best and best in view.hits.spans
        pane = app.reader.focused_pane
        assert pane.has_focus
        assert_landed(pane)


@run
async def test_enter_on_a_query_cell_and_on_an_empty_cell(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_matrix(pilot)
        await press(pilot, "j", "j", "l", "enter")  # Football x Beta Wire: empty
        assert app.reader.query_text == "football"
        assert (
            app.reader.focused_view.article.label == "Beta Wire" and app.reader.focused_view.silent
        )
        await open_matrix(pilot)
        await press(pilot, "k", "enter")  # Ceasefire x Beta... empty too; then Kharkiv
        assert app.reader.query_text == "ceasefire OR truce"
        await open_matrix(pilot)
        await press(pilot, "k", "enter")
        assert (
            app.reader.query_text == "Kharkiv"
            and app.reader.focused_view.article.label == "Beta Wire"
        )
        assert app.reader.focused_view.cursor == 0


@run
async def test_fifty_articles_scroll_sideways(tmp_path):
    make_corpus(tmp_path / "fifty", 50, seed=1, size=1500)
    app = reader(tmp_path / "fifty")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = await open_matrix(pilot)
        count = grid.visible_columns()
        assert len(grid.coverage.columns) == 50 and count < 50
        await press(pilot, "g")
        assert (grid.column, grid.first_column) == (0, 0)
        assert grid.render_line(0).text.startswith(f"  1–{count} ›")
        assert grid.render_line(1).text.startswith("of 50")
        await press(pilot, "pagedown")  # a screenful on: the view turns the page too
        assert (grid.column, grid.first_column) == (count, count)
        await press(pilot, "pageup")
        assert (grid.column, grid.first_column) == (0, 0)
        await press(pilot, "G")
        assert grid.column == 49 and grid.first_column == 50 - count
        assert grid.render_line(0).text.startswith(f"‹ {51 - count}–50  ")
        labels, rows = drawn(grid)
        shown = [a.label for a in grid.coverage.columns[50 - count :]]
        assert [label.rstrip("…") for label in labels] == [label[:10] for label in shown]
        assert len(rows) == len(app.config.topics)
        await press(pilot, "h")
        assert (grid.column, grid.first_column) == (48, 50 - count)  # no scroll: still shown


# -- same fact elsewhere ----------------------------------------------------------------------


async def focus_passage(pilot, path: str, number: int) -> None:
    app = pilot.app
    app.reader.focus_passage(path, number)
    await settle(pilot)
    assert (app.reader.focused_view.path, app.reader.focused_view.cursor) == (path, number)


def entries(screen: SameFactScreen) -> list[str]:
    listing = screen.query_one(PassageList)
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


@run
async def test_same_fact_lines_up_unn_and_ap_beside_the_patriot_passage(seeds_dir, tmp_path):
    searcher, aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    expected = {r.article.path: r for r in same_fact(searcher, STATE, 6, aliases=aliases)}
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await focus_passage(pilot, STATE, 6)
        screen = await open_same_fact(pilot)
        shown = entries(screen)
        assert (
            shown[0].startswith("UNN · 20 Mar 2025 · ¶6") and "Patriot missile systems" in shown[0]
        )
        assert (
            shown[1].startswith("AP · 19 Mar 2025 · ¶5") and "Patriot defense missile" in shown[1]
        )
        assert len(shown) == 4  # every other article, once
        for result in screen.results:  # what the core decides, no more and no less
            assert result.article.path in expected
            assert type(result) is type(expected[result.article.path])
        # the shared words are highlighted in the match and, beside it, in the original
        unn = screen.query_one(PassageList).get_option_at_index(0).prompt
        marked_words = {unn.plain[s.start : s.end] for s in unn.spans if s.style == MATCH_STYLE}
        assert {"Patriot", "civilians"} <= marked_words
        original = screen.query_one("#same-original-text").visual
        in_original = {
            original.plain[s.start : s.end] for s in original.spans if s.style == MATCH_STYLE
        }
        assert "Patriot" in in_original and "Kursk" not in in_original
        assert "Reported by UNN, AP" in str(screen.query_one("#same-status").render())
        await press(pilot, "enter")  # the highlighted entry: UNN
        assert not isinstance(app.screen, SameFactScreen)
        assert (app.reader.focused_view.path, app.reader.focused_view.cursor) == (UNN, 5)
        assert_landed(app.reader.focused_pane)


def test_reported_by_names_each_source_once_with_its_articles():
    def match(label: str) -> SimpleNamespace:
        return SimpleNamespace(article=SimpleNamespace(label=label))

    found = [match("UNN"), match("AP"), match("UNN"), match("Reuters"), match("UNN")]
    assert reported_by(found) == "UNN (3 articles), AP, Reuters"
    assert reported_by([match("AP")]) == "AP"


@run
async def test_same_fact_says_not_reported_and_jumps_to_the_second_match(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await focus_passage(pilot, STATE, 8)  # nuclear power plants
        screen = await open_same_fact(pilot)
        shown = entries(screen)
        assert shown[0].startswith("UNN · 20 Mar 2025 · ¶9")
        assert shown[1].startswith("002_b921e82b274cb54b · 20 Mar 2025 · ¶7")
        assert "nuclear power plants" in shown[0] and "nuclear power plants" in shown[1]
        assert shown[-1].startswith("003_394e6fccd028c4ed · 19 Mar 2025  not reported")
        listing = screen.query_one(PassageList)
        assert listing.get_option_at_index(len(shown) - 1).disabled
        await press(pilot, "down", "enter")
        assert (app.reader.focused_view.path, app.reader.focused_view.cursor) == (OTHER, 6)
        assert_landed(app.reader.focused_pane)


@run
async def test_same_fact_on_a_made_up_briefing(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await focus_passage(pilot, "alpha.md", 0)
        screen = await open_same_fact(pilot)
        shown = entries(screen)
        assert shown[0].startswith("Beta Wire · 2 Mar 2025 · ¶1")
        assert "left 23 wounded and 3 dead" in shown[0]
        assert shown[1].startswith("Gamma Daily · 3 Mar 2025  not reported")
        await press(pilot, "escape")
        assert not isinstance(app.screen, SameFactScreen)
        assert app.reader.focused_view.path == "alpha.md"


# -- numbers that disagree --------------------------------------------------------------------


@run
async def test_seeds_have_no_disagreement_and_say_so(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = await open_numbers(pilot)
        assert str(screen.query_one("#numbers-status").render()) == NONE_FOUND
        assert not screen.query_one(PassageList).display


def figure_pieces(pane) -> list[tuple[int, str]]:
    """(passage, text) of every piece the pane draws in the figure style."""
    figure = pane._style("figure")
    return drawn_pieces(pane, lambda style: style.underline and style.bgcolor == figure.bgcolor)


@run
async def test_disagreeing_figures_are_listed_marked_and_jumped_to(write_corpus):
    app = small_reader(write_corpus)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = await open_numbers(pilot)
        listing = screen.query_one(PassageList)
        shown = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
        assert shown[0] == "wounded: 22 wounded vs 23 wounded"
        assert shown[1].startswith("Alpha News · 1 Mar 2025 · ¶1: 22 wounded\n")
        assert "central market in Kharkiv left 22 wounded and 3 dead" in shown[1]
        assert shown[2].startswith("Beta Wire · 2 Mar 2025 · ¶1: 23 wounded\n")
        excerpt = listing.get_option_at_index(2).prompt
        assert [excerpt.plain[s.start : s.end] for s in excerpt.spans if s.style == FIGURE_STYLE][
            -1
        ] == "23 wounded"
        await press(pilot, "down", "enter")
        assert not isinstance(app.screen, DisagreementsScreen)
        assert (app.reader.focused_view.path, app.reader.focused_view.cursor) == ("beta.md", 0)
        beta, alpha = (
            app.reader.pane_of(app.reader.view_for("beta.md")),
            app.reader.pane_of(app.reader.view_for("alpha.md")),
        )
        assert figure_pieces(beta) == [(0, "23 wounded")]
        assert figure_pieces(alpha) == [(0, "22 wounded")]
        gamma = app.reader.pane_of(app.reader.view_for("gamma.md"))
        assert figure_pieces(gamma) == []


@run
async def test_figures_are_marked_inside_matched_words_too(write_corpus):
    app = small_reader(write_corpus, topic="Kharkiv")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_numbers(pilot)
        await press(pilot, "escape")
        app.reader.run_query("wounded OR Kharkiv")
        await settle(pilot)
        alpha = app.reader.pane_of(app.reader.view_for("alpha.md"))
        assert figure_pieces(alpha) == [(0, "22 "), (0, "wounded")]  # "wounded" also a match


# -- keys -------------------------------------------------------------------------------------


def no_index(app: BriefingApp) -> BriefingApp:
    """The reader of ``app`` never opens its index."""
    app.reader._start_indexing = lambda: None  # type: ignore[method-assign]
    return app


@run
async def test_compare_keys_wait_for_the_index_and_are_off_in_other_screens(seeds_dir):
    app = no_index(BriefingApp(load_config(), seeds_dir))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key in ("c", "s", "D"):
            await pilot.press(key)
            assert len(app.screen_stack) == 1
            assert app.reader._message == (NO_INDEX, False)
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_matrix(pilot)
        await press(pilot, "s")  # not the same-fact key in the matrix
        assert isinstance(app.screen, CoverageScreen)
        await press(pilot, "c")  # c closes the matrix it opened
        assert not isinstance(app.screen, CoverageScreen)


def test_compare_bindings_have_ids_and_a_help_section():
    from tui import keymap

    ids = {"compare.coverage", "compare.same_fact", "compare.disagreements"}
    assert ids <= keymap.BINDING_IDS
    [section] = [s for s in keymap.SECTIONS if s.title == "Compare sources"]
    assert set(section.ids) == ids
    assert keymap.keys_of("compare.disagreements", {}) == ["D"]


@run
async def test_command_palette_opens_the_compare_views(seeds_dir):
    app = reader(seeds_dir)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for name, screen in (
            ("Coverage matrix", CoverageScreen),
            ("Same fact in other sources", SameFactScreen),
            ("Numbers that disagree", DisagreementsScreen),
        ):
            await from_palette(pilot, name)
            assert isinstance(app.screen, screen), name
            await press(pilot, "escape")
            assert len(app.screen_stack) == 1


# -- snapshots (pytest-textual-snapshot: --snapshot-update to renew) ---------------------------


def test_snapshot_coverage_matrix(snap_compare, seeds_dir):
    # Kursk chosen (UNN focused), then the matrix; the cursor one row down, one column left.
    keys = ("1", "c", "j", "h")
    assert snap_compare(
        reader(seeds_dir), terminal_size=(120, 32), run_before=after(*keys, linger=0.1)
    )


def test_snapshot_same_fact_side_by_side(snap_compare, seeds_dir):
    # The State Dept's Patriot passage (its seventh), then s.
    keys = (*["j"] * 6, "s")
    assert snap_compare(
        reader(seeds_dir), terminal_size=(130, 40), run_before=after(*keys, linger=0.1)
    )
