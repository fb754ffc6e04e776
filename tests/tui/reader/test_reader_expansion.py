"""Feedback expansion in the reader: the ``e`` key, ``reader.expansion`` and the "also:" line."""

from __future__ import annotations

import pytest

from tests.pilot import WIDE, counts, press, reader, ready, run, settle
from tui.config import ConfigError, load_config

# The best hits of "river dam" share words (spillway, gate, fish, ladder) that the briefing
# teaches the query; b.txt's second passage has them without the query's own words.
DAMS = {
    "a.txt": "Engineers said the river dam lost a spillway gate and its fish ladder overnight.\n\n"
    "Shops in the town stayed open.",
    "b.txt": "A second spillway gate at the river dam jammed; the fish ladder is dry.\n\n"
    "The spillway gate and the fish ladder were checked by inspectors.",
    "c.txt": "Bread prices rose again in the harbour town.\n\nA chess final was delayed.",
}
QUERY = '"river dam"'


def write_config(tmp_path, text: str):
    path = tmp_path / "briefing-tui.yaml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def hits(app) -> dict[str, list[tuple[int, str]]]:
    """path -> (passage, kind) of the hits of every view."""
    return {
        view.path: [(n, view.hit_kind(n)) for n in view.hit_passages()]
        for view in app.reader.views
        if view.hit_count
    }


def expansion_spans(app, path: str) -> list[str]:
    """The words of ``path``'s first passage lit as expansion words."""
    view = app.reader.view_for(path)
    hit = view.hits.hits[0]
    kinds = zip(hit.spans, hit.span_kinds, strict=True)
    return [hit.text[a:b] for (a, b), kind in kinds if kind == "expansion"]


@run
async def test_the_key_turns_expansion_on_and_off_for_the_query_shown(write_corpus, tmp_path):
    root = write_corpus(DAMS)
    config = load_config()
    assert config.expansion is False  # off unless the config says so
    app = reader(root, config=config)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.run_query(QUERY)
        await settle(pilot)
        assert hits(app) == {"a.txt": [(0, "match")], "b.txt": [(0, "match")]}
        assert "also:" not in counts(app)

        await press(pilot, "e")
        await settle(pilot)
        assert app.reader.query_text == QUERY  # the same query, run again
        assert set(app.reader.result.expansion) >= {"spillway", "gate", "fish", "ladder"}
        taught = app.reader.result.expansion
        assert len(taught) > 4 and counts(app).endswith(f"also: {', '.join(taught[:4])}, …")
        assert hits(app)["b.txt"] == [(0, "match"), (1, "expansion")]
        lit = expansion_spans(app, "a.txt")  # lit more weakly than the query's own words
        assert {"spillway", "gate", "fish", "ladder"} <= set(lit) and "dam" not in lit
        assert app.reader._message[0].startswith("expansion on")

        await press(pilot, "e")
        await settle(pilot)
        assert hits(app) == {"a.txt": [(0, "match")], "b.txt": [(0, "match")]}
        assert "also:" not in counts(app)
        assert app.reader._message[0].startswith("expansion off")


@run
async def test_the_config_turns_expansion_on_for_every_query(write_corpus, tmp_path):
    root = write_corpus(DAMS)
    config = write_config(tmp_path, "reader:\n  expansion: true\n")
    app = reader(root, config=config)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.reader.run_query(QUERY)
        await settle(pilot)
        assert hits(app)["b.txt"] == [(0, "match"), (1, "expansion")]
        assert "also: fish, gate, ladder, spillway" in counts(app)
        await press(pilot, "e")  # off for the session
        await settle(pilot)
        assert hits(app)["b.txt"] == [(0, "match")]


@run
async def test_a_topic_that_expands_keeps_doing_so_until_the_key_says_otherwise(
    write_corpus, tmp_path
):
    root = write_corpus(DAMS)
    config = write_config(
        tmp_path, f"topics:\n  - name: Dam\n    query: '{QUERY}'\n    expand: true\n"
    )
    app = reader(root, config=config)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")
        await settle(pilot)
        assert "also: fish, gate, ladder, spillway" in counts(app)
        await press(pilot, "e")
        await settle(pilot)
        assert "also:" not in counts(app)
        assert hits(app)["b.txt"] == [(0, "match")]


def test_the_setting_must_be_true_or_false(tmp_path):
    with pytest.raises(ConfigError, match=r"briefing-tui.yaml:2: reader.expansion"):
        write_config(tmp_path, "reader:\n  expansion: maybe\n")
