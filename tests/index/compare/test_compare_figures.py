"""Figures with what they count, and figures that disagree across sources on the same fact."""

from __future__ import annotations

import pytest
from rich.console import Console

from index.compare.disagreements import disagreements
from index.compare.figures import compatible, extract_figures, same_thing
from index.compare.terms import TermMaker
from tests.index.compare.test_compare_helpers import SMALL, open_searcher, seeds_searcher
from tui.output.coverage_output import disagreement_line

ALIASES = {"POWs": ["POW", "prisoners of war", "prisoner of war"]}


def found(text: str, aliases=None) -> list[tuple[str, float, str, str]]:
    return [
        (f.text, f.value, f.bound, f.unit)
        for f in extract_figures(text, TermMaker(aliases or ALIASES))
    ]


def one(text: str):
    [figure] = extract_figures(text, TermMaker(ALIASES))
    return figure


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
          ("nearly 40%", 40.0, "~<", "%")]),
        ("On March 11th, 2025-03-21, at 06:02 on 20.03.25 in 2024 the one that won",
         []),
        # approximations mean what they say
        ("Moscow handed over 22 wounded servicemen", [("22 wounded servicemen", 22.0, "=", "")]),
        ("the attack killed over 20 civilians", [("over 20 civilians", 20.0, ">", "")]),
        ("nearly two dozen drones were downed", [("nearly two dozen drones", 24.0, "~<", "")]),
        ("dozens of homes and hundreds of cars", [("dozens of homes", 24.0, ">=", ""),
                                                  ("hundreds of cars", 200.0, ">=", "")]),
        ("a two-and-a-half hour meeting", [("two-and-a-half hour meeting", 2.5, "=", "hour")]),
        ("a 90-minute phone call and a 30-day energy truce",
         [("90-minute phone call", 90.0, "=", "minute"),
          ("30-day energy truce", 30.0, "=", "day")]),
        ("after 20 days of talks", [("20 days of talks", 20.0, "=", "day")]),
        # other languages' dates and function words; acronyms are not pronouns
        ("Am 19. März wurden 24 Soldaten ausgetauscht",
         [("24 Soldaten ausgetauscht", 24.0, "=", "")]),
        ("19 березня повернули 24 військовослужбовця із полону",
         [("24 військовослужбовця", 24.0, "=", "")]),
        ("the 22 US soldiers", [("22 US soldiers", 22.0, "=", "")]),
        # number words across odd spacing, and no "two one" = 3
        ("a\ndozen tanks and twenty  one soldiers", [("a\ndozen tanks", 12.0, "=", ""),
                                                   ("twenty  one soldiers", 21.0, "=", "")]),
        ("a dozen one", [("a dozen one", 12.0, "=", "")]),
        # a length of time alone says when, not how many
        ("for 30 days; over the past five days; one day after the call", []),
    ],
)  # fmt: skip
def test_extract_figures(text, expected):
    assert found(text) == expected


def test_ranges_of_approximations():
    nearly = one("nearly two dozen wounded")
    assert (nearly.low, nearly.high) == pytest.approx((19.2, 24.0))
    assert (one("dozens of wounded").low, one("dozens of wounded").high) == (24.0, 143.0)
    assert one("more than 20 wounded").low > 20 and one("more than 20 wounded").high > 1e9


def test_counted_words_are_stemmed_and_joined_by_aliases():
    maker = TermMaker(ALIASES)
    [pows] = extract_figures("175 POWs", maker)
    [war] = extract_figures("175 prisoners of war", maker)
    [prisoners] = extract_figures("175 prisoners", maker)
    assert pows.keys == war.keys == prisoners.keys == {"pow"}
    assert pows.thing == "POWs" and prisoners.thing == "prisoners"
    [soldiers] = extract_figures("22 seriously wounded Ukrainian soldiers", maker)
    assert soldiers.keys == {"wounded", "soldier"}  # not 'Ukrainian', not 'seriously'
    assert (soldiers.text, soldiers.status, soldiers.head) == (
        "22 seriously wounded Ukrainian soldiers",
        "wounded",
        "soldier",
    )


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("3 soldiers were killed", "killed"),
        ("the blast killed 3 soldiers", "killed"),
        ("3 dead", "killed"),
        ("3 people died", "killed"),
        ("wounding 12 civilians", "wounded"),
        ("12 civilians were injured", "injured"),
        ("4 soldiers missing", "missing"),
        ("12 civilians.\nKilled in action", ""),
        ("the strike, killing at least 12, hit a school", "killed"),
    ],
)
def test_status_of_those_counted(text, status):
    assert one(text).status == status


def test_same_thing_needs_the_same_status_noun_unit_and_time_window():
    wounded = one("22 wounded soldiers")
    assert same_thing(wounded, one("23 badly wounded soldiers"))
    assert same_thing(wounded, one("23 seriously wounded prisoners of war"))  # combatants
    assert same_thing(wounded, one("23 people were wounded"))
    assert not same_thing(wounded, one("23 soldiers were killed"))
    assert not same_thing(wounded, one("23 injured soldiers"))
    assert not same_thing(one("3 killed"), one("5 injured"))
    assert same_thing(one("the strike killed 12."), one("12 people were killed"))
    assert not same_thing(wounded, one("23 wounded civilians"))
    assert not same_thing(one("175 prisoners"), one("22 wounded prisoners"))
    assert same_thing(one("175 prisoners"), one("350 prisoners exchanged"))
    assert same_thing(one("a 30-day halt"), one("a 30-day ceasefire"))
    assert not same_thing(one("a 30-day halt"), one("a 90-minute call"))
    assert not same_thing(one("after three days of talks"), one("a 30-day ceasefire"))
    assert same_thing(one("a two-hour phone call"), one("a 1.5-hour phone call"))
    week = one("In the past week troops retook 28 villages.")
    days = one("Troops retook 24 villages in the past five days.")
    assert week.period == 7 and days.period == 5
    assert not same_thing(week, days)
    assert same_thing(week, one("Troops retook 30 villages."))


def test_compatible_bounds():
    assert not compatible(one("22 wounded"), one("23 wounded"))
    assert compatible(one("23 wounded"), one("23 wounded"))
    assert compatible(one("more than 20 wounded"), one("23 wounded"))
    assert not compatible(one("more than 25 wounded"), one("23 wounded"))
    assert compatible(one("about 100 wounded"), one("95 wounded"))
    assert compatible(one("nearly 30 wounded"), one("more than 20 wounded"))
    assert compatible(one("nearly two dozen wounded"), one("22 wounded"))
    assert not compatible(one("nearly two dozen wounded"), one("25 wounded"))
    assert not compatible(one("nearly two dozen wounded"), one("2 wounded"))
    assert not compatible(one("handed over 22 wounded"), one("23 wounded"))
    assert compatible(one("dozens of wounded"), one("40 wounded"))
    assert not compatible(one("hundreds of wounded"), one("40 wounded"))


def test_small_briefing_disagreement(write_corpus, tmp_path):
    searcher = open_searcher(write_corpus(SMALL), tmp_path / "cache")
    [disagreement] = disagreements(searcher)
    assert disagreement.noun == "wounded" and disagreement.key == "wounded"
    placed = [(f.article.path, f.passage, f.text, f.span) for f in disagreement.figures]
    alpha = SMALL["alpha.md"].split("\n\n")[1]
    beta = SMALL["beta.md"].split("\n\n")[1]
    start_a, start_b = alpha.index("22 wounded"), beta.index("23 wounded")
    assert placed == [
        ("alpha.md", 0, "22 wounded", (start_a, start_a + 10)),
        ("beta.md", 0, "23 wounded", (start_b, start_b + 10)),
    ]
    assert disagreement.conflicts == ((0, 1),)


def test_agreeing_figures_and_unrelated_passages_are_not_disagreements(write_corpus, tmp_path):
    files = dict(SMALL)
    files["beta.md"] = files["beta.md"].replace("23 wounded", "more than 20 wounded")
    files["gamma.md"] += "\nThe club signed 23 players and 3 coaches this season.\n"
    searcher = open_searcher(write_corpus(files), tmp_path / "cache")
    assert disagreements(searcher) == []


def test_seeds_have_figures_but_no_disagreement(seeds_dir, tmp_path):
    searcher, aliases = seeds_searcher(seeds_dir, tmp_path / "cache")
    assert disagreements(searcher, aliases=aliases) == []  # 30-day halt = 30-day ceasefire


# -- a briefing written like real wire copy ------------------------------------------------

SWAP = {
    "north.txt": "Source: Northern Courier\nTitle: Prisoner swap goes ahead\n\n"
    "KYIV (Northern Courier) — Russia and Ukraine exchanged 175 prisoners of war each on "
    "Wednesday in a swap mediated by the United Arab Emirates, and Moscow also handed over 22 "
    "seriously wounded prisoners of war, Kyiv's coordination headquarters said.\n\n"
    "A drone strike on a village near Sumy killed 3 people overnight, the regional "
    "administration reported.\n",
    "south.txt": "Source: Southern Ledger\nTitle: POWs Day: families wait at the border\n\n"
    "Moscow said it would hand over 23 badly wounded soldiers on Wednesday, on top of the "
    "exchange of 175 prisoners of war from each side mediated by the United Arab Emirates.\n\n"
    "An overnight drone strike on a village near Sumy wounded 5 people, the regional "
    "administration said.\n",
    "east.txt": "Source: Eastern Post\nTitle: A record exchange\n\n"
    "In all, 372 prisoners of war came home or left for Russia on Wednesday in the exchange "
    "mediated by the United Arab Emirates, Kyiv's coordination headquarters said.\n\n"
    "Nearly two dozen wounded soldiers were among those handed over in the exchange "
    "mediated by the United Arab Emirates on Wednesday, according to Kyiv.\n",
}


@pytest.fixture
def swap(write_corpus, tmp_path):
    return open_searcher(write_corpus(SWAP), tmp_path / "cache", aliases=ALIASES)


def test_real_styles_one_conflict_titled_by_what_is_counted(swap):
    found = disagreements(swap, aliases=ALIASES)
    [wounded] = found  # killed vs wounded, the total 372 and "nearly two dozen" are not at odds
    assert wounded.noun == "wounded"
    texts = [(f.article.path, f.text) for f in wounded.figures]
    assert ("north.txt", "22 seriously wounded prisoners") in texts
    assert ("south.txt", "23 badly wounded soldiers") in texts
    assert all("372" not in text and "3 people" not in text for _path, text in texts)
    conflicts = {
        tuple(sorted(wounded.figures[i].figure.value for i in pair)) for pair in wounded.conflicts
    }
    assert conflicts == {(22.0, 23.0)}
    json = wounded.to_json()
    assert {"noun", "figures", "conflicts"} <= set(json)
    assert {"path", "passage", "text", "span", "value"} <= set(json["figures"][0])


def test_real_styles_claims_side_by_side_with_their_sources(swap):
    [wounded] = disagreements(swap, aliases=ALIASES)
    claims = [[(f.article.label, f.text) for f in claim] for claim in wounded.claims()]
    assert claims[0] == [("Northern Courier", "22 seriously wounded prisoners")]
    assert ("Southern Ledger", "23 badly wounded soldiers") in claims[1]
    console = Console(width=400, record=True, color_system=None)
    console.print(disagreement_line(wounded))
    line = console.export_text().strip()
    assert line.startswith("wounded: 22 seriously wounded prisoners (Northern Courier ¶1)")
    assert " vs " in line and "23 badly wounded soldiers (Southern Ledger ¶1)" in line


def test_a_claim_made_by_many_sources_names_three_and_counts_the_rest():
    from index.compare.disagreements import Disagreement, FigureAt
    from index.search.store import ArticleInfo

    def placed(source: str, text: str) -> FigureAt:
        article = ArticleInfo(f"{source}.txt", source, None, None, 1)
        figure = one(text)
        return FigureAt(article, 0, figure.text, figure.span, figure)

    many = [placed(f"Wire {n}", "a 30-day ceasefire") for n in range(5)]
    disagreement = Disagreement(
        "days of ceasefire", "day", [placed("Post", "a 20-day ceasefire"), *many]
    )
    console = Console(width=400, record=True, color_system=None)
    console.print(disagreement_line(disagreement))
    assert console.export_text().strip() == (
        "days of ceasefire: 20-day ceasefire (Post ¶1) vs 30-day ceasefire (Wire 0 ¶1) · "
        "30-day ceasefire (Wire 1 ¶1) · 30-day ceasefire (Wire 2 ¶1) and 2 more"
    )


def test_a_total_beside_its_parts_is_not_a_disagreement(write_corpus, tmp_path):
    files = {name: text for name, text in SWAP.items() if name != "south.txt"}
    files["east.txt"] = files["east.txt"].replace("Nearly two dozen", "Twenty-two")
    searcher = open_searcher(write_corpus(files), tmp_path / "cache", aliases=ALIASES)
    assert disagreements(searcher, aliases=ALIASES) == []  # 372 = 175 + 175 + 22
    files["east.txt"] = files["east.txt"].replace("372", "380")
    searcher = open_searcher(write_corpus(files, "other"), tmp_path / "cache2", aliases=ALIASES)
    [prisoners] = disagreements(searcher, aliases=ALIASES)
    assert prisoners.noun == "prisoners"
    assert sorted(f.figure.value for f in prisoners.figures) == [175.0, 380.0]


def test_different_lengths_of_one_pause_are_titled_by_unit_and_noun(write_corpus, tmp_path):
    text = (
        "Source: {outlet}\n\nWASHINGTON ({outlet}) — Kyiv accepted a {n}-day ceasefire proposed by "
        "the United States at the talks in Jeddah, the joint statement said.\n"
    )
    files = {
        "a.txt": text.format(outlet="First Wire", n=30),
        "b.txt": text.format(outlet="Second Wire", n=20),
    }
    searcher = open_searcher(write_corpus(files), tmp_path / "cache")
    [days] = disagreements(searcher)
    assert (days.noun, days.key) == ("days of ceasefire", "day")
    assert [f.text for f in days.figures] == ["30-day ceasefire", "20-day ceasefire"]
