"""What the reader's compare keys need, worked out once the index is open.

- ``c``: the coverage matrix (:mod:`tui.compare.coverage_screen`);
- ``s``: the focused passage in every other source (:mod:`tui.compare.same_fact_screen`);
- ``D``: numbers that disagree (:mod:`tui.compare.disagreements_screen`).

:func:`prepare_compare` works out the topics' matrix, analyses every passage
(``same_fact.prepare``, so the first ``s`` answers at once) and finds the disagreeing
figures, in a worker after the topics' prefetch; the results come back as messages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from textual.widget import Widget

    from index.compare.coverage import Coverage
    from index.compare.disagreements import Disagreement
    from tui.briefing import Briefing

NO_INDEX = "the search index is still opening; try again in a moment"


class DisagreementsFound(Message):
    def __init__(self, briefing: Briefing, found: list[Disagreement]) -> None:
        super().__init__()
        self.briefing, self.found = briefing, found


class CoverageFound(Message):
    def __init__(self, briefing: Briefing, coverage: Coverage) -> None:
        super().__init__()
        self.briefing, self.coverage = briefing, coverage


def prepare_compare(node: Widget, briefing: Briefing, aliases: Mapping[str, Sequence[str]]) -> None:
    """Off the UI thread, once the topics' prefetch is done (a topic key must not wait for
    this): post :class:`CoverageFound`, then :class:`DisagreementsFound` to ``node``."""

    async def after_prefetch() -> None:
        for worker in [worker for worker in node.workers if worker.group == "prefetch"]:
            with contextlib.suppress(Exception):
                await worker.wait()
        node.run_worker(prepare, thread=True, exclusive=True, group="compare", exit_on_error=False)

    def prepare() -> None:
        from index.compare.coverage import coverage
        from index.compare.disagreements import disagreements
        from index.compare.same_fact import prepare

        node.post_message(CoverageFound(briefing, coverage(briefing.searcher)))
        prepare(briefing.searcher, aliases)
        found = disagreements(briefing.searcher, aliases=aliases)
        node.post_message(DisagreementsFound(briefing, found))

    node.run_worker(after_prefetch, exclusive=True, group="compare-wait", exit_on_error=False)


def figure_spans(found: list[Disagreement]) -> dict[str, dict[int, list[tuple[int, int]]]]:
    """The spans of the disagreeing figures: article path -> passage -> sorted spans."""
    spans: dict[str, dict[int, list[tuple[int, int]]]] = {}
    for disagreement in found:
        for placed in disagreement.figures:
            passages = spans.setdefault(placed.article.path, {})
            passages.setdefault(placed.passage, []).append(placed.span)
    return {path: {n: sorted(s) for n, s in passages.items()} for path, passages in spans.items()}
