"""The reader's compare keys, mixed into :class:`tui.app.BriefingApp`.

- ``c``: the coverage matrix (:mod:`tui.compare.coverage_screen`);
- ``s``: the focused passage in every other source (:mod:`tui.compare.same_fact_screen`);
- ``D``: numbers that disagree (:mod:`tui.compare.disagreements_screen`).

Once the index is open a worker analyses every passage (``same_fact.prepare``), so the
first ``s`` answers at once, and finds the disagreeing figures, which the panes then mark.
Each screen ends with a :class:`~tui.compare.jump.Jump` that :meth:`open_jump` follows.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message

if TYPE_CHECKING:
    from index.compare.coverage import Coverage
    from index.compare.disagreements import Disagreement
    from index.search.api import SearchResult
    from tui.app import BriefingApp
    from tui.briefing import Briefing
    from tui.compare.jump import Jump

NO_INDEX = "the search index is still opening; try again in a moment"


class DisagreementsFound(Message):
    def __init__(self, briefing: Briefing, found: list[Disagreement]) -> None:
        super().__init__()
        self.briefing, self.found = briefing, found


class CoverageFound(Message):
    def __init__(self, briefing: Briefing, coverage: Coverage) -> None:
        super().__init__()
        self.briefing, self.coverage = briefing, coverage


class CompareActions:
    """Actions and state of the compare views; expects to be mixed into BriefingApp."""

    disagreement_list: list[Disagreement] | None = None  # None until worked out
    topic_coverage: Coverage | None = None  # the topics' matrix, None until worked out

    # -- prepared once the index is open ------------------------------------------------------

    def start_compare(self: BriefingApp) -> None:  # type: ignore[misc]
        """Work out the topics' matrix, analyse the passages and find disagreeing figures,
        off the UI thread."""
        self.disagreement_list = self.topic_coverage = None
        if self.briefing is not None:
            self._after_prefetch(self.briefing)

    @work(exclusive=True, group="compare-wait", exit_on_error=False)
    async def _after_prefetch(self: BriefingApp, briefing: Briefing) -> None:  # type: ignore[misc]
        """Let the topics' prefetch finish first: a topic key must not wait for this."""
        for worker in [worker for worker in self.workers if worker.group == "prefetch"]:
            with contextlib.suppress(Exception):
                await worker.wait()
        self._prepare_compare(briefing)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _prepare_compare(self: BriefingApp, briefing: Briefing) -> None:  # type: ignore[misc]
        from index.compare.coverage import coverage
        from index.compare.disagreements import disagreements
        from index.compare.same_fact import prepare

        self.post_message(CoverageFound(briefing, coverage(briefing.searcher)))
        prepare(briefing.searcher, self.config.aliases)
        found = disagreements(briefing.searcher, aliases=self.config.aliases)
        self.post_message(DisagreementsFound(briefing, found))

    def on_coverage_found(self: BriefingApp, message: CoverageFound) -> None:  # type: ignore[misc]
        if message.briefing is self.briefing:
            self.topic_coverage = message.coverage

    def on_disagreements_found(self: BriefingApp, message: DisagreementsFound) -> None:  # type: ignore[misc]
        if message.briefing is not self.briefing:
            return  # the index was reopened since
        self.disagreement_list = message.found
        self.mark_figures(message.found)

    def mark_figures(self: BriefingApp, found: list[Disagreement]) -> None:  # type: ignore[misc]
        """Give each view the spans of its disagreeing figures, and redraw the panes."""
        spans: dict[str, dict[int, list[tuple[int, int]]]] = {}
        for disagreement in found:
            for placed in disagreement.figures:
                passages = spans.setdefault(placed.article.path, {})
                passages.setdefault(placed.passage, []).append(placed.span)
        for view in self.views:
            view.figures = {n: sorted(s) for n, s in spans.get(view.path, {}).items()}
        for pane in self.panes:
            pane.redraw()

    # -- the keys --------------------------------------------------------------------------------

    def action_coverage(self: BriefingApp) -> None:  # type: ignore[misc]
        from tui.compare.coverage_screen import CoverageScreen

        if self.briefing is None:
            self.set_message(NO_INDEX)
            return
        view = self.focused_view
        path = view.path if view else None
        screen = CoverageScreen(self.briefing, self.query, path, self.topic_coverage)
        self.push_screen(screen, callback=self.open_jump)

    def action_same_fact(self: BriefingApp) -> None:  # type: ignore[misc]
        from tui.compare.same_fact_screen import SameFactScreen

        if self.briefing is None:
            self.set_message(NO_INDEX)
            return
        focused = self.focused_passage()
        if focused is None:
            self.set_message("no passage to compare: this article has no text")
            return
        screen = SameFactScreen(self.briefing, focused, self.config.aliases)
        self.push_screen(screen, callback=self.open_jump)

    def action_disagreements(self: BriefingApp) -> None:  # type: ignore[misc]
        from tui.compare.disagreements_screen import DisagreementsScreen

        if self.briefing is None:
            self.set_message(NO_INDEX)
            return
        screen = DisagreementsScreen(self.briefing, self.disagreement_list)
        self.push_screen(screen, callback=self.open_jump)

    # -- following a jump --------------------------------------------------------------------

    def open_jump(self: BriefingApp, jump: Jump | None) -> None:  # type: ignore[misc]
        """Show ``jump.query`` (if any) and focus ``jump.path``'s pane on its passage."""
        if jump is None:
            return
        query = jump.query
        if query is not None and (query != self.query or self.result is None):
            cached = self._cache.get(query)
            if cached is None:
                self._search_then_jump(jump)
                return
            self.run_query(query)  # cached: applied at once
        self.focus_passage(jump.path, jump.passage, align=query is not None)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_then_jump(self: BriefingApp, jump: Jump) -> None:  # type: ignore[misc]
        assert self.briefing is not None and jump.query is not None
        try:
            result = self.briefing.searcher.search(jump.query)
        except Exception as error:  # a bad query says so; the reader stays as it is
            self.call_from_thread(self.set_message, str(error), True)
            return
        self.call_from_thread(self._jump_with, jump, result)

    def _jump_with(self: BriefingApp, jump: Jump, result: SearchResult) -> None:  # type: ignore[misc]
        assert jump.query is not None
        self._remember(jump.query, result)
        self.run_query(jump.query)
        self.focus_passage(jump.path, jump.passage, align=True)

    def focus_passage(  # type: ignore[misc]
        self: BriefingApp, path: str, passage: int | None, align: bool = False
    ) -> None:
        """Focus ``path``'s pane with its cursor on ``passage`` (a few rows from the top)."""
        from tui.app import LAND_ROW

        view = self.view_for(path)
        if view is None:
            self.set_message(f"{path} is not in the reader (changed since?)", error=True)
            return
        if passage is not None and view.article.passages:
            if self.focus_mode and passage not in view.navigable():
                self.action_focus_mode()  # off: the passage is not a hit
            view.move_cursor(passage)
            view.anchor = LAND_ROW
        self.focus_view(view)  # binding the pane honours the anchor
        pane = self.pane_of(view)
        if pane is not None and align:
            self._align(pane)
