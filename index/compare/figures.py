"""Figures and what they count ("372 prisoners", "30-day halt", "$180 billion"), and whether
two of them count the same thing and can both be right.

A figure is a number (digits, a number word from one to ninety, "a dozen", "two and a half",
with hundred / thousand / million / billion / dozen; or "dozens / hundreds / thousands of")
with what follows it: a hyphenated unit ("90-minute"), a currency or percent sign, and the
counted words up to the next function word or punctuation (adverbs such as "seriously" are
skipped). Dates, times, years and ordinals are not figures, nor bare lengths of time ("for 30
days", "over the past five days"), which say when, not how many.

What a figure counts is read three ways: its counted words, stemmed and joined by the config's
aliases ("175 POWs" and "175 prisoners of war" count one thing); its *status* when it counts
people killed, wounded, injured, missing or captured (in the counted words, just before the
figure, "killing 12", or after it, "12 people were killed"); and the time window of its
sentence ("in the past week"). Qualifiers mean what they say: "more than 20" is over 20,
"nearly two dozen" a little under 24, "about 100" within 10%, "dozens of" 24 to 143; "handed
over 22" is exactly 22.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from index.compare.terms import TermMaker, words
from index.search.stopwords import STOPWORDS, wordlist

_ORDERED_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty"""
_UNITS = {"": 1, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9,
          "trillion": 1e12, "bn": 1e9, "mn": 1e6, "dozen": 12}  # fmt: skip
_WORD_VALUES = {
    word: value
    for value, word in enumerate(
        _ORDERED_WORDS.split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "dozen": 12, "a dozen": 12}  # fmt: skip
_MANY = {"tens of thousands": (2e4, 1e5), "hundreds of thousands": (2e5, 1e6),
         "tens of millions": (2e7, 1e8), "hundreds of millions": (2e8, 1e9),
         "dozens": (24, 144), "scores": (40, 200), "hundreds": (200, 1000),
         "thousands": (2000, 1e4), "millions": (2e6, 1e7)}  # fmt: skip
"""Plural numbers ("hundreds of people"): the range they say, upper end excluded."""
_MONTHS = "|".join(
    wordlist(
        """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    januar februar märz mai juni juli oktober dezember
    janvier février mars avril juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    """
    )
)
"""Month names (English, German, French, Spanish; Russian and Ukrainian as dates write them)."""
_LOWER = {"more than": ">", "over": ">", "at least": ">=", "or more": ">=", "upwards of": ">"}
_UPPER = {"up to": "<=", "fewer than": "<", "less than": "<", "under": "<"}
_NEARLY = ("nearly", "almost", "just under", "close to")
_ABOUT = ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated")
_ABOUT_TOLERANCE = 0.1
_NEARLY_SPAN = 0.2
""""nearly 30" is from 24 to 30: at most this share under the number."""


def _alternatives(phrases: Iterable[str]) -> str:
    """A regex alternation, longest first, with spaces as any whitespace."""
    return "|".join(p.replace(" ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_NUMBER_WORD = _alternatives(_WORD_VALUES)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_FIGURE = re.compile(
    rf"""
    (?:\b(?P<qualifier>{_alternatives([*_LOWER, *_UPPER, *_NEARLY, *_ABOUT])})\s+)?
    (?P<currency>[$€£])?
    (?:
        (?<![\w.,:/-])(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w:/]|[.,-]\d)
      | \b(?P<many>{_alternatives(_MANY)})\s+of\b
      | \b(?P<word>(?:{_TENS})(?:-|\s+)(?:{_ONES})|{_NUMBER_WORD})\b
    )
    (?P<half>[- ]and[- ]a[- ]half\b)?
    (?P<or_more>\s+or\s+more)?
    (?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|dozen)\b)?
    (?P<or_more_after>\s+or\s+more)?
    (?:\s*(?P<percent>%|percent\b|per\s+cent\b))?
    (?:-(?P<unit>[^\W\d_]+)(?:-long\b|-old\b)?)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RUN_WORD = re.compile(r"\s*([^\W\d_][\w'’]*(?:-[^\W\d_]+)*)")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\.?\s*(?:{_MONTHS})\b", re.IGNORECASE)  # "19. März"
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’]*)\s*$")
_WORDS_AFTER = re.compile(r"\s+([^\W\d_][\w'’]*)(?:\s+([^\W\d_][\w'’]*))?(?:\s+([^\W\d_]+))?")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=\W*[A-Z0-9])")
_WINDOW = re.compile(
    rf"\b(?:past|last|previous)\s+(?:(?P<count>\d+|{_NUMBER_WORD})\s+)?"
    r"(?P<unit>hours?|days?|weeks?|months?|years?)\b(?!['’]s)",
    re.IGNORECASE,
)
_RUN_STOPS = STOPWORDS | wordlist(
    "among across against along amid around behind beside between beyond despite inside "
    "near onto outside per since toward towards upon via within without whose"
)
"""Words that end the counted words after a figure ("90-minute call between ...")."""
_TIME_UNITS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30,
               "year": 365}  # fmt: skip
"""Units of time, in days."""
_TIME_SHORT = {"min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour", "yr": "year"}


def _stems(text: str) -> list[str]:
    return [stemmed for _folded, stemmed, _start, _end in words(text)]


def _stem_classes(classes: dict[str, str]) -> dict[str, str]:
    return {stem: name for text, name in classes.items() for stem in _stems(text)}


_STATUS = _stem_classes(
    {
        "killed killing kill dead deaths death died dying fatalities": "killed",
        "wounded wounding wounds": "wounded",
        "injured injuring injuries injury": "injured",
        "missing": "missing",
        "captured capturing": "captured",
    }
)
"""What happened to the people counted: figures of different statuses never compare."""
_BE = wordlist("was were are is been be being have has had reportedly reported")
_PHRASAL_OVER = set(
    _stems("hand handed hands handing turn turned turns turning take took taken takes taking "
           "give gave given gives giving pass passed passes passing sign signed bring brought "
           "win won carry carried switch switched ship shipped")
)  # fmt: skip
"""Verbs whose "over" is a particle ("handed over 22"), not "more than"."""
_GENERIC_HEADS = set(_stems("people person persons individual individuals"))
_COMBATANTS = set(
    _stems("soldier soldiers prisoner prisoners pow pows serviceman servicemen troops fighters "
           "defenders personnel military servicemembers marines")
)  # fmt: skip
"""Counted people that may be one group told two ways ("wounded soldiers", "wounded POWs")."""
_KINDS = _stem_classes(
    {
        "ceasefire ceasefires truce truces halt pause moratorium cessation": "pause",
        "call calls phone telephone telephonic conversation": "call",
    }
)
"""Words for one kind of thing a length of time measures ("30-day halt", "30-day truce")."""


@dataclass(frozen=True)
class Figure:
    """A number with what it counts, as found in one passage."""

    text: str  # "372 prisoners", "30-day halt", "$180 billion"
    start: int  # span of ``text`` in the passage
    end: int
    value: float
    bound: str  # "=", ">", ">=", "<", "<=", "~" (about) or "~<" (nearly)
    unit: str  # "day" for "30-day" or "30 days of", "$", "%" or ""
    noun: str  # the counted words as written ("prisoners"), or the unit
    keys: frozenset[str]  # the counted words, stemmed and alias-joined; plus unit and status
    head: str = ""  # key of the counted noun ("prisoner"), "" when only a status is said
    thing: str = ""  # what is counted, in words: "wounded", "prisoners", "days of ceasefire"
    counted: frozenset[str] = frozenset()  # keys of the counted words alone (no unit, status)
    status: str = ""  # "killed", "wounded", "injured", "missing", "captured" or ""
    period: float | None = None  # days of the sentence's time window ("in the past week": 7)
    low: float = 0.0  # the values the figure allows, both ends included
    high: float = 0.0

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
    digits = match["digits"]
    if digits is not None and _is_date_or_year(text, match, digits):
        return None
    qualifier = " ".join((match["qualifier"] or "").lower().split())
    if qualifier == "over" and _word_before(text, match.start()) in _PHRASAL_OVER:
        qualifier = ""  # "handed over 22": exactly 22
    unit = match["currency"] or ("%" if match["percent"] else (match["unit"] or "").lower())
    unit = _singular_time(unit)
    run_words, position, run_end = _counted_words(text, match, unit)
    if not unit and run_words and _singular_time(run_words[0].lower()) in _TIME_UNITS:
        unit = _singular_time(run_words.pop(0).lower())  # "30 days of ceasefire"
    if unit in _TIME_UNITS and not run_words:
        return None  # "for 30 days", "the past two days": when, not how many
    nouns_only = [w for w in run_words if not _is_adverb(w)]
    status = _status(nouns_only, text, match, position)
    if not run_words and not unit and not status:
        return None  # a bare number counts nothing we can name ("killing 12" does)
    keys = _keys(nouns_only, nouns)
    plain = [w for w in nouns_only if _stem(w) not in _STATUS]
    head_word = _head(plain)
    head = nouns.key(head_word) if head_word else ""
    counted = frozenset(key for key in keys if key not in _STATUS)
    if status:
        keys = set(counted) | {status}
    if unit:
        keys = keys | {nouns.key(unit) if unit.isalpha() else unit}
    start = match.start() if qualifier else _number_start(match)
    value, bound, low, high = _amount(match, qualifier)
    return Figure(
        text=text[start:run_end],
        start=start,
        end=run_end,
        value=value,
        bound=bound,
        unit=unit,
        noun=" ".join(nouns_only) if nouns_only else unit,
        keys=frozenset(keys),
        head=head,
        thing=_thing(status, unit, plain, head_word),
        counted=counted,
        status=status,
        period=_period(text, match.start()),
        low=low,
        high=high,
    )


def _counted_words(text: str, match: re.Match, unit: str) -> tuple[list[str], int, int]:
    """The counted words after the number, where reading stopped, and the figure's end."""
    run_words: list[str] = []
    position = run_end = match.end()
    connector = None
    if unit in {"$", "€", "£", "%"}:  # "$180 billion in aid", "12% of voters"
        connector = re.match(r"\s+(?:in|of|for)\b", text[position:], re.IGNORECASE)
    if connector:
        position += connector.end()
    longest = 2 if match["unit"] else 3  # "90-minute call", "22 wounded Ukrainian soldiers"
    counted = 0
    while counted < longest:
        found = _RUN_WORD.match(text, position)
        if found and found.group(1).casefold() == "of" and _is_time_unit(run_words):
            position = found.end()  # "20 days of talks"
            continue
        if not found or _ends_run(found.group(1)):
            break
        if match["unit"] and counted and _stem(found.group(1)) not in _KINDS:
            break  # "90-minute phone call", "30-day energy truce"; not "90-minute call saw"
        run_words.append(found.group(1))
        counted += not _is_adverb(found.group(1))
        position = found.end()
        if not connector:  # "$180 billion in aid": the figure's text stops at "billion"
            run_end = position
    return run_words, position, run_end


def _ends_run(word: str) -> bool:
    """A function word: in the list, or a short lowercase word of any language ("и", "de")."""
    if word.isupper() and len(word) > 1:
        return False  # "22 US soldiers": an acronym, not the pronoun
    return word.casefold() in _RUN_STOPS or (len(word) <= 2 and word.islower())


def _is_time_unit(run_words: list[str]) -> bool:
    return len(run_words) == 1 and _singular_time(run_words[0].lower()) in _TIME_UNITS


def _is_adverb(word: str) -> bool:
    return len(word) > 4 and word.islower() and word.endswith("ly")


def _stem(word: str) -> str:
    found = _stems(word)
    return found[-1] if found else ""


def _singular_time(word: str) -> str:
    """'days' -> 'day', 'hrs' -> 'hour', 'min' -> 'minute'; other words unchanged."""
    word = _TIME_SHORT.get(word, word)
    if word.endswith("s") and word[:-1] in _TIME_UNITS:
        return word[:-1]
    return word


def _word_before(text: str, position: int) -> str:
    found = _WORD_BEFORE.search(text[max(0, position - 40) : position])
    return _stem(found.group(1)) if found else ""


def _status(run_words: list[str], text: str, match: re.Match, position: int) -> str:
    """What happened to those counted: said in the counted words, just before the figure
    ("killing 12"), or after it ("12 people were killed")."""
    for word in run_words:
        if _stem(word) in _STATUS:
            return _STATUS[_stem(word)]
    before = _word_before(text, match.start())
    if before in _STATUS:
        return _STATUS[before]
    after = _WORDS_AFTER.match(text, position)
    if after and after.group(1).casefold() in _BE:
        for word in after.groups()[1:]:
            if word and _stem(word) in _STATUS:
                return _STATUS[_stem(word)]
    return ""


def _keys(run_words: list[str], nouns: TermMaker) -> set[str]:
    """Keys of the counted words; proper adjectives ('Ukrainian') only when alone."""
    plain = [w for w in run_words if not _is_proper(w)] or run_words[-1:]
    return {key for key in (nouns.key(word) for word in plain) if key}


def _is_proper(word: str) -> bool:
    return word[:1].isupper() and word[1:2].islower()


def _head(plain: list[str]) -> str:
    """The counted noun: the last word that is not a participle ("prisoners exchanged")."""
    candidates = [w for w in plain if not _is_proper(w)] or plain
    nounlike = [w for w in candidates if not w.lower().endswith(("ed", "ing"))] or candidates
    return nounlike[-1] if nounlike else ""


def _thing(status: str, unit: str, plain: list[str], head_word: str) -> str:
    """What is counted, in words: "wounded", "prisoners", "days of ceasefire"."""
    if status:
        return status
    if unit.isalpha():
        units = unit if unit.endswith("s") else unit + "s"
        return f"{units} of {' '.join(plain)}" if plain else units
    return head_word or unit


def _period(text: str, position: int) -> float | None:
    """Days of the time window of the sentence around ``position`` ("over the past week")."""
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text, 0, position))]
    end_match = _SENTENCE_END.search(text, position)
    sentence = text[starts[-1] : end_match.start() + 1 if end_match else len(text)]
    found = _WINDOW.search(sentence)
    if not found:
        return None
    count = found["count"]
    number = 1.0 if count is None else _value(count if count.isdigit() else None, count)
    return number * _TIME_UNITS[_singular_time(found["unit"].lower())]


def _number_start(match: re.Match) -> int:
    for group in ("currency", "digits", "many", "word"):
        if match[group] is not None:
            return match.start(group)
    return match.start()


def _value(digits: str | None, word: str | None) -> float:
    if digits is not None:
        return float(digits.replace(",", ""))
    word = " ".join(word.lower().split())  # "a\ndozen", "twenty  one"
    parts = re.split(r"[- ]", word) if word != "a dozen" else ["a dozen"]
    return float(sum(_WORD_VALUES[part] for part in parts))


def _amount(match: re.Match, qualifier: str) -> tuple[float, str, float, float]:
    """The figure's value, bound and the range of values it allows."""
    if match["many"]:
        low, high = _MANY[" ".join(match["many"].lower().split())]
        return float(low), ">=", float(low), high - 1.0
    value = _value(match["digits"], match["word"]) + (0.5 if match["half"] else 0.0)
    value *= _UNITS[(match["scale"] or "").lower()]
    bound = _bound(match, qualifier)
    tolerance = _ABOUT_TOLERANCE * max(abs(value), 1)
    low, high = {
        "=": (value, value),
        ">": (value + 1e-9, float("inf")),
        ">=": (value, float("inf")),
        "<": (float("-inf"), value - 1e-9),
        "<=": (float("-inf"), value),
        "~": (value - tolerance, value + tolerance),
        "~<": (value * (1 - _NEARLY_SPAN), value),
    }[bound]
    return value, bound, low, high


def _bound(match: re.Match, qualifier: str) -> str:
    if match["or_more"] or match["or_more_after"]:
        return ">="
    if qualifier in _LOWER:
        return _LOWER[qualifier]
    if qualifier in _UPPER:
        return _UPPER[qualifier]
    if qualifier in _NEARLY:
        return "~<"
    return "~" if qualifier else "="


def _is_date_or_year(text: str, match: re.Match, digits: str) -> bool:
    before = text[: match.start("digits")]
    after = text[match.end("digits") :]
    if _MONTH_BEFORE.search(before[-12:]) or _MONTH_AFTER.match(after):
        return True
    plain_year = re.fullmatch(r"1[89]\d\d|20\d\d", digits) is not None
    return plain_year and not match["currency"] and not match["unit"] and not match["scale"]


def compare_key(figure: Figure) -> tuple[str, str]:
    """Figures that may count the same thing share this key: (unit, status, unit or noun)."""
    return (figure.unit, figure.status or figure.unit or figure.head)


def same_thing(one: Figure, other: Figure) -> bool:
    """Whether two figures count the same thing: same unit, same status (killed is not
    wounded is not injured), the same counted noun (for a status, people who may be one
    group), and the same time window when both sentences give one."""
    if compare_key(one) != compare_key(other) or one.status != other.status:
        return False
    if one.period is not None and other.period is not None and one.period != other.period:
        return False  # "in the past week" is not "in the past five days"
    if one.unit.isalpha():  # "two-hour phone call" and "1.5-hour phone"; not "three days of talks"
        kinds, other_kinds = _kinds(one.counted), _kinds(other.counted)
        return not kinds or not other_kinds or bool(kinds & other_kinds)
    if one.head == other.head:
        return True
    if not one.status:
        return False
    heads = {one.head, other.head} - {""}
    return len(heads) < 2 or bool(heads & _GENERIC_HEADS) or heads <= _COMBATANTS


def _kinds(keys: frozenset[str]) -> set[str]:
    return {_KINDS.get(key, key) for key in keys}


def compatible(one: Figure, other: Figure) -> bool:
    """Whether two figures for the same thing can both be right ("more than 20" and 23)."""
    return max(one.low, other.low) <= min(one.high, other.high)
