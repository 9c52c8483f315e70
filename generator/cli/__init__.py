"""The ``portal`` command: build, serve, check, create content, manage translations, verify,
deploy.

One module per command (or group of commands); :mod:`generator.cli.common` holds what they
share: the one reader of ``mkdocs.yml`` (MkDocs' own ``load_config``), the content folder and
loading it or exiting. The CLI, like :mod:`generator.plugin`, may import MkDocs; the domain
modules it calls never import the CLI.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.build import build
from generator.cli.check import check
from generator.cli.cms import cms
from generator.cli.content import new
from generator.cli.deploy import deploy
from generator.cli.helptexts import translate_help
from generator.cli.i18n import i18n
from generator.cli.importer import import_
from generator.cli.init import init
from generator.cli.nginx import nginx_config
from generator.cli.pdf import pdf
from generator.cli.report import report
from generator.cli.serve import serve
from generator.cli.verify import verify
from generator.i18n.tool import tool_languages, use_language


@click.group()
@click.option(
    "-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False)
)
@click.option(
    "--lang",
    type=click.Choice(tool_languages()),
    help="The language of messages [default: the locale's (LANG=vi_VN.UTF-8: Vietnamese), "
    "else English].",
)
@click.pass_context
def main(ctx: click.Context, config_file: str, lang: str | None) -> None:
    """Build and check the province's foreign-information portal."""
    ctx.obj = {"config_file": Path(config_file)}
    if lang:
        use_language(lang)
        translate_help(main)


for command in (
    check,
    build,
    verify,
    serve,
    new,
    nginx_config,
    deploy,
    i18n,
    cms,
    report,
    pdf,
    init,
    import_,
):
    main.add_command(command)
translate_help(main)
