"""Safe YAML loading: plain data only (no tags that build objects), fast where libyaml is.

Aliases (``*name``) are kept in check: a few lines of ``&a [*b, *b, ...]`` nested nine deep
("a YAML bomb") expand to billions of values once the data is copied or turned into text.
:func:`load_yaml` counts what the aliases expand to before building anything and refuses a
text that would grow past :data:`MAX_EXPANDED` values (or ten times the values it writes out,
for a large file), with a :class:`YamlError`, so each caller's one-line message applies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_EXPANDED = 100_000  # values a YAML text may expand to through aliases (when small)


class YamlError(ValueError):
    """Text that is not valid YAML; ``line`` is 1-based when known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.problem, self.line = problem, line


def load_yaml(text: str) -> Any:
    """Parse ``text`` as YAML into plain data; raises :class:`YamlError`, also for aliases
    that would expand it past :data:`MAX_EXPANDED` values."""
    import yaml  # here, not above: a launch that parses nothing skips it (index/yaml_remembered.py)

    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "&" in text and "*" in text:  # no alias without an anchor (config.yaml's "*"s are text)
            _check_aliases(node)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise YamlError(problem, mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


def _loader() -> type:
    """libyaml's safe loader when present (~5× faster), else PyYAML's own."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases expand it too much, or refer to themselves.

    Each node is visited once (an alias is the same node object again), so the count costs
    as little as the text, however large the expansion it finds.
    """
    sizes: dict[int, int] = {}  # id(node) -> values it expands to
    open_nodes: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            open_nodes.discard(id(node))
        elif id(node) in open_nodes:
            line = node.start_mark.line + 1 if node.start_mark else None
            raise YamlError("an alias (*name) refers to a value that contains it", line)
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    limit = max(MAX_EXPANDED, 10 * len(sizes))
    if sizes[id(root)] > limit:
        raise YamlError(
            f"its aliases (*name) expand it to more than {limit:,} values "
            "(a YAML bomb?); write the values out instead"
        )


def _children(node: Any) -> list[Any]:
    if isinstance(node.value, list):
        if node.value and isinstance(node.value[0], tuple):  # a mapping: (key, value) pairs
            return [part for pair in node.value for part in pair]
        return node.value
    return []


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (with line numbers); raises :class:`YamlError`."""
    import yaml

    try:
        return yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as error:
        raise YamlError(str(error)) from None
