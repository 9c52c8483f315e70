"""Every PDF edition of every language: made when its inputs changed, kept in a cache between
builds, and published beside the publication's page in each language.

A PDF's inputs are its HTML (what :func:`~.selection.select` chose from the content, the
items, figures and page texts it prints, rendered by the print templates with the language's
catalog: an edit to a string the PDF does not print changes nothing), the stylesheet, the fonts,
the bytes of every file the HTML embeds (the cover, the photographs of page texts) and
WeasyPrint's version; their SHA-256 is kept in the cache's record of the
PDF. A build whose inputs are unchanged copies the cached file; the
others are laid out by WeasyPrint, in as many processes as the machine has cores.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.buildcache import file_sha256
from generator.content.loader import LoadedItem
from generator.content.portal import Portal
from generator.i18n.catalogs import Translator
from generator.i18n.languages import LANGUAGES
from generator.images.model import ImageSet
from generator.publications.pictures import PrintImages
from generator.publications.selection import pdf_name, pdf_path, printed_publications, select
from generator.routes import Route
from generator.workers import cores, map_in_forks, may_fork

CACHE_DIR = ".cache/doingoai/publications"
CACHE_ENVIRONMENT = "DOINGOAI_PDF_CACHE"
"""Names a PDF cache folder to use instead of the project's own."""
FORMAT = "1"
"""Changes whenever this package lays PDFs out differently, so every cached PDF is made again."""
FONT_DIR = "assets/fonts"
SYSTEM_FONTS = (Path("/usr/share/fonts/opentype/noto"),)
"""Debian's fonts-noto-cjk: the Chinese, Japanese and Korean faces the PDFs embed."""


@dataclass(frozen=True)
class PdfFile:
    """One published PDF: a publication's edition in one language."""

    publication: str
    """The publication's slug."""
    lang: str
    path: str
    """Site-relative path (``en/plans/publications/<slug>/<file>-en.pdf``)."""
    title: str
    edition: dt.date
    pages: int
    size: int
    """Bytes."""
    sample: bool = False


@dataclass
class PrintSet:
    """The PDFs of a build: where each is in the cache, and which were made anew."""

    cache_dir: Path
    files: list[PdfFile] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    """The file names laid out by this build (the others came from the cache)."""
    digests: dict[str, str] = field(default_factory=dict)
    """The digest of each file's inputs (its name → digest), as its cache record holds it."""

    def of(self, slug: str) -> list[PdfFile]:
        """The PDFs of the publication ``slug``, in the order of the languages."""
        return [pdf for pdf in self.files if pdf.publication == slug]

    def cached(self, pdf: PdfFile) -> Path:
        return self.cache_dir / Path(pdf.path).name


@dataclass(frozen=True)
class LayoutJob:
    """One PDF to lay out: its file name in the cache, its HTML and the digest of its inputs."""

    name: str
    html: str
    digest: str


@dataclass
class PrintPlan:
    """The PDFs of a build as planned, before any is laid out: every edition's document, and
    the jobs of those whose cached copy no longer matches its inputs."""

    cache_dir: Path
    base_dir: Path
    """Where the documents' relative URLs start (the print templates' folder)."""
    allowed: tuple[Path, ...]
    """The only folders whose files the documents may load."""
    planned: list[tuple[LoadedItem, str]] = field(default_factory=list)
    """(publication, language) of every PDF, in the order of the languages."""
    jobs: list[LayoutJob] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)
    """The digest of every planned PDF's inputs, by file name."""


def prepare_publications(
    portal: Portal,
    routes: dict[str, Route],
    translators: dict[str, Translator],
    theme_dir: Path,
    cache_dir: Path,
    site_url: str,
    today: dt.date,
    codes: tuple[str, ...] | None = None,
    only: set[str] | None = None,
    jobs: int | None = None,
    images: ImageSet | None = None,
) -> PrintSet:
    """Make the PDFs whose inputs changed since the cache's copy, in every language.

    Args:
        portal: the loaded content.
        routes: every page of the site.
        translators: every language's catalog.
        theme_dir: the theme (``print/`` templates, fonts).
        cache_dir: where the PDFs are kept between builds.
        site_url: the portal's address, printed and linked in every PDF.
        today: decides the festivals' next dates.
        codes: the languages (default: all six).
        only: the ``printed.file`` names to make (default: all).
        jobs: processes laying out at once (default: one per core).
        images: the build's prepared images, whose clean originals the PDFs embed (default:
            the editor's files).

    Returns:
        Every PDF (made or cached) with its pages and size, and the names made anew.
    """
    plan = plan_publications(
        portal, routes, translators, theme_dir, cache_dir, site_url, today, codes, only, images
    )
    lay_out(plan.jobs, plan.base_dir, plan.allowed, cache_dir, jobs)
    prints = PrintSet(cache_dir, rebuilt=[job.name for job in plan.jobs], digests=plan.digests)
    for publication, code in plan.planned:
        pdf = _cached_pdf(portal, publication, code, cache_dir)
        assert pdf is not None, f"{pdf_name(publication, code)} is missing from {cache_dir}"
        prints.files.append(pdf)
    return prints


def plan_publications(
    portal: Portal,
    routes: dict[str, Route],
    translators: dict[str, Translator],
    theme_dir: Path,
    cache_dir: Path,
    site_url: str,
    today: dt.date,
    codes: tuple[str, ...] | None = None,
    only: set[str] | None = None,
    images: ImageSet | None = None,
) -> PrintPlan:
    """Select and render every edition's HTML and tell which PDFs must be laid out again
    (arguments as for :func:`prepare_publications`); nothing is laid out yet."""
    from generator.publications.html import print_renderer

    cache_dir.mkdir(parents=True, exist_ok=True)
    shared = print_inputs(theme_dir, site_url)
    pictures = PrintImages(portal.root, images)
    plan = PrintPlan(cache_dir, theme_dir / "print", (theme_dir, *pictures.folders))
    wanted = [lang for lang in LANGUAGES if codes is None or lang.code in codes]
    for lang in wanted:
        renderer = print_renderer(portal, routes, translators, theme_dir, lang.code, today)
        for publication in printed_publications(portal):
            if only and publication.model.printed.file not in only:
                continue
            document = select(portal, routes, publication, lang, site_url, today, pictures)
            html = renderer.html(document)
            embedded = _embedded_digest(html)
            digest = _digest([shared, embedded, _movable(html, pictures.folders)])
            name = document.file_name
            plan.planned.append((publication, lang.code))
            plan.digests[name] = digest
            if _record(cache_dir, name).get("digest") == digest and (cache_dir / name).is_file():
                continue
            plan.jobs.append(LayoutJob(name, html, digest))
    return plan


def reuse_publications(portal: Portal, cache_dir: Path, digests: dict[str, str]) -> PrintSet | None:
    """The PDFs of a plan made before from the same inputs (``digests``: its file names and
    their inputs' digests), without rendering any document again — or None when the cache no
    longer holds every one of them as that plan left it (another build laid one out since)."""
    prints = PrintSet(cache_dir, digests=dict(digests))
    for lang in LANGUAGES:
        for publication in printed_publications(portal):
            name = pdf_name(publication, lang.code)
            if name not in digests or _record(cache_dir, name).get("digest") != digests[name]:
                return None
            pdf = _cached_pdf(portal, publication, lang.code, cache_dir)
            if pdf is None:
                return None
            prints.files.append(pdf)
    return prints if len(prints.files) == len(digests) else None


def known_publications(portal: Portal, cache_dir: Path) -> PrintSet:
    """The PDFs as the cache last recorded them, with no selection, rendering or layout: the
    live preview's pages list these (pages and sizes possibly those of an older edition) while
    the PDFs an edit changed are laid out behind. A PDF never made yet is left out."""
    prints = PrintSet(cache_dir)
    for lang in LANGUAGES:
        for publication in printed_publications(portal):
            pdf = _cached_pdf(portal, publication, lang.code, cache_dir)
            if pdf is not None:
                prints.files.append(pdf)
    return prints


def _cached_pdf(
    portal: Portal, publication: LoadedItem, code: str, cache_dir: Path
) -> PdfFile | None:
    """The cache's PDF of ``publication`` in ``code``, as its record describes it."""
    name = pdf_name(publication, code)
    record = _record(cache_dir, name)
    try:
        size = (cache_dir / name).stat().st_size
    except OSError:
        return None
    if "pages" not in record:
        return None
    model = publication.model
    return PdfFile(
        publication=publication.slug,
        lang=code,
        path=pdf_path(portal, publication, code),
        title=model.title[code],
        edition=model.date,
        pages=record["pages"],
        size=size,
        sample=model.sample,
    )


def publish_publications(prints: PrintSet, site_dir: Path) -> int:
    """Put every PDF into ``site_dir`` beside its publication's page (hard links into the
    cache where the file system allows). Returns the number of files."""
    for pdf in prints.files:
        place_pdf(prints.cached(pdf), site_dir / pdf.path)
    return len(prints.files)


def place_pdf(cached: Path, target: Path) -> None:
    """Put the cache's file ``cached`` at ``target`` (a hard link where the file system allows)
    by a rename: a reader of ``target`` gets the old file or the new one, never half of one."""
    if target.is_file() and target.samefile(cached):
        return  # already that file (and a rename between two links of one file does nothing)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    try:
        os.link(cached, partial)
    except OSError:
        shutil.copyfile(cached, partial)
    partial.replace(target)


def cache_dir_for(project_dir: Path) -> Path:
    """The PDF cache of the project in ``project_dir``, or the folder named by the environment
    variable ``DOINGOAI_PDF_CACHE`` (shared by several copies of a portal, as the tests' builds
    of the shipped content share one: an entry is used only when its inputs' digest matches)."""
    shared = os.environ.get(CACHE_ENVIRONMENT)
    return Path(shared) if shared else project_dir / CACHE_DIR


# --- laying out ----------------------------------------------------------------------------


def lay_out(
    jobs_to_run: list[LayoutJob], base_dir: Path, allowed: tuple, cache_dir: Path, jobs: int | None
) -> None:
    """Run WeasyPrint over ``jobs_to_run``, in parallel processes when there are several
    (at most ``jobs``; default: one per core)."""
    if not jobs_to_run:
        return
    workers = min(jobs or cores(), len(jobs_to_run))
    tasks = [(job, base_dir, allowed, cache_dir) for job in jobs_to_run]
    if workers <= 1 or not may_fork():
        for task in tasks:
            _make(task)
        return
    # The longest documents first, handed out one at a time, so that no process is left with a
    # long one at the end.
    tasks.sort(key=lambda task: -len(task[0].html))
    map_in_forks(_make, tasks, workers, chunksize=1)


def _make(task: tuple[LayoutJob, Path, tuple, Path]) -> None:
    """Lay one PDF out into the cache, then record its digest and page count (written last,
    so an interrupted run leaves no record of a half-made file; each file written whole under
    a temporary name, then renamed: a reader never sees half of either)."""
    from generator.publications.document import write_pdf

    job, base_dir, allowed, cache_dir = task
    partial = cache_dir / f".{job.name}.{os.getpid()}.tmp"
    pages = write_pdf(job.html, base_dir, allowed, partial)
    partial.replace(cache_dir / job.name)
    record = {"digest": job.digest, "pages": pages}
    partial_record = cache_dir / f".{job.name}.json.{os.getpid()}.tmp"
    partial_record.write_text(json.dumps(record), encoding="utf-8")
    partial_record.replace(cache_dir / f"{job.name}.json")


def _record(cache_dir: Path, name: str) -> dict:
    try:
        return json.loads((cache_dir / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- inputs --------------------------------------------------------------------------------


def print_inputs(theme_dir: Path, site_url: str) -> str:
    """The digest of what every PDF depends on besides its HTML: templates, stylesheet, fonts,
    address, code."""
    parts = [FORMAT, version("weasyprint"), version("segno"), site_url]
    for path in sorted((theme_dir / "print").rglob("*")) + sorted(
        (theme_dir / FONT_DIR).glob("*.woff2")
    ):
        if path.is_file():
            parts += [path.relative_to(theme_dir).as_posix(), _file_digest(path)]
    for folder in SYSTEM_FONTS:  # large files: their names, sizes and dates stand for them
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            stat = path.stat()
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return _digest(parts)


_FILE_URL = re.compile(r"""file://[^"'\s<>)]+""")


def _movable(html: str, folders: tuple[Path, ...]) -> str:
    """``html`` as it would read wherever the content and image cache are: the addresses of
    the cover and the photographs name their folders, and a copy of the portal elsewhere (a
    test's, a CI runner's) prints the same PDF."""
    for index, folder in enumerate(folders):
        html = html.replace(folder.resolve().as_uri(), f"folder{index}:")
    return html


def _embedded_digest(html: str) -> str:
    """The digest of the bytes of every file ``html`` embeds (``file:`` URLs), so an edited
    photograph lays its PDFs out again even where its address stays the same."""
    urls = sorted(set(_FILE_URL.findall(html)))
    return _digest([_file_digest(Path(unquote(urlsplit(url).path))) for url in urls])


def _file_digest(path: Path) -> str:
    return file_sha256(path) if path.is_file() else "-"


def _digest(parts: list[str]) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8"))
        hasher.update(b"\0")
    return hasher.hexdigest()


# --- what the site says of them ----------------------------------------------------------


def install_publications(env, prints: PrintSet | None) -> None:
    """Give the templates of ``env`` ``printed_editions(slug)``: a publication's PDFs."""
    env.globals["printed_editions"] = prints.of if prints is not None else (lambda slug: [])


def sitemap_entries(prints: PrintSet, site_url: str) -> list:
    """One sitemap entry per PDF, each naming the same publication's PDFs in the other
    languages as its alternates."""
    from generator.i18n.languages import BY_CODE
    from generator.routes import absolute
    from generator.seo import SitemapEntry

    entries = []
    for pdf in prints.files:
        alternates = [
            (BY_CODE[other.lang].tag, absolute(site_url, other.path))
            for other in prints.of(pdf.publication)
        ]
        entries.append(
            SitemapEntry(absolute(site_url, pdf.path), pdf.edition.isoformat(), alternates, [])
        )
    return entries
