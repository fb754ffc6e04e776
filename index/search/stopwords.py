"""Words that carry no fact, left out where passages are compared or topics are expanded."""

from __future__ import annotations

from whoosh.analysis import STOP_WORDS


def wordlist(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for word lists kept readable in source)."""
    return frozenset(text.split())


STOPWORDS = frozenset(STOP_WORDS) | wordlist(
    """
    about after also am any because been before being both but did do does doing during each
    had has having he her here hers him his how i into its itself just me more most my no nor
    now off once only other our ours out over own same she should so some such than their
    theirs them then there these they those through too under until up very was were what
    when where which while who whom why would could s t said says say told according
    """
)
"""Words that carry no fact: Whoosh's English list plus pronouns, auxiliaries and 'said'."""
