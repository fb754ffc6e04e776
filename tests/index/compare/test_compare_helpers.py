"""Shared material of the compare tests: a small briefing with a known shared fact, a known
silent source and a known disagreement."""

from __future__ import annotations

from pathlib import Path

from index.search.api import Searcher
from index.search.store import CorpusIndex
from index.search.syntax import Topic
from tui.config import load_config

SMALL = {
    "alpha.md": "Source: Alpha News\nDate: 2025-03-01\nTitle: Strike on Kharkiv market\n\n"
    "A missile strike on the central market in Kharkiv left 22 wounded and 3 dead, regional "
    "governor Oleh Syniehubov said on Saturday.\n\n"
    "Talks about a ceasefire will continue in Jeddah next week.\n",
    "beta.md": "Source: Beta Wire\nDate: 2025-03-02\nTitle: Kharkiv market hit\n\n"
    "Regional governor Oleh Syniehubov said the missile strike on the central market of "
    "Kharkiv left 23 wounded and 3 dead.\n\n"
    "The weather in the capital was mild for the season.\n",
    "gamma.md": "Source: Gamma Daily\nDate: 2025-03-03\nTitle: Season opener\n\n"
    "The football season opened with a home win for the local club.\n\n"
    "Fans celebrated in the old town square until late.\n",
}
SMALL_TOPICS = [
    Topic("Kharkiv", "Kharkiv"),
    Topic("Ceasefire", "ceasefire OR truce"),
    Topic("Football", "football"),
]


def open_searcher(root: Path, cache: Path, topics=None, aliases=None) -> Searcher:
    corpus_index = CorpusIndex(root, cache)
    corpus_index.update()
    return Searcher(corpus_index, topics or [], aliases or {})


def seeds_searcher(seeds_dir: Path, cache: Path) -> tuple[Searcher, dict]:
    config = load_config()
    return open_searcher(seeds_dir, cache, config.topics, config.aliases), config.aliases
