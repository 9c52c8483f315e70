"""Every HTML file of the shipped portal passes the Nu Html Checker (vnu), run for real."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import html as lxml_html

from generator.vnu import vnu_problems


def test_the_whole_site_is_valid_html(shipped_site: Path):
    assert shutil.which("java"), "make test installs a Java runtime for the HTML checker"
    assert [str(p) for p in vnu_problems(shipped_site)] == []  # as 'portal verify' runs it
    assert sum(1 for _ in shipped_site.rglob("*.html")) > 800


def test_the_checker_reports_file_and_line(tmp_path: Path):
    page = tmp_path / "en" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!doctype html>\n<html lang="en"><head><title>t</title></head>\n'
        "<body><p>text</span></p></body></html>\n"
    )
    problems = [str(p) for p in vnu_problems(tmp_path)]
    assert problems == ["en/index.html:3: Stray end tag “span”."]


def test_every_stylesheet_and_script_a_page_loads_exists(shipped_site: Path):
    for page in [shipped_site / "index.html", shipped_site / "lo" / "plans" / "index.html"]:
        doc = lxml_html.fromstring(page.read_bytes())
        targets = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        assert len(targets) == 2  # one stylesheet and one script (generator/theme_bundle.py)
        for href in targets:
            assert (page.parent / href.split("?")[0]).resolve().is_file(), href
