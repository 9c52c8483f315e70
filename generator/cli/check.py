"""``portal check``: every check the build makes short of writing pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import (
    content_folder,
    content_option,
    load_portal_or_exit,
    plugin_options,
    project_config,
    report_problems,
)
from generator.content.problems import ContentError, Problem


@click.command()
@content_option
@click.option(
    "--glossary",
    "glossary_file",
    type=click.Path(dir_okay=False),
    help="The term base [default: glossary.yml in the plugin's translations_dir].",
)
@click.pass_context
def check(ctx: click.Context, content_dir: str | None, glossary_file: str | None) -> None:
    """Validate all content and images without writing a site (exit 1 on any problem the
    strict build would fail on; glossary warnings, such as a translation lacking a term's
    official rendering, do not fail)."""
    from generator.i18n.glossary import GLOSSARY_FILE, glossary_warnings
    from generator.images import cache_dir_for, prepare_images

    config = project_config(ctx)
    options = plugin_options(config)
    portal = load_portal_or_exit(content_folder(ctx, content_dir))
    project_dir = Path(config.config_file_path).parent
    try:
        images = prepare_images(portal, cache_dir_for(project_dir))
    except ContentError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    default_glossary = Path(options.translations_dir) / GLOSSARY_FILE
    glossary = Path(glossary_file) if glossary_file else default_glossary
    found = glossary_warnings(portal, glossary)
    glossary_errors = [p for p in found if p.severity == "error"]
    if glossary_errors:
        report_problems(glossary_errors)
        sys.exit(1)
    # The build runs --strict: a warning of the content or of an image fails it, so it fails
    # the check too; the glossary is not part of the build, and its warnings only advise.
    fatal = [*portal.warnings, *images.warnings]
    if fatal:
        report_problems(_as_errors(fatal))
        click.echo("the strict build fails on these warnings; fix them first", err=True)
        sys.exit(1)
    for warning in found:
        click.echo(f"{warning} (warning)", err=True)
    items = sum(len(v) for v in portal.items.values())
    click.echo(f"content OK: {len(portal.pages)} pages, {items} items, {len(found)} warning(s)")


def _as_errors(warnings: list[Problem]) -> list[Problem]:
    return [Problem(w.path, w.line, w.message, w.fix, "error") for w in sorted(warnings)]
