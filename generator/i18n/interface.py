"""The interface strings a build asks the catalogs for, found without building.

A build records every string a template or the generator asks a catalog for and does not find
(:class:`generator.i18n.catalogs.Translator`), and the strict build fails naming them once a
language is rendered. ``portal check`` finds the same strings before anything is rendered: it
extracts them as ``portal i18n extract`` does, with the rules of the generator's ``babel.cfg``
(the readers' domain), from the templates of the plugin's ``theme_dir`` and from the generator's
code, and looks each one up in every language's catalog.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg

from generator.content.problems import Problem, Problems
from generator.i18n.catalogs import DOMAIN, DOMAINS, catalog_path, load_translator
from generator.i18n.languages import LANGUAGES
from generator.i18n.tool import tr
from generator.newportal import GENERATOR_HOME

THEME = "theme"
"""The first folder of ``babel.cfg``'s template patterns, read in the plugin's ``theme_dir``."""


def used_strings(theme_dir: Path) -> dict[str, tuple[Path, int]]:
    """Every interface string of the readers' catalog that the templates and the generator mark.

    Args:
        theme_dir: the templates the build renders (the plugin's ``theme_dir``).

    Returns:
        Each string (the singular of a plural) with the file and line where it is first marked.
    """
    (domain,) = [d for d in DOMAINS if d.name == DOMAIN]
    with open(GENERATOR_HOME / domain.babel_config, encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(list(domain.keywords))}
    found: dict[str, tuple[Path, int]] = {}
    for pattern, method in method_map:
        top, rest = pattern.split("/", 1)
        folder = theme_dir if top == THEME else GENERATOR_HOME / top
        extracted = extract_from_dir(
            str(folder),
            [(rest, method)],
            {rest: options_map.get(pattern, {})},
            keywords=keywords,
        )
        for filename, line, message, _comments, _context in extracted:
            text = message if isinstance(message, str) else message[0]
            if text:
                found.setdefault(text, (folder / filename, line))
    return found


def missing_strings(theme_dir: Path, translations_dir: Path, project_dir: Path) -> list[Problem]:
    """The interface strings that some language's catalog lacks (or leaves untranslated or
    fuzzy): the strict build fails on each once it renders that language.

    Args:
        theme_dir: the plugin's ``theme_dir``.
        translations_dir: the plugin's ``translations_dir``.
        project_dir: the folder paths are shown relative to.

    Returns:
        One error per language and string, at the place the string is marked.
    """
    problems = Problems(project_dir)
    used = used_strings(theme_dir)
    for lang in LANGUAGES:
        catalog = catalog_path(translations_dir, lang.code)
        if not catalog.is_file():
            problems.add(
                catalog,
                1,
                tr("the interface catalog of {language} is missing", language=lang.code),
                tr("run 'portal i18n update' and translate it"),
            )
            continue
        known = load_translator(translations_dir, lang).known
        for message in sorted(set(used) - known):
            where, line = used[message]
            problems.add(
                where,
                line,
                tr(
                    "interface string {message!r} has no {language} translation in {catalog}",
                    message=message,
                    language=lang.code,
                    catalog=problems.relative(catalog),
                ),
                tr("run 'portal i18n update' and translate it"),
            )
    return problems.errors
