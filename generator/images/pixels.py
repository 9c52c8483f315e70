"""Pillow's part: reading a photograph's size and kind from its header, decoding it (a JPEG at
the smallest scale its outputs need) as many at once as the memory allows, making it ready for the
web (upright, sRGB, no metadata) and encoding each file into the cache; warnings Pillow raises
while it reads an image are kept with that image.

Images larger than :data:`~generator.content.limits.MAX_IMAGE_PIXELS` are refused by the planning
(:mod:`generator.images.plan`) from their header, before any pixel is decoded.
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image as Pil
from PIL import ImageCms, ImageOps

from generator.content.limits import (
    IMAGE_MEMORY_SHARE,
    IMAGE_WORKING_COPIES,
    MAX_IMAGE_PIXELS,
)
from generator.content.problems import Problems

if TYPE_CHECKING:
    from generator.images.plan import ImageUse

ORIENTATION = 0x0112
SIDEWAYS = (5, 6, 7, 8)  # EXIF orientations that swap width and height

# Pillow's own guard agrees with ours: it warns above the limit (an image the planning has already
# refused) and refuses twice the limit wherever else in the process an image is opened.
Pil.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


class ImageLibraryWarning(UserWarning):
    """A warning Pillow raised while reading an image, re-issued with the image's file and line."""


@dataclass(frozen=True)
class Output:
    """One file made from a source image."""

    name: str  # file name in the cache (and, for variants, in media/_img/)
    width: int
    height: int
    format: str
    kind: str  # "variant", "share" or "original"


@dataclass(frozen=True)
class Job:
    """A source image and every file to make from it, decoded once."""

    source: Path
    src: str
    format: str
    outputs: tuple[Output, ...]
    decoded_bytes: int  # width × height × channels of the full-size pixels


def oriented_size(image: Pil.Image) -> tuple[int, int]:
    """Width and height once EXIF orientation is applied."""
    width, height = image.size
    if image.getexif().get(ORIENTATION, 1) in SIDEWAYS:
        return height, width
    return width, height


def has_alpha(image: Pil.Image) -> bool:
    """Whether the image has transparency."""
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def reason(exc: Exception) -> str:
    """What Pillow said of a file it could not read, or the kind of its error."""
    return str(exc).strip() or type(exc).__name__


class LibraryWarnings:
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


class _Undecodable(Exception):
    """The source's header was readable, its pixels are not (a truncated or corrupt file)."""


def make_files(
    jobs: list[Job], cache_dir: Path, workers: int | None, caught: LibraryWarnings
) -> list[tuple[Job, str]]:
    """Make the files of ``jobs``; return the jobs whose source could not be decoded.

    Failing to write into the cache is no fault of the image: that error is raised as it is.
    """
    if not jobs:
        return []
    cache_dir.mkdir(parents=True, exist_ok=True)

    def attempt(job: Job) -> tuple[Job, str] | None:
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


def _decode(job: Job) -> Pil.Image:
    """The pixels of ``job.source``, ready for the web (see :func:`_web_ready`); a JPEG is
    decoded at the smallest scale (1/2, 1/4, 1/8) that still covers every output."""
    try:
        with Pil.open(job.source) as opened:
            if opened.format in ("JPEG", "MPO"):
                opened.draft(opened.mode, _stored_size_needed(opened, job.outputs))
            opened.load()
            return _web_ready(opened)
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError … for bad files
        raise _Undecodable(reason(exc)) from exc


def _stored_size_needed(image: Pil.Image, outputs: tuple[Output, ...]) -> tuple[int, int]:
    """The smallest size, as the file stores it (before EXIF orientation), of every output."""
    width = max(output.width for output in outputs)
    height = max(output.height for output in outputs)
    sideways = image.getexif().get(ORIENTATION, 1) in SIDEWAYS
    return (height, width) if sideways else (width, height)


def _make(job: Job, cache_dir: Path) -> None:
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
    alpha = has_alpha(image)
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


def _share_crop(image: Pil.Image, output: Output) -> Pil.Image:
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


def _write(picture: Pil.Image, output: Output, target: Path) -> None:
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
