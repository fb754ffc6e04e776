"""Recognising the lines a web page wraps around an article: boilerplate.

Text copied from a browser keeps cookie notices, menus, "Skip to content", share buttons,
"Read more" links, bylines and "2 min read" stamps. Such a line is still the reader's text:
it is shown (dimmed), but kept out of titles, topic matching and comparisons.

:func:`boilerplate_kind` looks at one line and says which kind of boilerplate it is, or
``None`` for article text. Each rule is a form that recurs across sites, never one site's
sentence.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from index.corpus.dates import find_date

_MAX_CHARS = 220  # longer lines are prose, whatever words they hold


def _any(*patterns: str) -> str:
    """One pattern matching any of ``patterns``, case-blind once :func:`_compiled`."""
    return "|".join(f"(?:{pattern})" for pattern in patterns)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The site-furniture patterns, compiled at their first use rather than on import: the
    three take ~4 ms, which the reader's launch does not spend (the articles it draws first
    are listed, their passages kept: :func:`index.corpus.passages.passages_from_spans`)."""
    return re.compile(pattern, re.I)


# Site furniture: each pattern is searched in a short line.
_NOTICE = _any(
    r"\bcookies?\b.*\b(?:use|accept|agree|consent|settings|policy|continu)",
    r"\b(?:privacy policy|terms of (?:use|service))\b",
    r"\bwe value your privacy\b",
)
# Lines that start as site furniture does (matched at the start of a short line).
_FURNITURE_START = _any(
    r"skip to (?:main )?(?:content|navigation|search)\b",
    r"(?:please wait|loading)\W*$",
    r"(?:advertisement|sponsored(?: content)?|ad)\W*$",
    r"(?:share|share this(?: article| story)?|tweet|copy link|print|e-?mail|comments?)\W*$",
    r"(?:read more|read also|see also|related(?: articles| stories| news)?|more from\b.*|"
    r"most (?:read|popular)|recommended|you may also like|trending)\b",
    r"read (?:more|the full story|it) (?:in|on|at)\b",
    r"(?:subscribe|sign in|log in|register|menu|search|home)\W*$",
    r"support\s+[^.?]{2,60}!$",
    r"(?:icon-\w+\s*)+$",
    r"(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email|viber)"
    r"(?:\s*[|•·,]?\s*(?:facebook|twitter|x|whatsapp|telegram|linkedin|reddit|email|viber))+$",
    r"(?:last )?updated\b",
    r"(?:published|posted)\s*:?",
    r"(?:editor'?s note|this is a developing story|this (?:story|article) (?:is|has been) "
    r"(?:being )?updated|this audio is (?:created|generated))",
    r"\[\s*(?:updated?|update|editor'?s note|correction)\b.*\]$",
    r"(?:photo|image|picture|credit|illustration)s?\s*:",
    r"(?:all rights reserved|©|\(c\)\s*\d{4}|copyright\b)",
    r"(?:home|news)\s*[>/»›]",
    r"(?:choose|select|change) (?:your )?(?:language|region|edition)\b",
    # Russian and Ukrainian: "last updated", "read also".
    r"(?:последнее )?обновлено|последнее обновление|оновлено|останнє оновлення",
    r"(?:читайте|дивіться|смотрите) (?:также|також|тоже)\b",
)
# Site furniture anywhere in a short line.
_FURNITURE_ANYWHERE = _any(
    r"\b(?:subscribe|sign up)\b.*\b(?:newsletter|updates|channel|alerts?|free)\b",
    r"\bsupport (?:us|our (?:work|journalism))\b",
    r"\b(?:patreon|donate now|become a (?:member|patron))\b",
    r"\bfollow (?:us )?on (?:telegram|twitter|x|facebook|instagram|google news)\b",
    r"\b\d+\s*(?:min(?:ute)?s?|хв(?:илин)?|мин(?:ут)?)\.?\s*(?:read|чтения|читання)\b",
    r"\b(?:подписывайтесь|підписуйтесь|подпишитесь|підпишіться)\b",
)
# A site's contact or registration line: a short label, then a phone number or a licence or
# registration number ("Newsroom hotline: 020-5550123", "网络出版许可证12345678901", "Tel. +49 30
# 1234 5678"). A number of 8 or more digits, hyphens allowed; spaces only after a phone label.
_CONTACT = re.compile(
    r"^[^.!?\d]{0,40}?(?:\+?\d[\d-]{7,}"
    r"|(?:tel|phone|fax|hotline|телефон|тел)\.?\s*:?\s*\+?\d[\d\s()-]{7,})$",
    re.I,
)
_BYLINE = re.compile(r"^(?:[Bb]y|BY|[Ff]rom)\s*[A-Z\u0400-\u04ff][\w.'’-]*(?:\s|,|$)", re.U)
_LANGUAGE_SWITCH = re.compile(r"^(?:[a-z]{2}(?:\s*[|/•·]\s*|\s+)){1,6}[a-z]{2}$")
_FUNCTION_WORDS = frozenset(
    "a an the and or but of on in at to for from with by as after before over under into "  # noqa: SIM905
    "about is are was were be has have will says said not no its his her their than".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@lru_cache(maxsize=4096)  # a line is looked at by the splitter, the header and the title
def boilerplate_kind(line: str) -> str | None:
    """What kind of boilerplate ``line`` is ("notice", "menu", "byline", "dateline", …), or
    ``None`` when it is the article's own text."""
    text = line.strip()
    if not text or len(text) > _MAX_CHARS:
        return None
    if _compiled(_NOTICE).search(text):
        return "notice"
    if _compiled(_FURNITURE_START).match(text) or _compiled(_FURNITURE_ANYWHERE).search(text):
        return "site"
    if _CONTACT.match(text) and len(_WORD.findall(text)) <= 4:
        return "site"
    if _BYLINE.match(text) and len(text) <= 120 and not text.rstrip().endswith((".", "?", "!")):
        return "byline"
    if is_date_line(text):
        return "date"
    if _LANGUAGE_SWITCH.match(text):
        return "menu"
    if looks_like_menu(text):
        return "menu"
    return None


def is_date_line(text: str) -> bool:
    """A line that is a date stamp: a date and little else ("March 12, 2025 10:45 AM EDT")."""
    found = find_date(text)
    if found is None:
        return False
    _date, start, end = found
    rest = (text[:start] + " " + text[end:]).strip()
    words = [word for word in _WORD.findall(rest) if len(word) > 2]
    return len(words) <= 3 and not rest.endswith((".", "?", "!"))


def looks_like_menu(text: str) -> bool:
    """A navigation line: several capitalised single words and nothing else ("World
    Business Sport Opinion Science"), or a short label all in capitals ("CHOOSE REGION")."""
    if any(mark in text for mark in '.,:;!?"“”()'):
        return False
    words = text.split()
    if (
        len(words) >= 5
        and all(word[:1].isupper() for word in words)
        and not any(word.casefold() in _FUNCTION_WORDS for word in words)
    ):  # a Title Case headline has "On", "With", "And"…; a menu is bare names
        return True
    letters = [char for char in text if char.isalpha()]
    return (
        1 <= len(words) <= 4
        and len(letters) >= 4
        and all(char.isupper() for char in letters)
        and not any(char.isdigit() for char in text)
    )
