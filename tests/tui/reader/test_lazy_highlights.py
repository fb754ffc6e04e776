"""A topic key works out highlights only for the passages a pane draws: the others are
counted from the search result, and lit in the article's text once a pane scrolls to them."""

from __future__ import annotations

from tests.pilot import WIDE, counts, matched_words, press, reader, ready, run

FILLER = "The ferry timetable for the {n}th week was posted at the quay office."


def _ledger() -> str:
    passages = ["Port Ledger", "Kursk talks: Kursk was named twice at the morning briefing."]
    passages += [FILLER.format(n=n) for n in range(2, 30)]
    passages.append(
        "Late in the evening the drivers waiting at the quay heard that roads near Kursk "
        "would stay closed through the weekend, and the convoy turned back to the depot."
    )
    return "\n\n".join(passages) + "\n"


FILES = {
    "ledger.txt": _ledger(),
    "courier.txt": "Valley Courier\n\nOrchards were quiet.\n\nTroops left Kursk at dawn.\n",
    "gazette.txt": "Coast Gazette\n\nThe regatta was cancelled for wind.\n",
}
LAST = 30  # the ledger's far passage on Kursk


@run
async def test_a_topic_lights_the_drawn_passages_and_the_rest_when_scrolled_to(write_corpus):
    app = reader(write_corpus(FILES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")  # Kursk
        screen = app.reader
        assert "3 sources · 2 with hits" in counts(app)
        ledger = next(view for view in screen.views if view.path == "ledger.txt")
        hits = {n: hit for n, hit in ledger.hits.hits.items()}
        assert sorted(hits) == [1, LAST] and ledger.subtitle() == "2 hits"
        assert ledger.hits.spans.worked_out == {1}  # the far hit is counted, not lit yet
        assert not any(hit.highlighted for hit in hits.values())  # lit in the article's text
        pane = screen.pane_of(ledger)
        assert pane is not None and pane.has_focus
        assert matched_words(pane) == [(1, "Kursk"), (1, "Kursk")]

        await press(pilot, "n")  # the next hit: the pane scrolls down to the far passage
        assert ledger.cursor == LAST
        assert LAST in ledger.hits.spans.worked_out
        assert matched_words(pane) == [(LAST, "Kursk")]
        text = ledger.article.passages[LAST].text
        ((start, end),) = ledger.hits.spans[LAST]
        assert text[start:end] == "Kursk" and start == text.index("Kursk")
        assert "3 sources · 2 with hits" in counts(app) and ledger.subtitle() == "2 hits"
