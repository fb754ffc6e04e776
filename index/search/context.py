"""Context hits: passages that carry on a hit's subject without naming it.

A passage next to a hit of the same article (the indexed passage just before or after it)
that refers back to the topic with one of its context phrases ("the plant", "the swap") is a
context hit; so is, once more, a passage next to a context hit. Passages of one article are
indexed one after the other, so neighbours are found by document number and checked against
their stored path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

ROUNDS = 2
"""A context hit may stand next to a hit, or next to a context hit next to a hit."""


def neighbours(
    hits: Mapping[int, str],
    candidates: Iterable[int],
    path_of,
    rounds: int = ROUNDS,
) -> dict[int, int]:
    """Context hits as {docnum: docnum of the hit it carries on from}.

    ``hits``: docnum -> path of every direct hit; ``candidates``: the docnums of passages that
    hold a context phrase; ``path_of(docnum)``: the path a passage belongs to.
    """
    remaining = set(candidates) - set(hits)
    found: dict[int, int] = {}
    frontier = dict(hits)
    for _round in range(rounds):
        reached: dict[int, str] = {}
        for docnum, path in frontier.items():
            for near in (docnum - 1, docnum + 1):
                if near in remaining and near not in reached and path_of(near) == path:
                    reached[near] = path
                    found[near] = found.get(docnum, docnum)
        remaining -= set(reached)
        frontier = reached
        if not frontier:
            break
    return found
