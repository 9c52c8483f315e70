"""``portal init``: a second province's portal, built in six languages with ``make build``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from click.testing import CliRunner
from lxml import html as lxml_html

from generator.cli import main
from generator.content.portal import load_portal
from generator.i18n.freshness import portal_states
from generator.i18n.status import summarise

from conftest import CODES, ENV, ROOT, TAGS, localized, prefix


def in_language(code: str, message: str) -> str:
    """``message`` as the interface catalog of ``code`` words it, up to its first value."""
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        words = read_po(handle)[message].string
    assert words, (code, message)
    return words.split("%(")[0].strip()


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


def test_a_fresh_starter_portal_checks_with_no_warning(tmp_path):
    """Names missing in ja, ko and lo: each body's name is still written in the language's own
    form, the province's Vietnamese name in it ("Bắc Ninh省外務局"), so every body is named as
    the term base renders it and `portal check` finds nothing to warn of."""
    target = tmp_path / "bac-ninh"
    init(target)
    registry = load_portal(target / "content").items["agencies"]
    assert registry["so-ngoai-vu"].model.title["ja"] == "Bắc Ninh省外務局"
    site_yml = (target / "content/site.yml").read_text(encoding="utf-8")
    assert "    ko: Bắc Ninh성 인민위원회  # gap: fill in\n" in site_yml  # the masthead's agency
    # its own term base starts empty: the shared terms only, none of Hưng Yên's places
    assert yaml.safe_load((target / "content/glossary.yml").read_text(encoding="utf-8")) == {
        "terms": []
    }
    args = ["-f", str(target / "mkdocs.yml"), "check"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "glossary:" not in result.output
    assert result.output.rstrip().endswith("0 warning(s)"), result.output


def test_init_refuses_a_folder_that_holds_files(tmp_path):
    (tmp_path / "old.txt").write_text("x")
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--province", "Bắc Ninh"])
    assert result.exit_code == 1
    assert "is not empty" in result.output


@pytest.mark.parametrize("option", ["--name", "--colour"])
def test_init_refuses_a_malformed_pair(tmp_path, option):
    args = ["init", str(tmp_path / "x"), "--province", "Bắc Ninh", option, "nothing"]
    assert CliRunner().invoke(main, args).exit_code == 2


SEEDS = ROOT / "tests" / "fixtures" / "seeds"
# The seeds are Hưng Yên's; with the province's name replaced they are Bắc Ninh's own documents.
AS_BAC_NINH = {"Hưng Yên": "Bắc Ninh", "HUNG YÊN": "BẮC NINH", "Hung Yên": "Bắc Ninh",
               "HUNG YEN": "BAC NINH", "Hung Yén": "Bac Ninh"}  # fmt: skip
NOTICE = "data-fallback"
FALLBACK_NOTICE = (
    "This page is not yet available in your language. You are reading it in %(language)s."
)


def import_seed(target: Path, pattern: str) -> str:
    """``portal import plan`` of a seed (as Bắc Ninh's) into ``target``; the draft's path."""
    [seed] = SEEDS.glob(pattern)
    text = seed.read_text(encoding="utf-8")
    for old, new in AS_BAC_NINH.items():
        text = text.replace(old, new)
    document = target / seed.name
    document.write_text(text, encoding="utf-8")
    args = ["import", "plan", str(document), "--content", str(target / "content")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output.rsplit("wrote ", 1)[1].strip()


def test_second_province_builds_in_six_languages_with_make(tmp_path):
    """init, a translated plan, two imported Vietnamese-only drafts (the clean plan 84 and the
    OCR letter), `make build`: every plan in six languages, the drafts in Vietnamese marked
    lang="vi" under a notice in each reader's language."""
    target = tmp_path / "bac-ninh"
    init(target, "--colour", "primary=#0b5cad")
    (target / "content/data/plans/12-kh-ubnd.yml").write_text(PLAN, encoding="utf-8")
    drafts = [Path(import_seed(target, "004_*.txt")), Path(import_seed(target, "000_*.txt"))]
    portal = load_portal(target / "content")  # the drafts check clean: no error, no warning
    assert not [w for w in portal.warnings if "data/plans/" in w.path]
    plan_84 = portal.items["plans"][drafts[0].stem].model
    assert len(plan_84.tasks) == 81 and plan_84.untranslated == CODES[1:]
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
        assert not plan.xpath(f"//*[@{NOTICE}]")
        for path in drafts:
            page = lxml_html.fromstring(
                (site / prefix(code) / f"plans/{path.stem}/index.html").read_bytes()
            )
            notice = page.xpath(f"//*[contains(@class, 'portal-notice')][@{NOTICE}]")
            texts = page.xpath(f"//span[@{NOTICE}]")
            if code == "vi":
                assert not notice and not texts
                continue
            assert notice and notice[0].get(NOTICE) == "vi", (code, path)
            words = in_language(code, FALLBACK_NOTICE)
            assert words in notice[0].text_content(), code
            assert texts and all(t.get("lang") == "vi" for t in texts)
            assert page.xpath("//h1/span/@lang") == ["vi"]
            assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/en/plans/{drafts[0].stem}/" not in sitemap and f"/plans/{drafts[0].stem}/" in sitemap
    records = json.loads((site / "data/plans.json").read_text(encoding="utf-8"))["items"]
    draft_record = next(r for r in records if r["slug"] == drafts[0].stem)
    assert draft_record["untranslated"] == CODES[1:] and set(draft_record["title"]) == {"vi"}
    assert "Hưng Yên" not in (site / "index.html").read_text(encoding="utf-8")
    [stylesheet] = (site / "assets/stylesheets").glob("portal.*.min.css")
    assert "--portal-red:#0b5cad" in stylesheet.read_text(encoding="utf-8")
