"""``portal serve``: the live preview."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.common import project_config


@click.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str) -> None:
    """Live preview: a saved page, item or template shows in the browser within a second (the
    pages the save touches and those open in a browser); the whole site is rebuilt behind.
    Problems show as path:line in the terminal and on the page; the last good preview stays."""
    from generator.preview.server import run_preview

    project_config(ctx)  # a missing or invalid mkdocs.yml ends here, with its message
    host, _, port = dev_addr.rpartition(":")
    config_file = Path(ctx.find_root().obj["config_file"])
    run_preview(
        config_file, host or "127.0.0.1", int(port), lambda line: click.echo(line, err=True)
    )
