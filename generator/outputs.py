"""Writing the built site's files, taking the previous site's unchanged ones by hard link.

A build writes every file of the site into a new staging folder, and most of them are the bytes
the site it replaces already holds. Where the previous file is the same, the new one is a hard
link to it: no data is written again (on a slow disk, a new file costs up to a millisecond, and
a site holds thousands), the old site is quicker to remove after the swap, and an unchanged
file keeps its modification time — a server's ``Last-Modified`` and ``ETag`` stay the same, so
readers' browsers and a CDN keep what they hold.

A linked file is the previous site's file until the swap: it is never opened for writing. A
path written twice is unlinked first, so the second write makes a file of its own.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteWriter:
    """Writes files below ``root`` (the staging folder, or the folder a process builds some
    languages into), linking those the ``previous`` site holds unchanged at the same path."""

    root: Path
    previous: Path | None = None
    """The live site the build replaces; None writes every file (a build with no cache)."""
    same_build: bool = False
    """Whether the same generator (code and libraries) built ``previous``: then a file derived
    from a source alone (a .gz copy) is the previous one when the source is."""

    def moved_to(self, root: Path) -> SiteWriter:
        """The writer of another folder that becomes the site's root (its files merged later)."""
        return SiteWriter(root, self.previous, self.same_build)

    def link_derived(self, source: Path, derived: Path) -> bool:
        """Link ``derived`` (made from ``source`` alone) to the previous site's when ``source``
        is the previous site's own file and the same generator made that site; return whether
        it did (else the caller makes the file)."""
        if not self.same_build:
            return False
        old_source, old_derived = self._previous_of(source), self._previous_of(derived)
        if old_source is None or old_derived is None:
            return False
        try:
            if not os.path.samefile(source, old_source):
                return False
            if not stat.S_ISREG(os.lstat(old_derived).st_mode):
                return False
            _clear(derived)
            os.link(old_derived, derived, follow_symlinks=False)
        except OSError:
            return False
        return True

    def write(self, path: Path, data: bytes) -> None:
        """Put ``data`` at ``path`` (below ``root``): the previous site's file, or a new one."""
        if not self.link_unchanged(path, data):
            path.write_bytes(data)

    def link_unchanged(self, path: Path, data: bytes) -> bool:
        """Link ``path`` to the previous site's file if that holds ``data``; return whether it
        did. Either way ``path`` no longer exists as an earlier file and its folder does."""
        _clear(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        old = self._previous_of(path)
        if old is None or not _holds(old, data):
            return False
        try:
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False  # another file system, or one without hard links
        return True

    def _previous_of(self, path: Path) -> Path | None:
        if self.previous is None:
            return None
        try:
            relative = path.relative_to(self.root)
        except ValueError:
            return None
        return self.previous / relative


def _clear(path: Path) -> None:
    """Remove what ``path`` holds, so that it is never written into: it may be a link to the
    previous site's file."""
    if os.path.lexists(path):
        path.unlink()


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (no link, no device) with exactly ``data``."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
        return False
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def write_file(path: Path, data: bytes, writer: SiteWriter | None) -> None:
    """Write ``data`` at ``path`` with ``writer``, or plainly when there is none."""
    if writer is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    else:
        writer.write(path, data)


def site_mark(site_dir: Path) -> str:
    """What tells one published site folder from another at the same path: its path, inode
    and modification time (a new folder each build; the swap renames it into place)."""
    info = os.stat(site_dir)
    return f"{site_dir.resolve()} {info.st_dev} {info.st_ino} {info.st_mtime_ns}"
