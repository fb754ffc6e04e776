"""The reader's pieces without a screen: wrapping, article views, the keymap."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from index.corpus.articles import article_from_text
from tui import keymap
from tui.config import ConfigError
from tui.reader.article_view import (
    BLANK,
    CONTEXT,
    GAP,
    NOTICE,
    TEXT,
    TITLE,
    ArticleView,
    PaneHits,
    short_date,
)
from tui.reader.wrap import wrap_offsets


def lines(text: str, width: int) -> list[str]:
    return [text[start:end] for start, end in wrap_offsets(text, width)]


# -- wrapping -----------------------------------------------------------------------------------


def test_wrap_breaks_at_spaces_and_drops_trailing_spaces():
    assert lines("the leaders reviewed the situation in Kursk", 15) == [
        "the leaders",
        "reviewed the",
        "situation in",
        "Kursk",
    ]


def test_wrap_folds_words_longer_than_a_line():
    assert lines("a verylongwordwithoutspaces end", 10) == [
        "a",
        "verylongwo",
        "rdwithouts",
        "paces end",
    ]


def test_wrap_counts_wide_characters_as_two_cells():
    text = "日本語のテキスト and 🙂🙂 emoji"
    for line in lines(text, 7):
        assert cell_len(line) <= 7
    assert "".join(lines(text, 7)).replace(" ", "") == text.replace(" ", "")


def test_wrap_of_empty_or_blank_text_is_one_empty_line():
    assert wrap_offsets("", 10) == [(0, 0)]
    assert lines("   ", 10) == [""]


@given(
    st.text(
        alphabet=st.sampled_from(list("ab ␛[]/日本🙂é\n-")),
        max_size=200,
    ),
    st.integers(min_value=2, max_value=60),
)
def test_wrap_never_overflows_and_keeps_every_visible_character(text, width):
    spans = wrap_offsets(text, width)
    shown = ""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start <= end <= len(text)
        line = text[start:end]
        assert cell_len(line) <= width or len(line) == 1
        shown += line
        previous_end = end
    assert shown.split() == [] or "".join(shown.split()) == "".join(text.split())


# -- article views ----------------------------------------------------------------------------

TEXT_OF_ARTICLE = (
    "Title line of the piece\n\n"
    "First paragraph about the weather.\n\n"
    "Second paragraph mentions Kursk once.\n\n"
    "Third paragraph is about energy.\n\n"
    "Fourth paragraph returns to Kursk again.\n\n"
    "Fifth paragraph closes."
)


def view_of(text: str = TEXT_OF_ARTICLE) -> ArticleView:
    return ArticleView(article_from_text("piece.txt", text, "digest"))


def passage_with(view: ArticleView, word: str) -> int:
    return next(p.number for p in view.article.passages if word in p.text)


def kursk_hits(view: ArticleView) -> PaneHits:
    spans = {}
    for passage in view.article.passages:
        at = passage.text.find("Kursk")
        if at >= 0:
            spans[passage.number] = [(at, at + 5)]
    return PaneHits(spans, sorted(spans, reverse=True))


def test_view_rows_show_title_then_every_passage():
    view = view_of()
    layout = view.layout(40)
    kinds = [row.kind for row in layout.rows]
    assert kinds[0] == TITLE
    texts = [view.row_text(row) for row in layout.rows if row.kind == TEXT]
    assert texts == [p.text for p in view.article.passages]
    assert kinds.count(BLANK) == len(view.article.passages)  # after the title, between passages


def test_silent_view_says_so_and_counts():
    view = view_of()
    assert view.subtitle() == f"{len(view.article.passages)} passages"
    view.set_hits(None, query_active=True)
    assert view.silent
    assert view.subtitle() == "no hits"
    assert NOTICE in [row.kind for row in view.layout(40).rows]


def test_hits_subtitle_and_best_hit():
    view = view_of()
    view.set_hits(kursk_hits(view), query_active=True)
    assert view.subtitle() == "2 hits"
    assert view.best_hit() == passage_with(view, "Fourth")
    assert view.hit_passages() == [passage_with(view, "Second"), passage_with(view, "Fourth")]


def test_cursor_steps_and_hits():
    view = view_of()
    view.set_hits(kursk_hits(view), query_active=True)
    view.first()
    assert view.cursor == 0
    assert view.next_hit(1) and view.cursor == passage_with(view, "Second")
    assert view.next_hit(1) and view.cursor == passage_with(view, "Fourth")
    assert not view.next_hit(1)
    assert view.step(1) and view.cursor == passage_with(view, "Fifth")
    assert not view.step(1)
    view.last()
    assert view.cursor == len(view.article.passages) - 1


def test_focus_mode_shows_hits_with_a_line_of_context():
    view = view_of()
    view.set_hits(kursk_hits(view), query_active=True)
    view.set_focus_mode(True)
    rows = view.layout(60).rows
    shown = [(row.kind, view.row_text(row)) for row in rows if row.kind != TITLE]
    assert shown == [
        (BLANK, ""),
        (CONTEXT, "First paragraph about the weather."),
        (TEXT, "Second paragraph mentions Kursk once."),
        (CONTEXT, "Third paragraph is about energy."),
        (GAP, ""),
        (TEXT, "Fourth paragraph returns to Kursk again."),
        (CONTEXT, "Fifth paragraph closes."),
    ]
    assert view.navigable() == view.hit_passages()


def test_focus_mode_moves_the_cursor_onto_a_hit():
    view = view_of()
    view.set_hits(kursk_hits(view), query_active=True)
    view.move_cursor(0)
    view.set_focus_mode(True)
    assert view.cursor in view.hits.spans


def test_title_has_outlet_date_and_title():
    view = ArticleView(
        article_from_text("ap.txt", "Source: AP\nDate: 2025-03-19\n\nBody text.", "d")
    )
    assert view.title().startswith("AP · 19 Mar 2025 · ")
    assert short_date("not a date") == "not a date"


# -- keymap -------------------------------------------------------------------------------------


def test_every_binding_has_a_unique_id_and_a_help_section():
    ids = [binding.id for binding in keymap.BINDINGS]
    assert None not in ids
    assert len(ids) == len(set(ids))
    in_sections = [binding_id for section in keymap.SECTIONS for binding_id in section.ids]
    assert sorted(in_sections) == sorted(ids)


def where(binding_id: str) -> str:
    return f"c.yaml:{len(binding_id)}"  # stands in for config.where("keys", binding_id)


def test_keymap_keeps_the_remapped_keys():
    keys = keymap.check_keymap({"hit.next": "ctrl+n, z", "search": "f5,/"}, where)
    assert keys == {"hit.next": "ctrl+n,z", "search": "f5,/"}
    assert keymap.keys_of("hit.next", keys) == ["ctrl+n", "z"]
    assert keymap.keys_of("hit.previous", keys) == ["N"]


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"jump.somewhere": "x"}, "c.yaml:14: keys.jump.somewhere: no such action ("),
        ({"serch": "x"}, "c.yaml:5: keys.serch: no such action (did you mean 'search'?)"),
        (
            {"search": "ctrl+bogus+key"},
            "c.yaml:6: keys.search: 'ctrl+bogus+key': 'bogus' is not a modifier (ctrl, shift,",
        ),
        ({"search": "ctrl+sapce"}, "c.yaml:6: keys.search: 'ctrl+sapce': 'sapce' is not a key"),
        ({"search": "ctrl+"}, "c.yaml:6: keys.search: 'ctrl+': no key after the last '+'"),
        (
            {"search": "q"},
            "c.yaml:6: keys.search: 'q' is also the key of quit (give quit another key",
        ),
        ({"help": "f1,/"}, "c.yaml:4: keys.help: '/' is also the key of search ("),
        (
            {"quit": "x", "help": "x"},
            "c.yaml:4: keys.help: 'x' is also the key of pane.hide and quit (",
        ),
    ],
)
def test_keymap_says_no_naming_the_line(keys, message):
    with pytest.raises(ConfigError) as error:
        keymap.check_keymap(keys, where)
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_key_taken_from_an_action_remapped_too_is_no_clash():
    keys = keymap.check_keymap({"search": "q", "quit": "ctrl+q"}, where)
    assert keymap.keys_of("search", keys) == ["q"]
    assert keymap.keys_of("quit", keys) == ["ctrl+q"]


def test_every_default_and_named_key_passes():
    for binding in keymap.BINDINGS:
        for key in binding.key.split(","):
            assert keymap.key_problem(key) is None, key
    for key in ("f5", "ctrl+shift+left", "alt+pageup", "escape", "question_mark", "é", "plus"):
        assert keymap.key_problem(key) is None, key
