"""The loaded portal: every page and item, cross-checked, with its address in each language."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.content.fields import ItemRef, typed_values
from generator.content.loader import LoadedItem, load_content
from generator.content.markdown_refs import Ref, is_external, references
from generator.content.media import (
    UnsafePath,
    check_content_files,
    check_file_refs,
    file_refs,
    markdown_target,
    resolve_file,
)
from generator.content.models import Agency, Plan, Publication, Site, Task
from generator.content.pages import PageSource, page_key_and_lang, page_url
from generator.content.problems import ContentError, Problems
from generator.content.provenance import check_addressees
from generator.content.safety import check_markdown_safety, markdown_texts
from generator.content.yamlsource import Located
from generator.gitdates import last_changed_dates
from generator.i18n.languages import BY_CODE, CODES, DEFAULT
from generator.i18n.tool import tr


@dataclass(frozen=True)
class AssignedTask:
    plan: LoadedItem
    task: Task
    role: str  # "lead" or "partner"


@dataclass
class Portal:
    """Everything under ``content/``, validated. Knows nothing of MkDocs."""

    root: Path
    site: Site
    site_located: Located
    pages: dict[str, dict[str, PageSource]]
    items: dict[str, dict[str, LoadedItem]]
    listing_pages: dict[str, str] = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    scope: frozenset[Path] | None = None
    """The files whose text is checked (resolved paths); None: every file."""

    def in_scope(self, path: Path) -> bool:
        """Whether the checks of text (Markdown, links, glossary) look at ``path``."""
        return self.scope is None or path.resolve() in self.scope

    # --- addresses -------------------------------------------------------------------------

    def page_path(self, key: str, lang: str) -> str:
        """Site-relative URL path (no leading slash) of page ``key`` in ``lang``."""
        return BY_CODE[lang].prefix + page_url(key)

    def item_key(self, type_name: str, slug: str) -> str:
        listing = self.listing_pages[type_name]
        return posixpath.join(posixpath.dirname(listing), slug)

    def item_path(self, type_name: str, slug: str, lang: str) -> str:
        return self.page_path(self.item_key(type_name, slug), lang)

    def item(self, type_name: str, slug: str) -> LoadedItem:
        return self.items[type_name][slug]

    def all_items(self):
        for by_slug in self.items.values():
            yield from by_slug.values()

    def documents(self) -> Iterator[tuple[Located, BaseModel]]:
        """``site.yml`` and every item, each with the file it was read from."""
        yield self.site_located, self.site
        for loaded in self.all_items():
            yield loaded.located, loaded.model

    def translated_languages(self, key: str) -> list[str]:
        """Languages in which page ``key`` has its own translation (items have all six)."""
        return [lang for lang in CODES if lang in self.pages.get(key, {})]

    # --- cross-references ------------------------------------------------------------------

    def tasks_of_agency(self, slug: str) -> list[AssignedTask]:
        """Every task whose document names the agency as lead or partner, across all plans."""
        return self._tasks_by_agency().get(slug, [])

    def _tasks_by_agency(self) -> dict[str, list[AssignedTask]]:
        if not hasattr(self, "_task_index"):
            index: dict[str, list[AssignedTask]] = defaultdict(list)
            for plan in self.items["plans"].values():
                assert isinstance(plan.model, Plan)
                for task in plan.model.tasks:
                    # A collective addressee names no agency: its tasks stay on the plan's page.
                    if task.lead.agency:
                        index[task.lead.agency].append(AssignedTask(plan, task, "lead"))
                    for partner in task.partners:
                        if partner.agency:
                            index[partner.agency].append(AssignedTask(plan, task, "partner"))
            self._task_index = dict(index)
        return self._task_index

    def last_changed(self, path: Path) -> dt.date | None:
        """The date of the last commit that changed ``path`` (None when git does not know it)."""
        return self.change_dates().get(path.resolve())

    def change_dates(self) -> dict[Path, dt.date]:
        """Every file git knows under the content folder, with its last commit's date (asked
        of git once)."""
        if not hasattr(self, "_git_dates"):
            self._git_dates = last_changed_dates(self.root)
        return self._git_dates

    def agency(self, slug: str) -> Agency:
        model = self.items["agencies"][slug].model
        assert isinstance(model, Agency)
        return model


def load_portal(root: Path, focus: Callable[[Portal], frozenset[Path]] | None = None) -> Portal:
    """Load and cross-check ``root``; raise :class:`ContentError` listing every problem.

    Args:
        root: the content folder.
        focus: given the loaded portal, the files whose text to check (``portal check
            --changed``); every file is read and validated whatever it returns.

    Returns:
        The portal, when no error was found (warnings are kept in ``portal.warnings``).
    """
    problems = Problems.of_content(root)
    if not check_content_files(root, problems):
        raise ContentError(problems.errors)  # nothing is read through a link or from a pipe
    raw = load_content(root, problems)
    listing_pages = _listing_pages(raw.pages, problems)
    if raw.site is not None:
        portal = Portal(root, raw.site, raw.site_located, raw.pages, raw.items, listing_pages)
        portal.scope = focus(portal) if focus else None
        _check_pages_have_source(portal, problems)
        _check_listings_cover_types(portal, problems)
        _check_references(portal, problems)
        check_addressees(
            portal.items.get("plans", {}).values(),
            {slug: a.model for slug, a in portal.items.get("agencies", {}).items()},
            problems,
        )
        _check_collisions(portal, problems)
        _check_print_files(portal, problems)
        _check_markdown(portal, problems)
        check_markdown_safety(portal, problems)
        check_file_refs(root, file_refs(portal.documents()), problems)
        _check_site_paths(portal, problems)
    if problems.errors or raw.site is None:
        raise ContentError(problems.errors + problems.warnings)
    portal.warnings = problems.warnings
    return portal


def _listing_pages(pages: dict[str, dict[str, PageSource]], problems: Problems) -> dict[str, str]:
    from generator.content.models import ITEM_TYPES

    listings: dict[str, str] = {}
    for key, versions in pages.items():
        source = versions.get(DEFAULT)
        if source is None or source.meta.listing is None:
            continue
        type_name = source.meta.listing
        if type_name not in ITEM_TYPES:
            problems.add(
                source.path,
                source.located.line_of(("listing",)),
                tr("'listing: {kind}' names no kind of item", kind=type_name),
                tr("use one of {values}", values=", ".join(ITEM_TYPES)),
            )
        elif type_name in listings:
            problems.add(
                source.path,
                source.located.line_of(("listing",)),
                tr(
                    "the items '{kind}' are already listed by {page}",
                    kind=type_name,
                    page=listings[type_name],
                ),
                tr("list each kind of item on one page only"),
            )
        elif not key.endswith("index"):
            problems.add(
                source.path,
                source.located.line_of(("listing",)),
                tr("a listing page must be the index of its folder"),
                tr(
                    "move it to {path}",
                    path=f"{posixpath.dirname(key) or '.'}/{posixpath.basename(key)}"
                    f"/index.{DEFAULT}.md",
                ),
            )
        else:
            listings[type_name] = key
    return listings


def _check_pages_have_source(portal: Portal, problems: Problems) -> None:
    for key, versions in portal.pages.items():
        if DEFAULT not in versions:
            any_version = next(iter(versions.values()))
            problems.add(
                any_version.path,
                1,
                tr("page '{key}' has no Vietnamese source", key=key),
                tr(
                    "create {path}: translations are made from the Vietnamese page",
                    path=f"{key}.{DEFAULT}.md",
                ),
            )


def _check_listings_cover_types(portal: Portal, problems: Problems) -> None:
    for type_name, by_slug in portal.items.items():
        if by_slug and type_name not in portal.listing_pages:
            first = next(iter(by_slug.values()))
            problems.add(
                first.path,
                1,
                tr("no page lists the items '{kind}', so they have no address", kind=type_name),
                tr(
                    "add 'listing: {kind}' to the front matter of a section's {index}",
                    kind=type_name,
                    index=f"index.{DEFAULT}.md",
                ),
            )


def _check_references(portal: Portal, problems: Problems) -> None:
    """Every field typed as a reference to an item (:class:`ItemRef`) names an existing one."""
    for located, model in portal.documents():
        for loc, slug in typed_values(model, ItemRef):
            type_name = slug.kind
            if slug not in portal.items.get(type_name, {}):
                known = ", ".join(sorted(portal.items.get(type_name, {}))[:8])
                problems.add(
                    located.path,
                    located.line_of(loc),
                    tr(
                        "'{name}' refers to {kind} '{slug}', which does not exist",
                        name=".".join(map(str, loc)),
                        kind=type_name,
                        slug=slug,
                    ),
                    tr(
                        "use the file name of a file in content/data/{kind}/ (e.g. {known})",
                        kind=type_name,
                        known=known,
                    ),
                )


def _check_collisions(portal: Portal, problems: Problems) -> None:
    for loaded in portal.all_items():
        if loaded.type not in portal.listing_pages:
            continue
        key = portal.item_key(loaded.type, loaded.slug)
        if key in portal.pages:
            problems.add(
                loaded.path,
                1,
                tr(
                    "the item '{slug}' has the same address as the page {key}",
                    slug=loaded.slug,
                    key=key,
                ),
                tr("rename the item file or the page"),
            )


def _check_print_files(portal: Portal, problems: Problems) -> None:
    """Two publications printing to the same ``printed.file`` would overwrite each other's
    PDFs (``<file>-<lang>.pdf`` in one cache)."""
    first: dict[str, LoadedItem] = {}
    for loaded in portal.items.get(Publication.TYPE, {}).values():
        printed = getattr(loaded.model, "printed", None)
        if printed is None:
            continue
        other = first.setdefault(printed.file, loaded)
        if other is loaded:
            continue
        problems.add(
            loaded.path,
            loaded.located.line_of(("printed", "file")),
            tr(
                "the PDF name '{file}' is already used by {path}",
                file=printed.file,
                path=problems.relative(other.path),
            ),
            tr("give one of the two publications another 'printed.file'"),
        )


def _site_paths(portal: Portal) -> set[str]:
    paths = {page_url(key) for key in portal.pages}
    for loaded in portal.all_items():
        if loaded.type in portal.listing_pages:
            paths.add(page_url(portal.item_key(loaded.type, loaded.slug)))
    return paths


def _check_markdown(portal: Portal, problems: Problems) -> None:
    site_paths = _site_paths(portal)
    for text in markdown_texts(portal):
        if text.base is None or not portal.in_scope(text.path):
            continue
        for ref in references(text.text, text.first_line):
            _check_ref(portal, text.path, text.base, ref, site_paths, problems)


def _check_ref(
    portal: Portal, path: Path, base: str, ref: Ref, site_paths: set[str], problems: Problems
) -> None:
    if ref.is_image and not ref.text:
        problems.add(
            path,
            ref.line,
            tr("the image {target} has no alt text", target=ref.target or "<img>"),
            tr("describe the image between the brackets: ![what it shows](file)"),
        )
    target = ref.target.split("#", 1)[0].split("?", 1)[0]
    if not target or is_external(ref.target):
        return
    if target.startswith("/"):
        stripped = target.lstrip("/")
        first, _, rest = stripped.partition("/")
        if first in CODES and first != DEFAULT:
            stripped = rest
        if stripped in site_paths or stripped.rstrip("/") + "/" in site_paths:
            return
        if _is_published_file(portal, stripped):
            return
        problems.add(
            path,
            ref.line,
            tr("the link '{target}' leads to no page of the site", target=ref.target),
            tr("correct the address, or link to the page's .md file"),
        )
        return
    resolved = markdown_target(base, target)
    if resolved.endswith(".md"):
        key, _ = page_key_and_lang(resolved)
        if key not in portal.pages and f"{key}/index" not in portal.pages:
            problems.add(
                path,
                ref.line,
                tr("the link '{target}' leads to a page that does not exist", target=ref.target),
                tr("correct the file name, or create that page"),
            )
    else:
        try:
            resolve_file(portal.root, resolved)
        except UnsafePath as exc:
            problems.add(
                path,
                ref.line,
                tr("the link '{target}': {what}", target=ref.target, what=exc.message),
                exc.fix,
            )


def _is_published_file(portal: Portal, relative: str) -> bool:
    try:
        resolve_file(portal.root, relative)
    except UnsafePath:
        return False
    return True


def _check_site_paths(portal: Portal, problems: Problems) -> None:
    """Menu entries, doors and legal pages in site.yml must name existing pages."""
    located = portal.site_located
    named = [(("menu", i, "path"), e.path) for i, e in enumerate(portal.site.menu)]
    named += [(("doors", i, "path"), d.path) for i, d in enumerate(portal.site.doors)]
    named += [(("legal_pages", i), key) for i, key in enumerate(portal.site.legal_pages)]
    for loc, key in named:
        if key not in portal.pages:
            problems.add(
                located.path,
                located.line_of(loc),
                tr("'{key}' is not a page of the site", key=key),
                tr(
                    "write the page's path without language suffix, e.g. about/index for {file}",
                    file=f"about/index.{DEFAULT}.md",
                ),
            )
