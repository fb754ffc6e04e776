"""Numbers that disagree: the same thing counted differently by sources reporting one fact.

Two figures are compared when they stand in passages of different articles that line up as
the same fact (similarity over the threshold, as in :mod:`index.compare.same_fact`) and
count the same thing (:func:`index.compare.figures.same_thing`: "22 wounded" and "23
wounded", never "3 killed" and "5 wounded"). They disagree when they cannot both be right
("more than 20 wounded" and "23 wounded" can). A total is not at odds with its parts: a
figure that is the sum of others in the two articles, one of them the figure it is compared
with ("372 prisoners" beside "175 each" and "22 wounded"), is left out. Figures linked this
way form one group per fact, titled by what is counted, with every figure in it (the
agreeing ones too) and the pairs in conflict."""

from __future__ import annotations

import itertools
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from index.compare.figures import Figure, compare_key, compatible, extract_figures, same_thing
from index.compare.same_fact import DEFAULT_THRESHOLD, scorer_for
from index.compare.table import PassageTable, article_order, passage_table
from index.compare.terms import TermMaker
from index.search.api import Searcher
from index.search.spans import Span
from index.search.store import ArticleInfo

_EACH = re.compile(r"\beach\b|\bapiece\b|\bboth sides\b|\b(\d[\d,]*) for \1\b", re.IGNORECASE)
"""A passage that counts its figures twice ("175 prisoners each", "175 for 175")."""
_MOST_PARTS = 4


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

    noun: str  # what is counted: "wounded", "prisoners", "days of ceasefire"
    key: str
    figures: list[FigureAt]
    conflicts: tuple[tuple[int, int], ...] = ()  # indices into ``figures``: cannot both be right

    def claims(self) -> list[list[FigureAt]]:
        """The figures grouped by what they say (value and bound), smallest first."""
        by_claim: dict[tuple[float, str], list[FigureAt]] = {}
        for placed in self.figures:
            by_claim.setdefault((placed.figure.value, placed.figure.bound), []).append(placed)
        return [by_claim[claim] for claim in sorted(by_claim)]

    def to_json(self) -> dict:
        return {
            "noun": self.noun,
            "key": self.key,
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
            "conflicts": [list(pair) for pair in self.conflicts],
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
    figures = passage_figures(table, aliases)
    compared = _compared_pairs(table, figures, threshold, aliases)

    def figure(node: Node) -> Figure:
        return figures[node[0]][node[1]]

    at_odds = [(a, b) for a, b in compared if not compatible(figure(a), figure(b))]
    totals = {total for pair in at_odds if (total := _total_of(table, figures, *pair))}
    kept = [(a, b) for a, b in compared if a not in totals and b not in totals]
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in kept:
        parent[root(a)] = root(b)
    conflicts = [(a, b) for a, b in at_odds if a not in totals and b not in totals]
    return _groups(table, figures, root, parent, conflicts)


def _compared_pairs(table, figures, threshold, aliases) -> list[tuple[Node, Node]]:
    """Pairs of figures that count the same thing in aligned passages of two articles."""
    scorer = scorer_for(table, aliases)
    by_key: dict[tuple[str, str], set[int]] = {}
    for docnum, found in figures.items():
        for figure in found:
            by_key.setdefault(compare_key(figure), set()).add(docnum)
    aligned: dict[tuple[int, int], bool] = {}
    pairs: list[tuple[Node, Node]] = []
    for docnum, found in figures.items():
        one = table.by_docnum[docnum]
        for index, figure in enumerate(found):
            for other_docnum in sorted(by_key[compare_key(figure)]):
                other = table.by_docnum[other_docnum]
                if other.path == one.path or other_docnum < docnum:
                    continue
                pair = (docnum, other_docnum)
                if pair not in aligned:
                    aligned[pair] = scorer.score(one, other) >= threshold
                if not aligned[pair]:
                    continue
                for other_index, other_figure in enumerate(figures[other_docnum]):
                    if same_thing(figure, other_figure):
                        pairs.append(((docnum, index), (other_docnum, other_index)))
    return pairs


def _total_of(table: PassageTable, figures, a: Node, b: Node) -> Node | None:
    """The larger of two figures when it is the sum of the smaller and other figures of the
    two articles (each counted twice where its passage says "each"); else None."""
    big, small = (a, b) if figures[a[0]][a[1]].value > figures[b[0]][b[1]].value else (b, a)
    total, part = figures[big[0]][big[1]], figures[small[0]][small[1]]
    pool: dict[tuple, tuple[float, int]] = {}
    for docnum in {big[0], small[0]}:
        record = table.by_docnum[docnum]
        for other in table.by_path.get(record.path, ()):
            twice = 2 if _EACH.search(other.text) else 1
            for index, candidate in enumerate(figures.get(other.docnum, ())):
                if (other.docnum, index) == big or candidate.unit != total.unit:
                    continue
                if total.status and candidate.status != total.status:
                    continue
                key = (other.path, candidate.value, candidate.keys)
                pool[key] = (candidate.value, max(twice, pool.get(key, (0, 0))[1]))
    values = [value for value, times in pool.values() for _ in range(times)]
    if part.value not in values:
        return None
    values.remove(part.value)
    rest = total.value - part.value
    for count in range(1, _MOST_PARTS):
        for combination in itertools.combinations(values, count):
            if abs(sum(combination) - rest) < 1e-6:
                return big
    return None


def _reading_order(table, figures, order, node: Node) -> tuple[int, int, int]:
    record = table.by_docnum[node[0]]
    return (order.get(record.path, 0), record.number, figures[node[0]][node[1]].start)


def _groups(table, figures, root, parent, conflicts) -> list[Disagreement]:
    members: dict[Node, list[Node]] = {}
    for node in list(parent):
        members.setdefault(root(node), []).append(node)
    in_conflict: dict[Node, list[tuple[Node, Node]]] = {}
    for a, b in conflicts:
        in_conflict.setdefault(root(a), []).append((a, b))
    ordered = article_order(table.articles)
    order = {article.path: position for position, article in enumerate(ordered)}
    articles = {article.path: article for article in table.articles}

    def place(node: Node) -> FigureAt:
        record = table.by_docnum[node[0]]
        figure = figures[node[0]][node[1]]
        return FigureAt(articles[record.path], record.number, figure.text, figure.span, figure)

    found: list[Disagreement] = []
    for group_root, pairs in in_conflict.items():
        nodes = sorted(members[group_root], key=lambda n: _reading_order(table, figures, order, n))
        position = {node: number for number, node in enumerate(nodes)}
        placed = [place(node) for node in nodes]
        things = Counter(figures[n[0]][n[1]].thing for pair in pairs for n in pair)
        first = figures[nodes[0][0]][nodes[0][1]]
        found.append(
            Disagreement(
                noun=things.most_common(1)[0][0],
                key=" ".join(dict.fromkeys(part for part in compare_key(first) if part)),
                figures=placed,
                conflicts=tuple(
                    sorted({tuple(sorted((position[a], position[b]))) for a, b in pairs})
                ),
            )
        )
    found.sort(key=lambda d: (order.get(d.figures[0].article.path, 0), d.figures[0].passage))
    return found
