"""Russian and Ukrainian function words are left out of expansion and comparisons."""

from __future__ import annotations

import pytest
from whoosh.analysis import STOP_WORDS

from index.compare.terms import TermMaker
from index.search.api import Searcher
from index.search.stopwords import ENGLISH, STOPWORDS
from index.search.store import CorpusIndex
from index.search.syntax import Topic

RUSSIAN = {
    "a.txt": "Станция снова работает: оператор сообщил, что турбина, которая была отключена, "
    "также запущена, и что охлаждение, которое было нарушено, тоже восстановлено.\n\n"
    "Цены на зерно в порту выросли.",
    "b.txt": "На станции, как сообщил инженер, была проверена турбина, которая также "
    "была в ремонте; он сказал, что охлаждение уже работает.\n\n"
    "Турбина и охлаждение станции были осмотрены, и это было сделано ночью.",
    "c.txt": "Футбольный матч перенесли из-за дождя.\n\nЦены на хлеб в городе не изменились.",
}
UKRAINIAN = {
    "a.txt": "Станція знову працює: оператор повідомив, що турбіна, яка була вимкнена, "
    "також запрацювала, і що охолодження, яке було порушене, теж відновили.\n\n"
    "Ціни на зерно в порту зросли.",
    "b.txt": "На станції, як повідомив інженер, перевірили турбіну, яка також була "
    "в ремонті; він сказав, що охолодження вже працює.\n\n"
    "Турбіну та охолодження станції оглянули, і це було зроблено вночі.",
    "c.txt": "Футбольний матч перенесли через дощ.\n\nЦіни на хліб у місті не змінилися.",
}
FUNCTION_WORDS = {
    "что", "которая", "которое", "была", "были", "было", "также", "тоже", "это", "сообщил",
    "сказал", "как", "уже", "що", "яка", "яке", "була", "було", "також", "теж", "повідомив",
    "сказав", "він", "вже", "це", "та",
}  # fmt: skip


@pytest.mark.parametrize(
    ("files", "query", "content"),
    [
        (RUSSIAN, "станция", {"охлаждение", "турбина"}),
        (UKRAINIAN, "станція", {"охолодження", "турбіну"}),
    ],
)
def test_expansion_offers_no_function_words(write_corpus, tmp_path, files, query, content):
    corpus_index = CorpusIndex(write_corpus(files), tmp_path / "cache")
    corpus_index.update()
    topic = Topic("Plant", query, expand=True)
    result = Searcher(corpus_index, [topic], {}).search(topic.query)
    assert content <= set(result.expansion)
    assert not set(result.expansion) & FUNCTION_WORDS


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "Турбина, которая была отключена, также запущена, сообщил оператор.",
            ["турбина", "отключена", "запущена", "оператор"],
        ),
        (
            "Турбіна, яка була вимкнена, також запрацювала, повідомив оператор.",
            ["турбіна", "вимкнена", "запрацювала", "оператор"],
        ),
    ],
)
def test_comparison_terms_keep_only_content_words(text, keys):
    assert [term.key for term in TermMaker().terms(text)] == keys


def test_english_list_is_unchanged_and_shared_stems_stay_learnable():
    assert {word for word in STOPWORDS if word.isascii()} == ENGLISH
    assert set(STOP_WORDS) <= ENGLISH
    assert {"после", "біля", "передает", "котор", "яки"} <= STOPWORDS
    assert not {"посл", "біл", "переда"} & STOPWORDS  # the ambassador, the White House…
