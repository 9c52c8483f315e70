"""The web editor's words in the editor's language: the ``cms`` gettext domain.

Every label and hint the editor shows, the names of the kinds of items and the phrases Decap's
own Vietnamese lacks are written once, in English, in ``generator/cms/words.yml``; so are the
names of the choices readers never see, while those they see are the readers' own names
(:mod:`generator.i18n.choices`, through the ``messages`` catalog of the editor's language);
those texts are the msgids of the ``cms`` domain (``translations/<lang>/LC_MESSAGES/cms.po``,
Vietnamese and English), extracted by :func:`extract_words` (``portal i18n extract``,
``babel.cfg`` beside this module). :class:`Words` gives them in one language, remembering those
its catalog lacks so ``portal cms`` can name them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.i18n.catalogs import Translator, catalog_path, load_translator
from generator.i18n.choices import choice_names
from generator.i18n.languages import DEFAULT, LANGUAGES_FILE, language

DOMAIN = "cms"
WORDS_FILE = Path(__file__).with_name("words.yml")
TRANSLATIONS = LANGUAGES_FILE.parent
SOURCE = "en"
"""The language ``words.yml`` is written in."""
SECTIONS = ("fields", "hints", "kinds", "choices", "collections", "decap")


@cache
def read_words(path: Path = WORDS_FILE) -> dict[str, dict[str, Any]]:
    """``words.yml`` as read: its sections, each a mapping."""
    return _sections(yaml.safe_load(path.read_text(encoding="utf-8")))


def editor_languages() -> list[str]:
    """The languages the editor's words are translated into (those with a ``cms`` catalog)."""
    return [p.parent.parent.name for p in sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))]


@dataclass
class Words:
    """The editor's words in one language.

    Attributes:
        lang: the language's code (``vi``, ``en``).
        missing: the English texts asked for that the catalog does not translate.
    """

    lang: str = DEFAULT
    missing: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._words = read_words()
        self._readers: Translator | None = None
        self._translator = (
            load_translator(TRANSLATIONS, language(self.lang), DOMAIN)
            if self.lang != SOURCE and self.catalog.is_file()
            else None
        )

    @property
    def catalog(self) -> Path:
        """The catalog the words come from."""
        return catalog_path(TRANSLATIONS, self.lang, DOMAIN)

    def text(self, english: str, **values: object) -> str:
        """``english`` (a text of ``words.yml``) in this language, placeholders filled."""
        translated = english
        if self._translator is not None:
            translated = self._translator.gettext(english)
            self.missing |= self._translator.missing
        return translated.format(**values) if values else translated

    def _field(self, owner: str, name: str) -> dict[str, str]:
        fields = self._words["fields"]
        return fields.get(f"{owner}.{name}") or fields.get(name) or {}

    def label(self, owner: str, name: str) -> str:
        """The label of the field ``name`` of the model named ``owner``; a field ``words.yml``
        forgot shows its name (and ``tests/test_cms_words.py`` fails)."""
        english = self._field(owner, name).get("label")
        return self.text(english) if english else name.replace("_", " ").capitalize()

    def hint(self, owner: str, name: str) -> str | None:
        """The hint of the field, if ``words.yml`` gives one."""
        english = self._field(owner, name).get("hint")
        return self.text(english) if english else None

    def type_hint(self, kind: str, **values: object) -> str:
        """What a field of a typed kind accepts (``web_url``, ``deadline`` …)."""
        return self.text(self._words["hints"][kind], **values)

    def kind(self, kind: str) -> str:
        """One item of the kind ``kind`` (``news`` → "News item")."""
        english = self._words["kinds"].get(kind)
        return self.text(english) if english else kind

    def choice(self, value: str) -> str:
        """The name of a choice of a select (a ``Literal`` value): the readers' name, in the
        site's catalog of this language; a kind of item by its name; else ``words.yml``'s
        ``choices``. A value none names shows itself (and ``tests/test_cms_words.py`` fails)."""
        reader = choice_names().get(value)
        if reader is not None:
            return self._reader_text(reader)
        if value in self._words["kinds"]:
            return self.kind(value)
        english = self._words["choices"].get(value)
        return self.text(english) if english else value

    def _reader_text(self, english: str) -> str:
        if self.lang == SOURCE:
            return english
        if self._readers is None:
            self._readers = load_translator(TRANSLATIONS, language(self.lang))
        translated = self._readers.gettext(english)
        self.missing |= self._readers.missing
        return translated

    def collection(self, name: str) -> str:
        return self.text(self._words["collections"][name])

    def decap_phrases(self) -> dict:
        """Decap's phrases of ``words.yml`` in this language, nested as in Decap's locales
        (``{"editor": {"editorWidgets": {"list": {"add": "Thêm %{item}"}}}}``)."""
        phrases: dict = {}
        for path, english in self._words["decap"].items():
            *parents, leaf = path.split(".")
            node = phrases
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = self.text(english)
        return phrases


def english_texts(words: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """Every English text of ``words.yml`` with where it is used (for translators)."""
    for name, entry in words["fields"].items():
        for key in ("label", "hint"):
            if entry.get(key):
                yield entry[key], f"field {name}: {key}"
    for section in ("hints", "kinds", "choices", "collections", "decap"):
        for name, text in words[section].items():
            yield text, f"{section}: {name}"


def extract_words(
    fileobj: Any, keywords: Iterable[str], comment_tags: Iterable[str], options: dict
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extraction method for ``words.yml`` (``generator/cms/babel.cfg``): each
    English text, with where it is used as a comment for translators."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for english, where in english_texts(_sections(yaml.safe_load(text))):
        yield _line_of(lines, english), None, english, [where]


def _sections(data: dict) -> dict[str, dict[str, Any]]:
    return {section: data.get(section) or {} for section in SECTIONS}


def _line_of(lines: list[str], english: str) -> int:
    first = english.splitlines()[0]
    return next((n for n, line in enumerate(lines, 1) if first in line), 1)
