"""``portal new``: the files of a new page or item, for an editor to fill in."""

from __future__ import annotations

import datetime as dt
import sys

import click

from generator.cli.common import content_folder, content_option
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr
from generator.scaffold import UnknownSection, check_section, new_files


@click.command()
@click.argument("section")
@click.argument("slug")
@click.option(
    "--new-section",
    is_flag=True,
    help="SECTION is a new folder of pages, not a misspelt one: create it.",
)
@click.option(
    "--lang",
    type=click.Choice(CODES),
    default=DEFAULT,
    show_default=True,
    help="With a page: create its translation into this language.",
)
@content_option
@click.pass_context
def new(
    ctx: click.Context,
    section: str,
    slug: str,
    new_section: bool,
    lang: str,
    content_dir: str | None,
) -> None:
    """Create a new page (SECTION is a folder such as 'tourism': its Vietnamese file; the
    other languages show readers the Vietnamese with a notice until translated) or item
    (SECTION is a kind such as 'attractions'), with the fields an editor must fill in."""
    folder = content_folder(ctx, content_dir)
    try:
        if not new_section:
            check_section(folder, section)
        paths = new_files(folder, section, slug, dt.date.today(), lang)
    except (FileExistsError, UnknownSection, ValueError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for path in paths:
        click.echo(tr("created {path}", path=path))
    click.echo(tr("fill in the empty fields and replace the TODO, then run 'portal check'"))
    if paths[0].suffix == ".md" and lang == DEFAULT:
        click.echo(
            tr(
                "until a translator writes them, readers of the other languages see the "
                "Vietnamese page with a notice; to start one: {command}",
                command=f"portal new {section} {slug} --lang en",
            )
        )
