"""The six languages of the portal and the facts each one needs.

Nothing here is a word for readers: each language's own name (its "autonym", shown in the
language switcher) lives in ``translations/languages.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from babel import Locale


@dataclass(frozen=True)
class Language:
    """One language of the portal.

    Args:
        code: the code used in file suffixes, URLs and data keys (``vi``, ``zh`` …).
        tag: the BCP 47 tag written into ``<html lang>`` and hreflang.
        babel: the Babel locale used for dates, numbers and currencies.
        og_locale: the Open Graph locale (``vi_VN`` …).
    """

    code: str
    tag: str
    babel: str
    og_locale: str

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


DEFAULT = "vi"

LANGUAGES: tuple[Language, ...] = (
    Language("vi", "vi", "vi_VN", "vi_VN"),
    Language("en", "en", "en_US", "en_US"),
    Language("zh", "zh-Hans", "zh_Hans_CN", "zh_CN"),
    Language("ja", "ja", "ja_JP", "ja_JP"),
    Language("ko", "ko", "ko_KR", "ko_KR"),
    Language("lo", "lo", "lo_LA", "lo_LA"),
)

CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}


def language(code: str) -> Language:
    """Return the language for ``code``; raise KeyError naming the six codes otherwise."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(
            f"'{code}' is not one of the portal's languages ({', '.join(CODES)})"
        ) from None
