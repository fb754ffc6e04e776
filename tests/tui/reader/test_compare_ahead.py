"""The comparisons are worked out ahead on a briefing, and on a larger folder only when
their key opens them (analysing every passage of 10,000 articles would hold ~1.5 GB)."""

from __future__ import annotations

from tests.pilot import WIDE, open_matrix, reader, ready, run
from tui.reader import screen as reader_screen

FILES = {
    "a.txt": "Harbour Ledger\n\nShelling near Kursk held the convoy.\n",
    "b.txt": "Valley Courier\n\nTroops left Kursk at dawn, 40 of them.\n",
    "c.txt": "Coast Gazette\n\nThe regatta was cancelled for wind.\n",
}


@run
async def test_a_briefing_has_its_comparisons_worked_out_ahead(write_corpus):
    app = reader(write_corpus(FILES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        compare = app.reader.compare
        assert compare.coverage is not None and compare.disagreements == []


@run
async def test_a_larger_folder_works_them_out_when_a_key_opens_them(write_corpus, monkeypatch):
    monkeypatch.setattr(reader_screen, "COMPARED_AHEAD", 2)  # three articles: a larger folder
    app = reader(write_corpus(FILES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        compare = app.reader.compare
        assert compare.coverage is None and compare.disagreements is None
        grid = await open_matrix(pilot, wait_for_topics=False)
        kursk = next(n for n, row in enumerate(grid.coverage.rows) if row.name == "Kursk")
        columns = [article.path for article in grid.coverage.columns]
        cells = grid.coverage.cells[kursk]
        counts = [cells[columns.index(path)].count for path in ("a.txt", "b.txt", "c.txt")]
        assert counts == [1, 1, 0]
