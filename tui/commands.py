"""The command palette (ctrl+p): topics, articles and the reader's actions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from index.corpus.textclean import one_line
from tui.notes.bookmarks import plural

if TYPE_CHECKING:
    from tui.reader.reader_api import Reader

ACTIONS = (
    ("Search…", "search", "type a query"),
    ("Toggle focus mode", "focus_mode", "only the matching passages, with a line of context"),
    ("Toggle aligning other panes", "toggle_align", "moving to a hit scrolls the other panes"),
    ("Sources list…", "sources", "every article: sort, filter, go to, hide or show"),
    ("Timeline of the topic", "timeline", "which source reported it when"),
    ("Open the article's file at the passage", "open_source", "in $VISUAL, $EDITOR or $PAGER"),
    ("Open the article's URL", "open_source(True)", "in the browser"),
    ("Copy the passage with its citation", "copy", "to the clipboard"),
    ("Copy the passage's text", "copy(False)", "to the clipboard"),
    ("Hide this pane", "hide_pane", "show it again with 'show hidden panes'"),
    ("Show hidden panes", "show_panes", ""),
    ("Clear the topic or query", "clear_query", ""),
    ("Coverage matrix", "coverage", "how many passages each source has on each topic"),
    ("Same fact in other sources", "same_fact", "the focused passage, as every source reports it"),
    ("Numbers that disagree", "disagreements", "figures that differ between sources"),
    ("Bookmark this passage", "bookmark", "into the notes file"),
    ("Bookmark this passage with a note…", "bookmark(True)", "a short note and tags"),
    ("Notes: your bookmarks", "app.notes", "go to, edit or delete a bookmark"),
    ("Save waiting bookmarks", "retry_bookmarks", "retry a notes file that could not be written"),
    ("Toggle expansion", "toggle_expansion", "more words from the best hits: also: …"),
    ("Keys", "app.help", "every binding"),
)


class BriefingCommands(Provider):
    """Offers each topic, each article (to jump to its pane) and the reader's actions
    (on the reader screen, :attr:`Provider.screen`)."""

    @property
    def reader(self) -> Reader:
        return cast("Reader", self.screen)  # the palette is the reader screen's (its COMMANDS)

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        reader = self.reader
        for index, topic in enumerate(reader.config.topics):
            yield f"Topic: {topic.name}", partial(reader.select_topic, index), topic.query
        for view in reader.views:
            article = view.article
            hits = plural(view.hit_count, "hit") if view.query_active else one_line(article.path)
            yield (
                f"Go to: {article.label} — {article.heading}",
                partial(reader.focus_view, view),
                hits,
            )
        for label, action, help_text in ACTIONS:
            yield label, partial(reader.run_action, action), help_text

    async def discover(self) -> Hits:
        for text, command, help_text in self._commands():
            yield DiscoveryHit(Content(text), command, text=text, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, Content(text), command, text=text, help=escape(help_text))
