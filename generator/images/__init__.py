"""Editors' photographs made fit for the web: resized, re-encoded, stripped of their metadata.

Every raster image in ``content/`` (JPEG, PNG, WebP) goes through one pipeline:

- **variants** for ``srcset`` at :data:`WIDTHS` (never wider than the original), in WebP and in
  the original's own format (JPEG, or PNG when the original is a PNG or has transparency);
- a **share image** of 1200×630, cropped from the centre, in JPEG, for Open Graph cards (social
  networks accept neither SVG nor WebP everywhere);
- a **clean original**, no wider than the widest variant, that replaces the editor's file at its
  own address, so that no file of the site carries a camera's EXIF, GPS position or other
  metadata, nor a 50-megapixel original nobody needs (a poster, a Markdown image, a download).

Images larger than :data:`~generator.content.limits.MAX_IMAGE_PIXELS` are refused from their
header, before any pixel is decoded; JPEGs are decoded directly at the smallest scale the outputs
need; as many images are decoded at once as the memory allows (:func:`image_workers`). Warnings
Pillow raises while it reads an image are re-issued as Python warnings naming the image's file and
line (``portal build`` counts every warning).

Orientation from EXIF is applied first. Derived files are named after a hash of the source's bytes
and of :data:`RECIPE` (``media/_img/pho-hien-1a2b3c4d-960.webp``), so a CDN may cache them forever,
and they are made once into a cache folder beside ``mkdocs.yml``: a build after the first only
decodes the images that changed. SVG passes through unchanged.

Nothing here knows MkDocs: the plugin calls :func:`prepare_images` once per build,
:func:`install_images` for the templates and :func:`publish_images` once the site is written.

One module per concern: :mod:`~generator.images.plan` (what each image needs, checked),
:mod:`~generator.images.pixels` (Pillow: decoding and encoding within the memory budget) and
:mod:`~generator.images.model` (what the templates see, and publishing).
"""

from __future__ import annotations

from generator.images.model import (
    ImageSet,
    Rendition,
    ShareImage,
    Variant,
    install_images,
    publish_images,
)
from generator.images.pixels import ImageLibraryWarning, image_workers, memory_budget
from generator.images.plan import (
    CACHE_DIR,
    MIN_ITEM_WIDTH,
    OUTPUT_DIR,
    RECIPE,
    SHARE_SIZE,
    WIDTHS,
    ImageUse,
    cache_dir_for,
    image_uses,
    prepare_images,
    share_size,
    svg_size,
    variant_widths,
)

__all__ = [
    "CACHE_DIR",
    "MIN_ITEM_WIDTH",
    "OUTPUT_DIR",
    "RECIPE",
    "SHARE_SIZE",
    "WIDTHS",
    "ImageLibraryWarning",
    "ImageSet",
    "ImageUse",
    "Rendition",
    "ShareImage",
    "Variant",
    "cache_dir_for",
    "image_uses",
    "image_workers",
    "install_images",
    "memory_budget",
    "prepare_images",
    "publish_images",
    "share_size",
    "svg_size",
    "variant_widths",
]
