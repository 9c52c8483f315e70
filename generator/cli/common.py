"""What several ``portal`` commands share: the one reader of ``mkdocs.yml``, the content folder,
loading the content or exiting, and printing problems."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.content.portal import Portal, load_portal
from generator.content.problems import ContentError, Problem
from generator.i18n.tool import tr

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.config import PortalConfig

PLUGIN = "doingoai"
"""The plugin's name in ``mkdocs.yml`` (``plugins: - doingoai: …``)."""

content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False),
    help="The content folder [default: docs_dir of mkdocs.yml, i.e. content].",
)


def load_project_config(config_file: Path, **overrides) -> MkDocsConfig:
    """``mkdocs.yml`` read and validated by MkDocs itself, plugins and their options included.

    Args:
        config_file: the project's ``mkdocs.yml``.
        **overrides: top-level options that replace the file's (``site_dir``, ``strict`` …).

    Raises:
        mkdocs.exceptions.MkDocsException: the file is missing or an option is invalid (MkDocs
            has logged each invalid option).
    """
    from mkdocs.config import load_config

    return load_config(str(config_file), **overrides)


def project_config(ctx: click.Context, **overrides) -> MkDocsConfig:
    """The configuration named by ``--config-file`` (read once per command), or exit 1.

    Args:
        ctx: the command's context; its root holds ``--config-file``.
        **overrides: as for :func:`load_project_config` (a config with overrides is not kept).
    """
    from mkdocs.exceptions import MkDocsException

    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    config_file = Path(obj.get("config_file", "mkdocs.yml"))
    if "config" in obj and not overrides:
        return obj["config"]
    if not config_file.is_file():
        click.echo(
            tr(
                "{path}: no such file — run portal in the project's folder, or name its "
                "mkdocs.yml with -f",
                path=config_file,
            ),
            err=True,
        )
        sys.exit(1)
    try:
        config = load_project_config(config_file, **overrides)
    except MkDocsException as exc:
        click.echo(
            tr("{path}: {error} — fix the option named above", path=config_file, error=exc),
            err=True,
        )
        sys.exit(1)
    if not overrides:
        obj["config"] = config
    return config


def plugin_options(config: MkDocsConfig) -> PortalConfig:
    """The typed options of the ``doingoai`` plugin (folders already absolute)."""
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        click.echo(
            tr(
                "{path}: the {plugin} plugin is not configured",
                path=config.config_file_path,
                plugin=PLUGIN,
            ),
            err=True,
        )
        sys.exit(1)
    return plugin.config


def content_folder(ctx: click.Context, content_dir: str | None) -> Path:
    """``--content`` when given, else ``docs_dir`` of the project's configuration."""
    if content_dir is not None:
        return Path(content_dir)
    return as_given(Path(project_config(ctx).docs_dir))


def as_given(path: Path) -> Path:
    """``path`` relative to the working folder when it lies below it, as an operator types it
    (MkDocs makes the folders of ``mkdocs.yml`` absolute)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_portal_or_exit(root: Path, hint: str = "") -> Portal:
    """The loaded content, or every problem printed and exit 1.

    Args:
        root: the content folder.
        hint: a last line for the operator (e.g. "fix the content first ('portal check')").
    """
    try:
        return load_portal(root)
    except ContentError as exc:
        report_problems(exc.problems)
        if hint:
            click.echo(hint, err=True)
        sys.exit(1)


def load_content_or_exit(root: Path) -> Portal:
    """The loaded content, or every problem printed with the hint to run ``portal check`` first
    and exit 1 (what a command that works on valid content does)."""
    return load_portal_or_exit(root, tr("fix the content first ('portal check')"))


def report_problems(problems: Iterable[Problem]) -> None:
    """Each problem as ``path:line: what — fix`` on stderr, then the count of each severity."""
    problems = list(problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    report_counts(problems)


def report_counts(problems: Iterable[Problem]) -> None:
    """The count of errors and of warnings among ``problems``, on stderr."""
    problems = list(problems)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(
        tr(
            "{errors} error(s), {warnings} warning(s)",
            errors=errors,
            warnings=len(problems) - errors,
        ),
        err=True,
    )
