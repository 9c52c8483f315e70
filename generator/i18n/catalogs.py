"""Interface strings: gettext catalogs in ``translations/<lang>/LC_MESSAGES/<domain>.po``, one
domain per audience: ``messages`` (readers, six languages), ``report`` (``portal report``),
``portal`` (the command's own messages, :mod:`generator.i18n.tool`) and ``cms`` (the web editor's
labels and hints, :mod:`generator.cms.words`), those three in Vietnamese and English.

Catalogs are compiled in memory at build time (no ``.mo`` is committed). A string missing from
a catalog is recorded, so a strict build can fail naming it instead of silently showing English.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from generator.i18n.languages import Language

DOMAIN = "messages"


@dataclass(frozen=True)
class Domain:
    """One catalog family and how ``portal i18n extract`` finds its strings.

    Args:
        name: the domain (the catalogs' file name).
        babel_config: the extraction rules, relative to the project's folder.
        sources: the folder extracted, relative to the project's folder.
        keywords: ``pybabel -k`` arguments added to (or, without ``default_keywords``, replacing)
            gettext's ``_``, ``gettext``, ``ngettext`` ….
        default_keywords: whether gettext's own keywords mark strings too.
        languages: the languages translated; ``None``: every language of the portal.
    """

    name: str
    babel_config: str
    sources: str
    keywords: tuple[str, ...] = ()
    default_keywords: bool = True
    languages: tuple[str, ...] | None = None


DOMAINS: tuple[Domain, ...] = (
    Domain(DOMAIN, "babel.cfg", ".", keywords=("in_language:2",)),
    Domain("report", "generator/report/babel.cfg", "generator/report", languages=("vi", "en")),
    Domain(
        "portal",
        "generator/i18n/portal-babel.cfg",
        "generator",
        keywords=("tr",),
        default_keywords=False,
        languages=("vi", "en"),
    ),
    Domain(
        "cms",
        "generator/cms/babel.cfg",
        "generator/cms",
        languages=("vi", "en"),
    ),
)
"""Every domain; the generator's own (``report``, ``portal``, ``cms``: the web editor's words,
:mod:`generator.cms.words`) are extracted where their sources are, i.e. in the generator's
repository."""


def catalog_path(translations_dir: Path, code: str, domain: str = DOMAIN) -> Path:
    return translations_dir / code / "LC_MESSAGES" / f"{domain}.po"


def read_catalog(translations_dir: Path, lang: Language, domain: str = DOMAIN) -> Catalog:
    path = catalog_path(translations_dir, lang.code, domain)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang.babel, domain=domain)


@dataclass
class Translator:
    """gettext for one language that remembers which strings it could not translate."""

    lang: Language
    translations: gettext.GNUTranslations
    known: frozenset[str]
    missing: set[str] = field(default_factory=set)

    def gettext(self, message: str) -> str:
        if message not in self.known:
            self.missing.add(message)
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if singular not in self.known:
            self.missing.add(singular)
        return self.translations.ngettext(singular, plural, n)


def load_translator(translations_dir: Path, lang: Language, domain: str = DOMAIN) -> Translator:
    """Compile the language's catalog in memory and return its translator.

    Args:
        translations_dir: the folder of the catalogs.
        lang: the language.
        domain: the catalog: ``messages`` (the site's interface), ``report`` (``portal report``).

    Raises:
        FileNotFoundError: when the catalog does not exist.
    """
    catalog = read_catalog(translations_dir, lang, domain)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    known = frozenset(
        str(m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id
        and m.string
        and not m.fuzzy
        and (m.string if isinstance(m.string, str) else all(m.string))
    )
    return Translator(lang, gettext.GNUTranslations(buffer), known)
