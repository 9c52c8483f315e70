"""Benchmark: the publications' PDFs, cold (an empty cache: all eighteen laid out) and warm
(the same content again: none laid out), on the shipped content.

Usage: .venv/bin/python benchmarks/bench_pdf.py [--runs 3] [--jobs N] [--out benchmarks/PDF.md]

Reported: wall time and processor time (this process and its children) of each run, the median
of ``--runs`` runs, the load average before, and each PDF's pages and size. Target (issue 14):
cold ≤ 20 s on 2 cores, warm 0 s. A benchmark, never a test: times depend on the machine and on
what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content.portal import load_portal  # noqa: E402
from generator.i18n.catalogs import load_translator  # noqa: E402
from generator.i18n.languages import LANGUAGES  # noqa: E402
from generator.publications.editions import prepare_publications  # noqa: E402
from generator.routes import build_routes  # noqa: E402

SITE_URL = "https://doingoai.hungyen.example/"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _run(content: Path, cache: Path, jobs: int | None, translators: dict):
    portal = load_portal(content)
    started, cpu = time.perf_counter(), _cpu()
    prints = prepare_publications(
        portal,
        build_routes(portal),
        translators,
        ROOT / "theme",
        cache,
        SITE_URL,
        dt.date.today(),
        jobs=jobs,
    )
    return time.perf_counter() - started, _cpu() - cpu, prints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "PDF.md"))
    args = parser.parse_args()
    load = os.getloadavg()
    cold, warm = [], []
    prints = None
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            # A copy of the content, so that edits made meanwhile do not count as changes.
            content = shutil.copytree(ROOT / "content", Path(folder) / "content")
            cache = Path(folder) / "cache"
            # The catalogs read once for both runs, for the same reason.
            translators = {
                lang.code: load_translator(ROOT / "translations", lang) for lang in LANGUAGES
            }
            seconds, cpu, prints = _run(content, cache, args.jobs, translators)
            cold.append((seconds, cpu, len(prints.rebuilt)))
            seconds, cpu, prints = _run(content, cache, args.jobs, translators)
            assert not prints.rebuilt, prints.rebuilt
            warm.append((seconds, cpu, None))
            sizes = [(Path(pdf.path).name, pdf.pages, pdf.size) for pdf in prints.files]
    lines = [
        "# PDF publications: cold and warm",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} by `benchmarks/bench_pdf.py` on "
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, load average "
        f"{load[0]:.2f} before the runs; {args.runs} runs, medians.",
        "",
        "| run | PDFs laid out | wall (s) | processor (s) | each run, wall (s) |",
        "| --- | --- | --- | --- | --- |",
        f"| cold | {cold[-1][2]} | {statistics.median(r[0] for r in cold):.1f} | "
        f"{statistics.median(r[1] for r in cold):.1f} | "
        + ", ".join(f"{r[0]:.1f}" for r in cold)
        + " |",
        f"| warm | 0 | {statistics.median(r[0] for r in warm):.2f} | "
        f"{statistics.median(r[1] for r in warm):.2f} | "
        + ", ".join(f"{r[0]:.2f}" for r in warm)
        + " |",
        "",
        "Target (issue 14): cold ≤ 20 s on 2 cores, warm 0 s (no PDF laid out; the warm time is",
        "selecting and rendering the HTML whose hash decides it).",
        "",
        "| PDF | pages | KiB |",
        "| --- | --- | --- |",
        *(f"| {name} | {pages} | {size // 1024} |" for name, pages, size in sizes),
        "",
    ]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
