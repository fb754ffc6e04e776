"""``occurrences``: how often a set of words stands in each passage, as the index counts
them (stems), leaving out the passages of a file's older version."""

from __future__ import annotations

from index.search.ranking import occurrences
from index.search.store import CorpusIndex


def _by_passage(index: CorpusIndex, words: list[str]) -> dict[tuple[str, int], float]:
    with index.searcher() as searcher:
        counts = occurrences(searcher, "body", words)
        return {
            (fields["path"], fields["passage"]): count
            for docnum, count in counts.items()
            for fields in [searcher.stored_fields(docnum)]
        }


def test_counts_every_form_of_the_words_in_each_passage(write_corpus, tmp_path):
    root = write_corpus(
        {
            "a.txt": "One\n\nThe swap, then another swap and an exchange.\n\nNothing here.\n",
            "b.txt": "Two\n\nPrisoners were exchanged.\n",
        }
    )
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    assert _by_passage(index, ["swap", "exchang"]) == {("a.txt", 1): 3, ("b.txt", 1): 1}
    assert _by_passage(index, ["absent"]) == {}


def test_a_changed_file_counts_only_as_it_is_now(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "One\n\nA swap and a swap.\n"})
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    (root / "a.txt").write_text("One\n\nNo more of that.\n\nOne swap.\n", encoding="utf-8")
    index.update()
    assert _by_passage(index, ["swap"]) == {("a.txt", 2): 1}
