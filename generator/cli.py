"""The ``portal`` command: build, serve, check, create content, manage translations."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from generator.cli_options import content_option
from generator.content.portal import load_portal
from generator.content.problems import ContentError
from generator.i18n.languages import CODES, LANGUAGES
from generator.scaffold import new_files


@click.group()
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False)
)
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Build and check the province's foreign-information portal."""
    ctx.obj = {"config_file": Path(config_file)}


def _report_problems(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)


@main.command()
@content_option
@click.option(
    "--glossary",
    "glossary_file",
    type=click.Path(dir_okay=False),
    help="The term base [default: glossary.yml in the plugin's translations_dir].",
)
@click.pass_context
def check(ctx: click.Context, content_dir: str, glossary_file: str | None) -> None:
    """Validate all content without writing a site (exit 1 on any problem; warnings, such as
    a translation lacking a glossary term's official rendering, do not fail)."""
    from generator.i18n.cli import plugin_dir
    from generator.i18n.glossary import GLOSSARY_FILE, glossary_warnings

    try:
        portal = load_portal(Path(content_dir))
    except ContentError as exc:
        _report_problems(exc.problems)
        sys.exit(1)
    translations = plugin_dir(ctx, "translations_dir", "translations")
    glossary = Path(glossary_file) if glossary_file else translations / GLOSSARY_FILE
    found = glossary_warnings(portal, glossary)
    glossary_errors = [p for p in found if p.severity == "error"]
    if glossary_errors:
        _report_problems(glossary_errors)
        sys.exit(1)
    warnings = [*portal.warnings, *found]
    for warning in warnings:
        click.echo(f"{warning} (warning)", err=True)
    items = sum(len(v) for v in portal.items.values())
    click.echo(f"content OK: {len(portal.pages)} pages, {items} items, {len(warnings)} warning(s)")


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


@main.command()
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option(
    "--wait", is_flag=True, help="If another build or deploy is publishing SITE_DIR, wait for it."
)
@click.pass_context
def build(ctx: click.Context, site_dir: str, wait: bool) -> None:
    """Build all six languages into a staging folder, check it (links, assets, sitemap, feeds),
    then swap it into SITE_DIR.

    One build at a time per site (a lock file beside it). A failed, interrupted or killed build
    leaves the previous site exactly as it was, and no staging folder behind.
    """
    from generator.publish import BuildTerminated, SiteBusy, remove_stale_staging, site_lock

    started = time.perf_counter()
    target = Path(site_dir).resolve()
    run = _BuildRun(site_dir)
    try:
        with site_lock(target, wait=wait, on_wait=_say_waiting):
            for stale in remove_stale_staging(target):
                click.echo(f"removed {stale.name}/, left by an interrupted build", err=True)
            _build_check_and_swap(ctx.obj["config_file"], target, run)
    except SiteBusy as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except (KeyboardInterrupt, BuildTerminated) as exc:
        run.fail(f"build {'interrupted' if isinstance(exc, KeyboardInterrupt) else 'terminated'}")
        sys.exit(130 if isinstance(exc, KeyboardInterrupt) else 143)
    except Exception:
        run.fail("build failed on an unexpected error (traceback below)")
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
            click.echo(f"the previous site in {self.site_dir}/ is unchanged", err=True)


def _say_waiting(holder: str) -> None:
    click.echo(f"waiting for the build or deploy of pid {holder} to finish …", err=True)


def _build_check_and_swap(config_file: Path, target: Path, run: _BuildRun) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.gate import check_site
    from generator.publish import staging, swap_into_place

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # this handler shows what matters; no second copy on stderr
    logger.addHandler(run.counter)
    try:
        with _library_warnings_counted(run.counter), staging(target) as staged:
            try:
                config = load_config(str(config_file), site_dir=str(staged), strict=True)
                mkdocs_build(config)
            except (MkDocsException, ContentError, OSError) as exc:
                run.fail(f"build failed: {exc}")
                sys.exit(1)
            checked = time.perf_counter()
            problems = check_site(staged, config.site_url)
            if any(problem.severity == "error" for problem in problems):
                _report_problems(problems)
                run.fail("build failed: the built site did not pass the checks before publishing")
                sys.exit(1)
            for warning in problems:
                click.echo(f"  WARNING: {warning}", err=True)
                run.counter.levels["WARNING"] += 1
            seconds = time.perf_counter() - checked
            click.echo(f"  checked links, assets, sitemap and feeds in {seconds:.1f} s", err=True)
            swap_into_place(staged, target)
            run.swapped = True
    finally:
        logger.removeHandler(run.counter)


@contextmanager
def _library_warnings_counted(counter: _LogCounter) -> Iterator[None]:
    """Python warnings raised meanwhile (Pillow, Markdown, deprecations …), each shown and
    counted as a warning of the build, through the logger ``py.warnings``; none is fatal."""
    logger = logging.getLogger("py.warnings")
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


def _print_summary(site: Path, counter: _LogCounter, seconds: float) -> None:
    click.echo("pages per language:")
    for lang in LANGUAGES:
        root = site if lang.is_default else site / lang.code
        pages = [
            p
            for p in root.rglob("index.html")
            if lang.is_default is False or p.relative_to(site).parts[0] not in CODES
        ]
        click.echo(f"  {lang.code}: {len(pages)}")
    click.echo(f"warnings: {counter.levels['WARNING']}, time: {seconds:.1f} s")
    click.echo(f"site written to {site}/ — open {site}/index.html or run 'portal serve'")


@main.command()
@click.argument("site_dir", default="site", type=click.Path(file_okay=False, exists=True))
@click.option(
    "--vnu-jar",
    type=click.Path(dir_okay=False, exists=True),
    help="The Nu Html Checker's jar [default: node_modules/vnu-jar/build/dist/vnu.jar].",
)
def verify(site_dir: str, vnu_jar: str | None) -> None:
    """Check a built site as careful operators do: every internal link and asset resolves,
    sitemap and feeds parse, robots.txt names the sitemap, and every page is valid HTML (the Nu
    Html Checker). Prints 'file:line: message'; exit 1 on any error (a fragment naming no id of
    its page is a warning), 2 when Java or the checker is missing."""
    from generator.gate import check_site
    from generator.vnu import CheckerMissing, vnu_problems

    site = Path(site_dir)
    problems = check_site(site)
    try:
        problems += vnu_problems(site, Path(vnu_jar) if vnu_jar else None)
    except CheckerMissing as exc:
        _print_site_problems(site, problems)
        click.echo(f"cannot check the HTML: {exc}", err=True)
        sys.exit(2)
    _print_site_problems(site, problems)
    if any(problem.severity == "error" for problem in problems):
        sys.exit(1)
    pages = sum(1 for _ in site.rglob("*.html"))
    click.echo(f"{site_dir}/ verified: {pages} HTML files, links, sitemap and feeds — no error")


def _print_site_problems(site: Path, problems) -> None:
    for problem in problems:
        warning = " (warning)" if problem.severity == "warning" else ""
        click.echo(f"{site.as_posix().rstrip('/')}/{problem}{warning}", err=True)
    errors = sum(problem.severity == "error" for problem in problems)
    if problems:
        click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)


@main.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str) -> None:
    """Live preview: rebuilds and reloads the browser when content or theme changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(
        config_file=str(ctx.obj["config_file"]),
        dev_addr=dev_addr,
        livereload=True,
        watch=["theme", "translations"],
    )


@main.command()
@click.argument("section")
@click.argument("slug")
@content_option
def new(section: str, slug: str, content_dir: str) -> None:
    """Create a new page (SECTION is a folder such as 'tourism') or item (SECTION is a kind
    such as 'attractions'), with the fields an editor must fill in."""
    try:
        paths = new_files(Path(content_dir), section, slug, dt.date.today())
    except FileExistsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"created {path}")
    click.echo("fill in the empty fields, then run 'portal check'")


@main.command("nginx-config")
@click.option(
    "--root",
    default="/var/www/doingoai/site",
    show_default=True,
    help="The folder nginx serves: where the built site is deployed.",
)
@click.option("--server-name", default="doingoai.example.org", show_default=True)
@click.option("--tls-cert", type=click.Path(dir_okay=False), help="Certificate chain (PEM).")
@click.option("--tls-key", type=click.Path(dir_okay=False), help="Its private key (PEM).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
def nginx_config(
    root: str, server_name: str, tls_cert: str | None, tls_key: str | None, output: str | None
) -> None:
    """Print the nginx server block of the site: strict CSP and security headers, caching,
    precompressed files, each language's 404 page. With --tls-cert and --tls-key: HTTPS, HSTS
    and a redirect from HTTP."""
    from generator.nginx import ServerOptions, render_server_block

    options = ServerOptions(root=root, server_name=server_name, tls_cert=tls_cert, tls_key=tls_key)
    try:
        text = render_server_block(options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}; check it with 'nginx -t' before reloading nginx", err=True)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("dest")
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--rollback", is_flag=True, help="Restore the previous deploy at DEST.")
@click.option(
    "--keep",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Releases kept at DEST for rollback.",
)
def deploy(dest: str, site_dir: str, dry_run: bool, rollback: bool, keep: int) -> None:
    """Publish the build in SITE_DIR to DEST, or roll DEST back to its previous deploy.

    DEST is a folder, rsync:[USER@HOST:]PATH or rclone:REMOTE:PATH (see deploy/README.md).
    """
    from generator import deploy as deploying

    say = lambda line: click.echo(line, err=True)  # noqa: E731
    try:
        transport = deploying.transport_for(dest)
        if rollback:
            outcome = deploying.rollback(transport, dry_run=dry_run, keep=keep, say=say)
        else:
            outcome = deploying.deploy(
                Path(site_dir), transport, dry_run=dry_run, keep=keep, say=say
            )
    except deploying.DeployError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"deploy failed: {exc}", err=True)
        sys.exit(1)
    for line in deploying.report_lines(outcome, dest, rollback):
        click.echo(line)


from generator.i18n.cli import i18n  # noqa: E402

main.add_command(i18n)


if __name__ == "__main__":
    main()
