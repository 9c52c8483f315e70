"""Benchmark: build the shipped portal and a synthetic large one; report time and page weight.

Usage: .venv/bin/python benchmarks/bench_build.py [--items 300] [--out benchmarks/RESULTS.md]

The synthetic portal copies the shipped content and adds ``--items`` generated attractions and
news (six languages each), so the pages per language grow to several hundred.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = ["vi", "en", "zh", "ja", "ko", "lo"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def localized(text: str) -> str:
    return "{" + ", ".join(f'{c}: "{text} {c}"' for c in CODES) + "}"


def synthetic_items(content: Path, count: int) -> None:
    for i in range(count):
        (content / "data/attractions" / f"bench-{i:04d}.yml").write_text(
            f"title: {localized(f'Site {i}')}\nsample: true\nkind: temple\n"
            f"address: {localized('Hưng Yên')}\nsummary: {localized('A generated item ' * 8)}\n",
            encoding="utf-8",
        )
        (content / "data/news" / f"bench-{i:04d}.yml").write_text(
            f"title: {localized(f'News {i}')}\nsample: true\ndate: 2025-01-{i % 28 + 1:02d}\n"
            f"category: culture\nsummary: {localized('A generated news item ' * 6)}\n"
            f"body: {localized('Paragraph of generated text. ' * 30)}\n",
            encoding="utf-8",
        )


def build(project: Path, site: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--site-dir", str(site)],
        cwd=project,
        env=ENV,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return time.perf_counter() - started


def weigh(site: Path) -> dict[str, float]:
    pages = [p for p in site.rglob("index.html")]
    html = sum(p.stat().st_size for p in pages)
    search = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    home = site / "en" / "index.html"
    return {
        "pages": len(pages),
        "pages_per_language": len([p for p in (site / "en").rglob("index.html")]),
        "avg_page_kb": html / len(pages) / 1024,
        "home_kb": home.stat().st_size / 1024,
        "search_mb": search / 1e6,
        "site_mb": total / 1e6,
    }


def copy_project(to: Path) -> None:
    for name in ("content", "theme", "translations", "mkdocs.yml", "babel.cfg"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, to / name)
        else:
            shutil.copy(source, to / name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=250)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        shipped = tmp_path / "shipped"
        shipped.mkdir()
        copy_project(shipped)
        seconds = build(shipped, tmp_path / "site-shipped")
        rows.append(("shipped content", seconds, weigh(tmp_path / "site-shipped")))
        large = tmp_path / "large"
        large.mkdir()
        copy_project(large)
        synthetic_items(large / "content", args.items)
        seconds = build(large, tmp_path / "site-large")
        rows.append(
            (f"shipped + {2 * args.items} generated items", seconds, weigh(tmp_path / "site-large"))
        )
    lines = [
        "# Build benchmark",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "Command: `.venv/bin/python benchmarks/bench_build.py` "
        "(one cold build each, six languages,",
        "search index included).",
        "",
        "| portal | build s | pages (all languages) | pages per language | avg page KB "
        "| en home KB | search MB | site MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, seconds, w in rows:
        lines.append(
            f"| {name} | {seconds:.1f} | {w['pages']} | {w['pages_per_language']} | "
            f"{w['avg_page_kb']:.1f} | {w['home_kb']:.1f} | {w['search_mb']:.2f} "
            f"| {w['site_mb']:.1f} |"
        )
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
