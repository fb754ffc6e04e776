"""What ``y`` copies: a passage and its citation, by a format that ``citation:`` in
config.yaml can replace. Headless: no Textual here.

The format is a Python format string over these fields: ``text`` (the passage), ``outlet``,
``title`` (the headline, or the article's opening words), ``date`` (YYYY-MM-DD, or
"undated"), ``author``, ``url``, ``file`` (the path in the briefing folder), ``where``
(the URL, else the file) and ``passage`` (its number, from 1, as the reader shows it).
"""

from __future__ import annotations

import string

from index.corpus.articles import Article

FIELDS = ("text", "outlet", "title", "date", "author", "url", "file", "where", "passage")
DEFAULT_CITATION = '"{text}"\n— {outlet}, "{title}", {date}, {where}, ¶{passage}'


def citation_problem(template: str) -> str | None:
    """Why ``template`` cannot be used as a citation format, or None when it can."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        return f"not a format ({error}; write {{{{ and }}}} for braces)"
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in FIELDS:
            return f"unknown field {{{field}}} (fields: {', '.join(FIELDS)})"
        if spec or conversion:
            return f"{{{field}}} takes no format spec or conversion"
    return None


def citation_fields(article: Article, number: int, text: str) -> dict[str, str]:
    """The values of the fields for passage ``number`` (from 0) of ``article``."""
    where = article.url or article.path
    return {
        "text": text,
        "outlet": article.label,
        "title": article.heading,
        "date": article.date or "undated",
        "author": article.author or "",
        "url": article.url or "",
        "file": article.path,
        "where": where,
        "passage": str(number + 1),
    }


def cite(article: Article, number: int, template: str = DEFAULT_CITATION) -> str:
    """Passage ``number`` of ``article`` with its citation, by ``template``."""
    text = article.passages[number].text
    return template.format_map(citation_fields(article, number, text))
