"""How text becomes index terms: the analyzers and the schema built on them.

``body`` is stemmed (``prisoners`` and ``prisoner`` meet at ``prisoner``, see
:mod:`index.languages`) and keeps positions for
phrases; ``exact`` is only folded (case and accents) and serves wildcards and fuzzy terms,
which must match real words rather than stems; ``pairs`` holds each two adjacent stems as one
term, so that a phrase is a term lookup instead of Whoosh's slow position matching.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from index.languages import stem

SCHEMA_VERSION = 4
"""Bump when the schema or the analyzers change: indexes of another version are rebuilt."""

# Words, with inner apostrophes and hyphens kept out: "Zelenskyy's" -> "zelenskyy", "s".
_TOKEN = r"\w+(?:\.\w+)*"


def exact_analyzer():
    """Tokens folded to lower case without accents, not stemmed."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


def body_analyzer(cachesize: int = -1):
    """Folded and stemmed tokens. ``cachesize=-1`` keeps every stem (fast bulk indexing)."""
    return exact_analyzer() | StemFilter(stemfn=stem, cachesize=cachesize)


PAIR_SEPARATOR = " "


class PairFilter(Filter):
    """Each two adjacent tokens as one ("nuclear power", "power plant"); a lone token as is.

    Whoosh's own BiWordFilter fails on a passage with no words at all.
    """

    def __call__(self, tokens):
        previous = None
        token = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = f"{previous}{PAIR_SEPARATOR}{text}"
                yield token
            previous = text
        if token is not None and previous == token.text:  # exactly one token
            yield token


def pairs_analyzer(cachesize: int = -1):
    """Adjacent stems as one token: "nuclear power plants" -> "nuclear power", "power plant"."""
    return body_analyzer(cachesize) | PairFilter()


def make_schema(cachesize: int = -1) -> Schema:
    """One document per passage, plus one per article that records the file's state."""
    return Schema(
        kind=ID(),  # "passage" or "article"
        path=ID(stored=True),
        passage=NUMERIC(int, stored=True),
        body=TEXT(analyzer=body_analyzer(cachesize), stored=True),
        exact=TEXT(analyzer=exact_analyzer(), phrase=False),
        pairs=TEXT(analyzer=pairs_analyzer(cachesize), phrase=False),
        state=STORED(),  # on article documents: digest, size, mtime and metadata
    )
