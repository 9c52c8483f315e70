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
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import threading
import unicodedata
import warnings
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from PIL import Image as Pil
from PIL import ImageCms, ImageOps

from generator.content.fields import Image
from generator.content.limits import (
    IMAGE_MEMORY_SHARE,
    IMAGE_WORKING_COPIES,
    MAX_IMAGE_PIXELS,
    SUGGESTED_IMAGE_WIDTH,
)
from generator.content.media import file_refs
from generator.content.portal import Portal
from generator.content.problems import ContentError, Problem, Problems
from generator.i18n.tool import tr

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
_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_REEXPORT = "replace it with a JPEG or PNG exported again from a photo editor"
_ORIENTATION = 0x0112
_SIDEWAYS = (5, 6, 7, 8)  # EXIF orientations that swap width and height

# Pillow's own guard agrees with ours: it warns above the limit (an image this module has already
# refused) and refuses twice the limit wherever else in the process an image is opened.
Pil.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class ImageLibraryWarning(UserWarning):
    """A warning Pillow raised while reading an image, re-issued with the image's file and line."""


# --- what the templates see ----------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One derived file: ``path`` is site-relative (``media/_img/…``)."""

    path: str
    width: int
    height: int
    format: str  # "JPEG", "PNG" or "WEBP"

    @property
    def mime(self) -> str:
        return _MIME[self.format]


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
    """Give the templates of ``env`` ``rendition(src)`` and ``share_image(images)``."""
    env.globals.update(rendition=images.rendition, share_image=images.share_for)


# --- preparing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageUse:
    """One place in content that shows an image, so a problem can point at its line."""

    image: Image
    path: Path
    line: int
    role: str  # "item", "hero", "share" or "poster"


@dataclass(frozen=True)
class _Output:
    name: str  # file name in the cache (and, for variants, in media/_img/)
    width: int
    height: int
    format: str
    kind: str  # "variant", "share" or "original"


@dataclass(frozen=True)
class _Job:
    source: Path
    src: str
    format: str
    outputs: tuple[_Output, ...]
    decoded_bytes: int  # width × height × channels of the full-size pixels


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
    jobs: list[_Job] = []
    caught = _LibraryWarnings()
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
        for job, error in _run(pending, cache_dir, workers, caught):
            message = f"the image '{job.src}' cannot be decoded ({error})"
            _report(problems, job.source, by_src[job.src], message, _REEXPORT)
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
) -> tuple[Rendition, _Job | None] | None:
    """The rendition of ``src`` and the job that makes its files (None for an SVG)."""
    source = root / src
    if not source.is_file():
        _report(
            problems,
            source,
            uses,
            f"the image '{src}' is not in content/",
            "correct the path (relative to content/, e.g. media/hero.jpg)",
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
            f"'{src}' is not an image the web can show everywhere",
            "convert it to JPEG (photographs), PNG (drawings) or SVG",
        )
        return None
    try:
        with Pil.open(source) as image:
            decoded_as = _DECODED_AS.get(image.format or "")
            size, alpha = _oriented_size(image), _has_alpha(image)
            channels = 4 if alpha else max(3, len(image.getbands()))
    except Pil.DecompressionBombError as exc:  # over twice the limit: Pillow stops at the header
        _report(problems, source, uses, *_too_large(src, None, _pixels_in(exc)))
        return None
    except Exception as exc:  # Pillow raises many kinds; each means the file is unusable
        message = f"the image '{src}' cannot be decoded ({_reason(exc)})"
        _report(problems, source, uses, message, _REEXPORT)
        return None
    if decoded_as is None:
        _report(
            problems,
            source,
            uses,
            f"'{src}' is not a JPEG, PNG or WebP image inside",
            "export it again as JPEG or PNG",
        )
        return None
    if size[0] * size[1] > MAX_IMAGE_PIXELS:
        _report(problems, source, uses, *_too_large(src, size, size[0] * size[1]))
        return None
    outputs = _outputs(source, decoded_as, size, alpha)
    job = _Job(source, src, decoded_as, outputs, size[0] * size[1] * channels)
    return _rendition(src, size, outputs), job


def _too_large(src: str, size: tuple[int, int] | None, pixels: int) -> tuple[str, str]:
    """What is wrong with an image over the pixel limit, and how to export it instead."""
    shown = f"{size[0]}×{size[1]} pixels, " if size else ""
    message = (
        f"the image '{src}' is {shown}{pixels / 1e6:.0f} megapixels: more than the limit of "
        f"{MAX_IMAGE_PIXELS / 1e6:.0f} megapixels"
    )
    return message, (
        f"export it again at most {SUGGESTED_IMAGE_WIDTH} pixels wide "
        f"(the site shows photographs at most {WIDTHS[-1]} pixels wide)"
    )


def _pixels_in(error: Exception) -> int:
    """The pixel count in Pillow's refusal ("Image size (169000000 pixels) exceeds …")."""
    found = re.search(r"\((\d+) pixels\)", str(error))
    return int(found.group(1)) if found else 2 * MAX_IMAGE_PIXELS


def _outputs(
    source: Path, decoded_as: str, size: tuple[int, int], alpha: bool
) -> tuple[_Output, ...]:
    width, height = size
    base = f"{_slug(source.stem)}-{_digest(source)}"
    fallback = "PNG" if decoded_as == "PNG" or alpha else "JPEG"
    outputs = []
    for w in variant_widths(width):
        h = max(1, round(height * w / width))
        outputs.append(_Output(f"{base}-{w}.webp", w, h, "WEBP", "variant"))
        outputs.append(_Output(f"{base}-{w}.{_EXTENSIONS[fallback]}", w, h, fallback, "variant"))
    share_w, share_h = share_size(width, height)
    outputs.append(_Output(f"{base}-share.jpg", share_w, share_h, "JPEG", "share"))
    # The clean original keeps its format: it is served at the editor's file name. No page
    # shows it wider than the widest variant, so it is no wider either.
    original_w = min(width, WIDTHS[-1])
    original_h = max(1, round(height * original_w / width))
    name = f"{base}-original.{_EXTENSIONS[decoded_as]}"
    outputs.append(_Output(name, original_w, original_h, decoded_as, "original"))
    return tuple(outputs)


def _rendition(src: str, size: tuple[int, int], outputs: tuple[_Output, ...]) -> Rendition:
    def variant(output: _Output) -> Variant:
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


def _original_of(job: _Job) -> _Output:
    return next(output for output in job.outputs if output.kind == "original")


def _report(problems: Problems, source: Path, uses: list[ImageUse], message: str, fix: str) -> None:
    """One problem per place that shows the image, or on the file itself when none does."""
    if not uses:
        problems.add(source, 1, message, fix)
    for use in uses:
        problems.add(use.path, use.line, message, fix)


# --- sizes and names -----------------------------------------------------------------------


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


def _oriented_size(image: Pil.Image) -> tuple[int, int]:
    width, height = image.size
    if image.getexif().get(_ORIENTATION, 1) in _SIDEWAYS:
        return height, width
    return width, height


def _has_alpha(image: Pil.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _reason(exc: Exception) -> str:
    return str(exc).strip() or type(exc).__name__


# --- warnings of the image library ---------------------------------------------------------


class _LibraryWarnings:
    """Warnings Pillow raises while an image is read, kept with the image (threads included)."""

    def __init__(self) -> None:
        self._reading = threading.local()
        self.caught: dict[str, dict[str, type[Warning]]] = {}  # src → message → category

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Catch every warning raised meanwhile while an image is being read; let others by."""
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            passed_on = warnings.showwarning

            def show(message, category, filename, lineno, file=None, line=None) -> None:
                src = getattr(self._reading, "src", None)
                if src is None:
                    passed_on(message, category, filename, lineno, file, line)
                else:
                    self.caught.setdefault(src, {}).setdefault(str(message), category)

            warnings.showwarning = show
            yield

    @contextmanager
    def reading(self, src: str) -> Iterator[None]:
        """Attribute the warnings this thread raises meanwhile to the image ``src``."""
        self._reading.src = src
        try:
            yield
        finally:
            self._reading.src = None

    def reissue(self, root: Path, by_src: dict[str, list[ImageUse]], problems: Problems) -> None:
        """Warn once per message, at the place that shows the image (or at its file).

        Pillow's warning that an image is over its pixel limit is left out: the image has
        been refused already, with its size and the limit.
        """
        for src, messages in sorted(self.caught.items()):
            uses = by_src.get(src) or []
            path, line = (uses[0].path, uses[0].line) if uses else (root / src, 1)
            for message, category in messages.items():
                if issubclass(category, Pil.DecompressionBombWarning):
                    continue
                where = f"{problems.relative(path)}:{line}"
                warnings.warn(
                    f"{where}: Pillow warns about the image '{src}': {message} — export it "
                    "again from a photo editor if the image looks wrong on the site",
                    ImageLibraryWarning,
                    stacklevel=3,
                )


# --- making the files ----------------------------------------------------------------------


class _Undecodable(Exception):
    """The source's header was readable, its pixels are not (a truncated or corrupt file)."""


def _run(
    jobs: list[_Job], cache_dir: Path, workers: int | None, caught: _LibraryWarnings
) -> list[tuple[_Job, str]]:
    """Make the files of ``jobs``; return the jobs whose source could not be decoded.

    Failing to write into the cache is no fault of the image: that error is raised as it is.
    """
    if not jobs:
        return []
    cache_dir.mkdir(parents=True, exist_ok=True)

    def attempt(job: _Job) -> tuple[_Job, str] | None:
        try:
            with caught.reading(job.src):
                _make(job, cache_dir)
        except _Undecodable as exc:
            return job, str(exc)
        return None

    if workers is None:
        decoded = [job.decoded_bytes for job in jobs]
        workers = image_workers(decoded, memory_budget(), os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [result for result in pool.map(attempt, jobs) if result is not None]


def image_workers(decoded_bytes: Iterable[int], budget: int, cpus: int) -> int:
    """How many images may be decoded at once: as many as ``budget`` bytes hold while each is
    worked on (:data:`~generator.content.limits.IMAGE_WORKING_COPIES` copies of the largest),
    never more than the CPUs, never fewer than one.

    Args:
        decoded_bytes: width × height × channels of each image to make.
        budget: the memory the images may use at once, in bytes (:func:`memory_budget`).
        cpus: the CPU count.
    """
    largest = max(decoded_bytes, default=0) * IMAGE_WORKING_COPIES
    by_memory = budget // largest if largest else cpus
    return max(1, min(cpus, by_memory))


def memory_budget() -> int:
    """The bytes image decoding may use: a share of what is available now (of the container's
    limit too, under cgroup v2), or of 1 GiB when the system does not say."""
    available = _meminfo_available() or _sysconf_available() or 1 << 30
    limit = _cgroup_room()
    if limit is not None:
        available = min(available, limit)
    return int(available * IMAGE_MEMORY_SHARE)


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _sysconf_available() -> int | None:
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, OSError, ValueError):
        return None


def _cgroup_room() -> int | None:
    """What the build's cgroup may still take (``memory.max`` less ``memory.current``)."""
    folder = Path("/sys/fs/cgroup")
    try:
        limit = (folder / "memory.max").read_text().strip()
        if limit == "max":
            return None
        return max(0, int(limit) - int((folder / "memory.current").read_text()))
    except (OSError, ValueError):
        return None


def _decode(job: _Job) -> Pil.Image:
    """The pixels of ``job.source``, ready for the web (see :func:`_web_ready`); a JPEG is
    decoded at the smallest scale (1/2, 1/4, 1/8) that still covers every output."""
    try:
        with Pil.open(job.source) as opened:
            if opened.format in ("JPEG", "MPO"):
                opened.draft(opened.mode, _stored_size_needed(opened, job.outputs))
            opened.load()
            return _web_ready(opened)
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError … for bad files
        raise _Undecodable(_reason(exc)) from exc


def _stored_size_needed(image: Pil.Image, outputs: tuple[_Output, ...]) -> tuple[int, int]:
    """The smallest size, as the file stores it (before EXIF orientation), of every output."""
    width = max(output.width for output in outputs)
    height = max(output.height for output in outputs)
    sideways = image.getexif().get(_ORIENTATION, 1) in _SIDEWAYS
    return (height, width) if sideways else (width, height)


def _make(job: _Job, cache_dir: Path) -> None:
    """Decode ``job.source`` once and write each of its outputs the cache is missing."""
    image = _decode(job)
    for output in job.outputs:
        target = cache_dir / output.name
        if target.exists():
            continue
        if output.kind == "share":
            picture = _share_crop(image, output)
        elif (output.width, output.height) == image.size:
            picture = image
        else:
            picture = image.resize(
                (output.width, output.height), Pil.Resampling.LANCZOS, reducing_gap=2.0
            )
        _write(picture, output, target)


def _web_ready(image: Pil.Image) -> Pil.Image:
    """Upright, in sRGB, in a mode every encoder takes, and without any metadata."""
    alpha = _has_alpha(image)
    upright = ImageOps.exif_transpose(image)
    profile = upright.info.get("icc_profile")
    if profile:
        upright = _to_srgb(upright, profile, alpha)
    if upright.mode not in ("RGB", "RGBA", "L"):
        upright = upright.convert("RGBA" if alpha else "RGB")
    upright.info = {}
    return upright


def _to_srgb(image: Pil.Image, profile: bytes, alpha: bool) -> Pil.Image:
    """Convert from the embedded colour profile to sRGB, so the profile can be dropped."""
    mode = "RGBA" if alpha else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
            image = image.convert(mode)
        return ImageCms.profileToProfile(
            image,
            source,
            ImageCms.createProfile("sRGB"),
            outputMode=mode if image.mode != "L" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert(mode)  # an unreadable profile: the pixels are taken as sRGB


def _share_crop(image: Pil.Image, output: _Output) -> Pil.Image:
    """The centre of ``image`` in the share card's ratio, on white where it was transparent."""
    ratio = output.width / output.height
    width, height = image.size
    crop_w, crop_h = min(width, round(height * ratio)), min(height, round(width / ratio))
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    card = image.crop((left, top, left + crop_w, top + crop_h))
    card = card.resize((output.width, output.height), Pil.Resampling.LANCZOS, reducing_gap=2.0)
    if card.mode == "RGBA":
        white = Pil.new("RGB", card.size, "white")
        white.paste(card, mask=card.getchannel("A"))
        card = white
    return card.convert("RGB") if card.mode != "RGB" else card


def _write(picture: Pil.Image, output: _Output, target: Path) -> None:
    """Encode ``picture`` next to ``target`` and rename it into place: never half a file."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            _encode(picture, output.format, output.kind, stream)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server must read it
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _encode(picture: Pil.Image, fmt: str, kind: str, stream) -> None:
    if fmt == "JPEG":
        rgb = picture.convert("RGB") if picture.mode not in ("RGB", "L") else picture
        quality = 90 if kind == "original" else 82
        rgb.save(stream, "JPEG", quality=quality, progressive=True, optimize=True)
    elif fmt == "WEBP":
        picture.save(stream, "WEBP", quality=90 if kind == "original" else 80, method=4)
    else:
        picture.save(stream, "PNG", optimize=True)


# --- publishing ----------------------------------------------------------------------------


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
