"""How text becomes index terms: the two analyzers and the schema built on them.

``body`` is stemmed (``prisoners`` and ``prisoner`` meet at ``prison``) and keeps positions for
phrases; ``exact`` is only folded (case and accents) and serves wildcards and fuzzy terms,
which must match real words rather than stems.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 1
"""Bump when the schema or the analyzers change: indexes of another version are rebuilt."""

# Words, with inner apostrophes and hyphens kept out: "Zelenskyy's" -> "zelenskyy", "s".
_TOKEN = r"\w+(?:\.\w+)*"


def exact_analyzer():
    """Tokens folded to lower case without accents, not stemmed."""
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | CharsetFilter(accent_map)


def body_analyzer(cachesize: int = -1):
    """Folded and stemmed tokens. ``cachesize=-1`` keeps every stem (fast bulk indexing)."""
    return exact_analyzer() | StemFilter(cachesize=cachesize)


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
