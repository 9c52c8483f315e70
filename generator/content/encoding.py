"""The text of an editor's file: UTF-8, with or without the byte order mark Windows writes.

Any other encoding is refused with its name when it can be told (UTF-16 from its byte order
mark or its zero bytes, Windows-1258 — Vietnamese Windows — from bytes UTF-8 cannot hold) and
the one fix: save the file as UTF-8.
"""

from __future__ import annotations

import codecs

from generator.i18n.tool import tr


def save_as_utf8() -> str:
    """The fix for every file in another encoding."""
    return tr(
        "save it as UTF-8 (in Notepad: File › Save as › Encoding: UTF-8; "
        "in VS Code: the encoding in the status bar › Save with encoding › UTF-8)"
    )


class NotUtf8(ValueError):
    """A file is not UTF-8; ``message`` names what it seems to be."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
        self.fix = save_as_utf8()


def decode_text(data: bytes) -> str:
    """The text of ``data``, UTF-8 with or without a byte order mark (which is dropped).

    Raises:
        NotUtf8: in any other encoding, naming it where it can be recognised.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data):
        raise NotUtf8(tr("the file is saved as UTF-16 (Unicode), not UTF-8"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(_legacy_message(data, exc)) from None


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: text of Latin letters is every other byte zero."""
    sample = data[:400]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def _legacy_message(data: bytes, exc: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, exc.start) + 1
    try:
        data.decode("cp1258")
    except UnicodeDecodeError:
        return tr(
            "the file is not UTF-8 text (byte {byte}, line {line}, is not UTF-8)",
            byte=exc.start + 1,
            line=line,
        )
    return tr(
        "the file is saved as Windows-1258 (Vietnamese Windows) or another Windows code page, "
        "not UTF-8 (first such character on line {line})",
        line=line,
    )
