"""Figures and what they count ("372 prisoners", "30-day halt", "$180 billion"), and where
sources that report the same fact give different ones.

A figure is a number (digits, or a number word from one to ninety, with hundred / thousand /
million / billion) with what follows it: a hyphenated unit ("90-minute"), a currency or
percent sign, and the counted words up to the next function word or punctuation. Dates,
times, years and ordinals are not figures. The counted words are stemmed and joined by the
config's aliases, so "175 POWs", "175 prisoners of war" and "175 prisoners" count one thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.terms import STOPWORDS, TermMaker, wordlist

_ORDERED_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_UNITS = {"": 1, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
          "trillion": 1e12, "bn": 1e9, "mn": 1e6}  # fmt: skip
_WORD_VALUES = {
    word: value
    for value, word in enumerate(
        _ORDERED_WORDS.split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "dozen": 12, "a dozen": 12}  # fmt: skip
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_LOWER = {"more than": ">", "over": ">", "at least": ">=", "or more": ">=", "upwards of": ">"}
_UPPER = {"up to": "<=", "fewer than": "<", "less than": "<", "under": "<", "nearly": "<=",
          "almost": "<="}  # fmt: skip
_ABOUT = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated")


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation, longest first, with spaces as any whitespace."""
    return "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_NUMBER_WORD = _alternatives(_WORD_VALUES)
_FIGURE = re.compile(
    rf"""
    (?:\b(?P<qualifier>{_alternatives([*_LOWER, *_UPPER, *_ABOUT])})\s+)?
    (?P<currency>[$€£])?
    (?:
        (?<![\w.,:/-])(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w:/]|[.,-]\d)
      | \b(?P<word>(?:{_NUMBER_WORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)\b
    )
    (?P<or_more>\s+or\s+more)?
    (?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|mn)\b)?
    (?P<or_more_after>\s+or\s+more)?
    (?:\s*(?P<percent>%|percent\b|per\s+cent\b))?
    (?:-(?P<unit>[^\W\d_]+))?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RUN_WORD = re.compile(r"\s*([^\W\d_][\w'’]*(?:-[^\W\d_]+)*)")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s*(?:{_MONTHS})\b", re.IGNORECASE)
_ABOUT_TOLERANCE = 0.1
_RUN_STOPS = STOPWORDS | wordlist(
    "among across against along amid around behind beside between beyond despite inside "
    "near onto outside per since toward towards upon via within without whose"
)
"""Words that end the counted words after a figure ("90-minute call between ...")."""


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, as found in one passage."""

    text: str  # "372 prisoners", "30-day halt", "$180 billion"
    start: int  # span of ``text`` in the passage
    end: int
    value: float
    bound: str  # "=", ">", ">=", "<", "<=" or "~" (about)
    unit: str  # "day" for "30-day", "$", "%" or ""
    noun: str  # the counted words as written ("prisoners"), or the unit
    keys: frozenset[str]  # the counted words, stemmed and alias-joined; plus the unit

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def extract_figures(text: str, nouns: TermMaker | None = None) -> list[Figure]:
    """The figures of ``text`` with what they count (keys made by ``nouns``), in order."""
    nouns = nouns or TermMaker()
    figures = []
    for match in _FIGURE.finditer(text):
        figure = _figure(text, match, nouns)
        if figure is not None:
            figures.append(figure)
    return figures


def _figure(text: str, match: re.Match, nouns: TermMaker) -> Figure | None:
    digits, word = match["digits"], match["word"]
    if digits is not None and _is_date_or_year(text, match, digits):
        return None
    value = _value(digits, word) * _UNITS[(match["scale"] or "").lower()]
    unit = match["currency"] or ("%" if match["percent"] else (match["unit"] or "").lower())
    run_words: list[str] = []
    position = run_end = match.end()
    connector = None
    if unit in {"$", "€", "£", "%"}:  # "$180 billion in aid", "12% of voters"
        connector = re.match(r"\s+(?:in|of|for)\b", text[position:], re.IGNORECASE)
        if connector:
            position += connector.end()
    longest = 1 if match["unit"] else 3  # "90-minute call", "22 wounded Ukrainian soldiers"
    while len(run_words) < longest:
        found = _RUN_WORD.match(text, position)
        if not found or found.group(1).casefold() in _RUN_STOPS:
            break
        run_words.append(found.group(1))
        position = found.end()
        if not connector:  # "$180 billion in aid": the figure's text stops at "billion"
            run_end = position
    if not run_words and not unit:
        return None  # a bare number counts nothing we can name
    keys = _keys(run_words, nouns)
    if unit:
        keys = keys | {nouns.key(unit) if unit.isalpha() else unit}
    start = match.start() if match["qualifier"] else _number_start(match)
    end = run_end
    return Figure(
        text=text[start:end],
        start=start,
        end=end,
        value=value,
        bound=_bound(match),
        unit=unit,
        noun=" ".join(run_words) if run_words else unit,
        keys=frozenset(keys),
    )


def _number_start(match: re.Match) -> int:
    for group in ("currency", "digits", "word"):
        if match[group] is not None:
            return match.start(group)
    return match.start()


def _keys(run_words: list[str], nouns: TermMaker) -> set[str]:
    """Keys of the counted words; proper adjectives ('Ukrainian') only when alone."""
    plain = [w for w in run_words if not (w[:1].isupper() and w[1:2].islower())] or run_words[-1:]
    return {key for key in (nouns.key(word) for word in plain) if key}


def _value(digits: str | None, word: str | None) -> float:
    if digits is not None:
        return float(digits.replace(",", ""))
    parts = re.split(r"[- ]", word.lower()) if word.lower() != "a dozen" else ["a dozen"]
    return float(sum(_WORD_VALUES[part] for part in parts))


def _bound(match: re.Match) -> str:
    if match["or_more"] or match["or_more_after"]:
        return ">="
    qualifier = " ".join((match["qualifier"] or "").lower().split())
    if qualifier in _LOWER:
        return _LOWER[qualifier]
    if qualifier in _UPPER:
        return _UPPER[qualifier]
    return "~" if qualifier else "="


def _is_date_or_year(text: str, match: re.Match, digits: str) -> bool:
    before = text[: match.start("digits")]
    after = text[match.end("digits") :]
    if _MONTH_BEFORE.search(before[-12:]) or _MONTH_AFTER.match(after):
        return True
    plain_year = re.fullmatch(r"1[89]\d\d|20\d\d", digits) is not None
    return plain_year and not match["currency"] and not match["unit"] and not match["scale"]


def compatible(one: Figure, other: Figure) -> bool:
    """Whether two figures for the same thing can both be right ("more than 20" and 23)."""
    low_one, high_one = _range(one)
    low_other, high_other = _range(other)
    return max(low_one, low_other) <= min(high_one, high_other)


def _range(figure: Figure) -> tuple[float, float]:
    value = figure.value
    tolerance = _ABOUT_TOLERANCE * max(abs(value), 1)
    return {
        "=": (value, value),
        ">": (value + 1e-9, float("inf")),
        ">=": (value, float("inf")),
        "<": (float("-inf"), value - 1e-9),
        "<=": (float("-inf"), value),
        "~": (value - tolerance, value + tolerance),
    }[figure.bound]
