"""Inline Markdown as text and codes: what a translator edits, and what a CAT tool protects.

A segment of a page or of an item's text is Markdown. Its inline markup becomes *codes*, so that a
CAT tool shows it as tags the translator moves but cannot break:

- a link or an image: a pair of codes around its text (``[`` … ``](url)``, ``![`` … ``](src)``);
- emphasis (``**``, ``__``, ``*``, ``_``, ``~~``): a pair of codes around the emphasised text;
- code spans and autolinks (`` `x` ``, ``<https://…>``): one standalone code, not translated.

Everything else is text. :func:`parse` and :func:`markdown` are inverses: ``markdown(parse(s))``
is ``s`` for every string. Nothing here knows XLIFF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, CLOSE, STANDALONE = "open", "close", "standalone"
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)+?(?<!`)\1(?!`)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^\s<>]+>")
_EMPHASIS = ("**", "__", "~~", "*", "_")


@dataclass(frozen=True)
class Code:
    """A piece of inline markup: ``kind`` is ``open``/``close`` (a pair sharing ``id``) or
    ``standalone``; ``markup`` is the Markdown it stands for."""

    id: str
    kind: str
    markup: str


Part = str | Code


def parse(text: str) -> list[Part]:
    """Split inline Markdown into text and codes.

    Args:
        text: one segment's Markdown.

    Returns:
        Texts and codes in order; ids are numbered from 1 in order of appearance.
    """
    parts: list[Part] = []
    _Scanner(text, parts).run(0, len(text))
    return _merge_texts(parts)


def markdown(parts: list[Part]) -> str:
    """The Markdown of ``parts``."""
    return "".join(part if isinstance(part, str) else part.markup for part in parts)


def signature(parts: list[Part]) -> list[tuple[str, str, str]]:
    """The codes of ``parts`` as (id, kind, markup), sorted: what a translation must keep."""
    return sorted((p.id, p.kind, p.markup) for p in parts if isinstance(p, Code))


def _merge_texts(parts: list[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


class _Scanner:
    """A left-to-right scan that turns inline markup into codes."""

    def __init__(self, text: str, parts: list[Part]):
        self.text = text
        self.parts = parts
        self.next_id = 1

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def run(self, start: int, end: int) -> None:
        text, position, run_start = self.text, start, start
        while position < end:
            before = len(self.parts)
            found = self._markup_at(position, end)
            if found is None:
                position += 2 if text[position] == "\\" else 1
                continue
            self.parts.insert(before, text[run_start:position])
            position = run_start = found
        self.parts.append(text[run_start:end])

    def _markup_at(self, position: int, end: int) -> int | None:
        """Emit the markup starting at ``position``, if any; return where it ends."""
        text = self.text
        for pattern in (_CODE_SPAN, _AUTOLINK):
            match = pattern.match(text, position, end)
            if match:
                self.parts.append(Code(self._id(), STANDALONE, match.group()))
                return match.end()
        if text.startswith("[", position) or text.startswith("![", position):
            return self._link(position, end)
        for delimiter in _EMPHASIS:
            if text.startswith(delimiter, position):
                return self._emphasis(position, end, delimiter)
        return None

    def _link(self, position: int, end: int) -> int | None:
        text = self.text
        opening = "![" if text[position] == "!" else "["
        inner_start = position + len(opening)
        close = _matching(text, inner_start, end, "[", "]")
        if close is None or close + 1 >= end or text[close + 1] not in "([":
            return None
        tail_end = _matching(text, close + 2, end, text[close + 1], ")]"[text[close + 1] == "["])
        if tail_end is None:
            return None
        pair = self._id()
        self.parts.append(Code(pair, OPEN, opening))
        self.run(inner_start, close)
        self.parts.append(Code(pair, CLOSE, text[close : tail_end + 1]))
        return tail_end + 1

    def _emphasis(self, position: int, end: int, delimiter: str) -> int | None:
        text, inner = self.text, position + len(delimiter)
        if inner >= end or text[inner].isspace() or text[inner] == delimiter[0]:
            return None
        if delimiter[0] == "_" and position > 0 and text[position - 1].isalnum():
            return None  # intra-word underscores are text (snake_case, file_names)
        close = text.find(delimiter, inner, end)
        while close != -1 and (text[close - 1].isspace() or text[close - 1] == "\\"):
            close = text.find(delimiter, close + 1, end)
        if close == -1 or close == inner:
            return None
        pair = self._id()
        self.parts.append(Code(pair, OPEN, delimiter))
        self.run(inner, close)
        self.parts.append(Code(pair, CLOSE, delimiter))
        return close + len(delimiter)


def _matching(text: str, start: int, end: int, opening: str, closing: str) -> int | None:
    """The index of the ``closing`` bracket that balances an ``opening`` before ``start``."""
    depth, position = 0, start
    while position < end:
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            span = _CODE_SPAN.match(text, position, end)
            if span:
                position = span.end()
                continue
        if char == opening and opening != closing:
            depth += 1
        elif char == closing:
            if depth == 0:
                return position
            depth -= 1
        position += 1
    return None
