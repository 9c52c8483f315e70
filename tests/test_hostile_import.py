"""``portal import plan FILE``: the document is untrusted — a ZIP bomb, a broken PDF, text in
UTF-16 or with NULs is refused with ``path[:line]: what — fix``, never a traceback, and nothing
is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.importer import reading

from conftest import ROOT

_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def docx(path: Path, padding: int) -> Path:
    """A minimal .docx whose one paragraph is padded with ``padding`` spaces (which deflate to
    almost nothing: a ZIP bomb when large)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{_MAIN}"><w:body><w:p><w:r><w:t>'.encode())
            part.write("KẾ HOẠCH số 12/KH-UBND".encode())
            for _ in range(padding // 1_000_000):
                part.write(b" " * 1_000_000)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def test_a_small_docx_is_read(tmp_path):
    assert reading.read_lines(docx(tmp_path / "plan.docx", 0))[0] == "KẾ HOẠCH số 12/KH-UBND"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("u16.txt", "KẾ HOẠCH\nsố 12".encode("utf-16"), "u16.txt:1: the text is UTF-16 — save"),
        ("cp.txt", b"KE HOACH\nnam \xe0 2024", "cp.txt:2: the text is not UTF-8 (byte 0xe0)"),
        ("nul.txt", "KẾ HOẠCH\nsố\x00 12".encode(), "nul.txt:2: the text holds a control"),
        ("bad.pdf", b"%PDF-1.4\n1 0 obj <<>> garbage", "bad.pdf: not a PDF pypdf can read"),
        ("bad.docx", b"hello", "bad.docx: not a .docx"),
    ],
)
def test_unreadable_files_are_refused_with_the_fix(tmp_path, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(reading.UnreadableDocument, match=" — ") as caught:
        reading.read_lines(path)
    assert expected in str(caught.value)


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    """200 KB on disk, 200 MB inflated (one of 3 GB took python-docx 6 GB of memory and a
    minute, then a traceback); refused from the archive's directory, nothing written."""
    bomb = docx(tmp_path / "bomb.docx", 200_000_000)
    assert bomb.stat().st_size < 1_000_000
    out = tmp_path / "draft.yml"
    args = ["--config-file", str(ROOT / "mkdocs.yml"), "import", "plan", str(bomb)]
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "bomb.docx: unpacks to 200,00" in result.output and " — " in result.output
    assert not out.exists()
