"""A topic on a large folder makes the pane hits of the views drawn only: the others keep
their search result group, and the count line, the landing and later keys read it."""

from __future__ import annotations

from tests.pilot import WIDE, counts, listed, matched_words, press, reader, ready, run

MILL = (
    "Valley Courier\n\n"
    "The mill at bend {n} reopened\n\n"
    "Workers at mill {n} returned after the flood, the owner said.\n\n"
    "{middle}\n\n"
    "The river is expected to fall by Friday.\n"
)
ON_TOPIC = "Troops near Kursk closed the bridge road at noon."
OFF_TOPIC = "The bakery on the square sold out of rye by nine."
COUNT, ON = 30, 20  # articles; the first ON of them are on the topic


@run
async def test_a_topic_makes_pane_hits_only_for_the_views_drawn(write_corpus):
    files = {
        f"{n:02}.txt": MILL.format(n=n, middle=ON_TOPIC if n < ON else OFF_TOPIC)
        for n in range(COUNT)
    }
    root = write_corpus(files)
    await listed(root)  # the first launch lists the folder
    app = reader(root)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1")  # Kursk
        screen = app.reader
        assert f"{COUNT} sources · {ON} with hits" in counts(app)
        drawn = [pane.view for pane in screen.panes]
        assert [view.path for view in drawn] == [f"{n:02}.txt" for n in range(len(drawn))]
        made = {view.path for view in screen.views[:ON] if view.hits_made}
        assert made == {view.path for view in drawn}  # the other views with hits wait
        assert matched_words(screen.panes[0]) == [(3, "Kursk")]
        waiting = screen.views[ON - 1]
        assert waiting.path == f"{ON - 1:02}.txt" and not waiting.hits_made
        assert waiting.best_hit() == 3 and waiting.cursor == 3  # landed from its group
        assert waiting.hit_count == 1 and waiting.hits_made  # made once asked
        assert not any(view.hit_count or view.best_hit() for view in screen.views[ON:])

        await press(pilot, "0")  # cleared: no view keeps hits
        assert f"{COUNT} sources" in counts(app) and "with hits" not in counts(app)
        assert all(view.hit_count == 0 for view in screen.views)
