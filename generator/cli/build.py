"""``portal build``: build every language into a staging folder, check it, swap it into place."""

from __future__ import annotations

import logging
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from generator.cli.common import load_project_config, report_problems
from generator.content.problems import ContentError
from generator.i18n.languages import CODES, LANGUAGES
from generator.i18n.tool import tr


class _LogCounter(logging.Handler):
    """Counts warnings and errors; shows them, and the progress our plugin reports."""

    PROGRESS = "mkdocs.plugins.generator"

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.levels: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.levels[record.levelname] += 1
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            click.echo(f"  {record.levelname}: {message}", err=True)
        elif record.name.startswith(self.PROGRESS):
            click.echo(f"  {message.removeprefix('generator: ')}", err=True)


@click.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option(
    "--wait", is_flag=True, help="If another build or deploy is publishing SITE_DIR, wait for it."
)
@click.option(
    "--jobs",
    type=click.IntRange(1),
    help="Processes building languages side by side [default: one per core, at most six].",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Neither read nor write the build cache (.cache/doingoai/build/): everything is made "
    "again from the content, as in a first build.",
)
@click.pass_context
def build(ctx: click.Context, site_dir: str, wait: bool, jobs: int | None, no_cache: bool) -> None:
    """Build all six languages into a staging folder, check it (links, assets, sitemap, feeds),
    then swap it into SITE_DIR.

    One build at a time per site (a lock file beside it). A failed, interrupted or killed build
    leaves the previous site exactly as it was, and no staging folder behind.
    """
    from generator.publish import (
        BuildTerminated,
        SiteBusy,
        UnsafeSiteDir,
        check_site_dir,
        remove_stale_staging,
        site_lock,
    )

    started = time.perf_counter()
    target = Path(site_dir).resolve()
    run = _BuildRun(site_dir)
    try:
        check_site_dir(target, Path(ctx.find_root().obj["config_file"]).resolve().parent)
    except UnsafeSiteDir as exc:
        click.echo(tr("build refused: {error}", error=exc), err=True)
        sys.exit(2)
    try:
        with site_lock(target, wait=wait, on_wait=_say_waiting):
            for stale in remove_stale_staging(target):
                click.echo(
                    tr("removed {folder}/, left by an interrupted build", folder=stale.name),
                    err=True,
                )
            _build_check_and_swap(
                ctx.find_root().obj["config_file"], target, run, jobs, not no_cache
            )
    except SiteBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except (KeyboardInterrupt, BuildTerminated) as exc:
        run.fail(
            tr("build interrupted")
            if isinstance(exc, KeyboardInterrupt)
            else tr("build terminated")
        )
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 143)
    except Exception:
        run.fail(tr("build failed on an unexpected error (traceback below)"))
        raise
    _print_summary(target, run.counter, time.perf_counter() - started)


class _BuildRun:
    """What the operator is told about one build, and whether its site went live."""

    def __init__(self, site_dir: str) -> None:
        self.site_dir = site_dir
        self.counter = _LogCounter()
        self.swapped = False

    def fail(self, reason: str) -> None:
        click.echo(reason, err=True)
        if not self.swapped:
            click.echo(
                tr("the previous site in {folder}/ is unchanged", folder=self.site_dir), err=True
            )


def _say_waiting(holder: str) -> None:
    click.echo(tr("waiting for the build or deploy of pid {pid} to finish …", pid=holder), err=True)


def _build_check_and_swap(
    config_file: Path, target: Path, run: _BuildRun, jobs: int | None, use_cache: bool
) -> None:
    from mkdocs.exceptions import MkDocsException

    from generator.buildcache import BuildCache
    from generator.cli.common import PLUGIN
    from generator.gate import check_site
    from generator.outputs import SiteWriter, site_mark
    from generator.parallel import build_site
    from generator.publish import staging, swap_into_place

    with (
        _mkdocs_logs_to(run.counter),
        _library_warnings_counted(run.counter),
        staging(target) as staged,
    ):
        try:
            config = load_project_config(config_file, site_dir=str(staged), strict=True)
            cache = BuildCache.for_project(Path(config_file).resolve().parent, use_cache)
            config.plugins[PLUGIN].cache = cache
            previous = target if cache.enabled and target.is_dir() else None
            same_build = bool(previous and cache.get(PUBLISHED, site_mark(target)))
            config.plugins[PLUGIN].writer = SiteWriter(staged, previous, same_build)
            build_site(config, jobs)
        except (MkDocsException, ContentError, OSError) as exc:
            run.fail(tr("build failed: {error}", error=exc))
            sys.exit(1)
        checked = time.perf_counter()
        problems = check_site(staged, config.site_url, cache)
        cache.flush()
        if any(problem.severity == "error" for problem in problems):
            report_problems(problems)
            run.fail(tr("build failed: the built site did not pass the checks before publishing"))
            sys.exit(1)
        for warning in problems:
            click.echo("  " + tr("WARNING: {problem}", problem=warning), err=True)
            run.counter.levels["WARNING"] += 1
        seconds = time.perf_counter() - checked
        click.echo(
            "  "
            + tr("checked links, assets, sitemap and feeds in {seconds:.1f} s", seconds=seconds),
            err=True,
        )
        if cache.enabled:
            click.echo(
                "  "
                + tr(
                    "build cache: {hits} entries reused, {misses} made in this process",
                    hits=cache.hits,
                    misses=cache.misses,
                ),
                err=True,
            )
        swap_into_place(staged, target)
        run.swapped = True
        if cache.enabled:  # this version of the generator made the site now in place
            cache.put(PUBLISHED, site_mark(target), b"1")
            cache.flush()


PUBLISHED = "published-site"
"""The build cache's kind for the sites this version of the generator published (their marks)."""


@contextmanager
def _mkdocs_logs_to(handler: logging.Handler) -> Iterator[None]:
    """MkDocs' messages go to ``handler`` only (no second copy on stderr) while the block runs;
    the ``mkdocs`` logger is left as it was found, whatever happens."""
    logger = logging.getLogger("mkdocs")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


@contextmanager
def _library_warnings_counted(counter: _LogCounter) -> Iterator[None]:
    """Python warnings raised meanwhile (Pillow, Markdown, deprecations …), each shown and
    counted as a warning of the build, through the logger ``py.warnings``; none is fatal."""
    logger = logging.getLogger("py.warnings")
    propagate = logger.propagate
    logger.propagate = False
    logger.addHandler(counter)

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        where = f"{Path(filename).name}:{lineno}"
        logger.warning(f"{message} ({category.__name__}, {where})")

    with warnings.catch_warnings():
        warnings.simplefilter("default")  # each distinct warning once, deprecations included
        warnings.showwarning = show
        try:
            yield
        finally:
            logger.removeHandler(counter)
            logger.propagate = propagate


def _print_summary(site: Path, counter: _LogCounter, seconds: float) -> None:
    click.echo(tr("pages per language:"))
    for lang in LANGUAGES:
        root = site if lang.is_default else site / lang.code
        pages = [
            p
            for p in root.rglob("index.html")
            if lang.is_default is False or p.relative_to(site).parts[0] not in CODES
        ]
        click.echo(f"  {lang.code}: {len(pages)}")
    click.echo(
        tr(
            "warnings: {warnings}, time: {seconds:.1f} s",
            warnings=counter.levels["WARNING"],
            seconds=seconds,
        )
    )
    click.echo(
        tr("site written to {site}/ — open {site}/index.html or run 'portal serve'", site=site)
    )
