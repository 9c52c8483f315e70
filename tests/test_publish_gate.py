"""A build that cannot be half-done: one build at a time per site, no staging folder survives
a failure or a kill, and the gate before the swap refuses a site whose links, assets, sitemap or
feeds are broken, naming the file and the reason."""

from __future__ import annotations

import logging
import os
import random
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree
from test_seo import SITE_URL, news_files

import generator.gate
import generator.publish
from generator.cli import main
from generator.gate import check_site
from generator.publish import SiteBusy, site_lock, swap_into_place

from conftest import ENV, PORTAL, Project, mini_files, mkdocs_yml


def leftovers(project: Project) -> list[str]:
    """Staging or old-site folders beside the site (the lock file may stay)."""
    return sorted(p.name for p in project.root.glob(".site-*") if p.is_dir())


def start_build(project: Project, *args: str) -> subprocess.Popen[str]:
    """A ``portal build`` in its own process group, so a kill reaches Pagefind too."""
    return subprocess.Popen(
        [*PORTAL, "build", *args],
        cwd=project.root,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Project:
    """The mini portal with news, built once. Tests that build it again leave it built."""
    project = Project(tmp_path_factory.mktemp("published"))
    project.write({"mkdocs.yml": mkdocs_yml(), **mini_files(), **news_files()})
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert "checked links, assets, sitemap and feeds" in result.stderr
    return project


@pytest.fixture
def in_process(published, monkeypatch) -> Project:
    """Runs ``portal build`` inside the test process, so a test can plant a failure."""
    project = published
    monkeypatch.chdir(project.root)
    for name in ("mkdocs", "py.warnings"):  # the build takes them over; give them back
        logger = logging.getLogger(name)
        monkeypatch.setattr(logger, "propagate", logger.propagate)
        monkeypatch.setattr(logger, "level", logger.level)
    return project


def build_in_process(project: Project):
    return CliRunner().invoke(main, ["-f", str(project.root / "mkdocs.yml"), "build"])


# --- one build at a time ----------------------------------------------------------------------


def test_the_site_lock_refuses_a_second_holder_and_names_the_first(tmp_path):
    site = tmp_path / "site"
    with site_lock(site):
        with pytest.raises(SiteBusy) as refused:
            with site_lock(site):
                pass
    assert f"pid {os.getpid()}" in str(refused.value)
    assert str(tmp_path / ".site.lock") in str(refused.value)
    with site_lock(site):  # released when the first block ended
        pass


def test_a_build_of_a_locked_site_fails_at_once_or_waits_with_wait(published):
    project = published
    digest = project.digest()
    with site_lock(project.site):
        refused = project.build()
        assert refused.returncode == 1
        assert f"(pid {os.getpid()}) is publishing this site" in refused.stderr
        assert project.digest() == digest

        waiting = start_build(project, "--wait")
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert f"waiting for the build or deploy of pid {os.getpid()}" in line
        assert waiting.poll() is None  # it holds still until the lock is released
        assert leftovers(project) == []
    _, errors = waiting.communicate(timeout=600)
    assert waiting.returncode == 0, errors
    assert project.digest() == digest
    assert leftovers(project) == []


def test_two_builds_started_at_once_publish_one_complete_site(published):
    project = published
    digest = project.digest()
    builds = [start_build(project), start_build(project)]
    results = [(build.wait(timeout=600), build.communicate()[1]) for build in builds]
    for code, errors in results:
        assert code == 0 or (code == 1 and "is publishing this site" in errors), errors
    assert 0 in [code for code, _ in results]
    assert project.digest() == digest
    assert leftovers(project) == []


# --- no failure leaves a staging folder -------------------------------------------------------


def _wait_for(condition, build: subprocess.Popen[str]) -> bool:
    """Poll until ``condition()`` holds; False when the build ended first."""
    while not condition():
        if build.poll() is not None:
            return False
        time.sleep(0.02)
    return True


def _staging(project: Project) -> list[Path]:
    return list(project.root.glob(".site-build-*"))


MOMENTS = {
    "after 0.5 s": lambda project: lambda: time.sleep(0.5) or True,
    "after 2 s": lambda project: lambda: time.sleep(2) or True,
    "after 4 s": lambda project: lambda: time.sleep(4) or True,
    "when the staging folder appears": lambda project: lambda: bool(_staging(project)),
    "when the staging holds pages": lambda project: (
        lambda: any((folder / "en" / "index.html").exists() for folder in _staging(project))
    ),
    "when the sitemap is written": lambda project: (
        lambda: any((folder / "sitemap.xml").exists() for folder in _staging(project))
    ),
}


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_a_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(published, moment):
    project = published
    digest = project.digest()
    build = start_build(project)
    _wait_for(MOMENTS[moment](project), build)
    os.killpg(build.pid, signal.SIGKILL)
    build.communicate(timeout=60)

    assert project.digest() == digest
    left = leftovers(project)
    following = project.build()
    assert following.returncode == 0, following.stderr
    for name in left:
        assert f"removed {name}/, left by an interrupted build" in following.stderr
    assert leftovers(project) == []


def test_sigterm_removes_the_staging_folder_at_once(published):
    project = published
    digest = project.digest()
    build = start_build(project)
    assert _wait_for(lambda: bool(_staging(project)), build), build.communicate()[1]
    build.send_signal(signal.SIGTERM)  # the process only, as a service manager would
    _, errors = build.communicate(timeout=120)
    assert build.returncode == 143, errors
    assert "build terminated" in errors
    assert "the previous site in site/ is unchanged" in errors
    assert leftovers(project) == []
    assert project.digest() == digest


def test_an_unexpected_error_removes_the_staging_folder(in_process, monkeypatch):
    project = in_process
    before = project.digest()

    def fail_instead_of_swapping(built: Path, site_dir: Path) -> None:
        assert (built / "sitemap.xml").is_file()  # a whole site was staged
        raise RuntimeError("a bug planted by the test")

    monkeypatch.setattr(generator.publish, "swap_into_place", fail_instead_of_swapping)
    result = build_in_process(project)
    assert isinstance(result.exception, RuntimeError), result.stderr
    assert "the previous site in site/ is unchanged" in result.stderr
    assert leftovers(project) == []
    assert project.digest() == before


def test_ctrl_c_removes_the_staging_folder(in_process, monkeypatch):
    project = in_process
    before = project.digest()

    def interrupted(site_dir: Path, site_url: str | None = None, cache=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.gate, "check_site", interrupted)
    result = build_in_process(project)
    assert result.exit_code == 130, result.stderr
    assert "build interrupted" in result.stderr
    assert leftovers(project) == []
    assert project.digest() == before


def test_the_swap_exchanges_the_folders_and_removes_the_old_one(tmp_path):
    site, built = tmp_path / "site", tmp_path / ".site-build-x"
    site.mkdir()
    (site / "old.html").write_text("old")
    built.mkdir()
    (built / "new.html").write_text("new")
    swap_into_place(built, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["new.html"]


def test_the_published_folder_is_readable_as_any_other_folder(published):
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(published.site.stat().st_mode) == 0o777 & ~mask


# --- the gate before the swap -----------------------------------------------------------------


def test_a_broken_asset_fails_the_build_before_the_swap(in_process, monkeypatch):
    project = in_process
    before = project.digest()
    real = generator.gate.check_site

    def lose_the_stylesheet_then_check(site_dir: Path, *args, **kwargs):
        next((site_dir / "assets/stylesheets").glob("portal.*.min.css")).unlink()  # a bad template
        return real(site_dir, *args, **kwargs)

    monkeypatch.setattr(generator.gate, "check_site", lose_the_stylesheet_then_check)
    result = build_in_process(project)
    assert result.exit_code == 1
    assert (
        "en/index.html:" in result.stderr
        and "<link href> '../assets/stylesheets/portal." in result.stderr
        and ".min.css' leads to no file of the site" in result.stderr
    ), result.stderr
    assert "did not pass the checks before publishing" in result.stderr
    assert "the previous site in site/ is unchanged" in result.stderr
    assert leftovers(project) == []
    assert project.digest() == before


@pytest.fixture
def copy(published, tmp_path) -> Path:
    """A copy of the built mini portal with news, to break."""
    project = published
    target = tmp_path / "site"
    shutil.copytree(project.site, target)
    assert check_site(target) == [] or all(p.severity == "warning" for p in check_site(target))
    return target


def errors_of(site: Path) -> list[str]:
    return [str(p) for p in check_site(site) if p.severity == "error"]


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text} not in {path}")


def test_the_gate_names_each_page_that_loads_a_missing_asset(copy):
    line = line_of(copy / "plans/index.html", "media/emblem.svg")
    (copy / "media/emblem.svg").unlink()
    errors = errors_of(copy)
    expected = (
        f"plans/index.html:{line}: <img src> '../media/emblem.svg' leads to no file of the site"
    )
    assert any(e.startswith(expected) for e in errors), errors
    pages = {e.split(":")[0] for e in errors}
    assert len(pages) == sum(1 for _ in copy.rglob("*.html"))  # every page shows the emblem


def test_the_gate_follows_links_as_a_browser_does(copy):
    (copy / "media/a file.txt").write_text("x")
    links = {
        "../about/": True,  # a folder: its index.html
        "../about/index.html": True,
        "../about": True,
        "/plans/84-kh/": True,  # root-relative
        f"{SITE_URL}en/plans/": True,  # absolute, to the site itself
        f"{SITE_URL.replace('https:', 'http:')}en/plans/": True,
        "../media/a%20file.txt": True,  # percent-encoded
        "../about/#main-content": True,
        "https://example.org/elsewhere/": True,  # external: not ours to check
        "mailto:someone@example.org": True,
        "../nowhere/": False,
        "/plans/84-kh/missing.pdf": False,
        f"{SITE_URL}en/nowhere/": False,
        "../media/a%20fil.txt": False,
    }
    anchors = "".join(f'<a href="{href}">x</a>\n' for href in links)
    (copy / "planted").mkdir()
    (copy / "planted/index.html").write_text(
        f"<!doctype html><html><head><title>t</title></head><body>\n{anchors}</body></html>"
    )
    errors = [e for e in errors_of(copy) if e.startswith("planted/")]
    broken = [href for href, works in links.items() if not works]
    assert len(errors) == len(broken), errors
    for line, href in enumerate(links, start=2):
        found = [e for e in errors if e.startswith(f"planted/index.html:{line}: <a href> '{href}'")]
        assert bool(found) != links[href], (href, errors)


def test_relative_paths_are_joined_as_urljoin_joins_them():
    """The gate joins a page's relative references itself (a large site holds hundreds of
    thousands): the same path as ``urljoin`` for every mix of folders, dot segments, empty
    segments, queries and fragments, from pages at the root, in folders and named oddly (a
    page named with ";", "?" or "#" is left to urljoin, which reads them as delimiters)."""
    pages = ["/", "/index.html", "/en/about/x/index.html", "/a/b", "/a/b/", "//a//b/x.html"]
    pages += ["/a/./b/../c.html", "/en/a b/%20/index.html", "/a?b/x.html", "/a#b/", "/a;b/c"]
    segments = ["", ".", "..", "a", "b", "index.html", "x y", "%2e%2e", "...", "c.css", "p;q"]
    chosen = random.Random(12)
    urls = {"", "#top", "?a", ".", "..", "./", "../", "/", "/a/../../b", "../../../../x"}
    urls |= {"a//b", "./a/./b/../", "..//x", "../about/?q=1#f"}
    for _ in range(3000):
        url = "/".join(chosen.choice(segments) for _ in range(chosen.randint(1, 5)))
        urls.add(("/" if chosen.random() < 0.2 else "") + url + chosen.choice(["", "?q", "#f"]))
    compared = 0
    for page in pages:
        for url in sorted(urls):
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not url:
                continue  # ("//x" names a host): never joined; an empty URL leads nowhere
            expected = urlsplit(urljoin(generator.gate.RESOLVER + page, url)).path
            site = generator.gate._Site(Path("."), frozenset(), None, {})
            reference = generator.gate.Reference("x.html", 1, "<a href>", url, base=page)
            assert generator.gate._resolve(site, reference)[0] == unquote(expected[1:]), (page, url)
            compared += 1
    assert compared > 10_000


def test_a_fragment_that_names_no_id_is_a_warning(copy):
    page = copy / "en/about/index.html"
    page.write_text(page.read_text().replace('href="#main-content"', 'href="#nowhere"'))
    problems = [str(p) for p in check_site(copy) if p.severity == "warning"]
    assert any(
        p.startswith("en/about/index.html:") and "'#nowhere' names '#nowhere', no id of" in p
        for p in problems
    ), problems


def test_the_gate_checks_srcset_and_the_sites_stylesheets(copy):
    page = copy / "en/index.html"
    page.write_text(
        page.read_text().replace(
            "</body>", '<img alt="" src="../media/hero.svg" srcset="../media/gone.webp 2x"></body>'
        )
    )
    stylesheet = next((copy / "assets/stylesheets").glob("portal.*.min.css"))
    stylesheet.write_text(
        stylesheet.read_text() + "\n.x { background: url('../images/gone.png') }\n"
    )
    errors = errors_of(copy)
    assert any("en/index.html:" in e and "<img srcset> '../media/gone.webp'" in e for e in errors)
    css_line = len(stylesheet.read_text().splitlines())
    assert any(
        e.startswith(
            f"assets/stylesheets/{stylesheet.name}:{css_line}: CSS url() '../images/gone.png'"
        )
        for e in errors
    ), errors


def test_a_corrupt_sitemap_fails_with_its_line(copy):
    sitemap = copy / "sitemap.xml"
    sitemap.write_text(sitemap.read_text()[:-40])
    errors = errors_of(copy)
    assert any(e.startswith("sitemap.xml:") and "does not parse as XML" in e for e in errors)


def test_a_sitemap_entry_without_its_page_fails(copy):
    shutil.rmtree(copy / "en/plans/84-kh")
    line = line_of(copy / "sitemap.xml", f"<loc>{SITE_URL}en/plans/84-kh/</loc>")
    errors = errors_of(copy)
    assert f"sitemap.xml:{line}: sitemap <loc> '{SITE_URL}en/plans/84-kh/' leads to no file" in (
        "\n".join(errors)
    ), errors


def test_a_feed_that_does_not_parse_fails_and_so_does_one_with_a_dead_link(copy):
    feed = copy / "en/feed.xml"
    assert feedparser.parse(feed.read_bytes()).entries  # a real feed with entries
    original = feed.read_text()
    feed.write_text(original.replace("</feed>", ""))
    assert any(e.startswith("en/feed.xml:") and "does not parse" in e for e in errors_of(copy))

    feed.write_text(original.replace(f"{SITE_URL}en/news/forum/", f"{SITE_URL}en/news/gone/"))
    errors = errors_of(copy)
    assert any(
        e.startswith("en/feed.xml:") and f"feed <link> '{SITE_URL}en/news/gone/'" in e
        for e in errors
    ), errors


def test_robots_txt_must_name_the_sitemap(copy):
    robots = copy / "robots.txt"
    robots.write_text("User-agent: *\nAllow: /\n")
    assert any(e.startswith("robots.txt:1: robots.txt names no sitemap") for e in errors_of(copy))


# --- portal verify ----------------------------------------------------------------------------


def test_portal_verify_reports_links_and_invalid_html_with_file_and_line(published, copy):
    project = published
    clean = project.run("verify", str(copy))
    assert clean.returncode == 0, clean.stderr
    assert "verified" in clean.stdout

    page = copy / "en/about/index.html"
    page.write_text(page.read_text().replace("</main>", "</span></main>", 1))
    line = line_of(page, "</span></main>")
    (copy / "media/hero.svg").unlink()
    broken = project.run("verify", str(copy))
    assert broken.returncode == 1
    assert f"{copy}/en/about/index.html:{line}: Stray end tag “span”." in broken.stderr
    assert "media/hero.svg' leads to no file of the site" in broken.stderr


def test_portal_verify_without_java_says_how_to_install_it(published, copy):
    project = published
    result = subprocess.run(
        [*PORTAL, "verify", str(copy)],
        cwd=project.root,
        env={**ENV, "PATH": str(copy)},  # a PATH with no java on it
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2, result.stderr
    assert "Java is not installed — install a Java runtime" in result.stderr


def test_the_shipped_site_passes_the_gate(shipped_site):
    started = time.perf_counter()
    problems = check_site(shipped_site)
    seconds = time.perf_counter() - started
    assert [str(p) for p in problems if p.severity == "error"] == []
    pages = sum(1 for _ in shipped_site.rglob("*.html"))
    assert pages > 800
    print(f"gate: {pages} HTML files in {seconds:.2f} s")  # shown with -s; not a timed test
    root = etree.parse(str(shipped_site / "sitemap.xml")).getroot()
    assert len(root) > 700  # the gate had a real sitemap to follow


# --- the site folder a build may replace -----------------------------------------------------


def test_a_build_refuses_to_replace_the_project_itself(project):
    """`--site-dir .` once swapped the whole repository away; now nothing is touched."""
    before = sorted(p.name for p in project.root.iterdir())
    result = project.run("build", "--site-dir", ".")
    assert result.returncode == 2
    assert "this folder holds the project itself" in result.stderr
    assert sorted(p.name for p in project.root.iterdir()) == before


@pytest.mark.parametrize(
    "case",
    ["project", "parent-of-project", "home", "sources", "foreign-files"],
)
def test_unsafe_site_folders_are_refused(tmp_path, monkeypatch, case):
    from generator.publish import UnsafeSiteDir, check_site_dir

    project_dir = tmp_path / "portal"
    (project_dir / "content").mkdir(parents=True)
    (project_dir / "mkdocs.yml").write_text("site_name: x\n")
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    site = {
        "project": project_dir,
        "parent-of-project": tmp_path,
        "home": tmp_path / "home",
        "sources": other,
        "foreign-files": other,
    }[case]
    if case == "sources":
        (other / ".git").mkdir()
    if case == "foreign-files":
        (other / "report.docx").write_text("an agency's file")
    with pytest.raises(UnsafeSiteDir):
        check_site_dir(site, project_dir)


def test_a_new_empty_or_previously_built_folder_is_accepted(tmp_path):
    from generator.publish import check_site_dir

    project_dir = tmp_path / "portal"
    project_dir.mkdir()
    check_site_dir(project_dir / "site", project_dir)  # does not exist yet
    (project_dir / "site").mkdir()
    check_site_dir(project_dir / "site", project_dir)  # empty
    for name in ("index.html", "sitemap.xml", "robots.txt"):
        (project_dir / "site" / name).write_text("x")
    check_site_dir(project_dir / "site", project_dir)  # a site built before
