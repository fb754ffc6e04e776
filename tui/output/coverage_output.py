"""The coverage matrix for a person at a terminal (a shaded table), or as JSON or CSV."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from index.compare.coverage import Coverage
from index.compare.disagreements import Disagreement

SHADES = ("on grey23", "on dark_green", "on green4", "on green3")
"""Cell backgrounds from weak to strong (count relative to the row's largest)."""
EMPTY = "·"
COLUMN_WIDTH = 11
TOPIC_WIDTH = 16
CONTEXT_LEGEND = "n+m: n hits, and m more in context (passages carrying on a hit's subject)"
SOURCES_PER_CLAIM = 3
"""Figures shown per claim of a disagreement; the others are counted ("and 12 more")."""


def shade(strength: float) -> str:
    """The background of a cell whose strength (0 < s <= 1) is given."""
    return SHADES[min(int(strength * len(SHADES)), len(SHADES) - 1)]


def coverage_json(coverage: Coverage, disagreements: Sequence[Disagreement]) -> dict:
    """``topics``, ``articles``, ``cells[topic][article]`` and ``disagreements``."""
    return coverage.to_json() | {"disagreements": [d.to_json() for d in disagreements]}


def write_csv(coverage: Coverage, stream: TextIO) -> None:
    """One header row (topic, then one column per article) and one row per topic."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerows(coverage.csv_rows())


def _header(article) -> Text:
    label = (
        article.label
        if len(article.label) <= COLUMN_WIDTH
        else article.label[: COLUMN_WIDTH - 1] + "…"
    )
    text = Text(label, style="bold cyan")
    text.append("\n" + (article.date or "undated"), style="dim")
    return text


def _cell(coverage: Coverage, row: int, column: int) -> Text:
    cell = coverage.cell(row, column)
    if not cell.count:
        return Text(EMPTY, style="dim", justify="center")
    style = f"bold white {shade(coverage.strength(row, column))}"
    return Text(f" {cell.shown} ", style=style, justify="center")  # 3, or 3+2 in context


def print_coverage(
    coverage: Coverage,
    disagreements: Sequence[Disagreement] = (),
    console: Console | None = None,
) -> None:
    """The matrix, as many article columns per table as fit, then the figures that differ."""
    from tui.output.output_console import output_console  # wide and quiet in a pipe

    console = console or output_console()
    per_table = max(1, (console.width - TOPIC_WIDTH - 4) // (COLUMN_WIDTH + 3))
    columns = list(range(len(coverage.columns)))
    for first in range(0, max(len(columns), 1), per_table):
        chunk = columns[first : first + per_table]
        table = Table(show_lines=False, header_style="", pad_edge=False)
        table.add_column(Text("topic", style="dim"), max_width=TOPIC_WIDTH, no_wrap=True)
        for column in chunk:
            table.add_column(
                _header(coverage.columns[column]), justify="center", width=COLUMN_WIDTH
            )
        for row_number, row in enumerate(coverage.rows):
            name = Text(row.name, style="italic" if row.is_query else "bold")
            if row.error:
                name.append(" (error)", style="red")
            table.add_row(name, *(_cell(coverage, row_number, column) for column in chunk))
        console.print(table)
    if any(cell.context for row_cells in coverage.cells for cell in row_cells):
        console.print(Text(CONTEXT_LEGEND, style="dim"))
    for row_number, row in enumerate(coverage.rows):
        silent = coverage.silent(row_number)
        if silent and not row.error and len(silent) < len(coverage.columns):
            line = Text(f"{row.name}: ", style="bold")
            line.append("nothing in " + ", ".join(a.label for a in silent), style="yellow")
            console.print(line)
        if row.error:
            console.print(Text(f"{row.name}: {row.error}", style="red"))
    if disagreements:
        console.print()
        console.print(Text("Figures that disagree", style="bold"))
        for disagreement in disagreements:
            console.print(disagreement_line(disagreement))


def disagreement_line(disagreement: Disagreement) -> Text:
    """What is counted, then each claim with its sources side by side: "wounded: 22 wounded
    (Alpha ¶1) vs 23 wounded (Beta ¶1) · 23 wounded (Gamma ¶2)"."""
    line = Text(f"  {disagreement.noun}: ", style="bold")
    for number, claim in enumerate(disagreement.claims()):
        if number:
            line.append(" vs ", style="bold red")
        for index, placed in enumerate(claim[:SOURCES_PER_CLAIM]):
            if index:
                line.append(" · ", style="dim")
            line.append(placed.text, style="bold yellow")
            line.append(f" ({placed.article.label} ¶{placed.passage + 1})", style="dim")
        if len(claim) > SOURCES_PER_CLAIM:
            line.append(f" and {len(claim) - SOURCES_PER_CLAIM} more", style="dim")
    return line
