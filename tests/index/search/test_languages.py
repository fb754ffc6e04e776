"""Stems by language: Snowball's stemmers (PyStemmer), the English over-stem exceptions."""

from __future__ import annotations

import pytest

from index.search.languages import stem, stem_in, variants

# -- English -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # Porter2 as it always was
        ("running", "run"),
        ("generously", "generous"),
        ("general", "general"),
        ("news", "news"),
        ("happiness", "happi"),
        ("relational", "relat"),
        ("conditional", "condit"),
        ("skies", "sky"),
        ("dying", "die"),
        # Snowball 3's English: a doubled consonant kept, -ogist, "evening" not "even"
        ("added", "add"),
        ("evenings", "evening"),
        ("emergencies", "emergenc"),
        ("geologists", "geolog"),
        ("internal", "internal"),
    ],
)
def test_english_words_have_snowball_english_stems(word, expected):
    assert stem(word) == expected
    assert stem_in(word, "en") == expected


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (("prisoner", "prisoners"), "prisoner"),
        (("authority", "authorities"), "authoriti"),
        (("officer", "officers"), "officer"),
        (("business", "businesses"), "business"),
        (("several",), "several"),
        (("executive", "executives"), "executive"),
        (("animation", "animations"), "animation"),
        (("experiment", "experimented"), "experiment"),
        (("international", "internationally"), "internation"),
    ],
)
def test_over_stem_exceptions_win_over_the_stemmer(forms, key):
    assert {stem(form) for form in forms} == {key}


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("prisoners", "prison"),
        ("policy", "police"),
        ("authorities", "author"),
        ("officers", "office"),
        ("business", "busy"),
        ("several", "severe"),
        ("university", "universe"),
        ("organization", "organ"),
        ("experiment", "experience"),
        ("international", "internal"),
        ("generous", "general"),
        ("news", "new"),
        ("businesses", "busy"),
        ("executives", "execute"),
        ("animations", "animal"),
        ("experiments", "experience"),
    ],
)
def test_over_stems_stay_apart_from_the_word_snowball_would_merge_them_with(word, other):
    assert stem(word) != stem(other)


# -- other languages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "lang", "expected"),
    [
        (("gefangenen", "gefangene"), "de", "de:gefang"),
        (("verhandlungen",), "de", "de:verhandl"),
        (("negociations", "negociation"), "fr", "fr:negoci"),
        (("prisonniers", "prisonnier"), "fr", "fr:prisonni"),
        (("prisioneros", "prisionero"), "es", "es:prisioner"),
        (("negociaciones",), "es", "es:negoci"),
        (("переговоры", "переговоров"), "ru", "переговор"),
        (("пленных", "пленные"), "ru", "плен"),
    ],
)
def test_other_languages_are_stemmed_as_before_with_their_prefix(words, lang, expected):
    assert {stem_in(word, lang) for word in words} == {expected}


@pytest.mark.parametrize(
    ("words", "lang"),
    [
        (("negociacion", "negociaciones"), "es"),  # the accent folded away
        (("participacion", "participaciones"), "es"),
        (("erwartet", "erwarten"), "de"),
        (("einwohnerin", "einwohner"), "de"),
        (("mueller", "muller"), "de"),  # "ue" written for "ü", folded to "u"
        (("genoux", "genou"), "fr"),
    ],
)
def test_folded_word_forms_meet_under_snowball_3(words, lang):
    assert len({stem_in(word, lang) for word in words}) == 1


def test_a_query_word_is_looked_up_under_the_stem_its_passages_have():
    assert stem_in("negociaciones", "es") in variants("negociacion")
    assert stem_in("erwarten", "de") in variants("erwartet")
    assert variants("prisoners")[0] == "prisoner"
