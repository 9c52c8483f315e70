"""The report as one self-contained HTML page per language (inline CSS and SVG, no script), its
words from the ``report`` gettext catalog (``translations/<lang>/LC_MESSAGES/report.po``)."""

from __future__ import annotations

from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from generator.i18n.catalogs import Translator, catalog_path, load_translator
from generator.i18n.freshness import STATES
from generator.i18n.languages import AUTONYMS, BY_CODE, CODES, LANGUAGES_FILE
from generator.i18n.status import StatusReport
from generator.report.charts import coverage_chart, publications_chart
from generator.report.figures import DUE_SOON_DAYS, YearReport

DOMAIN = "report"
TEMPLATES = Path(__file__).parent / "templates"
TRANSLATIONS = LANGUAGES_FILE.parent


def report_languages() -> list[str]:
    """The languages the report's catalog is translated into (Vietnamese and English at least)."""
    return [code for code in CODES if catalog_path(TRANSLATIONS, code, DOMAIN).is_file()]


def render_report(report: YearReport, lang: str, province: str) -> str:
    """The HTML report in ``lang``, for ``province`` (its name in that language).

    Raises:
        ValueError: when a word of the template is missing from the language's catalog.
    """
    language = BY_CODE[lang]
    env, translator = _environment(lang)
    env.filters["month"] = lambda day: format_date(day, "LLL", locale=language.babel)
    env.filters["day"] = lambda day: format_date(day, "medium", locale=language.babel)
    env.filters["number"] = lambda value: format_decimal(value, locale=language.babel)
    publications = publications_chart(report)
    coverage = coverage_chart(report)
    html = env.get_template("report.html").render(
        report=report,
        province=province,
        lang=lang,
        tag=language.tag,
        codes=CODES,
        autonyms=AUTONYMS,
        states=STATES,
        due_soon_days=DUE_SOON_DAYS,
        publications=publications,
        coverage=coverage,
    )
    _refuse_missing_words(translator, lang)
    return html


def render_status(report: StatusReport, lang: str, generated: str) -> str:
    """The translation status (``portal i18n status --html``) as one page in ``lang`` (the
    tools' language), its words from the same catalog.

    Raises:
        ValueError: when a word of the template is missing from the language's catalog.
    """
    env, translator = _environment(lang)
    html = env.get_template("i18n-status.html").render(
        report=report,
        states=STATES,
        generated=generated,
        autonyms=AUTONYMS,
        tag=BY_CODE[lang].tag,
    )
    _refuse_missing_words(translator, lang)
    return html


def _environment(lang: str) -> tuple[Environment, Translator]:
    """The report templates' environment, with ``lang``'s words of the ``report`` catalog."""
    translator = load_translator(TRANSLATIONS, BY_CODE[lang], DOMAIN)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translator.gettext, translator.ngettext, newstyle=True
    )
    return env, translator


def _refuse_missing_words(translator: Translator, lang: str) -> None:
    if translator.missing:
        raise ValueError(
            f"{catalog_path(TRANSLATIONS, lang, DOMAIN)}: no translation of "
            + ", ".join(repr(m) for m in sorted(translator.missing))
            + " — add them to the catalog"
        )
