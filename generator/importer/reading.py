"""A document as lines of text, whatever it came in: ``.txt``, ``.docx`` or ``.pdf``.

Paragraphs become lines separated by a blank line, as they are in the plain-text copies, so the
structure parser sees one layout. A PDF is read from its text layer (pypdf): lines the layout
wrapped are joined, and where the vertical gap between two lines is wider than a line a new
paragraph begins (so a "line" of a PDF is one of its paragraphs on one page).

The file is untrusted: its size is bounded before it is read (a ``.docx`` by its archive's
directory, so a ZIP bomb is refused before anything is inflated; a PDF by its pages), text that
is not UTF-8 or holds control characters is refused naming the line (a .docx's or PDF's
control characters, never text, are dropped), and a file its reader cannot open is refused
with the reason — never a traceback.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

MAX_TEXT_BYTES = 20_000_000
"""A ``.txt`` file, or one XML part of a ``.docx``: the longest plan is some 200 KB of text."""

MAX_DOCX_BYTES = 100_000_000
"""A ``.docx`` archive uncompressed, summed from its directory (pictures included)."""

MAX_PDF_PAGES = 1_000
"""Pages of a PDF: plans and letters have tens."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FIX_TEXT = "save the file as UTF-8 text (in a text editor: Save as, encoding UTF-8)"


class UnreadableDocument(Exception):
    """A file the importer cannot read: its kind, or a PDF without a text layer."""


def read_lines(path: Path) -> list[str]:
    """The lines of the document at ``path`` (line 1 is ``lines[0]``).

    Raises:
        UnreadableDocument: when the kind of file is not known or it holds no text.
    """
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        lines = _text_lines(path)
    elif suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        raise UnreadableDocument(f"{path}: a .txt, .docx or .pdf file was expected")
    if not any(line.strip() for line in lines):
        raise UnreadableDocument(f"{path}: no text found (a scanned PDF needs OCR first)")
    return [line.rstrip() for line in lines]


def _text_lines(path: Path) -> list[str]:
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise UnreadableDocument(
            f"{path}: {path.stat().st_size:,} bytes, more than a plan's text "
            f"({MAX_TEXT_BYTES:,}) — check that this is the plan's text"
        )
    data = path.read_bytes()
    try:
        lines = data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        line = data[: exc.start].count(b"\n") + 1
        what = "is UTF-16" if utf16 else f"is not UTF-8 (byte {data[exc.start]:#04x})"
        raise UnreadableDocument(f"{path}:{line}: the text {what} — {_FIX_TEXT}") from None
    for number, line in enumerate(lines, 1):
        control = _CONTROL.search(line)
        if control:
            raise UnreadableDocument(
                f"{path}:{number}: the text holds a control character ({control.group()!r}) — "
                f"remove it, or {_FIX_TEXT}"
            )
    return lines


def _docx_lines(path: Path) -> list[str]:
    import docx  # python-docx
    from docx.opc.exceptions import OpcError

    _check_archive(path)
    try:
        document = docx.Document(str(path))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(
            f"{path}: not a Word document python-docx can open ({exc}) — open it in Word or "
            "LibreOffice and save it again as .docx, or export it as PDF"
        ) from None
    lines: list[str] = []
    for paragraph in document.paragraphs:
        lines.extend(_CONTROL.sub("", paragraph.text).split("\n"))
        lines.append("")
    return lines


def _check_archive(path: Path) -> None:
    """Refuse a ``.docx`` whose archive is too large, from its directory alone."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableDocument(
            f"{path}: not a .docx (a .docx is a ZIP archive: {exc}) — save it again as .docx"
        ) from None
    total = sum(entry.file_size for entry in entries)
    largest = max((entry.file_size for entry in entries), default=0)
    if total > MAX_DOCX_BYTES or largest > MAX_TEXT_BYTES:
        raise UnreadableDocument(
            f"{path}: unpacks to {total:,} bytes, one part {largest:,} (limits: "
            f"{MAX_DOCX_BYTES:,} and {MAX_TEXT_BYTES:,}) — check that this is the plan; save "
            "its text as .txt"
        )


def _pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    fix = "open it in a PDF reader and save or print it again as PDF, or save its text as .txt"
    try:
        reader = PdfReader(str(path))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UnreadableDocument(
                f"{path}: {len(reader.pages):,} pages (limit {MAX_PDF_PAGES:,}) — import the "
                "plan's own pages, or save its text as .txt"
            )
        lines: list[str] = []
        for page in reader.pages:
            lines.extend(_CONTROL.sub("", line) for line in _page_lines(page))
            lines.append("")
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        raise UnreadableDocument(f"{path}: not a PDF pypdf can read ({exc}) — {fix}") from None
    return lines


def _page_lines(page) -> list[str]:
    """The text lines of one PDF page, top to bottom, with a blank line at each wide gap."""
    pieces: list[tuple[float, float, str]] = []  # (y, x, text)

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.append((round(y, 1), x, text))

    page.extract_text(visitor_text=visit)
    rows: dict[float, list[tuple[float, str]]] = {}
    for y, x, text in pieces:
        key = next((k for k in rows if abs(k - y) < 2), y)
        rows.setdefault(key, []).append((x, text))
    lines: list[str] = []
    previous_y = None
    gaps = sorted(
        a - b
        for a, b in zip(sorted(rows, reverse=True), sorted(rows, reverse=True)[1:], strict=False)
    )
    line_gap = gaps[len(gaps) // 4] if gaps else 0
    for y in sorted(rows, reverse=True):
        text = " ".join("".join(t for _, t in sorted(rows[y])).split())
        if previous_y is not None and line_gap and previous_y - y > line_gap * 1.4:
            lines.extend(["", text])
        elif lines:  # a line the layout wrapped: the paragraph goes on ("167/KH-" "UBND")
            joint = "" if re.search(r"\S-$", lines[-1]) else " "
            lines[-1] += joint + text
        else:
            lines.append(text)
        previous_y = y
    return lines
