"""Web-clipper Markdown shown as text: exact rendering, link URLs, spans end to end, fuzzing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.corpus.articles import load_corpus
from index.corpus.markdown_text import Link, markdown_to_text
from index.search.api import Searcher
from index.search.store import CorpusIndex

FRONT_MATTER = """---
title: "Grain corridor talks resume in Lakeport"
source: "https://www.harbourpost.example/world/grain-corridor-talks"
author:
  - "[[Mira Kovacs]]"
published: 2025-03-24
tags:
  - "clippings"
---
"""
# Obsidian Web Clipper style: front matter, an ATX headline, a byline, an image, a list, a
# quote, a table, a reference link and an autolink.
OBSIDIAN_BODY = """# Grain corridor talks resume in Lakeport

By **Mira Kovacs**, *Harbour Post* · 24 March 2025

![Cargo ships wait off the coast](https://img.harbourpost.example/ships.jpg)

Envoys met **six hours** on Monday, the [foreign ministry](https://ex.org/mfa "Ministry") said.
Talks on the _exchange of prisoners_ will go on, with `no date` set.

Key points:

- A 30-day pause on strikes at ports
- Monitors from a [third country][monitors]
    - named *later*
1. Next round in April

> "We are closer than a week ago," one delegate said.

| Port | Ships waiting |
| --- | ---: |
| Northgate | **42** |
| [Eastbay](https://example.org/eastbay) | 17 |

* * *

<!-- clipped with a web clipper -->
Read the full story at <https://www.harbourpost.example/world/grain-corridor-talks>.

[monitors]: https://example.org/monitors
"""
OBSIDIAN_SHOWN = """Grain corridor talks resume in Lakeport

By Mira Kovacs, Harbour Post · 24 March 2025

Cargo ships wait off the coast

Envoys met six hours on Monday, the foreign ministry said.
Talks on the exchange of prisoners will go on, with no date set.

Key points:

• A 30-day pause on strikes at ports
• Monitors from a third country
  • named later
1. Next round in April

"We are closer than a week ago," one delegate said.

Port │ Ships waiting
Northgate │ 42
Eastbay │ 17

Read the full story at https://www.harbourpost.example/world/grain-corridor-talks."""

# MarkDownload style: a setext headline, backslash escapes, "*   " bullets, a linked image.
MARKDOWNLOAD = r"""Shelling hits a water station
=============================

**Kaliv Daily** | 20 March 2025, 09:14

A water station in the east was hit overnight, officials said\. Repairs take 3\-4 days\.

*   Two workers were hurt
*   Supply is cut to 12,000 homes

The list\_of\_damage \*will\* grow, the mayor wrote on [Telegram](https://t.me/a_channel).

[![Map of the district](https://img.example.org/map.png)](https://example.org/map)
"""
MARKDOWNLOAD_SHOWN = """Shelling hits a water station

Kaliv Daily | 20 March 2025, 09:14

A water station in the east was hit overnight, officials said. Repairs take 3-4 days.

• Two workers were hurt
• Supply is cut to 12,000 homes

The list_of_damage *will* grow, the mayor wrote on Telegram.

Map of the district"""


def links_by_text(rendered) -> list[tuple[str, str]]:
    return [(rendered.text[start:end], url) for start, end, url in rendered.links]


def test_obsidian_clip_is_shown_as_text_with_its_front_matter_kept():
    rendered = markdown_to_text(FRONT_MATTER + OBSIDIAN_BODY)
    assert rendered.text == FRONT_MATTER + "\n" + OBSIDIAN_SHOWN
    assert links_by_text(rendered) == [
        ("foreign ministry", "https://ex.org/mfa"),
        ("third country", "https://example.org/monitors"),
        ("Eastbay", "https://example.org/eastbay"),
        (
            "https://www.harbourpost.example/world/grain-corridor-talks",
            "https://www.harbourpost.example/world/grain-corridor-talks",
        ),
    ]


def test_markdownload_clip_is_shown_as_text():
    rendered = markdown_to_text(MARKDOWNLOAD)
    assert rendered.text == MARKDOWNLOAD_SHOWN
    assert links_by_text(rendered) == [
        ("Telegram", "https://t.me/a_channel"),
        ("Map of the district", "https://example.org/map"),  # the image's alt text
    ]


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("## Heading ##", "Heading"),
        ("#hashtag is not a heading", "#hashtag is not a heading"),
        ("***both*** and __strong__ and ~~struck~~", "both and strong and struck"),
        ("a snake_case_name and 2 * 3 * 4", "a snake_case_name and 2 * 3 * 4"),
        ("an **unclosed star and a_b", "an **unclosed star and a_b"),
        ("``code with ` inside``", "code with ` inside"),
        ("&amp; &quot;quoted&quot; &#8212; &nosuch;", '& "quoted" — &nosuch;'),
        ("line one\\\nline two", "line one\nline two"),
        ("x <span class='a'>inside</span> y<br>z", "x inside y z"),
        ("![](https://img.example.org/only.png)", ""),
        ("[empty]() and [undefined][nope]", "empty and [undefined][nope]"),
        ("  * * *\n___", ""),
        ("> > deep\n> shallow", "deep\n\nshallow"),
        ("10. ten\n11. eleven", "10. ten\n11. eleven"),
        ("A sentence ending\n2025. Not a list", "A sentence ending\n2025. Not a list"),
        ("~~~\n**kept** as written\n~~~", "**kept** as written"),
        ("<!--\nhidden\n-->\nshown", "shown"),
        ("a | b\n-|-\n\\| | c", "a │ b\n| │ c"),
        ("Title\n---\nbody", "Title\n\nbody"),
        ("\u001b[31mred\u001b[0m", "␛[31mred␛[0m"),
    ],
)
def test_markdown_forms(markdown, shown):
    assert markdown_to_text(markdown).text == shown


def test_links_of_every_kind_keep_their_url():
    rendered = markdown_to_text(
        "See [the report](<https://ex.org/a b>) and [Kyiv](https://ex.org/wiki/Kyiv_(city)), "
        "[a note][Ref One], [ref one] and <press@ex.org>.\n\n[ref ONE]: <https://ex.org/ref>"
    )
    assert rendered.text == "See the report and Kyiv, a note, ref one and press@ex.org."
    assert links_by_text(rendered) == [
        ("the report", "https://ex.org/a b"),
        ("Kyiv", "https://ex.org/wiki/Kyiv_(city)"),
        ("a note", "https://ex.org/ref"),
        ("ref one", "https://ex.org/ref"),
        ("press@ex.org", "mailto:press@ex.org"),
    ]


def test_emphasis_and_links_inside_table_cells_and_list_items():
    rendered = markdown_to_text(
        "- **[Ceasefire](https://ex.org/c)** holds\n\n| *a* | [b](u) |\n|--|--|"
    )
    assert rendered.text == "• Ceasefire holds\n\na │ b"
    assert links_by_text(rendered) == [("Ceasefire", "https://ex.org/c"), ("b", "u")]


def write_clip(write_corpus):
    return write_corpus(
        {
            "clip.md": FRONT_MATTER + OBSIDIAN_BODY,
            "download.markdown": MARKDOWNLOAD,
            "plain.txt": "Stars stay: **not Markdown** in a text file.",
        }
    )


def test_a_clipped_article_is_read_as_rendered_text(write_corpus):
    articles = {a.path: a for a in load_corpus(write_clip(write_corpus)).articles}
    clip = articles["clip.md"]
    assert clip.title == "Grain corridor talks resume in Lakeport"  # from the front matter
    assert clip.date == "2025-03-24"
    assert clip.text == FRONT_MATTER + "\n" + OBSIDIAN_SHOWN
    assert [clip.text[start:end] for start, end, _ in clip.links][:2] == [
        "foreign ministry",
        "third country",
    ]
    for passage in clip.passages:
        assert clip.text[passage.start : passage.end] == passage.text
        assert not re.search(r"\*\*|\]\(|^#|`", passage.text, re.M)
    assert articles["download.markdown"].text == MARKDOWNLOAD_SHOWN
    assert articles["plain.txt"].text == "Stars stay: **not Markdown** in a text file."
    assert articles["plain.txt"].links == ()


def test_highlight_spans_are_exact_in_the_rendered_text(write_corpus, tmp_path):
    root = write_clip(write_corpus)
    corpus_index = CorpusIndex(root, tmp_path / "cache")
    corpus_index.update()
    articles = {a.path: a for a in load_corpus(root).articles}
    found, passages = [], []
    for query in ("prisoners", "ministry", "Eastbay"):
        for group in Searcher(corpus_index).search(query).articles:
            article = articles[group.article.path]
            for hit in group.hits:
                passage = article.passages[hit.passage]
                assert hit.text == passage.text
                passages.append(passage.text)
                for start, end in hit.spans:
                    found.append(article.text[passage.start + start : passage.start + end])
    assert found == ["prisoners", "ministry", "Eastbay"]
    assert len(passages) == 3
    assert all(text in OBSIDIAN_SHOWN for text in passages)  # passages of the rendered text


def test_a_table_row_is_not_read_as_a_byline(write_corpus):
    table = "# Ports at dawn\n\n| Port | Ships waiting |\n| --- | --- |\n| Northgate | 42 |\n"
    (article,) = load_corpus(write_corpus({"ports.md": table})).articles
    assert article.text == "Ports at dawn\n\nPort │ Ships waiting\nNorthgate │ 42"
    assert article.source is None  # not "Ships waiting", as "Jane Doe | Outlet" would give


def test_a_file_of_markup_only_is_skipped_as_empty(write_corpus):
    corpus = load_corpus(write_corpus({"a.md": "<!-- nothing -->\n\n![](x.png)\n\n---\n"}))
    assert corpus.articles == []
    assert corpus.warnings == ["skipped a.md: empty"]


# -- any input ----------------------------------------------------------------------------------

MARKUP = st.text(alphabet="*_[]()!<>`\\#-+|:=~&;/ \n\tab1.x@", max_size=120)


def valid_links(text: str, links: tuple[Link, ...]) -> bool:
    return all(0 <= start < end <= len(text) and url for start, end, url in links)


@settings(max_examples=400)
@given(st.one_of(MARKUP, st.text(max_size=200)))
def test_any_text_renders_without_raising(markdown):
    rendered = markdown_to_text(markdown)
    assert valid_links(rendered.text, rendered.links)
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f]", rendered.text)  # neutralised


WORD = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
STYLES = ("{}", "**{}**", "*{}*", "_{}_", "`{}`", "[{}](https://ex.org/{})", "![{}](i/{}.png)")


@st.composite
def well_formed(draw) -> tuple[str, list[str], list[str]]:
    """Markdown built of words in every inline style, with its words and linked words."""
    lines, words, linked = [], [], []
    for _ in range(draw(st.integers(1, 6))):
        parts = []
        for word in draw(st.lists(WORD, min_size=1, max_size=6)):
            style = draw(st.sampled_from(STYLES))
            parts.append(style.format(word, word))
            words.append(word)
            if style.startswith("[{"):
                linked.append(word)
        prefix = draw(st.sampled_from(("", "", "# ", "- ", "> ", "1. ")))
        lines.append(prefix + " ".join(parts))
        if draw(st.booleans()):
            lines.append("")
    return "\n".join(lines), words, linked


@settings(max_examples=200)
@given(well_formed())
def test_well_formed_markdown_leaves_no_markup_and_keeps_every_word(case):
    markdown, words, linked = case
    rendered = markdown_to_text(markdown)
    assert not re.search(r"\*\*|\]\(|`|^#|^>", rendered.text, re.M)
    assert re.findall(r"[a-j]+", rendered.text) == words
    assert [(rendered.text[s:e], url) for s, e, url in rendered.links] == [
        (word, f"https://ex.org/{word}") for word in linked
    ]
