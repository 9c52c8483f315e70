"""Edit string values in YAML text in place, keeping every other byte: layout, comments, quotes.

Used to write translations back into items and front matter. The span of each value is found by
composing the YAML (PyYAML keeps where each node starts and ends); the new value is written in the
value's own style where it can be (a ``|`` block stays a block) and as a plain or double-quoted
scalar otherwise. A key the mapping lacks (``ja`` of ``{vi: …}``) is added in the mapping's own
style, after the last key that comes before it in a given order (the portal's languages); an
entry can be taken out of a list (``untranslated: [en, ja]``), and the key with its last entry.
The caller reads the result back to check it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import yaml

from generator.content.yamlsource import Loc

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n:#,\[\]{}]*")
_UNWRITTEN = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""What YAML would read as a line break (NEL, U+2028, U+2029: the rest of the value a key of its
own) or refuses to read (C1 controls …), escaped in a double-quoted scalar and never in a block."""


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
        new = _render(value, node, text[start:end])
        spans.append((start, end, " " + new if start == end else new))  # "ja:" with no value
    return _apply(text, spans)


def set_scalars(text: str, edits: dict[Loc, str], order: Sequence[str] = ()) -> str:
    """``text`` with the string at each key path of ``edits`` replaced, or added when the
    mapping holding it lacks the key.

    Args:
        text: a YAML document.
        edits: new values by key path (``("tasks", 0, "what", "ja")``); the mapping holding
            each (``tasks.0.what``) must exist.
        order: the order keys are kept in (``vi, en, zh, ja, ko, lo``): an added key goes
            after the last key of the mapping that comes before it, else first.

    Raises:
        YamlEditError: a mapping that is missing, or a value that is not a string.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    present = {loc: value for loc, value in edits.items() if _node_at(root, loc) is not None}
    text = replace_scalars(text, present) if present else text
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    spans = []
    for loc, value in edits.items():
        if loc in present:
            continue
        mapping = _node_at(root, loc[:-1])
        if not isinstance(mapping, yaml.MappingNode) or not mapping.value:
            raise YamlEditError(f"no mapping at {'.'.join(map(str, loc[:-1]))}")
        spans.append(_added(text, mapping, str(loc[-1]), value, list(order)))
    return _apply(text, spans)


def remove_from_list(text: str, loc: Loc, entry: str) -> str:
    """``text`` without ``entry`` in the list at ``loc`` of the top-level mapping; without the
    key at all when ``entry`` was its last one (an empty list is the default).

    Raises:
        YamlEditError: no list at ``loc``, or ``entry`` not in it.
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = _node_at(root, loc)
    if not isinstance(node, yaml.SequenceNode):
        raise YamlEditError(f"no list at {'.'.join(map(str, loc))}")
    index = next((i for i, n in enumerate(node.value) if n.value == entry), None)
    if index is None:
        raise YamlEditError(f"no '{entry}' in {'.'.join(map(str, loc))}")
    if len(node.value) == 1:
        parent = _node_at(root, loc[:-1])
        assert isinstance(parent, yaml.MappingNode)
        key = next(k for k, v in parent.value if v is node)
        last = node.end_mark.index if node.flow_style else node.value[-1].end_mark.index
        return text[: _line_start(text, key.start_mark.index)] + text[_line_end(text, last) :]
    element = node.value[index]
    if not node.flow_style:
        start = _line_start(text, element.start_mark.index)
        return text[:start] + text[_line_end(text, element.end_mark.index) :]
    if index + 1 < len(node.value):
        start, end = element.start_mark.index, node.value[index + 1].start_mark.index
    else:
        start, end = node.value[index - 1].end_mark.index, element.end_mark.index
    return text[:start] + text[end:]


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just after the newline that ends the line holding the character before ``index``."""
    at = text.find("\n", max(index - 1, 0))
    return len(text) if at < 0 else at + 1


def _added(
    text: str, mapping: yaml.MappingNode, key: str, value: str, order: list[str]
) -> tuple[int, int, str]:
    """Where and how ``key: value`` goes into ``mapping``: after the last key before it in
    ``order``, in the mapping's style (``, ja: …`` in a flow mapping, a line of its own at the
    keys' indentation in a block one)."""
    rank = {name: i for i, name in enumerate(order)}
    wanted = rank.get(key, len(order))
    before = [(k, v) for k, v in mapping.value if rank.get(k.value, len(order)) <= wanted]
    if mapping.flow_style:
        if before:
            at = before[-1][1].end_mark.index
            return at, at, f", {key}: {scalar(value)}"
        at = mapping.value[0][0].start_mark.index
        return at, at, f"{key}: {scalar(value)}, "
    indent = " " * mapping.value[0][0].start_mark.column
    line = f"{indent}{key}: {_block_value(value, indent)}\n"
    if not before:
        at = _line_start(text, mapping.value[0][0].start_mark.index)
        return at, at, line
    at = _line_end(text, before[-1][1].end_mark.index)
    return at, at, line if text[:at].endswith("\n") or not at else "\n" + line


def _block_value(value: str, indent: str) -> str:
    """``value`` in a block mapping: a literal block when it has several lines."""
    if "\n" not in value.strip("\n") or not _fits_a_block(value):
        return scalar(value)
    body = value.strip("\n").split("\n")
    return "|-\n" + "\n".join(f"{indent}  {line}" if line else "" for line in body)


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
    if node.style in ("|", ">") and _fits_a_block(value):
        return _block(value, span)
    if node.style in ("|", ">"):
        return scalar(value) + span[len(span.rstrip()) :]
    return scalar(value)


def _fits_a_block(value: str) -> bool:
    """Whether a literal block reads ``value`` back as it is: no line break but ``\\n``, nothing
    YAML refuses, and a first line that does not start with a space (the block's indentation)."""
    return not _UNWRITTEN.search(value) and "\r" not in value and value.strip("\n")[:1] not in " \t"


def scalar(value: str) -> str:
    """``value`` as a one-line YAML scalar, valid in block and flow context: plain when it reads
    back as the same string, double-quoted otherwise."""
    plain = _PLAIN.fullmatch(value) and not _UNWRITTEN.search(value) and value == value.strip()
    if plain and yaml.safe_load(value) == value:
        return value
    quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars
    return _UNWRITTEN.sub(lambda match: f"\\u{ord(match.group(0)):04x}", quoted)


def _block(value: str, span: str) -> str:
    """A literal block scalar with the indentation of the one it replaces."""
    lines = span.split("\n")
    content = [line for line in lines[1:] if line.strip()]
    indent = " " * (len(content[0]) - len(content[0].lstrip(" "))) if content else "  "
    body = value.strip("\n").split("\n")
    tail = span[len(span.rstrip()) :]
    header = "|" if tail.startswith("\n") else "|-"
    return header + "\n" + "\n".join(indent + line if line else "" for line in body) + tail
