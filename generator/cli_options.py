"""Options shared by several ``portal`` commands."""

from __future__ import annotations

import click

content_option = click.option(
    "--content",
    "content_dir",
    default="content",
    show_default=True,
    type=click.Path(file_okay=False),
    help="The content folder.",
)
