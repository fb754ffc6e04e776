"""A briefing ready to search: the configuration, the corpus folder and its index together.

The command line and the app both start here, so that a folder given as an argument, the
``corpus`` setting and the bundled briefing are resolved the same way everywhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.config import Config
from tui.resources import bundled_path

if TYPE_CHECKING:  # Whoosh is imported only when a briefing is opened
    from index.search.api import Searcher
    from index.search.store import CorpusIndex


def corpus_path(config: Config, given: str | os.PathLike[str] | None = None) -> Path:
    """The folder to read: the one given, else the configured one, else the bundled seeds."""
    if given is not None:
        return Path(given).expanduser()
    if config.corpus is not None:
        return config.corpus
    return bundled_path("seeds")


@dataclass
class Briefing:
    """An opened corpus index with the configured topics and aliases (imports Whoosh)."""

    config: Config
    index: CorpusIndex
    searcher: Searcher

    @classmethod
    def open(cls, config: Config, corpus: str | os.PathLike[str] | None = None) -> Briefing:
        """Open (not yet update) the index of the corpus; raises CorpusError for a bad path."""
        from index.corpus.outlets import set_extra_hosts
        from index.search.api import Searcher
        from index.search.store import CorpusIndex

        set_extra_hosts(config.outlets)
        corpus_index = CorpusIndex(
            corpus_path(config, corpus),
            cache_dir=config.index_dir,
            max_bytes=config.max_bytes,
        )
        return cls(config, corpus_index, Searcher(corpus_index, config.topics, config.aliases))
