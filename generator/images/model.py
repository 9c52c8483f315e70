"""What the templates see of the images: every image of the content as the site serves it
(:class:`Rendition`, its :class:`Variant` files, the :class:`ShareImage` of a page), the
:class:`ImageSet` a build prepares, and its publishing into the site once it is written."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from generator.content.fields import Image
from generator.content.problems import Problem

MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Variant:
    """One derived file: ``path`` is site-relative (``media/_img/…``)."""

    path: str
    width: int
    height: int
    format: str  # "JPEG", "PNG" or "WEBP"

    @property
    def mime(self) -> str:
        return MIME[self.format]


@dataclass(frozen=True)
class Rendition:
    """An image of the content as the site serves it.

    ``width`` and ``height`` are those of the original after EXIF orientation (of its
    ``viewBox`` for an SVG, None when it declares none). A vector image has no variants.
    """

    src: str
    width: int | None
    height: int | None
    vector: bool = False
    webp: tuple[Variant, ...] = ()
    fallback: tuple[Variant, ...] = ()
    share: Variant | None = None

    @property
    def largest(self) -> Variant | None:
        """The widest fallback variant: the ``src`` of ``<img>`` and its width and height."""
        return self.fallback[-1] if self.fallback else None

    @property
    def variants(self) -> tuple[Variant, ...]:
        return self.webp + self.fallback + ((self.share,) if self.share else ())


@dataclass(frozen=True)
class ShareImage:
    """The image a page offers to social networks (``og:image``)."""

    path: str
    width: int
    height: int
    alt: dict[str, str]
    mime: str = "image/jpeg"


@dataclass
class ImageSet:
    """Every image of the content, prepared; the templates ask it by ``src``."""

    renditions: dict[str, Rendition]
    originals: dict[str, Path]  # content-relative path → its clean copy in the cache
    cache_dir: Path
    default_share: ShareImage | None = None
    warnings: list[Problem] = field(default_factory=list)

    def rendition(self, src: str) -> Rendition:
        """The rendition of ``src`` (as written in content, e.g. ``media/pho-hien.jpg``)."""
        return self.renditions[src]

    def share_for(self, images: Iterable[Image] = ()) -> ShareImage | None:
        """The share card of a page showing ``images``: the first raster one, else the site's."""
        for image in images:
            share = self.renditions[image.src].share
            if share is not None:
                return ShareImage(share.path, share.width, share.height, dict(image.alt))
        return self.default_share

    def clean_original(self, src_uri: str) -> Path | None:
        """The metadata-free copy to publish instead of the editor's file, if it is a raster."""
        return self.originals.get(src_uri)


def install_images(env: Environment, images: ImageSet) -> None:
    """Give the templates of ``env`` ``rendition(src)``, ``find_rendition(src)`` (None for a file
    the content's fields do not name, such as an SVG only a Markdown page shows) and
    ``share_image(images)``."""
    env.globals.update(
        rendition=images.rendition,
        find_rendition=images.renditions.get,
        share_image=images.share_for,
    )


def publish_images(images: ImageSet, site_dir: Path) -> int:
    """Put every variant and share image into ``site_dir`` (hard links into the cache).

    Args:
        images: the prepared images.
        site_dir: the folder being built.

    Returns:
        The number of files published.
    """
    count = 0
    for rendition in images.renditions.values():
        for variant in rendition.variants:
            target = site_dir / variant.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                _link_or_copy(images.cache_dir / Path(variant.path).name, target)
            count += 1
    return count


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)
