"""Benchmark: ``portal check --changed`` after editing one page of the demo portal, against the
full ``portal check``.

Usage: .venv/bin/python benchmarks/bench_check_changed.py [--runs 7] [--out benchmarks/CHECK.md]

A copy of the shipped project (content, theme, translations, mkdocs.yml) becomes a git
repository with one commit; one paragraph is added to ``content/tourism/index.vi.md`` (what an
editor does before ``git commit``, when the pre-commit hook runs). Each command runs ``--runs``
times as a fresh process, as the hook does; reported: the median and the slowest wall time, and
the median processor time (user + system, which the machine's other load affects less). A last
run adds a broken link to the edited page and checks that ``--changed`` fails naming it.

A benchmark, never a test: times depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("content", "theme", "translations", "mkdocs.yml")
EDITED = "content/tourism/index.vi.md"
PORTAL = [sys.executable, "-m", "generator.cli"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGET_SECONDS = 2.0


def make_repository(folder: Path) -> None:
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, folder / name)
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    for args in (["init", "-q", "."], ["add", "-A"], ["commit", "-q", "-m", "demo"]):
        subprocess.run([*git, *args], cwd=folder, check=True)


def append(folder: Path, text: str) -> None:
    path = folder / EDITED
    path.write_text(path.read_text("utf-8") + f"\n{text}\n", "utf-8")


def timed(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Wall and processor seconds of one run of ``portal *args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([*PORTAL, *args], cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result


def measure(args: list[str], cwd: Path, runs: int) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu, result = timed(args, cwd)
        if result.returncode != 0:
            raise SystemExit(f"portal {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        walls.append(wall)
        cpus.append(cpu)
    return {
        "median": statistics.median(walls),
        "slowest": max(walls),
        "cpu": statistics.median(cpus),
    }


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{platform.machine()}, {cpu}, {len(os.sched_getaffinity(0))} cores usable, "
        f"Python {platform.python_version()}, load average at the end {load}"
    )


def report(changed: dict[str, float], full: dict[str, float], found: bool, runs: int) -> str:
    verdict = "under" if changed["median"] < TARGET_SECONDS else "OVER"
    return "\n".join(
        [
            f"## portal check --changed ({dt.date.today().isoformat()})",
            "",
            f"One paragraph added to `{EDITED}` of the demo portal; each command run {runs} "
            "times as a fresh process.",
            "",
            "| command | median wall s | slowest wall s | median processor s |",
            "|---|---|---|---|",
            f"| `portal check --changed` | {changed['median']:.2f} | {changed['slowest']:.2f} "
            f"| {changed['cpu']:.2f} |",
            f"| `portal check` (everything) | {full['median']:.2f} | {full['slowest']:.2f} "
            f"| {full['cpu']:.2f} |",
            "",
            f"Target: under {TARGET_SECONDS:.0f} s — {verdict} "
            f"({changed['median']:.2f} s median). A broken link added to the edited page: "
            f"{'found' if found else 'NOT FOUND'} by `--changed`.",
            "",
            f"Machine: {machine()}.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", type=Path, help="write the report to this Markdown file")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        folder = Path(tmp)
        make_repository(folder)
        timed(["check"], folder)  # the images' variants cache, as on an editor's machine
        append(folder, "Một đoạn mới về du lịch Hưng Yên.")
        changed = measure(["check", "--changed"], folder, options.runs)
        full = measure(["check"], folder, options.runs)
        append(folder, "[Bến xe](../nowhere/index.md)")
        _, _, broken = timed(["check", "--changed"], folder)
        found = broken.returncode == 1 and f"{EDITED}:" in broken.stderr
    text = report(changed, full, found, options.runs)
    print(text)
    if options.out:
        options.out.write_text(
            "# `portal check --changed`: figures\n\n"
            "Written by `benchmarks/bench_check_changed.py`; see its docstring for the method.\n\n"
            + text,
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
