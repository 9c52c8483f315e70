"""``portal init DIR --province NAME``: a new province's portal, ready to build."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr

_COLOURS = ("primary", "primary_dark", "accent")


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--province", required=True, help="The province's name in Vietnamese: 'Bắc Ninh'.")
@click.option(
    "--name",
    "names",
    multiple=True,
    metavar="LANG=NAME",
    help="Its name in another language (repeatable): --name zh=北宁 --name lo=ບັກນິງ. "
    "A language left out is a marked gap in site.yml that shows the Vietnamese name.",
)
@click.option("--site-url", default="https://example.org/", show_default=True)
@click.option("--email", help="The department's address for readers (default: a marked gap).")
@click.option(
    "--colour",
    "colours",
    multiple=True,
    metavar="NAME=#RRGGBB",
    help=f"A theme colour in site.yml (repeatable): {', '.join(_COLOURS)}.",
)
def init(
    directory: str,
    province: str,
    names: tuple[str, ...],
    site_url: str,
    email: str | None,
    colours: tuple[str, ...],
) -> None:
    """Start a new province's portal in DIRECTORY: content/ with the sections in six languages,
    site.yml (name, masthead, colours, emblem), the registry of standard provincial bodies, no
    plans yet, mkdocs.yml and a Makefile (make build, make test)."""
    from generator.newportal import Province, init_portal

    given = {DEFAULT: province, **_pairs(names, "--name", CODES)}
    settings = Province(given, site_url, email, _pairs(colours, "--colour", _COLOURS))
    try:
        written = init_portal(Path(directory), settings)
    except (FileExistsError, ValueError) as exc:
        click.echo(f"{directory}: {exc}", err=True)
        sys.exit(1)
    gaps = [code for code in CODES if code not in given and code != "en"]
    click.echo(
        tr(
            "wrote {count} files and the registry into {folder}",
            count=len(written),
            folder=directory,
        )
    )
    if gaps:
        click.echo(
            tr(
                "gaps to fill in content/site.yml: the name in {languages}",
                languages=", ".join(gaps),
            )
        )
    click.echo(tr("next: {command}", command=f"cd {directory} && make build"))


def _pairs(values: tuple[str, ...], option: str, allowed: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or key not in allowed or not text.strip():
            keys = ", ".join(allowed)
            click.echo(
                tr(
                    "{option} {value}: write KEY=VALUE, KEY one of {keys}",
                    option=option,
                    value=value,
                    keys=keys,
                ),
                err=True,
            )
            sys.exit(2)
        pairs[key] = text.strip()
    return pairs
