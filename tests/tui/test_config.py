"""Configuration: lookup order, merging over the bundled default, one-line errors."""

from __future__ import annotations

import pytest

from tui.config import ConfigError, find_config, load_config
from tui.resources import bundled_path


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_default_has_the_seed_topics():
    config = load_config()
    assert [t.name for t in config.topics][:3] == ["Kursk", "Zaporizhzhia", "POWs"]
    assert "Zelensky" in config.aliases["Zelenskyy"]
    assert config.source.name == "config.yaml" and not config.warnings


def test_lookup_order(isolated_env, monkeypatch):
    user = write(isolated_env / "xdg-config" / "briefing-tui" / "config.yaml", "topics: []\n")
    assert find_config() == user
    local = write(isolated_env / "briefing-tui.yaml", "topics: []\n")
    assert find_config() == local  # the current folder wins over the user folder
    env = write(isolated_env / "env.yaml", "topics: []\n")
    monkeypatch.setenv("BRIEFING_TUI_CONFIG", str(env))
    assert find_config() == env
    explicit = write(isolated_env / "explicit.yaml", "topics: []\n")
    assert find_config(explicit) == explicit


def test_user_file_overrides_only_its_keys(tmp_path):
    path = write(tmp_path / "c.yaml", "topics:\n  - name: Crimea\n    query: Crimea\n")
    config = load_config(path)
    assert [t.name for t in config.topics] == ["Crimea"]
    assert "Zelenskyy" in config.aliases  # from the bundled default
    assert config.source == path


def test_relative_paths_are_read_from_the_config_folder(tmp_path):
    path = write(tmp_path / "conf" / "c.yaml", "corpus: articles\nnotes: ~/n.md\n")
    config = load_config(path)
    assert config.corpus == tmp_path / "conf" / "articles"
    assert config.notes.name == "n.md" and config.notes.is_absolute()


def test_a_topic_past_the_ninth_is_a_warning_and_still_a_topic(tmp_path):
    topics = "".join(f"  - {{name: T{n}, query: word{n}}}\n" for n in range(1, 12))
    path = write(tmp_path / "c.yaml", "topics:\n" + topics)
    config = load_config(path)
    assert [t.name for t in config.topics][9:] == ["T10", "T11"]
    assert config.warnings == [
        f"{path}:11: keys 1-9 show the first nine topics; 'T10', 'T11' only from the "
        "command palette (ctrl+p)"
    ]


def test_where_names_the_line_of_a_setting(tmp_path):
    path = write(tmp_path / "c.yaml", "reader:\n  align: false\nkeys:\n  search: ctrl+f\n")
    config = load_config(path)
    assert config.align is False
    assert config.where("keys", "search") == f"{path}:4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("topics: [\n", ":2: "),  # the wording is the YAML parser's (libyaml or Python)
        ("- just\n- a list\n", ":1: expected 'key: value' settings, found a list"),
        ("topics: Kursk\n", ":1: topics must be a list"),
        ("topics:\n  - name: A\n", ":2: topics[0] needs a name and a query"),
        ("topics:\n  - name: A\n    query: '\"open'\n", ":2: topic 'A': unbalanced quote"),
        ("topics:\n  - {name: A, query: x}\n  - {name: a, query: y}\n", ":3: topic 'a' is defined"),
        ("index:\n  max_file_mb: lots\n", ":2: index.max_file_mb must be a positive number"),
        ("aliases:\n  X: {a: b}\n", ":2: aliases.X must be a list"),
        ("keys:\n  quit: [q]\n", ":2: keys.quit must be a key name"),
        # Unknown keys: a typo would drop the setting without a word.
        ("topics: []\ncolour: blue\n", ":2: unknown setting 'colour' (known: aliases,"),
        (
            "topic:\n  - {name: A, query: a}\n",
            ":1: unknown setting 'topic' (did you mean 'topics'?)",
        ),
        (
            "index:\n  max_file_gb: 1\n",
            ":2: unknown setting 'index.max_file_gb' (did you mean 'index.max_file_mb'?)",
        ),
        (
            "reader:\n  align: true\n  colour: red\n",
            ":3: unknown setting 'reader.colour' (known: align,",
        ),
        # Values of the wrong kind.
        ("reader:\n  align: maybe\n", ":2: reader.align must be true or false, not 'maybe'"),
        (
            "reader:\n  align: 'no'\n",
            ":2: reader.align must be true or false, not 'no' (write it without quotes)",
        ),
        ("reader:\n  pane_width: wide\n", ":2: reader.pane_width must be a whole number"),
        ("reader: [align]\n", ":1: reader must be a mapping of 'key: value', not a list"),
        ("corpus: !!python/object/apply:os.system ['echo hi']\n", ":1: could not determine"),
    ],
)
def test_broken_config_is_one_line_with_file_and_line(tmp_path, text, message):
    path = write(tmp_path / "c.yaml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_missing_explicit_config():
    with pytest.raises(ConfigError, match=r"config file not found: /nope\.yaml"):
        load_config("/nope.yaml")


def test_bundled_config_documents_every_action_with_its_default_key(tmp_path):
    from tui import keymap

    text = bundled_path("config.yaml").read_text(encoding="utf-8")
    assert "reader:\n  # " in text and "\n  align: true\n" in text and "pane_width: 44" in text
    # Uncommenting the whole keys: block gives a valid keymap that changes nothing.
    _head, block = text.split("\nkeys:\n")
    lines = [line.replace("  # ", "  ", 1) for line in block.splitlines() if ": " in line]
    path = write(tmp_path / "c.yaml", "keys:\n" + "\n".join(lines) + "\n")
    config = load_config(path)
    assert sorted(config.keys) == sorted(keymap.BINDING_IDS)
    checked = keymap.check_keymap(config.keys, lambda binding_id: config.where("keys", binding_id))
    assert checked == {b.id: b.key for b in keymap.BINDINGS}
