"""Where the cursor is, for the focused pane's subtitle: ``hit 2/5 · ¶12/40``."""

from __future__ import annotations

from tui.reader.article_view import ArticleView


def position_label(view: ArticleView) -> str:
    """``hit 2/5 · ¶12/40`` on a hit; the hit count and ``¶12/40`` elsewhere (passages and
    hits counted from 1, in reading order)."""
    where = f"¶{view.cursor + 1}/{view.passage_count}"
    if view.cursor in view.hits.spans:
        hits = view.hit_passages()
        return f"hit {hits.index(view.cursor) + 1}/{len(hits)} · {where}"
    if view.query_active:
        return f"{view.subtitle()} · {where}"
    return where
