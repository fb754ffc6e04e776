"""Topics that find a subject however a source words it: stems, topic parts, context, languages."""

from __future__ import annotations

import pytest

from index.languages import stem
from index.search import Searcher
from index.store import CorpusIndex


def make_searcher(root, tmp_path, topics=(), aliases=None) -> Searcher:
    corpus_index = CorpusIndex(root, tmp_path / "cache")
    corpus_index.update()
    return Searcher(corpus_index, list(topics), aliases or {})


def found(result) -> dict[str, list[tuple[int, str, list[str]]]]:
    """path -> (passage, kind, highlighted words) of every hit, in hit order."""
    return {
        group.article.path: [
            (hit.passage, hit.kind, [hit.text[a:b] for a, b in hit.spans]) for hit in group.hits
        ]
        for group in result.articles
    }


# -- stems that do not conflate ------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("prisoners", "prison"),
        ("policy", "police"),
        ("authorities", "author"),
        ("officers", "office"),
        ("business", "busy"),
        ("several", "severe"),
        ("university", "universe"),
        ("organization", "organ"),
        ("experiment", "experience"),
        ("international", "internal"),
        ("generous", "general"),
        ("news", "new"),
    ],
)
def test_over_stems_are_kept_apart(one, other):
    assert stem(one) != stem(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("prisoner", "prisoners"), ("policies", "policy"), ("authority", "authorities")],
)
def test_word_forms_still_meet(one, other):
    assert stem(one) == stem(other)


def test_prisoners_do_not_find_the_city_prison(write_corpus, tmp_path):
    root = write_corpus(
        {"a.txt": "The city prison was shelled overnight.\n\nTwo hundred prisoners were freed."}
    )
    searcher = make_searcher(root, tmp_path)
    assert found(searcher.search("prisoners")) == {"a.txt": [(1, "match", ["prisoners"])]}
    assert found(searcher.search("prison")) == {"a.txt": [(0, "match", ["prison"])]}


def test_police_do_not_find_policy(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "The police closed the road.\n\nA new energy policy was agreed."})
    searcher = make_searcher(root, tmp_path)
    assert found(searcher.search("policies")) == {"a.txt": [(1, "match", ["policy"])]}
