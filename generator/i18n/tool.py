"""The words of the ``portal`` command itself, in the editor's language: its messages, the
problems it finds (``path:line: what — fix``) and the translation status report.

They form a gettext domain of their own, ``portal`` (``translations/<lang>/LC_MESSAGES/portal.po``,
template ``translations/portal.pot``), kept apart from the readers' ``messages`` so a Lao
reader's catalog never carries an editor's error. Vietnamese and English are translated; English,
the source, stays the default, so a CI log (``C``, ``POSIX`` or no locale) reads English.

The language is, first, ``portal --lang`` (passed to the build's worker processes through
``PORTAL_LANG``), else the editor's locale: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
that is set, as POSIX orders them (``LANG=vi_VN.UTF-8`` → Vietnamese).

Every message is written whole, with named placeholders, and marked with :func:`tr`::

    problems.add(path, 1, tr("page '{key}' has no Vietnamese source", key=key), ...)

``portal i18n extract`` finds them by that name (not ``_``, which marks the readers' words).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from generator.i18n.catalogs import Translator, load_translator
from generator.i18n.languages import LANGUAGES_FILE, Language, language

DOMAIN = "portal"
TRANSLATIONS = LANGUAGES_FILE.parent
SOURCE = "en"
"""The language the messages are written in: what is shown when no catalog applies."""
KEYWORD = "tr"
"""The function that marks a message for extraction (``pybabel extract -k tr``)."""
BABEL_CONFIG = Path(__file__).with_name("portal-babel.cfg")
"""Which files ``portal i18n extract`` reads for this domain: the generator's Python."""
ENVIRONMENT = "PORTAL_LANG"
"""Set by ``portal --lang`` so that processes started by the command speak the same language."""
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


def tool_languages() -> list[str]:
    """The languages the ``portal`` domain is translated into (those with a catalog)."""
    return list(_catalog_languages())


@cache
def _catalog_languages() -> tuple[str, ...]:
    """Looked up once per process: the tools' catalogs ship with the generator and do not
    change while it runs (``tr`` asks for every message, thousands of times in a build)."""
    return tuple(
        path.parent.parent.name for path in sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    )


def language_of_environment(environ: os._Environ | dict[str, str] | None = None) -> str:
    """The editor's language: ``PORTAL_LANG``, else the locale's language if the domain has
    a catalog for it, else English.

    Args:
        environ: the variables to read [default: this process's environment].
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(ENVIRONMENT, "")
    if not chosen:
        chosen = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "")
    code = chosen.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in tool_languages() else SOURCE


def use_language(code: str | None) -> None:
    """Speak ``code`` from now on, in this process and in those it starts; ``None`` returns
    to the environment's choice."""
    global _chosen
    _chosen = code
    if code is None:
        os.environ.pop(ENVIRONMENT, None)
    else:
        os.environ[ENVIRONMENT] = code


def current_language() -> str:
    """The code of the language messages are shown in now."""
    return _chosen or language_of_environment()


@cache
def _translator(code: str) -> Translator:
    lang: Language = language(code)
    return load_translator(TRANSLATIONS, lang, DOMAIN)


def tr(message: str, /, **values: object) -> str:
    """``message`` in the editor's language, its ``{placeholders}`` filled from ``values``.

    Args:
        message: the whole English sentence, as written in the code and the catalog's msgid.
        **values: the values of the placeholders (a message without placeholders is returned
            as translated, braces and all).
    """
    code = current_language()
    text = message
    if code != SOURCE and code in _catalog_languages():
        text = _translator(code).gettext(message)
    return text.format(**values) if values else text
