"""``portal init``: a second province's portal, built in six languages with ``make build``."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import html as lxml_html

from generator.cli import main
from generator.content.portal import load_portal
from generator.i18n.status import portal_states, summarise

from conftest import CODES, ENV, TAGS, localized, prefix

PLAN = f"""\
title: {localized("Plan 12")}
number: 12/KH-UBND
doc_type: plan
issuer: ubnd-tinh
issued: 2025-03-04
sources: [Plan 12/KH-UBND]
tasks:
  - id: "1"
    what: {localized("Introduce the province abroad")}
    lead: {{as_written: Sở Ngoại vụ, agency: so-ngoai-vu}}
original_text: |
  KẾ HOẠCH thông tin đối ngoại năm 2025
  1. Sở Ngoại vụ: giới thiệu tỉnh với bạn bè quốc tế.
"""


def init(target: Path, *extra: str) -> None:
    args = ["init", str(target), "--province", "Bắc Ninh", "--name", "zh=北宁", *extra]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_init_writes_a_portal_with_gaps_marked_and_translations_stamped(tmp_path):
    target = tmp_path / "bac-ninh"
    init(target, "--colour", "primary=#0b5cad")
    site_yml = (target / "content/site.yml").read_text(encoding="utf-8")
    site = yaml.safe_load(site_yml)
    assert site["province"]["vi"] == "Tỉnh Bắc Ninh"
    assert site["province"]["zh"] == "北宁省"
    assert site["province"]["en"] == "Bắc Ninh Province"
    # Not given: the Vietnamese name, and the line says it is a gap.
    assert site["province"]["ja"] == "Tỉnh Bắc Ninh"
    assert "ja: Tỉnh Bắc Ninh  # gap" in site_yml and "zh: 北宁省\n" in site_yml
    assert site["colours"]["primary"] == "#0b5cad"
    portal = load_portal(target / "content")
    registry = portal.items["agencies"]
    assert len(registry) == 19
    assert registry["so-ngoai-vu"].model.title["zh"] == "北宁省外事厅"
    assert registry["cong-an-tinh"].model.title["vi"] == "Công an tỉnh Bắc Ninh"
    assert portal.items.get("plans", {}) == {}
    assert all(s.counts.coverage == 100.0 for s in summarise(portal_states(portal)).languages)
    mkdocs = yaml.safe_load((target / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == "Bắc Ninh"
    assert not (target / "theme").exists() and not (target / "generator").exists()


def test_init_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--province", "Bắc Ninh"])
    assert result.exit_code == 1
    assert "is not empty" in result.output


@pytest.mark.parametrize("option", ["--name", "--colour"])
def test_init_refuses_a_malformed_pair(tmp_path, option):
    args = ["init", str(tmp_path / "x"), "--province", "Bắc Ninh", option, "nothing"]
    assert CliRunner().invoke(main, args).exit_code == 2


def test_second_province_builds_in_six_languages_with_make(tmp_path):
    """init, a plan (written as `portal import plan` would write it), `make build`."""
    target = tmp_path / "bac-ninh"
    init(target, "--colour", "primary=#0b5cad")
    (target / "content/data/plans/12-kh-ubnd.yml").write_text(PLAN, encoding="utf-8")
    result = subprocess.run(
        ["make", "build"], cwd=target, env=ENV, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = target / "site"
    for code in CODES:
        home = lxml_html.fromstring((site / prefix(code) / "index.html").read_bytes())
        assert home.get("lang") == TAGS[code]
        brand = home.xpath("string(//*[contains(@class, 'portal-brand__name')])").strip()
        expected = {"zh": "北宁省", "en": "Bắc Ninh Province"}.get(code, "Tỉnh Bắc Ninh")
        assert brand == expected, code
        plan = lxml_html.fromstring(
            (site / prefix(code) / "plans/12-kh-ubnd/index.html").read_bytes()
        )
        assert f"Introduce the province abroad ({code})" in plan.text_content()
    assert "Hưng Yên" not in (site / "index.html").read_text(encoding="utf-8")
    [stylesheet] = (site / "assets/stylesheets").glob("portal.*.min.css")
    assert "--portal-red:#0b5cad" in stylesheet.read_text(encoding="utf-8")
