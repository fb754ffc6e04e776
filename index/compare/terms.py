"""Passages as comparable terms: stemmed, folded, stop words out, aliases made one.

The comparison features ("same fact elsewhere", figures that disagree) need every passage's
terms with their character offsets. This is the index's ``body`` analysis (fold case and
accents, stems of :mod:`index.search.languages`) done with a regular expression and a stem cache,
several times faster than running the Whoosh analyzer chain, plus two steps of its own:
function words are dropped, and every spelling of an alias group ("POWs", "prisoners of
war") becomes one key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from whoosh.support.charset import accent_map

from index.search.analysis import _TOKEN
from index.search.languages import stem
from index.search.stopwords import STOPWORDS

_WORD = re.compile(_TOKEN)


@dataclass(frozen=True)
class Term:
    """One content word (or alias phrase) of a passage: its key and where it stands."""

    key: str  # folded stem, or the alias group's key
    start: int
    end: int


@lru_cache(maxsize=200_000)
def _fold_and_stem(word: str) -> tuple[str, str]:
    folded = word.lower().translate(accent_map)
    return folded, stem(folded)


def words(text: str) -> list[tuple[str, str, int, int]]:
    """Every word of ``text``: (folded word, stem, start, end), as the index analyzes it."""
    out = []
    for match in _WORD.finditer(text):
        folded, stemmed = _fold_and_stem(match.group())
        out.append((folded, stemmed, match.start(), match.end()))
    return out


class TermMaker:
    """Turns text into :class:`Term` lists, joining the spellings of each alias group."""

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None):
        self._phrases: dict[tuple[str, ...], str] = {}
        self.heads: dict[str, str] = {}
        """First-word stem of 'X of Y' variants -> group key: 'prisoners' alone counts as
        'prisoners of war' (so as 'POWs') in a briefing whose aliases say so."""
        for name, variants in (aliases or {}).items():
            spellings = [str(name), *(str(v) for v in variants or ())]
            stems = [tuple(s for _f, s, _a, _b in words(spelling)) for spelling in spellings]
            stems = [group for group in stems if group]
            if not stems:
                continue
            key = " ".join(stems[0])
            for group in stems:
                self._phrases.setdefault(group, key)
                if len(group) == 3 and group[1] == "of":
                    self.heads.setdefault(group[0], key)
        self._starts: dict[str, int] = {}  # first stem of an alias -> its longest length
        for group in self._phrases:
            self._starts[group[0]] = max(self._starts.get(group[0], 0), len(group))

    def terms(self, text: str, keep_stopwords: bool = False) -> list[Term]:
        """The content terms of ``text`` in order; alias phrases become one term."""
        found = words(text)
        out: list[Term] = []
        index = 0
        while index < len(found):
            step, key = self._alias_at(found, index)
            if key is not None:
                out.append(Term(key, found[index][2], found[index + step - 1][3]))
                index += step
                continue
            folded, stemmed, start, end = found[index]
            if keep_stopwords or folded not in STOPWORDS:
                out.append(Term(self.heads.get(stemmed, stemmed), start, end))
            index += 1
        return out

    def key(self, word: str) -> str:
        """The key of a single word (its stem, or its alias group's key)."""
        found = words(word)
        if not found:
            return ""
        _step, key = self._alias_at(found, 0)
        if key is not None:
            return key
        joined = " ".join(s for _f, s, _a, _b in found)
        return self.heads.get(joined, joined)

    def _alias_at(self, found: list[tuple[str, str, int, int]], index: int):
        longest = self._starts.get(found[index][1])
        if longest is None:  # no alias begins with this word: the common case, kept fast
            return 1, None
        for length in range(min(longest, len(found) - index), 0, -1):
            group = tuple(item[1] for item in found[index : index + length])
            key = self._phrases.get(group)
            if key is not None:
                return length, key
        return 1, None
