"""The translation lint: the rules a reviewer of each language applies, run over every text.

The rules live in ``translations/lint.yml`` (register, script, words to avoid, Vietnamese left in
Latin script), and two more come from the glossary (the shared ``translations/glossary.yml``
and the portal's own ``content/glossary.yml``; each fix names the file its term is in): one
rendering per term in each language, and interface catalogs that use the glossary's terms. The
texts are every translation an editor or translator writes: pages (title, description, body),
the six-language texts of items and ``site.yml``, and the gettext catalogs. Each finding is
reported as ``path:line: what — how to fix it``; this module reads files and knows nothing of
MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from babel.messages.pofile import read_po
from pydantic import BeforeValidator, Field, field_validator, model_validator

from generator.content.fields import Strict
from generator.content.loader import read_settings
from generator.content.portal import Portal
from generator.content.problems import Problem, Problems
from generator.content.yamlsource import value_line
from generator.i18n.catalogs import catalog_path
from generator.i18n.glossary import (
    GAP,
    GLOSSARY_FILE,
    Checker,
    Glossary,
    Term,
    load_term_base,
    normalise,
)
from generator.i18n.languages import BY_CODE, CODES, DEFAULT
from generator.i18n.localized import localized_fields
from generator.i18n.tool import tr

LINT_FILE = "lint.yml"
_SEARCH_AHEAD = 60
"""How many lines below a text's first line a finding is looked for (YAML may fold lines)."""

# Markdown and markup that is not prose: link targets, addresses, code, tags, attribute lists.
_NOT_PROSE = re.compile(
    r"\]\([^)]*\)|<[^>]*>|`[^`]*`|https?://\S+|\b[\w.+-]+@[\w-]+\.[\w.-]+|\{[:#.][^}]*\}"
)
_OPEN_BRACKETS = "(（"
_CLOSE_BRACKETS = ")）"
_NAME_REACH = 24
"""How close before its bracket (in characters, Lao vowels and tones counted) a term's rendering
must end for "rendering (Latin)"."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Codes = Annotated[list[Literal[*CODES]], BeforeValidator(_as_list), Field(min_length=1)]  # type: ignore[valid-type]


class Rule(Strict):
    """One rule of ``translations/lint.yml``."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    lang: Codes
    what: Annotated[str, Field(min_length=1)]
    fix: Annotated[str, Field(min_length=1)]
    severity: Literal["error", "warning"] = "error"
    pattern: str | None = None
    only_if: str | None = None
    replace: dict[str, str] | None = None
    allow_glossary_names: bool = False

    @field_validator("pattern", "only_if")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Rule:
        if (self.pattern is None) == (self.replace is None):
            raise ValueError("give either 'pattern' or 'replace'")
        return self

    @cached_property
    def _expression(self) -> re.Pattern[str]:
        if self.pattern is not None:
            return re.compile(self.pattern)
        words = sorted(self.replace or {}, key=len, reverse=True)
        return re.compile("|".join(re.escape(word) for word in words))

    def matches(self, line: str) -> Iterator[re.Match[str]]:
        """The places in one line of prose that break this rule."""
        required = re.compile(self.only_if) if self.only_if else None
        for match in self._expression.finditer(line):
            if match.group() and (required is None or required.search(match.group())):
                yield match

    def message(self, found: str) -> tuple[str, str]:
        """``what`` and ``fix`` for one finding."""
        use = (self.replace or {}).get(found, "")
        return self.what.format(found=found, use=use), self.fix.format(found=found, use=use)


class GlossaryRules(Strict):
    one_rendering: list[Literal[*CODES]] = []  # type: ignore[valid-type]
    """The languages in which a term is written only with the glossary's first rendering."""
    word_start: list[Literal[*CODES]] = []  # type: ignore[valid-type]
    """Languages with spaces between words, where a rendering begins a word (결의 정신 holds
    no 의정)."""


class LintRules(Strict):
    """``translations/lint.yml``."""

    glossary: GlossaryRules = GlossaryRules()
    rules: list[Rule]

    def for_language(self, code: str) -> list[Rule]:
        return [rule for rule in self.rules if code in rule.lang]


@dataclass(frozen=True)
class Text:
    """One translated text: where it starts, its language and what it says."""

    path: Path
    line: int
    lang: str
    text: str


# --- loading -------------------------------------------------------------------------------


def load_rules(path: Path, problems: Problems) -> LintRules | None:
    """Read ``path``; a malformed file is reported in ``problems`` (None returned).

    Args:
        path: ``translations/lint.yml``.
        problems: where to report what is wrong in it.

    Returns:
        The rules, or None when the file is missing or invalid.
    """
    if not path.is_file():
        problems.add(path, 1, tr("no lint rules here"), tr("create translations/lint.yml"))
        return None
    return read_settings(path, LintRules, problems)


# --- the texts -----------------------------------------------------------------------------


def content_texts(portal: Portal) -> Iterator[Text]:
    """Every translation in the content: pages' titles, descriptions and bodies, and each
    language's text of every six-language field of ``site.yml`` and of the items."""
    for versions in portal.pages.values():
        for code, page in versions.items():
            if code == DEFAULT:
                continue
            for field in ("title", "description"):
                value = getattr(page.meta, field)
                if value:
                    yield Text(page.path, page.located.line_of((field,)), code, value)
            yield Text(page.path, page.body_line, code, page.body)
    located_files = [portal.site_located, *(loaded.located for loaded in portal.all_items())]
    for located in located_files:
        for loc, texts in localized_fields(located.data):
            for code, text in texts.items():
                if code != DEFAULT:
                    yield Text(located.path, value_line(located, (*loc, code)), code, text)


@dataclass(frozen=True)
class CatalogString:
    """One interface string: its Vietnamese and its translation, with the translation's line."""

    text: Text
    vietnamese: str


def catalog_strings(translations: Path) -> Iterator[CatalogString]:
    """Every translated interface string of the catalogs, with the Vietnamese of its message."""
    vietnamese = {message.id: message.string for message in _read_catalog(translations, DEFAULT)}
    for code in CODES:
        if code == DEFAULT:
            continue
        path = catalog_path(translations, code)
        for message in _read_catalog(translations, code):
            if message.id and isinstance(message.string, str) and message.string:
                line = _msgstr_line(path, message.lineno)
                text = Text(path, line, code, message.string)
                yield CatalogString(text, vietnamese.get(message.id) or "")


def _read_catalog(translations: Path, code: str):
    path = catalog_path(translations, code)
    if not path.is_file():
        return []
    with path.open("rb") as handle:
        return list(read_po(handle, locale=BY_CODE[code].babel))


def _msgstr_line(path: Path, msgid_line: int) -> int:
    lines = _file_lines(path)
    for number in range(msgid_line, min(len(lines), msgid_line + _SEARCH_AHEAD) + 1):
        if lines[number - 1].startswith("msgstr"):
            return number
    return msgid_line


# --- checking ------------------------------------------------------------------------------


class Linter:
    """Applies the rules and the glossary to texts, adding findings to ``problems``."""

    def __init__(self, rules: LintRules, glossary: Glossary | None, problems: Problems):
        self.rules = rules
        self.glossary = glossary
        self.checker = Checker(glossary) if glossary is not None else None
        self.problems = problems

    def lint(self, text: Text) -> None:
        """Every rule of ``text``'s language, and the glossary's one rendering, line by line."""
        rules = self.rules.for_language(text.lang)
        one_rendering = text.lang in self.rules.glossary.one_rendering and self.glossary
        for offset, raw in enumerate(text.text.splitlines()):
            line = _prose(raw)
            if not line.strip():
                continue
            for rule in rules:
                for match in rule.matches(line):
                    if rule.allow_glossary_names and self._is_glossary_name(line, match, text):
                        continue
                    self._report(
                        text, offset, match.group(), *rule.message(match.group()), rule.severity
                    )
            if one_rendering:
                self._check_renderings(text, offset, line)

    def lint_catalog_string(self, string: CatalogString) -> None:
        """The rules, and the glossary's terms of the Vietnamese string in its translation."""
        self.lint(string.text)
        if self.checker is None or not string.vietnamese:
            return
        text = string.text
        for finding in self.checker.check(string.vietnamese, text.text, text.lang):
            official = finding.term.forms(text.lang)[0]
            self.problems.add(
                text.path,
                text.line,
                tr(
                    'the Vietnamese interface string has the glossary term "{term}", but this '
                    "translation lacks its rendering",
                    term=finding.found,
                ),
                tr(
                    'write "{rendering}", as {glossary} does',
                    rendering=official,
                    glossary=self._glossary_file(finding.term),
                ),
            )

    # --- the glossary ----------------------------------------------------------------------

    def _glossary_file(self, term: Term) -> str:
        """The glossary ``term`` comes from, as the editor finds it (``content/glossary.yml``
        for the province's own terms, ``translations/glossary.yml`` for the shared ones)."""
        return self.problems.relative(term._file) if term._file else GLOSSARY_FILE

    @cached_property
    def _renderings(self) -> dict[str, list[tuple[Term, str, re.Pattern[str]]]]:
        """Per language, every rendering of every term as matched in normalised text."""
        found: dict[str, list[tuple[Term, str, re.Pattern[str]]]] = {}
        for term in self.glossary.terms if self.glossary else []:
            for code in CODES:
                if code == DEFAULT:
                    continue
                for form in term.forms(code):
                    pattern = re.compile(re.escape(normalise(form, code)).replace("…", ".{0,60}?"))
                    found.setdefault(code, []).append((term, form, pattern))
        return found

    def _check_renderings(self, text: Text, offset: int, line: str) -> None:
        """Warn of each term written with another rendering than the glossary's first (where
        renderings overlap, the longest is the one written)."""
        normal, positions = _normalised(line, text.lang)
        word_start = text.lang in self.rules.glossary.word_start
        matches = [
            (match.start(), match.end(), term, form)
            for term, form, pattern in self._renderings.get(text.lang, [])
            for match in pattern.finditer(normal)
            if not word_start or _starts_word(line, positions[match.start()])
        ]
        matches.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: list[tuple[int, int]] = []
        for start, end, term, form in matches:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            official = term.forms(text.lang)[0]
            if not _same_rendering(form, official):
                self._report(
                    text,
                    offset,
                    line[positions[start] : positions[end - 1] + 1],
                    f'"{form}" renders the glossary term "{term.vi[0]}", whose preferred '
                    f'rendering is "{official}"',
                    f'write "{official}" (one rendering per term; {self._glossary_file(term)})',
                    "warning",
                )

    def _is_glossary_name(self, line: str, match: re.Match[str], text: Text) -> bool:
        """Whether ``match`` is the whole of a bracket right after a glossary term's rendering
        whose Vietnamese form it is: ``兴安（Hưng Yên）``."""
        before, after = line[: match.start()].rstrip(), line[match.end() :].lstrip()
        if not (before[-1:] in _OPEN_BRACKETS and after[:1] in _CLOSE_BRACKETS):
            return False
        name = normalise(match.group(), DEFAULT)
        preceding = normalise(before[:-1].rstrip()[-_NAME_REACH:], text.lang)
        for term in self.glossary.terms if self.glossary else []:
            if any(normalise(form, DEFAULT) == name for form in term.vi):
                if any(normalise(form, text.lang) in preceding for form in term.forms(text.lang)):
                    return True
        return False

    # --- reporting -------------------------------------------------------------------------

    def _report(
        self, text: Text, offset: int, found: str, what: str, fix: str, severity: str
    ) -> None:
        line = _line_of(text, offset, found)
        add = self.problems.add if severity == "error" else self.problems.warn
        add(text.path, line, what, fix)


def _normalised(line: str, code: str) -> tuple[str, list[int]]:
    """``line`` as the glossary compares it, and the position in ``line`` of each character."""
    kept = [(i, c) for i, c in enumerate(line) if normalise(c, code)]
    normal = normalise("".join(c for _, c in kept), code)
    if len(normal) != len(kept):  # a character that case-folds to two: no positions
        return normal, list(range(len(normal)))
    return normal, [i for i, _ in kept]


def _starts_word(line: str, position: int) -> bool:
    return position == 0 or not line[position - 1].isalnum()


def _same_rendering(form: str, official: str) -> bool:
    """Whether ``form`` is ``official`` with a gap for a few words (``…``): one rendering."""
    return form.replace(GAP, "") == official.replace(GAP, "")


def _prose(line: str) -> str:
    """One line with what is not prose blanked out (same length, so positions hold)."""
    return _NOT_PROSE.sub(lambda match: " " * len(match.group()), line)


def _line_of(text: Text, offset: int, found: str) -> int:
    """The file line of ``found``, on line ``offset`` of ``text``: exact for Markdown and block
    values; for YAML that folds lines, the first line below where ``found`` is written."""
    guess = text.line + offset
    lines = _file_lines(text.path)
    for number in range(guess, min(len(lines), guess + _SEARCH_AHEAD) + 1):
        if found in lines[number - 1]:
            return number
    return guess


@lru_cache(maxsize=256)
def _file_lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def lint_texts(
    texts: Iterable[Text],
    catalog: Iterable[CatalogString],
    rules: LintRules,
    glossary: Glossary | None,
    problems: Problems,
) -> None:
    """Apply ``rules`` and ``glossary`` to content ``texts`` and ``catalog`` strings."""
    linter = Linter(rules, glossary, problems)
    for text in texts:
        linter.lint(text)
    for string in catalog:
        linter.lint_catalog_string(string)


def lint_portal(portal: Portal, translations: Path, root: Path) -> list[Problem]:
    """Lint every translation of ``portal`` and the catalogs in ``translations``.

    Args:
        portal: the loaded content.
        translations: the folder of ``lint.yml``, ``glossary.yml`` (with the portal's own
            ``content/glossary.yml``; without either, the glossary's two rules are skipped)
            and the catalogs.
        root: the folder paths are shown relative to (the project's).

    Returns:
        Errors, then warnings, each sorted by file and line.
    """
    _file_lines.cache_clear()
    problems = Problems(root)
    rules = load_rules(translations / LINT_FILE, problems)
    glossary = load_term_base(translations / GLOSSARY_FILE, portal.root, problems)
    if rules is not None:
        lint_texts(content_texts(portal), catalog_strings(translations), rules, glossary, problems)
    return problems.errors + problems.warnings
