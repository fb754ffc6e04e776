"""Parsed YAML remembered between starts: the same text is not parsed twice, and a launch
that finds its config and sidecar remembered never imports PyYAML."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from index import yaml_remembered
from index.yaml_remembered import FOLDER, KEEP, load_yaml_remembered
from index.yaml_safe import YamlError
from tests.conftest import REPO, checkout_env
from tui.config import load_config

SIDECAR = """\
siege.txt: {source: Northern Wire, title: "Day 3 [live]", date: 2025-08-14}
talks.md: {source: Coastal Post, date: null, tags: [talks, grain]}
"""
PARSED = {
    "siege.txt": {
        "source": "Northern Wire",
        "title": "Day 3 [live]",
        "date": date(2025, 8, 14),
    },
    "talks.md": {"source": "Coastal Post", "date": None, "tags": ["talks", "grain"]},
}


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError(f"parsed again: {text[:30]!r}")

    monkeypatch.setattr(yaml_remembered, "load_yaml", refuse)


def test_a_text_parsed_once_is_read_back_with_its_dates(tmp_path, monkeypatch):
    assert load_yaml_remembered(SIDECAR, tmp_path) == PARSED
    _no_parsing(monkeypatch)
    assert load_yaml_remembered(SIDECAR, tmp_path) == PARSED


def test_an_edited_text_is_parsed_again(tmp_path):
    load_yaml_remembered(SIDECAR, tmp_path)
    edited = SIDECAR.replace("Northern Wire", "Southern Wire")
    assert load_yaml_remembered(edited, tmp_path)["siege.txt"]["source"] == "Southern Wire"


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_yaml_remembered(SIDECAR, None) == PARSED
    assert list(tmp_path.iterdir()) == []


def test_a_text_with_a_mistake_is_not_remembered_and_keeps_its_line(tmp_path):
    for _ in range(2):
        with pytest.raises(YamlError) as caught:
            load_yaml_remembered("a: 1\nb: [unclosed\n", tmp_path)
        assert caught.value.line == 3
    assert not (tmp_path / FOLDER).exists()


def test_a_damaged_cache_file_is_parsed_again_and_mended(tmp_path, monkeypatch):
    load_yaml_remembered(SIDECAR, tmp_path)
    (remembered,) = (tmp_path / FOLDER).iterdir()
    remembered.write_bytes(b"\x80\x05 not a pickle")
    assert load_yaml_remembered(SIDECAR, tmp_path) == PARSED
    _no_parsing(monkeypatch)
    assert load_yaml_remembered(SIDECAR, tmp_path) == PARSED


def test_only_the_texts_written_last_are_kept(tmp_path, monkeypatch):
    for number in range(KEEP + 5):
        load_yaml_remembered(f"number: {number}\n", tmp_path)
    assert len(list((tmp_path / FOLDER).iterdir())) == KEEP
    _no_parsing(monkeypatch)
    assert load_yaml_remembered(f"number: {KEEP + 4}\n", tmp_path) == {"number": KEEP + 4}


def test_a_cache_folder_that_cannot_be_written_still_gives_the_data(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder would be")
    assert load_yaml_remembered(SIDECAR, blocked) == PARSED


LAUNCH = """\
import sys
from index.corpus.articles import load_corpus
from tui.config import load_config
config = load_config()
corpus = load_corpus(sys.argv[1], cache_dir=config.cache_dir)
print(len(config.topics), corpus.articles[0].source, "yaml" in sys.modules, sep="|")
"""


def test_a_second_launch_reads_config_and_sidecar_without_pyyaml(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "siege.txt").write_text("A passage on the siege.\n", encoding="utf-8")
    (corpus / "sources.yaml").write_text(SIDECAR, encoding="utf-8")
    env = checkout_env(BRIEFING_TUI_CACHE=str(tmp_path / "cache"))
    seen = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH, str(corpus)],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        seen.append(done.stdout.strip().split("|"))
    topics = str(len(load_config().topics))
    assert seen[0] == [topics, "Northern Wire", "True"]  # the first launch parses both
    assert seen[1] == [topics, "Northern Wire", "False"], "nothing new to parse, PyYAML imported"
