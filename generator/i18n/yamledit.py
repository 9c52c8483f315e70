"""Replace string values in YAML text in place, keeping every other byte: layout, comments, quotes.

Used to write translations back into items and front matter. The span of each value is found by
composing the YAML (PyYAML keeps where each node starts and ends); the new value is written in the
value's own style where it can be (a ``|`` block stays a block) and as a plain or double-quoted
scalar otherwise. The caller reads the result back to check it.
"""

from __future__ import annotations

import json
import re

import yaml

from generator.content.yamlsource import Loc

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n:#,\[\]{}]*")


class YamlEditError(Exception):
    """A value that cannot be found or written in place."""


def replace_scalars(text: str, edits: dict[Loc, str]) -> str:
    """``text`` with the string at each key path of ``edits`` replaced.

    Args:
        text: a YAML document.
        edits: new values by key path (``("title", "ja")``); each path must exist.

    Raises:
        YamlEditError: a path that is missing or not a string.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    spans = []
    for loc, value in edits.items():
        node = _node_at(root, loc)
        if not isinstance(node, yaml.ScalarNode):
            raise YamlEditError(f"no text at {'.'.join(map(str, loc))}")
        start, end = node.start_mark.index, node.end_mark.index
        spans.append((start, end, _render(value, node, text[start:end])))
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _node_at(node: yaml.Node | None, loc: Loc) -> yaml.Node | None:
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            return None
    return node


def _render(value: str, node: yaml.ScalarNode, span: str) -> str:
    if node.style in ("|", ">"):
        return _block(value, span)
    return scalar(value)


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar, valid in block and flow context: plain when it reads
    back as the same string, double-quoted otherwise."""
    if _PLAIN.fullmatch(value) and value == value.strip() and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def _block(value: str, span: str) -> str:
    """A literal block scalar with the indentation of the one it replaces."""
    lines = span.split("\n")
    content = [line for line in lines[1:] if line.strip()]
    indent = " " * (len(content[0]) - len(content[0].lstrip(" "))) if content else "  "
    body = value.strip("\n").split("\n")
    tail = span[len(span.rstrip()) :]
    header = "|" if tail.startswith("\n") else "|-"
    return header + "\n" + "\n".join(indent + line if line else "" for line in body) + tail
