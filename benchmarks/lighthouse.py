"""Benchmark: Lighthouse on a phone, on the home page and one page of each section, six languages.

Usage: .venv/bin/python benchmarks/lighthouse.py [--site site] [--runs 3] [--out LIGHTHOUSE.md]
       (or bash benchmarks/lighthouse.sh)

The built site is served by Debian's nginx with the portal's own server block
(``deploy/nginx/doingoai.conf.j2``: precompressed files, cache headers, CSP), as readers get it.
Each page is measured ``--runs`` times by npm's ``lighthouse`` (``package.json``) in Debian's
Chromium with Lighthouse's default mobile settings (Moto G Power, simulated slow 4G, 4× CPU
slowdown); the table shows the run of median performance score. The sections are the menu of
``content/site.yml``. The machine is shared: the load average is recorded with every page, since
performance scores fall when other work competes for the CPU. ``tests/test_lighthouse.py`` asserts
the scores that do not depend on load (accessibility, best practices, SEO) with
:func:`lighthouse`. Without ``--site`` the shipped portal is built into a temporary folder first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from generator.i18n.languages import LANGUAGES  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
NOTES = "## Notes"  # the hand-written part of LIGHTHOUSE.md, kept when the table is written again


@dataclass(frozen=True)
class Report:
    """The figures of one Lighthouse run."""

    scores: dict[str, int]
    transfer_kib: float
    fcp_s: float
    lcp_s: float
    tbt_ms: float
    cls: float
    failed: dict[str, list[str]]  # category → ids of its audits that did not pass


def lighthouse(url: str, categories: tuple[str, ...] = CATEGORIES) -> Report:
    """One mobile Lighthouse run of ``url`` (Lighthouse's defaults: a phone, slow 4G)."""
    with tempfile.TemporaryDirectory(prefix="doingoai-lighthouse-") as folder:
        out = Path(folder) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                f"--chrome-flags={CHROME_FLAGS}",
                f"--only-categories={','.join(categories)}",
                "--output=json",
                f"--output-path={out}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=300,
        )
        data = json.loads(out.read_text(encoding="utf-8"))
    audits = data["audits"]

    def value(audit: str) -> float:
        return float(audits.get(audit, {}).get("numericValue") or 0.0)

    failed = {
        name: [
            ref["id"]
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and (audits[ref["id"]].get("score") or 0) < 1
        ]
        for name, category in data["categories"].items()
    }
    return Report(
        scores={name: round(c["score"] * 100) for name, c in data["categories"].items()},
        transfer_kib=value("total-byte-weight") / 1024,
        fcp_s=value("first-contentful-paint") / 1000,
        lcp_s=value("largest-contentful-paint") / 1000,
        tbt_ms=value("total-blocking-time"),
        cls=value("cumulative-layout-shift"),
        failed=failed,
    )


def pages_to_measure(content_dir: Path = ROOT / "content") -> list[str]:
    """The home page and the page of each menu entry, as paths under a language's prefix."""
    site = yaml.safe_load((content_dir / "site.yml").read_text(encoding="utf-8"))
    sections = [entry["path"].removesuffix("index") for entry in site["menu"]]
    return ["", *sections]


def median_run(reports: list[Report]) -> Report:
    """The run whose performance score is the median one."""
    ordered = sorted(reports, key=lambda r: r.scores.get("performance", 0))
    return ordered[len(ordered) // 2]


Row = tuple[str, Report, float, bool]  # page, median run, load average, whether a home page


def measure(base: str, runs: int) -> list[Row]:
    """A row for every page of every language."""
    rows = []
    for lang in LANGUAGES:
        for page in pages_to_measure():
            url = f"{base}{lang.prefix}{page}"
            loads, reports = [], []
            for _ in range(runs):
                loads.append(os.getloadavg()[0])
                reports.append(lighthouse(url))
            best = median_run(reports)
            rows.append(("/" + lang.prefix + page, best, statistics.mean(loads), page == ""))
            print(
                f"{lang.code} /{lang.prefix}{page}: {best.scores} "
                f"{best.transfer_kib:.0f} KiB, load {statistics.mean(loads):.1f}",
                flush=True,
            )
    return rows


def write_table(rows: list[Row], runs: int, out: Path) -> None:
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    lines = [
        "# Lighthouse on a phone: the home page and one page of each section, six languages",
        "",
        f"Measured {dt.date.today().isoformat()} by `benchmarks/lighthouse.sh` (lighthouse "
        f"{version}, Debian Chromium, mobile defaults: simulated slow 4G, 4× CPU slowdown), "
        f"{runs} runs per page, the run of median performance shown; served by nginx with the "
        f"portal's server block (gzip, cache headers, CSP); {platform.machine()}, "
        f"{os.cpu_count()} cores shared with other work (load: the 1-minute load average "
        "during the page's runs).",
        "",
        "| page | perf. | a11y | best pr. | SEO | transferred | FCP | LCP | TBT | CLS | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for page, r, load, _ in rows:
        s = r.scores
        lines.append(
            f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
            f"| {s['seo']} | {r.transfer_kib:.0f} KiB | {r.fcp_s:.1f} s | {r.lcp_s:.1f} s "
            f"| {r.tbt_ms:.0f} ms | {r.cls:.3f} | {load:.1f} |"
        )
    perf = [r.scores["performance"] for _, r, _, _ in rows]
    homes = [r.transfer_kib for _, r, _, home in rows if home]
    others = {
        k: min(r.scores[k] for _, r, _, _ in rows)
        for k in ("accessibility", "best-practices", "seo")
    }
    lines += [
        "",
        f"Performance: lowest {min(perf)}, median {statistics.median(perf):g} over "
        f"{len(rows)} pages. Accessibility, best practices, SEO: lowest "
        f"{others['accessibility']}, {others['best-practices']}, {others['seo']}. "
        f"Home pages: {min(homes):.0f}–{max(homes):.0f} KiB transferred.",
    ]
    notes = out.read_text(encoding="utf-8").partition(NOTES)[2] if out.exists() else ""
    if notes:
        lines += ["", NOTES + notes.rstrip("\n")]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "LIGHTHOUSE.md")
    args = parser.parse_args()
    from test_nginx import running_nginx

    with tempfile.TemporaryDirectory(prefix="doingoai-lighthouse-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            subprocess.run(
                [str(Path(sys.executable).parent / "portal"), "build", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
            )
        with running_nginx(Path(work) / "nginx", site.resolve()) as servers:
            rows = measure(servers.plain, args.runs)
    write_table(rows, args.runs, args.out)
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
