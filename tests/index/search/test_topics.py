"""Topics that find a subject however a source words it: stems, topic parts, context, languages."""

from __future__ import annotations

import pytest
from rich.console import Console

from index.search.api import Hit, Searcher
from index.search.hit_kinds import count_label
from index.search.languages import language, stem, stem_in, ukrainian_stem, variants
from index.search.store import CorpusIndex
from index.search.syntax import Topic
from index.search.why import explain
from tui.config import ConfigError, load_config
from tui.output.search_output import print_result


def make_searcher(root, tmp_path, topics=(), aliases=None) -> Searcher:
    corpus_index = CorpusIndex(root, tmp_path / "cache")
    corpus_index.update()
    return Searcher(corpus_index, list(topics), aliases or {})


def found(result) -> dict[str, list[tuple[int, str, list[str]]]]:
    """path -> (passage, kind, highlighted words) of every hit, in hit order."""
    return {
        group.article.path: [
            (hit.passage, hit.kind, [hit.text[a:b] for a, b in hit.spans]) for hit in group.hits
        ]
        for group in result.articles
    }


# -- stems that do not conflate ------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [("prisoner", "prisoners"), ("policies", "policy"), ("authority", "authorities")],
)
def test_word_forms_still_meet(one, other):
    assert stem(one) == stem(other)


def test_prisoners_do_not_find_the_city_prison(write_corpus, tmp_path):
    root = write_corpus(
        {"a.txt": "The city prison was shelled overnight.\n\nTwo hundred prisoners were freed."}
    )
    searcher = make_searcher(root, tmp_path)
    assert found(searcher.search("prisoners")) == {"a.txt": [(1, "match", ["prisoners"])]}
    assert found(searcher.search("prison")) == {"a.txt": [(0, "match", ["prison"])]}


def test_police_do_not_find_policy(write_corpus, tmp_path):
    root = write_corpus({"a.txt": "The police closed the road.\n\nA new energy policy was agreed."})
    searcher = make_searcher(root, tmp_path)
    assert found(searcher.search("policies")) == {"a.txt": [(1, "match", ["policy"])]}


# -- topics with more than one query ---------------------------------------------------------

PLANT = Topic(
    "Plant",
    '"nuclear plant" OR Rivne',
    also="reactor OR reactors",
    exclude='"thermal power plant" OR "Rivne region"~3',
    context='"the plant" OR "the station"',
)

PLANT_ARTICLE = "\n\n".join(
    [
        "Engineers inspected the Rivne nuclear plant on Monday.",  # 0: match
        "The station has run on one line for a week.",  # 1: context
        "The plant needs spare parts, its director said.",  # 2: context (second round)
        "Talks on grain exports resume in May.",  # 3: nothing
        "The plant was mentioned again, far from any hit.",  # 4: too far
        "A thermal power plant near the border was hit by drones.",  # 5: excluded
        "Fighting went on in the Rivne and Volyn region overnight.",  # 6: excluded
        "Two reactors were cooled down.",  # 7: also
    ]
)


@pytest.fixture
def plant(write_corpus, tmp_path) -> Searcher:
    root = write_corpus({"plant.txt": PLANT_ARTICLE})
    return make_searcher(root, tmp_path, topics=[PLANT])


def test_a_topic_finds_its_also_words_below_its_query_and_skips_its_exceptions(plant):
    result = plant.search(PLANT.query)  # the topic's query runs as the whole topic
    (group,) = result.articles
    direct = [(h.passage, [h.text[a:b] for a, b in h.spans]) for h in group.hits[:2]]
    assert direct == [(0, ["Rivne", "nuclear plant"]), (7, ["reactors"])]
    assert group.hits[0].score > group.hits[1].score
    assert 5 not in {hit.passage for hit in group.hits}  # "thermal power plant"
    assert 6 not in {hit.passage for hit in group.hits}  # "Rivne ... region"
    assert "except" in result.query.shown and "also reactor" in result.query.shown


def test_a_passage_keeps_the_words_outside_an_exception(write_corpus, tmp_path):
    root = write_corpus(
        {"a.txt": "Shelling in the Rivne region did not reach the Rivne nuclear plant."}
    )
    searcher = make_searcher(root, tmp_path, topics=[PLANT])
    assert found(searcher.search(PLANT.query)) == {
        "a.txt": [(0, "match", ["Rivne", "nuclear plant"])]
    }


def test_context_hits_carry_on_from_a_hit_twice_and_rank_below(plant):
    hits = found(plant.search(PLANT.query))["plant.txt"]
    assert hits == [
        (0, "match", ["Rivne", "nuclear plant"]),
        (7, "match", ["reactors"]),
        (1, "context", ["The station"]),
        (2, "context", ["The plant"]),
    ]
    (group,) = plant.search(PLANT.query).articles
    assert max(h.score for h in group.hits if h.kind == "context") < min(
        h.score for h in group.hits if h.kind == "match"
    )


def test_json_gives_each_hit_and_span_its_kind(plant):
    result = plant.search(PLANT.query)
    assert result.hit_count == 4 and result.context_count == 2
    hits = result.to_json()["articles"][0]["hits"]
    assert [(hit["passage"], hit["kind"], hit["span_kinds"]) for hit in hits] == [
        (0, "match", ["match", "match"]),
        (7, "match", ["match"]),
        (1, "context", ["context"]),
        (2, "context", ["context"]),
    ]
    assert hits[2]["text"][slice(*hits[2]["spans"][0])] == "The station"


def test_a_plain_query_has_no_context_hits(plant):
    hits = found(plant.search('"nuclear plant"'))["plant.txt"]
    assert hits == [(0, "match", ["nuclear plant"])]


# -- topics in the configuration ---------------------------------------------------------------


def write_config(tmp_path, topic_lines: str):
    path = tmp_path / "briefing-tui.yaml"
    path.write_text("topics:\n  - name: Plant\n    query: reactor\n" + topic_lines, "utf-8")
    return path


def test_config_reads_also_except_and_context_as_lists_or_queries(tmp_path):
    path = write_config(
        tmp_path,
        '    also: [NPP, "power station"]\n'
        "    except: '\"thermal power plant\"'\n"
        '    context: ["the plant", "the station"]\n',
    )
    (topic,) = load_config(path).topics
    assert topic == Topic(
        "Plant",
        "reactor",
        also='(NPP) OR ("power station")',
        exclude='"thermal power plant"',
        context='("the plant") OR ("the station")',
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    exept: x\n", r"briefing-tui.yaml:4: topic 'Plant': unknown key 'exept' \(known: "),
        ("    except: '\"open'\n", r"briefing-tui.yaml:4: topic 'Plant': except: unbalanced quote"),
        ("    context: [{a: 1}]\n", "topic 'Plant': context must be a query or a list of queries"),
        ("    expand: maybe\n", "briefing-tui.yaml:4: topic 'Plant': expand must be true or false"),
    ],
)
def test_config_topic_mistakes_are_one_line(tmp_path, line, message):
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(write_config(tmp_path, line))
    assert "\n" not in str(caught.value)


# -- other languages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The convoy reached the border and was stopped there for hours.", "en"),
        ("Der Konvoi hat die Grenze erreicht und wurde dort für Stunden gestoppt.", "de"),
        ("Le convoi est arrivé à la frontière et a été arrêté pendant des heures.", "fr"),
        ("El convoy llegó a la frontera y fue detenido por horas según la policía.", "es"),
        ("Колонна достигла границы и была остановлена на несколько часов.", "ru"),
        ("Колона дійшла до кордону і була зупинена на кілька годин.", "uk"),
    ],
)
def test_a_passage_language_is_told_by_script_and_common_words(text, lang):
    assert language(text) == lang


def test_ukrainian_light_rule_takes_case_endings_off():
    assert {ukrainian_stem(w) for w in ("Харківська", "Харківської", "Харківській")} == {
        "Харківськ"
    }
    assert ukrainian_stem("мир") == "мир"  # too short to lose a letter


def test_german_stems_are_kept_apart_from_english_ones():
    assert stem_in("gefangenen", "de") == "de:gefang"
    assert stem_in("prisoners", "en") == "prisoner"
    assert "de:prison" in variants("prisoners")  # a query word is looked up in every language


LANGUAGES = {
    "uk.txt": "Колона з гуманітарною допомогою прибула до Харківської області.",
    "ru.txt": "Колонна с гуманитарной помощью прибыла в Харьковскую область.",
    "de.txt": "Die Gefangenen wurden nach dem Austausch in die Heimat gebracht und das ist gut.",
    "fr.txt": "Les prisonniers ont été libérés après des mois dans le camp.",
    "es.txt": "Los prisioneros fueron liberados según el ministerio y la familia.",
    "en.txt": "The prison on the hill was closed for good.",
}


@pytest.fixture
def languages(write_corpus, tmp_path) -> Searcher:
    return make_searcher(write_corpus(LANGUAGES), tmp_path)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Харківська", {"uk.txt": [(0, "match", ["Харківської"])]}),
        ("Харьковская", {"ru.txt": [(0, "match", ["Харьковскую"])]}),
        ("Gefangene", {"de.txt": [(0, "match", ["Gefangenen"])]}),
        ("prisonnier", {"fr.txt": [(0, "match", ["prisonniers"])]}),
        ("prisionero", {"es.txt": [(0, "match", ["prisioneros"])]}),
        ("prisoner", {}),  # not the English prison, nor a German, French or Spanish stem
    ],
)
def test_word_forms_meet_in_each_language(languages, query, expected):
    assert found(languages.search(query)) == expected


def test_a_phrase_with_slop_matches_only_where_its_words_stand_near(write_corpus, tmp_path):
    root = write_corpus(
        {
            "a.txt": "Dozens of captured Ukrainian soldiers were shown on television.\n\n"
            "The soldiers said a village had been captured the day before."
        }
    )
    searcher = make_searcher(root, tmp_path)
    assert found(searcher.search('"captured soldiers"~3')) == {
        "a.txt": [(0, "match", ["captured Ukrainian soldiers"])]
    }


# -- counting and showing kinds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "label"),
    [
        ([], "no hits"),
        (["match"], "1 hit"),
        (["match", "expansion", "match"], "3 hits"),
        (["match", "match", "match", "context", "context"], "3 hits + 2 in context"),
    ],
)
def test_count_label_counts_context_apart(kinds, label):
    assert count_label(kinds) == label


def test_search_text_output_shows_context_hits_apart(plant):
    console = Console(record=True, width=200, color_system=None)
    print_result(plant.search(PLANT.query), topic="Plant", console=console)
    lines = console.export_text().splitlines()
    assert lines[2].endswith("— 2 hits + 2 in context")
    assert [line.split()[0] for line in lines[3:7]] == ["¶1", "¶8", "~¶2", "~¶3"]


# -- in the app: counts, kinds and why ---------------------------------------------------------


def test_a_pane_counts_context_hits_apart_and_keeps_each_kind(plant, write_corpus):
    from index.corpus.articles import load_corpus
    from tui.reader.article_view import ArticleView, pane_hits

    root = write_corpus({"plant.txt": PLANT_ARTICLE})
    (article,) = load_corpus(root, 10**6).articles
    view = ArticleView(article)
    (group,) = plant.search(PLANT.query).articles
    view.set_hits(pane_hits(view, group), True)
    assert view.subtitle() == "2 hits + 2 in context"
    assert [view.hit_kind(n) for n in range(5)] == ["match", "context", "context", None, None]
    assert view.hits.span_kinds == {1: ["context"], 2: ["context"]}


@pytest.mark.parametrize(
    ("text", "spans", "kind", "line"),
    [
        ("Fighting near Kursk.", [(14, 19)], "match", "why: Kursk (query word)"),
        ("Two prisoners freed.", [(4, 13)], "match", 'why: prisoners (stem of "prisoner")'),
        ("Бои под Курском.", [(8, 15)], "match", "why: Курском (alias)"),
        ("The reactors stopped.", [(4, 12)], "match", 'why: reactors (also, "reactor")'),
        (
            "The plant is dark.",
            [(0, 9)],
            "context",
            "why: context: The plant (refers back) carries on a hit next to it",
        ),
    ],
)
def test_why_a_passage_matched(text, spans, kind, line):
    hit = Hit(0, 1.0, text, spans, kind=kind)
    assert explain(hit, 'Kursk OR prisoner OR "nuclear plant"', "reactor") == line


# -- feedback expansion ------------------------------------------------------------------------

TURBINES = {
    "a.txt": "The Rivne nuclear plant lost a turbine and its cooling pond overnight.\n\n"
    "Markets in the capital were calm.",
    "b.txt": "A second turbine at the Rivne nuclear plant tripped; the cooling pond is low.\n\n"
    "The turbine hall and the cooling pond were inspected by engineers.",
    "c.txt": "Grain prices rose again in the port city.\n\nA football match was postponed.",
}


def test_expansion_teaches_the_topic_the_words_of_its_best_hits(write_corpus, tmp_path):
    root = write_corpus(TURBINES)
    topic = Topic("Plant", '"nuclear plant"', expand=True)
    result = make_searcher(root, tmp_path, topics=[topic]).search(topic.query)
    assert {"turbine", "cooling", "pond"} <= set(result.expansion)
    assert result.to_json()["expansion"] == result.expansion
    hits = found(result)
    assert hits["b.txt"][-1] == (1, "expansion", ["turbine", "cooling", "pond"])
    first = next(g for g in result.articles if g.article.path == "a.txt").hits[0]
    lit = {
        first.text[a:b]: kind for (a, b), kind in zip(first.spans, first.span_kinds, strict=True)
    }
    assert lit["nuclear plant"] == "match"
    assert lit["turbine"] == "expansion"  # a hit's own expansion words are lit, more weakly
    assert "c.txt" not in hits


def test_without_expand_a_topic_finds_only_its_words(write_corpus, tmp_path):
    root = write_corpus(TURBINES)
    topic = Topic("Plant", '"nuclear plant"')
    result = make_searcher(root, tmp_path, topics=[topic]).search(topic.query)
    assert result.expansion == []
    assert "expansion" not in result.to_json()
    assert {kind for hits in found(result).values() for _n, kind, _w in hits} == {"match"}
