"""The languages built side by side: one MkDocs build per group of languages, each in its own
forked process, merged into the one staging folder, then the outputs that span every language
(images, sitemap, open data, search index, .gz copies) written once over the merged site.

mkdocs-static-i18n builds its languages one after the other, re-running MkDocs for each
(``../shared/STACK.md``). Here the content, catalogs and images are loaded once, before the fork,
so every process starts with them and problems are reported once; each process then builds its
languages with mkdocs-static-i18n's own per-language ``build`` switch, into a folder of its own.
Files that more than one process writes (theme assets, media) must come out identical: the merge
checks it, so a language that leaked into a shared file would stop the build instead of winning
a race.
"""

from __future__ import annotations

import filecmp
import logging
import multiprocessing
import os
import shutil
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from generator.cli.common import PLUGIN
from generator.compress import precompress_site
from generator.gate import page_memory
from generator.i18n.languages import CODES, LANGUAGES
from generator.outputs import SiteWriter
from generator.search import (
    SEARCH_FOLDER,
    PreparedPages,
    SearchIndex,
    index_languages,
    prepare_pages,
)
from generator.workers import cores

LANGUAGE_FOLDERS = tuple(lang.prefix.strip("/") for lang in LANGUAGES if lang.prefix)
"""The top-level folders of the languages but the default one (whose pages are at the root)."""


@dataclass
class _Part:
    """One group of languages being built in a child process."""

    codes: list[str]
    folder: Path
    process: multiprocessing.process.BaseProcess
    answer: multiprocessing.connection.Connection


def default_jobs() -> int:
    """One process per core this process may use, at most one per language."""
    return max(1, min(cores(), len(CODES)))


def language_groups(codes: Sequence[str], jobs: int) -> list[list[str]]:
    """``codes`` cut into ``jobs`` runs of neighbours, the first holding the default language."""
    jobs = max(1, min(jobs, len(codes)))
    size, extra = divmod(len(codes), jobs)
    groups, start = [], 0
    for index in range(jobs):
        end = start + size + (1 if index < extra else 0)
        groups.append(list(codes[start:end]))
        start = end
    return groups


def build_site(config: MkDocsConfig, jobs: int | None = None) -> None:
    """Build every language of the site into ``config.site_dir``.

    Args:
        config: the loaded ``mkdocs.yml``, not built yet; ``site_dir`` is the (staging) folder to
            fill, and the parts are built beside it.
        jobs: processes to use (default: :func:`default_jobs`); 1 builds in this process only.

    Raises:
        mkdocs.exceptions.MkDocsException: a build failed (in whichever process).
    """
    site_dir = Path(config.site_dir)
    i18n = config.plugins["i18n"]
    groups = language_groups(i18n.build_languages, jobs or default_jobs())
    if len(groups) == 1:
        mkdocs_build(config)
        return
    portal = config.plugins[PLUGIN]
    _prepare_strictly(portal, config)  # before the fork: loaded once, problems reported once
    portal.finish_later = True
    if portal.cache is not None:
        portal.cache.close()  # its entries written, and no open database carried into a fork
    parts = []
    try:
        for codes in groups[1:]:
            parts.append(_start_part(config, codes, site_dir))
        build_languages(config, groups[0])
        # While the other processes finish: this process's languages indexed for search, their
        # pages read for the gate, and their own folders compressed.
        search = _index_for_search(
            site_dir, groups[0], portal.cache, portal.writer, config.site_url
        )
        own_folders = [code for code in groups[0] if (site_dir / code).is_dir()]
        # The default language's pages at the root too, the other languages' folders left out.
        own = precompress_site(
            site_dir,
            done=[folder for folder in LANGUAGE_FOLDERS if folder not in own_folders],
            cache=portal.cache,
            writer=portal.writer,
        )
        for part in parts:
            search.add(_wait_for(part))
            _merge(part.folder, site_dir)
        portal.built.extend(code for part in parts for code in part.codes)
        portal.search_index = search
        portal.compressed_elsewhere = {code for part in parts for code in part.codes}
        portal.compressed_elsewhere |= set(own_folders)
        portal.compressed_files = own.sources
        portal.finish_site(config)
    finally:
        for part in parts:
            if part.process.is_alive():
                part.process.terminate()
            part.process.join()
            shutil.rmtree(part.folder, ignore_errors=True)


def _folder_beside(site_dir: Path, what: str) -> Path:
    """A new folder beside the staging folder and named like it, so the next build removes it
    if this one is killed."""
    return Path(tempfile.mkdtemp(prefix=f"{site_dir.name}-{what}-", dir=site_dir.parent))


def _prepare_strictly(portal, config: MkDocsConfig) -> None:
    """Load before the build; a warning meanwhile fails a strict build, as it would inside it
    (MkDocs counts warnings only while ``build()`` runs)."""
    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        portal.prepare(config)
    finally:
        logger.removeHandler(counter)
    if config.strict and counter.count:
        raise Abort(f"Aborted with {counter.count} warnings in strict mode!")


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _start_part(config: MkDocsConfig, codes: list[str], site_dir: Path) -> _Part:
    folder = _folder_beside(site_dir, "part")
    receive, send = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(
        target=_build_part, args=(config, codes, folder, send), daemon=True
    )
    process.start()
    send.close()
    return _Part(codes, folder, process, receive)


def _build_part(config: MkDocsConfig, codes: list[str], folder: Path, answer) -> None:
    """In the child: build ``codes`` into ``folder``, prepare their pages for the search index
    and compress them; answer the prepared pages, or the error's message."""
    try:
        config.site_dir = str(folder)
        portal = config.plugins[PLUGIN]
        if portal.writer is not None:
            portal.writer = portal.writer.moved_to(folder)
        build_languages(config, codes)
        search = _index_for_search(folder, codes, portal.cache, portal.writer, config.site_url)
        for code in codes:
            precompress_site(folder / code, cache=portal.cache, writer=portal.writer)
        if portal.cache is not None:
            portal.cache.flush()
    except BaseException as exc:  # noqa: BLE001 — every failure goes back to the parent
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, Exception) or type(exc).__module__.startswith("mkdocs"):
            answer.send(("failed", message))
        else:
            answer.send(("failed", f"{message}\n{traceback.format_exc()}"))
        raise SystemExit(1) from None
    answer.send(("built", search))


def build_languages(config: MkDocsConfig, codes: list[str]) -> None:
    """Build ``codes`` only: mkdocs-static-i18n's per-language switch, starting at the first."""
    i18n = config.plugins["i18n"]
    for language in i18n.config.languages:
        language.build = language.locale in codes
    i18n.current_language = codes[0]
    mkdocs_build(config)


def _index_for_search(
    folder: Path, codes: list[str], cache, writer: SiteWriter | None, site_url: str | None
) -> SearchIndex:
    """Index the languages ``codes`` built into ``folder`` (Pagefind's files into its
    ``pagefind/``, merged with the other processes' like every other file). Each page is read
    and parsed once: the gate's reading of it is remembered in the build cache first, then it
    is prepared for the search index (which changes its tree)."""
    pages = PreparedPages()
    remember = None
    if cache is not None and cache.enabled:
        remember = page_memory(folder, site_url, cache)
    prepare_pages(folder, pages, cache=cache, read_first=remember)
    index = index_languages(pages, folder / SEARCH_FOLDER, cache, writer=writer)
    index.codes |= set(codes)  # a language with no searchable page is indexed all the same
    return index


def _wait_for(part: _Part) -> SearchIndex:
    try:
        outcome, detail = part.answer.recv()
    except EOFError:
        outcome, detail = "failed", "the process ended without an answer"
    part.process.join()
    if outcome != "built":
        raise Abort(f"[{', '.join(part.codes)}] {detail}")
    return detail


def _merge(part: Path, site_dir: Path) -> None:
    """Move the files of ``part`` into ``site_dir``; a file both hold must be the same. A folder
    ``site_dir`` lacks (a language's own) is moved whole."""
    for folder, dirs, files in os.walk(part):
        target_folder = site_dir / Path(folder).relative_to(part)
        target_folder.mkdir(exist_ok=True)
        for name in list(dirs):
            if not (target_folder / name).exists():
                os.rename(Path(folder) / name, target_folder / name)
                dirs.remove(name)
        for name in files:
            source, target = Path(folder) / name, target_folder / name
            if not target.exists():
                os.replace(source, target)
            elif not filecmp.cmp(source, target, shallow=False):
                raise Abort(
                    f"{target.relative_to(site_dir)}: written differently by two languages' "
                    "builds — an output shared by every language depends on the language"
                )
