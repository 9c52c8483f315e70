"""The languages of the portal and the facts each one needs, read from the one list of them:
``translations/languages.yml``.

Everything that depends on the languages derives from :data:`LANGUAGES`: the content's language
codes (:data:`~generator.content.fields.LangCode`), the glossary's columns, the catalogs, routes,
hreflang and the tests. Adding a language is one entry there, its catalog and its content.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import yaml
from babel import Locale

LANGUAGES_FILE = Path(__file__).resolve().parents[2] / "translations" / "languages.yml"
"""The list: code, tag, Babel locale, Open Graph locale and autonym of each language, the
default one first."""


@dataclass(frozen=True)
class Language:
    """One language of the portal.

    Args:
        code: the code used in file suffixes, URLs and data keys (``vi``, ``zh`` …).
        tag: the BCP 47 tag written into ``<html lang>`` and hreflang.
        babel: the Babel locale used for dates, numbers and currencies.
        og_locale: the Open Graph locale (``vi_VN`` …).
        autonym: the language's name in itself (``Tiếng Việt``), shown in the switcher.
        spaced: False where spacing inside words and terms varies in writing (Chinese,
            Japanese, Korean, Lao): the glossary then ignores it.
    """

    code: str
    tag: str
    babel: str
    og_locale: str
    autonym: str
    spaced: bool = True

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.babel)

    @property
    def is_default(self) -> bool:
        return self.code == DEFAULT

    @property
    def prefix(self) -> str:
        """URL prefix of this language's tree: '' for the default, 'en/' for English."""
        return "" if self.is_default else f"{self.code}/"


def read_languages(path: Path) -> tuple[Language, ...]:
    """The languages listed in ``path``, in its order.

    Raises:
        ValueError: naming the file, the entry and what is wrong with it.
    """
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    known = [f.name for f in fields(Language)]
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a list of languages, each a mapping of {known}")
    languages = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) - set(known):
            raise ValueError(f"{path}: language {number} must be a mapping of {known}")
        try:
            languages.append(Language(**{key: entry[key] for key in entry}))
        except TypeError as exc:
            raise ValueError(f"{path}: language {number}: {exc}") from None
    codes = [lang.code for lang in languages]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{path}: a language code is listed twice ({', '.join(codes)})")
    return tuple(languages)


LANGUAGES: tuple[Language, ...] = read_languages(LANGUAGES_FILE)

DEFAULT: str = LANGUAGES[0].code
"""Vietnamese: the language of the sources, served at the root of the site."""

CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
AUTONYMS: dict[str, str] = {lang.code: lang.autonym for lang in LANGUAGES}


def language(code: str) -> Language:
    """Return the language for ``code``; raise KeyError naming the portal's codes otherwise."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(
            f"'{code}' is not one of the portal's languages ({', '.join(CODES)})"
        ) from None
