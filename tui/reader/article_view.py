"""What the reader knows about one article on screen: hits, cursor, rows; no widget.

The app keeps one :class:`ArticleView` per article and only as many pane widgets as fit
side by side; a pane draws whichever view it is bound to. So a briefing of fifty or five
hundred articles costs fifty or five hundred small objects, not as many widget trees, and a
new topic only hands the views of its result their group (whether a query is on is
:class:`Shared`): a view makes its :class:`PaneHits` from it when drawn or asked, so a topic
key costs no more than that on 10,000 articles. A view takes its article's text (which may
be read from the file only then) when a pane draws it; rows are wrapped lazily, per width,
and cached until the pane lets the view go (:meth:`ArticleView.release`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from index.corpus.articles import AnyArticle, UnlistedArticle
from index.search.hit_kinds import MATCH, count_label
from tui.reader.wrap import Line, display_text, wrap_offsets

if TYPE_CHECKING:
    from index.search.api import ArticleHits, Hit

Span = tuple[int, int]

TITLE, BLANK, NOTICE, TEXT, CONTEXT, GAP = range(6)
NO_HITS = "nothing on this topic"
NO_QUERY_HITS = "nothing on this query"  # a query typed, not a topic
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Row(NamedTuple):
    """One screen row of a pane: what it shows and which slice of which text."""

    kind: int
    passage: int  # -1 for rows that are not passage text
    start: int = 0
    end: int = 0


class Highlights(Mapping[int, list[Span]]):
    """Passage -> its hit's spans in the text shown, worked out when a pane first draws that
    passage and kept. Which passages have hits, and how many, come from the hits alone."""

    def __init__(self, hits: dict[int, Hit], text: Callable[[int], str]) -> None:
        self._hits = hits
        self._text = text  # passage number -> its text as the article has it
        self._done: dict[int, tuple[list[Span], list[str]]] = {}

    def spans_and_kinds(self, number: int) -> tuple[list[Span], list[str]]:
        done = self._done.get(number)
        if done is None:
            done = self._done[number] = self._hits[number].highlight(self._text(number))
        return done

    def __getitem__(self, number: int) -> list[Span]:
        if number not in self._hits:
            raise KeyError(number)
        return self.spans_and_kinds(number)[0]

    def __contains__(self, number: object) -> bool:
        return number in self._hits

    def __iter__(self) -> Iterator[int]:
        return iter(self._hits)

    def __len__(self) -> int:
        return len(self._hits)

    @property
    def worked_out(self) -> set[int]:
        """The passages whose spans are worked out so far."""
        return set(self._done)


class SpanKinds(Mapping[int, list[str]]):
    """Passage -> the kind of each of its spans, for the passages with a span that is not a
    ``match`` (worked out with :class:`Highlights`; listing them works out every passage)."""

    def __init__(self, highlights: Highlights) -> None:
        self._highlights = highlights

    def __getitem__(self, number: int) -> list[str]:
        if number in self._highlights:
            kinds = self._highlights.spans_and_kinds(number)[1]
            if any(kind != MATCH for kind in kinds):
                return kinds
        raise KeyError(number)

    def __iter__(self) -> Iterator[int]:
        return (number for number in self._highlights if number in self)

    def __len__(self) -> int:
        return sum(1 for _number in self)


class PaneHits(NamedTuple):
    """The matches of one query in one article: passage -> spans, and passages best first.

    ``spans``: worked out per passage when drawn (:class:`Highlights`); ``kinds``: passage ->
    its hit's kind when not ``match`` (``context``, ``expansion``); ``span_kinds``: passage ->
    each span's kind; ``hits``: passage -> the search's hit.
    """

    spans: Mapping[int, list[Span]]
    best_first: list[int]
    kinds: dict[int, str] = {}  # noqa: RUF012 - never changed
    span_kinds: Mapping[int, list[str]] = {}
    hits: dict[int, Hit] = {}  # noqa: RUF012
    checked: bool = True  # False: not compared with the text shown yet (it was not read)


NO_PANE_HITS = PaneHits({}, [])  # shared: never changed


class ShownHit(NamedTuple):
    """A hit as a pane shows it: the article's text and the spans worked out in it."""

    text: str
    spans: list[Span]
    span_kinds: list[str]
    kind: str


class Layout(NamedTuple):
    """The rows of a view at one width, and where each shown passage starts and ends."""

    rows: list[Row]
    first_row: dict[int, int]
    last_row: dict[int, int]


class Shared:
    """What the views of one reader share: whether a query is shown and whether it is a
    topic's (what a pane without hits says), and counters of changes that caches compare.

    Kept once, not in each view, so that a new query touches only the views of its result
    and of the last one (:meth:`PaneWindow.show <tui.reader.pane_window.PaneWindow.show>`).
    """

    def __init__(self) -> None:
        self.query_active = False
        self.topic = True
        self.version = 0  # bumped when query_active or topic change: the rows depend on them
        self.hidden_version = 0  # bumped when a view is hidden or shown

    def show(self, query_active: bool, topic: bool) -> None:
        """A query is on (or not), a topic's (or one typed)."""
        if (query_active, topic) != (self.query_active, self.topic):
            self.query_active, self.topic = query_active, topic
            self.version += 1


class ArticleView:
    """One article's state in the reader: its hits for the query shown, cursor and rows.

    Whether a query is on is :attr:`shared` with the other views of its window (a view
    alone has its own)."""

    def __init__(self, article: AnyArticle) -> None:
        self.article = article
        self.path: str = article.path  # read 10,000 times a topic key: kept, not a property
        self.shared = Shared()  # the window's, once in one
        self._texts: list[str] | None = None
        self._boilerplate: set[int] = set()  # passages drawn dimmed, known with the texts
        self._title_text: str | None = None
        self._hits: PaneHits | None = NO_PANE_HITS  # None: made from _group when asked
        self._group: ArticleHits | None = None
        self.focus_mode = False
        self._hidden = False
        self.cursor = 0
        self.scroll_y = 0
        self.anchor: int | None = None  # screen row the cursor should start on when shown
        self.marks: dict[int, str] = {}  # bookmarked passages: "saved" or "pending"
        self.figures: dict[int, list[Span]] = {}  # disagreeing figures, per passage
        self._wrapped: tuple[int, list[Line], list[list[Line]]] | None = None
        self._layout: tuple[int, int, Layout] | None = None  # width, shared.version, rows

    # -- what is shown -----------------------------------------------------------------------

    @property
    def query_active(self) -> bool:
        """Whether a query (a topic's or one typed) is shown."""
        return self.shared.query_active

    @property
    def notice(self) -> str:
        """What a pane without hits says."""
        return NO_HITS if self.shared.topic else NO_QUERY_HITS

    @property
    def hidden(self) -> bool:
        """Hidden from the row of panes (key x)."""
        return self._hidden

    @hidden.setter
    def hidden(self, hidden: bool) -> None:
        if hidden != self._hidden:
            self._hidden = hidden
            self.shared.hidden_version += 1

    @property
    def hits(self) -> PaneHits:
        """The matches shown, made from the search result's group when first asked."""
        if self._hits is None:
            self._take(pane_hits(self, self._group))
            self._onto_hit()
        return self._hits

    def _take(self, hits: PaneHits | None) -> None:
        """Keep ``hits``, checked against the text shown if it is read already."""
        hits = hits or NO_PANE_HITS
        if not hits.checked and self._texts is not None:  # shown: check them now
            hits = checked_hits(hits, self.article)
        self._hits = hits

    @property
    def hits_made(self) -> bool:
        """Whether :attr:`hits` are made for the query shown (not only its group kept)."""
        return self._hits is not None

    @property
    def drawn(self) -> bool:
        """Whether a pane took the text to draw it (the hits are checked against it then)."""
        return self._texts is not None

    @property
    def has_hits(self) -> bool:
        """Whether any passage has a hit (told by the result's group while it is unchecked,
        without making the pane's hits)."""
        hits = self._hits
        if hits is None and self._group is not None and not self.drawn:
            return bool(self._group.hits)
        return bool(self.hits.spans)

    @property
    def texts(self) -> list[str]:
        """The passages as drawn: one character for one, so the spans of index/ still apply
        (taken from the article when first drawn; the hits are checked against them then)."""
        if self._texts is None:
            passages = self.article.passages
            self._texts = [display_text(passage.text) for passage in passages]
            self._boilerplate = {passage.number for passage in passages if passage.boilerplate}
            self.cursor = min(self.cursor, max(len(self._texts) - 1, 0))  # see move_cursor
            if not self.hits.checked:
                self._take(self.hits)
        return self._texts

    @property
    def title_text(self) -> str:
        if self._title_text is None:
            self._title_text = display_text(self.article.heading)
        return self._title_text

    def is_boilerplate(self, number: int) -> bool:
        self.texts  # noqa: B018 - read with the texts
        return number in self._boilerplate

    @property
    def passage_count(self) -> int:
        return len(self._texts) if self._texts is not None else self.article.passage_count

    def release(self) -> None:
        """Let go of the text and rows (no pane shows the view); they come back when drawn."""
        self._texts = None
        self._wrapped = None
        self._layout = None

    @property
    def silent(self) -> bool:
        """A query is on and this article has nothing on it."""
        return self.query_active and not self.hits.spans

    @property
    def hit_count(self) -> int:
        return len(self.hits.spans)

    def hit_kind(self, number: int) -> str | None:
        """``match``, ``expansion`` or ``context`` for a hit passage; None for the others."""
        if number not in self.hits.spans:
            return None
        return self.hits.kinds.get(number, MATCH)

    def shown_hit(self, number: int) -> ShownHit | None:
        """The hit on passage ``number`` as drawn (for saying why it matched); None if none."""
        hit = self.hits.hits.get(number)
        if hit is None:
            return None
        spans = self.hits.spans[number]
        kinds = self.hits.span_kinds.get(number) or [hit.kind] * len(spans)
        return ShownHit(self.article.passages[number].text, spans, kinds, hit.kind)

    def hit_passages(self) -> list[int]:
        """Passages with hits, in reading order."""
        return sorted(self.hits.spans)

    def best_hit(self) -> int | None:
        if self._hits is None and not self.drawn:  # unchecked: the group's best
            group = self._group
            return group.hits[0].passage if group is not None and group.hits else None
        return self.hits.best_first[0] if self.hits.best_first else None

    def set_group(self, group: ArticleHits | None) -> None:
        """Show the hits of a new query's result ``group`` (``None``: nothing in this
        article); its :class:`PaneHits` are made when first asked (see :attr:`hits`).
        Whether a query is on is the window's (:attr:`shared`)."""
        self._group = group
        self._hits = None if group is not None else NO_PANE_HITS
        self._onto_hit()
        self._layout = None

    def set_hits(self, hits: PaneHits | None, query_active: bool, topic: bool = True) -> None:
        """Show the matches of a new query (``None``: nothing in this article); ``topic``:
        the query is a topic's, not one typed (both :attr:`shared`: for a window's view, they
        are every view's)."""
        self._group = None
        self._take(hits)
        self.shared.show(query_active, topic)
        self._onto_hit()
        self._layout = None

    def set_focus_mode(self, on: bool) -> None:
        """Show only the hit passages, each with a line of context (when a query is on)."""
        self.focus_mode = on
        self._onto_hit()
        self._layout = None

    def _onto_hit(self) -> None:
        """In focus mode, the cursor onto the nearest hit (hits not made yet: when made)."""
        hits = self._hits
        if self.focus_mode and hits is not None and hits.spans and self.cursor not in hits.spans:
            self.cursor = self._nearest_hit(self.cursor)

    def title(self) -> str:
        article = self.article
        parts = [article.label]
        if article.date:
            parts.append(short_date(article.date))
        parts.append(article.heading)
        return display_text(" · ".join(parts))

    def subtitle(self) -> str:
        if not self.query_active:
            count = self.passage_count
            return f"{count} passage{'s' if count != 1 else ''}"
        return count_label(self.hits.kinds.get(number, MATCH) for number in self.hits.spans)

    # -- rows ----------------------------------------------------------------------------------

    def layout(self, width: int) -> Layout:
        """The rows at ``width`` text columns (cached until hits, query, mode or width
        change)."""
        version = self.shared.version
        if self._layout is not None and self._layout[:2] == (width, version):
            return self._layout[2]
        title_lines, wrapped = self._wrap(width)
        rows = [Row(TITLE, -1, start, end) for start, end in title_lines]
        rows.append(Row(BLANK, -1))
        if self.silent:
            rows += [Row(NOTICE, -1), Row(BLANK, -1)]
        layout = Layout(rows, {}, {})
        if self.focus_mode and self.query_active:
            self._focus_rows(layout, wrapped)
        else:
            for number, lines in enumerate(wrapped):
                if number:
                    rows.append(Row(BLANK, -1))
                _add_passage(layout, number, lines)
        self._layout = (width, version, layout)
        return layout

    def _wrap(self, width: int) -> tuple[list[Line], list[list[Line]]]:
        if self._wrapped is None or self._wrapped[0] != width:
            title = wrap_offsets(self.title_text, width)
            self._wrapped = (width, title, [wrap_offsets(text, width) for text in self.texts])
        return self._wrapped[1], self._wrapped[2]

    def _focus_rows(self, layout: Layout, wrapped: list[list[Line]]) -> None:
        """Hit passages only, with the last line before and the first line after each."""
        rows = layout.rows
        hits = self.hits.spans
        last_context: tuple[int, int] | None = None
        previous_hit = None
        for number in sorted(hits):
            if previous_hit == number - 1:
                rows.append(Row(BLANK, -1))
            else:
                if previous_hit is not None:
                    rows.append(Row(GAP, -1))
                if number > 0:
                    start, end = wrapped[number - 1][-1]
                    if last_context != (number - 1, start):  # not the line just shown
                        rows.append(Row(CONTEXT, number - 1, start, end))
            _add_passage(layout, number, wrapped[number])
            after = number + 1
            if after < len(wrapped) and after not in hits:
                start, end = wrapped[after][0]
                rows.append(Row(CONTEXT, after, start, end))
                last_context = (after, start)
            previous_hit = number

    def row_text(self, row: Row) -> str:
        """The plain text a row shows (without the gutter)."""
        if row.kind == TITLE:
            return self.title_text[row.start : row.end]
        if row.kind in (TEXT, CONTEXT):
            return self.texts[row.passage][row.start : row.end]
        if row.kind == NOTICE:
            return self.notice
        return ""

    # -- the cursor ----------------------------------------------------------------------------

    def navigable(self) -> list[int]:
        """Passages the cursor can stop on: all of them, or the hits in focus mode."""
        if self.focus_mode and self.query_active:
            return self.hit_passages()
        return list(range(self.passage_count))

    def move_cursor(self, number: int) -> None:
        """The cursor on passage ``number``, kept within the article's passages. A file not
        read yet (a never-seen folder's) is not read for this: its cursor is kept within them
        when a pane takes its text. Landing a topic on 10,000 such files read every one with
        a hit, ~5 s on the UI's thread (issue 16)."""
        unread = isinstance(self.article, UnlistedArticle) and not self.article.known
        if unread and self._texts is None:
            self.cursor = max(number, 0)
            return
        if count := self.passage_count:
            self.cursor = min(max(number, 0), count - 1)

    def step(self, delta: int) -> bool:
        """Move to the next (``delta`` > 0) or previous navigable passage; False at an end."""
        return self._move_to(self.navigable(), delta)

    def next_hit(self, delta: int) -> bool:
        """Move to the next/previous hit in reading order; False when there is none."""
        return self._move_to(self.hit_passages(), delta)

    def _move_to(self, stops: Sequence[int], delta: int) -> bool:
        """The cursor to the next (``delta`` > 0) or previous of ``stops`` (in reading order)
        from where it is; False when there is none."""
        if delta > 0:
            target = next((n for n in stops if n > self.cursor), None)
        else:
            target = next((n for n in reversed(stops) if n < self.cursor), None)
        if target is None:
            return False
        self.cursor = target
        return True

    def first(self) -> None:
        stops = self.navigable()
        if stops:
            self.cursor = stops[0]

    def last(self) -> None:
        stops = self.navigable()
        if stops:
            self.cursor = stops[-1]

    def _nearest_hit(self, number: int) -> int:
        return min(self.hits.spans, key=lambda hit: (abs(hit - number), hit))


def _add_passage(layout: Layout, number: int, lines: Sequence[Line]) -> None:
    layout.first_row[number] = len(layout.rows)
    layout.rows.extend(Row(TEXT, number, start, end) for start, end in lines)
    layout.last_row[number] = len(layout.rows) - 1


def pane_hits(view: ArticleView, group) -> PaneHits | None:
    """The hits of one search-result group, kept where the passage is the text shown; their
    spans are worked out in the article's text when a pane draws them.

    The hits of a view no pane has drawn are checked when one first draws it
    (:func:`checked_hits`), so a topic costs no file reads, nor a read of each hit's passage
    from the index (on 10,000 articles read in full, most of a topic key's time: issue 16)."""
    if group is None:
        return None
    return _pane_hits(group.hits, view.article, view.drawn)


def checked_hits(hits: PaneHits, article: AnyArticle) -> PaneHits:
    """``hits`` without those whose passage is not the text shown (the file changed)."""
    kept = _pane_hits(hits.hits.values(), article, True)
    return kept or PaneHits({}, [])


def _pane_hits(found, article: AnyArticle, checked: bool) -> PaneHits | None:
    found = list(found)
    passages = article.passages if checked else None
    indexed = [""] * len(found)
    if checked:
        from index.search.api import hit_texts  # hits exist: the search imported it (Whoosh)

        indexed = hit_texts(found)
    best_first: list[int] = []
    kinds: dict[int, str] = {}
    hits: dict[int, Hit] = {}
    for hit, text in zip(found, indexed, strict=True):
        if passages is None or (
            0 <= hit.passage < len(passages) and passages[hit.passage].text == text
        ):
            best_first.append(hit.passage)
            hits[hit.passage] = hit
            if hit.kind != MATCH:
                kinds[hit.passage] = hit.kind
    if not hits:
        return None
    spans = Highlights(hits, lambda number: article.passages[number].text)
    return PaneHits(spans, best_first, kinds, SpanKinds(spans), hits, checked)


def short_date(date: str) -> str:
    """``2025-03-19`` -> ``19 Mar 2025``; anything else as it is."""
    try:
        year, month, day = date.split("-")
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    except (ValueError, IndexError):
        return date
