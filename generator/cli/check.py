"""``portal check``: every check the build makes short of writing pages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.cli.common import (
    content_folder,
    content_option,
    plugin_options,
    project_config,
    report_problems,
)
from generator.content.problems import ContentError, Problem
from generator.i18n.tool import tr


@click.command()
@content_option
@click.option(
    "--glossary",
    "glossary_file",
    type=click.Path(dir_okay=False),
    help="The term base [default: glossary.yml in the plugin's translations_dir].",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Check only what git says changed (working tree and index against HEAD) and what "
    "depends on it: its translations, the pages linking to it, the items referring to it.",
)
@click.option(
    "--since",
    metavar="REF",
    help="With --changed: what changed since REF (a commit, a branch such as origin/main).",
)
@click.pass_context
def check(
    ctx: click.Context,
    content_dir: str | None,
    glossary_file: str | None,
    changed: bool,
    since: str | None,
) -> None:
    """Validate all content and images without writing a site (exit 1 on any problem the
    strict build would fail on; glossary warnings, such as a translation lacking a term's
    official rendering, do not fail)."""
    from generator.i18n.glossary import GLOSSARY_FILE, glossary_warnings
    from generator.images import cache_dir_for, prepare_images

    config = project_config(ctx)
    options = plugin_options(config)
    project_dir = Path(config.config_file_path).parent
    root = content_folder(ctx, content_dir)
    focus = None
    if changed or since:
        focus = _changed_focus(project_dir, since)
        if focus is False:
            click.echo(tr("nothing changed since {since}", since=since or "HEAD"))
            return
    setup = _setup_problems(config, project_dir)
    portal = _load(root, focus or None, setup)
    try:
        images = prepare_images(portal, cache_dir_for(project_dir))
    except ContentError as exc:
        report_problems([*setup, *exc.problems])
        sys.exit(1)
    if setup:
        report_problems(setup)
        sys.exit(1)
    default_glossary = Path(options.translations_dir) / GLOSSARY_FILE
    glossary = Path(glossary_file) if glossary_file else default_glossary
    found = [w for w in glossary_warnings(portal, glossary) if _in_scope(portal, project_dir, w)]
    glossary_errors = [p for p in found if p.severity == "error"]
    if glossary_errors:
        report_problems(glossary_errors)
        sys.exit(1)
    # The build runs --strict: a warning of the content or of an image fails it, so it fails
    # the check too; the glossary is not part of the build, and its warnings only advise.
    fatal = [w for w in (*portal.warnings, *images.warnings) if _in_scope(portal, project_dir, w)]
    if fatal:
        report_problems(_as_errors(fatal))
        click.echo(tr("the strict build fails on these warnings; fix them first"), err=True)
        sys.exit(1)
    for warning in found:
        click.echo(tr("{problem} (warning)", problem=warning), err=True)
    items = sum(len(v) for v in portal.items.values())
    if portal.scope is not None:
        click.echo(
            tr(
                "changed content OK: {files} file(s) checked, {warnings} warning(s)",
                files=len(portal.scope),
                warnings=len(found),
            )
        )
        return
    click.echo(
        tr(
            "content OK: {pages} pages, {items} items, {warnings} warning(s)",
            pages=len(portal.pages),
            items=items,
            warnings=len(found),
        )
    )


def _changed_focus(project_dir: Path, since: str | None):
    """What ``--changed`` checks: a function giving the files that depend on git's changes,
    True when a change touches everything (``site.yml``, ``mkdocs.yml``, the glossary), False
    when nothing changed."""
    from generator.content.changes import (
        GitError,
        affected_files,
        changed_files,
        touches_everything,
    )

    try:
        files = changed_files(project_dir, since)
    except GitError as exc:
        click.echo(tr("{error} — run 'portal check' to check everything", error=exc), err=True)
        sys.exit(2)
    if not files:
        return False
    if touches_everything(files, project_dir):
        return True
    return lambda portal: affected_files(portal, files)


def _setup_problems(config, project_dir: Path) -> list[Problem]:
    """What the build refuses before it reads the content: Markdown extensions added in
    ``mkdocs.yml``, and interface strings that a catalog lacks (the build finds those only
    once it renders a language)."""
    from generator.i18n.interface import missing_strings
    from generator.markdown import refused_extensions

    options = plugin_options(config)
    found = [refused_extensions(Path(config.config_file_path), config.markdown_extensions)]
    found += missing_strings(Path(options.theme_dir), Path(options.translations_dir), project_dir)
    return [problem for problem in found if problem is not None]


def _load(root: Path, focus, setup: list[Problem]):
    """The content (only ``focus``'s files checked in full when given), or every problem,
    ``setup``'s first, printed and exit 1."""
    from generator.content.portal import load_portal

    try:
        return load_portal(root, focus)
    except ContentError as exc:  # every file is read: a file that does not load is reported
        report_problems([*setup, *exc.problems])
        sys.exit(1)


def _in_scope(portal, project_dir: Path, problem: Problem) -> bool:
    return portal.in_scope(project_dir / problem.path)


def _as_errors(warnings: list[Problem]) -> list[Problem]:
    return [Problem(w.path, w.line, w.message, w.fix, "error") for w in sorted(warnings)]
