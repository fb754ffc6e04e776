"""YAML parsed once per text: what the cache gives back is what PyYAML gave."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest

from index.corpus.articles import load_corpus, read_sidecar
from index.yaml_safe import PARSED_FOLDER, YamlError, load_yaml, load_yaml_remembered
from tests.conftest import REPO
from tui.cli import main
from tui.config import ConfigError, load_config

SIDECAR = """\
a.txt: {source: AP, title: "Call [bold]", date: 2025-03-19}
b.md: {source: UNN, date: null, tags: [x, y], score: 1.5, ok: true}
"""


def remembered_files(cache):
    return sorted(file for file in (cache / PARSED_FOLDER).glob("*") if file.suffix != ".tmp")


def test_second_load_comes_from_the_cache_and_equals_the_parse(tmp_path, monkeypatch):
    first = load_yaml_remembered(SIDECAR, tmp_path)
    assert first == load_yaml(SIDECAR)
    assert first["a.txt"]["date"] == date(2025, 3, 19)
    assert len(remembered_files(tmp_path)) == 1

    def no_parsing(text):
        raise AssertionError("parsed again")

    monkeypatch.setattr("index.yaml_safe.load_yaml", no_parsing)
    second = load_yaml_remembered(SIDECAR, tmp_path)
    assert second == first
    assert isinstance(second["a.txt"]["date"], date)


@pytest.mark.parametrize(
    "text", ["1: one\n2: two\n", "s: !!set {a, b}\n", "t: 2025-03-19T10:00:00Z\n"]
)
def test_other_plain_yaml_types_are_remembered_as_they_are(tmp_path, text):
    first = load_yaml_remembered(text, tmp_path)
    assert remembered_files(tmp_path)
    assert repr(load_yaml_remembered(text, tmp_path)) == repr(first) == repr(load_yaml(text))


def test_another_text_is_parsed_afresh(tmp_path):
    load_yaml_remembered(SIDECAR, tmp_path)
    changed = SIDECAR.replace("AP", "Reuters")
    assert load_yaml_remembered(changed, tmp_path)["a.txt"]["source"] == "Reuters"
    assert len(remembered_files(tmp_path)) == 2


def test_a_corrupt_cache_file_is_ignored(tmp_path):
    load_yaml_remembered(SIDECAR, tmp_path)
    (file,) = remembered_files(tmp_path)
    file.write_bytes(file.read_bytes()[:-9])
    assert load_yaml_remembered(SIDECAR, tmp_path) == load_yaml(SIDECAR)
    file.write_text("not marshal data", encoding="utf-8")
    assert load_yaml_remembered(SIDECAR, tmp_path) == load_yaml(SIDECAR)


def test_a_text_is_never_given_what_another_parsed_to(tmp_path, monkeypatch):
    """Files are named by a checksum of the text; two texts with one name still differ."""
    monkeypatch.setattr("index.yaml_safe.zlib.crc32", lambda data: 42)
    load_yaml_remembered(SIDECAR, tmp_path)
    changed = SIDECAR.replace("AP", "Reuter")  # the same length too
    assert load_yaml_remembered(changed, tmp_path)["a.txt"]["source"] == "Reuter"
    assert load_yaml_remembered(SIDECAR, tmp_path)["a.txt"]["source"] == "AP"


@pytest.mark.parametrize("text", ["2025-03-19: a date as a key\n", "x: .nan\n"])
def test_data_the_cache_cannot_give_back_equal_is_parsed_every_time(tmp_path, text):
    assert repr(load_yaml_remembered(text, tmp_path)) == repr(load_yaml(text))
    assert remembered_files(tmp_path) == []


def test_an_unwritable_cache_still_parses(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert load_yaml_remembered(SIDECAR, blocker) == load_yaml(SIDECAR)


def test_invalid_yaml_raises_with_its_line_and_is_not_remembered(tmp_path):
    with pytest.raises(YamlError) as caught:
        load_yaml_remembered("a: 1\nb: [unclosed\n", tmp_path)
    assert caught.value.line == 3 and "line 3" in str(caught.value)
    assert remembered_files(tmp_path) == []


def test_a_second_start_reads_config_and_sidecar_without_pyyaml(seeds_dir, tmp_path):
    """PyYAML costs ~20 ms to import; once a text was parsed, starting again skips it."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from index.corpus.articles import load_corpus\n"
        "from tui.config import load_config\n"
        "config = load_config()\n"
        f"corpus = load_corpus(Path({str(seeds_dir)!r}))\n"
        "print(len(config.topics), corpus.articles[0].source, 'yaml' in sys.modules)\n"
    )

    def start() -> str:
        return subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        ).stdout.split()

    first, second = start(), start()
    assert first[:2] == second[:2] == [first[0], "State"]
    assert int(first[0]) >= 3
    assert (first[-1], second[-1]) == ("True", "False")


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
# for the cache, turned into a title), the test would fail in a second or two rather than
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


def test_aliases_people_use_still_work(tmp_path):
    """Anchors that share a value, merge keys, and a large file's proportionate growth."""
    text = "defaults: &ap {source: AP, date: 2025-03-19}\n" + "".join(
        f"{n:04}.txt: {{<<: *ap, title: Story {n}}}\n" for n in range(3000)
    )
    data = load_yaml_remembered(text, tmp_path)
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
