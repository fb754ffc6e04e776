"""Stems that keep words apart that mean different things, in the languages of a briefing.

Words are stemmed by Snowball's own stemmers, in C (PyStemmer; Snowball 3, which stems the
unaccented forms a folded text has: ``participacion``, ``erwartet``). English words are
stemmed with Snowball's English (Porter2, which already keeps ``general`` from ``generous``
and ``news`` from ``new``), except the classic over-stems listed here: ``prisoners`` stays
apart from ``prison``, ``authorities`` from ``author``, ``officer`` from ``office``.

A passage's language is told cheaply (:func:`language`): its script, then its commonest
function words. German, French and Spanish words are stemmed with Snowball's stemmers of
those languages and kept apart from English ones by a prefix (``de:gefang``), so that no
German stem can meet an English word; Russian with Snowball's Russian; Ukrainian with a light
suffix rule. A word of a query has no passage around it: it is looked up under every
language's stem (:func:`variants`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice

import Stemmer


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _snowball(algorithm: str) -> Callable[[str], str]:
    """Snowball's stemmer of one language, as a function of a word.

    Without PyStemmer's own cache (size 0): every caller keeps the stems it has learned, and
    a call then holds the GIL from start to end, so threads may share the stemmer.
    """
    return Stemmer.Stemmer(algorithm, 0).stemWord


_SNOWBALL = {
    lang: _snowball(algorithm)
    for lang, algorithm in (
        ("en", "english"),
        ("de", "german"),
        ("fr", "french"),
        ("es", "spanish"),
        ("ru", "russian"),
    )
}
_english = _SNOWBALL["en"]


_OVERSTEMS = {
    # word forms -> a stem of their own, where Porter2 would merge them with another word
    # (Snowball 3 keeps some apart itself: organiz, universiti, internat; kept here all the same)
    "prisoner": _words("prisoner prisoners"),  # not prison
    "authoriti": _words("authority authorities"),  # not author
    "officer": _words("officer officers"),  # not office
    "business": _words("business businesses"),  # not busy
    "several": _words("several"),  # not severe
    "universiti": _words("university universities"),  # not universe
    "organiz": _words(
        "organization organizations organisation organisations organizational organised "
        "organized organise organize organizing organising"
    ),  # not organ
    "experiment": _words("experiment experiments experimented experimenting"),  # experience
    "internation": _words("international internationally"),  # not internal
    "executive": _words("executive executives"),  # not execute
    "animation": _words("animation animations"),  # not animal
}
_EXCEPTIONS = {form: key for key, forms in _OVERSTEMS.items() for form in forms}


def stem(word: str) -> str:
    """The stem of one folded (lower-case, accent-free) word."""
    exception = _EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    return _english(word)


# -- telling a passage's language --------------------------------------------------------------

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")  # letters Russian does not have
_WORD = re.compile(r"\w+")
_FUNCTION_WORDS = {
    "en": frozenset(_words("the and of to is that for with was were has have from this by")),
    "de": frozenset(_words("der und das ist nicht mit ein eine den dem zu von sich auf für")),
    "fr": frozenset(_words("le les et est une du dans pour pas qui sur au avec aux été")),
    "es": frozenset(_words("el los las y del una por con para su al como fue según")),
}
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {}  # function word -> the languages it is one of
for _lang, _common in _FUNCTION_WORDS.items():
    for _word in _common:
        _LANGUAGES_OF[_word] = (*_LANGUAGES_OF.get(_word, ()), _lang)
SAMPLE_WORDS = 200
"""Function words are counted among a passage's first words: enough to tell, and cheap."""


def language(text: str) -> str:
    """``en``, ``de``, ``fr``, ``es``, ``ru`` or ``uk``: the language a passage is read in."""
    if _CYRILLIC.search(text) and len(_CYRILLIC.findall(text)) >= len(_LATIN.findall(text)):
        return "uk" if _UKRAINIAN_LETTERS.search(text) else "ru"
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    words = map(str.lower, map(re.Match.group, islice(_WORD.finditer(text), SAMPLE_WORDS)))
    for langs in filter(None, map(_LANGUAGES_OF.get, words)):  # the function words only
        for lang in langs:
            counts[lang] += 1
    best = max(counts, key=counts.__getitem__)
    return best if best != "en" and counts[best] >= 2 and counts[best] > counts["en"] else "en"


# -- stems by language -----------------------------------------------------------------------------

_UKRAINIAN_ENDINGS = sorted(
    _words(
        "ами ями ого ого ому ему ими іми ій ої ою ею ів їв ах ях ам ям ом ем их іх ий ая яя "
        "ою ую юю ей ой ий а я у ю і ї и е є о ь й"
    ),
    key=len,
    reverse=True,
)
_MIN_STEM = 3


def ukrainian_stem(word: str) -> str:
    """A light rule: the longest case ending off, leaving at least three letters."""
    for ending in _UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def stem_in(word: str, lang: str) -> str:
    """The stem of one folded word of a passage read in ``lang``."""
    if _CYRILLIC.search(word):
        if lang not in ("ru", "uk"):
            lang = "uk" if _UKRAINIAN_LETTERS.search(word) else "ru"
        return ukrainian_stem(word) if lang == "uk" else _SNOWBALL["ru"](word)
    if lang in ("de", "fr", "es"):
        return f"{lang}:{_SNOWBALL[lang](word)}"
    return stem(word)


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


def variants(word: str) -> list[str]:
    """Every stem a folded query word may have in a passage: English first."""
    if _CYRILLIC.search(word):
        langs = ("uk", "ru") if _UKRAINIAN_LETTERS.search(word) else ("ru", "uk")
    else:
        langs = ("en", "de", "fr", "es")
    return list(dict.fromkeys(stem_in(word, lang) for lang in langs))
