"""Reading an article's outlet, title, date, author and address from its own text.

Articles have no common header. Each rule here recognises one form that real files use
(front matter, ``Source:`` lines, datelines, bylines, a site naming itself, a news site's
address); what no rule finds stays unknown (``None``) rather than being guessed. The header
also says where each value came from (``origins``), for the article's info.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from index.corpus.boilerplate import boilerplate_kind, is_date_line
from index.corpus.dates import find_date, parse_date
from index.corpus.header_lines import first_lines, header_lines
from index.corpus.outlets import known_outlet, outlet_for_url, outlet_named, urls_in, word_set
from index.yaml_safe import YamlError, load_yaml

__all__ = ["Header", "parse_date", "read_header"]

TITLE_MAX = 120
HEADLINE_MAX = 180  # a line longer than this is a paragraph, not a headline
_WORD = r"[A-Z][\w&'’-]*(?:\.\w[\w&'’-]*)*"  # "Ledger", "Censor.NET"; not "Ledger." at a stop
_NAME = _WORD + r"(?:[ -](?:of |the |and |de |for )?" + _WORD + r"){0,4}"
_DATELINE_OUTLET = re.compile(r"^\s*[\w .'-]{2,40}\s+[•|]\s+(?P<outlet>[A-Z][\w .&'-]{1,40}?)\s*$")
_WIRE = re.compile(
    r"^\s*[A-Z][A-Z .'-]+(?:,\s*[\w .'-]+)?\s*\((?P<outlet>[A-Za-z][A-Za-z.&/ -]{1,20})\)\s*[—–-]"
)
_EMBED = re.compile(r"\(@\w+\)|\bpic\.twitter\.com/")  # an embedded post's signature
_LEAD_IN = re.compile(r"^\s*(?P<name>[A-Z][A-Z .&'-]{2,40}):\s+\S")
_DATELINE_PREFIX = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,}(?:,\s*[\w .'-]+)?\s*(?:\([\w.]+\))?\s*(?:[—–:]|--|-)\s*"
)
_BYLINE_OUTLET = re.compile(
    r"^\s*(?:by\s+)?(?:[\w.'’-]+\s+){1,3}?(?:[,|/]|\band\b)\s*(?P<outlet>" + _NAME + r")\s*$",
    re.I,
)
_DESK = re.compile(
    r"^\s*by\s+(?P<outlet>" + _NAME + r")\s+(?:news\s*desk|newsroom|staff|editorial)\b", re.I
)
_CREDIT_LINE = re.compile(
    r"^\s*(?P<outlet>" + _NAME + r")\s+(?:report|correspondent|staff reporter|news desk)\s*$"
)
# Anywhere in the text: a site naming itself.
_SELF = (
    re.compile(r"©\s*(?:\d{4}\s*[-–]?\s*)*(?P<outlet>" + _NAME + r")"),
    re.compile(r"\bSupport (?P<outlet>" + _NAME + r")\s*!"),
    re.compile(
        r"\b[Rr]ead more (?:in|on) (?:the )?(?P<outlet>" + _NAME + r")'?s? (?:report|story)"
    ),
)
# "X has learned", "X informs": the verb is looked for first, then the name before it.
_SELF_VERB = re.compile(r" (?:has learned|informs|was told|has been told)\b")
_NAME_AT_END = re.compile(r"(?P<outlet>" + _NAME + r")$")
# A site naming itself as the one doing the reporting, in the phrases newsrooms use of
# themselves and not of outlets they cite ("told X", "X reported", "according to X", "in an
# interview with X" and "X's correspondent" cite others too, so they are not here). The name
# stands before the phrase, or in its ``outlet`` group. It must read as a newsroom's
# (``outlet_named``); after the phrases that present a site's coverage, which it might also
# write of a partner, only an outlet of the table counts (``table_only``). Each phrase comes
# with a word it holds: a text without that word is not searched for it.
_TABLE_ONLY = partial(outlet_named, table_only=True)
_REPORTING = (
    (
        " ",
        re.compile(  # "X could not independently verify the claim"
            r" (?:could not|couldn[’']t|cannot|can[’']t|was unable to|is unable to"
            r"|has been unable to|has not been able to)(?: immediately| independently)*"
            r" (?:verify|confirm)\b"
        ),
        outlet_named,
    ),
    (
        "comment",
        re.compile(  # "X has reached out to the ministry for comment"
            r" (?:(?:has |have )?(?:reached out to|contacted|asked|approached)"
            r"|(?:could not|couldn[’']t|was unable to)(?: immediately)? reach)\b"
            r"[^.!?\n]{1,80}?\b(?:for (?:a )?|to )comment"
            r"| (?:has |have )?(?:requested|sought) comment from\b"
        ),
        outlet_named,
    ),
    (
        "newsletter",
        re.compile(  # "Subscribe to X's newsletter"
            r"\b(?:[Ss]ubscribe to|[Ss]ign up (?:for|to)) (?:the )?(?P<outlet>" + _NAME + r")"
            r"(?:['’]s?)? (?:[a-z]+ )?newsletters?\b"
        ),
        outlet_named,
    ),
    (
        "ollow ",
        re.compile(  # "Follow X on Telegram"
            r"\b[Ff]ollow (?:the )?(?P<outlet>" + _NAME + r") on (?:Telegram|Twitter|X|Facebook"
            r"|Instagram|YouTube|WhatsApp|Google News|Threads|Bluesky|TikTok|Viber)\b"
        ),
        outlet_named,
    ),
    ("live ", re.compile(r" live (?:coverage|blog|updates)\b"), _TABLE_ONLY),  # X's live blog
    (
        " the latest",
        re.compile(  # "…, with X breaking down the latest developments"
            r"\bwith (?P<outlet>" + _NAME + r") (?:breaking down|tracking|covering|following"
            r"|explaining|unpacking|rounding up|bringing you|analy[sz]ing) the latest\b"
        ),
        _TABLE_ONLY,
    ),
)
_NAME_BEFORE = re.compile(r"(?<![\w&'’.-])(?P<outlet>" + _NAME + r")$")
_OPENERS = word_set(
    "but and or so yet still also now however meanwhile instead separately earlier later "
    "previously when while as since because if although though after before "
    "follow read watch see visit listen"
)
"""Sentence openers a capitalised run may start with ("But X could not verify", "Read X's
live coverage")."""


@dataclass
class Header:
    """What an article's text says about itself, and where its body starts."""

    source: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    body_start: int = 0  # offset of the first character that is not header
    origins: dict[str, str] = field(default_factory=dict)  # field -> where it was read
    problems: list[str] = field(default_factory=list)  # what could not be read, one line each

    def take(self, name: str, value: object, origin: str) -> bool:
        """Set field ``name`` from ``value`` unless it is already known; True if set."""
        if getattr(self, name) is not None or value in (None, "", [], {}):
            return False
        text = parse_date(value) if name == "date" else _shorten(_text_of(value))
        if not text:
            return False
        setattr(self, name, text)
        self.origins[name] = origin
        return True


def read_header(text: str) -> Header:
    """Find outlet, title, date, author and URL in ``text``.

    A YAML front matter block, leading ``Key: value`` lines and a saved copy's leading
    ``date YYYY-MM-DD`` are header, not body; every other line stays part of the article.
    """
    header = Header()
    head = header_lines(text)
    if head.front_matter is not None:
        _read_front_matter(head.front_matter, header)
    _read_fields(head.fields, header)
    lines = first_lines(text, head.body_start)
    _read_head_lines(text, lines, header)
    header.take("date", head.saved_date, "saved copy's date line")
    _read_self_naming(text, header)
    header.title = header.title or _headline(text, lines)
    if header.title and "title" not in header.origins:
        header.origins["title"] = "headline line"
    header.body_start = head.body_start
    return header


def _read_front_matter(block: str, header: Header) -> None:
    """What a YAML front matter block (``---`` ... ``---``) says."""
    try:
        fields = load_yaml(block)
    except YamlError as error:  # still front matter: never shown as the headline
        header.problems.append(f"front matter ignored: {' '.join(str(error).split())}")
        return
    if not isinstance(fields, dict):
        return
    fields = {str(key).casefold(): value for key, value in fields.items()}
    origin = "front matter"
    for key in ("title", "headline"):
        header.take("title", fields.get(key), origin)
    for key in ("published", "date_published", "datepublished", "date", "pubdate", "created"):
        header.take("date", fields.get(key), origin)
    for key in ("author", "authors", "byline"):
        header.take("author", _clean_wikilinks(fields.get(key)), origin)
    for key in ("url", "source", "source_url", "link", "canonical", "original_url"):
        value = _text_of(fields.get(key))
        if value.startswith(("http://", "https://")):
            header.take("url", value, origin)
    for key in ("site_name", "site", "sitename", "outlet", "publisher", "source"):
        value = _text_of(_clean_wikilinks(fields.get(key)))
        if value and not value.startswith(("http://", "https://")):
            header.take("source", value, origin)
    if header.url:
        header.take("source", outlet_for_url(header.url), "front matter URL")


def _read_fields(fields: list[tuple[str, str]], header: Header) -> None:
    """What the leading ``Source: ...`` / ``Title: ...`` lines say."""
    for key, value in fields:
        name = {
            "outlet": "source",
            "publisher": "source",
            "site": "source",
            "site_name": "source",
            "headline": "title",
            "published": "date",
        }.get(key, key)
        if name == "source" and value.startswith(("http://", "https://")):
            name = "url"
        header.take(name, value, "header line")
    if header.url:
        header.take("source", outlet_for_url(header.url), "URL")


def _read_head_lines(text: str, lines: list[tuple[int, int]], header: Header) -> None:
    """Datelines, bylines, date stamps and ``Source:`` lines among the first lines."""
    prose = 0  # a date stamp stands before the story, not in it (an embedded post's date)
    for start, end in lines:
        line = text[start:end].strip()
        if header.source is None:
            header.take("source", _outlet_of_line(line), "dateline or byline")
        if header.date is None and prose < 2 and not _EMBED.search(line):
            kind = boilerplate_kind(line)
            if kind in ("date", "byline", "site") or is_date_line(line):
                found = find_date(line)
                header.take("date", found and found[0], "date line")
        if len(line) > HEADLINE_MAX or (line.endswith(".") and len(line.split()) >= 12):
            prose += 1
        if header.url is None:
            for url in urls_in(line):
                if outlet_for_url(url):
                    header.take("url", url, "text")
                    header.take("source", outlet_for_url(url), "URL in the text")
                    break


def _outlet_of_line(line: str) -> str | None:
    if match := _DATELINE_OUTLET.match(line):
        return match.group("outlet").strip()
    if match := _WIRE.match(line):
        return match.group("outlet").strip("(). ")
    if match := _DESK.match(line):
        return match.group("outlet")
    if match := _CREDIT_LINE.match(line):
        return match.group("outlet")
    if line.casefold().startswith("source:"):
        return _leading_name(line[len("source:") :])
    if (match := _LEAD_IN.match(line)) and (outlet := known_outlet(match.group("name"))):
        return outlet
    if boilerplate_kind(line) == "byline" and (match := _BYLINE_OUTLET.match(line)):
        return known_outlet(match.group("outlet"))
    return None


def _read_self_naming(text: str, header: Header) -> None:
    """Sites naming themselves: "© 2025 X", "Support X!", "X has learned"…"""
    if header.source is not None:
        return
    names = [match.group("outlet") for pattern in _SELF for match in pattern.finditer(text)]
    for verb in _SELF_VERB.finditer(text):
        before = _NAME_AT_END.search(text, max(0, verb.start() - 60), verb.start())
        if before:
            names.append(before.group("outlet"))
    for name in names:
        name = name.strip(" .")
        if len(name) >= 2 and name.casefold() not in _NOT_OUTLETS:
            header.take("source", name, "the text naming its site")
            return
    outlets = set(_outlets_reporting(text))
    if len(outlets) == 1:  # two different names: a round-up or a partner, not told apart
        header.take("source", outlets.pop(), "the text naming its site")


def _outlets_reporting(text: str) -> Iterator[str]:
    """The outlets the text presents as doing its reporting (see ``_REPORTING``)."""
    for word, phrase, outlet_of in _REPORTING:
        if word not in text:
            continue
        for match in phrase.finditer(text):
            if "outlet" in phrase.groupindex:
                name = _bare(match.group("outlet"))
            else:
                name = _name_before(text, match.start())
            if outlet := outlet_of(name):
                yield outlet


def _name_before(text: str, end: int) -> str:
    """The capitalised name that ends at ``end``, without an opener or a possessive ("But
    Harbour Ledger's" -> "Harbour Ledger"), or ``""``."""
    match = _NAME_BEFORE.search(text, max(0, end - 80), end)
    if not match:
        return ""
    words = match.group("outlet").split()
    if "the" in words[1:]:  # "Follow the Harbour Ledger": the name starts after "the"
        words = words[len(words) - words[::-1].index("the") :]
    if len(words) > 1 and words[0].casefold() in _OPENERS:
        words = words[1:]
    return _bare(" ".join(words))


def _bare(name: str) -> str:
    """A name without its possessive ("Reuters'", "Harbour Ledger's")."""
    return re.sub(r"['’]s?$", "", name.strip())


_NOT_OUTLETS = {"all rights reserved", "copyright", "the", "it", "he", "she", "they", "we"}


def _leading_name(value: str) -> str | None:
    """The name a ``Source:`` line starts with ("Ukrainian Outlet sources in…" -> the
    outlet), or ``None`` when it does not start with one."""
    match = re.match(r"\s*(" + _NAME + r")", value)
    return match.group(1) if match else None


def _headline(text: str, lines: list[tuple[int, int]]) -> str | None:
    """The headline: the first line that is not boilerplate, a date or a dateline, if it
    reads as a headline (short, no full stop, no sentence inside). A first line that is
    prose means the text has no headline: ``None``."""
    for start, end in lines:
        line = text[start:end].strip()
        if boilerplate_kind(line) or _outlet_of_line(line) or _is_caption(line):
            continue
        if not re.search(r"[^\W\d_]", line):  # numbers, symbols: no headline, no prose
            continue
        return _shorten(line) if _reads_as_headline(line) else None
    return None


def _reads_as_headline(line: str) -> bool:
    if len(line) > HEADLINE_MAX or len(line.split()) < 3:
        return False
    if _DATELINE_PREFIX.match(line):  # "KYIV (AP) — The president…": a lede
        return False
    if re.search(r"[.;]['\"”’)]*$", line) and not line.endswith("..."):
        return False
    # A sentence end inside ("… on Tuesday. The talks …"), abbreviations aside.
    return not re.search(r"[a-z]{3,}\.['\"”’]?\s+[(\"“‘']?\w", line)


def _is_caption(line: str) -> bool:
    """A photo caption: it credits a photographer or an agency at its end."""
    return bool(
        re.search(r"(?:\(|\b)(?:photo|image|foto|фото)\s*:", line, re.I)
        or re.search(r"(?:\s/\s?[A-Z]{2,}|\bvia Getty Images|\bGetty Images\)?)\s*$", line)
    )


def _text_of(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_text_of(item) for item in value if item is not None)
    return "" if value is None else " ".join(str(value).split())


def _clean_wikilinks(value: object) -> object:
    """Obsidian writes ``author: "[[Jane Doe]]"``: the name without the brackets."""
    if isinstance(value, str):
        return re.sub(r"\[\[([^\]|]*)(?:\|[^\]]*)?\]\]", r"\1", value)
    if isinstance(value, (list, tuple)):
        return [_clean_wikilinks(item) for item in value]
    return value


def _shorten(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if len(value) <= TITLE_MAX:
        return value
    cut = value.rfind(" ", 0, TITLE_MAX)
    return value[: cut if cut > TITLE_MAX // 2 else TITLE_MAX].rstrip(" ,;:") + "…"
