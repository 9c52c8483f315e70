"""Benchmark: search relevance in six languages, measured in Chromium on a built site.

Usage: .venv/bin/python benchmarks/bench_search.py --label after [--site site] [--out SEARCH.md]

The queries and the pages that must come first are data (``benchmarks/search-queries.yml``).
Each query is typed into the search box of the language's home page, as a reader would; the
links the page then lists are the results. Per language it reports recall at 10, mean
reciprocal rank (MRR) and false positives (absent queries that return anything).
``tests/test_search_relevance.py`` asserts the thresholds with the same data and this same
:func:`measure`. Without ``--site`` the shipped portal is built into a temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from generator.i18n.languages import BY_CODE, CODES  # noqa: E402

from browser import browser_page, serve  # noqa: E402

QUERIES = ROOT / "benchmarks" / "search-queries.yml"
RESULT_LINKS = ".portal-search__results > ul > li > a"
SHOWN = 10


@dataclass
class Figures:
    """What one language's search did with the relevance set."""

    recall_at_10: float = 0.0
    mrr: float = 0.0
    false_positives: int = 0
    misses: list[str] = field(default_factory=list)  # present queries not ranked first
    found_absent: list[str] = field(default_factory=list)  # absent queries with results


def load_queries(path: Path = QUERIES) -> dict:
    """The relevance set: thresholds, then per language ``present`` and ``absent`` queries."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def measure(site: Path, queries: dict, codes: list[str] | None = None) -> dict[str, Figures]:
    """Type every query of ``queries`` into the search of ``site`` in Chromium; score it."""
    figures = {}
    with serve(site) as base, browser_page() as page:
        for code in codes or CODES:
            page.goto(f"{base}{BY_CODE[code].prefix}")
            figures[code] = _score(page, base, code, queries[code])
    return figures


def search(page, query: str) -> list[str]:
    """Type ``query`` into the page's search box; the result paths, from the site's root."""
    page.evaluate(
        """() => { const out = document.querySelector('.portal-search__results');
                   out.textContent = ''; out.hidden = true; }"""
    )
    page.fill("#portal-search-input", query)
    page.locator(".portal-search__results .portal-search__count").wait_for(timeout=20000)
    links = page.locator(RESULT_LINKS)
    origin = page.evaluate("location.origin") + "/"
    return [links.nth(i).evaluate("a => a.href").removeprefix(origin) for i in range(links.count())]


def _score(page, base: str, code: str, queries: dict) -> Figures:
    prefix = BY_CODE[code].prefix
    result = Figures()
    recalls, ranks = [], []
    for entry in queries["present"]:
        expected = {prefix + path for path in entry["first"]}
        found = search(page, entry["q"])[:SHOWN]
        recalls.append(len(expected & set(found)) / len(expected))
        rank = next((i + 1 for i, path in enumerate(found) if path in expected), None)
        ranks.append(1 / rank if rank else 0.0)
        if rank != 1:
            result.misses.append(f"{entry['q']} (rank {rank or '-'}, first: {found[:1]})")
    for query in queries["absent"]:
        found = search(page, query)
        if found:
            result.found_absent.append(f"{query} ({len(found)})")
    result.recall_at_10 = sum(recalls) / len(recalls)
    result.mrr = sum(ranks) / len(ranks)
    result.false_positives = len(result.found_absent)
    return result


def table(figures: dict[str, Figures], queries: dict) -> list[str]:
    """The Markdown table of one run, then what it got wrong."""
    lines = [
        "| language | present queries | recall@10 | MRR | absent queries | false positives |",
        "|---|---|---|---|---|---|",
    ]
    for code, f in figures.items():
        lines.append(
            f"| {code} | {len(queries[code]['present'])} | {f.recall_at_10:.2f} | {f.mrr:.2f} "
            f"| {len(queries[code]['absent'])} | {f.false_positives} |"
        )
    lines.append("")
    for code, f in figures.items():
        if f.misses or f.found_absent:
            lines.append(f"- **{code}** not first: {'; '.join(f.misses) or 'none'}")
            lines.append(f"  — absent but found: {'; '.join(f.found_absent) or 'none'}")
    return lines


def write_section(out: Path, label: str, lines: list[str]) -> None:
    """Replace (or add) the section ``## <label>`` of ``out``, keeping the other sections."""
    text = out.read_text(encoding="utf-8") if out.exists() else _HEADER
    sections = text.split("\n## ")
    head, rest = sections[0], sections[1:]
    rest = [s for s in rest if not s.startswith(f"{label}\n")]
    rest.append(f"{label}\n\n" + "\n".join(lines) + "\n")
    rest.sort(key=lambda s: s.split("\n", 1)[0] != "before")  # "before" first
    out.write_text("\n## ".join([head.rstrip("\n") + "\n", *rest]), encoding="utf-8")


_HEADER = """# Search benchmark

Command: `.venv/bin/python benchmarks/bench_search.py --label <name>` (Chromium on the shipped
portal; queries and expected pages in `benchmarks/search-queries.yml`). Recall@10: share of the
expected pages among the first ten results; MRR: mean of 1/rank of the first expected page (0 when
none is in the first ten); false positives: absent queries that return at least one page.
"""


def build_shipped(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(site)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True, help="section of the report, e.g. before")
    parser.add_argument("--site", help="a built site (default: build the shipped portal)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "SEARCH.md"))
    args = parser.parse_args()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(args.site) if args.site else Path(tmp) / "site"
        if not args.site:
            build_shipped(site)
        figures = measure(site, queries)
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Chromium via Playwright.",
        "",
        *table(figures, queries),
    ]
    write_section(Path(args.out), args.label, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
