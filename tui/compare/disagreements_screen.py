"""``D``: numbers that disagree, what they count and each source's figure in its passage.

One group per disagreement (from :func:`index.compare.disagreements.disagreements`): a heading
with what is counted and the figures at odds ("wounded: 22 wounded vs 23 wounded"), then one
entry per figure with its source and an excerpt of its passage, the figure marked. Enter on
an entry dismisses the screen with a :class:`Jump` to that passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.compare.jump import FIGURE_STYLE, Jump, excerpt, heading, marked, passage_list_keys
from tui.reader.passage_list import PassageList

if TYPE_CHECKING:
    from index.compare.disagreements import Disagreement, FigureAt
    from tui.briefing import Briefing
    from tui.reader.reader_api import Reader

NONE_FOUND = (
    "No numbers disagree in this briefing. Figures are compared where two sources report "
    "the same fact (as s lines them up) and count the same thing; here every such pair "
    "agrees, or no two sources give a figure for the same thing."
)


class DisagreementsReady(Message):
    def __init__(self, found: list[Disagreement]) -> None:
        super().__init__()
        self.found = found


class DisagreementsScreen(Screen[Jump | None]):
    """Every disagreement, each source's figure in its passage; enter goes there."""

    BINDINGS: ClassVar = [
        Binding("escape,q,D", "dismiss(None)", "close", id="disagreements.close"),
        Binding("b", "bookmark", "bookmark the passage", id="disagreements.bookmark"),
        Binding("w", "save", "save the list as Markdown or CSV", id="disagreements.save"),
    ]

    DEFAULT_CSS = """
    DisagreementsScreen {
        layout: vertical;
        & > #numbers-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #numbers-status { height: auto; padding: 0 1; margin: 0 0 1 0; }
        & > #numbers-keys {
            dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        }
    }
    """

    def __init__(
        self, reader: Reader, briefing: Briefing, found: list[Disagreement] | None = None
    ) -> None:
        super().__init__()
        self.reader = reader
        self.briefing = briefing
        self.found = found
        self.entries: list[FigureAt] = []

    def compose(self) -> ComposeResult:
        yield Static(Content("Numbers that disagree"), id="numbers-title")
        yield Static(Content("comparing the figures of every source…"), id="numbers-status")
        yield PassageList(id="numbers-list")
        yield Static(passage_list_keys(), id="numbers-keys")

    def on_mount(self) -> None:
        self.query_one(PassageList).focus()
        if self.found is None:
            self._find()
        else:
            self.show(self.found)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _find(self) -> None:
        from index.compare.disagreements import disagreements

        found = disagreements(self.briefing.searcher, aliases=self.reader.config.aliases)
        self.post_message(DisagreementsReady(found))

    def on_disagreements_ready(self, message: DisagreementsReady) -> None:
        self.show(message.found)

    def show(self, found: list[Disagreement]) -> None:
        self.found = found
        status = self.query_one("#numbers-status", Static)
        listing = self.query_one(PassageList)
        if not found:
            status.update(Content(NONE_FOUND))
            listing.display = False
            return
        count = len(found)
        status.update(
            Content(
                f"{count} disagreement{'s' if count != 1 else ''}: sources reporting the same "
                "fact give different figures for the same thing."
            )
        )
        options: list[Option | None] = []
        for disagreement in found:
            if options:
                options.append(None)
            values = " vs ".join(claim[0].text for claim in disagreement.claims())
            options.append(
                Option(
                    Content.assemble((disagreement.noun, "bold underline"), f": {values}"),
                    disabled=True,
                )
            )
            for placed in disagreement.figures:
                options.append(Option(self._entry(placed), id=str(len(self.entries))))
                self.entries.append(placed)
        listing.add_options(options)
        listing.highlighted = 1  # the first figure (0 is its heading)

    def _entry(self, placed: FigureAt) -> Content:
        head = Content.assemble(
            (heading(placed.article, placed.passage), "bold"),
            ": ",
            (placed.text, FIGURE_STYLE),
        )
        text = self._passage_text(placed.article.path, placed.passage)
        if text is None or text[placed.span[0] : placed.span[1]] != placed.text:
            return head
        shown, span = excerpt(text, placed.span)
        return Content("\n").join([head, marked(shown, [span], FIGURE_STYLE)])

    def _passage_text(self, path: str, number: int) -> str | None:
        view = self.reader.view_for(path)
        if view is None or not 0 <= number < len(view.article.passages):
            return None
        return view.article.passages[number].text

    def action_save(self) -> None:
        from tui.compare.save_dialog import ask_and_save
        from tui.compare.view_export import disagreements_table

        table = disagreements_table(self.found, self._passage_text) if self.found else None
        ask_and_save(self, table, "disagreements", self._say)

    def action_bookmark(self) -> None:
        from tui.compare.save_dialog import bookmark_passage

        option = self.query_one(PassageList).highlighted_option
        if option is None or option.id is None:
            return
        placed = self.entries[int(option.id)]
        self._say(bookmark_passage(self.reader, placed.article.path, placed.passage, None))

    def _say(self, text: str) -> None:
        self.notify(text, markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        placed = self.entries[int(event.option.id)]
        self.dismiss(Jump(placed.article.path, placed.passage))
