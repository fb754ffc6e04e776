"""The open reader while another process rebuilds the index (issue 18, item 5): it keeps
answering from the old index, never "0 with hits", and reads the new one once swapped in."""

from __future__ import annotations

import threading

from index.search.store import CorpusIndex
from tests.pilot import reader, ready, run, settle

FILES = {
    "a.txt": "date 2025-03-20 First\n\nKursk was discussed.\n",
    "b.txt": "date 2025-03-21 Second\n\nThe Kursk region came up.\n",
    "c.txt": "date 2025-03-22 Quiet\n\nWheat exports rose in March.\n",
}


def _paths(app) -> set[str]:
    return {group.article.path for group in app.reader.result.articles}


@run
async def test_searches_during_a_rebuild_answer_from_the_old_index(write_corpus):
    root = write_corpus(FILES)
    app = reader(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        halfway, finish = threading.Event(), threading.Event()

        def pause_at_first_file(done: int, total: int, name: str) -> None:
            halfway.set()
            finish.wait(30)

        rebuild = threading.Thread(
            target=lambda: CorpusIndex(root).update(progress=pause_at_first_file, rebuild=True)
        )
        rebuild.start()
        try:
            assert halfway.wait(30)
            app.reader.run_query("Kursk OR discussed")  # not a topic: nothing cached
            await settle(pilot)
            assert _paths(app) == {"a.txt", "b.txt"}  # not "0 with hits"
        finally:
            finish.set()
            rebuild.join(30)
        app.reader.run_query("region")
        await settle(pilot)
        assert _paths(app) == {"b.txt"}  # from the index swapped in
        assert app.reader.briefing.index.update().touched == 0
