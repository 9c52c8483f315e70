"""Placeholders left for the editor (``TODO: …``, as ``portal new`` writes them) never pass the
check: a page or item is published only once every one has been replaced by real text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from generator.content.problems import Problems
from generator.content.yamlsource import Located
from generator.i18n.tool import tr

MARKER = "TODO"
"""What ``portal new`` writes where the editor must write text."""

_PLACEHOLDER = re.compile(r"^\s*(?:TODO|FIXME|TBD|XXX)\b")


def _fix() -> str:
    return tr(
        "replace the placeholder with the real text (or remove the line if the field is optional)"
    )


def is_placeholder(text: str) -> bool:
    """Whether ``text`` starts with a placeholder word (TODO, FIXME, TBD, XXX, in capitals)."""
    return bool(_PLACEHOLDER.match(text))


def check_data_placeholders(located: Located, problems: Problems) -> None:
    """Report every value of a YAML file or front matter that is still a placeholder."""
    for loc, text in _strings(located.data, ()):
        if is_placeholder(text):
            name = ".".join(map(str, loc)) or "(file)"
            problems.add(
                located.path,
                located.line_of(loc),
                tr("'{name}' is a placeholder", name=name),
                _fix(),
            )


def check_body_placeholders(path: Path, body: str, first_line: int, problems: Problems) -> None:
    """Report every line of a Markdown body that starts with a placeholder."""
    for number, line in enumerate(body.splitlines(), start=first_line):
        if is_placeholder(line):
            problems.add(
                path,
                number,
                tr("the page still holds a placeholder"),
                tr("write the page's text here"),
            )


def _strings(value: object, loc: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, (*loc, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*loc, index))
