"""Web-clipper Markdown as the plain text a reader sees, and the links it holds.

Clipped articles (Obsidian Web Clipper, MarkDownload) are Markdown. The reader sees headings,
emphasis, lists, quotes, tables and links as text, never ``**``, ``#`` or ``[..](..)``; the
rendered text *is* the article text, so passages, highlight spans and bookmarks are offsets
into what is on screen. Each link keeps its URL as a :class:`Link` over its text.

A renderer of its own rather than markdown-it-py: markdown-it-py parses about 3 s per MB
(60 s and 1.3 GB of tokens for 20 MB), and the app reads every article before its first
frame. This one is one pass over the lines, then one regular-expression scan of each block's
text, with every look-ahead bounded, so it is linear (20 MB of clipped prose in about 3 s,
under 150 MB). It follows CommonMark where clipped pages need
it (emphasis flanking rules, nested brackets, reference links, code spans, escapes, entities)
and leaves as text whatever it does not recognise.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from index.corpus.textclean import neutralise


class Link(NamedTuple):
    """A link in the rendered text: ``text[start:end]`` is its text, ``url`` where it goes.

    A tuple: readers unpack it as ``start, end, url``."""

    start: int
    end: int
    url: str


class RenderedMarkdown(NamedTuple):
    """The text a Markdown file stands for, and its links (unpacked as ``text, links``)."""

    text: str
    links: tuple[Link, ...]


# The same front matter block as index.metadata reads: kept as is for the header reader.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)

# Block forms, matched on a line without its block-quote markers.
_QUOTES = re.compile(r"(?: {0,3}> ?)*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *")
_SETEXT = re.compile(r" {0,3}=+ *")
_HEADING = re.compile(r" {0,3}#{1,6}(?: +|$)")
_ITEM = re.compile(r"( *)([-*+•]|\d{1,9}[.)])(?: +|$)")
_DEFINITION = re.compile(r" {0,3}\[([^\]\[^][^\]\[]{0,998})\]: *(?:<([^<>]*)>|(\S+))(?: +.*)?")
_TABLE_DELIMITER = re.compile(r" {0,3}\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
# Not " | ": a row "Port | Ships waiting" would read as a byline ("Jane Doe | Outlet").
_CELL_SEPARATOR = " │ "

# Inline forms, found left to right at the characters that can start one; plain text
# between them is copied as it is.
_SPECIAL = re.compile(r"[`\\<&!\[\]*_~]")
_INLINE = re.compile(
    r"(?P<code>`+)"
    r"|(?P<escape>\\[!-/:-@\[-`{-~\n])"
    r"|(?P<auto><[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)"
    r"|(?P<comment><!--)"
    r"|(?P<tag></?(?P<tag_name>[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>)"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<open>!?\[)"
    r"|(?P<close>\])"
    r"|(?P<delim>\*+|_+|~+)"
)
_DESTINATION = re.compile(
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_REFERENCE = re.compile(r"\[([^\[\]]{0,999})\]")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_SHORTCUT_MAX = 200  # longest `[label]` looked up as a reference (labels are short)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_PROSE, _CODE, _ROW = range(3)  # kinds of unit


@dataclass(frozen=True)
class _Unit:
    """One item of a block: a paragraph, a list item, a code block or a table row."""

    kind: int
    prefix: str  # drawn before it: a list bullet or number
    lines: list[str]


def markdown_to_text(text: str) -> RenderedMarkdown:
    """The text a reader should see in Markdown ``text``, and its links. Never raises."""
    front = _FRONT_MATTER.match(text)
    head = front.group() if front else ""
    blocks, definitions = _blocks(text[len(head) :].split("\n"))
    parts = [head]
    size = len(head)
    links: list[Link] = []
    for block in blocks:
        # a blank line between blocks, and after the front matter
        separator = "\n\n" if size > len(head) else "\n" if head else ""
        for unit in block:
            content, unit_links = _render_unit(unit, definitions)
            if not content:
                continue
            parts.append(separator + unit.prefix)
            size += len(separator) + len(unit.prefix)
            links += [Link(start + size, end + size, url) for start, end, url in unit_links]
            parts.append(content)
            size += len(content)
            separator = "\n"
    return RenderedMarkdown(neutralise("".join(parts)), tuple(links))


# -- blocks -----------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> tuple[list[list[_Unit]], dict[str, str]]:
    """Group the lines into blocks of units, and collect the reference definitions."""
    blocks: list[list[_Unit]] = []
    definitions: dict[str, str] = {}
    block: list[_Unit] = []
    kind = ""  # what the open block is: "para", "list", "table", "code" or ""
    depth = 0  # its block-quote depth
    fence = ""  # the open code fence
    in_comment = False
    list_indents: list[int] = []

    def close() -> None:
        nonlocal block, kind
        if block:
            blocks.append(block)
        block, kind = [], ""

    index = 0
    while index < len(lines):
        line, quotes = _unquote(lines[index].rstrip())
        index += 1
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
                close()
            else:
                block[0].lines.append(line)
            continue
        if in_comment:
            end = line.find("-->")
            if end < 0:
                continue
            in_comment, line = False, line[end + 3 :]
        opening = line.rfind("<!--")
        if opening >= 0 and line.find("-->", opening) < 0:
            in_comment, line = True, line[:opening].rstrip()
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if quotes != depth:
            close()
            depth = quotes
        if kind == "table":
            if "|" in line:
                block.append(_Unit(_ROW, "", [line]))
                continue
            close()
        if (match := _FENCE.match(line)) and not (match[1][0] == "`" and "`" in match[2]):
            close()
            fence, kind = match[1], "code"
            block = [_Unit(_CODE, "", [])]
            continue
        if _RULE.fullmatch(line) or (kind == "para" and _SETEXT.fullmatch(line)):
            close()  # a rule, or the underline of a heading: not drawn
            continue
        if _HEADING.match(line):
            close()
            blocks.append([_Unit(_PROSE, "", [_heading_text(stripped)])])
            continue
        if kind != "para" and (match := _DEFINITION.fullmatch(line)):
            url = match[2] if match[2] is not None else match[3]
            definitions.setdefault(_label_key(match[1]), _clean_url(url))
            continue
        if "|" in line and index < len(lines) and _is_table_start(line, lines[index]):
            close()
            kind, block = "table", [_Unit(_ROW, "", [line])]
            index += 1  # the delimiter row is not drawn
            continue
        match = _ITEM.match(line)
        if match and _starts_item(match, kind, line):
            if kind != "list":
                close()
                kind = "list"
            level = _list_level(list_indents, len(match[1]))
            marker = match[2] if match[2][0].isdigit() else "•"
            block.append(_Unit(_PROSE, "  " * level + marker + " ", [line[match.end() :]]))
            continue
        if kind in ("para", "list"):
            block[-1].lines.append(stripped)  # continues the paragraph or the item
            continue
        close()
        list_indents.clear()
        kind, block = "para", [_Unit(_PROSE, "", [stripped])]
    close()
    return blocks, definitions


def _unquote(line: str) -> tuple[str, int]:
    """The line without its ``>`` markers, and how many there were."""
    if not line.lstrip(" ").startswith(">"):
        return line, 0
    quotes = _QUOTES.match(line).group()
    return line[len(quotes) :], quotes.count(">")


def _heading_text(line: str) -> str:
    """A heading line without its ``#`` marks (before and after)."""
    text = line.lstrip("#").strip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing.endswith(" ")):
        text = closing.rstrip()
    return text


def _starts_item(match: re.Match[str], kind: str, line: str) -> bool:
    """A list item; in a paragraph only a bullet with text, or a list counted from 1."""
    if kind != "para":
        return True
    if not line[match.end() :].strip():
        return False
    return not match[2][0].isdigit() or match[2][:-1] == "1"


def _list_level(indents: list[int], indent: int) -> int:
    """How deep an item indented by ``indent`` spaces is nested, given the items above it."""
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indent > indents[-1]:
        indents.append(indent)
    return len(indents) - 1


def _is_table_start(header: str, delimiter: str) -> bool:
    delimiter, _ = _unquote(delimiter.rstrip())
    return (
        "|" in delimiter
        and _TABLE_DELIMITER.fullmatch(delimiter) is not None
        and len(_cells(header)) == len(_cells(delimiter))
    )


def _cells(row: str) -> list[str]:
    cells = _CELL_BORDER.split(row.strip())
    if len(cells) > 1 and not cells[0].strip():
        cells = cells[1:]
    if len(cells) > 1 and not cells[-1].strip():
        cells = cells[:-1]
    return cells


# -- inline -----------------------------------------------------------------------------------


def _render_unit(unit: _Unit, definitions: dict[str, str]) -> tuple[str, list[Link]]:
    """A unit's text (stripped; empty if nothing is drawn) and its links, offsets from 0."""
    if unit.kind == _CODE:
        return "\n".join(unit.lines).strip("\n"), []
    if unit.kind == _PROSE:
        return _strip(*_inline("\n".join(unit.lines), definitions))
    parts: list[str] = []
    links: list[Link] = []
    size = 0
    for cell in _cells(unit.lines[0]):
        text, cell_links = _strip(*_inline(cell, definitions))
        if not text:
            continue
        if parts:
            parts.append(_CELL_SEPARATOR)
            size += len(_CELL_SEPARATOR)
        links += [Link(start + size, end + size, url) for start, end, url in cell_links]
        parts.append(text)
        size += len(text)
    return "".join(parts), links


def _strip(text: str, links: list[Link]) -> tuple[str, list[Link]]:
    """``text`` without surrounding white space, its links moved and clipped to match."""
    stripped = text.strip()
    if len(stripped) == len(text):
        return text, links
    cut = len(text) - len(text.lstrip())
    kept = []
    for start, end, url in links:
        start, end = max(start - cut, 0), min(end - cut, len(stripped))
        if end > start:
            kept.append(Link(start, end, url))
    return stripped, kept


class _Delimiter:
    """A run of ``*``, ``_`` or ``~~``: how much of it is still text, and what it may do."""

    __slots__ = ("can_close", "can_open", "char", "left")

    def __init__(self, char: str, length: int, can_open: bool, can_close: bool) -> None:
        self.char, self.left, self.can_open, self.can_close = char, length, can_open, can_close


@dataclass(frozen=True)
class _Bracket:
    index: int  # of its token
    image: bool
    after: int  # offset of the text just after it
    links_before: int  # links made before it opened


@dataclass(frozen=True)
class _LinkStart:
    url: str


_LINK_END = object()


def _inline(text: str, definitions: dict[str, str]) -> tuple[str, list[Link]]:
    """Render one paragraph's inline Markdown: text pieces, delimiters and link marks first,
    then emphasis matched, then the pieces joined."""
    if not _SPECIAL.search(text):
        return text, []
    tokens: list[object] = []
    brackets: list[_Bracket] = []
    links_made = 0
    backticks: dict[int, list[int]] | None = None
    last_close = text.rfind("]")  # a "[" after it opens nothing
    comment_ends = True  # False once a "<!--" was found with no "-->" after it
    plain = position = 0  # plain text from ``plain`` on is not a token yet
    while special := _SPECIAL.search(text, position):
        match = _INLINE.match(text, special.start())
        if match is None:  # a "<", "&" or "\\" that starts nothing
            position = special.start() + 1
            continue
        if match.start() > plain:
            tokens.append(text[plain : match.start()])
        kind, found, position = match.lastgroup, match.group(), match.end()
        if kind == "code":
            if backticks is None:
                backticks = _backtick_runs(text)
            end = _next_run(backticks, len(found), position)
            if end < 0:
                tokens.append(found)
            else:
                tokens.append(_code_text(text[position:end]))
                position = end + len(found)
        elif kind == "escape":
            tokens.append(found[1])
        elif kind == "auto":
            url = found[1:-1]
            tokens += [_LinkStart(url if ":" in url else "mailto:" + url), url, _LINK_END]
        elif kind == "comment":
            end = text.find("-->", position) if comment_ends else -1
            if end < 0:
                comment_ends = False
                tokens.append(found)
            else:
                position = end + 3
        elif kind == "tag":
            tokens.append(" " if match["tag_name"].lower() == "br" else "")
        elif kind == "entity":
            tokens.append(html.unescape(found))
        elif kind == "open" and match.start() > last_close:
            tokens.append(found)
        elif kind == "open":
            brackets.append(_Bracket(len(tokens), found == "![", position, links_made))
            tokens.append(found)
        elif kind == "close":
            url, after = None, position
            bracket = brackets.pop() if brackets else None
            if bracket and (bracket.image or bracket.links_before == links_made):
                url, after = _target(text, position, bracket.after, match.start(), definitions)
            if bracket is None or url is None:
                tokens.append(found)  # a bracket that is only text
            elif bracket.image:
                tokens[bracket.index] = ""  # an image is drawn as its alt text
                position = after
            else:
                tokens[bracket.index] = _LinkStart(url)  # no link may hold another link
                tokens.append(_LINK_END)
                links_made += 1
                position = after
        else:
            tokens.append(_delimiter(text, match.start(), position))
        plain = position
    tokens.append(text[plain:])
    _match_emphasis(tokens)
    return _join(tokens)


def _backtick_runs(text: str) -> dict[int, list[int]]:
    """Where each run of backticks starts, by its length, latest first (to pop)."""
    runs: dict[int, list[int]] = {}
    for run in re.finditer(r"`+", text):
        runs.setdefault(len(run.group()), []).append(run.start())
    for starts in runs.values():
        starts.reverse()
    return runs


def _next_run(runs: dict[int, list[int]], length: int, after: int) -> int:
    """The start of the first run of exactly ``length`` backticks at or after ``after``."""
    starts = runs.get(length, [])
    while starts and starts[-1] < after:
        starts.pop()
    return starts[-1] if starts else -1


def _code_text(code: str) -> str:
    code = code.replace("\n", " ")
    if len(code) > 2 and code[0] == " " and code[-1] == " " and code.strip():
        return code[1:-1]
    return code


def _target(
    text: str, after: int, label_start: int, label_end: int, definitions: dict[str, str]
) -> tuple[str | None, int]:
    """The URL of a link whose text ends just before ``after``, and where the link ends."""
    if text.startswith("(", after) and (match := _DESTINATION.match(text, after)):
        url = match["angle"] if match["angle"] is not None else match["bare"]
        return _clean_url(url), match.end()
    if text.startswith("[", after) and (match := _REFERENCE.match(text, after)):
        label = match[1] if match[1].strip() else text[label_start:label_end]
        return definitions.get(_label_key(label)), match.end()
    if definitions and label_end - label_start <= _SHORTCUT_MAX:
        return definitions.get(_label_key(text[label_start:label_end])), after
    return None, after


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _clean_url(url: str) -> str:
    return html.unescape(_ESCAPED.sub(r"\1", url))


def _delimiter(text: str, start: int, end: int) -> object:
    """A run of ``*``/``_`` (or exactly ``~~``), with CommonMark's rules for what it can do."""
    char = text[start]
    if char == "~" and end - start != 2:
        return text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (
        not _punctuation(after) or before.isspace() or _punctuation(before)
    )
    right = not before.isspace() and (
        not _punctuation(before) or after.isspace() or _punctuation(after)
    )
    if char == "_":  # no emphasis inside a word: snake_case_names stay as they are
        return _Delimiter(
            char,
            end - start,
            left and (not right or _punctuation(before)),
            right and (not left or _punctuation(after)),
        )
    return _Delimiter(char, end - start, left, right)


def _punctuation(char: str) -> bool:
    if char < "\x80":
        return char in _ASCII_PUNCTUATION
    return unicodedata.category(char)[0] in "PS"


def _match_emphasis(tokens: list[object]) -> None:
    """Pair closing runs with the nearest open run of the same character; paired characters
    are not drawn, unpaired ones stay as text."""
    openers: dict[str, list[_Delimiter]] = {"*": [], "_": [], "~": []}
    for token in tokens:
        if not isinstance(token, _Delimiter):
            continue
        stack = openers[token.char]
        if token.can_close:
            while token.left and stack:
                opener = stack[-1]
                used = min(opener.left, token.left)
                opener.left -= used
                token.left -= used
                if not opener.left:
                    stack.pop()
        if token.can_open and token.left:
            stack.append(token)


def _join(tokens: list[object]) -> tuple[str, list[Link]]:
    parts: list[str] = []
    size = 0
    links: list[Link] = []
    open_links: list[tuple[int, str]] = []
    for token in tokens:
        if isinstance(token, str):
            piece = token
        elif isinstance(token, _Delimiter):
            piece = token.char * token.left
        elif isinstance(token, _LinkStart):
            open_links.append((size, token.url))
            continue
        else:  # the end of a link
            start, url = open_links.pop()
            if url and size > start:
                links.append(Link(start, size, url))
            continue
        parts.append(piece)
        size += len(piece)
    return "".join(parts), links
