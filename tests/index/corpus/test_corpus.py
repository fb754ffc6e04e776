"""Reading articles: headers, sidecar metadata, passages, and files that are not clean text."""

from __future__ import annotations

import pytest

from index.corpus.articles import CorpusError, load_corpus
from index.corpus.metadata import parse_date, read_header
from index.corpus.passages import (
    MAX_PASSAGE_CHARS,
    packed_spans,
    passages_from_spans,
    split_passages,
)


def by_name(corpus):
    return {article.path: article for article in corpus.articles}


def test_seeds_metadata_from_text_and_sidecar(seeds_dir):
    articles = by_name(load_corpus(seeds_dir))
    assert len(articles) == 5
    state = articles["000_9fec4e57e8490378.txt"]
    assert (state.source, state.date) == ("State Dept", "2025-03-19")  # sidecar wins
    assert state.title == "Statement From Secretary Rubio And NSA Waltz On Call With Zelenskyy"
    unn = articles["001_16d28577d1814211.txt"]
    assert unn.source == "UNN" and unn.date == "2025-03-20"
    # No outlet named anywhere: unknown, shown by file name, never invented.
    unknown = articles["003_394e6fccd028c4ed.txt"]
    assert unknown.source is None
    assert unknown.label == "003_394e6fccd028c4ed"
    assert unknown.date == "2025-03-19"  # from the "Wed Mar 19 2025" line
    assert unknown.title == "Zelensky Speaks with Trump After US-Russia Talks on Ukraine Ceasefire"


def test_passage_offsets_point_into_the_text(seeds_dir):
    for article in load_corpus(seeds_dir).articles:
        for number, passage in enumerate(article.passages):
            assert passage.number == number
            assert article.text[passage.start : passage.end] == passage.text
            assert passage.text == passage.text.strip()


def test_one_paragraph_per_line_and_bullets(seeds_dir):
    article = by_name(load_corpus(seeds_dir))["003_394e6fccd028c4ed.txt"]
    texts = [passage.text for passage in article.passages]
    assert "• Russia and Ukraine exchanged 372 prisoners" in texts
    unn = by_name(load_corpus(seeds_dir))["001_16d28577d1814211.txt"]
    assert unn.passages[1].text == "Kyiv • UNN"  # a line of its own, not merged


def test_hard_wrapped_paragraphs_stay_whole():
    text = "First line of a\nwrapped paragraph here.\n\nSecond paragraph\nalso wrapped."
    passages = split_passages(text)
    assert [p.text for p in passages] == [
        "First line of a\nwrapped paragraph here.",
        "Second paragraph\nalso wrapped.",
    ]


def test_huge_single_line_is_cut_at_sentence_ends():
    sentence = "The delegation met again in Jeddah to talk. "
    text = sentence * 5000  # ~220,000 characters on one line
    passages = split_passages(text)
    assert len(passages) > 100
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    assert all(p.text.endswith("talk.") for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)


@pytest.mark.parametrize(
    ("text", "source", "title", "date"),
    [
        (
            "---\ntitle: Front matter title\nsource: Reuters\ndate: 2025-03-19\n---\nBody.\n",
            "Reuters",
            "Front matter title",
            "2025-03-19",
        ),
        (
            "Source: Kyiv Independent\nTitle: A headline\nDate: March 19, 2025\n\nBody text.",
            "Kyiv Independent",
            "A headline",
            "2025-03-19",
        ),
        (
            "KYIV, Ukraine (AP) — President Zelenskyy said on Wednesday...",
            "AP",
            None,  # a lede, not a headline: the text has no title
            None,
        ),
        ("Just a headline\n\nAnd a body.", None, "Just a headline", None),
    ],
)
def test_header_forms(text, source, title, date):
    header = read_header(text)
    assert (header.source, header.title, header.date) == (source, title, date)


def test_packed_spans_give_back_the_passages_of_the_same_text():
    text = "Skip to content\n\nThe convoy left at dawn.\n\nIt reached the border by noon.\n"
    passages = split_passages(text)
    assert passages_from_spans(text, packed_spans(passages)) == passages
    assert passages[0].boilerplate  # the flag travels with the offsets
    assert passages_from_spans(text[:20], packed_spans(passages)) is None  # text too short
    assert passages_from_spans(text, b"\x01\x02") is None  # not whole spans
    assert passages_from_spans(text, b"") is None
    shifted = [passages[0], passages[1]._replace(start=passages[1].start - 1), *passages[2:]]
    assert passages_from_spans(text, packed_spans(shifted)) is None  # cut on a blank
    backwards = list(reversed(passages))
    assert passages_from_spans(text, packed_spans(backwards)) is None  # out of order


def test_header_lines_are_not_passages(write_corpus):
    root = write_corpus({"a.md": "---\ntitle: T\n---\nBody paragraph.\n"})
    (article,) = load_corpus(root).articles
    assert [p.text for p in article.passages] == ["Body paragraph."]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-19", "2025-03-19"),
        ("March 19, 2025", "2025-03-19"),
        ("Wed Mar 19 2025", "2025-03-19"),
        ("19 March 2025", "2025-03-19"),
        ("Wednesday, March 19th, 2025", "2025-03-19"),
        ("Wed, 19 Mar 2025", "2025-03-19"),
        ("19.03.2025", "2025-03-19"),
        ("2025/03/19", "2025-03-19"),
        ("2025-03-19T10:00:00Z", "2025-03-19"),
        ("Sept. 3, 2025", "2025-09-03"),
        ("February 30, 2025", None),
        ("Kyiv 19, 2025", None),
        ("not a date", None),
        ("", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_odd_files_are_skipped_or_read_with_a_stated_fallback(write_corpus):
    root = write_corpus(
        {
            "binary.txt": b"\x00\x01\x02PNG\x00" * 100,
            "empty.txt": "",
            "blank.md": "   \n\n  \t\n",
            "latin1.txt": "Caf\xe9 in Zaporizhzhia\n".encode("latin-1"),
            "utf16.txt": "Kursk in UTF-16\n".encode("utf-16"),
            "escapes.txt": "Title\n\nAn \x1b[31mred\x1b[0m word and \x1b]52;c;aGk=\x07 clipboard.",
            "brackets.md": "[bold]Not markup[/bold] and [/] stays text.",
            "notes.pdf": b"%PDF-1.4",  # not an article type: ignored silently
            ".hidden.txt": "hidden",
        }
    )
    corpus = load_corpus(root)
    articles = by_name(corpus)
    assert sorted(articles) == ["brackets.md", "escapes.txt", "latin1.txt", "utf16.txt"]
    assert articles["latin1.txt"].encoding == "cp1252"
    assert "Café in Zaporizhzhia" in articles["latin1.txt"].text
    assert articles["utf16.txt"].passages[0].text == "Kursk in UTF-16"
    escaped = articles["escapes.txt"].text
    assert "\x1b" not in escaped and "\x07" not in escaped
    assert "␛[31mred␛[0m" in escaped
    assert articles["brackets.md"].passages[0].text == "[bold]Not markup[/bold] and [/] stays text."
    assert sorted(corpus.warnings) == [
        "skipped binary.txt: not a text file (binary data)",
        "skipped blank.md: empty",
        "skipped empty.txt: empty",
    ]


def test_too_large_file_is_skipped_with_the_limit_named(write_corpus):
    root = write_corpus({"big.txt": "word " * 50_000, "small.txt": "Kursk."})
    corpus = load_corpus(root, max_bytes=100_000)
    assert [a.path for a in corpus.articles] == ["small.txt"]
    (warning,) = corpus.warnings
    assert warning.startswith("skipped big.txt: too large (244.1 KB > 97.7 KB limit")


def test_broken_sidecar_is_a_warning(write_corpus):
    root = write_corpus({"a.txt": "Body.", "sources.yaml": "a.txt: [unclosed"})
    corpus = load_corpus(root)
    assert len(corpus.articles) == 1
    assert corpus.warnings and corpus.warnings[0].startswith("ignored sources.yaml:")


def test_subfolders_and_symlink_loops(write_corpus):
    root = write_corpus({"a/one.txt": "One.", "b/two.md": "Two."})
    (root / "a" / "loop").symlink_to(root, target_is_directory=True)
    names = sorted(a.path for a in load_corpus(root).articles)
    assert names == ["a/one.txt", "b/two.md"]


def test_bad_corpus_paths(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")
    file = tmp_path / "file.txt"
    file.write_text("x")
    with pytest.raises(CorpusError, match="is a file"):
        load_corpus(file)
