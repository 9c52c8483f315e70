"""Segments: the pieces of Vietnamese text a translator translates, with where each comes from.

A page is cut into its title, its description and the blocks of its body: each paragraph, heading,
list item, quotation line and table cell is one segment; fenced code, blank lines, list markers,
heading marks and table rules stay as the page's *skeleton*, which a translated page is rebuilt
from. An item is cut by field: every six-language value (``{vi: …, en: …}``), however deeply
nested in lists, is one segment named by its path (``tasks.0.what``).

Each segment keeps its Vietnamese Markdown, the current translation where one exists (an item's
value; a page's block when the translation has as many blocks as the Vietnamese), the file and
line it comes from. Nothing here knows XLIFF or MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.loader import LoadedItem
from generator.content.pages import PageSource
from generator.content.portal import Portal
from generator.content.yamlsource import Loc
from generator.i18n.freshness import STATES, TranslationState, portal_states
from generator.i18n.languages import DEFAULT
from generator.i18n.localized import localized_fields

PAGE_FIELDS = ("title", "description")
EXPORTED_STATES = ("missing", "stale")
_FENCE = re.compile(r"^\s*(```+|~~~+)")
_TABLE_RULE = re.compile(r"^\s*\|?(\s*:?-+:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_PREFIX = re.compile(
    r"^(?P<prefix>\s{0,3}#{1,6}\s+|\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?|\s*(?:>\s?)+)"
)
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")


@dataclass(frozen=True)
class Segment:
    """One text to translate.

    Args:
        id: unique in the export: ``page:<key>#title``, ``page:<key>#b3``,
            ``item:<kind>/<slug>#tasks.0.what``.
        source: the Vietnamese Markdown.
        target: the current translation, when there is one to show.
        path: the file holding the Vietnamese.
        where: the field or block, as a translator reads it (``title``, ``block 3``).
        line: the line of the Vietnamese in ``path``.
    """

    id: str
    source: str
    target: str | None
    path: Path
    where: str
    line: int


@dataclass
class Document:
    """A page or item in one language: its segments and how to put a translation back.

    ``skeleton`` (pages) is the Vietnamese body as text pieces and segment ids; ``locs``
    (items) maps each segment id to the path of its value in the YAML.
    """

    subject: str
    key: str
    lang: str
    state: str
    source_path: Path
    path: Path
    segments: list[Segment] = field(default_factory=list)
    skeleton: list[str | Segment] = field(default_factory=list)
    locs: dict[str, Loc] = field(default_factory=dict)


# --- pages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    text: str
    line: int  # 0-based, in the body


def body_pieces(body: str) -> list[str | _Block]:
    """The body as skeleton text and translatable blocks; joined, they are the body again."""
    pieces: list[str | _Block] = []
    lines = body.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        newline = "\n" if index < len(lines) - 1 else ""
        fence = _FENCE.match(line)
        if fence:
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(fence.group(1)):
                end += 1
            end = min(end, len(lines) - 1)
            pieces.append(
                "\n".join(lines[index : end + 1]) + ("\n" if end < len(lines) - 1 else "")
            )
            index = end + 1
            continue
        if not line.strip() or _TABLE_RULE.match(line):
            pieces.append(line + newline)
            index += 1
            continue
        if line.lstrip().startswith("|"):
            pieces += _table_row(line, index)
            pieces.append(newline)
            index += 1
            continue
        end = index + 1
        while end < len(lines) and _continues(lines[end]):
            end += 1
        prefix = _PREFIX.match(line)
        head = prefix.group("prefix") if prefix else ""
        text = "\n".join([line[len(head) :], *lines[index + 1 : end]])
        pieces.append(head)
        pieces += _trimmed(text, index)
        pieces.append("\n" if end < len(lines) else "")
        index = end
    return [piece for piece in pieces if piece != ""]


def _continues(line: str) -> bool:
    """Whether ``line`` goes on the paragraph above (rather than starting a block)."""
    return bool(
        line.strip()
        and not _FENCE.match(line)
        and not line.lstrip().startswith("|")
        and not _PREFIX.match(line)
    )


def _table_row(line: str, index: int) -> list[str | _Block]:
    pieces: list[str | _Block] = []
    for number, cell in enumerate(re.split(r"(?<!\\)(\|)", line)):
        if number % 2 or not cell.strip():
            pieces.append(cell)
        else:
            pieces += _trimmed(cell, index)
    return pieces


def _trimmed(text: str, line: int) -> list[str | _Block]:
    """``text`` as a block, its surrounding white space (and a heading's closing #) left out."""
    core = text.strip()
    closing = _HEADING_CLOSE.search(core)
    if closing and core[: closing.start()].strip():
        core = core[: closing.start()]
    if not core:
        return [text]
    start = text.index(core)
    return [text[:start], _Block(core, line), text[start + len(core) :]]


def _page_document(portal: Portal, state: TranslationState) -> Document:
    versions = portal.pages[state.key]
    source: PageSource = versions[DEFAULT]
    translation: PageSource | None = versions.get(state.lang)
    prefix = f"page:{state.key}#"
    path = state.path or source.path.with_name(
        source.path.name[: -len(f".{DEFAULT}.md")] + f".{state.lang}.md"
    )
    document = Document("page", state.key, state.lang, state.state, source.path, path)
    for name in PAGE_FIELDS:
        text = getattr(source.meta, name)
        if text:
            target = getattr(translation.meta, name) if translation else None
            line = source.located.line_of((name,))
            document.segments.append(Segment(prefix + name, text, target, source.path, name, line))
    pieces = body_pieces(source.body)
    blocks = [piece for piece in pieces if isinstance(piece, _Block)]
    targets: list[str | None] = [None] * len(blocks)
    if translation is not None:
        theirs = [p.text for p in body_pieces(translation.body) if isinstance(p, _Block)]
        if len(theirs) == len(blocks):
            targets = list(theirs)
    numbered = iter(range(1, len(blocks) + 1))
    for piece in pieces:
        if isinstance(piece, str):
            document.skeleton.append(piece)
            continue
        number = next(numbered)
        segment = Segment(
            f"{prefix}b{number}",
            piece.text,
            targets[number - 1],
            source.path,
            f"block {number}",
            source.body_line + piece.line,
        )
        document.segments.append(segment)
        document.skeleton.append(segment)
    return document


def page_body(document: Document, texts: dict[str, str]) -> str:
    """The translated body of a page: its skeleton with each block's translation.

    Args:
        document: a page's document.
        texts: each segment id's translation (every block must have one).
    """
    return "".join(p if isinstance(p, str) else texts[p.id] for p in document.skeleton)


# --- items -----------------------------------------------------------------------------------


def _item_document(loaded: LoadedItem, state: TranslationState) -> Document:
    located, lang = loaded.located, state.lang
    document = Document("item", state.key, lang, state.state, loaded.path, loaded.path)
    for loc, texts in localized_fields(located.data):
        if loc and loc[0] == "translation":
            continue
        name = ".".join(str(part) for part in loc)
        segment = Segment(
            f"item:{state.key}#{name}",
            texts[DEFAULT].strip(),
            (texts.get(lang) or "").strip() or None,
            loaded.path,
            name,
            located.line_of((*loc, DEFAULT)),
        )
        document.segments.append(segment)
        document.locs[segment.id] = loc
    return document


# --- choosing ----------------------------------------------------------------------------------


def documents(
    portal: Portal,
    lang: str,
    states: Iterable[str] = EXPORTED_STATES,
    sections: Iterable[str] = (),
) -> list[Document]:
    """The pages and items of ``portal`` whose translation into ``lang`` is in ``states``.

    Args:
        portal: the loaded content.
        lang: a translation language.
        states: which states to take (``missing`` and ``stale`` by default; see
            :mod:`generator.i18n.freshness`).
        sections: only these sections of pages or kinds of item (default: all).

    Returns:
        Pages first (by key), then items (by kind and slug).
    """
    wanted, only = set(states), set(sections)
    chosen = []
    for state in portal_states(portal, [lang]):
        if state.state not in wanted or (only and state.section not in only):
            continue
        if state.subject == "page":
            chosen.append(_page_document(portal, state))
        else:
            kind, slug = state.key.split("/", 1)
            chosen.append(_item_document(portal.items[kind][slug], state))
    return chosen


def documents_by_key(portal: Portal, lang: str) -> dict[tuple[str, str], Document]:
    """Every page and item in ``lang`` as the content is now, by (subject, key)."""
    return {
        (document.subject, document.key): document
        for document in documents(portal, lang, states=STATES)
    }
