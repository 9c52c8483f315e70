"""The images of the page texts a publication prints, as the PDF embeds them.

On the web a page's ``![alt](media/photo.jpg)`` is an address of the portal; a PDF loads no
address (:mod:`.document` reads only files of the theme, the content and the image cache), so
each image is resolved here to a file, by the same rules as the web
(:func:`~generator.content.media.markdown_target`, :func:`~generator.content.media.resolve_file`:
``media/…`` from ``content/``, the older path relative to the page, never out of ``content/``).
A raster image is embedded as the image pipeline's clean original (its metadata removed, no
wider than the widest web variant, 1600 px: 135 mm at 300 dpi), a drawing as it is. An image
that leads to no such file stops the build at its line, as on the web: a PDF never drops one.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from generator.content.markdown_refs import is_external, references
from generator.content.media import UnsafePath, markdown_target, resolve_file
from generator.content.pages import PageSource
from generator.content.problems import ContentError, Problems
from generator.i18n.languages import CODES
from generator.i18n.tool import tr
from generator.images.model import ImageSet


@dataclass(frozen=True)
class PrintImages:
    """Where the PDFs find the content's images."""

    root: Path
    """The content folder."""
    images: ImageSet | None = None
    """The build's prepared images; without them a raster is embedded as the editor's file."""

    @property
    def folders(self) -> tuple[Path, ...]:
        """The folders a PDF may load files from besides the theme: the content and the cache."""
        return (self.root, self.images.cache_dir) if self.images else (self.root,)

    def file(self, relative: str) -> Path:
        """The file a PDF embeds for ``relative`` (a path inside ``content/``).

        Raises:
            UnsafePath: the path names no published file of ``content/``.
        """
        original = resolve_file(self.root, relative)
        clean = self.images.clean_original(relative) if self.images else None
        return clean if clean is not None and clean.is_file() else original


@dataclass
class PageImages:
    """The images of one page's text: resolved as the Markdown is converted, then embedded."""

    pictures: PrintImages
    source: PageSource
    files: dict[str, str]
    """Each image's path inside ``content/`` → the ``file:`` URL the PDF loads."""

    def resolve(self, target: str) -> str:
        """The ``src`` of the image written as ``target``: its path inside ``content/``, a
        local address the sanitizer keeps (:meth:`embed` makes it a file's URL afterwards).

        Raises:
            ContentError: the image is on another site or names no published file, at its line.
        """
        if is_external(target):
            raise self._error(
                target,
                tr("the image '{target}' is on another site", target=target),
                tr("copy the image into content/media/ and write its path, e.g. media/photo.jpg"),
            )
        relative = self._relative(target)
        try:
            self.files[relative] = self.pictures.file(relative).resolve().as_uri()
        except UnsafePath as exc:
            raise self._error(
                target, tr("the image '{target}': {what}", target=target, what=exc.message), exc.fix
            ) from None
        return relative

    def embed(self, html: str) -> str:
        """``html`` (sanitized) with each image's ``src`` the URL of its file."""
        if not self.files or "<img" not in html:
            return html
        wrapper = lxml_html.fragment_fromstring(html, create_parent="div")
        for image in wrapper.iter("img"):
            image.set("src", self.files.get(image.get("src", ""), ""))
        inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in wrapper)
        return (wrapper.text or "") + inner

    def _relative(self, target: str) -> str:
        """The path inside ``content/`` of an image written ``target`` (``media/…`` from
        ``content/``, ``../media/…`` from the page's folder; ``/media/…`` once
        :mod:`generator.markdown.media_paths` made it an address of the site)."""
        path = target.split("#", 1)[0].split("?", 1)[0]
        if path.startswith("/"):
            first, _, rest = path.lstrip("/").partition("/")
            return rest if first in CODES else path.lstrip("/")
        return markdown_target(posixpath.dirname(self.source.src_uri), path)

    def _error(self, target: str, message: str, fix: str) -> ContentError:
        source = self.source
        relative = self._relative(target)
        lines = [
            ref.line
            for ref in references(source.body, source.body_line)
            if ref.is_image and (ref.target == target or self._relative(ref.target) == relative)
        ]
        problems = Problems.of_content(self.pictures.root)
        problems.add(source.path, lines[0] if lines else source.body_line, message, fix)
        return ContentError(problems.errors)
