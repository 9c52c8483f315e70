"""What the preview renders when: the pages a save touches at once, the whole site behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.content.pages import page_key_and_lang
from generator.i18n.languages import CODES
from generator.preview import pdfs
from generator.preview.renderer import PageRenderer
from generator.preview.watch import Watcher

OPEN_FOR = 120.0
"""Seconds a page counts as shown in a browser after the browser last asked about it."""


class PreviewState:
    """What the server shows: the current site folder, its version, the last save's problems,
    and which pages browsers show. Shared by the server's threads and the engine."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.site: Path | None = None
        self.version = 0
        self.problems: list[str] = []
        self.viewed: dict[str, float] = {}

    def publish(self, site: Path | None = None, problems: list[str] | None = None) -> None:
        """A new state: the browsers waiting on :meth:`wait` reload."""
        with self.changed:
            if site is not None:
                self.site = site
            if problems is not None:
                self.problems = problems
            self.version += 1
            self.changed.notify_all()

    def wait(self, version: int, page: str, seconds: float) -> int:
        """The version once it differs from ``version`` (or after ``seconds``); notes ``page``
        as shown."""
        with self.changed:
            self.viewed[page] = time.monotonic()
            self.changed.wait_for(lambda: self.version != version, timeout=seconds)
            self.viewed[page] = time.monotonic()
            return self.version

    def open_pages(self) -> list[str]:
        """The pages browsers show, the most recently asked about first."""
        with self.changed:
            now = time.monotonic()
            recent = sorted(self.viewed.items(), key=lambda entry: entry[1], reverse=True)
            return [page for page, seen in recent if now - seen < OPEN_FOR]


@dataclass
class _Build:
    """A whole build running in the background (``portal build`` in a process of its own)."""

    generation: int
    folder: Path
    process: subprocess.Popen
    started: float
    log: Path


@dataclass
class _Layout:
    """The PDFs a save changed, laid out behind (``generator.preview.pdfs`` in a process)."""

    generation: int
    names: set[str]
    cache_dir: Path
    process: subprocess.Popen
    started: float
    log: Path
    spec: Path


class PreviewEngine:
    """Watches the sources, renders what a save touches, rebuilds the site behind."""

    def __init__(
        self, config_file: Path, root: Path, state: PreviewState, say: Callable[[str], Any]
    ) -> None:
        self.config_file = config_file
        self.root = root
        self.state = state
        self.say = say
        self.renderer = PageRenderer(config_file, root / "scratch")
        options = self.renderer.plugin.config
        self.content = Path(self.renderer.config.docs_dir)
        self.watcher = Watcher(
            [self.content, Path(options.theme_dir), Path(options.translations_dir), config_file]
        )
        self.generation = 0
        self.build: _Build | None = None
        self.layout: _Layout | None = None
        self.pending: set[Path] = set()
        """Saves seen while pages listing new PDFs were rendered, for the loop to take up."""

    # --- the loop ---------------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Until ``stop`` is set: a whole build first, then react to every save."""
        self._reload()
        previous = self._last_site()
        if previous is not None:  # shown while the first build runs
            self.state.publish(site=previous)
            self.generation = int(previous.name.removeprefix("site-")) + 1
        self._start_build()
        try:
            while not stop.is_set():
                changed = self.pending | self.watcher.changes()
                self.pending = set()
                if changed:
                    self.on_save(changed)
                self._collect_pdfs()
                self._collect_build()
                stop.wait(0.05)
        finally:
            self._stop_pdfs()
            self._stop_build()

    def on_save(self, changed: set[Path]) -> None:
        """Render at once the pages ``changed`` touches and the pages browsers show (listing
        the PDFs as last made), then lay out the PDFs it changed and rebuild the whole site
        behind."""
        started = time.perf_counter()
        self._stop_pdfs()  # outdated now; and the pages below get the processor to themselves
        self._stop_build()
        self.generation += 1
        if self.config_file in changed:
            self.renderer = PageRenderer(self.config_file, self.root / "scratch")
        before = self._item_views(changed)
        problems = self._reload()
        if problems:
            return
        targets = self._edited_pages(changed, before)
        order = list(targets)  # the edited pages' languages first, then as browsers asked
        if any(
            self._in_content(path) is None or path.suffix not in (".md", ".yml") for path in changed
        ):
            # A template, a catalog, site.yml …: the pages browsers show, at once.
            for page in self.state.open_pages():
                located = self.renderer.locate(page)
                if located is not None:
                    targets.setdefault(located[0], set()).add(located[1])
                    order += [located[0]] if located[0] not in order else []
        if targets and self.state.site is not None:
            written = 0
            for code in order:  # each language shown as soon as it is rendered
                rendered = self.renderer.render(code, targets[code])
                if rendered.problems:
                    self._show_problems(rendered.problems)
                    return
                written += self._apply(rendered.pages)
                self.state.publish(problems=[])
            seconds = time.perf_counter() - started
            self.say(f"preview: {written} page(s) updated in {seconds:.2f} s; rebuilding the rest")
        elif self.state.problems:
            self.state.publish(problems=[])  # fixed: the problems go (no page to show sooner)
        self._start_pdfs()

    # --- the PDFs behind ----------------------------------------------------------------------

    def _start_pdfs(self) -> None:
        """Lay out behind the PDFs whose inputs changed; the whole build waits for them (it
        then takes them from the cache) or starts now when none did."""
        try:
            plan = self.renderer.plan_publications()
        except Exception:  # noqa: BLE001 — the whole build reports it, with its path:line
            plan = None
        if plan is None or not plan.jobs or self.state.site is None:
            self._start_build()
            return
        spec = self.root / f"pdfs-{self.generation}.json"
        pdfs.write_spec(plan, spec)
        log = self.root / f"pdfs-{self.generation}.log"
        command = [sys.executable, "-m", "generator.preview.pdfs", str(spec)]
        process = self._in_background(command, log)
        names = {job.name for job in plan.jobs}
        self.layout = _Layout(
            self.generation, names, plan.cache_dir, process, time.perf_counter(), log, spec
        )

    def _stop_pdfs(self) -> None:
        layout = self.layout
        if layout is None:
            return
        if layout.process.poll() is None:
            layout.process.terminate()
            layout.process.wait()
            pdfs.remove_partial_files(layout.cache_dir, layout.process.pid)
        layout.log.unlink(missing_ok=True)
        layout.spec.unlink(missing_ok=True)
        self.layout = None

    def _collect_pdfs(self) -> None:
        """Once the PDFs behind are laid out: served in place of the old ones, the pages that
        list them rendered again (the languages browsers show first), then the whole build."""
        layout = self.layout
        if layout is None or layout.process.poll() is None:
            return
        errors = layout.log.read_text(encoding="utf-8", errors="replace")
        self._stop_pdfs()
        if layout.process.returncode:
            self.say("preview: the PDFs were not laid out; the whole build reports why")
            self.say("  " + (errors.strip().splitlines() or ["?"])[-1])
            self._start_build()
            return
        self.pending |= self.watcher.changes()
        if self.pending:
            return  # a save first: its pages list these PDFs, the whole build serves them
        before = self.renderer.plugin.prints
        if self._reload():
            return
        after = self.renderer.plugin.prints
        assert before is not None and after is not None and self.state.site is not None
        placed = pdfs.place_pdfs(after, layout.names, self.state.site)
        plugin = self.renderer.plugin
        keys = pdfs.pages_listing(
            plugin.portal, plugin.routes, pdfs.changed_listings(before, after)
        )
        written = 0
        for code in self._languages_shown_first() if keys else []:
            rendered = self.renderer.render(code, keys)
            if rendered.problems:
                self._show_problems(rendered.problems)
                return
            written += self._apply(rendered.pages)
            self.state.publish()
            self.pending |= self.watcher.changes()
            if self.pending:
                return  # a save: the loop takes it up, and the whole build brings the rest
        self.state.publish()
        seconds = time.perf_counter() - layout.started
        self.say(
            f"preview: {placed} PDF(s) laid out again in {seconds:.1f} s, "
            f"{written} page(s) listing them updated"
        )
        self._start_build()

    def _languages_shown_first(self) -> list[str]:
        """Every language, those of the pages browsers show first."""
        shown = [
            located[0]
            for page in self.state.open_pages()
            if (located := self.renderer.locate(page))
        ]
        return list(dict.fromkeys(shown + list(CODES)))

    # --- pages ------------------------------------------------------------------------------

    def _reload(self) -> list[str]:
        problems = self.renderer.reload()
        if problems:
            self._show_problems(problems)
        return problems

    def _show_problems(self, problems: list[str]) -> None:
        for problem in problems:
            self.say(f"  {problem}")
        self.say(
            "preview: the last save is not shown (problems above); the last good preview stays"
        )
        self.state.publish(problems=problems)

    def _edited_pages(self, changed: set[Path], before: dict[str, Any]) -> dict[str, set[str]]:
        """Language → route keys of the pages whose source is among ``changed``."""
        targets: dict[str, set[str]] = {}
        routes = self.renderer.plugin.routes
        for path in changed:
            relative = self._in_content(path)
            if relative is None:
                continue
            if relative.endswith(".md"):
                key, code = page_key_and_lang(relative)
                if code in CODES and key in routes:
                    targets.setdefault(code, set()).add(key)
            elif (key := self._item_key(relative)) in routes:
                after = _item_view(routes[key])
                for code in _languages_changed(before.get(key), after):
                    targets.setdefault(code, set()).add(key)
        return targets

    def _item_views(self, changed: set[Path]) -> dict[str, Any]:
        """The items among ``changed`` as they were, to tell which languages an edit touched."""
        routes = self.renderer.plugin.routes
        views = {}
        for path in changed:
            relative = self._in_content(path)
            key = self._item_key(relative) if relative else None
            if key in routes:
                views[key] = _item_view(routes[key])
        return views

    def _in_content(self, path: Path) -> str | None:
        try:
            return path.resolve().relative_to(self.content.resolve()).as_posix()
        except ValueError:
            return None

    def _item_key(self, relative: str) -> str | None:
        parts = relative.split("/")
        portal = self.renderer.plugin.portal
        if len(parts) != 3 or parts[0] != "data" or not parts[2].endswith(".yml") or not portal:
            return None
        kind, slug = parts[1], parts[2].removesuffix(".yml")
        if kind not in portal.listing_pages:
            return None
        return portal.item_key(kind, slug)

    def _apply(self, pages: dict[str, Path]) -> int:
        """Put rendered pages into the current site, each by a rename (never half-written)."""
        assert self.state.site is not None
        for relative, source in pages.items():
            target = self.state.site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.preview")
            shutil.copyfile(source, partial)
            os.replace(partial, target)
        return len(pages)

    # --- whole builds -----------------------------------------------------------------------

    def _start_build(self) -> None:
        self._stop_build()
        folder = self.root / f"site-{self.generation}"
        log = self.root / f"build-{self.generation}.log"
        command = [sys.executable, "-m", "generator.cli", "-f", str(self.config_file)]
        command += ["build", "--site-dir", str(folder)]
        process = self._in_background(command, log)
        self.build = _Build(self.generation, folder, process, time.perf_counter(), log)

    def _in_background(self, command: list[str], log: Path) -> subprocess.Popen:
        """``command`` run at a lower priority in the project's folder, its errors into ``log``
        (a file: a full pipe would stall it)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with log.open("w", encoding="utf-8") as output:
            return subprocess.Popen(
                command,
                cwd=self.config_file.parent,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                stdout=subprocess.DEVNULL,
                stderr=output,
                preexec_fn=_lower_priority,
            )

    def _stop_build(self) -> None:
        if self.build is not None and self.build.process.poll() is None:
            self.build.process.terminate()  # the build removes its staging folder on SIGTERM
            self.build.process.wait()
        if self.build is not None:
            self.build.log.unlink(missing_ok=True)
        self.build = None

    def _collect_build(self) -> None:
        build = self.build
        if build is None or build.process.poll() is None:
            return
        errors = build.log.read_text(encoding="utf-8", errors="replace")
        build.log.unlink(missing_ok=True)
        self.build = None
        if build.generation != self.generation:
            shutil.rmtree(build.folder, ignore_errors=True)
            return
        if build.process.returncode:
            self._show_problems(_problems_in(errors))
            return
        previous = self.state.site
        self.state.publish(site=build.folder, problems=[])
        seconds = time.perf_counter() - build.started
        self.say(f"preview: whole site rebuilt in {seconds:.1f} s")
        self._remove_old_sites(keep={build.folder, previous})

    def _last_site(self) -> Path | None:
        """The site of the previous preview, if its build had finished."""
        sites = [
            folder
            for folder in self.root.glob("site-*")
            if folder.name.removeprefix("site-").isdigit() and (folder / "index.html").is_file()
        ]
        return max(sites, key=lambda folder: int(folder.name.removeprefix("site-")), default=None)

    def _remove_old_sites(self, keep: set[Path | None]) -> None:
        """Sites older than the previous one (a request may still be reading the previous)."""
        for folder in self.root.glob("site-*"):
            if folder not in keep and folder.is_dir():
                shutil.rmtree(folder, ignore_errors=True)


def _lower_priority() -> None:
    """The background build yields the processor to the pages of the next save."""
    os.nice(10)


def _problems_in(stderr: str) -> list[str]:
    """The problems a failed ``portal build`` printed (``path:line: …`` lines first)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    problems = [
        line.removeprefix("ERROR: ").removeprefix("generator: ")
        for line in lines
        if line.startswith("ERROR:") or ": " in line.split(" ", 1)[0] + " "
    ]
    return problems or lines[-5:] or ["the background build failed"]


def _item_view(route) -> Any:
    return route.item.model.model_dump(mode="json") if route.item is not None else None


def _languages_changed(before: Any, after: Any) -> list[str]:
    """The languages whose text differs between two versions of an item (all, when a value
    that is not per language changed, or the item is new)."""
    if before is None:
        return list(CODES)
    return [code for code in CODES if _in_language(before, code) != _in_language(after, code)]


def _in_language(value: Any, code: str) -> Any:
    """``value`` as a reader of ``code`` sees it: every six-language text reduced to one."""
    if isinstance(value, dict):
        if value and set(value) <= set(CODES):
            return value.get(code)
        return {key: _in_language(inner, code) for key, inner in value.items()}
    if isinstance(value, list):
        return [_in_language(inner, code) for inner in value]
    return value
