"""What one build worked out, kept on disk for the next, by content hash: a text or page that has
not changed costs a file read instead of being converted, parsed or indexed again.

Each entry is named by the SHA-256 of everything it was made from (the text, or the bytes of a
built page and its path), inside a folder named after the *version* of the build: the source of
the ``generator`` package and the versions of the libraries and tools that shape its outputs.
Any change of code or tool starts an empty folder, so an entry is never trusted across versions;
the folders of other versions are removed. Entries are written to a temporary name and renamed
into place, so builds running at the same time (of other site folders of one project) read an
entry whole or not at all; two builds writing one entry write the same bytes.

``portal build --no-cache`` builds without reading or writing any entry.
"""

from __future__ import annotations

import hashlib
import io
import os
import platform
import shutil
import tarfile
from importlib import metadata
from pathlib import Path

CACHE_DIR = ".cache/doingoai/build"

LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "lxml",
    "nh3",
    "pyicu-wheels",
    "pagefind-bin-extended",
    "pagefind",
)
"""Distributions whose version changes what a build writes (missing ones count as absent)."""


def content_key(*parts: bytes | str) -> str:
    """The SHA-256 of ``parts``, each length-prefixed so no two sequences share a key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def build_version() -> str:
    """The version of the build: the ``generator`` package's source and the libraries' versions."""
    package = Path(__file__).resolve().parent
    parts: list[bytes | str] = [platform.python_version()]
    for path in sorted(package.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".html", ".txt", ".json")
            and ("__pycache__" not in path.parts)
        ):
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    return content_key(*parts)[:24]


class BuildCache:
    """Entries of one build version under ``root`` (``None``: a cache that keeps nothing)."""

    def __init__(self, root: Path | None, version: str | None = None) -> None:
        self.folder = root / (version or build_version()) if root is not None else None
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_project(cls, project_dir: Path, enabled: bool = True) -> BuildCache:
        """The cache of the project in ``project_dir``; other versions' folders are removed."""
        if not enabled:
            return cls(None)
        cache = cls(project_dir / CACHE_DIR)
        assert cache.folder is not None
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
            for other in cache.folder.parent.iterdir():
                if other != cache.folder and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            return cls(None)  # no place for a cache: build without one
        return cache

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / kind / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry ``key`` of ``kind``, or None (no cache, or never written)."""
        if self.folder is None:
            return None
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Keep ``data`` as the entry ``key`` of ``kind`` (written whole, then renamed). The
        cache only saves time: an entry that cannot be written (disk full, the folder removed
        by a build of another version) is left out."""
        if self.folder is None:
            return
        path = self._path(kind, key)
        temporary = path.with_name(f".new-{os.getpid()}-{key}")
        try:
            try:
                temporary.write_bytes(data)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(data)
            os.replace(temporary, path)
        except OSError:
            temporary.unlink(missing_ok=True)

    def get_files(self, kind: str, key: str) -> dict[str, bytes] | None:
        """The files kept as the entry ``key`` of ``kind`` (relative path → bytes), or None."""
        data = self.get(kind, key)
        if data is None:
            return None
        try:
            with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                return {
                    member.name: archive.extractfile(member).read()  # type: ignore[union-attr]
                    for member in archive.getmembers()
                    if member.isfile()
                }
        except tarfile.TarError:
            return None

    def put_files(self, kind: str, key: str, folder: Path) -> None:
        """Keep every file of ``folder`` as one entry ``key`` of ``kind``."""
        if self.folder is None:
            return
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.add(path, path.relative_to(folder).as_posix())
        self.put(kind, key, buffer.getvalue())
