"""``portal verify``: check a built site, the Nu Html Checker included."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import report_counts
from generator.i18n.tool import tr


@click.command()
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
        click.echo(tr("cannot check the HTML: {error}", error=exc), err=True)
        sys.exit(2)
    _print_site_problems(site, problems)
    if any(problem.severity == "error" for problem in problems):
        sys.exit(1)
    pages = sum(1 for _ in site.rglob("*.html"))
    click.echo(
        tr(
            "{site}/ verified: {pages} HTML files, links, sitemap and feeds — no error",
            site=site_dir,
            pages=pages,
        )
    )


def _print_site_problems(site: Path, problems) -> None:
    for problem in problems:
        shown = f"{site.as_posix().rstrip('/')}/{problem}"
        if problem.severity == "warning":
            shown = tr("{problem} (warning)", problem=shown)
        click.echo(shown, err=True)
    if problems:
        report_counts(problems)
