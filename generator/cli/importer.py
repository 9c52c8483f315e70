"""``portal import plan FILE``: a plan or official letter as a draft plan item."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from generator.cli.common import content_folder, content_option, load_portal_or_exit
from generator.i18n.tool import tr


@click.group("import")
def import_() -> None:
    """Turn documents into draft content."""


@import_.command("plan")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the parsed plan as JSON instead.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Where to write.")
@content_option
@click.pass_context
def plan(ctx, file: Path, as_json: bool, out: Path | None, content_dir: str | None) -> None:
    """Read a .docx, .pdf (with a text layer) or .txt plan or letter and write a draft plan
    item (Vietnamese only; translate it before publishing). Never uses the network."""
    from generator.content.provenance import agency_names
    from generator.importer import draft, report
    from generator.importer.normalise import Registry
    from generator.importer.reading import UnreadableDocument, read_lines
    from generator.importer.structure import parse

    root = content_folder(ctx, content_dir)
    portal = load_portal_or_exit(root)
    registry = Registry(
        {slug: agency_names(loaded.model) for slug, loaded in portal.items["agencies"].items()}
    )
    try:
        lines = read_lines(file)
    except UnreadableDocument as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    parsed = parse(lines, registry, portal.site.province["vi"])
    if as_json:
        click.echo(json.dumps(report.as_json(parsed), ensure_ascii=False, indent=2))
        return
    target = out or root / "data" / "plans" / f"{draft.slug_for(parsed)}.yml"
    if target.exists():
        click.echo(tr("{path}: exists — choose another path with --out", path=target), err=True)
        sys.exit(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.to_yaml(draft.draft(parsed, registry)), encoding="utf-8")
    for line in report.as_text(parsed, str(file)):
        click.echo(line, err=True)
    click.echo(tr("wrote {path}", path=target))
