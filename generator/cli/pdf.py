"""``portal pdf``: the publications' PDFs on their own, without building the site."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import time
from pathlib import Path

import click

from generator.cli.common import (
    load_content_or_exit,
    plugin_options,
    project_config,
    report_problems,
)
from generator.content.problems import ContentError
from generator.i18n.languages import CODES, LANGUAGES
from generator.i18n.tool import tr


@click.command()
@click.option(
    "--lang",
    "codes",
    multiple=True,
    type=click.Choice(CODES),
    help="Only this language (repeatable).",
)
@click.option(
    "--only", "names", multiple=True, help="Only this edition (its printed.file, repeatable)."
)
@click.option(
    "--out",
    default="pdf",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder the PDFs are copied into, as <file>-<lang>.pdf.",
)
@click.option(
    "--jobs", type=click.IntRange(1), help="Processes laying out at once [default: one per core]."
)
@click.pass_context
def pdf(
    ctx: click.Context, codes: tuple[str, ...], names: tuple[str, ...], out: str, jobs: int | None
) -> None:
    """Make the PDF editions of the publications (items of kind publications with a 'printed'
    edition), in every language or those named. Only PDFs whose inputs changed since the last
    build or run are laid out again; the build publishes them beside each publication's page."""
    from generator.i18n.catalogs import load_translator
    from generator.images import cache_dir_for as image_cache_dir_for
    from generator.images import prepare_images
    from generator.publications.editions import cache_dir_for, prepare_publications
    from generator.publications.selection import printed_publications
    from generator.routes import build_routes

    config = project_config(ctx)
    options = plugin_options(config)
    portal = load_content_or_exit(Path(config.docs_dir))
    known = {loaded.model.printed.file for loaded in printed_publications(portal)}
    unknown = sorted(set(names) - known)
    if unknown:
        click.echo(
            tr(
                "--only {names}: no such edition — choose from {known}",
                names=", ".join(unknown),
                known=", ".join(sorted(known)),
            ),
            err=True,
        )
        sys.exit(2)
    started = time.perf_counter()
    translators = {
        lang.code: load_translator(Path(options.translations_dir), lang) for lang in LANGUAGES
    }
    today = dt.date.fromisoformat(options.today) if options.today else dt.date.today()
    project_dir = Path(config.config_file_path).parent
    try:
        # The photographs of printed pages are embedded as the build publishes them.
        images = prepare_images(portal, image_cache_dir_for(project_dir))
        prints = prepare_publications(
            portal,
            build_routes(portal),
            translators,
            Path(options.theme_dir),
            cache_dir_for(project_dir),
            config.site_url or "/",
            today,
            codes=codes or None,
            only=set(names) or None,
            jobs=jobs,
            images=images,
        )
    except ContentError as exc:
        report_problems(exc.problems)
        sys.exit(1)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for file in prints.files:
        name = Path(file.path).name
        shutil.copyfile(prints.cached(file), folder / name)
        values = {"path": folder / name, "pages": file.pages, "size": file.size // 1024}
        if name in prints.rebuilt:
            line = tr("{path}: {pages} pages, {size} KiB (made)", **values)
        else:
            line = tr("{path}: {pages} pages, {size} KiB (cached)", **values)
        click.echo(f"  {line}")
    seconds = time.perf_counter() - started
    click.echo(
        tr(
            "{files} PDF(s), {made} laid out, in {seconds:.1f} s",
            files=len(prints.files),
            made=len(prints.rebuilt),
            seconds=seconds,
        )
    )
