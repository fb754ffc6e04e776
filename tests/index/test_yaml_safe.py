"""Safe YAML: plain data only, a line number for a mistake, and no YAML bomb expanded."""

from __future__ import annotations

import re
from datetime import date

import pytest

from index.corpus.articles import load_corpus, read_sidecar
from index.yaml_safe import YamlError, load_yaml
from tui.cli import main
from tui.config import ConfigError, load_config

SIDECAR = """\
a.txt: {source: AP, title: "Call [bold]", date: 2025-03-19}
b.md: {source: UNN, date: null, tags: [x, y], score: 1.5, ok: true}
"""


def test_plain_yaml_becomes_plain_data_with_dates():
    assert load_yaml(SIDECAR) == {
        "a.txt": {"source": "AP", "title": "Call [bold]", "date": date(2025, 3, 19)},
        "b.md": {"source": "UNN", "date": None, "tags": ["x", "y"], "score": 1.5, "ok": True},
    }


def test_a_tag_that_builds_an_object_is_refused():
    with pytest.raises(YamlError):
        load_yaml("a: !!python/object/apply:os.getcwd []\n")


def test_invalid_yaml_raises_with_its_line():
    with pytest.raises(YamlError) as caught:
        load_yaml("a: 1\nb: [unclosed\n")
    assert caught.value.line == 3 and "line 3" in str(caught.value)


# ---------------------------------------------------------------- aliases: YAML bombs


def bomb(levels: int, width: int = 10, key: str = "x") -> str:
    """``levels`` lists of ``width`` aliases to the list before: width**levels values."""
    lines = [f"{key}0: &{key}0 [{', '.join(['v'] * width)}]"]
    for level in range(1, levels):
        refs = ", ".join([f"*{key}{level - 1}"] * width)
        lines.append(f"{key}{level}: &{key}{level} [{refs}]")
    return "\n".join(lines) + "\n"


# 111,111 values: just over the limit, far beyond any real config or sources.yaml (3,000
# entries sharing an anchor stay under it), yet small enough that, were it expanded (copied
# or turned into a title), the test would fail in a second or two rather than
# exhaust the machine, as the nine-level bomb would.
SMALL_BOMB = bomb(5)
BOMB_MESSAGE = "its aliases (*name) expand it to more than 100,000 values (a YAML bomb?)"


def test_the_nine_level_bomb_is_refused_before_anything_is_built():
    with pytest.raises(YamlError, match=re.escape(BOMB_MESSAGE)):
        load_yaml(bomb(9, width=9))  # 387 million values, in nine lines


def test_a_self_referring_alias_is_refused_with_its_line():
    with pytest.raises(YamlError) as caught:
        load_yaml("a: 1\nb: &b [1, *b]\n")
    assert str(caught.value) == "line 2: an alias (*name) refers to a value that contains it"


def test_a_text_without_an_anchor_is_not_walked_for_aliases(monkeypatch):
    """config.yaml's "*"s are comments and wildcards: with no ``&name`` there is no alias to
    count (the walk cost ~0.6 ms of every launch); an alias with no anchor is still refused."""

    def walked(node):
        raise AssertionError("walked a text that has no anchor")

    monkeypatch.setattr("index.yaml_safe._check_aliases", walked)
    text = '# wild* and fuzzy~ queries\ntopics: [{name: Plant, query: "Zaporizh*"}]\n'
    assert load_yaml(text) == {"topics": [{"name": "Plant", "query": "Zaporizh*"}]}
    with pytest.raises(YamlError, match="undefined alias"):
        load_yaml("a: *nowhere\n")


def test_aliases_people_use_still_work():
    """Anchors that share a value, merge keys, and a large file's proportionate growth."""
    text = "defaults: &ap {source: AP, date: 2025-03-19}\n" + "".join(
        f"{n:04}.txt: {{<<: *ap, title: Story {n}}}\n" for n in range(3000)
    )
    data = load_yaml(text)
    assert data["2999.txt"] == {"source": "AP", "date": date(2025, 3, 19), "title": "Story 2999"}
    assert load_yaml(bomb(4))["x3"][9][9][9][9] == "v"  # 11,111 values: allowed


def test_a_bomb_in_config_yaml_is_one_line_naming_the_file(tmp_path, capsys):
    config = tmp_path / "config.yaml"
    config.write_text("reader:\n  align: true\n" + SMALL_BOMB, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert str(caught.value) == f"{config}: {BOMB_MESSAGE}; write the values out instead"
    assert main(["search", "Kursk", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(config) in err and BOMB_MESSAGE in err


def test_a_bomb_in_sources_yaml_is_one_warning_naming_the_file(write_corpus):
    root = write_corpus(
        {
            "a.txt": "Source: AP\n\nA passage on the plant.\n",
            "sources.yaml": "a.txt: {source: Wire}\n" + SMALL_BOMB,
        }
    )
    warnings: list[str] = []
    assert read_sidecar(root, warnings.append) == {}
    assert warnings == [f"ignored sources.yaml: {BOMB_MESSAGE}; write the values out instead"]
    corpus = load_corpus(root)
    assert [a.source for a in corpus.articles] == ["AP"]


def test_a_bomb_in_an_articles_front_matter_is_not_read(write_corpus):
    """The front matter is set aside (as invalid YAML is) and the article read from its text."""
    front = SMALL_BOMB.replace("x4: &x4", "title: &x4") + "source: *x4\n"
    root = write_corpus({"a.md": f"---\n{front}---\nSource: UNN\n\nA passage on the plant.\n"})
    (article,) = load_corpus(root).articles
    assert article.source == "UNN"
    assert article.title is None or "[" not in article.title
