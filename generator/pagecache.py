"""Whole pages kept by the build cache: a page none of whose inputs changed is not rendered
again, its HTML is the last build's.

A page is made from its own Markdown (and, for a translation, the Vietnamese page it is checked
against for freshness) and from what every page shares: the site's data, the *front matter* of
every page (titles, menus, listings), the theme, the catalogs, ``mkdocs.yml``, the PDFs' facts
the publications page lists, the dates git gives, and the day of the build. The body of one
Markdown page reaches no other page's HTML, so editing it re-renders that page (and its
translations) only; any other edit changes the *fingerprint* every page key holds, and every
page is rendered again. ``tests/test_incremental.py`` compares such builds with cold ones, byte
for byte. The code of the generator and the libraries' versions are the cache's own version
(``generator/buildcache.py``).

Knows nothing of MkDocs: the plugin gives it folders and texts.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from generator.buildcache import BuildCache, content_key, file_sha256

PAGE = "page"
"""The cache's kind for whole pages."""

TEXT_SUFFIXES = frozenset({".yml", ".yaml", ".json", ".txt", ".csv", ".po", ".pot", ".cfg"})
"""Files of the content read whole into the fingerprint; other files that are not Markdown
(photographs, PDFs, videos) count by the digest of their bytes, which the build cache remembers
by path, size and modification time: an unchanged file is not read again on every build, and a
fresh checkout of the same repository (new modification times, as on a CI runner that restores
the cache) reads each file once and finds the same digests."""

FILE_DIGEST = "file-digest"
"""The cache's kind for the digests of the content's other files."""


def site_inputs(
    content_dir: Path, folders: Sequence[Path], files: Sequence[Path], cache: BuildCache
) -> list:
    """What every page of a build depends on in files, read once per build.

    Args:
        content_dir: the content folder; of its Markdown files only the front matter counts.
        folders: other folders whose every file counts whole (the theme, the catalogs).
        files: single files that count whole (``mkdocs.yml``).
        cache: where the digests of the content's other files are remembered.
    """
    parts: list[bytes | str] = ["site"]
    parts += _content_parts(content_dir, cache)
    for folder in folders:
        parts.append(f"folder {folder.name}")
        for path in _files_under(folder):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    for path in files:
        parts += [path.name, path.read_bytes()]
    return parts


def site_fingerprint(inputs: list, facts: Iterable[str]) -> str:
    """What every page of a build depends on besides its own Markdown.

    Args:
        inputs: :func:`site_inputs`, the files read once per build.
        facts: values worked out by the build that pages show (the day, git dates, the PDFs'
            sizes and pages, the site's address), each as text.
    """
    return content_key(*inputs, "facts", *facts)


def page_key(fingerprint: str, lang: str, src_uri: str, texts: Sequence[str]) -> str:
    """The key of one page: the site's fingerprint, its language and source, and the texts it is
    made from (its Markdown as the build reads it, and the source it is checked against)."""
    return content_key(PAGE, fingerprint, lang, src_uri, *texts)


def dates_as_facts(dates: dict[Path, dt.date], root: Path) -> list[str]:
    """Git's dates of the content's files, as sorted lines of the fingerprint."""
    return sorted(f"{_relative(path, root)} {day.isoformat()}" for path, day in dates.items())


def front_matter(text: str) -> str:
    """The front matter block of a Markdown text (empty when it has none)."""
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text if end < 0 else text[: end + 4]


def _content_parts(content_dir: Path, cache: BuildCache) -> list[bytes | str]:
    parts: list[bytes | str] = ["content"]
    for path in _files_under(content_dir):
        relative = path.relative_to(content_dir).as_posix()
        if path.suffix == ".md":
            text = path.read_bytes().decode("utf-8", errors="replace")
            parts += [relative, front_matter(text)]
        elif path.suffix in TEXT_SUFFIXES:
            parts += [relative, path.read_bytes()]
        else:
            parts += [relative, file_digest(path, relative, cache)]
    return parts


def file_digest(path: Path, relative: str, cache: BuildCache) -> str:
    """The SHA-256 of the bytes of the content file ``path`` (``relative`` to the content), from
    ``cache`` when a build saw it before with the same size and modification time."""
    info = path.stat()
    key = content_key(FILE_DIGEST, relative, str(info.st_size), str(info.st_mtime_ns))
    stored = cache.get(FILE_DIGEST, key)
    if stored is not None:
        return stored.decode("ascii")
    found = file_sha256(path)
    cache.put(FILE_DIGEST, key, found.encode("ascii"))
    return found


def _files_under(folder: Path) -> list[Path]:
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        found += [Path(parent) / name for name in sorted(names)]
    return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


class _WarningTally(logging.Handler):
    """Counts the warnings and errors logged while pages render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_TALLY = _WarningTally()
WATCHED_LOGGERS = ("mkdocs", "py.warnings")
"""Where a page's rendering reports what is wrong (MkDocs and its plugins, Python warnings)."""


class PageStore:
    """The pages of one build that can come from the cache, and those to keep for the next.

    A page is kept only when its rendering was clean: no warning logged and no interface
    string missing from the catalog. A page that warned renders (and warns) again next time,
    so a strict build fails as it did.
    """

    def __init__(self, cache: BuildCache, fingerprint: str) -> None:
        self.cache = cache
        self.fingerprint = fingerprint
        self._rendering: dict[str, tuple[str, int, int]] = {}
        for name in WATCHED_LOGGERS:
            logger = logging.getLogger(name)
            if _TALLY not in logger.handlers:
                logger.addHandler(_TALLY)

    def lookup(
        self, src_uri: str, lang: str, texts: Sequence[str], missing: set[str]
    ) -> str | None:
        """The kept HTML of the page, or None: then it renders, watched until :meth:`keep`."""
        key = page_key(self.fingerprint, lang, src_uri, texts)
        stored = self.cache.get(PAGE, key)
        if stored is not None:
            return stored.decode("utf-8")
        self._rendering[src_uri] = (key, _TALLY.count, len(missing))
        return None

    def keep(self, src_uri: str, html: str, missing: set[str]) -> None:
        """Keep the page rendered since :meth:`lookup`, if nothing was wrong meanwhile."""
        started = self._rendering.pop(src_uri, None)
        if started is None:
            return
        key, warnings, missing_before = started
        if _TALLY.count == warnings and len(missing) == missing_before:
            self.cache.put(PAGE, key, html.encode("utf-8"))
