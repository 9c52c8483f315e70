"""The term base: official renderings of recurring terms, checked in every translation.

The term base is two files of the same form: ``translations/glossary.yml``, installed with the
generator, holds the terms every province shares (the bodies and documents of Vietnamese
administration); ``content/glossary.yml``, the portal's own, holds its province's (its name,
places, heritage). A new portal starts with the shared terms only (``portal init`` writes an empty
``content/glossary.yml``). Each term gives its Vietnamese forms and its rendering in every other
language. The first rendering of a
language is the official one; further ones are accepted alternatives. A ``…`` inside a form stands
for a few words (``People's Committee of … Province``).

Wherever a Vietnamese text contains a term, its translation into language X must contain one of the
renderings in X. Texts are compared as editors write them, side by side: each six-language field of
an item or of ``site.yml``, and the title, description and body of each page against its Vietnamese
page. When terms overlap in the Vietnamese, the longest one is checked (``Sở Kế hoạch và Đầu tư``,
not ``Kế hoạch`` inside it). Findings are warnings: a translator may have a reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated

from babel import Locale
from pydantic import BeforeValidator, Field, PrivateAttr, create_model

from generator.content.fields import Strict
from generator.content.loader import read_settings
from generator.content.pages import PageSource
from generator.content.portal import Portal
from generator.content.problems import Problem, Problems
from generator.content.yamlsource import Located
from generator.i18n.languages import BY_CODE, CODES, DEFAULT
from generator.i18n.localized import localized_fields
from generator.i18n.tool import current_language, tr

GLOSSARY_FILE = "glossary.yml"
"""The shared terms, in the translations folder; the province's own, in ``content/``."""
GAP = "…"
_GAP_PATTERN = r"[^\n]{0,60}?"
_BLOCK_SPLIT = re.compile(r"\n[ \t]*\n")


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Forms = Annotated[
    list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_list), Field(min_length=1)
]


class _TermBase(Strict):
    _file: Path | None = PrivateAttr(default=None)
    """The glossary the term comes from (the shared one or the portal's own), to name it."""
    match_case: bool = False
    """Match the Vietnamese forms with their capitals only (``Quyết định`` the document, not
    ``quyết định`` the verb)."""
    note: str | None = None

    def forms(self, code: str) -> list[str]:
        return getattr(self, code)


Term = create_model(
    "Term",
    __base__=_TermBase,
    __doc__="One term: its forms in each language (``vi``, ``en`` …), the official one first.",
    **{code: (Forms, ...) for code in CODES},  # type: ignore[call-overload]
)


class Glossary(Strict):
    """``translations/glossary.yml``."""

    terms: list[Term]


# --- matching ------------------------------------------------------------------------------


def normalise(text: str, code: str, fold_case: bool = True) -> str:
    """Text as compared: NFC, case-folded, one kind of apostrophe and of space.

    Args:
        text: any text of the portal.
        code: its language (spaces and middle dots are dropped where spacing varies, in the
            languages not ``spaced``; elsewhere hyphens count as spaces).
        fold_case: whether capitals count as small letters.

    Returns:
        The comparable form.
    """
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u200b", "")
    text = text.casefold() if fold_case else text
    if not BY_CODE[code].spaced:
        return re.sub(r"[\s・·‧]+", "", text)  # spaces and middle dots are a matter of style
    return re.sub(r"\s+", " ", text.replace("-", " ").replace("‑", " "))


def _form_pattern(form: str, code: str, fold_case: bool = True) -> re.Pattern[str]:
    parts = [re.escape(normalise(part, code, fold_case).strip()) for part in form.split(GAP)]
    body = _GAP_PATTERN.join(parts)
    if not BY_CODE[code].spaced:
        return re.compile(body)
    if code == DEFAULT:
        return re.compile(rf"(?<!\w){body}(?!\w)")
    return re.compile(rf"(?<!\w){body}")  # endings vary: parks, visas, planning


@dataclass(frozen=True)
class Finding:
    """A Vietnamese term whose official rendering the translation lacks."""

    term: Term
    found: str  # the term's first Vietnamese form


class Checker:
    """Matches the glossary's terms in Vietnamese texts and their renderings in translations."""

    def __init__(self, glossary: Glossary):
        self.glossary = glossary

    @cached_property
    def _vi_patterns(self) -> list[tuple[Term, re.Pattern[str]]]:
        return [
            (term, _form_pattern(form, DEFAULT, fold_case=not term.match_case))
            for term in self.glossary.terms
            for form in term.vi
        ]

    @cached_property
    def _renderings(self) -> dict[tuple[int, str], list[re.Pattern[str]]]:
        return {
            (id(term), code): [_form_pattern(form, code) for form in term.forms(code)]
            for term in self.glossary.terms
            for code in CODES
            if code != DEFAULT
        }

    def terms_in(self, vietnamese: str) -> list[tuple[Term, str]]:
        """The terms in a Vietnamese text (with the form to name them by), each once; where
        terms overlap, the longest is taken."""
        texts = {fold: normalise(vietnamese, DEFAULT, fold) for fold in (True, False)}
        matches = [
            (match.start(), match.end(), term)
            for term, pattern in self._vi_patterns
            for match in pattern.finditer(texts[not term.match_case])
        ]
        matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        found: dict[int, tuple[Term, str]] = {}
        for start, end, term in matches:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.setdefault(id(term), (term, term.vi[0]))
        return list(found.values())

    def has_rendering(self, term: Term, translation: str, code: str) -> bool:
        text = normalise(translation, code)
        return any(p.search(text) for p in self._renderings[(id(term), code)])

    def check(self, vietnamese: str, translation: str, code: str) -> list[Finding]:
        """The terms of ``vietnamese`` whose renderings in ``code`` ``translation`` lacks."""
        return [
            Finding(term, found)
            for term, found in self.terms_in(vietnamese)
            if not self.has_rendering(term, translation, code)
        ]


# --- loading -------------------------------------------------------------------------------


def load_glossary(path: Path, problems: Problems) -> Glossary | None:
    """Read ``path``; problems in it are added to ``problems`` as errors.

    Args:
        path: ``translations/glossary.yml``.
        problems: where to report a malformed glossary.

    Returns:
        The glossary, or None when it is missing or invalid.
    """
    if not path.is_file():
        return None
    glossary = read_settings(path, Glossary, problems)
    if glossary is None:
        return None
    for term in glossary.terms:
        term._file = path
    return glossary


def load_term_base(shared: Path, content: Path, problems: Problems) -> Glossary | None:
    """The shared terms of ``shared`` and the province's own of ``content/glossary.yml``.

    Args:
        shared: ``translations/glossary.yml``.
        content: the portal's content folder.
        problems: where to report a malformed file.

    Returns:
        Both files' terms (the shared ones first), or None when neither exists or is valid.
    """
    found = [load_glossary(path, problems) for path in (shared, content / GLOSSARY_FILE)]
    glossaries = [glossary for glossary in found if glossary is not None]
    if not glossaries:
        return None
    return Glossary(terms=[term for glossary in glossaries for term in glossary.terms])


# --- checking the portal -------------------------------------------------------------------


def check_portal(portal: Portal, glossary: Glossary, problems: Problems) -> None:
    """Warn, in ``problems``, of every translation that lacks a term's official rendering.

    Args:
        portal: the loaded content.
        glossary: the term base.
        problems: receives one warning per term, text and language.
    """
    checker = Checker(glossary)
    if portal.in_scope(portal.site_located.path):
        _check_located(checker, portal.site_located, problems)
    for loaded in portal.all_items():
        if portal.in_scope(loaded.path):
            _check_located(checker, loaded.located, problems)
    for versions in portal.pages.values():
        source = versions.get(DEFAULT)
        if source is None:
            continue
        for code, translation in versions.items():
            if code != DEFAULT and portal.in_scope(translation.path):
                _check_page(checker, source, translation, problems)


def _warn(problems: Problems, path: Path, line: int, finding: Finding, code: str) -> None:
    official = finding.term.forms(code)[0]
    language = Locale.parse(code).get_language_name(current_language())
    problems.warn(
        path,
        line,
        tr(
            'glossary: the Vietnamese has "{term}", but the {language} text lacks its official '
            "rendering",
            term=finding.found,
            language=language,
        ),
        tr('use "{rendering}"', rendering=official),
    )


def _check_located(checker: Checker, located: Located | None, problems: Problems) -> None:
    if located is None:
        return
    for loc, texts in localized_fields(located.data):
        for code, text in texts.items():
            if code == DEFAULT:
                continue
            for finding in checker.check(texts[DEFAULT], text, code):
                _warn(problems, located.path, located.line_of((*loc, code)), finding, code)


def _check_page(
    checker: Checker, source: PageSource, translation: PageSource, problems: Problems
) -> None:
    code, path = translation.lang, translation.path
    for field in ("title", "description"):
        vietnamese = getattr(source.meta, field) or ""
        for finding in checker.check(vietnamese, getattr(translation.meta, field) or "", code):
            _warn(problems, path, translation.located.line_of((field,)), finding, code)
    for finding in checker.check(source.body, translation.body, code):
        _warn(problems, path, _line_of_term(checker, finding, source, translation), finding, code)


def _blocks(body: str, first_line: int) -> list[tuple[int, str]]:
    """The paragraphs of a Markdown body with the line each starts on."""
    blocks, line = [], first_line
    for part in _BLOCK_SPLIT.split(body):
        blank_lines = len(part) - len(part.lstrip("\n"))
        if part.strip():
            blocks.append((line + part[:blank_lines].count("\n"), part))
        line += part.count("\n") + 2
    return blocks


def _line_of_term(
    checker: Checker, finding: Finding, source: PageSource, translation: PageSource
) -> int:
    """The line of the translation's paragraph that matches the Vietnamese one using the term
    (pages are written paragraph for paragraph); the first line of the text otherwise."""
    vi_blocks = _blocks(source.body, source.body_line)
    blocks = _blocks(translation.body, translation.body_line)
    if len(vi_blocks) == len(blocks):
        for (_, vi_text), (line, _) in zip(vi_blocks, blocks, strict=True):
            if any(term is finding.term for term, _ in checker.terms_in(vi_text)):
                return line
    return blocks[0][0] if blocks else translation.body_line


def glossary_warnings(portal: Portal, path: Path) -> list[Problem]:
    """Load the glossary at ``path`` with the portal's own terms and check ``portal``.

    Args:
        portal: the loaded content.
        path: the shared glossary file (no warnings when neither it nor the portal's exists).

    Returns:
        Problems sorted by file and line: errors in the glossary itself, warnings in content.
    """
    problems = Problems.of_content(portal.root)
    glossary = load_term_base(path, portal.root, problems)
    if glossary is not None:
        check_portal(portal, glossary, problems)
    return problems.errors + problems.warnings
