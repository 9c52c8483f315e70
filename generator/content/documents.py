"""What the published files of ``media/`` hold: bytes of the type their name says, and documents
and subtitles that carry no script, macro, attachment or reference to another site.

:mod:`generator.content.media` decides by name which files are published; this module opens each
one (:func:`file_findings`) before anything is built:

- every type but raster images: its first bytes match its extension (a ``.pdf`` that is a ZIP
  archive, an ``.mp4`` that is an HTML page are refused); JPEG, PNG and WebP files, referenced or
  not, are decoded and written again by :mod:`generator.images` in the check and the build, which
  refuses one that is not an image (an HTML page named ``.jpg``) with its path;
- PDF: no JavaScript, no automatic or launching action, no attachment, no rich media or XFA
  form, read object by object with pypdf (objects inside compressed object streams included) and,
  as a second net, by a scan of the raw bytes outside the streams;
- Office Open XML (``.docx``, ``.xlsx``) and OpenDocument (``.odt``, ``.ods``): no macros, no
  embedded OLE objects, no part fetched from elsewhere when the document opens, and a bounded
  archive (entries and uncompressed bytes are counted before anything is inflated);
- WebVTT: the ``WEBVTT`` signature, and cue text holding only WebVTT's own tags.

SVG drawings are checked by :func:`generator.content.media.svg_findings`. Nothing here knows
MkDocs.
"""

from __future__ import annotations

import logging
import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MAX_ARCHIVE_ENTRIES = 10_000
"""Entries of an office document's ZIP archive. A 200-page report with a hundred pictures has a
few hundred; tens of thousands of entries only make the reader's office program crawl."""

MAX_ARCHIVE_BYTES = 300_000_000
"""The uncompressed size of all entries of an office document, summed from the archive's
directory before anything is inflated (a ZIP bomb declares gigabytes in a few kilobytes)."""

MAX_PART_BYTES = 50_000_000
"""One XML part read to be inspected (``document.xml`` of a very long report is a few MB)."""

MAX_SUBTITLE_BYTES = 2_000_000
"""A WebVTT file: two hours of dense subtitles are some 200 KB."""

_HEAD = 64
RASTERS = (".jpg", ".jpeg", ".png", ".webp")
"""Suffixes :mod:`generator.images` decodes; their bytes are judged there."""


@dataclass(frozen=True)
class Finding:
    """Something found in a file that keeps it from being published: what, where and the fix."""

    line: int
    what: str
    fix: str


def file_findings(path: Path) -> list[Finding]:
    """What keeps the published file at ``path`` (under ``media/``) from being served as it is.

    Returns:
        Findings in the order found; empty when the file may be published.
    """
    suffix = path.suffix.lower()
    if suffix in RASTERS:
        return []  # decoded by generator.images, which refuses anything that is not an image
    with path.open("rb") as stream:
        head = stream.read(_HEAD)
    expected = _SIGNATURES.get(suffix)
    if expected is not None and not expected.matches(head):
        return [_mismatch(suffix, expected, head)]
    inspect = _INSPECTORS.get(suffix)
    return inspect(path) if inspect else []


# --- signatures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Signature:
    name: str
    matches: Callable[[bytes], bool]


def _is_vtt(head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf")
    return text.startswith(b"WEBVTT") and text[6:7] in (b"", b" ", b"\t", b"\n", b"\r")


_ZIP = b"PK\x03\x04"
_SIGNATURES: dict[str, _Signature] = {
    ".jpg": _Signature("a JPEG image", lambda h: h.startswith(b"\xff\xd8\xff")),
    ".jpeg": _Signature("a JPEG image", lambda h: h.startswith(b"\xff\xd8\xff")),
    ".png": _Signature("a PNG image", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    ".webp": _Signature("a WebP image", lambda h: h[:4] == b"RIFF" and h[8:12] == b"WEBP"),
    ".pdf": _Signature("a PDF document", lambda h: h.startswith(b"%PDF-")),
    ".docx": _Signature("a Word document (ZIP)", lambda h: h.startswith(_ZIP)),
    ".xlsx": _Signature("an Excel workbook (ZIP)", lambda h: h.startswith(_ZIP)),
    ".odt": _Signature("an OpenDocument text (ZIP)", lambda h: h.startswith(_ZIP)),
    ".ods": _Signature("an OpenDocument spreadsheet (ZIP)", lambda h: h.startswith(_ZIP)),
    ".mp4": _Signature("an MP4 video", lambda h: h[4:8] == b"ftyp"),
    ".webm": _Signature("a WebM video", lambda h: h.startswith(b"\x1a\x45\xdf\xa3")),
    ".vtt": _Signature("WebVTT subtitles (starting with WEBVTT)", _is_vtt),
}
"""The first bytes of each published type (``.svg`` is parsed as XML instead)."""


def _mismatch(suffix: str, expected: _Signature, head: bytes) -> Finding:
    actual = _looks_like(head)
    return Finding(
        1,
        f"is named {suffix} but its bytes are {actual}, not {expected.name}",
        f"export it again as a real {suffix.lstrip('.')} file, or give it the extension of "
        "what it is (if that type is published)",
    )


def _looks_like(head: bytes) -> str:
    """What the bytes seem to be, in words, for the editor."""
    for signature in _SIGNATURES.values():
        if signature.matches(head) and not head.startswith(_ZIP):
            return signature.name
    if head.startswith(_ZIP):
        return "a ZIP archive"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script", b"<head", b"<body")):
        return "an HTML page"
    if text.startswith((b"<?xml", b"<svg")):
        return "XML"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if not head:
        return "empty"
    return "something else"


# --- PDF ---------------------------------------------------------------------------------------

_PDF_FIX = (
    "export the PDF again without scripts, actions, attachments or forms "
    "(Print to PDF, or 'Save as PDF' from the original document)"
)
_PDF_KEYS = {
    "JavaScript": "JavaScript",
    "JS": "JavaScript",
    "AA": "actions run on opening, closing or viewing (/AA)",
    "Launch": "an action that starts a program (/Launch)",
    "EmbeddedFile": "an attached file (/EmbeddedFile)",
    "EmbeddedFiles": "attached files (/EmbeddedFiles)",
    "RichMedia": "embedded rich media (/RichMedia)",
    "XFA": "an XFA form, which can run scripts (/XFA)",
}
"""Names whose mere presence refuses a PDF, and what they mean for the editor."""
_PDF_ACTIONS = {
    "JavaScript": "a JavaScript action",
    "Launch": "an action that starts a program (/Launch)",
    "ImportData": "an action that imports data (/ImportData)",
    "SubmitForm": "an action that sends a form to a server (/SubmitForm)",
    "GoToR": "an action that opens another file (/GoToR)",
    "GoToE": "an action that opens an attached file (/GoToE)",
    "RichMediaExecute": "a rich-media action (/RichMediaExecute)",
    "Rendition": "a media action (/Rendition)",
}
"""Action types (``/S``) refused wherever they are; ``/URI`` only in ``/OpenAction``."""
_PDF_NAME = re.compile(rb"/((?:[A-Za-z0-9_.+-]|#[0-9A-Fa-f]{2})+)")
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)(.*?)endstream", re.DOTALL)


def pdf_findings(path: Path) -> list[Finding]:
    """Scripts, actions and attachments of the PDF at ``path``, by object and by raw bytes, in
    one finding (a PDF exported again loses them all at once)."""
    found, unreadable = _pdf_object_findings(path)
    found += [what for what in _pdf_raw_findings(path.read_bytes()) if what not in found]
    has = [Finding(1, "has " + "; ".join(found), _PDF_FIX)] if found else []
    return [*unreadable, *has]


def _pdf_object_findings(path: Path) -> tuple[list[str], list[Finding]]:
    """What the objects hold (pypdf, object streams included), or why they cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import IndirectObject

    seen: set[str] = set()
    try:
        with _quiet_pypdf():
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return [], [Finding(1, "is encrypted with a password", _PDF_FIX)]
            for number, generation in _pdf_object_numbers(reader):
                item = reader.get_object(IndirectObject(number, generation, reader))
                seen.update(_pdf_object_problems(item))
            seen.update(_pdf_object_problems(reader.trailer))
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        reason = f"cannot be read as a PDF ({exc.__class__.__name__}: {exc})"
        return sorted(seen), [Finding(1, reason, _PDF_FIX)]
    return sorted(seen), []


def _pdf_object_numbers(reader) -> Iterator[tuple[int, int]]:
    """Every object the cross-reference tables name, those inside object streams included."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            yield number, generation
    for number in reader.xref_objStm:
        yield number, 0


def _pdf_object_problems(item, depth: int = 0) -> Iterator[str]:
    """What is refused in one object and the direct objects inside it (not following refs)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    if depth > 64:
        yield "objects nested more than 64 deep"
    elif isinstance(item, DictionaryObject):
        for key, value in item.items():
            name = str(key).lstrip("/")
            if name in _PDF_KEYS:
                yield _PDF_KEYS[name]
            if name == "S" and str(value).lstrip("/") in _PDF_ACTIONS:
                yield _PDF_ACTIONS[str(value).lstrip("/")]
            if name == "OpenAction":
                yield from _open_action_problems(value)
            yield from _pdf_object_problems(value, depth + 1)
    elif isinstance(item, ArrayObject):
        for value in item:
            yield from _pdf_object_problems(value, depth + 1)


def _open_action_problems(value) -> Iterator[str]:
    """An action run as the document opens: only a jump to a page of it is allowed."""
    from pypdf.generic import DictionaryObject

    action = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(action, DictionaryObject):
        kind = str(action.get("/S", "")).lstrip("/")
        if kind not in ("", "GoTo"):
            yield f"an action run when it opens (/OpenAction /{kind})"


def _pdf_raw_findings(data: bytes) -> list[str]:
    """The refused names anywhere outside stream data, ``#xx`` escapes decoded (``/J#53``)."""
    outside = _PDF_STREAM.sub(b"stream\nendstream", data)
    names = (_pdf_name(match.group(1)) for match in _PDF_NAME.finditer(outside))
    return list(dict.fromkeys(_PDF_KEYS[name] for name in names if name in _PDF_KEYS))


def _pdf_name(raw: bytes) -> str:
    decoded = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    return decoded.decode("latin-1")


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf's complaints about a damaged file are not build warnings: what matters is found."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


# --- office documents (ZIP) ------------------------------------------------------------------

_OFFICE_FIX = (
    "save it again as a plain document without macros, embedded objects or linked files "
    "(File › Save As .docx/.xlsx/.odt/.ods; paste objects as pictures)"
)
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)
_MACRO_PARTS = re.compile(
    r"(^|/)(vbaProject\.bin|vbaData\.xml|macrosheets/|activeX/|embeddings/.*\.bin$|"
    r"oleObject[^/]*$|Basic/|Scripts/)",
    re.IGNORECASE,
)
_MACRO_TYPES = re.compile(r"macroEnabled|vbaProject|activeX|oleObject|macrosheet", re.I)
_LINK_TYPES = ("/hyperlink",)
"""External relationships readers follow only by clicking: a link, like one on the page."""
_READER_SCHEMES = ("http://", "https://", "mailto:")
_OOXML_RELS = re.compile(r"(^|/)_rels/[^/]*\.rels$")
_ODF_MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def office_findings(path: Path) -> list[Finding]:
    """Macros, OLE objects and outside references of a .docx, .xlsx, .odt or .ods file."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            bounded = _archive_bounds(entries)
            if bounded:
                return bounded
            if path.suffix.lower() in _ODF_MIMETYPES:
                return _odf_findings(archive, _ODF_MIMETYPES[path.suffix.lower()])
            return _ooxml_findings(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        return [Finding(1, f"is not a readable office document ({exc})", _OFFICE_FIX)]


def _archive_bounds(entries: list[zipfile.ZipInfo]) -> list[Finding]:
    """Refuse an archive too large to open, from its directory alone (nothing inflated yet)."""
    total = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ARCHIVE_ENTRIES or total > MAX_ARCHIVE_BYTES:
        return [
            Finding(
                1,
                f"holds {len(entries)} entries and {total:,} bytes uncompressed (limits: "
                f"{MAX_ARCHIVE_ENTRIES:,} entries, {MAX_ARCHIVE_BYTES:,} bytes)",
                "publish it as a PDF, or split it into smaller documents",
            )
        ]
    return []


def _ooxml_findings(archive: zipfile.ZipFile) -> list[Finding]:
    names = archive.namelist()
    if "[Content_Types].xml" not in names:
        return [Finding(1, "has no [Content_Types].xml: it is not an Office document", _OFFICE_FIX)]
    found = [_part_finding(name, "a macro or embedded object") for name in names]
    for element in _xml_elements(archive, "[Content_Types].xml", found):
        content_type = element.get("ContentType", "")
        if _MACRO_TYPES.search(content_type):
            found.append(Finding(1, f"declares the content type {content_type}", _OFFICE_FIX))
    for name in filter(_OOXML_RELS.search, names):
        for element in _xml_elements(archive, name, found):
            if element.get("TargetMode", "").lower() == "external":
                found.append(_external_relationship(name, element))
    for name in (n for n in names if n.startswith("word/") and n.endswith(".xml")):
        for element in _xml_elements(archive, name, found):
            instruction = element.get(_W_INSTR) or (
                element.text if etree.QName(element).localname == "instrText" else None
            )
            if instruction and _DDE.match(instruction):
                found.append(Finding(1, f"{name} has a DDE field that runs a program", _OFFICE_FIX))
    return _unique([f for f in found if f is not None])


_W_INSTR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instr"
_DDE = re.compile(r"\s*DDE(AUTO)?\b", re.IGNORECASE)


def _external_relationship(part: str, element) -> Finding | None:
    kind, target = element.get("Type", ""), element.get("Target", "")
    if kind.endswith(_LINK_TYPES) and target.lower().startswith(_READER_SCHEMES):
        return None
    return Finding(
        1,
        f"{part} links {kind.rsplit('/', 1)[-1] or 'a part'} to {target[:80]!r} outside the "
        'document (TargetMode="External"), which the reader\'s program fetches on opening',
        _OFFICE_FIX,
    )


def _odf_findings(archive: zipfile.ZipFile, mimetype: str) -> list[Finding]:
    names = archive.namelist()
    if not names or names[0] != "mimetype" or archive.read("mimetype").strip() != mimetype.encode():
        return [Finding(1, f"does not start with the mimetype {mimetype}", _OFFICE_FIX)]
    found = [_part_finding(name, "macros or scripts") for name in names]
    for element in _xml_elements(archive, "META-INF/manifest.xml", found):
        media_type = element.get(f"{{{_MANIFEST}}}media-type", "")
        full_path = element.get(f"{{{_MANIFEST}}}full-path", "")
        if "script" in media_type.lower() or _MACRO_PARTS.search(full_path):
            found.append(Finding(1, f"lists the script {full_path!r} in its manifest", _OFFICE_FIX))
    for name in ("content.xml", "styles.xml"):
        for element in _xml_elements(archive, name, found):
            found.append(_odf_element_finding(name, element))
    return _unique([f for f in found if f is not None])


_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ODF_SCRIPTED = {"event-listener", "script", "object-ole", "plugin", "applet"}


def _odf_element_finding(part: str, element) -> Finding | None:
    name = etree.QName(element).localname
    if name in _ODF_SCRIPTED and (name != "script" or len(element) or (element.text or "").strip()):
        return Finding(1, f"{part} has a <{name}> (a script or an embedded program)", _OFFICE_FIX)
    href = element.get(_XLINK_HREF)
    if href is None or _inside_package(href) or (name == "a" and _for_readers(href)):
        return None
    return Finding(
        1,
        f"{part}: <{name}> refers to {href[:80]!r} outside the document, which the reader's "
        "program fetches on opening",
        _OFFICE_FIX,
    )


def _inside_package(href: str) -> bool:
    """A part of the same archive (``Pictures/1.png``, ``./Object 1``), or a place in it."""
    if href.startswith("#"):
        return True
    if ":" in href.split("/", 1)[0] or href.startswith(("/", "\\")) or "\\" in href:
        return False
    normalised = posixpath.normpath(href)
    return normalised != ".." and not normalised.startswith("../")


def _for_readers(href: str) -> bool:
    return href.lower().startswith(_READER_SCHEMES)


def _part_finding(name: str, what: str) -> Finding | None:
    if _MACRO_PARTS.search(name):
        return Finding(1, f"holds {name} ({what})", _OFFICE_FIX)
    return None


def _xml_elements(archive: zipfile.ZipFile, name: str, found: list) -> Iterator:
    """The elements of one XML part; a part that cannot be read adds a finding to ``found``."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return
    if info.file_size > MAX_PART_BYTES:
        found.append(Finding(1, f"{name} is larger than {MAX_PART_BYTES:,} bytes", _OFFICE_FIX))
        return
    with archive.open(info) as stream:
        data = stream.read(MAX_PART_BYTES + 1)
    if re.search(rb"<!\s*(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        found.append(Finding(1, f"{name} has a <!DOCTYPE> or <!ENTITY>", _OFFICE_FIX))
        return
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        found.append(Finding(1, f"{name} is not well-formed XML ({exc.msg})", _OFFICE_FIX))
        return
    yield from (e for e in root.iter() if isinstance(e.tag, str))


def _unique(found: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(found))


# --- WebVTT ------------------------------------------------------------------------------------

_VTT_FIX = (
    "keep only cue timings and text; in the text use only WebVTT's tags "
    "<c> <i> <b> <u> <ruby> <rt> <v Name> <lang xx> and timestamps"
)
_VTT_TIME = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}[ \t]+-->[ \t]+{_VTT_TIME}([ \t].*)?$")
_VTT_TAG = re.compile(
    r"<(?:"
    r"/(?:c|i|b|u|ruby|rt|v|lang)"
    r"|(?:c|i|b|u|ruby|rt)(?:\.[^\s.<>&]+)*"
    r"|(?:v|lang)(?:\.[^\s.<>&]+)*(?:[ \t][^<>\n]*)?"
    rf"|{_VTT_TIME}"
    r")>"
)


def vtt_findings(path: Path) -> list[Finding]:
    """Anything in a WebVTT file but its header, comments, regions and cues of plain text."""
    if path.stat().st_size > MAX_SUBTITLE_BYTES:
        return [Finding(1, f"is larger than {MAX_SUBTITLE_BYTES:,} bytes", _VTT_FIX)]
    try:
        text = path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        return [Finding(1, f"is not UTF-8 text ({exc.reason})", "save it again as UTF-8")]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[Finding] = []
    for start, block in _vtt_blocks(lines):
        found += _vtt_block_findings(start, block)
    return found


def _vtt_blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Blocks separated by blank lines after the header, with the line number of their first."""
    block: list[str] = []
    start = 0
    in_header = True
    for number, line in enumerate(lines, 1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            if not in_header:
                yield start, block
            block, in_header = [], False
    if block and not in_header:
        yield start, block


def _vtt_block_findings(start: int, block: list[str]) -> list[Finding]:
    first = block[0]
    if first.startswith("NOTE") and first[4:5] in ("", " ", "\t"):
        return []
    if re.match(r"REGION[ \t]*$", first):
        return []
    if re.match(r"STYLE[ \t]*$", first):
        return [Finding(start, "has a STYLE block (CSS inside the subtitles)", _VTT_FIX)]
    timing = 1 if len(block) > 1 and "-->" not in first else 0
    if not _VTT_TIMING.match(block[timing].strip()):
        return [Finding(start, f"has a block that is not a cue: {first[:60]!r}", _VTT_FIX)]
    found = []
    for offset, line in enumerate(block[timing + 1 :], timing + 1):
        for position in (m.start() for m in re.finditer("<", line)):
            if not _VTT_TAG.match(line, position):
                tag = line[position : position + 40].split(">")[0] + ">"
                found.append(Finding(start + offset, f"has {tag!r} in a cue", _VTT_FIX))
        if "-->" in line:
            found.append(Finding(start + offset, "has '-->' in a cue's text", _VTT_FIX))
    return found


_INSPECTORS: dict[str, Callable[[Path], list[Finding]]] = {
    ".pdf": pdf_findings,
    ".docx": office_findings,
    ".xlsx": office_findings,
    ".odt": office_findings,
    ".ods": office_findings,
    ".vtt": vtt_findings,
}
