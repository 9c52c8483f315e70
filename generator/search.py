"""The search index: Pagefind, one index per language (a search in a language returns only pages
of that language).

- Text marked as another language inside a page (the Vietnamese original of a plan on its English
  page, a name in a ``lang`` span) is left out of the page's index: a reader searching in one
  language is never answered from words of another.
- Pagefind segments Chinese and Japanese itself. Lao, which no Pagefind build segments, is fed as
  pages whose words ICU has separated by spaces, and the words of that index are published with it
  (``lo-words.json``): the browser splits a Lao query into those same words
  (``theme/assets/javascripts/search.js``), so index and query follow one segmenter's rules.
- A sample item's result carries its label, in the page's language, as the meta ``sample``
  (taken out of the title its h1 gives it), which the search page shows as on cards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html
from lxml.html.builder import E

from generator.buildcache import BuildCache, content_key
from generator.builtpages import BuiltPage, built_pages
from generator.i18n.languages import DEFAULT, LANGUAGES
from generator.i18n.lao import ZWSP, words
from generator.outputs import SiteWriter, write_file

BODY = "//*[@data-pagefind-body or @data-portal-search-body]"
CRUMBS = "//nav[contains(@class, 'portal-breadcrumb')]//li/a"
SAMPLE_BADGE = "//h1//*[contains(@class, 'portal-sample-badge')]"
LAO_BODY_MARK = "data-portal-search-body"
LAO_WORDS = "lo-words.json"
_LAO_WORD = re.compile(r"[\u0e80-\u0eff]+")


@dataclass
class PreparedPages:
    """Pages made ready for Pagefind (by their paths in the site) and the words of the Lao ones,
    kept in memory: they are written out only when Pagefind has to read them. The processes
    that build languages in parallel each prepare their own."""

    pages: dict[str, bytes] = field(default_factory=dict)
    lao_words: set[str] = field(default_factory=set)

    def add(self, other: PreparedPages) -> None:
        """Take ``other``'s pages and words."""
        self.pages.update(other.pages)
        self.lao_words |= other.lao_words

    def write(self, folder: Path) -> None:
        """Every page into ``folder``, at its path in the site."""
        for relative, data in self.pages.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


@dataclass
class SearchIndex:
    """What the search index of some languages holds, once their Pagefind files are written:
    Pagefind's entry (its version and one record per language) and the words of the Lao
    pages. The processes that build languages in parallel each index their own; the entries
    are merged and written once (:func:`write_entry`)."""

    entry: dict = field(default_factory=dict)
    lao_words: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    """The languages (our codes) whose files are written."""

    def add(self, other: SearchIndex) -> None:
        """Take ``other``'s languages and words (both made by the same Pagefind)."""
        languages = {**self.entry.get("languages", {}), **other.entry.get("languages", {})}
        self.entry = {**other.entry, **self.entry, "languages": languages}
        self.lao_words |= other.lao_words
        self.codes |= other.codes

    @property
    def pages(self) -> int:
        return sum(language["page_count"] for language in self.entry.get("languages", {}).values())


SEARCH_FOLDER = "pagefind"
"""Where the index is published in the site."""


def build_search_index(
    site_dir: Path,
    output: str = SEARCH_FOLDER,
    cache: BuildCache | None = None,
    indexed: SearchIndex | None = None,
    writer: SiteWriter | None = None,
) -> int:
    """Index every searchable page of ``site_dir`` into ``site_dir/output``; return the count.

    Languages already in ``indexed`` (their files written by the processes that built them) are
    neither prepared nor indexed again.
    """
    done = indexed or SearchIndex()
    pages = PreparedPages()
    prepare_pages(site_dir, pages, site_dir / output, cache, skip_languages=done.codes)
    index = index_languages(pages, site_dir / output, cache, not done.codes, writer)
    index.add(done)
    write_entry(site_dir / output, index)
    return index.pages


def language_of(relative: str) -> str:
    """The language of the site file ``relative``: the one whose folder holds it, else the
    default (at the root)."""
    for lang in LANGUAGES:
        if lang.prefix and relative.startswith(lang.prefix):
            return lang.code
    return DEFAULT


def index_languages(
    pages: PreparedPages,
    output: Path,
    cache: BuildCache | None,
    whole_site: bool = False,
    writer: SiteWriter | None = None,
) -> SearchIndex:
    """Index each language of ``pages`` on its own into ``output`` (Pagefind keeps a separate
    index per language: the files are those of one run over them all, but the entry file,
    which :func:`write_entry` writes from the merged entries). A language whose prepared pages
    are those of an earlier build takes its files from ``cache``: an edit in one language
    indexes that language again, not the five others.

    Args:
        whole_site: ``pages`` are every page of the site; with none, Pagefind still writes its
            (empty) bundle, which the site's search script loads.
        writer: writes the files (linking the previous site's unchanged ones).
    """
    by_language: dict[str, dict[str, bytes]] = {}
    for path, data in pages.pages.items():
        by_language.setdefault(language_of(path), {})[path] = data
    if not by_language and whole_site:
        by_language[DEFAULT] = {}
    index = SearchIndex(lao_words=set(pages.lao_words))
    for code, files in sorted(_language_files(by_language, cache).items()):
        index.add(SearchIndex(json.loads(files.pop(ENTRY)), codes={code}))
        _write_shared(files, output, writer)
    return index


ENTRY = "pagefind-entry.json"


def write_entry(output: Path, index: SearchIndex) -> None:
    """Pagefind's entry file for the merged languages (sorted: two builds of one site are
    identical) and the words of the Lao index."""
    entry = dict(index.entry)
    entry["languages"] = dict(sorted(entry.get("languages", {}).items()))
    output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    (output / ENTRY).write_text(text, encoding="utf-8")
    _write_words(output / LAO_WORDS, index.lao_words)


def _language_files(
    by_language: dict[str, dict[str, bytes]], cache: BuildCache | None
) -> dict[str, dict[str, bytes]]:
    """Pagefind's files (relative path → bytes) for the pages of each language: taken from
    ``cache``, or made by one Pagefind run per language. The runs go side by side — Japanese
    and Chinese load their dictionaries for a second each, which other runs use meanwhile."""
    keys = {
        code: content_key("pagefind-language", code, *_pairs(pages)) if cache else ""
        for code, pages in by_language.items()
    }
    found: dict[str, dict[str, bytes]] = {}
    for code, key in keys.items():
        stored = cache.get_files("pagefind", key) if cache else None
        if stored is not None:
            found[code] = stored
    missing = [code for code in by_language if code not in found]
    if missing:
        with ThreadPoolExecutor(max_workers=len(missing)) as pool:
            made = pool.map(_pagefind_files, (by_language[code] for code in missing))
            for code, files in zip(missing, made, strict=True):
                if cache:
                    cache.put_files("pagefind", keys[code], files)
                found[code] = files
    return found


def _pagefind_files(pages: dict[str, bytes]) -> dict[str, bytes]:
    """The files of one Pagefind run over ``pages`` (a whole language)."""
    with tempfile.TemporaryDirectory(prefix="doingoai-search-", dir=_memory_folder()) as scratch:
        site, bundle = Path(scratch) / "site", Path(scratch) / "bundle"
        PreparedPages(pages).write(site)
        site.mkdir(exist_ok=True)
        _index(site, bundle)
        _remove_unused_ui(bundle)
        return {
            path.relative_to(bundle).as_posix(): path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }


def _pairs(pages: dict[str, bytes]) -> list[bytes | str]:
    parts: list[bytes | str] = []
    for relative in sorted(pages):
        parts += [relative, pages[relative]]
    return parts


def _write_shared(files: dict[str, bytes], output: Path, writer: SiteWriter | None) -> None:
    """Write one language's Pagefind files into ``output``; a file another language wrote
    already (Pagefind's script, its worker) must be the same."""
    for relative, data in files.items():
        path = output / relative
        if path.exists():
            if path.read_bytes() != data:
                raise RuntimeError(f"Pagefind wrote {relative} differently for two languages")
            continue
        write_file(path, data, writer)


def _memory_folder() -> str | None:
    """Where the prepared pages are written for Pagefind to read: a folder in memory where the
    system has one (``/dev/shm``) — a file each, thousands of them, cost seconds on a slow
    disk and are removed a moment later — else the usual temporary folder."""
    shared = Path("/dev/shm")
    return str(shared) if shared.is_dir() and os.access(shared, os.W_OK | os.X_OK) else None


UNUSED_UI = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces, which every index gets: the site has its own
(``theme/assets/javascripts/search.js`` over ``pagefind.js``), so they are not published."""


def _remove_unused_ui(bundle: Path) -> None:
    for name in UNUSED_UI:
        (bundle / name).unlink(missing_ok=True)


def prepare_pages(
    site_dir: Path,
    pages: PreparedPages,
    skip_output: Path | None = None,
    cache: BuildCache | None = None,
    skip_languages: Collection[str] = (),
    read_first: Callable[[BuiltPage], None] | None = None,
) -> None:
    """Every searchable page of ``site_dir`` not in ``pages`` yet (nor in ``skip_languages``),
    prepared into it; a page whose bytes an earlier build prepared is taken from ``cache``.
    ``read_first`` is handed each page before (the gate's reading, from the same bytes and
    tree: the preparation changes the tree)."""
    for page in built_pages(site_dir):
        if skip_output is not None and skip_output in page.path.parents:
            continue
        relative = page.relative
        if relative in pages.pages or (skip_languages and language_of(relative) in skip_languages):
            continue
        if read_first is not None:
            read_first(page)
        prepare_page(page, pages, cache)


def prepare_page(page: BuiltPage, pages: PreparedPages, cache: BuildCache | None) -> None:
    """The built ``page`` prepared into ``pages`` if it is searchable (from ``cache`` when an
    earlier build prepared the same bytes). Its tree is changed: the last reader of it."""
    prepared, lao_words = _prepared_page(page, cache)
    if prepared is not None:
        pages.pages[page.relative] = prepared
        pages.lao_words.update(lao_words)


def _prepared_page(page: BuiltPage, cache: BuildCache | None) -> tuple[bytes | None, list[str]]:
    """The page Pagefind reads for the built ``page`` (None: not searchable) and the words of
    its Lao text, kept in ``cache`` by the page's path and bytes."""
    key = content_key("search", page.relative, page.data) if cache else ""
    stored = cache.get("search", key) if cache else None
    if stored is not None:
        entry = json.loads(stored)
        prepared = entry["page"]
        return (prepared.encode("utf-8") if prepared is not None else None), entry["lao"]
    prepared, lao_words = _prepare(page)
    if cache:
        entry = {"page": prepared, "lao": lao_words}
        cache.put("search", key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    return (prepared.encode("utf-8") if prepared is not None else None), lao_words


def _prepare(page: BuiltPage) -> tuple[str | None, list[str]]:
    """Pages that carry a search mark (fallback pages and 404s carry none), as Pagefind reads
    them, and their Lao words."""
    if b"data-pagefind-body" not in page.data and LAO_BODY_MARK.encode() not in page.data:
        return None, []
    doc = page.tree()
    body = doc.xpath(BODY)[0]
    _leave_out_other_languages(body, doc.get("lang", ""))
    section = _section(doc)
    sample = _take_sample_label(doc)
    lao_words: list[str] = []
    if body.get(LAO_BODY_MARK) is not None:
        doc, text = _lao_page(doc, body, section, sample)
        lao_words = sorted(set(_LAO_WORD.findall(text)))
    else:
        if section:
            body.set("data-pagefind-meta", "section:" + section.replace(",", " "))
        if sample:
            body.append(_meta("sample", sample))
    return _serialize(doc), lao_words


def _write_words(path: Path, vocabulary: set[str]) -> None:
    """The words of the Lao index, for the browser to split queries into (sorted: reproducible)."""
    text = json.dumps(sorted(vocabulary), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def _index(prepared: Path, output: Path) -> int:
    """Index the prepared pages with Pagefind's own command, in one run over the folder.

    The command (Pagefind's multi-threaded indexer, the binary of ``pagefind[extended]``) exits
    only once the whole index is written, so nothing can read it half-written; its Python
    service once answered with an empty message under load and left the entry file empty.
    """
    from pagefind_bin_extended import get_executable

    result = subprocess.run(
        [str(get_executable()), "--site", str(prepared), "--output-path", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed ({result.returncode}): {result.stderr.strip()}")
    counted = re.search(r"Indexed (\d+) pages?", result.stdout.split("Total:")[-1])
    if counted is None:
        raise RuntimeError(f"Pagefind wrote no index: {result.stdout.strip()[-500:]}")
    return int(counted.group(1))


def _leave_out_other_languages(body, page_lang: str) -> None:
    """Mark every element in another language than the page's to be left out of its index."""
    primary = page_lang.split("-")[0].lower()
    for element in body.xpath(".//*[@lang]"):
        if element.get("lang").split("-")[0].lower() != primary:
            element.set("data-pagefind-ignore", "all")


def _take_sample_label(doc) -> str:
    """A sample item's label in the page's language ("" on other pages), taken out of its h1
    ("Sample · title"): the result's title is then the item's own, and the label its meta
    ``sample``, which the search page shows beside the title."""
    badges = doc.xpath(SAMPLE_BADGE)
    if not badges:
        return ""
    badge = badges[0]
    label = badge.text_content().replace(ZWSP, "").strip()
    badge.tail = re.sub(r"^\s*·\s*", "", badge.tail or "")
    badge.drop_tree()
    return label


def _meta(key: str, value: str):
    """An element giving Pagefind the metadata ``key`` (left out of the indexed text)."""
    return E.span(value, {"data-pagefind-meta": key, "data-pagefind-ignore": ""})


def _section(doc) -> str:
    """The section a page belongs to, shown with each result: its breadcrumb after Home."""
    crumbs = doc.xpath(CRUMBS)
    return crumbs[1].text_content().replace(ZWSP, "").strip() if len(crumbs) > 1 else ""


def _serialize(doc) -> str:
    return lxml_html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")


def _lao_page(doc, body, section: str, sample: str = "") -> tuple[object, str]:
    """A Lao page as Pagefind reads it, and its indexed text: the words separated by spaces,
    the title, section and sample label as metadata (not part of the indexed text)."""
    title = (doc.xpath("//h1") or [body])[0].text_content().strip()
    for skip in body.xpath(".//script|.//style|.//*[@data-pagefind-ignore]"):
        skip.drop_tree()
    meta = {"title": title.replace(ZWSP, ""), "section": section, "sample": sample}
    text = _spaced(body.text_content())
    main = E.main(
        E.p(text),
        *(_meta(key, value) for key, value in meta.items() if value),
        {"data-pagefind-body": ""},
    )
    return E.html(E.body(main), lang="lo"), text


def _spaced(text: str) -> str:
    """Lao words separated by spaces (the build put zero-width spaces between them)."""
    out = []
    for chunk in text.replace(ZWSP, " ").split():
        out.append(
            " ".join(words(chunk)) if any("\u0e80" <= c <= "\u0eff" for c in chunk) else chunk
        )
    return " ".join(out)
