"""``portal deploy``: publish a built site to a folder, rsync or rclone destination."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.i18n.tool import tr


@click.command()
@click.argument("dest")
@click.option("--site-dir", default="site", show_default=True, type=click.Path(file_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--rollback", is_flag=True, help="Restore the previous deploy at DEST.")
@click.option(
    "--adopt",
    is_flag=True,
    help="First deploy to a DEST holding other files: store them as a release to roll back to.",
)
@click.option(
    "--keep",
    default=5,
    show_default=True,
    type=click.IntRange(min=1),
    help="Releases kept at DEST for rollback.",
)
def deploy(dest: str, site_dir: str, dry_run: bool, rollback: bool, adopt: bool, keep: int) -> None:
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
                Path(site_dir), transport, dry_run=dry_run, keep=keep, adopt=adopt, say=say
            )
    except deploying.DeployError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(tr("deploy failed: {error}", error=exc), err=True)
        sys.exit(1)
    for line in deploying.report_lines(outcome, dest, rollback):
        click.echo(line)
