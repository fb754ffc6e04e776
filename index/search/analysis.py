"""How text becomes index terms: the analyzers and the schema built on them.

``body`` is stemmed in each passage's language (``prisoners`` and ``prisoner`` meet at
``prisoner``, ``Курської`` and ``Курська`` at ``курськ``; see :mod:`index.search.languages`) and
keeps positions for phrases (matched by :mod:`index.search.ranking`); ``exact`` is only folded
(case and accents) and serves wildcards and fuzzy terms, which must match real words rather
than stems.

Until version 7 a third field held each two adjacent stems as one term, so that a phrase was
a term lookup: 82% of the index's terms. Phrases are now matched on ``body``'s positions
(version 8; 9: the codec's compact values; 10: the stems of Snowball 3, in C).
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from index.search.languages import language, stem_in

SCHEMA_VERSION = 10
"""Bump when the schema or the analyzers change: indexes of another version are rebuilt."""

# Words, with inner apostrophes and hyphens kept out: "Zelenskyy's" -> "zelenskyy", "s".
_TOKEN = r"\w+(?:\.\w+)*"


def exact_analyzer():
    """Tokens folded to lower case without accents, not stemmed."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


class LanguageTokenizer(RegexTokenizer):
    """Words, each marked with the language of the text they come from (``token.lang``).

    A query's text is not marked: its words are stemmed by :mod:`index.search.query`, under every
    language's stem.
    """

    def __call__(self, value, **kwargs):
        lang = "" if kwargs.get("mode") == "query" else language(value)
        for token in super().__call__(value, **kwargs):
            token.lang = lang
            yield token


class LanguageStemFilter(Filter):
    """Stems each token in its text's language; leaves a query's words as they are.

    ``cachesize``: how many stems to remember (-1: all of them, for fast bulk indexing).
    """

    def __init__(self, cachesize: int | None = -1):
        self.cachesize = cachesize
        self._cache: dict[str, dict[str, str]] = {}  # language -> word -> stem

    def __getstate__(self):
        return {"cachesize": self.cachesize}

    def __setstate__(self, state):
        self.cachesize = state.get("cachesize", -1)
        self._cache = {}

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, tokens):
        limit = self.cachesize
        cache = None
        for token in tokens:
            lang = token.lang
            if not lang:
                yield token
                continue
            if cache is None:  # one language per text: its own cache, looked up once
                cache = self._cache.setdefault(lang, {})
            text = token.text
            stemmed = cache.get(text)
            if stemmed is None:
                stemmed = stem_in(text, lang)
                if limit is not None and (limit < 0 or len(cache) < limit):
                    cache[text] = stemmed
            token.text = stemmed
            yield token


def body_analyzer(cachesize: int = -1):
    """Folded and stemmed tokens. ``cachesize=-1`` keeps every stem (fast bulk indexing)."""
    return (
        LanguageTokenizer(_TOKEN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | LanguageStemFilter(cachesize)
    )


def make_schema(cachesize: int = -1) -> Schema:
    """One document per passage, plus one per article that records the file's state."""
    return Schema(
        kind=ID(),  # "passage" or "article"
        path=ID(stored=True),
        passage=NUMERIC(int, stored=True),
        body=TEXT(analyzer=body_analyzer(cachesize), stored=True),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        state=STORED(),  # on article documents: digest, size, mtime and metadata
    )
