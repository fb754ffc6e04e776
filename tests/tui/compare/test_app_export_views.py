"""w saves the coverage, same-fact and disagreements views as Markdown or CSV; b there
bookmarks the passage of the row (issue 15, item 6)."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from textual.widgets import Input

from tests.index.compare.test_compare_helpers import SMALL, SMALL_TOPICS
from tests.pilot import (
    WIDE,
    open_matrix,
    open_numbers,
    open_same_fact,
    press,
    reader,
    ready,
    run,
    settle,
)
from tui.compare.save_dialog import SaveDialog
from tui.compare.view_export import Table, to_csv, to_markdown
from tui.config import load_config

ALPHA_1 = (
    "A missile strike on the central market in Kharkiv left 22 wounded and 3 dead, regional "
    "governor Oleh Syniehubov said on Saturday."
)
BETA_1 = (
    "Regional governor Oleh Syniehubov said the missile strike on the central market of "
    "Kharkiv left 23 wounded and 3 dead."
)


def small_reader(write_corpus, tmp_path):
    config = dataclasses.replace(load_config(), topics=list(SMALL_TOPICS))
    return reader(write_corpus(SMALL), config=config, notes=str(tmp_path / "notes.md"))


async def save_as(pilot, name: str | None = None) -> SaveDialog:
    """``w``, then (a name typed over the one offered and) enter."""
    await press(pilot, "w")
    dialog = pilot.app.screen
    assert isinstance(dialog, SaveDialog)
    if name is not None:
        dialog.query_one(Input).value = name
    await press(pilot, "enter")
    return dialog


@run
async def test_w_on_the_matrix_saves_markdown_then_csv_and_never_replaces_a_file(
    write_corpus, tmp_path
):
    app = small_reader(write_corpus, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_matrix(pilot)
        await press(pilot, "w")
        offered = app.screen.query_one(Input).value
        assert offered == str(Path.cwd() / "coverage.md")
        await press(pilot, "enter")
        await settle(pilot)
        assert Path(offered).read_text(encoding="utf-8") == (
            "# Coverage\n\n"
            "| topic | Alpha News 2025-03-01 | Beta Wire 2025-03-02 | Gamma Daily 2025-03-03 |\n"
            "|---|---|---|---|\n"
            "| Kharkiv | 1 | 1 | 0 |\n"
            "| Ceasefire | 1 | 0 | 0 |\n"
            "| Football | 0 | 0 | 1 |\n"
        )
        csv_path = tmp_path / "matrix.csv"
        await save_as(pilot, str(csv_path))
        await settle(pilot)
        assert csv_path.read_text(encoding="utf-8").splitlines() == [
            "topic,Alpha News 2025-03-01,Beta Wire 2025-03-02,Gamma Daily 2025-03-03",
            "Kharkiv,1,1,0",
            "Ceasefire,1,0,0",
            "Football,0,0,1",
        ]
        dialog = await save_as(pilot, str(csv_path))  # exists: refused, the file stays
        assert app.screen is dialog
        assert str(dialog.query_one("#save-problem").render()) == (
            "matrix.csv exists already: choose another name"
        )
        dialog.query_one(Input).value = str(tmp_path / "matrix.txt")
        await press(pilot, "enter")
        assert "must end in .md (Markdown) or .csv" in str(
            dialog.query_one("#save-problem").render()
        )
        await press(pilot, "escape")
        assert not (tmp_path / "matrix.txt").exists()
        assert csv_path.read_text(encoding="utf-8").startswith("topic,Alpha News")


@run
async def test_b_on_a_matrix_cell_bookmarks_its_best_passage(write_corpus, tmp_path):
    app = small_reader(write_corpus, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = await open_matrix(pilot)
        grid.row, grid.column = 0, 1  # Kharkiv in Beta Wire
        await press(pilot, "b")
        await settle(pilot)
        notes = (tmp_path / "notes.md").read_text(encoding="utf-8")
        assert "## Beta Wire — Kharkiv market hit" in notes
        assert "> Regional governor Oleh Syniehubov said the missile strike" in notes
        assert "- query:: Kharkiv" in notes and "- passage:: 1" in notes


@run
async def test_w_and_b_on_the_disagreements(write_corpus, tmp_path):
    app = small_reader(write_corpus, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await open_numbers(pilot)
        path = tmp_path / "numbers.csv"
        await save_as(pilot, str(path))
        await settle(pilot)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        assert rows == [
            ["counted", "figure", "source", "date", "passage", "text", "file"],
            ["wounded", "22 wounded", "Alpha News", "2025-03-01", "1", ALPHA_1, "alpha.md"],
            ["wounded", "23 wounded", "Beta Wire", "2025-03-02", "1", BETA_1, "beta.md"],
        ]
        await press(pilot, "down", "b")  # the second figure: Beta Wire's
        await settle(pilot)
        notes = (tmp_path / "notes.md").read_text(encoding="utf-8")
        assert "## Beta Wire — Kharkiv market hit" in notes
        assert "Alpha News" not in notes


@run
async def test_w_and_b_on_same_fact(write_corpus, tmp_path):
    app = small_reader(write_corpus, tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.focus_view(app.reader.view_for("alpha.md"))
        await press(pilot, "g")
        await open_same_fact(pilot)
        path = tmp_path / "same.md"
        await save_as(pilot, str(path))
        await settle(pilot)
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Same fact elsewhere: Alpha News ¶1: A missile strike on the")
        assert "| source | date | passage | similarity | text | file |" in text
        assert "| Beta Wire | 2025-03-02 | 1 | " in text
        assert "| Gamma Daily | 2025-03-03 |  | " in text and "| not reported | gamma.md |" in text
        await press(pilot, "b")
        await settle(pilot)
        assert "## Beta Wire — Kharkiv market hit" in (tmp_path / "notes.md").read_text()


def test_markdown_cells_keep_article_text_as_written():
    table = Table("A | title", ["source", "text"], [["X|Y", "line one\nline two [a](b) \\ *c*"]])
    assert to_markdown(table) == (
        "# A \\| title\n\n| source | text |\n|---|---|\n"
        "| X\\|Y | line one line two [a](b) \\\\ *c* |\n"
    )
    assert to_csv(table) == 'source,text\nX|Y,"line one\nline two [a](b) \\ *c*"\n'


def test_snapshot_save_dialog_over_the_matrix(snap_compare, seeds_dir):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await open_matrix(pilot)
        await pilot.press("w")
        await pilot.pause()
        pilot.app.screen.query_one(Input).value = "briefing/coverage.md"  # not this run's folder
        await pilot.pause()

    assert snap_compare(reader(seeds_dir), terminal_size=(100, 30), run_before=run_before)
