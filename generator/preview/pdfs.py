"""The publications' PDFs behind the preview.

A save's pages are rendered with the PDFs as the cache last recorded them (pages and sizes
possibly of an older edition). Then the PDFs the save changed are laid out by WeasyPrint in a
process of its own (``python -m generator.preview.pdfs SPEC``, started by the engine at a lower
priority), each written under a temporary name and renamed into the cache; once it is done, the
engine puts them into the served site, again by a rename, and renders once more the pages that
list them. No request waits for it, and no PDF is ever served half-written.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from generator.content.portal import Portal
from generator.publications.editions import (
    LayoutJob,
    PrintPlan,
    PrintSet,
    lay_out,
    place_pdf,
)
from generator.routes import Route


def write_spec(plan: PrintPlan, spec: Path) -> None:
    """What the layout process is to do: ``plan``'s jobs, written to ``spec``."""
    spec.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "cache_dir": str(plan.cache_dir),
        "base_dir": str(plan.base_dir),
        "allowed": [str(folder) for folder in plan.allowed],
        "jobs": [asdict(job) for job in plan.jobs],
    }
    spec.write_text(json.dumps(data), encoding="utf-8")


def lay_out_spec(spec: Path) -> None:
    """Lay out the PDFs ``spec`` names into their cache, one at a time (the other core is the
    preview's)."""
    data = json.loads(spec.read_text(encoding="utf-8"))
    jobs = [LayoutJob(**job) for job in data["jobs"]]
    allowed = tuple(Path(folder) for folder in data["allowed"])
    lay_out(jobs, Path(data["base_dir"]), allowed, Path(data["cache_dir"]), jobs=1)


def remove_partial_files(cache_dir: Path, pid: int) -> None:
    """The temporary files of a layout process stopped midway."""
    for partial in cache_dir.glob(f".*.{pid}.tmp"):
        partial.unlink(missing_ok=True)


def place_pdfs(prints: PrintSet, names: set[str], site: Path) -> int:
    """Put the cache's PDFs named ``names`` into the served ``site``, each by a rename."""
    placed = 0
    for pdf in prints.files:
        if Path(pdf.path).name in names:
            place_pdf(prints.cached(pdf), site / pdf.path)
            placed += 1
    return placed


def changed_listings(before: PrintSet, after: PrintSet) -> set[str]:
    """The publications (slugs) whose listed PDFs differ: a size, a page count, a new PDF."""

    def facts(prints: PrintSet) -> set[tuple]:
        return {(pdf.publication, pdf.path, pdf.size, pdf.pages) for pdf in prints.files}

    return {entry[0] for entry in facts(before) ^ facts(after)}


def pages_listing(portal: Portal, routes: dict[str, Route], slugs: set[str]) -> set[str]:
    """The route keys of the pages that list the PDFs of ``slugs``: each publication's own page,
    and every page of the list of publications (``printed_editions`` in the theme)."""
    if not slugs:
        return set()
    listing = portal.listing_pages.get("publications")
    keys = set()
    for key, route in routes.items():
        item = route.item
        if item is not None and item.type == "publications" and item.slug in slugs:
            keys.add(key)
        elif listing is not None and (key == listing or route.listing == listing):
            keys.add(key)
    return keys


if __name__ == "__main__":
    lay_out_spec(Path(sys.argv[1]))
