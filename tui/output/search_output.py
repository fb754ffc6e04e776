"""Search results for a person at a terminal: per source, passages with matched words lit."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from index.search.api import SearchResult
from index.search.hit_kinds import CONTEXT, EXPANSION, count_label

MATCH_STYLE = "bold black on yellow"
EXPANSION_STYLE = "black on dark_khaki"
CONTEXT_STYLE = "underline yellow"
SPAN_STYLES = {EXPANSION: EXPANSION_STYLE, CONTEXT: CONTEXT_STYLE}


def passage_text(text: str, spans: list[tuple[int, int]], kinds: list[str] | None = None) -> Text:
    """The passage as plain text (never markup) with each span highlighted by its kind."""
    rendered = Text(text)
    for number, (start, end) in enumerate(spans):
        kind = kinds[number] if kinds and number < len(kinds) else None
        rendered.stylize(SPAN_STYLES.get(kind, MATCH_STYLE), start, end)
    return rendered


def print_result(
    result: SearchResult, topic: str | None = None, console: Console | None = None
) -> None:
    from tui.output.output_console import output_console  # wide and quiet in a pipe

    console = console or output_console()
    heading = Text("query: ", style="dim")
    if topic:
        heading.append(f"{topic} = ", style="dim")
    heading.append(result.query.shown, style="dim")
    console.print(heading)
    if result.expansion:
        console.print(Text("also: " + ", ".join(result.expansion), style="dim"))
    for group in result.articles:
        article = group.article
        title = Text()
        title.append(article.label, style="bold cyan")
        title.append(f" · {article.date or 'undated'} · ", style="dim")
        title.append(article.heading, style="" if article.title else "dim italic")
        title.append(f" — {count_label(hit.kind for hit in group.hits)}", style="dim")
        console.print()
        console.print(title)
        for hit in group.hits:
            mark = "¶" if hit.kind != CONTEXT else "~¶"  # ~: carries on a hit's subject
            line = Text(f"{mark}{hit.passage + 1} ", style="dim")
            line.append_text(passage_text(hit.text, hit.spans, hit.span_kinds))
            console.print(Padding(line, (0, 0, 0, 2), expand=False))
    console.print()
    if not result.articles:
        console.print(Text("No source has anything on this query.", style="bold"))
    if result.past_limit:
        names = ", ".join(article.label for article in result.past_limit)
        console.print(Text(f"Also hits, past --limit: {names}", style="dim"))
    if result.silent:
        names = ", ".join(article.label for article in result.silent)
        console.print(Text(f"Nothing on this query: {names}", style="yellow"))
