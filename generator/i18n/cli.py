"""``portal i18n``: extract, update and compile the interface catalogs."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface

from generator.i18n.catalogs import DOMAIN, catalog_path
from generator.i18n.languages import LANGUAGES

POT = Path("translations") / f"{DOMAIN}.pot"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


@click.group()
def i18n() -> None:
    """Manage the interface strings' gettext catalogs in translations/."""


@i18n.command()
def extract() -> None:
    """Extract every interface string from theme/ and generator/ into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "in_language:2", "-o", str(POT), "--no-location", "--sort-output",
             "--project", "doingoai", "--omit-header", "--ignore-dirs", ".* _* node_modules site", ".")
    click.echo(f"wrote {POT}")


@i18n.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Extract, then merge new strings into each language's catalog (creating missing ones)."""
    ctx.invoke(extract)
    for lang in LANGUAGES:
        path = catalog_path(Path("translations"), lang.code)
        if path.exists():
            _pybabel("update", "-i", str(POT), "-o", str(path), "-l", lang.babel, "--no-fuzzy-matching",
                     "--ignore-obsolete")
        else:
            _pybabel("init", "-i", str(POT), "-o", str(path), "-l", lang.babel)
        click.echo(f"updated {path}")


@i18n.command()
@click.option("--check", is_flag=True, help="Only report untranslated strings (exit 1 if any).")
def compile(check: bool) -> None:  # noqa: A001 - the command's name
    """Compile catalogs to .mo (the build compiles in memory; this checks completeness)."""
    from babel.messages.pofile import read_po

    incomplete = 0
    for lang in LANGUAGES:
        path = catalog_path(Path("translations"), lang.code)
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang.babel)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        for message in missing:
            click.echo(f"{path}: untranslated: {message!r}", err=True)
        incomplete += len(missing)
        if not check:
            _pybabel("compile", "-i", str(path), "-o", str(path.with_suffix(".mo")), "-l", lang.babel)
    click.echo(f"{incomplete} untranslated string(s)")
    sys.exit(1 if incomplete else 0)
