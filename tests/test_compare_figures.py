"""Figures with what they count, and figures that disagree across sources on the same fact."""

from __future__ import annotations

import pytest

from index.disagreements import disagreements
from index.figures import compatible, extract_figures
from index.terms import TermMaker
from tests.test_compare_helpers import SMALL, open_searcher, seeds_searcher

ALIASES = {"POWs": ["POW", "prisoners of war", "prisoner of war"]}


def found(text: str, aliases=None) -> list[tuple[str, float, str, str]]:
    return [
        (f.text, f.value, f.bound, f.unit)
        for f in extract_figures(text, TermMaker(aliases or ALIASES))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia and Ukraine exchanged 372 prisoners, Moscow said",
         [("372 prisoners", 372.0, "=", "")]),
        ("the exchange of 175 POWs on Monday", [("175 POWs", 175.0, "=", "")]),
        ("the strike left 22 wounded and 3 dead", [("22 wounded", 22.0, "=", ""),
                                                   ("3 dead", 3.0, "=", "")]),
        ("Tuesday’s 90-minute call saw agreement to a 30-day halt on strikes",
         [("90-minute call", 90.0, "=", "minute"), ("30-day halt", 30.0, "=", "day")]),
        ("the U.S. has sent Ukraine more than $180 billion in military aid",
         [("more than $180 billion", 180e9, ">", "$")]),
        ('"two or more thousand people" die every week', [("two or more thousand people",
                                                          2000.0, ">=", "")]),
        ("twelve soldiers and a dozen tanks; nearly 40% of voters",
         [("twelve soldiers", 12.0, "=", ""), ("a dozen tanks", 12.0, "=", ""),
          ("nearly 40%", 40.0, "<=", "%")]),
        ("On March 11th, 2025-03-21, at 06:02 on 20.03.25 in 2024 the one that won",
         []),
    ],
)  # fmt: skip
def test_extract_figures(text, expected):
    assert found(text) == expected


def test_counted_words_are_stemmed_and_joined_by_aliases():
    maker = TermMaker(ALIASES)
    [pows] = extract_figures("175 POWs", maker)
    [war] = extract_figures("175 prisoners of war", maker)
    [prisoners] = extract_figures("175 prisoners", maker)
    assert pows.keys == war.keys == prisoners.keys == {"pow"}
    [soldiers] = extract_figures("22 wounded Ukrainian soldiers", maker)
    assert soldiers.keys == {"wound", "soldier"}  # 'Ukrainian' is not what is counted


def test_compatible_bounds():
    def one(text):
        return extract_figures(text)[0]

    assert not compatible(one("22 wounded"), one("23 wounded"))
    assert compatible(one("23 wounded"), one("23 wounded"))
    assert compatible(one("more than 20 wounded"), one("23 wounded"))
    assert not compatible(one("more than 25 wounded"), one("23 wounded"))
    assert compatible(one("about 100 wounded"), one("95 wounded"))
    assert compatible(one("nearly 30 wounded"), one("more than 20 wounded"))


def test_small_briefing_disagreement(write_corpus, tmp_path):
    searcher = open_searcher(write_corpus(SMALL), tmp_path / "cache")
    [disagreement] = disagreements(searcher)
    assert disagreement.noun == "wounded" and disagreement.key == "wound"
    placed = [(f.article.path, f.passage, f.text, f.span) for f in disagreement.figures]
    alpha = SMALL["alpha.md"].split("\n\n")[1]
    beta = SMALL["beta.md"].split("\n\n")[1]
    start_a, start_b = alpha.index("22 wounded"), beta.index("23 wounded")
    assert placed == [
        ("alpha.md", 0, "22 wounded", (start_a, start_a + 10)),
        ("beta.md", 0, "23 wounded", (start_b, start_b + 10)),
    ]


def test_agreeing_figures_and_unrelated_passages_are_not_disagreements(write_corpus, tmp_path):
    files = dict(SMALL)
    files["beta.md"] = files["beta.md"].replace("23 wounded", "more than 20 wounded")
    files["gamma.md"] += "\nThe club signed 23 players and 3 coaches this season.\n"
    searcher = open_searcher(write_corpus(files), tmp_path / "cache")
    assert disagreements(searcher) == []


def test_seeds_have_figures_but_no_disagreement(seeds_dir, tmp_path):
    searcher, aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    assert disagreements(searcher, aliases=aliases) == []  # 30-day halt = 30-day ceasefire
