"""The notes file format: entries round-trip, hand edits are read or reported by line."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.notes.format import (
    Bookmark,
    clean_tags,
    entry_lines,
    format_entries,
    format_entry,
    parse_notes,
)

NASTY_QUOTE = (
    "> not a quote marker\n"
    "# not a heading\n"
    "| a | table | row |\n"
    "[brackets] and [/tags] and [bold]markup[/bold]\n"
    "<!-- /bookmark -->\n"
    "- note:: not a field\n"
    "\n"
    "  indented line with trailing spaces  \n"
    "unicode: Zelenskyy — Зеленський, «Запоріжжя», 🇺🇦\n"
    "escape pictures: ␛[31mred␛[0m and a bell ␇"
)


def make(**fields) -> Bookmark:
    values = {
        "file": "000_9fec4e57e8490378.txt",
        "passage": 2,
        "start": 120,
        "end": 388,
        "quote": "They reviewed the situation in Kursk.",
        "corpus": "/briefings/march-call",
        "source": "State Dept",
        "title": "Statement on the call",
        "date": "2025-03-19",
        "query": "Kursk",
        "saved": "2025-03-21T10:14:03+01:00",
    }
    values.update(fields)
    return Bookmark.create(**values)


def round_trip(bookmark: Bookmark) -> Bookmark:
    parsed = parse_notes(format_entry(bookmark))
    assert parsed.problems == []
    assert len(parsed.bookmarks) == 1
    return parsed.bookmarks[0]


def test_entry_layout_is_readable_markdown():
    bookmark = make(note="the only source naming Kursk", tags=["kursk", "cease fire"])
    lines = entry_lines(bookmark)
    assert lines[0] == f"<!-- bookmark id={bookmark.id} escaped -->"
    assert lines[1] == "## State Dept — Statement on the call"
    assert "> They reviewed the situation in Kursk." in lines
    assert "- passage:: 3" in lines  # people count passages from 1
    assert "- chars:: 120-388" in lines
    assert "- tags:: #kursk #cease-fire" in lines
    assert "- saved:: 2025-03-21T10:14:03+01:00" in lines
    assert lines[-1] == "<!-- /bookmark -->"


def test_round_trip_keeps_every_field_and_awkward_text():
    bookmark = make(
        quote=NASTY_QUOTE,
        title="A [title] | with # and > signs",
        query='"power plants" OR Zaporizhzhia',
        note="first line\n\n> quoted in the note\n  - indented item\n<!-- /bookmark -->",
        tags=["#POWs", "Запоріжжя"],
    )
    back = round_trip(bookmark)
    assert back == bookmark
    assert back.quote == NASTY_QUOTE
    assert back.passage == 2 and (back.start, back.end) == (120, 388)
    assert back.tags == ["POWs", "Запоріжжя"]


def test_text_is_normalised_once_and_then_stable():
    bookmark = make(
        title="Two\nlines",
        quote="raw \x1b[31m escape\r\nand tab\t",
        note="  a  \r\n\n",
        tags="x, y",
    )
    assert bookmark.title == "Two lines"
    assert bookmark.quote == "raw ␛[31m escape \nand tab "  # 1:1 pictures, offsets hold
    assert bookmark.note == "a"
    assert bookmark.tags == ["x", "y"]
    assert round_trip(bookmark) == bookmark


def test_ids_are_short_stable_and_depend_on_the_passage():
    first, again = make(), make(saved="2026-01-01T00:00:00+00:00")
    assert first.id == again.id and len(first.id) == 8
    assert make(start=121).id != first.id
    assert first.same_passage(again)
    assert not first.same_passage(make(start=121))
    assert not first.same_passage(make(corpus="/elsewhere"))
    assert first.same_passage(make(corpus=""))


def test_for_passage_takes_article_and_passage_objects(write_corpus):
    from index.corpus.articles import load_corpus

    root = write_corpus({"a.txt": "Source: AP\nTitle: Call\n\nFirst para.\n\nSecond [para]."})
    article = load_corpus(root, 10_000, lambda _: None).articles[0]
    passage = article.passages[-1]
    bookmark = Bookmark.for_passage(article, passage, corpus=root, query="para")
    assert (bookmark.file, bookmark.passage) == ("a.txt", passage.number)
    assert article.text[bookmark.start : bookmark.end] == bookmark.quote == "Second [para]."
    assert bookmark.corpus == str(root)
    assert datetime.fromisoformat(bookmark.saved).tzinfo is not None


_text = st.text(st.characters(codec="utf-8"), max_size=200)
_line = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), max_size=40)


@settings(max_examples=200)
@given(
    quote=_text,
    note=_text,
    title=_line,
    source=_line,
    query=_line,
    tags=st.lists(_line, max_size=4),
    file=_line.filter(lambda value: value.strip()),
    numbers=st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 500)),
)
def test_any_bookmark_round_trips(quote, note, title, source, query, tags, file, numbers):
    start, length, passage = numbers
    bookmark = make(
        quote=quote,
        note=note,
        title=title,
        source=source,
        query=query,
        tags=tags,
        file=file,
        start=start,
        end=start + length,
        passage=passage,
    )
    assert round_trip(bookmark) == bookmark
    assert clean_tags(bookmark.tags) == bookmark.tags


def test_entries_between_a_persons_own_text_and_unknown_fields():
    one, two = make(), make(start=500, end=600, source="AP", note="keep")
    text = (
        "# My notes on the call\n\nSome prose of mine.\n\n"
        + format_entry(two)
        + "\nA thought between entries.\n\n"
        + format_entry(one).replace("- note::", "- rating:: 5\nMy aside inside.\n- note::")
    )
    parsed = parse_notes(text)
    assert parsed.problems == []
    assert [b.id for b in parsed.bookmarks] == [two.id, one.id]  # file order, as reordered
    assert parsed.bookmarks[0].note == "keep"
    assert parsed.text() == text


def test_hand_edited_note_with_continuation_lines():
    text = format_entry(make()).replace(
        "- note::", "- note:: first thought\n  second line\n\n  after a blank"
    )
    (bookmark,) = parse_notes(text).bookmarks
    assert bookmark.note == "first thought\nsecond line\n\nafter a blank"


def test_unreadable_entries_are_reported_with_their_line():
    good = format_entry(make(start=1, end=2))
    bad_passage = format_entry(make(start=3, end=4)).replace("- passage:: 3", "- passage:: three")
    no_file = format_entry(make(start=5, end=6)).replace("- file:: 000_9fec4e57e8490378.txt\n", "")
    unclosed = format_entry(make(start=7, end=8)).replace("<!-- /bookmark -->\n", "")
    text = "intro\n" + good + bad_passage + no_file + "<!-- bookmark oops -->\n" + unclosed
    parsed = parse_notes(text)
    lines = text.split("\n")
    assert [b.start for b in parsed.bookmarks] == [1]
    assert len(parsed.problems) == 4
    passage_line = lines.index("- passage:: three") + 1
    assert parsed.problems[0].startswith(f"line {passage_line}: ")
    assert "passage must be a number" in parsed.problems[0]
    no_file_line = [n for n, line in enumerate(lines) if line.startswith("<!-- bookmark")][2] + 1
    assert parsed.problems[1] == (
        f"line {no_file_line}: bookmark {make(start=5, end=6).id} has no file; "
        "its lines are kept but not read"
    )
    assert parsed.problems[2].startswith(f"line {lines.index('<!-- bookmark oops -->') + 1}: ")
    assert "has no end marker" in parsed.problems[3] and "end of the file" in parsed.problems[3]
    assert parsed.text() == text


def test_duplicate_ids_and_stray_end_markers_are_reported():
    entry = format_entry(make())
    text = entry + "\n" + entry + "<!-- /bookmark -->\n"
    parsed = parse_notes(text)
    assert len(parsed.bookmarks) == 1
    second_start = entry.count("\n") + 2
    assert parsed.problems == [
        f"line {second_start}: bookmark id {make().id} appears again (first at line 1); "
        "this copy is kept but not read",
        f"line {text.count(chr(10))}: '<!-- /bookmark -->' without a start marker",
    ]


def test_unclosed_entry_before_the_next_one_does_not_swallow_it():
    first = format_entry(make(start=1, end=2)).replace("<!-- /bookmark -->\n", "")
    second = format_entry(make(start=3, end=4))
    parsed = parse_notes(first + second)
    assert [b.start for b in parsed.bookmarks] == [3]
    assert "before line" in parsed.problems[0]


def test_crlf_and_bom_files_parse_and_keep_their_form():
    text = "\ufeff# Notes\r\n\r\n" + format_entry(make(note="n"), "\r\n")
    parsed = parse_notes(text)
    assert parsed.problems == [] and parsed.bookmarks[0].note == "n"
    assert parsed.bookmarks[0].quote == "They reviewed the situation in Kursk."
    assert parsed.newline == "\r\n" and parsed.text() == text


def test_unicode_line_separators_do_not_split_lines():
    bookmark = make(quote="one\u2028two\x85three\u2029four")
    assert round_trip(bookmark).quote == bookmark.quote


def test_markdown_export_is_the_entries():
    one, two = make(start=1, end=2), make(start=3, end=4)
    text = format_entries([one, two])
    assert text == format_entry(one) + "\n" + format_entry(two)
    assert parse_notes(text).bookmarks == [one, two]
