"""From what a person types to a Whoosh query: aliases, patterns and the text shown back.

Wildcard, prefix and fuzzy terms go to the unstemmed ``exact`` field (Whoosh would stem
``prisoner*`` into ``prison*``); a term with aliases becomes an OR of all its spellings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.fields import Schema

from index.search.analysis import exact_analyzer
from index.search.languages import is_cyrillic, stem_in, variants
from index.search.patterns import limit_patterns
from index.search.syntax import QueryError, Topic, check_syntax

__all__ = [
    "AliasTable",
    "ParsedQuery",
    "QueryError",
    "QueryParser",
    "Topic",
    "describe",
    "with_phrase_lookups",
]


@dataclass(frozen=True)
class ParsedQuery:
    """A query ready to run, and the text of what actually runs (shown to the user)."""

    text: str
    whoosh: query.Query
    shown: str
    exclude: query.Query | None = None
    """A topic's ``except``: matched words inside what this matches do not count."""
    context: query.Query | None = None
    """A topic's ``context``: what makes a neighbour of a hit a context hit."""
    expand: bool = False
    """Whether the best hits teach the query more words (see :mod:`index.search.expansion`)."""
    notices: tuple[str, ...] = ()
    """What was changed to keep the query from running away (see :mod:`index.search.patterns`)."""


class Variants(query.Or):
    """The stems one word of a query may have in the languages of the passages: shown as one."""


def word_query(folded: str, boost: float = 1.0) -> query.Query:
    """A folded word as the term of its stem, or any of its stems in several languages."""
    stems = variants(folded)
    if len(stems) == 1:
        return query.Term("body", stems[0], boost=boost)
    return Variants([query.Term("body", stem) for stem in stems], boost=boost)


def phrase_query(folded: Sequence[str], slop: int = 1, boost: float = 1.0) -> query.Query:
    """Folded words as a phrase of English stems; Cyrillic words read as Ukrainian or Russian."""
    readings = dict.fromkeys(
        tuple(stem_in(word, lang if is_cyrillic(word) else "en") for word in folded)
        for lang in ("uk", "ru")
    )
    phrases = [query.Phrase("body", list(words), slop=slop, boost=boost) for words in readings]
    return phrases[0] if len(phrases) == 1 else Variants(phrases, boost=boost)


class AliasTable:
    """Groups of spellings that mean the same name: a term in any of them finds all of them."""

    def __init__(self, groups: Iterable[Iterable[str]] = ()):
        self._groups: dict[str, tuple[str, ...]] = {}
        for group in groups:
            spellings = tuple(dict.fromkeys(str(variant) for variant in group if str(variant)))
            for spelling in spellings:
                for key in self._keys(spelling):
                    merged = self._groups.get(key, ()) + spellings
                    self._groups[key] = tuple(dict.fromkeys(merged))

    @classmethod
    def from_config(cls, aliases: Mapping[str, Iterable[str]]) -> AliasTable:
        """``{"Zelenskyy": ["Zelensky", "Zelenski"]}``: the name and its variants."""
        return cls([name, *variants] for name, variants in aliases.items())

    def variants(self, stemmed_term: str) -> tuple[str, ...]:
        return self._groups.get(stemmed_term, ())

    def __bool__(self) -> bool:
        return bool(self._groups)

    @staticmethod
    def _keys(text: str) -> list[str]:
        """Every stem of a one-word spelling (none for a phrase)."""
        words = fold(text)
        return variants(words[0]) if len(words) == 1 else []


class QueryParser:
    """Parses queries against the index schema, expanding aliases."""

    def __init__(self, schema: Schema, aliases: AliasTable | None = None):
        self._aliases = aliases or AliasTable()
        self._parser = qparser.QueryParser("body", schema)
        self._parser.remove_plugin_class(qparser.FieldsPlugin)
        self._parser.add_plugin(qparser.FuzzyTermPlugin())
        self._parser.add_plugin(_ExactFieldForPatterns())

    def parse(self, text: str) -> ParsedQuery:
        check_syntax(text)
        try:
            parsed = self._parser.parse(text)
        except Exception as error:  # Whoosh raises assorted types on odd input
            raise QueryError(f"cannot read this query: {' '.join(str(error).split())}") from None
        parsed, notices = limit_patterns(self._expand_aliases(_stemmed(parsed)))
        if parsed is query.NullQuery or not any(True for _ in parsed.leaves()):
            raise QueryError(f"{text.strip()!r} has no searchable words")
        return ParsedQuery(text=text, whoosh=parsed, shown=describe(parsed), notices=tuple(notices))

    def _expand_aliases(self, node: query.Query) -> query.Query:
        if not self._aliases:
            return node
        terms = node.subqueries if isinstance(node, Variants) else [node]
        for term in terms:
            if isinstance(term, query.Term) and term.fieldname == "body":
                spellings = self._aliases.variants(term.text)
                if spellings:
                    return query.Or(self._alternatives(spellings), boost=node.boost)
        if isinstance(node, query.Term | Variants):
            return node
        if node.is_leaf():
            return node
        return node.apply(self._expand_aliases)

    def _alternatives(self, spellings: Iterable[str]) -> list[query.Query]:
        """A query for each spelling, each stem in only one of them (a passage's score counts
        a stem once, however many spellings share it)."""
        seen: set[query.Query] = set()
        parts: list[query.Query] = []
        for spelling in spellings:
            whole = self._variant_query(spelling)
            leaves = whole.subqueries if isinstance(whole, Variants) else [whole]
            new = [leaf for leaf in leaves if leaf not in seen]
            seen.update(new)
            if len(new) == len(leaves):
                parts.append(whole)
            elif new:
                parts.append(new[0] if len(new) == 1 else Variants(new))
        return parts

    def _variant_query(self, variant: str) -> query.Query:
        words = fold(variant)
        return word_query(words[0]) if len(words) == 1 else phrase_query(words)


def fold(text: str) -> list[str]:
    """The words of ``text`` folded (case and accents), not stemmed."""
    return [token.text for token in _FOLD(text)]


def _stemmed(node: query.Query) -> query.Query:
    """The query's words (parsed unstemmed) as the stems they may have in the index."""
    if isinstance(node, query.Term) and node.fieldname == "body":
        return word_query(node.text, node.boost)
    if isinstance(node, query.Phrase) and node.fieldname == "body":
        return phrase_query(node.words, node.slop, node.boost)
    if node.is_leaf():
        return node
    return node.apply(_stemmed)


class _ExactFieldForPatterns(qparser.Plugin):
    """Sends wildcard, prefix and fuzzy terms to the unstemmed ``exact`` field."""

    _NODES = (
        qparser.WildcardPlugin.WildcardNode,
        qparser.PrefixPlugin.PrefixNode,
        qparser.FuzzyTermPlugin.FuzzyTermNode,
    )

    def filters(self, parser):
        return [(self._retarget, 60)]  # after the wildcard plugin (50) has made its nodes

    def _retarget(self, parser, group):
        for node in group:
            if isinstance(node, self._NODES) and node.fieldname is None:
                node.fieldname = "exact"
            elif isinstance(node, qparser.syntax.GroupNode):
                self._retarget(parser, node)
        return group


def describe(node: query.Query) -> str:
    """The query as a person would write it: ``(kursk OR "prison war") AND NOT pow*``."""
    if isinstance(node, query.Term):
        return node.text
    if isinstance(node, query.Phrase):
        return '"' + " ".join(node.words) + '"'
    if isinstance(node, query.Prefix):
        return f"{node.text}*"
    if isinstance(node, query.FuzzyTerm):
        return f"{node.text}~{node.maxdist}"
    if isinstance(node, query.PatternQuery):
        return node.text
    if isinstance(node, query.Not):
        return f"NOT {describe(node.query)}"
    if isinstance(node, query.AndNot):
        return f"{describe(node.a)} AND NOT {describe(node.b)}"
    if isinstance(node, query.AndMaybe):
        return f"{describe(node.a)} ANDMAYBE {describe(node.b)}"
    if isinstance(node, query.Every):
        return "*"
    if isinstance(node, Variants):
        return describe(node.subqueries[0])
    if isinstance(node, query.compound.CompoundQuery):
        joiner = " AND " if isinstance(node, query.And) else " OR "
        parts = list(dict.fromkeys(describe(child) for child in node.subqueries))
        return "(" + joiner.join(parts) + ")" if len(parts) > 1 else "".join(parts)
    if isinstance(node, query.WrappingQuery):
        return describe(node.child)
    return str(node)


def with_phrase_lookups(node: query.Query) -> tuple[query.Query, bool]:
    """``node`` with each phrase on ``body`` as it is looked up in the index.

    An exact phrase stays a phrase, matched on the stems' positions (by
    :mod:`index.search.ranking`, else by Whoosh). A phrase with slop (``"captured soldiers"~2``)
    becomes the AND of its words, which can match a passage holding them apart; the second
    value says so, and the caller then keeps only passages where the phrase really stands.
    """
    if isinstance(node, query.Phrase):
        if node.fieldname != "body" or len(node.words) < 2 or node.slop == 1:
            return node, False
        words = [query.Term("body", word) for word in node.words]
        return query.And(words, boost=node.boost), True
    if node.is_leaf():
        return node, False
    approximate = False

    def rewrite(child: query.Query) -> query.Query:
        nonlocal approximate
        new, loose = with_phrase_lookups(child)
        approximate = approximate or loose
        return new

    return node.apply(rewrite), approximate


_FOLD = exact_analyzer()
