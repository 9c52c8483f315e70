"""A few pages of one language rendered in this process: MkDocs runs for that language with every
other file left out (``PortalPlugin.only_pages``), with the content, catalogs and compiled
templates kept from the previous render where their sources did not change."""

from __future__ import annotations

import logging
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.cli.common import PLUGIN
from generator.content.problems import ContentError
from generator.i18n.languages import CODES
from generator.parallel import build_languages
from generator.publications.editions import PrintPlan


@dataclass
class Rendered:
    """Pages written (site-relative path → file in the scratch folder), or the problems met."""

    pages: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class PageRenderer:
    """Renders chosen pages of the project of ``config_file`` into ``scratch``."""

    def __init__(self, config_file: Path, scratch: Path) -> None:
        self.config_file = config_file
        self.scratch = scratch
        self.config = load_config(str(config_file), site_dir=str(scratch), strict=False)
        self.plugin = self.config.plugins[PLUGIN]
        self.plugin.finish_later = True  # no sitemap, search index … for a few pages
        self.plugin.pdfs_behind = True  # the engine lays out the PDFs an edit changed behind

    @property
    def project(self) -> Path:
        return Path(self.config.config_file_path).parent

    def reload(self) -> list[str]:
        """Load the content again (unchanged files cost nothing); return the problems found."""
        with _ErrorsCollected() as collected:
            try:
                self.plugin.prepare(self.config)
            except (MkDocsException, ContentError, OSError) as exc:
                collected.add_exception(exc)
        return collected.problems

    def plan_publications(self) -> PrintPlan:
        """The publications' PDFs of the content last loaded, and those to lay out again."""
        return self.plugin.plan_publications(self.config)

    def locate(self, url_path: str) -> tuple[str, str] | None:
        """The language and route key of a site path (``/en/about/geography/``)."""
        relative = url_path.lstrip("/")
        if relative.endswith("index.html"):
            relative = relative.removesuffix("index.html")
        for key, route in self.plugin.routes.items():
            for code in CODES:
                if route.path(code) == relative:
                    return code, key
        return None

    def render(self, code: str, keys: set[str]) -> Rendered:
        """The pages of ``keys`` in ``code``, after :meth:`reload`."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True)
        rendered = Rendered()
        with _ErrorsCollected() as collected:
            try:
                self.plugin.only_pages = keys
                self.plugin.prepare(self.config)
                build_languages(self.config, [code])
            except (MkDocsException, ContentError, OSError, TemplateError) as exc:
                collected.add_exception(exc)
            finally:
                self.plugin.only_pages = None
        rendered.problems = collected.problems
        if not rendered.problems:
            for path in self.scratch.rglob("index.html"):
                rendered.pages[path.relative_to(self.scratch).as_posix()] = path
        return rendered


class _ErrorsCollected(logging.Handler):
    """The errors MkDocs and our plugin log while the block runs (``path:line: …`` lines)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.problems: list[str] = []

    def __enter__(self) -> _ErrorsCollected:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc_info) -> None:
        logging.getLogger("mkdocs").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(record.getMessage().removeprefix("generator: "))

    def add_exception(self, exc: BaseException) -> None:
        """A failure not logged already: a template's with its file and line."""
        if isinstance(exc, TemplateSyntaxError):
            where = _shown_path(exc.filename or exc.name or "template")
            self.problems.append(f"{where}:{exc.lineno}: {exc.message}")
        elif isinstance(exc, TemplateError):
            self.problems.append(f"{_template_frame(exc)}: {exc}")
        elif not self.problems or not str(exc).endswith("see the lines above"):
            self.problems.append(str(exc))


def _template_frame(exc: BaseException) -> str:
    """``path:line`` of the innermost template in ``exc``'s traceback."""
    where = "template"
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".j2")):
            where = f"{_shown_path(frame.filename)}:{frame.lineno}"
    return where


def _shown_path(filename: str) -> str:
    """A file as the editor knows it: relative to the current folder when inside it."""
    path = Path(filename)
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return filename
