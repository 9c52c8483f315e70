"""The mini portal builds into six language trees with the right markup."""

from __future__ import annotations

from conftest import CODES, TAGS, prefix

PAGES = ["", "about/", "plans/", "agencies/", "plans/84-kh/", "agencies/so-ngoai-vu/"]


def test_every_page_exists_in_every_language_with_its_lang(built_mini):
    for code in CODES:
        for path in PAGES:
            doc = built_mini.html(f"{prefix(code)}{path}index.html")
            assert doc.get("lang") == TAGS[code], (code, path)


def test_build_prints_a_summary_per_language(project):
    result = project.build()
    assert result.returncode == 0, result.stderr
    for code in CODES:
        assert f"  {code}: " in result.stdout
    assert "warnings: 0" in result.stdout


def test_switcher_leads_to_the_same_page_in_each_language(built_mini):
    for code in CODES:
        here = f"{prefix(code)}plans/84-kh/"
        doc = built_mini.html(f"{here}index.html")
        links = doc.cssselect(".portal-langs a")
        current = doc.cssselect(".portal-langs [aria-current='true']")
        assert len(links) == 5 and len(current) == 1
        assert current[0].get("lang") == TAGS[code]
        for link in links:
            other = next(c for c, tag in TAGS.items() if tag == link.get("hreflang"))
            target = (built_mini.site / here / link.get("href")).resolve()
            assert target == (built_mini.site / prefix(other) / "plans/84-kh").resolve()
            assert link.get("lang") == TAGS[other]


def test_plan_tasks_appear_in_each_language(built_mini):
    for code in CODES:
        doc = built_mini.html(f"{prefix(code)}plans/84-kh/index.html")
        rows = doc.cssselect("table.portal-tasks tbody tr")
        assert len(rows) == 2
        text = doc.text_content()
        assert f"Promote the province abroad ({code})" in text
        assert f"Train reporters ({code})" in text


def test_agency_page_lists_its_tasks_across_plans(built_mini):
    doc = built_mini.html("en/agencies/tinh-uy/index.html")
    rows = doc.cssselect("table.portal-tasks tbody tr")
    assert len(rows) == 2  # lead of II.2, partner of II.1
    assert {a.get("href").split("#")[1] for a in doc.cssselect("table.portal-tasks a")} == {
        "task-II.1",
        "task-II.2",
    }


def test_missing_translation_is_a_notice_in_the_readers_language(built_mini):
    doc = built_mini.html("lo/about/index.html")
    assert doc.get("lang") == "lo"
    notice = doc.cssselect(".portal-notice[data-fallback='vi']")
    assert notice, "the Lao page that falls back must say so"
    assert doc.cssselect(".portal-body")[0].get("lang") == "vi"
    assert doc.cssselect("meta[name='robots']")[0].get("content") == "noindex"
    hreflangs = {link.get("hreflang") for link in doc.cssselect("link[rel='alternate'][hreflang]")}
    assert hreflangs == {"vi", "en", "x-default"}


def test_each_language_has_its_own_404(built_mini):
    for code in CODES:
        doc = built_mini.html(f"{prefix(code)}404.html")
        assert doc.get("lang") == TAGS[code]


def test_no_generated_markdown_is_written_into_content(built_mini):
    content = built_mini.root / "content"
    assert not list(content.rglob("84-kh*.md"))


def test_mkdocs_build_and_portal_build_give_the_same_site(project):
    import subprocess
    import sys

    from conftest import ENV

    assert project.build().returncode == 0
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site-mkdocs"],
        cwd=project.root,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert mk.returncode == 0, mk.stderr

    def files(root):
        # gzip files carry their own timestamp; everything else must be identical
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and p.suffix != ".gz"
        }

    portal_files, mkdocs_files = files(project.site), files(project.root / "site-mkdocs")
    assert portal_files.keys() == mkdocs_files.keys()
    different = [name for name in portal_files if portal_files[name] != mkdocs_files[name]]
    assert different == []
