"""What ``w`` saves from the compare views: a table as Markdown or CSV. Headless.

Each view gives a :class:`Table` (a title, a header row and rows of plain text); the file's
suffix picks the format: ``.csv`` for a spreadsheet, ``.md`` for notes. Article text is
written as it is, with Markdown's table characters escaped (``|``, line breaks).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.compare.coverage import Coverage
    from index.compare.disagreements import Disagreement
    from index.compare.same_fact import Match, NotReported

FORMATS = (".md", ".csv")
PassageText = Callable[[str, int], str | None]  # (path, passage) -> its text, if known


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]


def coverage_table(matrix: Coverage, about: str = "") -> Table:
    """A row per topic, a column per article (outlet and date), the passages on it."""
    header, *rows = matrix.csv_rows()
    return Table(f"Coverage{about}", header, rows)


def same_fact_table(original: str, results: Sequence[Match | NotReported]) -> Table:
    """A row per other source: its passage on the same fact and how similar, or not."""
    from index.compare.same_fact import Match

    rows = []
    for result in results:
        article = result.article
        if isinstance(result, Match):
            row = [str(result.passage + 1), f"{result.score:.2f}", result.text]
        else:
            row = ["", f"{result.best_score:.2f}", "not reported"]
        rows.append([article.label, article.date or "", *row, article.path])
    header = ["source", "date", "passage", "similarity", "text", "file"]
    return Table(f"Same fact elsewhere: {original}", header, rows)


def disagreements_table(found: Sequence[Disagreement], passage_text: PassageText) -> Table:
    """A row per figure: what it counts, the figure, its source and passage."""
    rows = []
    for disagreement in found:
        for placed in disagreement.figures:
            article = placed.article
            text = passage_text(article.path, placed.passage) or ""
            rows.append(
                [
                    disagreement.noun,
                    placed.text,
                    article.label,
                    article.date or "",
                    str(placed.passage + 1),
                    text,
                    article.path,
                ]
            )
    header = ["counted", "figure", "source", "date", "passage", "text", "file"]
    return Table("Numbers that disagree", header, rows)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue()


def to_markdown(table: Table) -> str:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")

    lines = [f"# {cell(table.title)}", ""]
    lines.append("| " + " | ".join(cell(name) for name in table.header) + " |")
    lines.append("|" + "---|" * len(table.header))
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


def format_problem(path: Path) -> str | None:
    """Why ``path`` cannot be written to, or None: a known suffix, a new file, a folder."""
    if path.suffix.lower() not in FORMATS:
        return "the name must end in .md (Markdown) or .csv"
    if path.exists():
        return f"{path.name} exists already: choose another name"
    if not path.parent.is_dir():
        return f"no folder {path.parent}"
    return None


def save_table(table: Table, path: Path) -> None:
    """Write ``table`` to a new file at ``path`` in the format its suffix names (``x``: the
    file is created, never replaced)."""
    text = to_csv(table) if path.suffix.lower() == ".csv" else to_markdown(table)
    with path.open("x", encoding="utf-8", newline="") as stream:
        stream.write(text)


def free_name(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``… when that exists."""
    path = folder / f"{stem}{suffix}"
    number = 2
    while path.exists():
        path = folder / f"{stem}-{number}{suffix}"
        number += 1
    return path
