"""A site naming itself in running text gives the outlet; a site citing another never does."""

from __future__ import annotations

import pytest

from index.corpus.metadata import read_header
from index.corpus.outlets import outlet_named

HEAD = "Grain Terminal Reopens After Repairs\n"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # Verification: the site says what it could not check.
        (
            "The video, which Coastal Daily News could not independently verify, shows smoke.",
            "Coastal Daily News",
        ),
        ("Bloomberg was unable to confirm the figures with the port authority.", "Bloomberg"),
        ("But Ukrinform could not independently verify the governor's account.", "Ukrinform"),
        ("The Lakeside Courier cannot independently confirm the toll.", "The Lakeside Courier"),
        # Asking for comment.
        ("Lakeside Courier has reached out to the ministry for comment.", "Lakeside Courier"),
        ("NPR has contacted the embassy for comment but had not heard back.", "NPR"),
        ("Axios asked the operator for a comment on Tuesday.", "Axios"),
        ("The Hill has requested comment from the governor's office.", "The Hill"),
        ("Bloomberg could not immediately reach the operator for comment.", "Bloomberg"),
        ("Lakeside Courier asked the port authority to comment.", "Lakeside Courier"),
        # Newsletters and channels.
        ("Subscribe to the Harbour Ledger newsletter for the morning briefing.", "Harbour Ledger"),
        ("Sign up for Politico's weekly newsletter here.", "Politico"),
        ("Follow Lakeside Courier on Telegram for updates.", "Lakeside Courier"),
        # The site presenting its own coverage: known outlets only.
        (
            "An analyst explains the retreat, with Suspilne tracking the latest developments.",
            "Suspilne",
        ),
        ("Follow the Financial Times' live coverage of the talks.", "Financial Times"),
        ("Meduza’s live blog has the rest of the day's news.", "Meduza"),
        ("Read Bloomberg's live updates on the talks.", "Bloomberg"),
    ],
)
def test_a_site_naming_itself(sentence, source):
    header = read_header(HEAD + "The port reopened on Monday.\n" + sentence + "\n")
    assert header.source == source
    assert header.origins["source"] == "the text naming its site"


@pytest.mark.parametrize(
    "sentence",
    [
        # Citing other outlets.
        "The minister told Fox News on Sunday that the port would reopen.",
        "Bloomberg reported on Monday that the port would reopen.",
        "The port will reopen, according to the Financial Times.",
        "Officials expect the port to reopen, citing Axios.",
        "In an interview with CBS News, the envoy said the port would reopen.",
        "Speaking to NPR, the mayor said the port would reopen.",
        "Politico's correspondent in Brussels wrote that the port would reopen.",
        "Bloomberg said it could not independently verify the document.",
        "The governor, asked by Axios for comment, declined to answer.",
        # Places, people and offices are not outlets.
        "Ukraine could not independently verify the claim.",
        "Officials could not independently verify the claim.",
        "Port Authority Chief could not confirm the date.",
        "The Kremlin could not confirm the report.",  # a source of the table, not a newsroom
        "Russian State Media could not confirm the report.",
        "Follow the Kremlin's live updates on the talks.",
        "Zelenskyy's office has reached out to the operator for comment.",
        "The mayor asked the operator for comment.",
        "Kharkiv could not immediately reach the operator for comment.",
        "The governor asked Politico not to publish the comment.",
        "Follow Mayor Petrenko on Telegram for updates.",
        "Subscribe to our newsletter for the morning briefing.",
        # A presenting phrase names an unknown site: it may be a partner.
        "An analyst explains the retreat, with Harbour Ledger tracking the latest developments.",
        "Read Harbour Ledger's live coverage of the talks.",
        # Two different sites say so: a round-up, not told apart.
        "Bloomberg could not verify the toll. NPR has contacted the embassy for comment.",
    ],
)
def test_citing_or_naming_no_site_gives_no_outlet(sentence):
    assert read_header(HEAD + "The port reopened on Monday.\n" + sentence + "\n").source is None


def test_a_stronger_form_wins_over_running_text():
    text = "Source: Lakeside Courier\n" + HEAD + "NPR has contacted the embassy for comment.\n"
    header = read_header(text)
    assert header.source == "Lakeside Courier"
    assert header.origins["source"] == "header line"


def test_same_site_named_twice_is_one_outlet():
    text = HEAD + (
        "Coastal Daily News could not independently verify the toll.\n"
        "Coastal Daily News has reached out to the ministry for comment.\n"
    )
    assert read_header(text).source == "Coastal Daily News"


def test_an_opener_is_not_part_of_the_name():
    # "Meanwhile Harbour Times" is "Harbour Times", never the table's "The Times".
    text = HEAD + "Meanwhile Harbour Times could not independently verify the toll.\n"
    assert read_header(text).source == "Harbour Times"


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("financial times", "Financial Times"),  # the table's spelling
        ("Coastal Daily News", "Coastal Daily News"),
        ("The Lakeside Courier", "The Lakeside Courier"),
        ("Courier", None),  # a noun alone
        ("The Press", None),
        ("Kharkiv", None),
        ("Port Authority Chief", None),
        ("Kremlin", None),
        ("Regional Public TV", None),
    ],
)
def test_outlet_named(name, outlet):
    assert outlet_named(name) == outlet


def test_outlet_named_from_the_table_only():
    assert outlet_named("the financial times", table_only=True) == "Financial Times"
    assert outlet_named("Coastal Daily News", table_only=True) is None
