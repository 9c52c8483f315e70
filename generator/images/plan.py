"""Planning: every image the content shows (and every raster file no field names), checked, and
what each needs: its variants for ``srcset`` at :data:`WIDTHS` (never wider than the original) in
WebP and the original's own format, a share card, and a clean original; the files the cache lacks
are then made by :mod:`generator.images.pixels`.

Derived files are named after a hash of the source's bytes and of :data:`RECIPE`
(``media/_img/pho-hien-1a2b3c4d-960.webp``), so a CDN may cache them forever.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image as Pil

from generator.content.fields import Image
from generator.content.limits import MAX_IMAGE_PIXELS, SUGGESTED_IMAGE_WIDTH
from generator.content.media import file_refs
from generator.content.portal import Portal
from generator.content.problems import ContentError, Problems
from generator.i18n.tool import tr
from generator.images.model import ImageSet, Rendition, ShareImage, Variant
from generator.images.pixels import (
    Job,
    LibraryWarnings,
    Output,
    has_alpha,
    make_files,
    oriented_size,
    reason,
)

WIDTHS: tuple[int, ...] = (480, 960, 1600)
"""Widths of the variants offered in ``srcset``; an original narrower than the last one adds its
own width instead of being enlarged."""

SHARE_SIZE: tuple[int, int] = (1200, 630)
"""Open Graph's recommended card (1.91:1)."""

MIN_ITEM_WIDTH = 480
"""An item image narrower than this looks blurred on any screen: the build warns."""

OUTPUT_DIR = "media/_img"
"""Where the derived files live in the site."""

CACHE_DIR = ".cache/doingoai/images"
"""Where the derived files are made, relative to the project folder (the one of mkdocs.yml)."""

RECIPE = "2:jpeg82p:webp80m4:png-opt:share1200x630c:orig90w1600:draft"
"""Changes every derived file's name when the encoding changes, so no CDN serves a stale one."""

_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_DECODED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _reexport() -> str:
    return tr("replace it with a JPEG or PNG exported again from a photo editor")


@dataclass(frozen=True)
class ImageUse:
    """One place in content that shows an image, so a problem can point at its line."""

    image: Image
    path: Path
    line: int
    role: str  # "item", "hero", "share" or "poster"


def cache_dir_for(project_dir: Path) -> Path:
    """The image cache of the project in ``project_dir``, created with a .gitignore of its own."""
    cache = project_dir / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    ignore = cache.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# derived images, made again by any build\n*\n", encoding="utf-8")
    return cache


def prepare_images(portal: Portal, cache_dir: Path, workers: int | None = None) -> ImageSet:
    """Check every image of ``portal`` and make the derived files the cache does not have yet.

    Args:
        portal: the loaded content.
        cache_dir: where derived files are made and kept between builds (:func:`cache_dir_for`).
        workers: threads that encode at once (Pillow releases the GIL); default: as many as
            the memory allows (:func:`image_workers`).

    Returns:
        The prepared images; warnings (images too small) are in ``warnings``.

    Raises:
        ContentError: listing every image that is missing, unreadable or of an unusable kind.
    """
    root = portal.root
    problems = Problems.of_content(root)
    uses = list(image_uses(portal))
    by_src: dict[str, list[ImageUse]] = {}
    for use in uses:
        by_src.setdefault(use.image.src, []).append(use)
    for src in _unreferenced_rasters(root, by_src):
        by_src[src] = []

    renditions: dict[str, Rendition] = {}
    jobs: list[Job] = []
    caught = LibraryWarnings()
    with caught.collecting():
        for src, src_uses in sorted(by_src.items()):
            with caught.reading(src):
                planned = _plan(root, src, src_uses, cache_dir, problems)
            if planned is not None:
                renditions[src], job = planned
                if job is not None:
                    jobs.append(job)
        _check_uses(uses, renditions, problems)
        pending = [j for j in jobs if not all((cache_dir / o.name).exists() for o in j.outputs)]
        for job, error in make_files(pending, cache_dir, workers, caught):
            message = tr("the image '{src}' cannot be decoded ({error})", src=job.src, error=error)
            _report(problems, job.source, by_src[job.src], message, _reexport())
    caught.reissue(root, by_src, problems)
    if problems.errors:
        raise ContentError(problems.errors + problems.warnings)
    originals = {job.src: cache_dir / _original_of(job).name for job in jobs}
    return ImageSet(
        renditions, originals, cache_dir, _default_share(portal, renditions), problems.warnings
    )


_IMAGE_ROLES = {"hero": "hero", "share_image": "share", "poster": "poster"}
"""The role of an image by the field that holds it; any other image is an item's."""


def image_uses(portal: Portal) -> Iterator[ImageUse]:
    """Every image the content shows: the site's hero and share image, items' images and posters.

    Found among the paths of every field (:func:`~generator.content.media.file_refs`), which
    ``load_portal`` has already resolved inside ``content/``.
    """
    for ref in file_refs(portal.documents()):
        if isinstance(ref.owner, Image):
            yield ImageUse(ref.owner, ref.path, ref.line, _IMAGE_ROLES.get(str(ref.loc[0]), "item"))


def _unreferenced_rasters(root: Path, known: dict[str, list[ImageUse]]) -> list[str]:
    """Raster files no field names: MkDocs copies them too, so they are cleaned as well."""
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("data",) or any(p.startswith(".") for p in relative.parts):
            continue
        if path.suffix.lower() in _FORMATS and path.is_file() and relative.as_posix() not in known:
            found.append(relative.as_posix())
    return found


def _plan(
    root: Path, src: str, uses: list[ImageUse], cache_dir: Path, problems: Problems
) -> tuple[Rendition, Job | None] | None:
    """The rendition of ``src`` and the job that makes its files (None for an SVG)."""
    source = root / src
    if not source.is_file():
        _report(
            problems,
            source,
            uses,
            tr("the image '{src}' is not in content/", src=src),
            tr("correct the path (relative to content/, e.g. media/hero.jpg)"),
        )
        return None
    suffix = source.suffix.lower()
    if suffix == ".svg":
        width, height = svg_size(source)
        return Rendition(src, width, height, vector=True), None
    if suffix not in _FORMATS:
        _report(
            problems,
            source,
            uses,
            tr("'{src}' is not an image the web can show everywhere", src=src),
            tr("convert it to JPEG (photographs), PNG (drawings) or SVG"),
        )
        return None
    try:
        with Pil.open(source) as image:
            decoded_as = _DECODED_AS.get(image.format or "")
            size, alpha = oriented_size(image), has_alpha(image)
            channels = 4 if alpha else max(3, len(image.getbands()))
    except Pil.DecompressionBombError as exc:  # over twice the limit: Pillow stops at the header
        _report(problems, source, uses, *_too_large(src, None, _pixels_in(exc)))
        return None
    except Exception as exc:  # Pillow raises many kinds; each means the file is unusable
        message = tr("the image '{src}' cannot be decoded ({error})", src=src, error=reason(exc))
        _report(problems, source, uses, message, _reexport())
        return None
    if decoded_as is None:
        _report(
            problems,
            source,
            uses,
            tr("'{src}' is not a JPEG, PNG or WebP image inside", src=src),
            tr("export it again as JPEG or PNG"),
        )
        return None
    if size[0] * size[1] > MAX_IMAGE_PIXELS:
        _report(problems, source, uses, *_too_large(src, size, size[0] * size[1]))
        return None
    outputs = _outputs(source, decoded_as, size, alpha)
    job = Job(source, src, decoded_as, outputs, size[0] * size[1] * channels)
    return _rendition(src, size, outputs), job


def _too_large(src: str, size: tuple[int, int] | None, pixels: int) -> tuple[str, str]:
    """What is wrong with an image over the pixel limit, and how to export it instead."""
    values = {"src": src, "megapixels": pixels / 1e6, "limit": MAX_IMAGE_PIXELS / 1e6}
    if size:
        message = tr(
            "the image '{src}' is {width}×{height} pixels, {megapixels:.0f} megapixels: more than "
            "the limit of {limit:.0f} megapixels",
            width=size[0],
            height=size[1],
            **values,
        )
    else:
        message = tr(
            "the image '{src}' is {megapixels:.0f} megapixels: more than the limit of "
            "{limit:.0f} megapixels",
            **values,
        )
    return message, tr(
        "export it again at most {width} pixels wide (the site shows photographs at most "
        "{widest} pixels wide)",
        width=SUGGESTED_IMAGE_WIDTH,
        widest=WIDTHS[-1],
    )


def _pixels_in(error: Exception) -> int:
    """The pixel count in Pillow's refusal ("Image size (169000000 pixels) exceeds …")."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else 2 * MAX_IMAGE_PIXELS


def _outputs(
    source: Path, decoded_as: str, size: tuple[int, int], alpha: bool
) -> tuple[Output, ...]:
    width, height = size
    base = f"{_slug(source.stem)}-{_digest(source)}"
    fallback = "PNG" if decoded_as == "PNG" or alpha else "JPEG"
    outputs = []
    for w in variant_widths(width):
        h = max(1, round(height * w / width))
        outputs.append(Output(f"{base}-{w}.webp", w, h, "WEBP", "variant"))
        outputs.append(Output(f"{base}-{w}.{_EXTENSIONS[fallback]}", w, h, fallback, "variant"))
    share_w, share_h = share_size(width, height)
    outputs.append(Output(f"{base}-share.jpg", share_w, share_h, "JPEG", "share"))
    # The clean original keeps its format: it is served at the editor's file name. No page
    # shows it wider than the widest variant, so it is no wider either.
    original_w = min(width, WIDTHS[-1])
    original_h = max(1, round(height * original_w / width))
    name = f"{base}-original.{_EXTENSIONS[decoded_as]}"
    outputs.append(Output(name, original_w, original_h, decoded_as, "original"))
    return tuple(outputs)


def _rendition(src: str, size: tuple[int, int], outputs: tuple[Output, ...]) -> Rendition:
    def variant(output: Output) -> Variant:
        return Variant(f"{OUTPUT_DIR}/{output.name}", output.width, output.height, output.format)

    variants = [o for o in outputs if o.kind == "variant"]
    share = next(variant(o) for o in outputs if o.kind == "share")
    return Rendition(
        src,
        size[0],
        size[1],
        webp=tuple(variant(o) for o in variants if o.format == "WEBP"),
        fallback=tuple(variant(o) for o in variants if o.format != "WEBP"),
        share=share,
    )


def _check_uses(uses: list[ImageUse], renditions: dict[str, Rendition], problems: Problems) -> None:
    for use in uses:
        rendition = renditions.get(use.image.src)
        if rendition is None:
            continue
        if use.role == "share" and rendition.vector:
            problems.add(
                use.path,
                use.line,
                tr("social networks do not show SVG as a share image"),
                tr(
                    "give a JPEG or PNG of {width}×{height} pixels",
                    width=SHARE_SIZE[0],
                    height=SHARE_SIZE[1],
                ),
            )
        if use.role == "item" and not rendition.vector and (rendition.width or 0) < MIN_ITEM_WIDTH:
            problems.warn(
                use.path,
                use.line,
                tr(
                    "the image '{src}' is only {width} pixels wide",
                    src=use.image.src,
                    width=rendition.width,
                ),
                tr(
                    "use a photograph at least {minimum} (better {best}) pixels wide",
                    minimum=MIN_ITEM_WIDTH,
                    best=WIDTHS[-1],
                ),
            )


def _default_share(portal: Portal, renditions: dict[str, Rendition]) -> ShareImage | None:
    image = getattr(portal.site, "share_image", None)
    rendition = renditions.get(image.src) if image is not None else None
    if rendition is None or rendition.share is None:
        return None
    share = rendition.share
    return ShareImage(share.path, share.width, share.height, dict(image.alt))


def _original_of(job: Job) -> Output:
    return next(output for output in job.outputs if output.kind == "original")


def _report(problems: Problems, source: Path, uses: list[ImageUse], message: str, fix: str) -> None:
    """One problem per place that shows the image, or on the file itself when none does."""
    if not uses:
        problems.add(source, 1, message, fix)
    for use in uses:
        problems.add(use.path, use.line, message, fix)


def variant_widths(width: int) -> list[int]:
    """The widths of the variants of an image ``width`` pixels wide (never enlarged).

    Returns:
        :data:`WIDTHS` narrower than the original, then the original's own width when it is
        narrower than the widest of them.
    """
    widths = [w for w in WIDTHS if w < width]
    widths.append(min(width, WIDTHS[-1]))
    return sorted(set(widths))


def share_size(width: int, height: int) -> tuple[int, int]:
    """The share card cut from an image: 1200×630, or smaller in that ratio, never enlarged."""
    ratio = SHARE_SIZE[0] / SHARE_SIZE[1]
    crop_w = min(width, round(height * ratio))
    out_w = min(SHARE_SIZE[0], crop_w)
    return out_w, max(1, round(out_w / ratio))


def svg_size(path: Path) -> tuple[int | None, int | None]:
    """The intrinsic size of an SVG, from ``width``/``height`` or else its ``viewBox``."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError:
        return None, None
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    if width and height:
        return width, height
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            pass
    return None, None


def _svg_length(value: str | None) -> int | None:
    match = re.fullmatch(r"\s*([0-9.]+)\s*(px)?\s*", value or "")
    return round(float(match.group(1))) if match else None


def _slug(stem: str) -> str:
    text = stem.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "image"


def _digest(source: Path) -> str:
    sha = hashlib.sha256(RECIPE.encode())
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()[:8]
