"""``portal i18n``: the interface catalogs (extract, update, compile) and the translation status of
content (status, stamp). Every folder comes from the plugin's options in ``mkdocs.yml``."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator.cli.common import (
    as_given,
    content_folder,
    content_option,
    load_content_or_exit,
    plugin_options,
    project_config,
)
from generator.cli.helptexts import add_help_texts
from generator.i18n.catalogs import DOMAIN, DOMAINS, Domain, catalog_path
from generator.i18n.freshness import TARGETS
from generator.i18n.languages import LANGUAGES
from generator.i18n.tool import DOMAIN as TOOL_DOMAIN
from generator.i18n.tool import SOURCE as TOOL_SOURCE
from generator.i18n.tool import tr


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


def _translations(ctx: click.Context) -> Path:
    """The plugin's ``translations_dir``, as the operator would type it."""
    return as_given(Path(plugin_options(project_config(ctx)).translations_dir))


def _template(ctx: click.Context, domain: Domain) -> Path:
    """The catalog template that ``extract`` writes: ``<translations_dir>/<domain>.pot``."""
    return _translations(ctx) / f"{domain.name}.pot"


def _domain_languages(domain: Domain) -> list:
    return [lang for lang in LANGUAGES if domain.languages is None or lang.code in domain.languages]


@click.group()
def i18n() -> None:
    """Manage the interface strings' gettext catalogs in the plugin's translations_dir."""


@i18n.command()
@click.pass_context
def extract(ctx: click.Context) -> None:
    """Extract every interface string from theme/ and generator/ into
    <translations_dir>/messages.pot, and, in the generator's own folder, the words of
    'portal report' and of the portal command into report.pot and portal.pot."""
    project = as_given(Path(project_config(ctx).config_file_path).parent)
    for domain in DOMAINS:
        config = project / domain.babel_config
        if domain.name != DOMAIN and not config.is_file():
            continue
        pot = _template(ctx, domain)
        pot.parent.mkdir(parents=True, exist_ok=True)
        keywords = [arg for keyword in domain.keywords for arg in ("-k", keyword)]
        _pybabel(
            "extract",
            "-F",
            str(config),
            *([] if domain.default_keywords else ["--no-default-keywords"]),
            *keywords,
            "-o",
            str(pot),
            "--no-location",
            "--sort-output",
            "--project",
            "doingoai",
            "--omit-header",
            "--ignore-dirs",
            ".* _* node_modules site",
            str(project / domain.sources),
        )
        if domain.name == TOOL_DOMAIN:
            add_help_texts(ctx.find_root().command, pot)  # docstrings: not read by pybabel
        click.echo(tr("wrote {path}", path=pot))


@i18n.command()
@click.pass_context
def update(ctx: click.Context) -> None:
    """Extract, then merge new strings into each language's catalog (creating missing ones)."""
    ctx.invoke(extract)
    for domain in DOMAINS:
        pot = _template(ctx, domain)
        if not pot.is_file():
            continue
        for lang in _domain_languages(domain):
            path = catalog_path(_translations(ctx), lang.code, domain.name)
            if path.exists():
                _pybabel(
                    "update",
                    "-D",
                    domain.name,
                    "-i",
                    str(pot),
                    "-o",
                    str(path),
                    "-l",
                    lang.babel,
                    "--no-fuzzy-matching",
                    "--ignore-obsolete",
                )
            else:
                _pybabel(
                    "init", "-D", domain.name, "-i", str(pot), "-o", str(path), "-l", lang.babel
                )
            if domain.name == TOOL_DOMAIN and lang.code == TOOL_SOURCE:
                _copy_source_messages(path)
            click.echo(tr("updated {path}", path=path))


def _copy_source_messages(path: Path) -> None:
    """Give each new message of the catalog in the messages' own language (English) its
    message as translation, so only the other languages' catalogs wait for a translator."""
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)


@i18n.command()
@click.option("--check", is_flag=True, help="Only report untranslated strings (exit 1 if any).")
@click.pass_context
def compile(ctx: click.Context, check: bool) -> None:  # noqa: A001 - the command's name
    """Compile catalogs to .mo (the build compiles in memory; this checks completeness): the
    readers' messages in every language, and the report's and the portal command's words where
    their catalogs are."""
    from babel.messages.pofile import read_po

    incomplete = 0
    for domain in DOMAINS:
        for lang in _domain_languages(domain):
            path = catalog_path(_translations(ctx), lang.code, domain.name)
            if domain.name != DOMAIN and not path.is_file():
                continue
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang.babel, domain=domain.name)
            missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
            for message in missing:
                click.echo(
                    tr("{path}: untranslated: {message!r}", path=path, message=message), err=True
                )
            incomplete += len(missing)
            if not check:
                _pybabel(
                    "compile",
                    "-D",
                    domain.name,
                    "-i",
                    str(path),
                    "-o",
                    str(path.with_suffix(".mo")),
                    "-l",
                    lang.babel,
                )
    click.echo(tr("{count} untranslated string(s)", count=incomplete))
    sys.exit(1 if incomplete else 0)


# --- translation status of content ---------------------------------------------------------


@i18n.command()
@content_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table for people, or JSON for dashboards.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False),
    help="Also write an HTML report with a coverage chart to this file.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Exit 1 when any language has less than PERCENT of its translations up to date.",
)
@click.pass_context
def status(
    ctx: click.Context,
    content_dir: str | None,
    output: str,
    html_file: str | None,
    fail_under: float | None,
) -> None:
    """How many pages and items are translated, missing, stale, unverified or machine-made,
    per language and section. Coverage counts the up-to-date translations by people."""
    from generator.i18n.freshness import portal_states
    from generator.i18n.status import report_as_json, report_as_text, summarise

    portal = load_content_or_exit(content_folder(ctx, content_dir))
    report = summarise(portal_states(portal))
    if output == "json":
        click.echo(json.dumps(report_as_json(report, Path.cwd()), ensure_ascii=False, indent=2))
    else:
        click.echo(report_as_text(report))
    if html_file:
        _write_html_report(report, Path(html_file))
        click.echo(tr("wrote {path}", path=html_file), err=True)
    if fail_under is not None:
        below = report.below(fail_under)
        for language in below:
            click.echo(
                tr(
                    "{lang}: coverage {coverage:.1f}% is below {minimum:g}%",
                    lang=language.lang,
                    coverage=language.counts.coverage,
                    minimum=fail_under,
                ),
                err=True,
            )
        sys.exit(1 if below else 0)


def _write_html_report(report, path: Path) -> None:
    from generator.i18n.tool import current_language
    from generator.report.render import render_status

    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    html = render_status(report, current_language(), generated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


@i18n.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--lang",
    "langs",
    multiple=True,
    type=click.Choice(TARGETS),
    help="Only this language (repeatable; default: every translation).",
)
@click.option(
    "--by",
    type=click.Choice(["human", "machine", "reviewed"]),
    help="How the translations were made (default: keep what is recorded, else human).",
)
def stamp(paths: tuple[str, ...], langs: tuple[str, ...], by: str | None) -> None:
    """Record that the translations under PATHS translate the current Vietnamese source.

    PATHS are translation files (about/history.en.md), Vietnamese pages (all their translations),
    item files (data/<kind>/<slug>.yml) or folders. Only the 'translation:' block is rewritten.
    """
    from generator.i18n.stamp import stamp as stamp_paths

    report = stamp_paths([Path(p) for p in paths], langs, by)
    for entry in report.stamped:
        values = {"path": entry.path, "lang": entry.lang, "source": entry.source, "by": entry.by}
        click.echo(
            tr("stamped: {path} [{lang}] source {source}, by {by}", **values)
            if entry.changed
            else tr("up to date: {path} [{lang}] source {source}, by {by}", **values)
        )
    for error in report.errors:
        click.echo(error, err=True)
    changed = len({e.path for e in report.stamped if e.changed})
    click.echo(
        tr(
            "{stamped} translation(s) stamped, {changed} file(s) changed, "
            "{errors} file(s) not stamped",
            stamped=len(report.stamped),
            changed=changed,
            errors=len(report.errors),
        )
    )
    sys.exit(1 if report.errors else 0)


# --- XLIFF round trips for translators -----------------------------------------------------


@i18n.command("export")
@content_option
@click.option("--lang", required=True, type=click.Choice(TARGETS), help="The target language.")
@click.option("--stale-only", is_flag=True, help="Only translations older than their source.")
@click.option(
    "--section",
    "sections",
    multiple=True,
    help="Only this section of pages or kind of item (repeatable; default: all).",
)
@click.option(
    "--version",
    "xliff_version",
    type=click.Choice(["2.0", "1.2"]),
    default="2.0",
    show_default=True,
    help="XLIFF 2.0, or 1.2 for CAT tools that need it.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="The file to write (default: translate-<lang>.xlf); the term base goes beside it "
    "as <name>.tbx.",
)
@click.pass_context
def export(
    ctx: click.Context,
    content_dir: str | None,
    lang: str,
    stale_only: bool,
    sections: tuple[str, ...],
    xliff_version: str,
    output: str | None,
) -> None:
    """Write the missing and stale texts of pages and items in LANG as an XLIFF file for a CAT
    tool, with the Vietnamese source, the current translation, context and glossary terms."""
    from generator.content.problems import Problems
    from generator.i18n.glossary import GLOSSARY_FILE, load_term_base
    from generator.i18n.segments import EXPORTED_STATES, documents
    from generator.i18n.xliff import write_tbx, write_xliff

    root = content_folder(ctx, content_dir)
    portal = load_content_or_exit(root)
    problems = Problems.of_content(portal.root)
    glossary = load_term_base(_translations(ctx) / GLOSSARY_FILE, portal.root, problems)
    states = ("stale",) if stale_only else EXPORTED_STATES
    chosen = documents(portal, lang, states, sections)
    path = Path(output or f"translate-{lang}.xlf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(write_xliff(chosen, lang, Path.cwd(), xliff_version, glossary))
    segments = sum(len(document.segments) for document in chosen)
    click.echo(
        tr(
            "wrote {path}: {documents} page(s) and item(s), {segments} segment(s)",
            path=path,
            documents=len(chosen),
            segments=segments,
        )
    )
    if glossary is not None:
        path.with_suffix(".tbx").write_bytes(write_tbx(glossary, lang))
        click.echo(
            tr(
                "wrote {path}: {terms} term(s)",
                path=path.with_suffix(".tbx"),
                terms=len(glossary.terms),
            )
        )


@i18n.command("import")
@content_option
@click.argument("xliff_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--by",
    type=click.Choice(["human", "machine"]),
    default="human",
    show_default=True,
    help="Who made the translations (recorded in each file written).",
)
@click.pass_context
def import_(ctx: click.Context, content_dir: str | None, xliff_file: str, by: str) -> None:
    """Write the translations of a returned XLIFF file into pages and items, and record which
    Vietnamese they translate. Refused whole if a source changed since the export or a
    translation's tags differ from its source's."""
    from generator.i18n.xliff import XliffError, read_xliff
    from generator.i18n.xliff_import import import_delivery

    path = Path(xliff_file)
    try:
        delivery = read_xliff(path.read_bytes(), path)
    except XliffError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    portal = load_content_or_exit(content_folder(ctx, content_dir))
    report = import_delivery(portal, delivery, path, by)
    for problem in report.refused:
        click.echo(problem, err=True)
    if report.refused and not report.written:
        click.echo(tr("{path}: refused, nothing was written", path=path), err=True)
        sys.exit(1)
    for written in report.written:
        click.echo(tr("wrote {path}", path=as_given(written.resolve())))
    for waiting in report.unfinished:
        click.echo(tr("left as it was: {path}", path=waiting))
    click.echo(
        tr(
            "{written} file(s) written, {unfinished} left unfinished",
            written=len(report.written),
            unfinished=len(report.unfinished),
        )
    )
    sys.exit(1 if report.refused else 0)


# --- translation lint ----------------------------------------------------------------------


@i18n.command()
@content_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too (make test does).")
@click.pass_context
def lint(ctx: click.Context, content_dir: str | None, strict: bool) -> None:
    """Check every translation (pages, items, site.yml, interface catalogs) against the rules
    of <translations_dir>/lint.yml and the glossary: register, script, words to avoid,
    Vietnamese left in Latin script, one rendering per term, catalogs using the glossary's
    terms. Prints path:line: what — how to fix; exit 1 on errors."""
    from generator.cli.common import report_problems
    from generator.i18n.lint import lint_portal

    root = content_folder(ctx, content_dir)
    portal = load_content_or_exit(root)
    found = lint_portal(portal, _translations(ctx), Path.cwd())
    report_problems(found)
    failing = [p for p in found if strict or p.severity == "error"]
    sys.exit(1 if failing else 0)
