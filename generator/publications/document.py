"""A publication's HTML laid out as a PDF by WeasyPrint: tagged PDF/UA-1, fonts embedded and
subset, QR codes drawn as vectors.

WeasyPrint may read only files of the theme and the content, ``data:`` URLs and ``qr:`` URLs
(the QR code of the address after ``qr:``, made here, so a build whose PDFs all come from the
cache makes none): a PDF never waits on the network, and a link in a text is a link in the PDF,
not something to fetch.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from fontTools.ttLib import woff2
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from generator.publications.html import QR_SCHEME

PDF_VARIANT = "pdf/ua-1"
"""Tagged PDF for accessibility: structure tree, document title and language, alt text."""


def write_pdf(html: str, base_dir: Path, allowed: tuple[Path, ...], target: Path) -> int:
    """Lay out ``html`` and write it as a tagged PDF to ``target``.

    Args:
        html: the document.
        base_dir: where its relative URLs start (the print templates' folder).
        allowed: the only folders whose files the document may load (theme, content).
        target: the PDF file to write.

    Returns:
        The number of pages.
    """
    document = HTML(
        string=html, base_url=str(base_dir) + "/", url_fetcher=LocalFiles(allowed)
    ).render()
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant=PDF_VARIANT)
    return len(document.pages)


class LocalFiles(URLFetcher):
    """Fetches ``data:`` URLs and files under the allowed folders, and nothing else. A WOFF2
    font is handed over decompressed, as WeasyPrint would decompress it (the same call), once
    per process instead of once per document: every PDF loads the same four faces."""

    def __init__(self, allowed: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data", QR_SCHEME.rstrip(":")))
        self.allowed = tuple(folder.resolve() for folder in allowed)

    def fetch(self, url, headers=None):
        if url.startswith(QR_SCHEME):
            svg = qr_svg(url.removeprefix(QR_SCHEME))
            return URLFetcherResponse(url, svg, {"Content-Type": "image/svg+xml"})
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(folder) for folder in self.allowed):
                raise ValueError(f"{url}: a publication loads only theme and content files")
            if path.suffix == ".woff2":
                info = path.stat()
                font = decompressed_font(path, info.st_mtime_ns, info.st_size)
                return URLFetcherResponse(url, font, {"Content-Type": "font/ttf"})
        return super().fetch(url, headers)


@functools.lru_cache(maxsize=16)
def decompressed_font(path: Path, mtime_ns: int, size: int) -> bytes:
    """The WOFF2 font at ``path`` as the TrueType/OpenType font it packs (the file's time and
    size in the key: a changed font is read again)."""
    out = io.BytesIO()
    with path.open("rb") as packed:
        woff2.decompress(packed, out)
    return out.getvalue()


def qr_svg(address: str) -> bytes:
    """The QR code of ``address`` as SVG (vector, so it prints sharp at any size)."""
    buffer = io.BytesIO()
    segno.make(address, error="m", micro=False).save(buffer, kind="svg", scale=4, border=0)
    return buffer.getvalue()
