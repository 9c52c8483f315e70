"""``portal new``: the files of a new page or item, for an editor to fill in."""

from __future__ import annotations

import datetime as dt
import sys

import click

from generator.cli.common import content_folder, content_option
from generator.scaffold import new_files


@click.command()
@click.argument("section")
@click.argument("slug")
@content_option
@click.pass_context
def new(ctx: click.Context, section: str, slug: str, content_dir: str | None) -> None:
    """Create a new page (SECTION is a folder such as 'tourism') or item (SECTION is a kind
    such as 'attractions'), with the fields an editor must fill in."""
    try:
        paths = new_files(content_folder(ctx, content_dir), section, slug, dt.date.today())
    except FileExistsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    for path in paths:
        click.echo(f"created {path}")
    click.echo("fill in the empty fields, then run 'portal check'")
