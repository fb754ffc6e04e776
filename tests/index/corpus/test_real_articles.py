"""Articles as people save them from the web: boilerplate, bylines, datelines and headlines.

Every article here is written for these tests, in the styles real pages have.
"""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console

from index.corpus.articles import article_from_text, load_corpus
from index.corpus.boilerplate import boilerplate_kind
from index.corpus.dates import find_date, parse_date
from index.corpus.metadata import read_header
from index.corpus.outlets import known_outlet, outlet_for_url
from index.corpus.passages import split_passages

PASTED_PAGE = """\
We use cookies to improve your experience. By continuing to browse you accept our Cookie Policy.
Skip to main content
News Politics Economy Culture Sport Weather
Harbour authority reopens the northern grain terminal after repairs

by The Harbour Ledger news desk April 2, 2025 7:15 AM 3 min read
Cranes stand idle at the northern terminal during repairs, April 1, 2025. (Photo: Lena Ortiz)
ODESA, April 2 — The northern grain terminal reopened on Wednesday after six weeks of repairs.
Officials said the first ship would dock within days.
Read more: Port traffic doubles in March
Share this article
Support The Harbour Ledger!
"""


def texts(passages):
    return [(p.text, p.boilerplate) for p in passages]


def test_pasted_page_splits_menu_headline_byline_and_lede():
    article = article_from_text("page.txt", PASTED_PAGE, "digest")
    assert texts(article.passages) == [
        (PASTED_PAGE.splitlines()[0], True),  # consent notice
        ("Skip to main content", True),
        ("News Politics Economy Culture Sport Weather", True),  # menu
        ("Harbour authority reopens the northern grain terminal after repairs", False),
        ("by The Harbour Ledger news desk April 2, 2025 7:15 AM 3 min read", True),
        (PASTED_PAGE.splitlines()[6], False),  # a caption is the article's own text
        (PASTED_PAGE.splitlines()[7], False),
        ("Officials said the first ship would dock within days.", False),
        ("Read more: Port traffic doubles in March", True),
        ("Share this article", True),
        ("Support The Harbour Ledger!", True),
    ]
    assert article.title == "Harbour authority reopens the northern grain terminal after repairs"
    assert article.source == "The Harbour Ledger"
    assert article.date == "2025-04-02"
    assert article.origins == {
        "source": "dateline or byline",
        "title": "headline line",
        "date": "date line",
    }


def test_boilerplate_is_not_searched(tmp_path):
    from index.search.api import Searcher
    from index.search.store import CorpusIndex

    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(PASTED_PAGE, encoding="utf-8")
    index = CorpusIndex(folder, index_dir=tmp_path / "index")
    index.update()
    searcher = Searcher(index)
    assert searcher.search("cookie").hit_count == 0  # only in the consent notice
    assert searcher.search("Ledger").hit_count == 0  # only in the byline and support line
    (group,) = searcher.search("terminal").articles
    assert {hit.passage for hit in group.hits} == {3, 5, 6}  # headline, caption, lede


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Skip to content", "site"),
        ("Please Wait...", "site"),
        ("Advertisement", "site"),
        ("Read more in the Harbour Ledger report.", "site"),
        ("Subscribe to our newsletter for free updates", "site"),
        ("Support us on Patreon", "site"),
        ("icon-facebook icon-twitter icon-whatsapp", "site"),
        ("Last Updated: April 2, 2025, 10:14 IST", "site"),
        ("4 min read", "site"),
        ("Editor's Note: This is a developing story.", "site"),
        ("[UPDATED: Apr. 3, 9:00 am. Adds comment from the ministry]", "site"),
        ("Photo: Lena Ortiz / Harbour Ledger", "site"),
        ("Home > World > Europe", "site"),
        ("Newsroom hotline: 020-55501234", "site"),
        ("网络出版服务许可证12345678901", "site"),
        ("Tel. +49 30 1234 5678", "site"),
        ("Редакция, телефон: +7 495 555-12-34", "site"),
        ("Последнее обновление: 02.04.2025 13:48", "site"),
        ("Читайте также: новости порта", "site"),
        ("By Lena Ortiz", "byline"),
        ("ByLena Ortiz Ledger logo", "byline"),
        ("Wednesday, April 2, 2025", "date"),
        ("02/04/2025 April 2, 2025", "date"),
        ("ua en ru", "menu"),
        ("SELECT YOUR EDITION", "site"),
        ("WORLD NEWS", "menu"),
        ("Home Politics Business Opinion Science Sport", "menu"),
        ("World Politics Business Opinion Science Sport", "menu"),
        # The article's own words are never boilerplate.
        ("Harbour Authority Reopens The Grain Terminal After Repairs", None),
        ("By the end of the week, officials said, the terminal would reopen.", None),
        ("The ministry said it would publish updated figures on Friday.", None),
        ("Officials read more than 300 complaints.", None),
        ("The port handled 12,500,000 tonnes", None),
        ("Population: 41 000 000", None),
        ("Ships waiting at the harbour entrance on Tuesday numbered 20240315", None),
    ],
)
def test_boilerplate_kinds(line, kind):
    assert boilerplate_kind(line) == kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 19, 2025 10:45 AM EDT", "2025-03-19"),
        ("Wed 19 Mar 2025 16:01 GMT", "2025-03-19"),
        ("19 March 2025, 14:05", "2025-03-19"),
        ("19.03.2025 23:45", "2025-03-19"),
        ("Mar.20 - 2025 6:47 AM CET", "2025-03-20"),
        ("03/19/2025", "2025-03-19"),
        ("19/03/2025", "2025-03-19"),  # the first number cannot be a month: day first
        ("19 березня 2025 року", "2025-03-19"),
        ("19 марта 2025 года", "2025-03-19"),
        ("3. März 2025", "2025-03-03"),
        ("2. Mai 2025", "2025-05-02"),
        ("March 2025", None),  # no day: not a date
    ],
)
def test_dates_in_lines(text, expected):
    found = find_date(text)
    assert (found[0] if found else None) == expected


def test_german_month_names():
    assert parse_date("3 März 2025") == "2025-03-03"
    assert parse_date("Dezember 24, 2024") == "2024-12-24"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("LVIV (Reuters) - Officials said on Monday that the bridge had reopened.", "Reuters"),
        ("Lviv • Harbour Ledger\nOfficials said the bridge had reopened.", "Harbour Ledger"),
        ("Headline of the story\nHarbour Ledger report\nBody text follows here.", "Harbour Ledger"),
        ("Headline here\nSource: Harbour Ledger sources in the ministry\nBody.", "Harbour Ledger"),
        ("THE GUARDIAN: Officials said the bridge had reopened on Monday.", "The Guardian"),
        ("ODESA: Officials said the bridge had reopened on Monday.", None),  # a city
        ("Headline\nBody text.\n© 2025 Harbour Ledger. All rights reserved.", "Harbour Ledger"),
        ("Headline\nThe mayor spoke today, Harbour Ledger informs.", "Harbour Ledger"),
        (
            "Headline\nOriginally at https://www.kyivindependent.com/a-story/\nBody.",
            "The Kyiv Independent",
        ),
        ("Headline\nSee https://example.org/a-story/\nBody.", None),  # not a known news site
        ("Headline\nhttps://www.reuters.com/world/europe/story-2025-04-02/\nBody.", "Reuters"),
        ("Headline\nThe minister told The Harbour Ledger on Monday.", None),  # another outlet
    ],
)
def test_outlet_from_text(text, source):
    header = read_header(text)
    assert header.source == source


def test_no_headline_means_no_title_and_the_opening_words_stand_in():
    text = " date 2025-04-02 Officials said on Wednesday that the terminal reopened. It had\n"
    article = article_from_text("a.txt", text + "Second paragraph.\n", "digest")
    assert article.title is None
    assert article.date == "2025-04-02"
    assert article.passages[0].text.startswith("Officials said")  # the date line is header
    assert article.heading == "Officials said on Wednesday that the terminal reopened. It had"


@pytest.mark.parametrize(
    "first_line",
    [
        "Officials said on Wednesday that the terminal had reopened after repairs.",
        "KYIV (AP) — Officials said on Wednesday that the terminal had reopened",
        "Officials met on Tuesday. The terminal reopens next week, they said",
        "By Lena Ortiz",
    ],
)
def test_a_first_sentence_or_byline_is_never_the_title(first_line):
    assert read_header(first_line + "\nMore text of the article.").title is None


def test_headline_after_menu_date_and_kicker():
    text = (
        "Please Wait...\nWORLD\nPort Reopens: What It Means for Grain Exports?\n"
        "April 2, 2025\nBy Staff, Agencies\nThe port reopened on Wednesday after repairs.\n"
    )
    header = read_header(text)
    assert header.title == "Port Reopens: What It Means for Grain Exports?"
    assert header.date == "2025-04-02"


def test_an_embedded_posts_date_is_not_the_articles():
    text = (
        "Port reopens after repairs\n"
        + "The port reopened on Wednesday after six weeks of repairs, officials said today.\n"
        + "The first ship is expected within days, according to the harbour authority staff.\n"
        + "— Lena Ortiz (@lena_ortiz) March 30, 2025\n"
    )
    assert read_header(text).date is None


def test_clipper_front_matter():
    text = (
        "---\n"
        'title: "Port reopens after repairs"\n'
        'source: "https://www.theguardian.com/world/2025/apr/02/port-reopens"\n'
        "author:\n"
        '  - "[[Lena Ortiz]]"\n'
        "published: 2025-04-02\n"
        "created: 2025-04-05\n"
        "tags: [clippings]\n"
        "---\n"
        "# Port reopens after repairs\n\nThe port reopened on Wednesday.\n"
    )
    header = read_header(text)
    assert (header.title, header.source, header.date) == (
        "Port reopens after repairs",
        "The Guardian",
        "2025-04-02",
    )
    assert header.author == "Lena Ortiz"
    assert header.url == "https://www.theguardian.com/world/2025/apr/02/port-reopens"
    assert header.origins["source"] == "front matter URL"


def test_front_matter_that_is_not_yaml_is_still_header():
    header = read_header("---\ntitle: [unclosed\n---\nBody paragraph here.\n")
    assert header.title is None  # never the broken front matter's lines
    assert header.body_start > 0


def test_outlet_table():
    assert outlet_for_url("https://edition.cnn.com/2025/04/02/europe/x") == "CNN"
    assert outlet_for_url("https://example.org/news") is None
    assert outlet_for_url("not a url") is None
    assert known_outlet("THE GUARDIAN") == "The Guardian"
    assert known_outlet("Guardian") == "The Guardian"
    assert known_outlet("ODESA") is None


def test_hard_wrapped_paragraph_still_one_passage():
    text = (
        "The harbour authority said on Wednesday that the northern terminal\n"
        "had reopened after six weeks of repairs, and that the first ships\n"
        "would dock within days if the weather held.\n"
    )
    assert [p.text for p in split_passages(text)] == [text.strip()]


def test_sources_yaml_still_wins(write_corpus):
    root = write_corpus(
        {
            "a.txt": "LVIV (Reuters) - Officials said the bridge reopened.",
            "sources.yaml": "a.txt:\n  source: Wire copy\n  title: Bridge reopens\n",
        }
    )
    (article,) = load_corpus(root).articles
    assert (article.source, article.title) == ("Wire copy", "Bridge reopens")
    assert article.origins["source"] == "sources.yaml"


def test_article_info_screen_says_where_each_field_came_from(write_corpus):
    from tui.app import BriefingApp
    from tui.config import load_config
    from tui.reader.article_info import ArticleInfoScreen, info_table

    root = write_corpus({"page.txt": PASTED_PAGE})

    async def drive() -> list[str]:
        app = BriefingApp(load_config(), root)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            await pilot.press("i")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ArticleInfoScreen)
            console = Console(width=140, record=True, file=io.StringIO())
            console.print(info_table(screen.article))
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, ArticleInfoScreen)
            return console.export_text().splitlines()

    lines = [" ".join(line.split()) for line in asyncio.run(drive())]
    assert "outlet The Harbour Ledger dateline or byline" in lines
    assert "date 2025-04-02 date line" in lines
    assert "URL unknown the text does not say" in lines
    assert "passages 11 (7 boilerplate, dimmed)" in lines


def test_configured_outlets_name_unknown_hosts(tmp_path, write_corpus):
    from index.search.api import Searcher
    from index.search.store import CorpusIndex
    from tui.briefing import Briefing
    from tui.config import load_config

    root = write_corpus(
        {"a.md": "---\nsource: https://news.example.org/2025/port\n---\nThe port reopened.\n"}
    )
    config_file = tmp_path / "config.yaml"
    config_file.write_text("outlets:\n  example.org: Example Harbour News\n", encoding="utf-8")
    briefing = Briefing.open(load_config(config_file), root)
    briefing.index.update()
    (group,) = briefing.searcher.search("port").articles
    assert group.article.source == "Example Harbour News"
    assert dict(group.article.origins)["source"] == "front matter URL"

    # Without the setting, the same host names nothing, and the index re-reads the metadata.
    bare = tmp_path / "bare.yaml"
    bare.write_text("outlets:\n", encoding="utf-8")
    briefing = Briefing.open(load_config(bare), root)
    briefing.index.update()
    (group,) = Searcher(briefing.index).search("port").articles
    assert group.article.source is None
    assert isinstance(briefing.index, CorpusIndex)


def test_outlets_setting_that_is_not_a_host_is_a_one_line_error(tmp_path):
    from tui.config import ConfigError, load_config

    config_file = tmp_path / "config.yaml"
    config_file.write_text("outlets:\n  https://example.org/news: Example\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.yaml:2: outlets\..* must be a web host"):
        load_config(config_file)


def test_front_matter_bomb_is_a_warning_and_the_article_is_still_read(write_corpus):
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(8)
    )
    root = write_corpus({"a.md": bomb + "title: *i\n---\nThe port reopened on Wednesday.\n"})
    corpus = load_corpus(root)
    (article,) = corpus.articles
    assert article.title is None
    assert [p.text for p in article.passages] == ["The port reopened on Wednesday."]
    (warning,) = corpus.warnings
    assert warning.startswith("a.md: front matter ignored: ")
    assert "YAML bomb" in warning


SAVED_PAGE = """<!doctype html><html><head><title>Ferry line resumes | Harbour Ledger</title>
<meta property="og:site_name" content="Harbour Ledger"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ferry line resumes after the storm</h1>
<p>The ferry line between the two harbours resumed on Thursday after a storm closed it for
three days, the operator said in a statement on its website.</p>
<p>Crews checked the piers overnight and found no damage that would keep the boats away,
according to the harbour master, who spoke to reporters at the terminal.</p></article>
<footer>Contact us · Careers</footer></body></html>"""


def test_the_first_frame_does_not_wait_for_a_pages_extraction(write_corpus, monkeypatch):
    from index.corpus import webpage
    from index.corpus.articles import PAGE_PENDING
    from tests.pilot import ready
    from tui.app import BriefingApp
    from tui.config import load_config

    root = write_corpus({"ferry.html": SAVED_PAGE})
    extractions: list[bool] = []
    real_extract = webpage.extract_page

    def counting_extract(data: bytes):
        extractions.append(True)
        return real_extract(data)

    monkeypatch.setattr(webpage, "extract_page", counting_extract)

    async def drive() -> tuple[str, str]:
        app = BriefingApp(load_config(), root)
        async with app.run_test(size=(120, 30)) as pilot:
            first = app.reader.corpus.articles[0].text  # as composed, before the index worker ran
            await ready(pilot)
            return first, app.reader.corpus.articles[0].text

    first, later = asyncio.run(drive())
    assert first == PAGE_PENDING
    assert later.startswith("Ferry line resumes after the storm")
    assert "Careers" not in later
    assert extractions == [True]  # once, by the index worker; the reload reads the cache
