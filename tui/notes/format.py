"""The notes file format: bookmarks as Markdown a person can read, edit and share.

One bookmark is one entry::

    <!-- bookmark id=3f9a2c1e -->
    ## State Dept — Statement From Secretary Rubio

    > They reviewed the situation in Kursk and agreed to …

    - source:: State Dept
    - title:: Statement From Secretary Rubio
    - date:: 2025-03-19
    - file:: 000_9fec4e57e8490378.txt
    - corpus:: /home/ana/briefings/march-call
    - passage:: 3
    - chars:: 1204-1388
    - query:: Kursk
    - note:: the only source that names Kursk
      a second line of the note
    - tags:: #kursk #ceasefire
    - saved:: 2025-03-21T10:14:03+01:00
    <!-- /bookmark -->

Why this shape:

- The two HTML comments are invisible when the file is rendered (GitHub, Obsidian's
  reading view) and mark where an entry starts and ends without guessing, so every line
  outside them is the person's own and is copied through untouched by any rewrite.
- Markers count only at the start of a line. Every line of the quote starts with ``>`` and
  every continuation of a note with spaces, so no article text or note can fake a marker.
- The quote (and the heading) are escaped so that any Markdown renderer shows the article's
  characters as written (:mod:`tui.notes.markdown`); the start marker then says
  ``escaped``. Entries written before that (no ``escaped``) are read as they are.
- ``- key:: value`` list items render as a readable list anywhere and are Obsidian Dataview
  inline fields, so a vault can query them. The fields, not the heading, are read back: a
  person may retitle the heading freely. Unknown fields and extra lines inside an entry are
  ignored when reading and kept when writing.

``passage`` in the file (and in exports) counts from 1, as the reader shows it (¶3);
:attr:`Bookmark.passage` counts from 0, as :class:`index.corpus.passages.Passage` does.
``chars`` are offsets into the article text, end exclusive. ``corpus`` is the briefing's
folder, or ``bundled`` for the bundled briefing (see :mod:`tui.notes.corpus_field`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from index.corpus.textclean import neutralise
from tui.notes.corpus_field import canonical_corpus
from tui.notes.markdown import escape_line, unescape_line

ID = re.compile(r"[A-Za-z0-9_-]+")
START = re.compile(r"^<!--\s*bookmark\s+id=([A-Za-z0-9_-]+)(\s+escaped)?\s*-->\s*$")
END = re.compile(r"^<!--\s*/bookmark\s*-->\s*$")
LOOKS_LIKE_MARKER = re.compile(r"^<!--\s*/?\s*bookmark\b", re.IGNORECASE)
FIELD = re.compile(r"^- ([A-Za-z][A-Za-z0-9_-]*)::(?:[ \t]+(.*?))?[ \t]*$")
FIELD_LIKE = re.compile(r"^\s*(?:[-*+]\s*)?[A-Za-z][A-Za-z0-9_-]*\s*::?(?:\s|$)")  # passage: 3
END_MARKER = "<!-- /bookmark -->"
HEADER = "# Bookmarks"

FIELD_ORDER = (
    "source",
    "title",
    "date",
    "file",
    "corpus",
    "passage",
    "chars",
    "query",
    "note",
    "tags",
    "saved",
)
REQUIRED = ("file", "passage", "chars")
_TAG_JUNK = re.compile(r"[^\w/-]+")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _ArticleLike(Protocol):
    path: str
    source: str | None
    title: str
    date: str | None


class _PassageLike(Protocol):
    number: int
    start: int
    end: int
    text: str


def clean_tags(tags: Any) -> list[str]:
    """Tags as Obsidian accepts them: no ``#``, no spaces (``cease fire`` → ``cease-fire``)."""
    if isinstance(tags, str):
        tags = re.split(r"[\s,]+", tags)
    cleaned: list[str] = []
    for tag in tags or ():
        tag = _TAG_JUNK.sub("-", str(tag).strip().lstrip("#")).strip("-")
        if tag and tag not in cleaned:
            cleaned.append(tag)
    return cleaned


def _safe(value: str | None) -> str:
    """Control characters as visible symbols; lone surrogates (not writable) as U+FFFD."""
    value = value or ""
    if not value.replace("\n", " ").isprintable():  # fast path: neutralise is slow
        value = neutralise(value)
    if _SURROGATE.search(value):
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return value


def _one_line(value: str | None) -> str:
    return " ".join(_safe(value).split())


def now_iso() -> str:
    """The current local time, ISO 8601 with its UTC offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def make_id(corpus: str, file: str, start: int, end: int, salt: str = "") -> str:
    """A short id derived from where the passage is (stable: it is stored once written)."""
    digest = hashlib.sha256(f"{corpus}\0{file}\0{start}\0{end}\0{salt}".encode())
    return digest.hexdigest()[:8]


@dataclass(kw_only=True)
class Bookmark:
    """One kept passage, with the fields an exported highlight carries."""

    id: str
    source: str | None = None  # the outlet; None when the article does not say
    title: str = ""
    date: str | None = None  # the article's date, YYYY-MM-DD
    file: str  # relative to the corpus folder, forward slashes
    corpus: str = ""  # the corpus folder the file was read from
    passage: int  # the passage number, from 0 (shown from 1)
    start: int  # character offsets of the passage in the article text, end exclusive
    end: int
    quote: str  # the passage text
    query: str = ""  # the topic or query that found it
    note: str = ""
    tags: list[str] = field(default_factory=list)
    saved: str = ""  # when it was saved, ISO 8601 with timezone

    def __post_init__(self) -> None:
        if not ID.fullmatch(self.id):
            raise ValueError(f"a bookmark id is letters, digits, '-' and '_', not {self.id!r}")
        # Text may come from a hand-edited file: control characters become visible symbols.
        self.source = _one_line(self.source) or None
        self.title = _one_line(self.title)
        self.date = _one_line(self.date) or None
        self.file = _one_line(self.file)
        self.corpus = canonical_corpus(_one_line(self.corpus))  # the bundled one: bundled
        self.query = _one_line(self.query)
        self.saved = _one_line(self.saved)
        self.quote = _safe(self.quote)
        self.note = clean_note(_safe(self.note))
        self.tags = clean_tags(self.tags)
        if not self.file:
            raise ValueError("a bookmark needs the article's file")
        if self.passage < 0 or not 0 <= self.start <= self.end:
            raise ValueError(f"bad passage position: ¶{self.passage} {self.start}-{self.end}")

    @classmethod
    def create(
        cls,
        *,
        file: str,
        passage: int,
        start: int,
        end: int,
        quote: str,
        corpus: str = "",
        saved: str | None = None,
        **fields: Any,
    ) -> Bookmark:
        """A new bookmark: its id derived from where the passage is, saved now."""
        corpus = canonical_corpus(corpus)
        return cls(
            id=make_id(corpus, file, start, end),
            file=file,
            passage=passage,
            start=start,
            end=end,
            quote=quote,
            corpus=corpus,
            saved=saved or now_iso(),
            **fields,
        )

    @classmethod
    def for_passage(
        cls,
        article: _ArticleLike,
        passage: _PassageLike,
        *,
        corpus: str = "",
        query: str = "",
        note: str = "",
        tags: Any = (),
    ) -> Bookmark:
        """A new bookmark of ``passage`` in ``article`` (:class:`index.corpus.articles.Article`)."""
        return cls.create(
            file=article.path,
            passage=passage.number,
            start=passage.start,
            end=passage.end,
            quote=passage.text,
            corpus=str(corpus),
            source=article.source,
            title=article.title,
            date=article.date,
            query=query,
            note=note,
            tags=tags,
        )

    @property
    def label(self) -> str:
        """The outlet, or the file's name when the outlet is unknown."""
        return self.source or self.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def same_passage(self, other: Bookmark) -> bool:
        """True when both keep the same passage (the corpus counts only when both know it)."""
        return (self.file, self.passage, self.start, self.end) == (
            other.file,
            other.passage,
            other.start,
            other.end,
        ) and (not self.corpus or not other.corpus or self.corpus == other.corpus)

    def with_note(self, note: str, tags: Any = None) -> Bookmark:
        return replace(self, note=note, tags=self.tags if tags is None else tags)

    def to_dict(self) -> dict[str, Any]:
        """The fields for CSV and JSON exports (``passage`` from 1, as people count)."""
        return {
            "id": self.id,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "file": self.file,
            "corpus": self.corpus,
            "passage": self.passage + 1,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "query": self.query,
            "note": self.note,
            "tags": list(self.tags),
            "saved": self.saved,
        }


def clean_note(note: str | None) -> str:
    return "\n".join(
        line.rstrip() for line in (note or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ).strip("\n ")


# ---------------------------------------------------------------------------- writing


def field_lines(key: str, value: str) -> list[str]:
    """``- key:: value`` and, for a value of several lines, indented continuation lines."""
    first, *rest = value.split("\n")
    lines = [f"- {key}:: {first}".rstrip()]
    lines.extend(f"  {line}" if line.strip() else "" for line in rest)
    return lines


def field_values(bookmark: Bookmark) -> dict[str, str]:
    return {
        "source": bookmark.source or "",
        "title": bookmark.title,
        "date": bookmark.date or "",
        "file": bookmark.file,
        "corpus": bookmark.corpus,
        "passage": str(bookmark.passage + 1),
        "chars": f"{bookmark.start}-{bookmark.end}",
        "query": bookmark.query,
        "note": bookmark.note,
        "tags": " ".join(f"#{tag}" for tag in bookmark.tags),
        "saved": bookmark.saved,
    }


def entry_lines(bookmark: Bookmark) -> list[str]:
    """The lines of one entry, without line endings."""
    heading = f"## {escape_line(bookmark.label)}"
    if bookmark.title:
        heading += f" — {escape_line(bookmark.title)}"
    lines = [f"<!-- bookmark id={bookmark.id} escaped -->", heading, ""]
    quote = (escape_line(line) for line in bookmark.quote.split("\n"))
    lines.extend(f"> {line}" if line else ">" for line in quote)
    lines.append("")
    values = field_values(bookmark)
    for key in FIELD_ORDER:
        lines.extend(field_lines(key, values[key]))
    lines.append(END_MARKER)
    return lines


def format_entry(bookmark: Bookmark, newline: str = "\n") -> str:
    """One entry as text, ending with a line ending."""
    return newline.join(entry_lines(bookmark)) + newline


def format_entries(bookmarks: list[Bookmark]) -> str:
    """Entries separated by blank lines: a Markdown export of the bookmarks."""
    return "\n".join(format_entry(bookmark) for bookmark in bookmarks)


# ---------------------------------------------------------------------------- reading


@dataclass
class Entry:
    """Where one entry stands in the file's lines (indexes from 0, ``last`` inclusive)."""

    id: str
    first: int  # the start marker
    last: int  # the end marker
    fields: dict[str, tuple[int, int]]  # key -> (first line, last line) of its value
    bookmark: Bookmark | None  # None when the entry could not be read
    # When it could not (a field unreadable), what it says, with stand-ins: to list, not to use.
    partial: Bookmark | None = None


@dataclass
class ParsedNotes:
    """A notes file split into lines (with their endings) and the entries found in it."""

    lines: list[str]
    entries: list[Entry]
    problems: list[str]
    bom: bool = False

    @property
    def bookmarks(self) -> list[Bookmark]:
        return [entry.bookmark for entry in self.entries if entry.bookmark is not None]

    @property
    def unreadable(self) -> list[Bookmark]:
        """The entries that could not be read, as far as they go (listed, never used)."""
        return [entry.partial for entry in self.entries if entry.partial is not None]

    def entry(self, bookmark_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == bookmark_id and e.bookmark), None)

    @property
    def newline(self) -> str:
        """The file's line ending, for lines written into it."""
        return "\r\n" if self.lines and self.lines[0].endswith("\r\n") else "\n"

    def text(self) -> str:
        return ("\ufeff" if self.bom else "") + "".join(self.lines)


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only ``\\n`` ends a line (never U+2028 and friends)."""
    lines = text.split("\n")
    last = lines.pop()
    result = [line + "\n" for line in lines]
    if last:
        result.append(last)
    return result


def _bare(line: str) -> str:
    return line.rstrip("\n").removesuffix("\r")


def parse_notes(text: str) -> ParsedNotes:
    """Read every entry; a line that cannot be read becomes a problem naming its line."""
    bom = text.startswith("\ufeff")
    lines = split_lines(text[1:] if bom else text)
    bare = [_bare(line) for line in lines]
    parsed = ParsedNotes(lines, [], [], bom)
    first_seen: dict[str, int] = {}
    index = 0
    while index < len(bare):
        line = bare[index]
        start = START.match(line)
        if start:
            close = _find_end(bare, index + 1)
            if close is None or START.match(bare[close]):
                where = f"line {close + 1}" if close is not None else "the end of the file"
                parsed.problems.append(
                    f"line {index + 1}: bookmark {start[1]} has no end marker "
                    f"'{END_MARKER}' before {where}; its lines are kept but not read"
                )
                index += 1
                continue
            entry = _parse_entry(start[1], bare, index, close, parsed.problems, start[2])
            if entry.id in first_seen:
                parsed.problems.append(
                    f"line {index + 1}: bookmark id {entry.id} appears again (first at line "
                    f"{first_seen[entry.id] + 1}); this copy is kept but not read"
                )
                entry.bookmark = None
            else:
                first_seen[entry.id] = index
            parsed.entries.append(entry)
            index = close + 1
            continue
        if END.match(line):
            parsed.problems.append(f"line {index + 1}: '{END_MARKER}' without a start marker")
        elif LOOKS_LIKE_MARKER.match(line):
            parsed.problems.append(
                f"line {index + 1}: not a bookmark marker (expected "
                f"'<!-- bookmark id=... -->'): {line[:60]}"
            )
        index += 1
    return parsed


def _find_end(bare: list[str], index: int) -> int | None:
    """The end marker closing an entry, or the next start marker (unclosed), or None."""
    for number in range(index, len(bare)):
        if END.match(bare[number]) or START.match(bare[number]):
            return number
    return None


def _parse_entry(
    bookmark_id: str,
    bare: list[str],
    first: int,
    last: int,
    problems: list[str],
    escaped: str | None = None,
) -> Entry:
    """One entry; ``escaped``: its quote is escaped Markdown (the marker says so)."""
    fields: dict[str, tuple[int, int]] = {}
    values: dict[str, list[str]] = {}
    quote: list[str] = []
    quote_state = "before"
    current: str | None = None
    for number in range(first + 1, last):
        line = bare[number]
        match = FIELD.match(line)
        if match:
            key = match[1].lower()
            current = None
            if key in fields:
                problems.append(
                    f"line {number + 1}: bookmark {bookmark_id}: second '{key}' ignored"
                )
                continue
            current = key
            fields[key] = (number, number)
            values[key] = [match[2] or ""]
            continue
        if current is not None and (not line.strip() or line[:1] in " \t"):
            if line.strip():
                values[current].append(_unindent(line))
                fields[current] = (fields[current][0], number)
            else:
                values[current].append("")
            continue
        current = None
        if line.startswith(">") and quote_state != "after":
            quote_state = "in"
            text = line[2:] if line.startswith("> ") else line[1:]
            quote.append(unescape_line(text) if escaped else text)
            continue
        if quote_state == "in":
            quote_state = "after"
        if FIELD_LIKE.match(line):  # a field gone wrong; a line of prose is the person's own
            problems.append(
                f"line {number + 1}: bookmark {bookmark_id}: {line[:40]!r} is not a "
                "'- key:: value' field; kept, not read"
            )
    entry = Entry(bookmark_id, first, last, fields, None)
    text = {key: "\n".join(lines).strip("\n") for key, lines in values.items()}
    entry.bookmark = _bookmark(bookmark_id, text, fields, "\n".join(quote), first, problems)
    if entry.bookmark is None:
        entry.partial = _partial(bookmark_id, text, "\n".join(quote))
    return entry


def _partial(bookmark_id: str, text: dict[str, str], quote: str) -> Bookmark | None:
    """An unreadable entry as far as it goes (passage 0 and chars 0-0 stand in), to list it."""
    single = {key: " ".join(value.split()) for key, value in text.items()}
    passage = single.get("passage", "")
    try:
        return Bookmark(
            id=bookmark_id,
            source=single.get("source") or None,
            title=single.get("title", ""),
            date=single.get("date") or None,
            file=single.get("file", ""),
            corpus=single.get("corpus", ""),
            passage=int(passage) - 1 if passage.isdigit() and int(passage) > 0 else 0,
            start=0,
            end=0,
            quote=quote,
            note=text.get("note", ""),
            tags=clean_tags(text.get("tags", "")),
        )
    except ValueError:  # no file, a bad id: nothing to list
        return None


def _unindent(line: str) -> str:
    if line.startswith("  "):
        return line[2:]
    return line[1:] if line.startswith("\t") else line.lstrip()


def _bookmark(
    bookmark_id: str,
    text: dict[str, str],
    fields: dict[str, tuple[int, int]],
    quote: str,
    first: int,
    problems: list[str],
) -> Bookmark | None:
    missing = [key for key in REQUIRED if not text.get(key, "").strip()]
    if missing:
        problems.append(
            f"line {first + 1}: bookmark {bookmark_id} has no {', '.join(missing)}; "
            "its lines are kept but not read"
        )
        return None
    passage = text["passage"].strip()
    chars = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", text["chars"])
    if not passage.isdigit() or int(passage) < 1:
        line = fields["passage"][0] + 1
        problems.append(
            f"line {line}: bookmark {bookmark_id}: passage must be a number "
            f"from 1, not {passage[:30]!r}; not read"
        )
        return None
    if not chars or int(chars[1]) > int(chars[2]):
        line = fields["chars"][0] + 1
        problems.append(
            f"line {line}: bookmark {bookmark_id}: chars must be 'start-end', "
            f"not {text['chars'][:30]!r}; not read"
        )
        return None
    single = {key: " ".join(value.split()) for key, value in text.items()}
    return Bookmark(
        id=bookmark_id,
        source=single.get("source") or None,
        title=single.get("title", ""),
        date=single.get("date") or None,
        file=single["file"],
        corpus=single.get("corpus", ""),
        passage=int(passage) - 1,
        start=int(chars[1]),
        end=int(chars[2]),
        quote=quote,
        query=single.get("query", ""),
        note=text.get("note", ""),
        tags=clean_tags(text.get("tags", "")),
        saved=single.get("saved", ""),
    )
