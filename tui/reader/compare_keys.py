"""The reader's compare keys: ``c`` (coverage), ``s`` (the same fact), ``D`` (disagreements).

Each opens its screen from :mod:`tui.compare` over the reader, with what was worked out
ahead once the index opened (:func:`tui.compare.actions.prepare_compare`); the passage chosen
there comes back as a :class:`~tui.compare.jump.Jump` for the reader to go to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.compare.actions import NO_INDEX, CoverageFound, DisagreementsFound

if TYPE_CHECKING:
    from index.compare.coverage import Coverage
    from index.compare.disagreements import Disagreement
    from tui.briefing import Briefing
    from tui.compare.jump import Jump
    from tui.reader.reader_api import Reader


class CompareKeys:
    """Opens the compare screens; keeps the topics' matrix and the disagreeing figures of
    the open index (None until worked out)."""

    def __init__(self, reader: Reader, go: Callable[[Jump | None], None]) -> None:
        self.reader = reader
        self.go = go  # where the screens' choice goes: the reader's jump
        self.coverage: Coverage | None = None
        self.disagreements: list[Disagreement] | None = None

    def forget(self) -> None:
        """The index was (re)opened: what was worked out for the old one is stale."""
        self.coverage = self.disagreements = None

    def coverage_found(self, message: CoverageFound) -> None:
        if message.briefing is self.reader.briefing:
            self.coverage = message.coverage

    def disagreements_found(self, message: DisagreementsFound) -> bool:
        """Keep the figures found; False if they are of an index reopened since."""
        if message.briefing is not self.reader.briefing:
            return False
        self.disagreements = message.found
        return True

    def _briefing(self) -> Briefing | None:
        """The open index, or None with a message saying it is still opening."""
        briefing = self.reader.briefing
        if briefing is None:
            self.reader.set_message(NO_INDEX)
        return briefing

    def open_coverage(self) -> None:
        from tui.compare.coverage_screen import CoverageScreen

        reader = self.reader
        if (briefing := self._briefing()) is None:
            return
        view = reader.focused_view
        path = view.path if view else None
        screen = CoverageScreen(reader, briefing, reader.query_text, path, self.coverage)
        reader.app.push_screen(screen, callback=self.go)

    def open_same_fact(self) -> None:
        from tui.compare.same_fact_screen import SameFactScreen

        reader = self.reader
        if (briefing := self._briefing()) is None:
            return
        focused = reader.focused_passage()
        if focused is None:
            reader.set_message("no passage to compare: this article has no text")
            return
        screen = SameFactScreen(reader, briefing, focused, reader.config.aliases)
        reader.app.push_screen(screen, callback=self.go)

    def open_disagreements(self) -> None:
        from tui.compare.disagreements_screen import DisagreementsScreen

        if (briefing := self._briefing()) is None:
            return
        screen = DisagreementsScreen(self.reader, briefing, self.disagreements)
        self.reader.app.push_screen(screen, callback=self.go)
