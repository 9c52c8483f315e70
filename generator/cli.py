"""The ``portal`` command: build, serve, check and create content."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.content.portal import load_portal
from generator.content.problems import ContentError


@click.group()
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False))
@click.pass_context
def main(ctx: click.Context, config_file: str) -> None:
    """Build and check the province's foreign-information portal."""
    ctx.obj = {"config_file": Path(config_file)}


@main.command()
@click.option("--content", "content_dir", default="content", show_default=True, type=click.Path(file_okay=False))
def check(content_dir: str) -> None:
    """Validate all content without writing a site (exit 1 on any problem)."""
    try:
        portal = load_portal(Path(content_dir))
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        errors = sum(p.severity == "error" for p in exc.problems)
        click.echo(f"{errors} error(s), {len(exc.problems) - errors} warning(s)", err=True)
        sys.exit(1)
    for warning in portal.warnings:
        click.echo(f"{warning} (warning)", err=True)
    items = sum(len(v) for v in portal.items.values())
    click.echo(f"content OK: {len(portal.pages)} pages, {items} items, {len(portal.warnings)} warning(s)")
