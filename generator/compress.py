"""Precompressed copies of the site's text files, for web servers that serve them as they are
(nginx's ``gzip_static``): ``page.html.gz`` beside ``page.html``, so no server compresses the same
page again on every request.

The copies are deterministic (gzip level 9, no file name, modification time 0): two builds of one
site give the same bytes. A copy is written only when it is smaller than its original. Pagefind's
index files (``.pf_fragment``, ``.pf_index``, ``.pf_meta``, ``.pagefind``) are gzip already and
are left out by their suffixes; folders whose name begins with a dot (a deploy's ``.deploy/``) are
not the site's and are not touched.
"""

from __future__ import annotations

import gzip
import os
import stat
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from generator.buildcache import BuildCache, content_key
from generator.outputs import SiteWriter, write_file

COMPRESSIBLE = frozenset(
    {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".vtt", ".csv", ".webmanifest"}
)
SUFFIX = ".gz"


@dataclass(frozen=True)
class Compressed:
    """What :func:`precompress_site` did: files written, and bytes before and after."""

    files: int
    original_bytes: int
    compressed_bytes: int
    sources: frozenset[str] = frozenset()
    """Every file looked at (copied or not worth it), relative to the folder compressed."""


def precompress_site(
    site_dir: Path,
    workers: int = 2,
    done: Iterable[str] = (),
    cache: BuildCache | None = None,
    writer: SiteWriter | None = None,
    done_files: Collection[str] = (),
) -> Compressed:
    """Write ``<file>.gz`` beside every compressible file of ``site_dir`` that it makes smaller.

    Args:
        site_dir: the built site.
        workers: threads compressing at once (zlib releases the GIL while it works).
        done: top-level folders compressed already (by the processes that built them).
        cache: where the copy of each file is kept by its bytes, for the next build.
        writer: writes the copies (linking the previous site's unchanged ones).
        done_files: files (relative to ``site_dir``) compressed already, by an earlier call.

    Returns:
        The count of copies written, the sizes of their originals and of the copies, and the
        files looked at.
    """
    files = [
        path
        for path in compressible_files(site_dir, skip=done)
        if path.relative_to(site_dir).as_posix() not in done_files
    ]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        sizes = [s for s in pool.map(partial(_precompress, cache=cache, writer=writer), files) if s]
    return Compressed(
        len(sizes),
        sum(s[0] for s in sizes),
        sum(s[1] for s in sizes),
        frozenset(path.relative_to(site_dir).as_posix() for path in files),
    )


def compressible_files(site_dir: Path, skip: Iterable[str] = ()) -> Iterator[Path]:
    """Every text file of the site worth compressing, in a stable order; dot-folders and
    dot-files, and the top-level folders ``skip``, left out."""
    skipped = set(skip)
    for folder, dirs, names in os.walk(site_dir):
        here = Path(folder)
        top = here == site_dir
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (top and d in skipped))
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in COMPRESSIBLE:
                continue
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield path


def gzip_bytes(data: bytes) -> bytes:
    """``data`` as gzip at level 9 with no name and time 0: the same input gives the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _precompress(
    path: Path, cache: BuildCache | None = None, writer: SiteWriter | None = None
) -> tuple[int, int] | None:
    target = path.with_name(path.name + SUFFIX)
    if writer is not None and writer.link_derived(path, target):
        return path.stat().st_size, target.stat().st_size
    data = path.read_bytes()
    packed = _packed(data, cache)
    if len(packed) >= len(data):
        target.unlink(missing_ok=True)  # a copy from an earlier build must not outlive its use
        return None
    write_file(target, packed, writer)
    return len(data), len(packed)


def _packed(data: bytes, cache: BuildCache | None) -> bytes:
    """``gzip_bytes(data)``, from ``cache`` when an earlier build compressed the same bytes."""
    if cache is None or not cache.enabled:
        return gzip_bytes(data)
    key = content_key("gzip", data)
    packed = cache.get("gzip", key)
    if packed is None:
        packed = gzip_bytes(data)
        cache.put("gzip", key, packed)
    return packed
