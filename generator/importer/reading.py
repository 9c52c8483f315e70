"""A document as lines of text, whatever it came in: ``.txt``, ``.docx`` or ``.pdf``.

Paragraphs become lines separated by a blank line, as they are in the plain-text copies, so the
structure parser sees one layout. A PDF is read from its text layer (pypdf): lines the layout
wrapped are joined, and where the vertical gap between two lines is wider than a line a new
paragraph begins (so a "line" of a PDF is one of its paragraphs on one page).
"""

from __future__ import annotations

import re
from pathlib import Path


class UnreadableDocument(Exception):
    """A file the importer cannot read: its kind, or a PDF without a text layer."""


def read_lines(path: Path) -> list[str]:
    """The lines of the document at ``path`` (line 1 is ``lines[0]``).

    Raises:
        UnreadableDocument: when the kind of file is not known or it holds no text.
    """
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    elif suffix == ".docx":
        lines = _docx_lines(path)
    elif suffix == ".pdf":
        lines = _pdf_lines(path)
    else:
        raise UnreadableDocument(f"{path}: a .txt, .docx or .pdf file was expected")
    if not any(line.strip() for line in lines):
        raise UnreadableDocument(f"{path}: no text found (a scanned PDF needs OCR first)")
    return [line.rstrip() for line in lines]


def _docx_lines(path: Path) -> list[str]:
    import docx  # python-docx

    lines: list[str] = []
    for paragraph in docx.Document(str(path)).paragraphs:
        lines.extend(paragraph.text.split("\n"))
        lines.append("")
    return lines


def _pdf_lines(path: Path) -> list[str]:
    from pypdf import PdfReader

    lines: list[str] = []
    for page in PdfReader(str(path)).pages:
        lines.extend(_page_lines(page))
        lines.append("")
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
