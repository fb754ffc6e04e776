"""Where an article's body starts: after its front matter, field lines and saved date line."""

from __future__ import annotations

from index.corpus.header_lines import header_lines
from index.corpus.metadata import read_header


def test_front_matter_then_field_lines_then_a_saved_date_are_header():
    text = (
        "---\ntitle: Port strike\n---\n"
        "Source: Harbour Gazette\n\nURL: https://example.org/a\n"
        "date 2024-11-05 Dockers walk out\n\nThe union said 1,400 members joined.\n"
    )
    head = header_lines(text)
    assert head.front_matter == "title: Port strike\n"
    assert head.fields == [("source", "Harbour Gazette"), ("url", "https://example.org/a")]
    assert head.saved_date == "2024-11-05"
    assert text[head.body_start :] == "Dockers walk out\n\nThe union said 1,400 members joined.\n"


def test_the_first_line_that_is_no_field_ends_the_field_lines():
    text = "Title: Talks collapse\nNegotiators left at 2 a.m.\nAuthor: not a field line now\n"
    head = header_lines(text)
    assert head.front_matter is None and head.saved_date is None
    assert head.fields == [("title", "Talks collapse")]
    assert text[head.body_start :] == "\nNegotiators left at 2 a.m.\nAuthor: not a field line now\n"


def test_front_matter_that_is_not_yaml_is_still_header():
    text = "---\ntitle: [unclosed\n---\nThe port reopened on Monday.\n"
    head = header_lines(text)
    assert text[head.body_start :] == "The port reopened on Monday.\n"
    header = read_header(text)
    assert header.body_start == head.body_start
    assert header.problems and header.problems[0].startswith("front matter ignored")


def test_a_text_with_no_header_starts_at_once():
    assert header_lines("Dock workers stopped work on Tuesday.\n").body_start == 0
