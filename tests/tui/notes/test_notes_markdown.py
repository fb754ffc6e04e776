"""The notes file renders as written: a kept passage, put through a Markdown renderer, shows
exactly the article's characters, and reads back as the same text."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from tui.notes.format import Bookmark, format_entry, parse_notes
from tui.notes.markdown import escape_line, unescape_line

# Obsidian's own syntax, as markdown-it rules: a tag, a wikilink or embed, a highlight, a
# comment, a block id. Each becomes an <obsidian> element, so that the test sees it.
OBSIDIAN = re.compile(
    r"#[\w/-]*[^\W\d][\w/-]*|!?\[\[.*?\]\]|==[^=\s].*?==|%%.*?%%|\^[A-Za-z0-9-]+(?=\n|$)", re.S
)


def obsidian(state, silent: bool) -> bool:
    if state.src[state.pos] == "#" and state.pos and not state.src[state.pos - 1].isspace():
        return False
    match = OBSIDIAN.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("html_inline", "", 0)
        token.content = f"<obsidian>{escape(match[0])}</obsidian>"
    state.pos = match.end()
    return True


def renderer() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough, footnotes, math and Obsidian."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(dollarmath_plugin)
    md.inline.ruler.before("text", "obsidian", obsidian)
    return md


MD = renderer()


class Visible(HTMLParser):
    """The text a browser shows inside the first <blockquote> (or <h2>), and the elements."""

    def __init__(self, element: str):
        super().__init__(convert_charrefs=True)
        self.element, self.depth = element, 0
        self.text: list[str] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == self.element and not self.text and not self.inside:
            self.depth += 1
        elif self.depth:
            self.inside.append(tag)

    def handle_endtag(self, tag):
        if tag == self.element:
            self.depth = 0

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)

    def handle_comment(self, data):
        if self.depth:
            self.inside.append("<!--")


def shown(markdown: str, element: str = "blockquote") -> tuple[str, set[str]]:
    """What a renderer shows in ``element``: its text (whitespace as HTML collapses it), and
    the elements inside it other than paragraphs and line breaks."""
    parser = Visible(element)
    parser.feed(MD.render(markdown))
    return " ".join("".join(parser.text).split()), set(parser.inside) - {"p", "br"}


def kept(quote: str, **fields) -> Bookmark:
    return Bookmark.create(file="a.txt", passage=0, start=0, end=len(quote), quote=quote, **fields)


EVERY_TRAP = (
    "He wrote <!-- not a comment --> and **not bold**, *not italic*, _nor this_, "
    "[not a link](https://example.org), ![no image](x.png), <b>no tag</b>, <https://x.org>, "
    "`no code`, ~~not struck~~, a | pipe, &amp; &#169; &copy; as written, 100% and 50%%.\n"
    "In Obsidian: #Ukraine is no tag, [[Kursk]] no wikilink, ![[embed]] no embed, "
    "==no highlight==, %%no comment%%, $no math$, [^1] no footnote ^blockid\n"
    "1. not a list\n"
    "2) nor this\n"
    "- nor this\n"
    "+ nor this\n"
    "* nor this\n"
    "> not a quote\n"
    "# not a heading\n"
    "    not code, four spaces in\n"
    "\tnor a tab in\n"
    "```\n"
    "no fence\n"
    "~~~\n"
    "| a | b |\n"
    "|---|---|\n"
    "---\n"
    "===\n"
    "***\n"
    "[label]: https://example.org\n"
    "a backslash \\ and one at the end \\"
)


def test_every_trap_renders_as_written_and_reads_back():
    bookmark = kept(EVERY_TRAP, source="Wire", title="**Not bold** #nottag [[no link]]")
    entry = format_entry(bookmark)
    text, elements = shown(entry)
    assert elements == set()
    assert text == " ".join(EVERY_TRAP.split())
    heading, elements = shown(entry, "h2")
    assert heading == "Wire — **Not bold** #nottag [[no link]]" and elements == set()
    assert parse_notes(entry).bookmarks == [bookmark]


def test_the_renderer_would_show_the_traps_unescaped():
    """The check is real: the same text written without escapes renders as markup."""
    raw = "".join(f"> {line}\n" for line in EVERY_TRAP.split("\n"))
    text, elements = shown(raw)
    assert {"strong", "em", "a", "img", "code", "s", "obsidian", "<!--"} <= elements
    assert text != " ".join(EVERY_TRAP.split())


def test_escaping_is_light_where_nothing_could_be_markup():
    line = "Kyiv, March 19 (AP) — Trump's call: 30-day halt; 175 POWs each (U.S. says)."
    assert escape_line(line) == line
    assert escape_line("AT&T") == "AT&T" and escape_line("R&D, x") == "R&D, x"


def test_an_entry_written_before_escaping_still_reads_as_it_was():
    """No ``escaped`` in its marker: the quote is taken as written, backslashes and all."""
    old = (
        "<!-- bookmark id=0ld0e5c4 -->\n## AP\n\n"
        "> a \\* star, **bold** and &amp;\n> 1\\. item\n\n"
        "- file:: a.txt\n- passage:: 1\n- chars:: 0-30\n<!-- /bookmark -->\n"
    )
    (bookmark,) = parse_notes(old).bookmarks
    assert bookmark.quote == "a \\* star, **bold** and &amp;\n1\\. item"
    new = format_entry(bookmark)
    assert "escaped -->" in new.split("\n")[0]
    assert parse_notes(new).bookmarks == [bookmark]


PASSAGE_TEXT = st.text(
    alphabet=st.sampled_from(
        [*"\\`*_[]<>#|~=$^&%!-+.():;/\"'{}@0123456789 \t\n", "a", "b", "z", "é", "Ж", "\xa0"]
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(PASSAGE_TEXT)
def test_any_passage_renders_as_written_and_reads_back(quote):
    bookmark = kept(quote)
    entry = format_entry(bookmark)
    text, elements = shown(entry)
    assert elements == set(), entry
    assert text == " ".join(bookmark.quote.split()), entry
    assert parse_notes(entry).bookmarks[0].quote == bookmark.quote


@settings(max_examples=300)
@given(st.text(max_size=40).filter(lambda s: "\n" not in s))
def test_unescaping_gives_back_any_line(line):
    assert unescape_line(escape_line(line)) == line
