"""Files in old encodings are detected, read right, named, and searchable."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from index.corpus.articles import load_corpus
from index.corpus.textclean import decode, encoding_name
from index.corpus.webpage import decode_html
from index.search.api import Searcher
from index.search.store import CorpusIndex
from tests.conftest import REPO

UKRAINIAN = (
    "Київ • Вечірній вісник\n\n"
    "Уряд погодив новий графік ремонту мостів через Дніпро. Роботи почнуться навесні, "
    "а рух транспортом обмежать лише вночі.\n\n"
    "Міністр інфраструктури пообіцяв, що пороми курсуватимуть щогодини.\n"
)
RUSSIAN = (
    "Новосибирск, 4 мая\n\n"
    "Городские власти объявили о строительстве нового моста через реку. Работы начнутся "
    "летом и продлятся два года.\n\n"
    "По словам мэра, паромы будут ходить каждый час.\n"
)
WESTERN = (
    "Zürich – The café owners’ association said on Friday that the “winter terraces” "
    "would stay open. Naïve hopes? Perhaps: the façade rules still apply, déjà vu.\n"
)
SPANISH = "El ministro dijo que las conversaciones continuarán el miércoles en Cádiz.\n"
GERMAN = "Die Gespräche über den Brückenbau wurden am Mittwoch fortgesetzt, hieß es.\n"


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        (UKRAINIAN, "cp1251", "windows-1251"),
        (RUSSIAN, "koi8_r", "koi8-r"),
        (RUSSIAN, "cp1251", "windows-1251"),
        ("Москва - паромы\n", "koi8_r", "koi8-r"),  # short: taken for Shift-JIS if unguarded
        ("Київ - мости\n", "cp1251", "windows-1251"),
        (WESTERN, "cp1252", "cp1252"),
        (SPANISH, "cp1252", "cp1252"),
        (GERMAN, "cp1252", "cp1252"),  # reads the same in windows-1250: the Western name wins
        ("Caf\xe9 in Zaporizhzhia\n", "latin-1", "cp1252"),
        (  # long enough for the letters to tell windows-1250 from -1252
            "Rozmowa prezydentów trwała ponad godzinę, a strony uzgodniły wymianę jeńców "
            "wojennych.\n",
            "cp1250",
            "windows-1250",
        ),
    ],
)
def test_legacy_encodings_are_detected_and_named(text, codec, name):
    assert decode(text.encode(codec)) == (text, name)


@pytest.mark.parametrize("text", [UKRAINIAN, RUSSIAN, WESTERN, "plain ASCII\n"])
def test_valid_utf8_is_never_detected_as_something_else(text):
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode(text.encode("utf-16")) == (text, "utf-16")


def test_encoding_names():
    assert [encoding_name(c) for c in ("cp1251", "koi8_r", "cp1252", "iso8859_5", "latin-1")] == [
        "windows-1251",
        "koi8-r",
        "cp1252",
        "iso-8859-5",
        "iso-8859-1",
    ]


def test_cyrillic_files_are_read_right_and_searchable(write_corpus, tmp_path):
    root = write_corpus(
        {
            "uk.txt": UKRAINIAN.encode("cp1251"),
            "ru.txt": RUSSIAN.encode("koi8_r"),
            "west.txt": WESTERN.encode("cp1252"),
        }
    )
    corpus = load_corpus(root)
    assert corpus.warnings == []
    articles = {article.path: article for article in corpus.articles}
    assert {path: article.encoding for path, article in articles.items()} == {
        "ru.txt": "koi8-r",
        "uk.txt": "windows-1251",
        "west.txt": "cp1252",
    }
    assert articles["uk.txt"].text == UKRAINIAN
    assert articles["ru.txt"].text == RUSSIAN
    assert articles["west.txt"].text == WESTERN

    corpus_index = CorpusIndex(root, tmp_path / "index")
    corpus_index.update()
    searcher = Searcher(corpus_index, [], {})
    for query, path, word in (
        ("Дніпро", "uk.txt", "Дніпро"),
        ("пороми", "uk.txt", "пороми"),
        ("паромы", "ru.txt", "паромы"),
        ("строительстве", "ru.txt", "строительстве"),
        ("façade", "west.txt", "façade"),
    ):
        result = searcher.search(query)
        found = {
            group.article.path: [hit.text[a:b] for hit in group.hits for a, b in hit.spans]
            for group in result.articles
        }
        assert found == {path: [word]}, query


def test_a_page_declaring_its_charset_is_read_in_it():
    body = "<p>Уряд погодив новий графік ремонту мостів через Дніпро.</p>"
    for charset, codec, name in (
        ("windows-1251", "cp1251", "windows-1251"),
        ("KOI8-U", "koi8_u", "koi8-u"),
        ("iso-8859-1", "cp1252", "cp1252"),  # as browsers read it
    ):
        if codec == "cp1252":
            body = "<p>Le café de la gare a rouvert mercredi.</p>"
        page = f'<html><head><meta charset="{charset}"></head><body>{body}</body></html>'
        assert decode_html(page.encode(codec)) == (page, name)
    old_style = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body><p>Паромы будут ходить каждый час.</p></body></html>"
    )
    assert decode_html(old_style.encode("koi8_r")) == (old_style, "koi8-r")


def test_a_wrong_charset_declaration_falls_back_to_detection(write_corpus):
    page = (
        '<html><head><meta charset="utf-8"><title>Мости</title></head><body><article>'
        + "".join(f"<p>{line}</p>" for line in UKRAINIAN.split("\n\n")[1:])
        + "</article></body></html>"
    )
    assert decode_html(page.encode("cp1251")) == (page, "windows-1251")
    (article,) = load_corpus(write_corpus({"uk.html": page.encode("cp1251")})).articles
    assert article.encoding == "windows-1251"
    assert [passage.text for passage in article.passages] == [
        "Уряд погодив новий графік ремонту мостів через Дніпро. Роботи почнуться навесні, "
        "а рух транспортом обмежать лише вночі.",
        "Міністр інфраструктури пообіцяв, що пороми курсуватимуть щогодини.",
    ]


def test_utf8_text_never_imports_the_detector(write_corpus):
    root = write_corpus({"uk.txt": UKRAINIAN, "west.txt": WESTERN})
    legacy = write_corpus({"ru.txt": RUSSIAN.encode("koi8_r")}, folder="legacy")
    code = (
        "import sys\n"
        "from index.corpus.articles import load_corpus\n"
        f"load_corpus({str(root)!r})\n"
        "print('charset_normalizer' in sys.modules)\n"
        f"print(load_corpus({str(legacy)!r}).articles[0].encoding)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert run.stdout.splitlines() == ["False", "koi8-r"]
    assert run.stderr == ""


def test_bytes_no_encoding_reads_are_one_warning(write_corpus):
    rng = random.Random(3)
    noise = bytes(rng.choice([*range(0x20, 0x7F), *range(0x80, 0x100)]) for _ in range(2000))
    corpus = load_corpus(write_corpus({"noise.txt": noise, "noise.html": noise, "ok.txt": "Kyiv."}))
    assert [article.path for article in corpus.articles] == ["ok.txt"]
    assert sorted(corpus.warnings) == [
        "skipped noise.html: not a text file (encoding cannot be told)",
        "skipped noise.txt: not a text file (encoding cannot be told)",
    ]
