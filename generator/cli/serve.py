"""``portal serve``: the live preview."""

from __future__ import annotations

import click

from generator.cli.common import plugin_options, project_config


@click.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str) -> None:
    """Live preview: rebuilds and reloads the browser when content or theme changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    options = plugin_options(project_config(ctx))
    mkdocs_serve(
        config_file=str(ctx.find_root().obj["config_file"]),
        dev_addr=dev_addr,
        livereload=True,
        watch=[options.theme_dir, options.translations_dir],
    )
