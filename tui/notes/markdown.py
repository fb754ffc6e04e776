"""Article text as Markdown that every renderer shows as written, and back again.

A passage kept in the notes file is data: ``**x**`` must not turn bold, ``<!-- x -->`` must
not vanish, ``[t](u)`` must not become a link, and in Obsidian ``#Ukraine`` must not become
a tag nor ``[[Kursk]]`` a wikilink. CommonMark's backslash escapes (any ASCII punctuation
after ``\\``) say "this character as it is" to every renderer, so :func:`escape_line` puts
one before each character that could start markup, and no more, so the file stays readable:

- anywhere: ``\\ ` * _ [ ] < # | ~ = $ ^`` (emphasis, code, links, HTML and comments,
  headings and tags, tables, strikethrough, Obsidian's highlights, math and block ids);
  ``&`` when it would start an entity (``&amp;``); ``%`` in Obsidian's ``%%`` comments;
- at the start of a line: ``>``, ``-``, ``+`` and the ``.`` or ``)`` of ``1.`` (quotes and
  lists), and leading whitespace, written ``&#32;`` / ``&#9;`` (four spaces would start a
  code block, where escapes do not count).

:func:`unescape_line` is its exact inverse: ``unescape_line(escape_line(s)) == s``.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(
    r"[\\`*_\[\]<#|~=$^]"  # markup anywhere
    r"|&(?=#?[A-Za-z0-9]+;)"  # an entity: &amp; &#32; &#x20;
    r"|%(?=%)|(?<=%)%"  # an Obsidian comment: %%
)
_LIST_NUMBER = re.compile(r"\d{1,9}(?=[.)])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])|^&#(9|32);")


def escape_line(line: str) -> str:
    """One line of text (no line ending) as Markdown showing exactly that text."""
    if not line:
        return line
    escaped = _SPECIAL.sub(r"\\\g<0>", line)
    first = escaped[0]
    if first in " \t":
        return f"&#{ord(first)};{escaped[1:]}"
    if first in ">-+":
        return "\\" + escaped
    number = _LIST_NUMBER.match(escaped)
    if number:
        return f"{number[0]}\\{escaped[number.end() :]}"
    return escaped


def unescape_line(line: str) -> str:
    """The text of a line written by :func:`escape_line`."""
    return _ESCAPED.sub(lambda match: match[1] or chr(int(match[2])), line)
