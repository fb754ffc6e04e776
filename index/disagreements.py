"""Numbers that disagree: the same thing counted differently by sources reporting one fact.

Two figures are compared when they stand in passages of different articles that line up as
the same fact (similarity over the threshold, as in :mod:`index.same_fact`), count the same
thing (a shared counted-word key and the same unit) and cannot both be right ("22 wounded"
and "23 wounded"; "more than 20 wounded" and "23 wounded" can). Figures linked this way form
one group, reported with every figure in it, the agreeing ones too.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.figures import Figure, compatible, extract_figures
from index.same_fact import DEFAULT_THRESHOLD, scorer_for
from index.search import Searcher
from index.spans import Span
from index.store import ArticleInfo
from index.table import PassageTable, article_order, passage_table
from index.terms import TermMaker


@dataclass(frozen=True)
class FigureAt:
    """A figure in a passage of an article."""

    article: ArticleInfo
    passage: int
    text: str
    span: Span  # offsets into the passage's text
    figure: Figure


@dataclass(frozen=True)
class Disagreement:
    """Figures that count the same thing in passages on the same fact, and do not agree."""

    noun: str
    key: str
    figures: list[FigureAt]

    def to_json(self) -> dict:
        return {
            "noun": self.noun,
            "figures": [
                {
                    "path": placed.article.path,
                    "label": placed.article.label,
                    "passage": placed.passage,
                    "text": placed.text,
                    "span": list(placed.span),
                    "value": placed.figure.value,
                    "bound": placed.figure.bound,
                }
                for placed in self.figures
            ],
        }


Node = tuple[int, int]  # (docnum, index of the figure in its passage)

_FIGURES: weakref.WeakKeyDictionary[PassageTable, tuple[tuple, dict[int, list[Figure]]]] = (
    weakref.WeakKeyDictionary()
)


def passage_figures(
    table: PassageTable, aliases: Mapping[str, Iterable[str]] | None = None
) -> dict[int, list[Figure]]:
    """docnum -> the figures of that passage (passages without any are left out)."""
    key = tuple(sorted((str(k), tuple(map(str, v or ()))) for k, v in (aliases or {}).items()))
    cached = _FIGURES.get(table)
    if cached is not None and cached[0] == key:
        return cached[1]
    nouns = TermMaker(aliases)
    found = {}
    for record in table.records:
        figures = extract_figures(record.text, nouns)
        if figures:
            found[record.docnum] = figures
    _FIGURES[table] = (key, found)
    return found


def disagreements(
    searcher: Searcher,
    threshold: float = DEFAULT_THRESHOLD,
    aliases: Mapping[str, Iterable[str]] | None = None,
) -> list[Disagreement]:
    """Every group of disagreeing figures in the briefing, in reading order."""
    table = passage_table(searcher.index)
    scorer = scorer_for(table, aliases)
    figures = passage_figures(table, aliases)
    by_key: dict[tuple[str, str], set[int]] = {}
    for docnum, found in figures.items():
        for figure in found:
            for key in figure.keys:
                by_key.setdefault((figure.unit, key), set()).add(docnum)

    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    conflicts: list[tuple[Node, Node, str]] = []
    aligned: dict[tuple[int, int], bool] = {}
    for docnum, found in figures.items():
        one = table.by_docnum[docnum]
        for index, figure in enumerate(found):
            for key in figure.keys:
                for other_docnum in by_key[(figure.unit, key)]:
                    other = table.by_docnum[other_docnum]
                    if other.path == one.path or other_docnum < docnum:
                        continue
                    pair = (docnum, other_docnum)
                    if pair not in aligned:
                        aligned[pair] = scorer.score(one, other) >= threshold
                    if not aligned[pair]:
                        continue
                    for other_index, other_figure in enumerate(figures[other_docnum]):
                        if other_figure.unit != figure.unit or key not in other_figure.keys:
                            continue
                        a, b = (docnum, index), (other_docnum, other_index)
                        parent[root(a)] = root(b)
                        if not compatible(figure, other_figure):
                            conflicts.append((a, b, key))
    return _groups(table, figures, parent, root, conflicts)


def _groups(table, figures, parent, root, conflicts) -> list[Disagreement]:
    members: dict[Node, list[Node]] = {}
    for node in list(parent):
        members.setdefault(root(node), []).append(node)
    keys: dict[Node, Counter[str]] = {}
    for a, _b, key in conflicts:
        keys.setdefault(root(a), Counter())[key] += 1
    ordered = article_order(table.articles)
    order = {article.path: position for position, article in enumerate(ordered)}
    articles = {article.path: article for article in table.articles}
    found: list[Disagreement] = []
    for group_root, counter in keys.items():
        placed = []
        for docnum, index in members[group_root]:
            record = table.by_docnum[docnum]
            figure = figures[docnum][index]
            placed.append(
                FigureAt(articles[record.path], record.number, figure.text, figure.span, figure)
            )
        placed.sort(key=lambda f: (order.get(f.article.path, 0), f.passage, f.span))
        key = counter.most_common(1)[0][0]
        found.append(Disagreement(placed[0].figure.noun, key, placed))
    found.sort(key=lambda d: (order.get(d.figures[0].article.path, 0), d.figures[0].passage))
    return found
