"""Builds that take shortcuts give the site a cold build gives, byte for byte.

- ``portal build`` builds the languages in parallel processes and merges them: the same site as
  one process building them one after the other.
- ``portal build`` keeps what it worked out by content hash (sanitizer findings, pages prepared
  for the search index, the search index, the gate's reading of each page): after an edit to a
  page, an item, a template and a catalog, the build that reuses the cache gives the site of a
  build with no cache, and the gate still sees what an edit broke.
- The live preview re-renders only the pages a save touches (and those a browser shows), in this
  process, with content, catalogs and compiled templates kept from before: after an edit to a
  page, an item, a template and a catalog, each page it shows is the cold build's page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import urllib.request
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

import generator.builtpages
import generator.gate
import generator.parallel
from generator.buildcache import CACHE_DIR, BuildCache, content_key
from generator.builtpages import BuiltPage
from generator.content.portal import load_portal
from generator.gate import check_site
from generator.i18n.freshness import page_hash
from generator.preview.engine import PreviewEngine, PreviewState
from generator.preview.server import PreviewServer
from tests.conftest import ROOT, Project, mini_files, mkdocs_yml


def with_own_theme(project: Project) -> Project:
    """``project`` with its own copy of the theme and catalogs, so the test can edit them."""
    shutil.copytree(ROOT / "theme", project.root / "theme")
    shutil.copytree(ROOT / "translations", project.root / "translations")
    config = yaml.safe_load(mkdocs_yml(translations_dir="translations", theme_dir="theme"))
    config["theme"]["custom_dir"] = "theme"
    (project.root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    project.write(mini_files())
    return project


def built(project: Project, *options: str) -> dict[str, bytes]:
    result = project.run("build", *options)
    assert result.returncode == 0, result.stderr
    return {
        path.relative_to(project.site).as_posix(): path.read_bytes()
        for path in sorted(project.site.rglob("*"))
        if path.is_file()
    }


def test_languages_built_in_parallel_give_the_site_of_one_process(project):
    alone = built(project, "--jobs", "1")
    side_by_side = built(project, "--jobs", "3")
    assert len(alone) > 100
    assert side_by_side.keys() == alone.keys()
    differing = [path for path in alone if alone[path] != side_by_side[path]]
    assert not differing


@pytest.mark.parametrize(
    "edits", [["page", "item", "template", "catalog"], ["page"]], ids=["all", "page alone"]
)
def test_a_build_from_the_cache_after_edits_is_a_cold_build(tmp_path, edits):
    """With the page edited alone, every other page comes whole from the cache: its English
    translation must still be rendered again (it now says its original changed)."""
    project = with_own_theme(Project(tmp_path))
    stamp_english_about(project.root)
    first = project.run("build")
    assert first.returncode == 0, first.stderr
    previous = keep_links(project.site, tmp_path / "previous")
    for name in edits:
        CACHE_EDITS[name](project.root)
    warm = project.run("build")
    assert warm.returncode == 0, warm.stderr
    # The site it replaced was never written into (its unchanged files are the new site's).
    assert all(path.read_bytes() == data for path, data in previous.items())
    if edits == ["page"]:
        for page in UNCHANGED_FILES:
            assert (project.site / page).samefile(tmp_path / "previous" / page), page
        assert not (project.site / "about/index.html").samefile(
            tmp_path / "previous/about/index.html"
        )
    reused = int(re.search(r"build cache: (\d+) entries reused", warm.stderr).group(1))
    assert reused > 0, warm.stderr  # what the edits left unchanged came from the cache
    cached = {
        path.relative_to(project.site).as_posix(): path.read_bytes()
        for path in sorted(project.site.rglob("*"))
        if path.is_file()
    }
    cold = built(project, "--no-cache")
    assert "build cache:" not in project.run("build", "--no-cache").stderr
    assert cached.keys() == cold.keys()
    differing = [path for path in cold if cold[path] != cached[path]]
    assert not differing, differing[:10]
    for page, (edit, words) in EDITED_PAGES.items():
        if edit in edits:
            assert words.encode() in cold[page], page


def keep_links(site: Path, into: Path) -> dict[Path, bytes]:
    """A hard link to every file of ``site`` in ``into``, and the bytes each holds now."""
    kept = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            link = into / path.relative_to(site)
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, link)
            kept[link] = path.read_bytes()
    return kept


UNCHANGED_FILES = (  # files an edit to the Vietnamese about page leaves as they were
    "ja/agencies/so-ngoai-vu/index.html",
    "ja/agencies/so-ngoai-vu/index.html.gz",
    "pagefind/pagefind.js",
)
"""Files the build takes from the site it replaces by hard link (same bytes, same file)."""


def stamp_english_about(root: Path) -> None:
    """The English about page marked as a translation of the Vietnamese page as it is now."""
    source = load_portal(root / "content").pages["about/index"]["vi"]
    path = root / "content/about/index.en.md"
    stamp = f"translation:\n  source: {page_hash(source.meta.title, source.body)}\n"
    path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\n" + stamp, 1))


def edit_item_english_title(root: Path) -> None:
    path = root / "content/data/agencies/so-ngoai-vu.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("(en)", "(en, edited)"), encoding="utf-8")


CACHE_EDITS = {
    "page": lambda root: edit_page(root),
    "item": edit_item_english_title,
    "template": lambda root: edit_template(root),
    "catalog": lambda root: edit_catalog(root),
}
EDITED_PAGES = {  # a page each edit changes: the edit, and the words the page shows since
    "about/index.html": ("page", "A sentence added in the preview."),
    # Its English translation, stamped as made from the Vietnamese before the edit, is kept
    # whole in the cache: it must still learn that its original changed.
    "en/about/index.html": ("page", "this translation may be out of date"),
    "en/agencies/so-ngoai-vu/index.html": ("item", "Foreign Affairs (en, edited)"),
    "ja/agencies/so-ngoai-vu/index.html": ("template", "Edited template"),
    "agencies/tinh-uy/index.html": ("catalog", "Cơ quan chủ quản (edited)"),
}


def test_a_fresh_checkout_with_the_cache_of_an_earlier_one_has_the_same_fingerprint(tmp_path):
    """Photographs, documents and videos count by the digest of their bytes, remembered by path,
    size and time: an unchanged file is not read again (so new bytes under the same size and
    time go unseen, as before), a checkout with new times (a CI runner restoring the cache)
    reads each file once and finds the site unchanged, and new bytes under a new time are a
    change."""
    from generator.pagecache import site_fingerprint, site_inputs

    first = Project(tmp_path / "first")
    first.write(mini_files())
    photo = first.root / "content/media/photo.jpg"
    photo.write_bytes(bytes(range(256)) * 64)
    cache = BuildCache(tmp_path / "cache", version="test")

    def fingerprint(root: Path) -> str:
        return site_fingerprint(site_inputs(root / "content", [], [], cache), [])

    def rewrite(path: Path, data: bytes, ns: int | None = None) -> None:
        times = path.stat()
        path.write_bytes(data)
        os.utime(path, ns=(ns, ns) if ns else (times.st_atime_ns, times.st_mtime_ns))

    before = fingerprint(first.root)
    fresh = tmp_path / "fresh"
    shutil.copytree(first.root, fresh, copy_function=shutil.copyfile)
    rewrite(photo, bytes(reversed(range(256))) * 64)  # same size and time: not read again
    assert fingerprint(first.root) == before
    for path in fresh.rglob("*"):
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    assert fingerprint(fresh) == before
    rewrite(fresh / "content/media/photo.jpg", bytes(reversed(range(256))) * 64, 1_800 * 10**15)
    assert fingerprint(fresh) != before


def test_the_cache_of_another_version_of_the_build_is_never_read(tmp_path):
    other = BuildCache(tmp_path / CACHE_DIR, version="an-older-generator")
    key = content_key("page", "same text")
    other.put("search", key, b"what an older build made of it")
    assert other.get("search", key) == b"what an older build made of it"
    current = BuildCache.for_project(tmp_path)
    assert current.get("search", key) is None
    assert other.folder is not None and not other.folder.exists()  # removed, not kept


def test_the_gate_reading_pages_from_the_cache_still_finds_a_broken_link(tmp_path):
    site = tmp_path / "site"
    page = site / "about" / "index.html"
    page.parent.mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="about/">About</a></body></html>')
    page.write_text('<html><body><a href="../">Home</a></body></html>')
    write_search_engine_files(site)
    cache = BuildCache(tmp_path / "cache", version="test")
    assert check_site(site, "https://example.org/", cache) == []
    assert cache.misses and not cache.hits
    page.write_text('<html><body><a href="../missing/">Gone</a></body></html>')
    problems = check_site(site, "https://example.org/", cache)
    assert cache.hits  # the unchanged home page was read from the cache
    assert [problem.path for problem in problems] == ["about/index.html"]
    assert "'../missing/' leads to no file of the site" in problems[0].message


def edit_page(root: Path) -> None:
    path = root / "content/about/index.vi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added in the preview.\n")


def edit_item(root: Path) -> None:
    """A source added to an agency (its title stays: a plan names the agency by it)."""
    path = root / "content/data/agencies/so-ngoai-vu.yml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace("sources: [Decision]", "sources: [Decision, Edited source]")
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def edit_template(root: Path) -> None:
    path = root / "theme/items/agencies.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + '\n<p class="edited">Edited template</p>\n')


def edit_catalog(root: Path) -> None:
    path = root / "translations/vi/LC_MESSAGES/messages.po"
    text = path.read_text(encoding="utf-8")
    edited, count = re.subn(
        r'(msgid "Agency in charge"\nmsgstr ")[^"]*"', r'\1Cơ quan chủ quản (edited)"', text
    )
    assert count == 1
    path.write_text(edited, encoding="utf-8")


EDITS = {
    # edit, the page a browser shows, the pages the preview must have updated
    "page": (edit_page, "/about/", ["about/index.html"]),
    "item": (edit_item, "/agencies/so-ngoai-vu/", ["agencies/so-ngoai-vu/index.html"]),
    "template": (
        edit_template,
        "/en/agencies/so-ngoai-vu/",
        ["en/agencies/so-ngoai-vu/index.html"],
    ),
    "catalog": (edit_catalog, "/agencies/tinh-uy/", ["agencies/tinh-uy/index.html"]),
}


@pytest.mark.parametrize("case", sorted(EDITS))
def test_a_page_the_preview_updates_is_the_cold_builds_page(tmp_path, case):
    project = with_own_theme(Project(tmp_path))
    before = built(project)
    shown = tmp_path / "shown"  # the preview's current site: the build before the edit
    shutil.copytree(project.site, shown)
    state = PreviewState()
    state.publish(site=shown)
    edit, open_page, updated = EDITS[case]
    state.wait(state.version, open_page, 0)  # a browser shows this page
    engine = PreviewEngine(
        project.root / "mkdocs.yml", tmp_path / "preview", state, say=lambda _line: None
    )
    engine.renderer.reload()
    try:
        edit(project.root)
        engine.on_save(engine.watcher.changes())
    finally:
        engine._stop_build()
    assert not state.problems
    cold = built(project)
    for page in updated:
        assert before[page] != cold[page], f"the edit does not show on {page}"
        assert (shown / page).read_bytes() == cold[page], f"{page} differs from a cold build"


def test_a_problem_shows_on_the_last_good_page_with_its_file_and_line(tmp_path):
    project = with_own_theme(Project(tmp_path))
    built(project)
    state = PreviewState()
    state.publish(site=project.site)
    engine = PreviewEngine(project.root / "mkdocs.yml", tmp_path / "preview", state, say=print)
    engine.renderer.reload()
    item = project.root / "content/data/agencies/so-ngoai-vu.yml"
    item.write_text(item.read_text(encoding="utf-8") + "bogus_field: 1\n", encoding="utf-8")
    try:
        engine.on_save(engine.watcher.changes())
    finally:
        engine._stop_build()
    line = item.read_text(encoding="utf-8").count("\n")
    server = PreviewServer(("127.0.0.1", 0), state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/agencies/so-ngoai-vu/"
        with urllib.request.urlopen(url, timeout=30) as response:
            page = lxml_html.fromstring(response.read())
    finally:
        server.shutdown()
    problems = page.get_element_by_id("portal-preview-problems").text_content()
    assert f"content/data/agencies/so-ngoai-vu.yml:{line}: unknown field 'bogus_field'" in problems
    assert "Foreign Affairs (vi)" in page.xpath("//h1")[0].text_content()  # the last good page


def test_a_damaged_cache_file_is_replaced_and_the_entries_written_again(tmp_path):
    cache = BuildCache(tmp_path / "cache", version="test")
    assert cache.folder is not None
    cache.folder.mkdir(parents=True)
    (cache.folder / "entries.sqlite").write_bytes(b"not a database, cut short by a full disk")
    key = content_key("page", "text")
    assert cache.get("search", key) is None
    cache.put("search", key, b"prepared")
    cache.close()
    again = BuildCache(tmp_path / "cache", version="test")
    assert again.get("search", key) == b"prepared"  # written to the new file, read back


def test_the_gate_finds_a_link_broken_by_another_page_even_with_every_page_checked_before(
    tmp_path,
):
    """A page whose links were found sound is checked again when a page it names goes (or
    loses the id a link names): its findings are kept only for the same files and ids."""
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><body><a href="about/">About</a> <a href="about/#team">Team</a></body></html>'
    )
    (site / "about" / "index.html").write_text('<html><body><h2 id="team">Team</h2></body></html>')
    write_search_engine_files(site)
    cache = BuildCache(tmp_path / "cache", version="test")
    assert check_site(site, None, cache) == []
    assert check_site(site, None, cache) == []  # every page's findings from the cache
    about = '<html><body><h2 id="people">Team</h2></body></html>'
    (site / "about" / "index.html").write_text(about)
    warnings = check_site(site, None, cache)
    assert [(p.path, p.severity) for p in warnings] == [("index.html", "warning")]
    assert "'#team'" in warnings[0].message
    (site / "about" / "index.html").unlink()
    (site / "about").rmdir()
    errors = check_site(site, None, cache)
    assert {(p.path, p.severity) for p in errors} == {("index.html", "error")}
    assert any("'about/' leads to no file of the site" in p.message for p in errors)


def test_a_large_sites_pages_are_checked_in_several_processes_with_the_same_findings(
    tmp_path, monkeypatch
):
    """Above ``PAGES_PER_PROCESS`` pages a process, the gate forks: every page is checked in a
    child (none in the parent), the findings are those of one process, and each child writes
    its pages' findings to the cache before it answers."""
    import sqlite3

    import generator.gate as gate

    site = tmp_path / "site"
    for index in range(8):
        page = site / f"p{index}"
        page.mkdir(parents=True)
        target = f"../p{index + 1}/" if index % 3 else "../missing/"
        fragment = "#top" if index % 2 else "#nowhere"
        (page / "index.html").write_text(
            f'<html><body><h1 id="top">P{index}</h1><a href="{target}">next</a> '
            f'<a href="../p0/{fragment}">first</a></body></html>'
        )
    (site / "index.html").write_text('<html><body><a href="p0/">start</a></body></html>')
    write_search_engine_files(site)
    serial = check_site(site, None, None, jobs=1)
    assert {p.severity for p in serial} == {"error", "warning"}

    checked_in = tmp_path / "pids"
    check_page = gate._check_page

    def recording(site, name, *rest):
        with checked_in.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return check_page(site, name, *rest)

    monkeypatch.setattr(gate, "_check_page", recording)
    monkeypatch.setattr(gate, "PAGES_PER_PROCESS", 2)
    cache = BuildCache(tmp_path / "cache", version="test")
    parallel = check_site(site, None, cache, jobs=2)
    assert [str(p) for p in parallel] == [str(p) for p in serial]
    pids = checked_in.read_text().split()
    assert len(pids) == 9 and len(set(pids)) == 2 and str(os.getpid()) not in pids
    database = sqlite3.connect(tmp_path / "cache" / "test" / "entries.sqlite")
    kept = database.execute("SELECT count(*) FROM entries WHERE kind = 'gate-check'").fetchone()
    database.close()
    assert kept == (9,)
    assert [str(p) for p in check_site(site, None, cache, jobs=2)] == [str(p) for p in serial]

    # A process running another thread does not fork (the fork would copy only this thread).
    checked_in.unlink()
    waiting = threading.Event()
    other = threading.Thread(target=waiting.wait)
    other.start()
    try:
        assert [str(p) for p in check_site(site, None, None, jobs=2)] == [str(p) for p in serial]
    finally:
        waiting.set()
        other.join()
    assert set(checked_in.read_text().split()) == {str(os.getpid())}


def test_the_gate_reads_every_kind_of_url_a_page_holds(tmp_path):
    """Links, assets, srcset candidates, an <object>'s data, a poster, the URL metadata of
    social cards and the site's own URLs in JSON-LD: each broken one is named with its line."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<html><head>\n"
        '<link rel="stylesheet" href="missing.css">\n'
        '<meta property="og:image" content="https://example.org/card.png">\n'
        '<meta name="twitter:image" content="https://example.org/twitter.png">\n'
        '<meta name="description" content="https://example.org/not-a-link.png">\n'
        '<script type="application/ld+json">{"url": "https://example.org/gone/"}</script>\n'
        '<script src="app.js"></script>\n'
        "</head><body>\n"
        '<img src="a.png" srcset="b.png 2x, c.png 3x" alt="">\n'
        '<object data="plan.svg"></object>\n'
        '<video poster="poster.jpg"></video>\n'
        '<a href="nowhere/">x</a>\n'
        "</body></html>\n"
    )
    write_search_engine_files(site)
    found = {(p.line, p.message.split("'")[1]) for p in check_site(site, None, None)}
    assert found == {
        (2, "missing.css"),
        (3, "https://example.org/card.png"),
        (4, "https://example.org/twitter.png"),
        (6, "https://example.org/gone/"),
        (7, "app.js"),
        (9, "a.png"),
        (9, "b.png"),
        (9, "c.png"),
        (10, "plan.svg"),
        (11, "poster.jpg"),
        (12, "nowhere/"),
    }


def test_a_link_into_the_search_index_is_checked_on_every_build(tmp_path):
    """The index's own files are left out of what a page's kept findings depend on (they are
    renamed by every edit): a page linking into them is checked again each time."""
    site = tmp_path / "site"
    (site / "pagefind" / "fragment").mkdir(parents=True)
    (site / "pagefind" / "fragment" / "en_1a2b.pf_fragment").write_bytes(b"\x1f\x8b")
    (site / "index.html").write_text(
        '<html><body><a href="pagefind/fragment/en_1a2b.pf_fragment">x</a></body></html>'
    )
    write_search_engine_files(site)
    cache = BuildCache(tmp_path / "cache", version="test")
    assert check_site(site, None, cache) == []
    (site / "pagefind" / "fragment" / "en_1a2b.pf_fragment").rename(
        site / "pagefind" / "fragment" / "en_3c4d.pf_fragment"
    )
    problems = check_site(site, None, cache)
    assert [p.path for p in problems] == ["index.html"]


def test_a_language_process_reads_and_parses_each_page_once_for_gate_and_search(
    tmp_path, monkeypatch
):
    """The processes that build languages read their pages back for the gate (ids and
    references, into the build cache) and for the search index: each page is parsed once for
    both, the gate's reading is the one the gate would make, and the search gets every
    searchable page (a page with no search mark, as a fallback page, only goes to the gate)."""
    folder = tmp_path / "part"
    (folder / "en" / "about").mkdir(parents=True)
    pages = {
        "en/index.html": '<html lang="en"><body><main data-pagefind-body><h1 id="top">Home</h1>'
        '<a href="about/">About</a></main></body></html>',
        "en/about/index.html": '<html lang="en"><body><main data-pagefind-body><h1>About</h1>'
        '<a href="../#top">Home</a></main></body></html>',
        "en/fallback.html": '<html lang="en"><body><a href="index.html">Home</a></body></html>',
    }
    for relative, text in pages.items():
        (folder / relative).write_text(text, encoding="utf-8")
    parses = []
    real = generator.builtpages.lxml_html.fromstring
    monkeypatch.setattr(
        generator.builtpages.lxml_html,
        "fromstring",
        lambda data: parses.append(data) or real(data),
    )
    cache = BuildCache(tmp_path / "cache", version="test")
    index = generator.parallel._index_for_search(folder, ["en"], cache, None, None)
    assert len(parses) == len(pages)
    assert len(set(parses)) == len(pages)
    assert index.pages == 2  # the fallback page carries no search mark
    site = generator.gate._Site(folder, frozenset(), None, {})
    for relative, text in pages.items():
        key = generator.gate._reading_key(site, relative, text.encode())
        stored = cache.get("gate", key)
        assert stored is not None, relative
        page = BuiltPage(folder / relative, relative)
        assert json.loads(stored) == generator.gate._page_entry(site, page)


def write_search_engine_files(site: Path) -> None:
    """The robots.txt and sitemap the gate expects of every site (naming its address)."""
    (site / "robots.txt").write_text("Sitemap: https://example.org/sitemap.xml\n")
    (site / "sitemap.xml").write_text(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/</loc></url></urlset>"
    )


def test_the_pdfs_are_planned_again_only_when_what_they_print_changed(tmp_path):
    """A build whose inputs of the PDFs are those of the last build renders none of their
    documents again (the plan is the build cache's); an edit to the body of a page no PDF
    prints keeps it so, an edit to a page a PDF prints lays that PDF out again."""
    project = Project(tmp_path)
    shutil.copytree(ROOT / "content", project.root / "content")
    project.write({"mkdocs.yml": mkdocs_yml()})
    assert project.run("build").returncode == 0
    again = project.run("build")
    assert "publications: 18 PDFs, inputs unchanged" in again.stderr, again.stderr
    append(project.root / "content/about/index.vi.md", "\nMột câu thêm vào trang không in.\n")
    unprinted = project.run("build")
    assert unprinted.returncode == 0, unprinted.stderr
    assert "publications: 18 PDFs, inputs unchanged" in unprinted.stderr
    append(project.root / "content/tourism/index.vi.md", "\nMột câu thêm vào trang được in.\n")
    printed = project.run("build")
    assert printed.returncode == 0, printed.stderr
    laid_out = re.search(r"publications: 18 PDFs, laid out: (.*)", printed.stderr)
    assert laid_out is not None, printed.stderr
    assert laid_out.group(1) == "hung-yen-travel-handbook-vi.pdf"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
