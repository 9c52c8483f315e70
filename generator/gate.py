"""The gate a built site passes before it is published: what careful operators check by hand.

Every internal link and asset of every HTML page resolves to a file of the site (fragments to an
``id`` of their page), the site's stylesheets point at files that exist, the sitemap and every Atom
feed parse and point at pages that exist, and ``robots.txt`` names the sitemap. The gate reads only
the built folder, so it checks a staged build before the swap as well as a deployed copy.

Each HTML file is parsed once; references are collected in that pass and resolved afterwards
against the list of files and the ``id`` sets of their targets.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from generator.buildcache import BuildCache, content_key
from generator.builtpages import BuiltPage
from generator.content.problems import Problem, Problems
from generator.i18n.tool import current_language, tr
from generator.workers import cores, map_in_forks, may_fork

ROBOTS = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
ATOM_NS = "http://www.w3.org/2005/Atom"
XHTML_NS = "http://www.w3.org/1999/xhtml"

# Attributes that hold one URL (srcset, a list, is read apart); <object data> is the only data.
URL_ATTRIBUTES = ("href", "src", "poster")
META_URLS = frozenset({"og:url", "og:image", "og:image:url", "og:image:secure_url", "og:video"})
TWITTER_URLS = frozenset({"twitter:image"})
MAY_REFER = etree.XPath(
    "//*[@href or @src or @poster or @srcset or self::object or self::meta or self::script]"
)
"""The elements :func:`_element_references` may find a URL in, in document order (the others,
most of a page, are not looked at)."""
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""")
SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
RESOLVER = "http://site.invalid"  # urljoin resolves dot segments only under a scheme and host
_SPLITS_A_PATH = re.compile(r"[;?#]")
"""What ``urljoin`` reads in a page's path as the start of parameters, a query or a fragment."""


def _fix_link() -> str:
    return tr("correct the link in the content or template that writes it, or add the missing file")


@dataclass(frozen=True)
class Reference:
    """One URL written in a file of the site, where it was found and what wrote it."""

    source: str  # site-relative path of the file that holds the URL
    line: int
    what: str  # e.g. '<img src>' or 'sitemap <loc>'
    url: str
    absolute: bool = False  # sitemaps and feeds are read far from the site: absolute URLs only
    base: str | None = None  # the address relative URLs start from, when a <base> names it


@dataclass
class _Site:
    """What the gate knows of the site: its files, the ids of its pages and its own address."""

    root: Path
    files: frozenset[str]
    site_url: str | None
    ids: dict[str, frozenset[str]]

    @property
    def path(self) -> str:
        """The site's own path on its host (``/`` unless it lives in a folder)."""
        return urlsplit(self.site_url).path or "/" if self.site_url else "/"

    def address(self, name: str) -> str:
        """The URL path a browser sees for the site file ``name``."""
        return self.path + name


PAGES_PER_PROCESS = 1000
"""Below this many pages per process, a site's pages are checked in one process: starting
another costs more than it saves."""


def check_site(
    site_dir: Path,
    site_url: str | None = None,
    cache: BuildCache | None = None,
    jobs: int | None = None,
) -> list[Problem]:
    """Check a built site as a whole before it is published.

    Args:
        site_dir: the built site (a staging folder, ``site/`` or a deployed copy).
        site_url: the site's public address, so absolute links to the site itself are checked;
            read from the ``Sitemap:`` line of ``robots.txt`` when not given.
        cache: where the ids and references of each page are kept by its path and bytes (see
            :func:`page_memory`); every reference is still resolved against this site.
        jobs: processes checking the pages' references at most (default: one per core; a
            small site is checked in this process).

    Returns:
        Errors, then warnings (a fragment naming no id of its page), each sorted, with the
        site-relative file, its line and the reason.
    """
    problems = Problems(site_dir)
    files = frozenset(_files_of(site_dir))
    if site_url is None:
        site_url = _site_url_from_robots(site_dir)
    site = _Site(site_dir, files, site_url, {})
    pages: dict[str, _PageReading] = {}
    references: list[Reference] = []
    for name in sorted(files):
        suffix = posixpath.splitext(name)[1]
        if suffix == ".html":
            reading = _read_page(site, name, problems, cache)
            if reading is not None:
                pages[name] = reading
        elif suffix == ".css":
            references += _css_references(site_dir, name)
        elif suffix == ".xml":
            references += _xml_references(site_dir, name, problems)
    _check_robots(site, problems)
    digest = _site_digest(site) if cache is not None and cache.enabled else ""
    _check_pages(site, pages, problems, cache, digest, jobs)
    for reference in references:
        _check_reference(site, reference, problems)
    return [*problems.errors, *problems.warnings]


_SHARED: tuple | None = None
"""What the processes checking pages share (set before they are forked from this one)."""


def _check_pages(
    site: _Site,
    pages: dict[str, _PageReading],
    problems: Problems,
    cache: BuildCache | None,
    digest: str,
    jobs: int | None,
) -> None:
    """Check the references of every page of ``pages`` (as :func:`_check_page`), in forked
    processes when the site is large: each checks every n-th page and answers its findings."""
    names = list(pages)
    workers = max(1, min(jobs or cores(), len(names) // PAGES_PER_PROCESS))
    if workers == 1 or not may_fork():
        for name in names:
            _check_page(site, name, pages[name], problems, cache, digest)
        return
    global _SHARED
    if cache is not None:
        cache.close()  # entries written, and no open database carried into a fork
    _SHARED = (site, pages, problems.root, cache, digest)
    try:
        shares = [names[start::workers] for start in range(workers)]
        for found in map_in_forks(_check_share, shares, workers):
            problems.items += found
    finally:
        _SHARED = None


def _check_share(names: list[str]) -> list[Problem]:
    """In a forked process: the findings of the pages ``names``, their entries written to the
    cache before answering."""
    assert _SHARED is not None
    site, pages, root, cache, digest = _SHARED
    own = Problems(root)
    for name in names:
        _check_page(site, name, pages[name], own, cache, digest)
    if cache is not None:
        cache.flush()
    return own.items


def _check_page(
    site: _Site,
    name: str,
    reading: _PageReading,
    problems: Problems,
    cache: BuildCache | None,
    digest: str,
) -> None:
    """Check the references of the page ``name``. What they lead to depends only on the page's
    references (which its path and bytes decide: ``reading.key``) and on the site's files and
    ids (``digest``): when an earlier build checked the same against the same, its findings are
    taken from ``cache``, and the references are not even looked at."""
    if not digest or cache is None or reading.links_into_index():
        for reference in reading.references(name):
            _check_reference(site, reference, problems)
        return
    key = content_key("gate-check", digest, reading.key)
    stored = cache.get("gate-check", key)
    if stored is not None:
        problems.items += [Problem(**found) for found in json.loads(stored)]
        return
    references = reading.references(name)
    own = Problems(problems.root)
    for reference in references:
        _check_reference(site, reference, own)
    problems.items += own.items
    found = [vars(problem) for problem in own.items]
    cache.put("gate-check", key, json.dumps(found, ensure_ascii=False).encode("utf-8"))


SEARCH_INDEX_PARTS = re.compile(r"(?:^|/)pagefind/(?:[^?#]*/|[^/?#]*\.pf_meta\b)")
"""The search index's own files (``pagefind/fragment/…``, ``pagefind/pagefind.en_….pf_meta``),
named by their content: every edit renames some, pages never link to them (Pagefind's script
fetches them), and a page that does is checked again on every build."""


def _into_index(url: str) -> bool:
    return SEARCH_INDEX_PARTS.search(url) is not None


def _site_digest(site: _Site) -> str:
    """What checking a page's references depends on besides them: the site's files (but the
    search index's own), the ids of its pages, its address, and the language the findings are
    written in."""
    files = sorted(name for name in site.files if not _into_index(name))
    parts: list[str] = [site.site_url or "", current_language(), *files]
    for name in sorted(site.ids):
        parts += [f"ids {name}", *sorted(site.ids[name])]
    return content_key(*parts)


def _files_of(site_dir: Path) -> Iterator[str]:
    for folder, _dirs, names in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir).as_posix()
        for name in names:
            yield name if relative == "." else f"{relative}/{name}"


def _site_url_from_robots(site_dir: Path) -> str | None:
    robots = site_dir / ROBOTS
    if not robots.is_file():
        return None
    found = SITEMAP_LINE.search(robots.read_text(encoding="utf-8", errors="replace"))
    if not found:
        return None
    return found.group(1).rsplit("/", 1)[0] + "/"


def _check_robots(site: _Site, problems: Problems) -> None:
    robots = site.root / ROBOTS
    if ROBOTS not in site.files:
        problems.add(
            robots, 1, tr("robots.txt is missing"), tr("the build writes it; rebuild the site")
        )
        return
    text = robots.read_text(encoding="utf-8", errors="replace")
    found = SITEMAP_LINE.search(text)
    if not found:
        problems.add(
            robots,
            1,
            tr("robots.txt names no sitemap"),
            tr("add a line 'Sitemap: <site_url>sitemap.xml'"),
        )
        return
    line = text.count("\n", 0, found.start(1)) + 1
    sitemap = found.group(1)
    if site.site_url is None or not sitemap.startswith(site.site_url):
        problems.add(
            robots,
            line,
            tr(
                "the sitemap '{sitemap}' is not on the site {site}",
                sitemap=sitemap,
                site=site.site_url,
            ),
        )
    elif posixpath.basename(sitemap) not in site.files:
        problems.add(
            robots, line, tr("the sitemap '{sitemap}' is not a file of the site", sitemap=sitemap)
        )


@dataclass(frozen=True)
class _PageReading:
    """What the gate read from one page (its ids, references and ``<base>``), and the key it is
    kept under in the build cache (the page's path and bytes, and the site's address)."""

    key: str
    entry: dict

    def references(self, name: str) -> list[Reference]:
        base = self.entry["base"]
        return [
            Reference(name, line, what, url, base=base)
            for line, what, url in self.entry["references"]
        ]

    def links_into_index(self) -> bool:
        return any(_into_index(url) for _line, _what, url in self.entry["references"])


def page_memory(
    site_dir: Path, site_url: str | None, cache: BuildCache
) -> Callable[[BuiltPage], None]:
    """What remembers in ``cache`` the ids and references of each built page of ``site_dir``
    it is given, for the gate of the site these pages go to (the processes that build
    languages do it side by side, as they prepare the same pages for the search index); a page
    read before (same path and bytes) is left as it is. It never changes a page's tree."""
    site = _Site(site_dir, frozenset(), site_url, {})

    def remember(page: BuiltPage) -> None:
        key = _reading_key(site, page.relative, page.data)
        if cache.get("gate", key) is None:
            entry = _page_entry(site, page)
            cache.put("gate", key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))

    return remember


def _reading_key(site: _Site, name: str, data: bytes) -> str:
    return content_key("gate", name, site.site_url or "", data)


def _read_page(
    site: _Site, name: str, problems: Problems, cache: BuildCache | None = None
) -> _PageReading | None:
    """What the gate reads from the page ``name`` (None: it does not parse, a problem noted),
    its ids noted in ``site.ids``; from ``cache`` when an earlier reading saw the same path and
    bytes."""
    page = BuiltPage(site.root / name, name)
    key = _reading_key(site, name, page.data) if cache else ""
    stored = cache.get("gate", key) if cache else None
    if stored is not None:
        entry = json.loads(stored)
    else:
        entry = _page_entry(site, page)
        if cache:
            cache.put("gate", key, json.dumps(entry, ensure_ascii=False).encode("utf-8"))
    if entry["error"] is not None:
        problems.add(
            site.root / name,
            1,
            tr("the page does not parse as HTML: {error}", error=entry["error"]),
        )
        return None
    site.ids[name] = frozenset(entry["ids"])
    return _PageReading(key, entry)


def _page_entry(site: _Site, page: BuiltPage) -> dict:
    """What the gate reads from one page: its ids, references and ``<base>`` (or why the page
    does not parse), as JSON-ready values; the page's tree is only read (another reader may
    have parsed it already, or take it after)."""
    try:
        references, ids = _parsed_references(site, page.relative, page.tree())
    except (etree.ParserError, ValueError) as exc:
        return {"error": str(exc), "ids": [], "references": [], "base": None}
    base = references[0].base if references else None
    return {
        "error": None,
        "ids": sorted(ids),
        "references": [[ref.line, ref.what, ref.url] for ref in references],
        "base": base,
    }


def _parsed_references(
    site: _Site, name: str, doc: HtmlElement
) -> tuple[list[Reference], set[str]]:
    ids = set(doc.xpath("//@id | //a/@name"))
    references = []
    for element in MAY_REFER(doc):
        references += _element_references(site, name, element)
    bases = doc.xpath("//base/@href")
    if not bases:
        return references, ids
    # A 404 page names a <base>: it is served at whatever address was missing.
    base = urlsplit(urljoin(RESOLVER + site.address(name), bases[0].strip())).path
    return [replace(reference, base=base) for reference in references], ids


def _element_references(site: _Site, name: str, element) -> list[Reference]:
    tag, line = element.tag, element.sourceline or 1
    found = [
        Reference(name, line, f"<{tag} {attribute}>", element.get(attribute))
        for attribute in ((*URL_ATTRIBUTES, "data") if tag == "object" else URL_ATTRIBUTES)
        if element.get(attribute) is not None
    ]
    srcset = element.get("srcset")
    if srcset:
        found += [
            Reference(name, line, f"<{tag} srcset>", candidate.split()[0])
            for candidate in srcset.split(",")
            if candidate.strip()
        ]
    if tag == "meta":
        key = element.get("property") or element.get("name") or ""
        if key in META_URLS or key in TWITTER_URLS:
            found.append(Reference(name, line, f"<meta {key}>", element.get("content", "")))
    if tag == "script" and element.get("type") == "application/ld+json" and site.site_url:
        found += [
            Reference(name, line, "JSON-LD", url)
            for url in _strings_of(_json_or_none(element.text))
            if url.startswith(site.site_url)
        ]
    return found


def _json_or_none(text: str | None):
    try:
        return json.loads(text or "")
    except ValueError:
        return None


def _strings_of(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_of(item)


def _css_references(site_dir: Path, name: str) -> list[Reference]:
    text = (site_dir / name).read_text(encoding="utf-8", errors="replace")
    references = []
    for pattern, what in ((CSS_URL, "CSS url()"), (CSS_IMPORT, "CSS @import")):
        for found in pattern.finditer(text):
            url = next(group for group in found.groups() if group is not None)
            line = text.count("\n", 0, found.start()) + 1
            references.append(Reference(name, line, what, url))
    return references


def _xml_references(site_dir: Path, name: str, problems: Problems) -> list[Reference]:
    """References of the sitemap and of Atom feeds; other XML files only have to parse."""
    path = site_dir / name
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        problems.add(
            path,
            line,
            tr("the file does not parse as XML: {error}", error=exc.msg),
            tr("rebuild the site"),
        )
        return []
    if root.tag == f"{{{SITEMAP_NS}}}urlset":
        return _sitemap_references(name, root, problems, path)
    if root.tag == f"{{{ATOM_NS}}}feed":
        return _feed_references(name, root)
    return []


def _sitemap_references(name: str, root, problems: Problems, path: Path) -> list[Reference]:
    locs = root.findall(f"{{{SITEMAP_NS}}}url/{{{SITEMAP_NS}}}loc")
    if not locs:
        problems.add(
            path, root.sourceline or 1, tr("the sitemap lists no page"), tr("rebuild the site")
        )
    references = [
        Reference(name, loc.sourceline or 1, "sitemap <loc>", (loc.text or "").strip())
        for loc in root.iter(etree.Element)
        if etree.QName(loc).localname == "loc"
    ]
    references += [
        Reference(name, link.sourceline or 1, "sitemap <xhtml:link>", link.get("href", ""))
        for link in root.iter(f"{{{XHTML_NS}}}link")
    ]
    return [_absolute(reference) for reference in references]


def _feed_references(name: str, root) -> list[Reference]:
    references = [
        Reference(name, link.sourceline or 1, "feed <link>", link.get("href", ""))
        for link in root.iter(f"{{{ATOM_NS}}}link")
    ]
    for content in root.iter(f"{{{ATOM_NS}}}content", f"{{{ATOM_NS}}}summary"):
        if content.get("type") == "html" and content.text and content.text.strip():
            body = lxml_html.fragment_fromstring(content.text, create_parent="div")
            references += [
                Reference(name, content.sourceline or 1, f"feed entry <{el.tag} {attr}>", url)
                for el in body.iter(etree.Element)
                for attr in ("href", "src")
                if (url := el.get(attr)) is not None
            ]
    return [_absolute(reference) for reference in references]


def _absolute(reference: Reference) -> Reference:
    return Reference(reference.source, reference.line, reference.what, reference.url, True)


def _check_reference(site: _Site, reference: Reference, problems: Problems) -> None:
    """Add a problem when ``reference`` is internal and does not lead to a file of the site;
    a fragment that names no id of its page is a warning (the page opens, at its top)."""
    path, reason, fragment = _resolve(site, reference)
    if path is not None and reason is None:
        found = _file_of(site, path)
        if found is None:
            reason = tr(
                "{what} '{url}' leads to no file of the site (looked for {files})",
                what=reference.what,
                url=reference.url,
                files=tr(" or ").join(_candidates(path)),
            )
        elif fragment and found in site.ids and fragment not in site.ids[found]:
            where = site.root / reference.source
            message = tr(
                "{what} '{url}' names '#{fragment}', no id of {page}",
                what=reference.what,
                url=reference.url,
                fragment=fragment,
                page=found,
            )
            problems.warn(where, reference.line, message, _fix_link())
    if reason:
        problems.add(site.root / reference.source, reference.line, reason, _fix_link())


def _resolve(site: _Site, reference: Reference) -> tuple[str | None, str | None, str]:
    """The site-relative path ``reference`` leads to (None when it is external), the problem
    when it cannot be followed (or None), and its fragment. Relative URLs resolve as a browser
    does, from the page's own address on the site."""
    url = reference.url.strip()
    parts = urlsplit(url)
    if reference.absolute and not parts.scheme:
        return (
            None,
            tr(
                "{what} '{url}' is not absolute; sitemaps and feeds need absolute URLs",
                what=reference.what,
                url=reference.url,
            ),
            "",
        )
    if not url:
        return None, None, ""
    if parts.scheme or parts.netloc:
        if site.site_url is None or not _is_on_site(url, site.site_url):
            return None, None, ""  # external, mailto:, tel:, data: … (the sanitizer judges those)
        address = parts.path or "/"
    else:
        page = reference.base or site.address(reference.source)
        if _SPLITS_A_PATH.search(page):  # urljoin's own reading of such a page's address
            address = urlsplit(urljoin(RESOLVER + page, url)).path
        else:
            address = joined_path(page, parts.path)
    if not address.startswith(site.path):
        return (
            None,
            tr(
                "{what} '{url}' leads outside the site's address {address}",
                what=reference.what,
                url=reference.url,
                address=site.path,
            ),
            "",
        )
    return unquote(address[len(site.path) :]), None, unquote(parts.fragment)


def joined_path(page: str, path: str) -> str:
    """The path a relative reference whose path is ``path`` leads to from the page at the path
    ``page`` (holding no ``;``, ``?`` or ``#``): what ``urljoin`` gives (RFC 3986's merge and
    removal of dot segments), without making and parsing two URLs for each of the hundreds of
    thousands of references a large site holds."""
    if not path:
        return page  # a fragment or query alone: the page itself
    if path.startswith("/"):
        segments = path.split("/")
    else:
        folder = page.split("/")
        if folder[-1] != "":
            del folder[-1]  # the page's own name
        segments = folder + path.split("/")
        segments[1:-1] = [segment for segment in segments[1:-1] if segment]
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    joined = "/".join(resolved) or "/"
    return joined if joined.startswith("/") else "/" + joined


def _is_on_site(url: str, site_url: str) -> bool:
    """Whether the absolute ``url`` is on the site, whatever its scheme (http or https)."""
    return urlsplit(url).netloc == urlsplit(site_url).netloc


def _candidates(path: str) -> list[str]:
    """The files a server answers ``path`` with: a folder's index.html, or the file itself."""
    if path == "" or path.endswith("/"):
        return [f"{path}index.html"]
    return [path, f"{path}/index.html"]


def _file_of(site: _Site, path: str) -> str | None:
    return next((name for name in _candidates(path) if name in site.files), None)
