"""The coverage matrix: for each topic (and the current query), how much each source says.

A cell counts what the reader finds for the topic in that article: its hits (the query's
words, ``also`` words and expansion, less what an ``except`` voids) and, apart, its context
hits ("3 + 2 in context"). Each row is one pass of :meth:`Searcher.counted` over the whole
index, reading passages from the document-number table, with spans worked out only where
they decide a hit. The best passage of a cell is its highest-scoring hit, so the reader can
open the topic on it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from index.compare.table import article_order, passage_table
from index.search.api import Hit, Searcher
from index.search.hit_kinds import CONTEXT, MATCH, count_label
from index.search.query import ParsedQuery, QueryError, Topic
from index.search.store import ArticleInfo


@dataclass(frozen=True)
class Cell:
    """How many passages of one article match one row, and the best of them."""

    count: int = 0
    best: int | None = None  # passage number
    score: float = 0.0
    context: int = 0
    """Context hits, counted apart: passages that carry on a hit's subject."""

    @property
    def shown(self) -> str:
        """``3``, or ``3+2`` with two context hits."""
        return f"{self.count}+{self.context}" if self.context else str(self.count)

    @property
    def label(self) -> str:
        """``"3 hits + 2 in context"``, as the reader counts them."""
        return count_label([MATCH] * self.count + [CONTEXT] * self.context)


EMPTY = Cell()
"""Every empty cell (most of them, in a large briefing: made once, not once per cell)."""


@dataclass(frozen=True)
class Row:
    """A topic (or the typed query): its name, its query, and why it could not run if so."""

    name: str
    query: str
    shown: str = ""
    is_query: bool = False
    error: str | None = None
    context: bool = False  # the topic has context hits (its ``context`` query)


@dataclass
class Coverage:
    """Rows (topics, then the query) by columns (articles by date, then label)."""

    rows: list[Row]
    columns: list[ArticleInfo]
    cells: list[list[Cell]] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Cell:
        return self.cells[row][column]

    @cached_property
    def _largest(self) -> list[int]:
        """Each row's largest count (the cells never change once the matrix is made)."""
        return [max((cell.count for cell in row), default=0) for row in self.cells]

    def strength(self, row: int, column: int) -> float:
        """0 for an empty cell, else its count over the row's largest count (0 < s <= 1)."""
        largest = self._largest[row]
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
                    {
                        "count": cell.count,
                        "context": cell.context,
                        "best_passage": cell.best,
                        "score": round(cell.score, 4),
                    }
                    for cell in row_cells
                ]
                for row_cells in self.cells
            ],
        }

    def csv_rows(self) -> list[list[str]]:
        """A header (``topic``, one column per article) and one row of hit counts per topic;
        a topic with context hits has a second row of them, ``Kursk in context``."""
        header = ["topic", *_column_names(self.columns)]
        body = []
        for row, row_cells in zip(self.rows, self.cells, strict=True):
            body.append([row.name, *(str(cell.count) for cell in row_cells)])
            if row.context:
                body.append([f"{row.name} in context", *(str(cell.context) for cell in row_cells)])
        return [header, *body]


def coverage(
    searcher: Searcher,
    topics: Sequence[Topic] | None = None,
    extra_query: str | ParsedQuery | None = None,
    expand: bool | None = None,
) -> Coverage:
    """The matrix for ``topics`` (default: the searcher's) plus ``extra_query`` as last row.

    A topic whose query cannot run gets a row with ``error`` and empty cells; a bad
    ``extra_query`` raises :class:`QueryError`, since the person just typed it. ``expand``
    turns feedback expansion on or off for every row, as the reader's key does (None: as
    each topic says).
    """
    topics = searcher.topics if topics is None else topics
    plan: list[tuple[Row, ParsedQuery | None]] = []
    for topic in topics:
        try:
            parsed = _parse_topic(searcher, topic)
        except QueryError as error:
            plan.append((Row(topic.name, topic.query, error=str(error)), None))
            continue
        plan.append((_row(topic.name, topic.query, parsed), parsed))
    if extra_query is not None:
        parsed = (
            extra_query if isinstance(extra_query, ParsedQuery) else searcher.parse(extra_query)
        )
        plan.append((_row(parsed.text, parsed.text, parsed, is_query=True), parsed))

    rows: list[Row] = []
    cells: list[list[Cell]] = []
    with searcher.index.searcher() as whoosh_searcher:
        table = passage_table(searcher.index, whoosh_searcher)
        columns = article_order(table.articles)
        position = {article.path: index for index, article in enumerate(columns)}

        def stored(docnum: int) -> dict:
            record = table.by_docnum.get(docnum)
            if record is None:  # an article record, matched by a bare NOT
                return {}
            return {"path": record.path, "passage": record.number, "body": record.text}

        for row, parsed in plan:
            found: list[tuple[str, Hit]] = []
            if parsed is not None and expand is not None:
                parsed = dataclasses.replace(parsed, expand=expand)
            if parsed is not None:
                try:
                    found = searcher.counted(parsed, whoosh_searcher, stored)
                except QueryError as error:  # a topic standing for too many words
                    if row.is_query:
                        raise
                    row = Row(row.name, row.query, row.shown, error=str(error))
            rows.append(row)
            cells.append(_cells(found, position))
    return Coverage(rows, columns, cells)


def _parse_topic(searcher: Searcher, topic: Topic) -> ParsedQuery:
    """The whole topic (``also``, ``except``, ``context``), parsed once if it is the searcher's."""
    if topic in searcher.topics:
        return searcher.parse(topic.query)
    return searcher.parse_topic(topic)


def _row(name: str, text: str, parsed: ParsedQuery, is_query: bool = False) -> Row:
    context = parsed.context is not None
    return Row(name, text, parsed.shown, is_query=is_query, context=context)


def _cells(found: list[tuple[str, Hit]], position: dict[str, int]) -> list[Cell]:
    """Hits and context hits per article column, and each column's best hit."""
    counts = [0] * len(position)
    context = [0] * len(position)
    best: list[tuple[float, int] | None] = [None] * len(position)
    for path, hit in found:
        column = position.get(path)
        if column is None:
            continue
        if hit.kind == CONTEXT:
            context[column] += 1
            continue
        counts[column] += 1
        mark = (hit.score, -hit.passage)
        if best[column] is None or mark > best[column]:
            best[column] = mark
    return [
        Cell(count, -mark[1], mark[0], extra) if mark else EMPTY  # context needs a hit
        for count, extra, mark in zip(counts, context, best, strict=True)
    ]


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
