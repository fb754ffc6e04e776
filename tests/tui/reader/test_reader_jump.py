"""A compare screen's choice taken by the reader (Pilot): a jump whose query was not searched
yet waits for its answer, then lands on the passage; a newer query cancels it."""

from __future__ import annotations

from tests.pilot import WIDE, reader, ready, run, settle, wait_for
from tui.compare.jump import Jump

ARTICLES = {
    "dockside.txt": "Crane repairs at the harbour\n\n"
    "The port authority said the old crane was stopped on Monday.\n\n"
    "Engineers found a cracked turbine housing in the pump room.\n\n"
    "Work resumes next week, the authority said.",
    "ledger.txt": "Quarterly accounts\n\n"
    "The company reported higher freight volumes.\n\n"
    "A spare turbine was bought for the pump room.\n\n"
    "Its chief executive declined to comment on wages.",
    "weather.txt": "Storm warning\n\n"
    "Gales are expected along the coast tonight.\n\n"
    "Ferries may be cancelled until Thursday.",
}


def passage_with(app, path: str, word: str) -> int:
    view = app.reader.view_for(path)
    return next(p.number for p in view.article.passages if word in p.text)


@run
async def test_a_jump_waits_for_its_query_then_lands_on_the_passage(write_corpus):
    app = reader(write_corpus(ARTICLES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        number = passage_with(app, "ledger.txt", "turbine")
        assert app.reader.searches.cached(app.reader._ask("turbine")) is None
        app.reader.open_jump(Jump("ledger.txt", number, "turbine"))
        await settle(pilot)
        assert app.reader.query_text == "turbine"
        assert app.reader.result is not None
        assert sorted(group.article.path for group in app.reader.result.articles) == [
            "dockside.txt",
            "ledger.txt",
        ]
        focused = app.reader.focused_view
        assert (focused.path, focused.cursor) == ("ledger.txt", number)


@run
async def test_a_query_run_before_the_answer_cancels_the_jump(write_corpus):
    app = reader(write_corpus(ARTICLES))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        number = passage_with(app, "ledger.txt", "turbine")
        app.reader.open_jump(Jump("ledger.txt", number, "turbine"))
        app.reader.run_query("ferries")
        # the turbine worker is cancelled, so wait for the answer rather than the workers
        assert await wait_for(pilot, lambda: app.reader.searches.cached(app.reader._ask("ferries")))
        await pilot.pause()
        assert app.reader.query_text == "ferries"
        focused = app.reader.focused_view
        assert focused.path == "weather.txt"  # landed on the newer query's hit, not the jump
