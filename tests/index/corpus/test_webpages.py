"""Saved web pages: the article body and the page's metadata, the cache, and bad pages."""

from __future__ import annotations

import subprocess
import sys

import pytest

from index.corpus import webpage
from index.corpus.articles import SkippedFile, file_digest, load_corpus
from index.corpus.webpage import PAGES_FOLDER, read_page
from tests.conftest import REPO

NAV = "Subscribe to our morning briefing"
FOOTER = "Copyright 2024 The Harbour Ledger. All rights reserved."
ASIDE = "Celebrity chef opens a floating restaurant in the harbour."
COMMENT = "Reader99: this is all theatre, nothing will change anyway."

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grain corridor talks resume in Istanbul | The Harbour Ledger</title>
<meta property="og:site_name" content="The Harbour Ledger">
<meta property="og:title" content="Grain corridor talks resume in Istanbul">
<meta property="og:url" content="https://www.harbourledger.example/world/grain-talks">
<meta property="article:published_time" content="2024-06-11T08:30:00+00:00">
<link rel="canonical" href="https://www.harbourledger.example/world/grain-talks">
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Grain corridor talks resume in Istanbul",
 "datePublished": "2024-06-11T08:30:00Z",
 "author": {{"@type": "Person", "name": "Mira Okafor"}},
 "publisher": {{"@type": "Organization", "name": "The Harbour Ledger"}}}}
</script>
<script>window.dataLayer = window.dataLayer || []; track("page");</script>
<style>body {{ font-family: serif; }}</style>
</head>
<body>
<header><a href="/">The Harbour Ledger</a>
<nav><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
<li><a href="/subscribe">{NAV}</a></li></ul></nav></header>
<main>
<article>
<h1>Grain corridor talks resume in Istanbul</h1>
<p>Negotiators from both delegations met on Tuesday morning to discuss
   reopening the shipping lanes for grain exports across the Black Sea.</p>
<p>The talks, hosted by Turkish officials, focused on inspections of cargo ships and on
guarantees for vessels leaving the ports of Odesa and Chornomorsk.</p>
<h2>What is on the table</h2>
<ul><li>Joint inspection teams in Istanbul.</li><li>Insurance guarantees for merchant
ships.</li></ul>
<p>A spokesperson said a further round was planned for next week, though <em>no date</em>
had been fixed.</p>
</article>
<aside><h3>Most read</h3><p>{ASIDE}</p></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>{COMMENT}</p></div></section>
</main>
<footer><p>{FOOTER}</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""

PARAGRAPHS = [
    "Grain corridor talks resume in Istanbul",
    "Negotiators from both delegations met on Tuesday morning to discuss reopening the "
    "shipping lanes for grain exports across the Black Sea.",
    "The talks, hosted by Turkish officials, focused on inspections of cargo ships and on "
    "guarantees for vessels leaving the ports of Odesa and Chornomorsk.",
    "What is on the table",
    "Joint inspection teams in Istanbul.",
    "Insurance guarantees for merchant ships.",
    "A spokesperson said a further round was planned for next week, though no date had been fixed.",
]

# Metadata only in JSON-LD (no Open Graph, no <title>), the body in <div>s.
JSON_LD_PAGE = """<html><head>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Dam repairs finished ahead of the spring floods",
 "datePublished": "2023-03-02T17:05:00+02:00",
 "author": [{"@type": "Person", "name": "Taras Hnatiuk"}],
 "publisher": {"@type": "Organization", "name": "Riverside Courier"}}
</script>
<link rel="canonical" href="https://riverside-courier.example/news/dam-repairs">
</head>
<body><div class="menu"><a href="/">Home</a> <a href="/news">News</a></div>
<div class="story">
<p>Engineers finished repairing the sluice gates of the old dam on Thursday, two weeks
before the river usually starts to rise.</p>
<p>The regional water authority said the work cost less than planned and that the road
across the dam would reopen to cars on Monday.</p>
</div></body></html>
"""


def passages(article) -> list[str]:
    return [passage.text for passage in article.passages]


def test_a_saved_page_is_its_article_body_with_the_page_metadata(write_corpus):
    corpus = load_corpus(write_corpus({"grain.html": PAGE}))
    assert corpus.warnings == []
    (article,) = corpus.articles
    assert passages(article) == PARAGRAPHS
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert (article.source, article.title, article.date) == (
        "The Harbour Ledger",
        "Grain corridor talks resume in Istanbul",
        "2024-06-11",
    )
    assert article.author == "Mira Okafor"
    assert article.url == "https://www.harbourledger.example/world/grain-talks"
    assert article.encoding == "utf-8"
    every_passage = "\n".join(passages(article))
    for boilerplate in (NAV, FOOTER, ASIDE, COMMENT, "Privacy policy", "Most read", "track("):
        assert boilerplate not in every_passage


def test_json_ld_gives_the_publisher_date_and_headline(write_corpus):
    corpus = load_corpus(write_corpus({"dam.htm": JSON_LD_PAGE}))
    (article,) = corpus.articles
    assert (article.source, article.title, article.date, article.author) == (
        "Riverside Courier",
        "Dam repairs finished ahead of the spring floods",
        "2023-03-02",
        "Taras Hnatiuk",
    )
    assert article.url == "https://riverside-courier.example/news/dam-repairs"
    assert passages(article) == [
        "Engineers finished repairing the sluice gates of the old dam on Thursday, two weeks "
        "before the river usually starts to rise.",
        "The regional water authority said the work cost less than planned and that the road "
        "across the dam would reopen to cars on Monday.",
    ]


def test_a_host_name_is_not_taken_for_the_site_name(write_corpus):
    """Without og:site_name or a publisher, trafilatura falls back on the URL's host: that
    is a guess, so the page gives no outlet (the URL is still there for the reader)."""
    page = PAGE.replace('<meta property="og:site_name" content="The Harbour Ledger">', "")
    page = page.replace('"publisher": {"@type": "Organization", "name": "The Harbour Ledger"}', "")
    page = page.replace(" | The Harbour Ledger</title>", "</title>")
    (article,) = load_corpus(write_corpus({"grain.html": page})).articles
    assert article.url == "https://www.harbourledger.example/world/grain-talks"
    assert article.source != "harbourledger.example"
    assert article.origins.get("source") != "page metadata"
    assert read_page(page.encode("utf-8")).source is None


def test_the_second_read_of_the_same_bytes_comes_from_the_cache(isolated_env, monkeypatch):
    data = PAGE.encode("utf-8")
    first = read_page(data)
    entry = isolated_env / "cache" / PAGES_FOLDER
    (stored,) = entry.iterdir()
    assert stored.name.startswith(file_digest(data) + ".")

    def no_extraction():
        raise AssertionError("trafilatura called for a page in the cache")

    monkeypatch.setattr(webpage, "_trafilatura", no_extraction)
    assert read_page(data) == first
    assert read_page(data, file_digest(data)).text == "\n\n".join(PARAGRAPHS)
    with pytest.raises(AssertionError, match="trafilatura called"):  # other bytes: extracted
        read_page(data + b"\n")


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01not marshal", b"\xe3\x00\x00"])
def test_a_corrupt_cache_entry_is_ignored_and_rewritten(isolated_env, garbage):
    data = JSON_LD_PAGE.encode("utf-8")
    first = read_page(data)
    (stored,) = (isolated_env / "cache" / PAGES_FOLDER).iterdir()
    stored.write_bytes(garbage)
    assert read_page(data) == first
    assert stored.read_bytes() != garbage  # written again, whole


def test_a_cache_that_cannot_be_written_is_only_slower(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    page = read_page(PAGE.encode("utf-8"), cache_dir=blocked)
    assert page.title == "Grain corridor talks resume in Istanbul"


def test_bad_pages_are_one_warning_each_and_the_rest_is_read(write_corpus):
    truncated = PAGE[: PAGE.index("The talks, hosted")]
    root = write_corpus(
        {
            "binary.html": bytes(range(256)) * 40,
            "empty.html": " \n",
            "no-body.html": "<html><head><title>A title and nothing else</title></head></html>",
            "scripts.html": "<html><body><script>var story = 'Ceasefire talks went on for "
            "hours in the capital today';</script><script>render(story)</script></body></html>",
            "truncated.html": truncated,
            "fragment.htm": "<p>Only a paragraph, saved without the page around it, about a "
            "ferry that was delayed by fog.</p>",
            "good.html": PAGE,
        }
    )
    big = root / "huge.html"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # 50 MB (sparse): over the default 20 MB limit
    corpus = load_corpus(root)
    assert sorted(corpus.warnings) == [
        "skipped binary.html: not a text file (binary data)",
        "skipped empty.html: empty",
        "skipped huge.html: too large (50.0 MB > 20.0 MB limit, see index.max_file_mb in "
        "config.yaml)",
        "skipped no-body.html: no article text found",
        "skipped scripts.html: no article text found",
    ]
    articles = {article.path: article for article in corpus.articles}
    assert sorted(articles) == ["fragment.htm", "good.html", "truncated.html"]
    assert passages(articles["truncated.html"]) == PARAGRAPHS[:2]
    assert passages(articles["fragment.htm"]) == [
        "Only a paragraph, saved without the page around it, about a ferry that was delayed by fog."
    ]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "<html><body><header>The Daily Example</header><footer>© 2024</footer></body></html>",
        "<html><body><aside><p>Sign up for our newsletter today.</p></aside></body></html>",
    ],
)
def test_a_page_of_menus_only_has_no_article_text(page):
    with pytest.raises(SkippedFile, match=r"^no article text found$"):
        read_page(page.encode("utf-8"))


def test_article_text_is_data_and_escape_codes_never_reach_it(write_corpus):
    page = PAGE.replace("no date</em>", "no [bold]date[/bold]\x1b[31m\u202e</em>")
    (article,) = load_corpus(write_corpus({"grain.html": page})).articles
    assert passages(article)[-1] == (  # trafilatura drops ESC; bidi overrides are neutralised
        "A spokesperson said a further round was planned for next week, though no "
        "[bold]date[/bold][31m\ufffd had been fixed."
    )


def test_a_txt_folder_never_imports_trafilatura_and_pages_log_nothing(write_corpus):
    """Launch time: no trafilatura for plain text; and its libraries print nothing."""
    text_root = write_corpus({"a.txt": "Kursk.\n\nMore text."}, folder="text")
    page_root = write_corpus(
        {"good.html": PAGE, "no-body.html": "<html><head></head></html>", "bad.htm": "<p"},
        folder="pages",
    )
    code = (
        "import sys\n"
        "from index.corpus.articles import load_corpus\n"
        f"load_corpus({str(text_root)!r})\n"
        "print('trafilatura' in sys.modules, 'lxml' in sys.modules)\n"
        f"print(load_corpus({str(page_root)!r}).warnings)\n"
        "print('trafilatura' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert run.stdout.splitlines() == [
        "False False",
        "['skipped bad.htm: no article text found', 'skipped no-body.html: no article text found']",
        "True",
    ]
    assert run.stderr == ""
