"""The reading benchmark still runs, on pages that read as their text files do (no timing)."""

from __future__ import annotations

import re

from index.corpus.articles import read_article
from tests.bench import bench_reading
from tests.bench.__main__ import MODULES, module_rows

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def test_synthetic_pages_hold_the_same_article_as_the_text_files(tmp_path):
    pages, texts = bench_reading.make_folders(tmp_path / "corpus", 3, seed=5)
    for page, text in zip(sorted(pages.iterdir()), sorted(texts.iterdir()), strict=True):
        size = page.stat().st_size
        assert bench_reading.PAGE_BYTES * 0.95 < size < bench_reading.PAGE_BYTES * 1.2
        from_page, from_text = read_article(pages, page), read_article(texts, text)
        assert [p.text for p in from_page.passages] == [p.text for p in from_text.passages]
        assert from_page.source == "Daily Example" and from_page.date
        assert "Read more" not in from_page.text and "reader0" not in from_page.text


def test_reading_rows_on_a_tiny_folder():
    rows = bench_reading.rows(sizes=[4])
    assert [row[0] for row in rows] == [
        "read: 4 saved pages (~60 KB), first read (extraction)",
        "read: 4 saved pages (~60 KB), second read (cache)",
        "index: full build, 4 files: 2 .html + 2 .txt",
    ]
    for row in rows:
        assert len(row) == 4 and all(isinstance(cell, str) for cell in row)
        numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(row[1] + row[2])]
        assert numbers and all(number >= 0 for number in numbers), row
    assert rows[1][3].split(": ")[1].split(" ")[0] in ("ok", "MISSED")


def test_the_reading_module_is_registered():
    assert "reading" in MODULES
    assert module_rows("reading", quick=True, sizes=[2])[0][0].startswith("read: 2 saved pages")
