"""How the index is written to disk: Whoosh's W3 format, with short posting lists inlined.

Whoosh writes each term's postings as a block of their own (a pickle, a zlib stream and a
header), even for a term found in one passage. Most of our terms are such terms: each passage
adds hundreds of word pairs (``index.search.analysis``), most found in a few passages only. W3 can
store a short posting list inside the term's entry instead, but whoosh-reloaded 2.7.5 never
does, and its code for it has three bugs: the threshold is "fewer than one posting", the
writer calls a misspelt method, and reading an inlined list back gives ``""`` for a missing
value, which merging segments rejects. ``InliningCodec`` repairs the three. Inlining lists of
up to ``INLINE_POSTINGS`` builds an index ~25% faster and ~10% smaller (600 synthetic
articles, one process).

Each segment records the codec that wrote it (pickled in the table of contents), so reading
an index written with this codec imports this module; one that cannot be read is rebuilt.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.matching import ListMatcher

INLINE_POSTINGS = 7
"""Terms in at most this many passages keep their postings in the term's entry."""

if not hasattr(W3TermInfo, "set_inline"):  # the name W3's postings writer calls
    W3TermInfo.set_inline = W3TermInfo.set_inlined


class InliningCodec(W3Codec):
    """W3, inlining the posting lists of terms in at most ``INLINE_POSTINGS`` passages."""

    def __init__(self) -> None:
        super().__init__(inlinelimit=INLINE_POSTINGS + 1)  # W3 inlines "fewer than" the limit

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if not terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        ids, weights, values = terminfo.inlined_postings()
        return InlinedPostings(
            ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
        )


class InlinedPostings(ListMatcher):
    """An inlined posting list, read back as W3's on-disk matcher reads a block."""

    def value(self):
        """None for a format without values (frequencies only), as W3 gives it."""
        return super().value() if self._values else None

    def copy(self) -> InlinedPostings:
        """A copy that keeps the term and its statistics (``ListMatcher`` drops them)."""
        ids, weights, values = self._ids, self._weights, self._values
        return InlinedPostings(
            ids,
            weights,
            values,
            self._format,
            self._scorer,
            self._i,
            self._all_weights,
            self._term,
            self._terminfo,
        )
