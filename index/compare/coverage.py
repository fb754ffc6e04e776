"""The coverage matrix: for each topic (and the current query), how much each source says.

Each query runs once over the whole index; its matching passages are counted per article
through the document-number table, without building hits or highlight spans. The best
passage of a cell is the one Whoosh scores highest, so the reader can open the topic on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from index.compare.table import article_order, passage_table
from index.search.api import Searcher
from index.search.patterns import check_expansion
from index.search.query import ParsedQuery, QueryError, Topic
from index.search.store import ArticleInfo


@dataclass(frozen=True)
class Cell:
    """How many passages of one article match one row, and the best of them."""

    count: int = 0
    best: int | None = None  # passage number
    score: float = 0.0


@dataclass(frozen=True)
class Row:
    """A topic (or the typed query): its name, its query, and why it could not run if so."""

    name: str
    query: str
    shown: str = ""
    is_query: bool = False
    error: str | None = None


@dataclass
class Coverage:
    """Rows (topics, then the query) by columns (articles by date, then label)."""

    rows: list[Row]
    columns: list[ArticleInfo]
    cells: list[list[Cell]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Cell:
        return self.cells[row][column]

    def strength(self, row: int, column: int) -> float:
        """0 for an empty cell, else its count over the row's largest count (0 < s <= 1)."""
        largest = max((cell.count for cell in self.cells[row]), default=0)
        return self.cells[row][column].count / largest if largest else 0.0

    def silent(self, row: int) -> list[ArticleInfo]:
        """The articles with nothing on this row."""
        return [a for a, cell in zip(self.columns, self.cells[row], strict=True) if not cell.count]

    def to_json(self) -> dict:
        """``topics``, ``articles`` and ``cells[topic][article]`` as plain data."""
        return {
            "topics": [
                {"name": row.name, "query": row.query, "runs": row.shown, "is_query": row.is_query}
                | ({"error": row.error} if row.error else {})
                for row in self.rows
            ],
            "articles": [
                {
                    "path": a.path,
                    "label": a.label,
                    "source": a.source,
                    "title": a.title,
                    "date": a.date,
                }
                for a in self.columns
            ],
            "cells": [
                [
                    {"count": cell.count, "best_passage": cell.best, "score": round(cell.score, 4)}
                    for cell in row_cells
                ]
                for row_cells in self.cells
            ],
        }

    def csv_rows(self) -> list[list[str]]:
        """A header (``topic``, one column per article) and one row of counts per topic."""
        header = ["topic", *_column_names(self.columns)]
        body = [
            [row.name, *(str(cell.count) for cell in row_cells)]
            for row, row_cells in zip(self.rows, self.cells, strict=True)
        ]
        return [header, *body]


def coverage(
    searcher: Searcher,
    topics: Sequence[Topic] | None = None,
    extra_query: str | ParsedQuery | None = None,
) -> Coverage:
    """The matrix for ``topics`` (default: the searcher's) plus ``extra_query`` as last row.

    A topic whose query cannot run gets a row with ``error`` and empty cells; a bad
    ``extra_query`` raises :class:`QueryError`, since the person just typed it.
    """
    topics = searcher.topics if topics is None else topics
    plan: list[tuple[Row, ParsedQuery | None]] = []
    for topic in topics:
        try:
            parsed = searcher.parse(topic.query)
        except QueryError as error:
            plan.append((Row(topic.name, topic.query, error=str(error)), None))
            continue
        plan.append((Row(topic.name, topic.query, parsed.shown), parsed))
    if extra_query is not None:
        parsed = (
            extra_query if isinstance(extra_query, ParsedQuery) else searcher.parse(extra_query)
        )
        plan.append((Row(parsed.text, parsed.text, parsed.shown, is_query=True), parsed))

    with searcher.index.searcher() as whoosh_searcher:
        if extra_query is not None and plan[-1][1] is not None:  # the typed query, not run away
            check_expansion(plan[-1][1].whoosh, whoosh_searcher.reader())
        table = passage_table(searcher.index, whoosh_searcher)
        columns = article_order(table.articles)
        position = {article.path: index for index, article in enumerate(columns)}
        cells: list[list[Cell]] = []
        for _row, parsed in plan:
            counts = [0] * len(columns)
            best: list[tuple[float, int] | None] = [None] * len(columns)
            if parsed is not None:
                results = whoosh_searcher.search(parsed.whoosh, limit=None)
                for docnum, score in results.items():
                    record = table.by_docnum.get(docnum)
                    if record is None:  # an article record, matched by a bare NOT
                        continue
                    column = position.get(record.path)
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
    return Coverage([row for row, _parsed in plan], columns, cells)


def _column_names(columns: Sequence[ArticleInfo]) -> list[str]:
    """``label date`` per article; the file name is added where that is not unique."""
    names = [f"{a.label} {a.date}" if a.date else a.label for a in columns]
    seen: dict[str, int] = {}
    for name in names:
        seen[name] = seen.get(name, 0) + 1
    return [
        f"{name} ({a.path})" if seen[name] > 1 else name
        for name, a in zip(names, columns, strict=True)
    ]
