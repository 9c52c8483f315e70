"""What one build worked out, kept on disk for the next, by content hash: a text or page that has
not changed costs a look-up instead of being converted, parsed or indexed again.

Each entry is named by the SHA-256 of everything it was made from (the text, or the bytes of a
built page and its path), in a cache of the *version* of the build: the source of the
``generator`` package and the versions of the libraries and tools that shape its outputs. Any
change of code or tool starts an empty cache, so an entry is never trusted across versions; the
caches of other versions are removed.

The entries of a version are rows of one SQLite file (``entries.sqlite``): a build makes
thousands of them, and a file each cost more to write than the work they save on a slow disk
(``benchmarks/RESULTS.md``). New entries are kept in memory and written in one transaction
(:meth:`BuildCache.flush`, also at exit); SQLite's locking lets the processes that build
languages side by side, and builds of other site folders of one project, write at once: a
reader sees an entry whole or not at all, and two builds writing one entry write the same bytes.

``portal build --no-cache`` builds without reading or writing any entry.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import platform
import shutil
import sqlite3
import tarfile
import threading
import weakref
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


def file_sha256(path: Path) -> str:
    """The SHA-256 of the bytes of the file ``path`` (read in blocks: a video need not fit in
    memory)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


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


DATABASE = "entries.sqlite"

_OPEN: weakref.WeakSet[BuildCache] = weakref.WeakSet()
"""Caches with entries perhaps not written yet, flushed when the program ends."""


@atexit.register
def _flush_at_exit() -> None:
    for cache in list(_OPEN):
        cache.flush()


PENDING_LIMIT = 64 * 1024 * 1024
"""Bytes of new entries kept in memory before they are written without waiting for the end."""


class BuildCache:
    """Entries of one build version under ``root`` (``None``: a cache that keeps nothing)."""

    def __init__(self, root: Path | None, version: str | None = None) -> None:
        self.folder = root / (version or build_version()) if root is not None else None
        self.hits = 0
        self.misses = 0
        self._pending: dict[tuple[str, str], bytes] = {}
        self._pending_bytes = 0
        self._lock = threading.Lock()  # threads of one build share it (compression)
        self._opening = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._connected_in: int | None = None
        if self.folder is not None:
            _OPEN.add(self)

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
            cache.folder = None  # no place for a cache: build without one
        return cache

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _database(self) -> sqlite3.Connection | None:
        """This process's connection (a forked process opens its own), or None when the
        database cannot be opened: the build goes on without the cache."""
        if self.folder is None:
            return None
        if self._connection is not None and self._connected_in == os.getpid():
            return self._connection
        with self._opening:
            if self._connection is not None and self._connected_in == os.getpid():
                return self._connection
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._connection = _open_database(self.folder / DATABASE)
            except (sqlite3.Error, OSError):
                self._connection = None
                self.folder = None
                self._pending.clear()
                return None
            self._connected_in = os.getpid()
            return self._connection

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry ``key`` of ``kind``, or None (no cache, or never written)."""
        data = self._pending.get((kind, key))
        if data is None:
            data = self._read(kind, key)
        if data is None:
            self.misses += 1
        else:
            self.hits += 1
        return data

    def _read(self, kind: str, key: str) -> bytes | None:
        database = self._database()
        if database is None:
            return None
        try:
            row = database.execute(
                "SELECT data FROM entries WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
        except sqlite3.Error:
            return None
        return bytes(row[0]) if row is not None else None

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Keep ``data`` as the entry ``key`` of ``kind``: in memory until :meth:`flush`, which
        a full buffer calls early. The cache only saves time: an entry that cannot be written
        (disk full, the cache removed by a build of another version) is left out."""
        if self.folder is None:
            return
        with self._lock:
            self._pending[(kind, key)] = data
            self._pending_bytes += len(data)
            full = self._pending_bytes > PENDING_LIMIT
        if full:
            self.flush()

    def close(self) -> None:
        """Write the entries kept in memory and close the database (before a fork: a process
        must not carry an open SQLite connection into its children); it reopens when used."""
        self.flush()
        if self._connection is not None and self._connected_in == os.getpid():
            self._connection.close()
        self._connection = None

    def flush(self) -> None:
        """Write the entries kept in memory, in one transaction."""
        with self._lock:
            if not self._pending:
                return
            rows = [(kind, key, data) for (kind, key), data in self._pending.items()]
            self._pending.clear()
            self._pending_bytes = 0
        database = self._database()
        if database is None:
            return
        try:
            with database:
                database.executemany(
                    "INSERT OR REPLACE INTO entries (kind, key, data) VALUES (?, ?, ?)", rows
                )
        except sqlite3.Error:
            pass  # left out: the next build makes them again

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

    def put_files(self, kind: str, key: str, files: dict[str, bytes]) -> None:
        """Keep ``files`` (relative path → bytes) as one entry ``key`` of ``kind``."""
        if self.folder is None:
            return
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            for name in sorted(files):
                member = tarfile.TarInfo(name)
                member.size = len(files[name])
                archive.addfile(member, io.BytesIO(files[name]))
        self.put(kind, key, buffer.getvalue())


def _open_database(path: Path) -> sqlite3.Connection:
    """The entries' database at ``path``, made if missing; a file that is not one (damaged,
    cut short) is replaced by an empty one."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError:
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            (path.parent / name).unlink(missing_ok=True)
        return _connect(path)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=120, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(
            "CREATE TABLE IF NOT EXISTS entries ("
            "kind TEXT NOT NULL, key TEXT NOT NULL, data BLOB NOT NULL, "
            "PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        connection.commit()
    except sqlite3.Error:
        connection.close()
        raise
    return connection
