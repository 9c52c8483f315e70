"""XLIFF files for translators' CAT tools, and the term base as TBX (translate-toolkit).

:func:`write_xliff` turns the segments of :mod:`generator.i18n.segments` into an XLIFF 2.0 file
(or 1.2, which older CAT tools need): one unit per segment, its id the segment's, the Vietnamese
as source, the current translation (if any) as a target still to review, notes giving the file,
line and field, the state of the page or item, and the glossary's terms found in the segment.
Inline Markdown (:mod:`generator.i18n.inline`) becomes inline codes the translator moves but does
not retype: XLIFF 2.0 ``<pc>``/``<ph>`` with the Markdown in ``<originalData>``, XLIFF 1.2
``<bpt>``/``<ept>``/``<ph>`` holding it.

:func:`read_xliff` reads such a file back (as a CAT tool returns it) into :class:`Returned`
units: the source and target as inline parts, and whether the translator finished the target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.storage.tbx import tbxfile
from translate.storage.xliff import xlifffile
from translate.storage.xliff2 import Xliff2File

from generator.i18n import inline
from generator.i18n.glossary import Checker, Glossary
from generator.i18n.inline import CLOSE, OPEN, STANDALONE, Code, Part
from generator.i18n.languages import DEFAULT
from generator.i18n.segments import Document, Segment
from generator.i18n.tool import tr

VERSIONS = ("2.0", "1.2")
NS = {
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
}
TO_REVIEW = {"1.2": "needs-review-translation", "2.0": "initial"}
"""The state of a target that is the current translation of a changed source."""
UNFINISHED = {"new", "needs-translation", "needs-adaptation", "needs-l10n"} | {
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
    "initial",
}


_SKELETON_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
<file original="content" datatype="x-markdown" source-language="{source}" \
target-language="{target}"><body></body></file>
</xliff>"""


class XliffError(Exception):
    """A file that is not an XLIFF file this portal can read (``path: what — fix``)."""


# --- writing -----------------------------------------------------------------------------------


def write_xliff(
    documents: Iterable[Document],
    lang: str,
    root: Path,
    version: str = "2.0",
    glossary: Glossary | None = None,
) -> bytes:
    """The XLIFF file of ``documents``' segments.

    Args:
        documents: from :func:`generator.i18n.segments.documents`.
        lang: the target language.
        root: paths in notes are relative to this folder (the project).
        version: ``2.0`` or ``1.2``.
        glossary: the term base (its terms found in a segment become notes).

    Returns:
        The file, UTF-8.
    """
    if version == "2.0":
        store = Xliff2File()
        store.setsourcelanguage(DEFAULT)
        store.settargetlanguage(lang)
    else:  # the toolkit's own skeleton says 1.1
        store = xlifffile.parsestring(_SKELETON_12.format(source=DEFAULT, target=lang).encode())
    checker = Checker(glossary) if glossary else None
    for document in documents:
        for segment in document.segments:
            unit = store.UnitClass("-")
            store.addunit(unit)
            unit.setid(segment.id)
            _fill(unit, segment, version)
            for note in _notes(document, segment, root, lang, checker):
                _add_note(unit, note, version)
    etree.cleanup_namespaces(store.document)  # the 1.2 units' leftover 1.1 declarations
    return bytes(store)


def _fill(unit, segment: Segment, version: str) -> None:
    source = inline.parse(segment.source)
    _set_content(unit, "source", source, version)
    if segment.target:
        target = inline.parse(segment.target)
        if inline.signature(target) != inline.signature(source):
            target = [inline.markdown(target)]  # shown as text: the translator redoes the codes
        _set_content(unit, "target", target, version)
        holder = unit.xmlelement if version == "2.0" else unit.get_target_dom()
        holder.set("state", TO_REVIEW[version])
        unit.xmlelement.attrib.pop("approved", None)


def _set_content(unit, name: str, parts: list[Part], version: str) -> None:
    setattr(unit, name, "-")  # the toolkit creates the element with its attributes
    node = unit.get_source_dom() if name == "source" else unit.get_target_dom()
    node.text = None
    for child in list(node):
        node.remove(child)
    if version == "2.0":
        _content_20(unit, node, parts)
    else:
        _content_12(node, parts)


def _append_text(node: etree._Element, text: str) -> None:
    if len(node):
        node[-1].tail = (node[-1].tail or "") + text
    else:
        node.text = (node.text or "") + text


def _content_12(node: etree._Element, parts: list[Part]) -> None:
    tags = {OPEN: "bpt", CLOSE: "ept", STANDALONE: "ph"}
    for part in parts:
        if isinstance(part, str):
            _append_text(node, part)
            continue
        code = etree.SubElement(node, f"{{{NS['1.2']}}}{tags[part.kind]}", id=part.id)
        code.text = part.markup


def _content_20(unit, node: etree._Element, parts: list[Part]) -> None:
    stack = [node]
    for part in parts:
        if isinstance(part, str):
            _append_text(stack[-1], part)
        elif part.kind == STANDALONE:
            etree.SubElement(stack[-1], _q20("ph"), id=part.id, dataRef=_data(unit, part))
        elif part.kind == OPEN:
            pc = etree.SubElement(stack[-1], _q20("pc"), id=part.id)
            pc.set("dataRefStart", _data(unit, part))
            stack.append(pc)
        else:
            stack.pop().set("dataRefEnd", _data(unit, part))


def _q20(name: str) -> str:
    return f"{{{NS['2.0']}}}{name}"


def _original_data(unit) -> etree._Element:
    element = unit.getunitelement()
    data = element.find(_q20("originalData"))
    if data is None:
        data = etree.Element(_q20("originalData"))
        notes = element.find(_q20("notes"))
        element.insert(0 if notes is None else element.index(notes) + 1, data)
    return data


def _data(unit, code: Code) -> str:
    """The id of the ``<data>`` holding ``code``'s Markdown (one per distinct markup)."""
    original = _original_data(unit)
    for existing in original:
        if existing.text == code.markup:
            return existing.get("id")
    identifier = f"d{len(original) + 1}"
    etree.SubElement(original, _q20("data"), id=identifier).text = code.markup
    return identifier


def _add_note(unit, text: str, version: str) -> None:
    if version == "1.2":
        unit.addnote(text, origin="developer")
        return
    element = unit.getunitelement()
    notes = element.find(_q20("notes"))
    if notes is None:
        notes = etree.Element(_q20("notes"))
        element.insert(0, notes)
    etree.SubElement(notes, _q20("note"), category="context").text = text


def _notes(
    document: Document, segment: Segment, root: Path, lang: str, checker: Checker | None
) -> list[str]:
    path = _relative(segment.path, root)
    what = "page" if document.subject == "page" else "item"
    notes = [
        f"{path}:{segment.line} — {what} {document.key}, {segment.where}",
        f"translation into {lang}: {document.state}",
    ]
    if checker is not None:
        for term, found in checker.terms_in(segment.source):
            official, *others = term.forms(lang)
            also = f" (also: {', '.join(others)})" if others else ""
            notes.append(f"glossary: {found} → {official}{also}")
    return notes


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def write_tbx(glossary: Glossary, lang: str) -> bytes:
    """The term base as TBX: each term's Vietnamese forms and its renderings in ``lang``."""
    store = tbxfile(sourcelanguage=DEFAULT, targetlanguage=lang)
    for term in glossary.terms:
        unit = store.addsourceunit(term.vi[0])
        unit.set_source_terms(list(term.vi))
        unit.set_target_terms(list(term.forms(lang)), lang)
        if term.note:
            unit.addnote(term.note)
    return bytes(store)


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Returned:
    """One unit of a returned XLIFF file.

    Args:
        id: the segment id.
        source: the source as inline parts.
        target: the target as inline parts (None when there is none).
        finished: whether the target is done (not new, not waiting for review).
    """

    id: str
    source: list[Part]
    target: list[Part] | None
    finished: bool


@dataclass(frozen=True)
class Delivery:
    """A returned XLIFF file: its languages and units."""

    version: str
    source_lang: str
    target_lang: str
    units: list[Returned]


def read_xliff(data: bytes, path: Path) -> Delivery:
    """Read an XLIFF 2.0 or 1.2 file written by :func:`write_xliff` and filled by a CAT tool.

    Raises:
        XliffError: the file is not XLIFF, or its units are not this portal's.
    """
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise XliffError(
            tr(
                "{path}:{line}: not well-formed XML: {error}",
                path=path,
                line=exc.lineno,
                error=exc.msg,
            )
        ) from None
    version = root.get("version", "")
    if version not in VERSIONS or root.tag != f"{{{NS[version]}}}xliff":
        raise XliffError(tr("{path}:1: not an XLIFF 2.0 or 1.2 file — export it again", path=path))
    store = Xliff2File.parsestring(data) if version == "2.0" else xlifffile.parsestring(data)
    units = []
    for unit in store.getunits():
        unit_id = unit.getid() if version == "2.0" else unit.xmlelement.get("id")
        source = _parts(unit.get_source_dom(), unit, version)
        target_node = unit.get_target_dom()
        target = _parts(target_node, unit, version) if target_node is not None else None
        holder = unit.xmlelement if version == "2.0" else target_node
        state = holder.get("state") if holder is not None else None
        finished = bool(target and inline.markdown(target).strip()) and state not in UNFINISHED
        units.append(Returned(unit_id, source, target, finished))
    return Delivery(version, store.getsourcelanguage(), store.gettargetlanguage() or "", units)


def _parts(node: etree._Element, unit, version: str) -> list[Part]:
    data = {}
    if version == "2.0":
        original = unit.getunitelement().find(_q20("originalData"))
        data = {d.get("id"): d.text or "" for d in original} if original is not None else {}
    parts: list[Part] = []
    _walk(node, version, data, parts)
    return _merge(parts)


def _walk(node: etree._Element, version: str, data: dict[str, str], parts: list[Part]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        identifier = child.get("id") or child.get("startRef") or ""
        if version == "1.2" and name in ("bpt", "ept", "ph"):
            kind = {"bpt": OPEN, "ept": CLOSE, "ph": STANDALONE}[name]
            parts.append(Code(identifier, kind, child.text or ""))
        elif version == "2.0" and name == "pc":
            parts.append(Code(identifier, OPEN, data.get(child.get("dataRefStart"), "")))
            _walk(child, version, data, parts)
            parts.append(Code(identifier, CLOSE, data.get(child.get("dataRefEnd"), "")))
        elif version == "2.0" and name in ("ph", "sc", "ec"):
            kind = {"ph": STANDALONE, "sc": OPEN, "ec": CLOSE}[name]
            parts.append(Code(identifier, kind, data.get(child.get("dataRef"), "")))
        else:
            parts.append(
                Code(
                    identifier,
                    f"unknown <{name}>",
                    etree.tostring(child, encoding="unicode", with_tail=False),
                )
            )
        if child.tail:
            parts.append(child.tail)


def _merge(parts: list[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged
