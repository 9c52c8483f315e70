"""``portal report``: the yearly report of the foreign-information work, as HTML and JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from generator.cli.common import content_folder, content_option, load_content_or_exit
from generator.i18n.tool import tr


@click.command()
@content_option
@click.option("--year", type=int, help="The year reported [default: this year].")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The day deadlines are judged on, YYYY-MM-DD [default: today, or 31 December of a past "
    "--year].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="report",
    show_default=True,
    help="The folder that receives report-<year>.json and report-<year>.<lang>.html.",
)
@click.pass_context
def report(
    ctx: click.Context,
    content_dir: str | None,
    year: int | None,
    today: dt.datetime | None,
    out_dir: str,
) -> None:
    """Write the yearly report: publications per month, language and section; translation
    coverage over the year; plan tasks per addressee, due within 90 days and overdue."""
    from generator.content.fields import PROVINCE_TIME
    from generator.gitdates import added_dates
    from generator.report.figures import months_of, report_as_json, year_report
    from generator.report.history import coverage_history
    from generator.report.render import render_report, report_languages

    root = content_folder(ctx, content_dir)
    portal = load_content_or_exit(root)
    now = dt.datetime.now(PROVINCE_TIME).date()
    year = year or now.year
    day = today.date() if today else min(now, dt.date(year, 12, 31))
    history = coverage_history(root, months_of(year), day)
    figures = year_report(portal, year, day, added_dates(root), history)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = report_as_json(figures)
    json_path = out / f"report-{year}.json"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written = [json_path]
    for lang in report_languages():
        html_path = out / f"report-{year}.{lang}.html"
        html_path.write_text(
            render_report(figures, lang, portal.site.province[lang]), encoding="utf-8"
        )
        written.append(html_path)
    for path in written:
        click.echo(tr("wrote {path}", path=path))
