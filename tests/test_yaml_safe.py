"""YAML parsed once per text: what the cache gives back is what PyYAML gave."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from index.yaml_safe import PARSED_FOLDER, YamlError, load_yaml, load_yaml_remembered
from tests.conftest import REPO

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
        "from index.corpus import load_corpus\n"
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
