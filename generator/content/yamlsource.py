"""YAML and front matter read with the line of every value, so errors can point at it."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.content import limits
from generator.i18n.tool import tr

Loc = tuple[str | int, ...]


_BLOCK_SCALAR = re.compile(r"[|>][+-]?[0-9]?\s*(#.*)?$")
"""The end of a line whose value is a block scalar, which starts on the next line."""


@dataclass
class Located:
    """Data read from a file, with the line (1-based) of each key path inside it."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    offset: int = 0

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc] + self.offset
            loc = loc[:-1]
        return self.lines.get((), 1) + self.offset


def value_line(located: Located, loc: Loc) -> int:
    """The first line of a YAML value: its key's line, or the next one for a block (``|``, ``>``).

    Args:
        located: the file's data.
        loc: the value's path (``("body", "en")``).
    """
    line = located.line_of(loc)
    lines = file_lines(located.path)
    starts_block = 0 < line <= len(lines) and _BLOCK_SCALAR.search(lines[line - 1])
    return line + 1 if starts_block else line


@lru_cache(maxsize=64)
def file_lines(path: Path) -> list[str]:
    """The lines of a file the loader read (a BOM dropped), kept while the content is unchanged:
    call ``file_lines.cache_clear()`` before the content is read again."""
    return path.read_text(encoding="utf-8-sig").splitlines()


class YamlSyntaxError(Exception):
    """YAML that cannot be read, at ``line``; ``fix`` when the fault is a refused feature."""

    def __init__(self, line: int, message: str, fix: str = ""):
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__(f"line {line}: {message}")


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings for pydantic, rejects duplicate keys, and refuses
    anchors and aliases."""

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        # Refused while composing, before anything is expanded: nine nested aliases
        # ("billion laughs") expand into 10⁹ values and took 7 GB before this check.
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _refused_anchor(event, anchor)
        return super().compose_node(parent, index)


def _refused_anchor(event: yaml.Event, name: str) -> YamlSyntaxError:
    line = event.start_mark.line + 1
    if isinstance(event, yaml.AliasEvent):
        return YamlSyntaxError(
            line,
            tr(
                "the YAML alias '*{name}' (a copy of a value written elsewhere) is not allowed",
                name=name,
            ),
            tr("write the value out in full here"),
        )
    return YamlSyntaxError(
        line,
        tr("the YAML anchor '&{name}' (a value to be copied elsewhere) is not allowed", name=name),
        tr("remove '&{name}' and write the value out in full wherever '*{name}' stands", name=name),
    )


# Keep YAML's implicit timestamps as plain strings: the models decide what is a date,
# and a quarter such as "2024-Q3" must not half-parse.
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def _construct(node: yaml.Node, loc: Loc, lines: dict[Loc, int], loader: Any) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (date, datetime)):
                key = key.isoformat()
            if key in result:
                raise YamlSyntaxError(
                    key_node.start_mark.line + 1,
                    tr("the key '{key}' appears twice in one mapping", key=key),
                )
            lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = _construct(value_node, (*loc, key), lines, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(n, (*loc, i), lines, loader) for i, n in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse_yaml(text: str, path: Path, offset: int = 0) -> Located:
    """Parse ``text`` into data and a map of key paths to lines.

    Texts parsed before in this process are not parsed again (the live preview reloads the
    content on every save; reading YAML is most of the loading time).

    Args:
        text: the YAML source.
        path: the file it came from (kept for messages).
        offset: lines before ``text`` in the file (front matter starts after ``---``).

    Raises:
        YamlSyntaxError: with the line (in the file) of the fault, or of an anchor or alias
            (refused: see :class:`_Loader`).
    """
    parsed = _PARSED.get((text, offset))
    if parsed is None:
        parsed = _parse(text, offset)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[(text, offset)] = parsed
    data, lines = parsed
    return Located(path, copy.deepcopy(data), dict(lines), offset)


_PARSED: dict[tuple[str, int], tuple[Any, dict[Loc, int]]] = {}
_PARSED_LIMIT = 20_000


def _parse(text: str, offset: int) -> tuple[Any, dict[Loc, int]]:
    fast = _parse_fast(text)
    if fast is not None:
        return fast
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        data = _construct(node, (), lines, loader) if node is not None else {}
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(exc.line + offset, exc.message, exc.fix) from None
    except RecursionError:
        raise YamlSyntaxError(
            1 + offset,
            tr("the values are nested too deeply to read"),
            tr("keep mappings and lists under {count} levels deep", count=limits.MAX_NESTING),
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        raise YamlSyntaxError(line, f"{exc.problem or exc.context}") from None
    finally:
        loader.dispose()
    return data, lines


def _parse_fast(text: str) -> tuple[Any, dict[Loc, int]] | None:
    """``text`` read by libyaml (five times faster), or None for anything libyaml or our rules
    refuse: the pure-Python reader then reports it, with the messages and lines editors know."""
    if _FastLoader is None:
        return None
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return None  # refused, before anything is expanded (see _Loader)
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            lines: dict[Loc, int] = {}
            data = _construct(node, (), lines, loader) if node is not None else {}
        finally:
            loader.dispose()
    except (yaml.YAMLError, YamlSyntaxError, RecursionError):
        return None
    return data, lines


if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with _Loader's resolvers (dates stay strings)."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

else:  # pragma: no cover — PyYAML built without libyaml
    _FastLoader = None


@dataclass
class FrontMatterDocument:
    meta: Located
    body: str
    body_line: int


def split_front_matter(text: str, path: Path) -> FrontMatterDocument:
    """Split a Markdown file into its YAML front matter and body.

    Raises:
        YamlSyntaxError: when the front matter is not closed or not valid YAML.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return FrontMatterDocument(Located(path, {}, {(): 1}), text, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            meta = parse_yaml("".join(lines[1:index]), path, offset=1)
            if meta.data is None:
                meta.data = {}
            return FrontMatterDocument(meta, "".join(lines[index + 1 :]), index + 2)
    raise YamlSyntaxError(1, tr("the front matter opened with '---' is never closed"))
