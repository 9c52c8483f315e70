"""A :class:`~.selection.PrintDocument` as HTML, through the ``theme/print/`` templates.

The HTML is rendered with the same Jinja set-up as the site's pages (gettext of the language,
``tr``, ``date``, ``number`` …), so a publication says what the portal says in the same words.
QR codes are written as ``qr:<address>`` and drawn only when WeasyPrint lays the PDF out
(:mod:`.document`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from generator.content.portal import Portal
from generator.i18n.catalogs import Translator
from generator.i18n.languages import AUTONYMS, BY_CODE
from generator.publications.selection import PrintDocument
from generator.render import RenderContext, install, make_environment
from generator.routes import Route

PRINT_DIR = "print"
"""The folder of the print templates and stylesheet, inside the theme."""
TEMPLATE = f"{PRINT_DIR}/publication.html"
QR_SCHEME = "qr:"


@dataclass
class PrintRenderer:
    """Renders the print documents of one language."""

    env: Environment
    content_dir: Path

    def html(self, document: PrintDocument) -> str:
        """The HTML of ``document``, to be laid out by WeasyPrint."""
        printed = document.edition.printed
        assert printed is not None
        return self.env.get_template(TEMPLATE).render(
            doc=document,
            edition=document.edition,
            printed=printed,
            layout=printed.layout,
            here="",
            qr=qr_url,
            content_file=lambda src: (self.content_dir / src).resolve().as_uri(),
        )


def print_renderer(
    portal: Portal,
    routes: dict[str, Route],
    translators: dict[str, Translator],
    theme_dir: Path,
    code: str,
    today: dt.date,
) -> PrintRenderer:
    """A renderer speaking language ``code`` through the theme's print templates."""
    env = make_environment(theme_dir)
    lang = BY_CODE[code]
    install(
        env, RenderContext(portal, routes, lang, translators[code], AUTONYMS, today, translators)
    )
    return PrintRenderer(env, portal.root)


def qr_url(address: str) -> str:
    """The image URL of the QR code of ``address`` (see :mod:`.document`)."""
    return QR_SCHEME + address
