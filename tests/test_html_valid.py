"""Every HTML file of the shipped portal passes the Nu Html Checker (vnu), run for real."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from lxml import html as lxml_html

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_the_whole_site_is_valid_html(shipped_site: Path):
    java = shutil.which("java")
    assert java, "make test installs a Java runtime for the HTML checker"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", str(shipped_site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[:5000]
    assert sum(1 for _ in shipped_site.rglob("*.html")) > 800


def test_every_stylesheet_and_script_a_page_loads_exists(shipped_site: Path):
    for page in [shipped_site / "index.html", shipped_site / "lo" / "plans" / "index.html"]:
        doc = lxml_html.fromstring(page.read_bytes())
        targets = doc.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        assert len(targets) >= 4
        for href in targets:
            assert (page.parent / href.split("?")[0]).resolve().is_file(), href
