"""``s``: the focused passage beside the passage of every other source that reports it.

The original passage is on the left; on the right, one entry per other article: the passage
:func:`index.compare.same_fact.same_fact` lines up (best first), its words shared with the original
highlighted on both sides, or "not reported" when nothing passes the similarity threshold.
Enter on an entry dismisses the screen with a :class:`Jump` to that passage.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.compare.jump import Jump, heading, marked, passage_list_keys
from tui.reader.article_view import short_date
from tui.reader.passage_list import PassageList

if TYPE_CHECKING:
    from index.compare.same_fact import Match, NotReported
    from tui.briefing import Briefing
    from tui.reader.focused_passage import FocusedPassage
    from tui.reader.reader_api import Reader


SHARED_SHOWN = 8  # shared words named under a match, the most telling first


class SameFactReady(Message):
    def __init__(self, results: list[Match | NotReported] | None, error: str | None) -> None:
        super().__init__()
        self.results, self.error = results, error


def ordered(results: Iterable[Match | NotReported]) -> list[Match | NotReported]:
    """Matches first, most similar first; then the sources that do not report it."""
    from index.compare.same_fact import Match

    results = list(results)
    matches = sorted((r for r in results if isinstance(r, Match)), key=lambda m: -m.score)
    return [*matches, *(r for r in results if not isinstance(r, Match))]


def reported_by(found: Iterable[Match]) -> str:
    """The sources of the matches, most similar first, each once: "UNN (2 articles), AP"."""
    counts = Counter(match.article.label for match in found)
    return ", ".join(
        f"{label} ({count} articles)" if count > 1 else label for label, count in counts.items()
    )


def entry(result: Match | NotReported) -> Content:
    """One entry of the list: the source and its passage, or "not reported"."""
    from index.compare.same_fact import Match

    if not isinstance(result, Match):
        return Content.assemble(
            (heading(result.article), "bold"),
            ("  not reported", "italic"),
            f"  (closest: similarity {result.best_score:.2f})",
        )
    parts: list[Content | str | tuple[str, str]] = [
        (heading(result.article, result.passage), "bold"),
        (f"  similarity {result.score:.2f}", "$text-muted"),
    ]
    if result.also:
        also = ", ".join(f"¶{n + 1}" for n in result.also)
        parts.append((f"  also {also}", "$text-muted"))
    parts += ["\n", marked(result.text, result.spans_in_match)]
    if result.shared_terms:
        shared = ", ".join(result.shared_terms[:SHARED_SHOWN])
        if len(result.shared_terms) > SHARED_SHOWN:
            shared += f" and {len(result.shared_terms) - SHARED_SHOWN} more"
        parts += ["\n", ("shared: " + shared, "$text-muted italic")]
    return Content.assemble(*parts)


class SameFactScreen(Screen[Jump | None]):
    """The original passage and, beside it, how every other source reports the same fact."""

    BINDINGS: ClassVar = [
        Binding("escape,q,s", "dismiss(None)", "close", id="same_fact.close"),
        Binding("b", "bookmark", "bookmark the passage", id="same_fact.bookmark"),
        Binding("w", "save", "save the list as Markdown or CSV", id="same_fact.save"),
    ]

    DEFAULT_CSS = """
    SameFactScreen {
        layout: vertical;
        & > #same-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & > #same-status { height: auto; padding: 0 1; color: $text-muted; }
        & > Horizontal { height: 1fr; margin: 1 0 0 0; }
        & #same-original {
            width: 2fr; height: 1fr; padding: 0 1;
            border-right: solid $foreground 20%;
        }
        & #same-original > Static { width: 100%; }
        & PassageList { width: 3fr; }
        & > #same-keys {
            dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        }
    }
    """

    def __init__(
        self,
        reader: Reader,
        briefing: Briefing,
        original: FocusedPassage,
        aliases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.briefing = briefing
        self.original = original
        self.aliases = aliases
        self.results: list[Match | NotReported] = []

    def compose(self) -> ComposeResult:
        original = self.original
        where = [original.source]
        if original.date:
            where.append(short_date(original.date))
        where.append(f"¶{original.number + 1}")
        yield Static(
            Content(f"Same fact elsewhere: {' · '.join(where)} in every other source"),
            id="same-title",
        )
        yield Static(Content("comparing with every other article…"), id="same-status")
        with Horizontal():
            with VerticalScroll(id="same-original", can_focus=False):
                yield Static(self._original(), id="same-original-text")
            yield PassageList(id="same-list")
        yield Static(passage_list_keys(), id="same-keys")

    def on_mount(self) -> None:
        self.query_one(PassageList).focus()
        self._compare()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _compare(self) -> None:
        from index.compare.same_fact import same_fact

        original = self.original
        try:
            results = same_fact(
                self.briefing.searcher, original.path, original.number, aliases=self.aliases
            )
        except KeyError as error:
            message = f"this passage is not in the index ({error.args[0]}); reopen the briefing"
            self.post_message(SameFactReady(None, message))
            return
        self.post_message(SameFactReady(results, None))

    def on_same_fact_ready(self, message: SameFactReady) -> None:
        from index.compare.same_fact import Match

        status = self.query_one("#same-status", Static)
        if message.results is None:
            status.update(Content.styled(message.error or "", "$text-error"))
            return
        self.results = ordered(message.results)
        found = [r for r in self.results if isinstance(r, Match)]
        missing = len(self.results) - len(found)
        if not self.results:
            status.update(Content("There is no other article to compare with."))
        elif not found:
            status.update(Content("No other source reports this: nothing is similar enough."))
        else:
            text = f"Reported by {reported_by(found)}"
            if missing:
                text += f"; not by {missing} other{'s' if missing != 1 else ''}"
            status.update(Content(text + "."))
        options: list[Option | None] = []
        for number, result in enumerate(self.results):
            if 0 < number <= len(found):  # the "not reported" lines go without rules
                options.append(None)
            options.append(
                Option(entry(result), id=str(number), disabled=not isinstance(result, Match))
            )
        listing = self.query_one(PassageList)
        listing.add_options(options)
        if found:
            listing.highlighted = 0

    def _original(self, match: Match | None = None) -> Content:
        original = self.original
        title = Content.styled(f"{original.source} · {original.title}", "bold")
        spans = match.spans_in_original if match is not None else []
        lines = [title, Content(""), marked(original.text, spans)]
        if match is not None:
            lines += [
                Content(""),
                Content.styled(
                    f"highlighted: the words shared with {match.article.label}",
                    "$text-muted italic",
                ),
            ]
        return Content("\n").join(lines)

    def _result(self, option_id: str | None) -> Match | NotReported | None:
        if option_id is None:
            return None
        return self.results[int(option_id)]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        from index.compare.same_fact import Match

        result = self._result(event.option.id)
        match = result if isinstance(result, Match) else None
        self.query_one("#same-original-text", Static).update(self._original(match))

    def action_save(self) -> None:
        from tui.compare.save_dialog import ask_and_save
        from tui.compare.view_export import same_fact_table

        original = self.original
        where = f"{original.source} ¶{original.number + 1}: {original.text}"
        table = same_fact_table(where, self.results) if self.results else None
        ask_and_save(self, table, "same-fact", self._say)

    def action_bookmark(self) -> None:
        from index.compare.same_fact import Match
        from tui.compare.save_dialog import bookmark_passage

        listing = self.query_one(PassageList)
        option = listing.highlighted_option
        result = self._result(option.id) if option is not None else None
        if not isinstance(result, Match):
            self._say("no passage here: move to a source that reports it")
            return
        path, number = result.article.path, result.passage
        self._say(bookmark_passage(self.reader, path, number, None))

    def _say(self, text: str) -> None:
        self.notify(text, markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from index.compare.same_fact import Match

        result = self._result(event.option.id)
        if isinstance(result, Match):
            self.dismiss(Jump(result.article.path, result.passage))
