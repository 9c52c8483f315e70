"""Small, real files of every published type, built byte by byte so a test can add exactly the
one thing it is about (a script in a PDF, a macro in a .docx, a tag in a subtitle)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

from conftest import SVG

# --- PDF ---------------------------------------------------------------------------------------

PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_PAGES = [
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] {page}>>",
]


def pdf(catalog: str = "", *extra: str, page: str = "", dead: str = "") -> bytes:
    """A one-page PDF with a classic cross-reference table.

    Args:
        catalog: entries added to the catalog (object 1), e.g. ``/OpenAction 4 0 R``.
        extra: more objects, numbered from 4.
        page: entries added to the page (object 3), e.g. ``/Annots [4 0 R]``.
        dead: an object written after the others that the cross-reference table does not list
            (a reader that follows the table never sees it; a byte scan does).
    """
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog}>>",
        _PAGES[0],
        _PAGES[1].format(page=page),
        *extra,
    ]
    out = bytearray(PDF_HEAD)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    if dead:
        out += f"{len(objects) + 1} 0 obj\n{dead}\nendobj\n".encode("latin-1")
    table = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{table}\n%%EOF\n".encode()
    return bytes(out)


def pdf_with_object_stream(hidden: str, catalog: str = "/OpenAction 4 0 R") -> bytes:
    """A PDF 1.5 whose object 4 (``hidden``) lies compressed inside an object stream (5), listed
    by a cross-reference stream (6): its bytes never appear in the file as written."""
    out = bytearray(PDF_HEAD)
    offsets = {}
    bodies = [f"<< /Type /Catalog /Pages 2 0 R {catalog} >>", _PAGES[0], _PAGES[1].format(page="")]
    for number, body in enumerate(bodies, 1):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    prefix = b"4 0 "
    packed = zlib.compress(prefix + hidden.encode("latin-1"))
    offsets[5] = len(out)
    out += (
        f"5 0 obj\n<< /Type /ObjStm /N 1 /First {len(prefix)} /Filter /FlateDecode "
        f"/Length {len(packed)} >>\nstream\n"
    ).encode()
    out += packed + b"\nendstream\nendobj\n"
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, 7):
        if number == 4:
            rows.append(struct.pack(">BIH", 2, 5, 0))
        else:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
    data = b"".join(rows)
    out += (
        f"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length {len(data)} >>\nstream\n"
    ).encode()
    out += data + b"\nendstream\nendobj\n"
    out += f"startxref\n{offsets[6]}\n%%EOF\n".encode()
    return bytes(out)


# --- office documents ------------------------------------------------------------------------

_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAIN = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}


def ooxml(
    kind: str = "docx",
    *,
    types: str = "",
    relationships: str = "",
    body: str = "",
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """A .docx or .xlsx: content types (``types`` added), the main part (``body`` inside a Word
    body), its relationships (``relationships`` added) and any further ``parts``."""
    main, main_type = _MAIN[kind]
    folder, name = main.split("/")
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_TYPES}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main}" ContentType="{main_type}"/>{types}</Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
            f'<Relationship Id="rId1" Type="{_OFFICE_REL}/officeDocument" Target="{main}"/>'
            "</Relationships>"
        ),
        main: (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
            f"<w:p><w:r><w:t>Kế hoạch</w:t></w:r></w:p>{body}</w:body></w:document>"
        ),
        f"{folder}/_rels/{name}.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
            f"{relationships}</Relationships>"
        ),
    }
    return _zip({**{k: v.encode() for k, v in files.items()}, **(parts or {})})


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
ODF_TEXT = "application/vnd.oasis.opendocument.text"
ODF_SPREADSHEET = "application/vnd.oasis.opendocument.spreadsheet"


def odf(
    mimetype: str = ODF_TEXT,
    *,
    body: str = "",
    manifest: str = "",
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """An .odt or .ods: ``mimetype`` stored first, the manifest (``manifest`` entries added),
    ``content.xml`` (``body`` inside the office body) and any further ``parts``."""
    files = {
        "mimetype": mimetype.encode(),
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<manifest:manifest xmlns:manifest="{_MANIFEST}">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/>'
            f"{manifest}</manifest:manifest>"
        ).encode(),
        "content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS}>'
            "<office:scripts/><office:body><office:text><text:p>Kế hoạch</text:p>"
            f"{body}</office:text></office:body></office:document-content>"
        ).encode(),
    }
    return _zip({**files, **(parts or {})})


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


# --- everything else -------------------------------------------------------------------------

VTT = (
    "WEBVTT\n\nNOTE a comment\n\n1\n00:00:00.000 --> 00:00:04.000 line:90%\n"
    "<v Narrator>Hưng Yên <i>at dawn</i></v> <c.yellow>phố Hiến</c> <00:00:02.000>"
    "<lang vi>nhãn lồng</lang> <ruby>興<rt>hưng</rt></ruby> <b>b</b> <u>u</u> &lt;3\n\n"
    "00:04.000 --> 00:08.000\nthe second cue\n"
)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + bytes(64)
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + bytes(64)


def raster(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (40, 120, 60)).save(out, fmt)
    return out.getvalue()


def safe_media(suffix: str) -> bytes:
    """A harmless file of the published type ``suffix``."""
    makers = {
        ".jpg": lambda: raster("JPEG"),
        ".jpeg": lambda: raster("JPEG"),
        ".png": lambda: raster("PNG"),
        ".webp": lambda: raster("WEBP"),
        ".svg": SVG.encode,
        ".pdf": pdf,
        ".docx": ooxml,
        ".xlsx": lambda: ooxml("xlsx"),
        ".odt": odf,
        ".ods": lambda: odf(ODF_SPREADSHEET),
        ".mp4": lambda: MP4,
        ".webm": lambda: WEBM,
        ".vtt": VTT.encode,
    }
    return makers[suffix]()
