"""Benchmark: ``portal build`` against the plain stock stack, on the same synthetic pages.

Usage: .venv/bin/python benchmarks/bench_compare.py [--sizes 100 300 1000] [--jobs N]
       [--no-stock] [--no-preview] [--out benchmarks/RESULTS.md]
       .venv/bin/python benchmarks/bench_compare.py --preview-only   (prints the preview's table)

For each N, a copy of the shipped portal gets N generated pages per language in our content
format: half free-text pages (``content/about/bench-XXXX.<lang>.md``), half items
(``content/data/attractions/bench-XXXX.yml``), each with real text of its language taken from
the shipped content, a table and a photograph. The stock stack (mkdocs 1.6.1, mkdocs-material
9.8.1, mkdocs-static-i18n 1.3.1 and the search plugin, in its own virtual environment under
``.cache/bench-stock``, made here with pip) builds the same generated pages plus the shipped
Markdown pages, in the same six languages (Lao with Material's English interface: Material has
no Lao). The compared builds are cold: a fresh folder, no cache of ours (the build cache and the
photographs' variants are removed; the stock stack has no cache), on a settled disk (nothing
removed while a build is timed; a minute's rest before each cold build: ``settle_disk``).
Then ours twice more with the cache the cold build left (``.cache/doingoai/``), reported
apart: nothing changed, and one generated page edited in every language. Reported: ms per
page (build time / HTML pages written), their ratio, the marginal ms per added page between the
smallest and largest N, peak memory of the process tree (the pages forked processes share
counted once), median and 95th-percentile page HTML, output size. Then the live preview:
``portal serve`` on the demo portal, a saved edit (Markdown page, YAML item, template) → the
served HTML changed.

A benchmark, never a test: times depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STOCK_ENV = ROOT / ".cache" / "bench-stock"
STOCK_PACKAGES = ["mkdocs==1.6.1", "mkdocs-material==9.8.1", "mkdocs-static-i18n==1.3.1"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PHOTO = "media/share-hung-yen.jpg"
LINK = re.compile(
    r"\[([^\]]*)\]\([^)]*\)"
)  # a link's text stays; its target was relative to its file
PROJECT_FILES = ("content", "theme", "translations", "mkdocs.yml", "babel.cfg")


def languages() -> list[dict]:
    with open(ROOT / "translations" / "languages.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


CODES = [language["code"] for language in languages()]


# --- the synthetic pages -------------------------------------------------------------------


def paragraphs_per_language() -> dict[str, list[str]]:
    """Real text in each language: the paragraphs of the shipped items' bodies."""
    texts: dict[str, list[str]] = {code: [] for code in CODES}
    for path in sorted((ROOT / "content" / "data").glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        body = data.get("body") if isinstance(data, dict) else None
        if not isinstance(body, dict):
            continue
        for code in CODES:
            for paragraph in str(body.get(code, "")).split("\n\n"):
                if len(paragraph.strip()) > 80 and not paragraph.lstrip().startswith(("#", "-")):
                    texts[code].append(LINK.sub(r"\1", " ".join(paragraph.split())))
    return texts


def page_text(texts: list[str], index: int, photo: str) -> str:
    """Three paragraphs, a table and a photograph."""
    picked = [texts[(index * 3 + k) % len(texts)] for k in range(3)]
    table = "| # | A | B |\n|---|---|---|\n" + "".join(
        f"| {row} | {picked[row % 3][:24]} | {1000 * (index + row)} |\n" for row in range(1, 5)
    )
    return f"{picked[0]}\n\n{table}\n![{picked[1][:40]}]({photo})\n\n{picked[1]}\n\n{picked[2]}\n"


@dataclass
class Synthetic:
    pages: int
    items: int


def split(per_language: int) -> Synthetic:
    pages = per_language // 2
    return Synthetic(pages=pages, items=per_language - pages)


def write_portal_pages(content: Path, size: Synthetic, texts: dict[str, list[str]]) -> None:
    """The generated pages and items in our content format."""
    today = dt.date(2026, 1, 1).isoformat()
    for i in range(size.pages):
        for code in CODES:
            front = {
                "title": f"{texts[code][i % len(texts[code])][:40]} {i}",
                "description": texts[code][(i + 1) % len(texts[code])][:120],
                "updated": today,
                "sources": [{"title": "Benchmark", "publisher": "doingoai"}],
            }
            if code != CODES[0]:
                front["translation"] = {"by": "human"}
            text = page_text(texts[code], i, f"../{PHOTO}")
            (content / "about" / f"bench-{i:04d}.{code}.md").write_text(
                "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + text,
                encoding="utf-8",
            )
    for i in range(size.items):
        item = {
            "title": {code: f"{texts[code][i % len(texts[code])][:40]} {i}" for code in CODES},
            "sample": True,
            "kind": "temple",
            "address": {code: texts[code][(i + 2) % len(texts[code])][:60] for code in CODES},
            "summary": {code: texts[code][(i + 1) % len(texts[code])][:160] for code in CODES},
            "body": {code: page_text(texts[code], i + 7, "") for code in CODES},
            "images": [{"src": PHOTO, "alt": {code: f"{i}" for code in CODES}}],
            "translation": {code: {"by": "human"} for code in CODES[1:]},
        }
        for code in CODES:  # items' bodies take their photograph from ``images``
            item["body"][code] = item["body"][code].replace("![", "[").replace("]()", "]")
        (content / "data" / "attractions" / f"bench-{i:04d}.yml").write_text(
            yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def stock_markdown(source: Path) -> str:
    """A shipped page as the stock stack takes it: its title as a heading, no front matter
    (ours names templates and blocks that only our theme has)."""
    text = source.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return text
    _, front, body = text.split("---", 2)
    title = (yaml.safe_load(front) or {}).get("title", "")
    return f"# {title}\n{body}"


def write_stock_project(folder: Path, size: Synthetic, texts: dict[str, list[str]]) -> None:
    """The same generated pages (items as Markdown pages) plus the shipped Markdown pages."""
    docs = folder / "docs"
    for source in (ROOT / "content").rglob("*.md"):
        relative = source.relative_to(ROOT / "content")
        if relative.parts[0] in ("data", "README.md"):
            continue
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(stock_markdown(source), encoding="utf-8")
    (docs / "media").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / PHOTO, docs / PHOTO)
    for i in range(size.pages):
        for code in CODES:
            title = f"{texts[code][i % len(texts[code])][:40]} {i}"
            text = page_text(texts[code], i, f"../{PHOTO}")
            (docs / "about" / f"bench-{i:04d}.{code}.md").write_text(
                f"# {title}\n\n{text}", encoding="utf-8"
            )
    (docs / "attractions").mkdir(exist_ok=True)
    for i in range(size.items):
        for code in CODES:
            title = f"{texts[code][i % len(texts[code])][:40]} {i}"
            summary = texts[code][(i + 1) % len(texts[code])][:160]
            text = page_text(texts[code], i + 7, f"../{PHOTO}")
            (docs / "attractions" / f"bench-{i:04d}.{code}.md").write_text(
                f"# {title}\n\n{summary}\n\n{text}", encoding="utf-8"
            )
    names = {language["code"]: language["autonym"] for language in languages()}
    config = {
        "site_name": "Benchmark",
        "site_url": "https://bench.example/",
        "theme": {"name": "material", "language": CODES[0]},
        "plugins": [
            "search",
            {
                "i18n": {
                    "docs_structure": "suffix",
                    "languages": [
                        {
                            "locale": code,
                            "name": names[code],
                            "default": code == CODES[0],
                            "build": True,
                            # Material has no Lao interface: the build stops without this.
                            **({"theme": {"language": "en"}} if code == "lo" else {}),
                        }
                        for code in CODES
                    ],
                }
            },
        ],
    }
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")


def ensure_stock_env() -> Path:
    """The stock stack in its own virtual environment (made once, with pip)."""
    mkdocs = STOCK_ENV / "bin" / "mkdocs"
    if not mkdocs.exists():
        subprocess.run([sys.executable, "-m", "venv", str(STOCK_ENV)], check=True)
        pip = [str(STOCK_ENV / "bin" / "pip"), "install", "-q", *STOCK_PACKAGES]
        subprocess.run(pip, check=True)
    return mkdocs


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    phases: dict[str, float]
    load: float
    """The machine's load average (1 minute) when the build started."""
    cpu_seconds: float
    peak_mb: float
    pages: int
    median_kb: float
    p95_kb: float
    site_mb: float

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.seconds / self.pages

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu_seconds / self.pages


def tree_memory(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, in bytes: the sum of their proportional set
    sizes (``Pss`` in ``/proc/<pid>/smaps_rollup``), so that the pages forked processes share
    with their parent count once, not once per process as resident sizes would."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _proportional_size(current)
        todo.extend(children.get(current, []))
    return total


def _proportional_size(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0  # ended meanwhile
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    return 0


PHASES = (
    # (phase, the first line of portal build's output after it)
    ("start, content, images, PDFs", "building "),
    ("languages", "images:"),
    ("images, sitemap, open data, search index, .gz", "checked links"),
    ("gate, swap", None),
)
"""Where ``portal build`` spends its time, cut at the lines it prints."""


def phases_of(marks: list[tuple[float, str]], seconds: float) -> dict[str, float]:
    """Seconds of each of :data:`PHASES`, from the times the build printed its lines."""
    found, start = {}, 0.0
    for name, ends_at in PHASES:
        end = next(
            (t for t, line in marks if ends_at and line.strip().startswith(ends_at)), seconds
        )
        found[name] = max(0.0, end - start)
        start = end
    return found


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, dict[str, float], float]:
    """Run ``command``; return its seconds, the processor seconds of it and its descendants
    (user + system: what the build costs whatever else the machine runs), the peak memory
    of its process tree in MB, the seconds of each of :data:`PHASES` and the load average
    when it started."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    output: list[str] = []
    marks: list[tuple[float, str]] = []

    def read() -> None:
        for line in process.stdout:
            marks.append((time.perf_counter() - started, line))
            output.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, tree_memory(process.pid))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{''.join(output)[-4000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, peak / 1e6, phases_of(marks, seconds), load


def weigh(
    site: Path,
    seconds: float,
    cpu_seconds: float,
    peak_mb: float,
    phases: dict[str, float],
    load: float,
) -> Run:
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html"]
    sizes = sorted(p.stat().st_size for p in pages)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return Run(
        seconds=seconds,
        phases=phases,
        load=load,
        cpu_seconds=cpu_seconds,
        peak_mb=peak_mb,
        pages=len(pages),
        median_kb=statistics.median(sizes) / 1024,
        p95_kb=sizes[int(0.95 * (len(sizes) - 1))] / 1024,
        site_mb=total / 1e6,
    )


def copy_project(to: Path) -> None:
    to.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, to / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, to / name)


def portal_run(
    project: Path, jobs: int | None, cold: bool = True, *options: str, trash: Path | None = None
) -> Run:
    """One ``portal build``; ``cold``: with no cache (build cache, image variants and PDFs
    removed); ``trash``: the site built before is moved there first, so the build replaces
    none (and removes none)."""
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    if trash is not None and (project / "site").exists():
        set_aside(project / "site", trash)
    command = [sys.executable, "-m", "generator.cli", "build", "--site-dir", "site", *options]
    command += ["--jobs", str(jobs)] if jobs else []
    return weigh(project / "site", *timed(command, project))


def set_aside(folder: Path, trash: Path) -> None:
    """Move ``folder`` into ``trash`` (one rename), to be removed once nothing is timed.

    A timed build must not pay for the benchmark's own clean-up. On ext4 without a journal (this
    machine's disk), a new file or folder skips every inode freed in the last minute or more
    (``recently_deleted`` in the kernel's inode allocator, seen with ``perf``): removing a built
    site of 27,000 files just before a build made its 27,000 new ones cost about 5 s more.
    """
    trash.mkdir(exist_ok=True)
    folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


SETTLE_SECONDS = 61
"""How long the kernel's ext4 without a journal keeps a freed inode from being taken again once
it is written out (``RECENTCY_MIN`` in ``fs/ext4/ialloc.c``; 300 s more while its block is
dirty, hence the ``sync`` first)."""


def settle_disk() -> None:
    """Let the disk forget what the runs before removed, before a cold build is timed.

    On ext4 without a journal (this machine's disk; a journaled ext4 never does this), a new
    file or folder skips every inode freed in the last minute, one by one: a build just after
    another has removed the site it replaced (thousands of folders) makes its own files and
    folders seconds slower. Fresh checkouts and CI runners start settled; so do the cold builds
    here, ours and the stock stack's.
    """
    os.sync()
    time.sleep(SETTLE_SECONDS)


def edit_one_page(content: Path) -> None:
    """A sentence added to the first generated page, in every language."""
    for path in sorted((content / "about").glob("bench-0000.*.md")):
        path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")


def stock_run(folder: Path, mkdocs: Path) -> Run:
    return weigh(folder / "site", *timed([str(mkdocs), "build", "-q", "-d", "site"], folder))


# --- the preview ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, marker: str, started: float, limit: float = 120.0) -> float:
    while time.perf_counter() - started < limit:
        if marker in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.02)
    return float("nan")


PREVIEW_EDITS = [
    # (what, file, url open in the "browser", how to change it)
    ("Markdown page (vi)", "content/about/geography.vi.md", "/about/geography/", "append"),
    ("Markdown page (en)", "content/about/geography.en.md", "/en/about/geography/", "append"),
    (
        "YAML item (vi)",
        "content/data/attractions/den-mau.yml",
        "/tourism/attractions/den-mau/",
        "yaml",
    ),
    ("template", "theme/items/attractions.html", "/tourism/attractions/den-mau/", "template"),
]


def edit(path: Path, how: str, marker: str) -> None:
    text = path.read_text(encoding="utf-8")
    if how == "append":
        text += f"\n\n{marker}\n"
    elif how == "yaml":
        data = yaml.safe_load(text)
        data["summary"]["vi"] = f"{data['summary']['vi']} {marker}"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        text += f"\n<p>{marker}</p>\n"
    path.write_text(text, encoding="utf-8")


def preview_timings(workdir: Path) -> list[tuple[str, float]]:
    """``portal serve`` on the demo portal: seconds from a save to the changed page served."""
    project = workdir / "preview"
    copy_project(project)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "serve.log").open("w", encoding="utf-8"),
    )
    base = f"http://127.0.0.1:{port}"
    timings = []
    try:
        ready = wait_for(base + "/", "<html", time.perf_counter(), limit=300)
        timings.append(("first preview after start", ready))
        for round_ in range(3):
            for what, file, url, how in PREVIEW_EDITS:
                marker = f"benchmark-edit-{round_}-{abs(hash(file)) % 10_000}"
                # The page is open in a browser: its reload script asks the preview about it.
                fetch(f"{base}/.preview/wait?v=-1&page={urllib.parse.quote(url)}")
                time.sleep(0.5)
                started = time.perf_counter()
                edit(project / file, how, marker)
                timings.append((what, wait_for(base + url, marker, started)))
                if how == "template":  # a page no browser shows: the background build brings it
                    other = "/en" + url
                    timings.append(
                        (
                            f"{what}, page not open ({other})",
                            wait_for(base + other, marker, started),
                        )
                    )
    finally:
        server.terminate()
        server.wait(timeout=30)
    if any(seconds != seconds for _, seconds in timings):  # nan: a page never changed
        print((workdir / "serve.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
    return timings


# --- report --------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{platform.machine()}, {cpu}, {len(os.sched_getaffinity(0))} cores usable, "
        f"Python {platform.python_version()}, load average at the end {load}"
    )


WARM = ("cache, unchanged", "cache, 1 page edited", "--no-cache, images and PDFs kept")
"""The builds after the cold one (their ratios are to the stock cold build): from the build
cache, nothing changed and one page edited; then without the build cache (``--no-cache``) but
with the image variants and PDFs the earlier builds left, as a second build was before the
build cache."""


def report(results: list[tuple[int, Run, Run | None]], warm, preview, jobs, commit=None) -> str:
    lines = [
        "# Build benchmark: `portal build` and the stock stack",
        "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}"
        + (f", commit {commit}" if commit else "")
        + ".",
        "Command: `.venv/bin/python benchmarks/bench_compare.py"
        + (f" --jobs {jobs}" if jobs else "")
        + "` (one build each; six languages; ours includes the shipped portal, images,",
        "open data, sitemap, feeds, the Pagefind index, .gz copies and the checks before",
        "publishing; stock: mkdocs 1.6.1 + Material 9.8.1 + mkdocs-static-i18n 1.3.1 + search,",
        "on the same generated pages plus the shipped Markdown pages). Rows *cold*: a fresh",
        "folder and no cache of ours (the stock stack has none), so ours lays out its 18 PDFs",
        "(their travel handbook lists every attraction: it grows with N) and makes its image",
        "variants; rows *cache*: ours again with the build cache the cold build left (whole",
        "pages, sanitizer findings, search-prepared pages, the gate's findings, .gz copies, the",
        "Pagefind index, the PDFs' plan: `generator/buildcache.py`, `generator/pagecache.py`)",
        "and the site it left in place, whose unchanged files the new one takes by hard link",
        "(`generator/outputs.py`), nothing changed or one generated page edited in every",
        "language (six pages; the search index is made again); row *--no-cache*: ours without",
        "the build cache (and no file linked) but with the image variants and",
        "PDFs kept: every page rendered, as a cold build of the pages alone, into a new folder",
        "(the ratios of these three rows are to the stock stack's cold build). No folder is",
        "removed from the disk while a build is timed: each is moved aside and removed at the",
        "end (`set_aside`); before each cold build, ours and the stock stack's, the disk is",
        "synced and left a minute (`settle_disk`: this machine's ext4 has no journal, and its",
        "kernel then makes every new file skip the inodes freed in the last minute, so a build",
        "just after another has removed a site pays seconds for it; a fresh checkout does not).",
        "*peak MB*: the most memory the build's processes held at once, sampled every 0.2 s,",
        "each page they share (a fork's) counted once (proportional set size).",
        "",
        "| N per language | build | s | HTML pages | ms per page | ratio | CPU ms per page "
        "| CPU ratio | peak MB | median page KB | p95 page KB | output MB | load at start |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, ours, stock in results:
        rows = [("portal build, cold", ours)]
        pairs = zip(WARM, warm.get(n, []), strict=False)
        rows += [(f"portal build, {what}", run) for what, run in pairs]
        rows.append(("stock, cold", stock))
        for name, run in rows:
            if run is None:
                continue
            ours_row = name.startswith("portal build")
            ratio = f"{run.ms_per_page / stock.ms_per_page:.2f}" if stock else "–"
            cpu = f"{run.cpu_ms_per_page / stock.cpu_ms_per_page:.2f}" if stock else "–"
            lines.append(
                f"| {n} | {name} | {run.seconds:.1f} | {run.pages} | {run.ms_per_page:.1f} | "
                f"{ratio if ours_row else ''} | {run.cpu_ms_per_page:.1f} | "
                f"{cpu if ours_row else ''} | {run.peak_mb:.0f} | "
                f"{run.median_kb:.1f} | {run.p95_kb:.1f} | {run.site_mb:.1f} | {run.load:.1f} |"
            )
    if len(results) > 1:
        (n0, a0, s0), (n1, a1, s1) = results[0], results[-1]
        lines += ["", f"Marginal cost of an added page, N = {n0} → {n1}:"]
        lines.append(
            f"- portal build: {1000 * (a1.seconds - a0.seconds) / (a1.pages - a0.pages):.1f} ms"
        )
        if s0 and s1:
            lines.append(
                f"- stock: {1000 * (s1.seconds - s0.seconds) / (s1.pages - s0.pages):.1f} ms"
            )
    lines += ["", *targets_table(results, warm, preview)]
    lines += [
        "",
        "Where `portal build` spends its time (seconds, cut at the lines it prints):",
        "",
        "| N per language | build | " + " | ".join(name for name, _ in PHASES) + " |",
        "|---|---|" + "---|" * len(PHASES),
    ]
    for n, ours, _stock in results:
        runs = [("cold", ours), *zip(WARM, warm.get(n, []), strict=False)]
        for what, run in runs:
            cells = " | ".join(f"{run.phases[name]:.1f}" for name, _ in PHASES)
            lines.append(f"| {n} | {what} | {cells} |")
    if preview:
        lines += ["", *preview_table(preview)]
    return "\n".join(lines) + "\n"


def targets_table(results, warm, preview) -> list[str]:
    """The issue's targets, each worked out from this run's rows: met or not."""
    stock = {n: run for n, _ours, run in results if run is not None}
    builds: dict[str, dict[int, Run]] = {"cold": {n: ours for n, ours, _ in results}}
    for n, runs in warm.items():
        for what, run in zip(WARM, runs, strict=False):
            builds.setdefault(what, {})[n] = run
    lines = [
        "Targets of issue 12, from the rows above (ratio: ms per page to the stock stack's):",
        "",
        "| target | build | figures | met |",
        "|---|---|---|---|",
    ]
    for what, runs in builds.items():
        ratios = {n: runs[n].ms_per_page / stock[n].ms_per_page for n in runs if n in stock}
        small = {n: r for n, r in ratios.items() if n in (100, 300)}
        if small:
            figures = ", ".join(f"N = {n}: {r:.2f}" for n, r in sorted(small.items()))
            lines.append(
                f"| ratio ≤ 0.5 at N = 100 and 300 | {what} | {figures} | "
                f"{_yes(all(r <= 0.5 for r in small.values()))} |"
            )
        if 100 in runs and 1000 in runs:
            growth = runs[1000].ms_per_page / runs[100].ms_per_page - 1
            lines.append(
                f"| ms per page at N = 1,000 within 10 % of N = 100 | {what} | "
                f"{runs[100].ms_per_page:.1f} → {runs[1000].ms_per_page:.1f} ms "
                f"({growth:+.0%}) | {_yes(growth <= 0.10)} |"
            )
        if 1000 in runs:
            lines.append(
                f"| 6 × 1,000 pages under 60 s | {what} | {runs[1000].seconds:.1f} s | "
                f"{_yes(runs[1000].seconds < 60)} |"
            )
    # The page open in the browser, in the language being edited; the pages no browser shows
    # follow in the background (the issue: "the other languages follow in the background").
    edits = [
        seconds
        for what, seconds in preview
        if "first preview" not in what and "page not open" not in what
    ]
    if edits:
        lines.append(
            f"| preview: save → changed page ≤ 1 s (the page open) | portal serve | "
            f"{min(edits):.2f}–{max(edits):.2f} s over {len(edits)} saves | "
            f"{_yes(max(edits) <= 1.0)} |"
        )
    return lines


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


def preview_table(preview: list[tuple[str, float]]) -> list[str]:
    lines = [
        "## Live preview (`portal serve`, demo portal): save → changed HTML served",
        "",
        "| edit | seconds |",
        "|---|---|",
    ]
    return lines + [f"| {what} | {seconds:.2f} |" for what, seconds in preview]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--jobs", type=int, help="passed to portal build --jobs")
    parser.add_argument("--no-stock", action="store_true")
    parser.add_argument("--no-preview", action="store_true")
    parser.add_argument(
        "--preview-only", action="store_true", help="only the preview; print its table"
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    parser.add_argument("--commit", help="the commit measured, named in the report")
    args = parser.parse_args()
    if args.preview_only:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as tmp:
            preview = preview_timings(Path(tmp))
        print(f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}")
        print(f"load average at the start {load}\n")
        print("\n".join(preview_table(preview)))
        return
    texts = paragraphs_per_language()
    mkdocs = None if args.no_stock else ensure_stock_env()
    results = []
    warm: dict[int, list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-") as tmp:
        workdir = Path(tmp)
        trash = workdir / "removed-at-the-end"
        for n in args.sizes:
            size = split(n)
            project = workdir / f"portal-{n}"
            copy_project(project)
            write_portal_pages(project / "content", size, texts)
            settle_disk()
            ours = portal_run(project, args.jobs)
            print(f"N={n} portal build, cold: {ours}", flush=True)
            warm[n] = [portal_run(project, args.jobs, cold=False)]
            edit_one_page(project / "content")
            warm[n].append(portal_run(project, args.jobs, cold=False))
            warm[n].append(portal_run(project, args.jobs, False, "--no-cache", trash=trash))
            print(f"N={n} portal build, {WARM}: {warm[n]}", flush=True)
            set_aside(project, trash)
            stock = None
            if mkdocs is not None:
                folder = workdir / f"stock-{n}"
                write_stock_project(folder, size, texts)
                settle_disk()
                stock = stock_run(folder, mkdocs)
                print(f"N={n} stock: {stock}", flush=True)
                set_aside(folder, trash)
            results.append((n, ours, stock))
        preview = [] if args.no_preview else preview_timings(workdir)
    text = report(results, warm, preview, args.jobs, args.commit)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
