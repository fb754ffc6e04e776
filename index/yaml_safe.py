"""Safe YAML loading: plain data only (no tags that build objects), fast where libyaml is.

The pure-Python parser takes ~10 ms for the bundled config.yaml; libyaml's takes ~2 ms, and
this runs at every start of the app.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse ``text`` as YAML into plain data; raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=_LOADER)


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (with line numbers); raises ``yaml.YAMLError``."""
    return yaml.compose(text, Loader=_LOADER)
