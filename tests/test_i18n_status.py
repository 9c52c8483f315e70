"""Translation status: source hashes, `portal i18n status` and `stamp`, the reader's notice on
stale and machine-made translations, and glossary warnings in `portal check`."""

from __future__ import annotations

import json
import re

import pytest

from generator.content.models import Agency
from generator.content.problems import Problems
from generator.i18n.freshness import item_hash, page_hash
from generator.i18n.glossary import load_glossary, load_term_base

from conftest import CODES, ROOT, page

TARGETS = [code for code in CODES if code != "vi"]


def status_json(project) -> dict:
    result = project.run("i18n", "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def language(report: dict, code: str) -> dict:
    return next(entry for entry in report["languages"] if entry["lang"] == code)


def not_translated(report: dict) -> list[tuple[str, str, str]]:
    return [
        (t["key"], t["lang"], t["state"])
        for t in report["translations"]
        if t["state"] != "translated"
    ]


def stamp(project, *args: str):
    result = project.run("i18n", "stamp", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def edit_vietnamese_about(project) -> None:
    path = project.root / "content/about/index.vi.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("See [plans]", "Read [the plans]"),
        encoding="utf-8",
    )


# --- source hashes -------------------------------------------------------------------------


def test_page_hash_ignores_line_endings_and_surrounding_blank_lines():
    same = page_hash(" Giới thiệu", "\r\nDòng 1\r\nDòng 2")
    assert page_hash("Giới thiệu", "Dòng 1\nDòng 2\n") == same
    assert page_hash("Giới thiệu", "Dòng 1") != page_hash("Giới thiệu", "Dòng 2")
    assert page_hash("A", "x") != page_hash("B", "x")
    assert re.fullmatch(r"[0-9a-f]{12}", page_hash("A", "x"))


def test_item_hash_changes_with_the_vietnamese_only():
    def agency(vi: str, en: str, translation: dict | None = None) -> Agency:
        title = {code: f"Agency ({code})" for code in CODES} | {"vi": vi, "en": en}
        data = {"title": title, "sources": ["x"], "translation": translation or {}}
        return Agency.model_validate(data)

    base = item_hash(agency("Sở Ngoại vụ", "Department of Foreign Affairs"))
    assert item_hash(agency("Sở Ngoại vụ", "Foreign Office")) == base
    assert item_hash(agency("Sở Ngoại vụ", "x", {"en": {"source": "0123456789ab"}})) == base
    assert item_hash(agency("Sở Tài chính", "Department of Foreign Affairs")) != base


# --- status and stamp ----------------------------------------------------------------------


def test_status_counts_each_language_and_section(project):
    before = status_json(project)
    assert language(before, "en")["unverified"] == 7 and language(before, "en")["translated"] == 0

    stamp(project, "content")
    report = status_json(project)
    # 4 pages (home, about, plans, agencies) and 3 items (one plan, two agencies) per language
    english = language(report, "en")
    assert (english["total"], english["translated"], english["coverage"]) == (7, 7, 100.0)
    for code in CODES[2:]:  # neither the source (vi) nor the stamped English
        counts = language(report, code)
        assert (counts["total"], counts["translated"], counts["missing"]) == (7, 6, 1)
        assert counts["coverage"] == 85.7
        sections = {(s["subject"], s["section"]): s for s in counts["sections"]}
        about, plans = sections["page", "about"], sections["item", "plans"]
        assert (about["total"], about["missing"]) == (1, 1)
        assert (plans["total"], plans["translated"]) == (1, 1)
    missing = [("about/index", code, "missing") for code in TARGETS[1:]]
    assert sorted(not_translated(report)) == sorted(missing)


def test_editing_the_vietnamese_makes_exactly_that_translation_stale_until_stamped(project):
    stamp(project, "content")
    edit_vietnamese_about(project)

    report = status_json(project)
    stale = [entry for entry in not_translated(report) if entry[2] != "missing"]
    assert stale == [("about/index", "en", "stale")]
    assert language(report, "en")["stale"] == 1

    text = project.run("i18n", "status").stdout
    row = next(line for line in text.splitlines() if re.match(r"en\s+page\s+about\s", line))
    assert row.split()[3:9] == ["1", "0", "0", "1", "0", "0"]  # total, translated, missing, stale…

    stamp(project, "content/about/index.en.md")
    assert [e for e in not_translated(status_json(project)) if e[2] != "missing"] == []


def test_stamp_edits_only_the_translation_block(project):
    path = project.root / "content/about/index.en.md"
    path.write_bytes(b"---\r\ntitle: About\r\ntranslation:\r\n  by: machine\r\n---\r\nSee.\r\n")
    stamp(project, "content/about/index.vi.md")
    text = path.read_bytes().decode()
    assert re.fullmatch(
        r"---\r\ntitle: About\r\ntranslation: \{source: [0-9a-f]{12}, by: machine\}\r\n"
        r"---\r\nSee.\r\n",
        text,
    )
    item = project.root / "content/data/agencies/tinh-uy.yml"
    original = item.read_text(encoding="utf-8")
    stamp(project, str(item), "--lang", "ja", "--by", "reviewed")
    stamp(project, str(item), "--lang", "en")
    assert item.read_text(encoding="utf-8").startswith(original)
    block = item.read_text(encoding="utf-8")[len(original) :]
    assert re.fullmatch(
        r"translation:\n  en: \{source: (\w{12}), by: human\}\n"
        r"  ja: \{source: \1, by: reviewed\}\n",
        block,
    )


def test_fail_under_exits_1_when_a_language_is_below(project):
    stamp(project, "content")
    below = project.run("i18n", "status", "--fail-under", "90")
    assert below.returncode == 1
    assert "zh: coverage 85.7% is below 90%" in below.stderr
    assert "en: coverage" not in below.stderr
    assert project.run("i18n", "status", "--fail-under", "85").returncode == 0


def test_html_report_draws_coverage_without_external_assets(project):
    stamp(project, "content")
    result = project.run("i18n", "status", "--html", "report/i18n.html")
    assert result.returncode == 0, result.stderr
    from lxml import html as lxml_html

    doc = lxml_html.fromstring((project.root / "report/i18n.html").read_bytes())
    assert doc.cssselect("svg.chart rect.s-translated")
    assert len(doc.cssselect("table")) == len(TARGETS)
    assert not doc.cssselect("link, script, img, [src]")
    assert "85.7%" in doc.text_content()
    assert doc.get("lang") == "en" and doc.cssselect("h1")[0].text == "Translation status"


def test_html_report_speaks_the_tools_language(project):
    stamp(project, "content")
    result = project.run("--lang", "vi", "i18n", "status", "--html", "report/vi.html")
    assert result.returncode == 0, result.stderr
    from lxml import html as lxml_html

    doc = lxml_html.fromstring((project.root / "report/vi.html").read_bytes())
    assert doc.get("lang") == "vi"
    assert doc.cssselect("h1")[0].text == "Tình trạng bản dịch"
    heads = [th.text_content() for th in doc.cssselect("table")[0].cssselect("thead th")]
    assert heads[:3] == ["loại", "mục", "tổng"] and "đã dịch" in heads


# --- what readers see ----------------------------------------------------------------------


def test_stale_and_machine_translations_show_a_notice_in_the_readers_language(project):
    stamp(project, "content")
    edit_vietnamese_about(project)
    stamp(project, "content/data/plans/84-kh.yml", "--lang", "ja", "--by", "machine")
    result = project.build()
    assert result.returncode == 0, result.stderr

    stale = project.html("en/about/index.html").cssselect(".portal-notice[data-translation]")
    assert [n.get("data-translation") for n in stale] == ["stale"]
    assert "may be out of date" in stale[0].text_content()
    link = stale[0].cssselect("a")[0]
    assert link.get("hreflang") == "vi"
    target = (project.site / "en/about" / link.get("href")).resolve()
    assert target == (project.site / "about").resolve()

    machine = project.html("ja/plans/84-kh/index.html").cssselect("[data-translation]")
    assert [n.get("data-translation") for n in machine] == ["machine"]
    assert "機械翻訳" in machine[0].text_content()
    assert "ベトナム語の原文" in machine[0].cssselect("a")[0].text_content()

    for path in (
        "about/index.html",
        "en/plans/84-kh/index.html",
        "zh/about/index.html",
        "en/index.html",
        "ko/plans/84-kh/index.html",
    ):
        assert not project.html(path).cssselect("[data-translation]"), path


# --- glossary ------------------------------------------------------------------------------

GLOSSARY = """\
terms:
  - vi: Sở Ngoại vụ
    en: Department of Foreign Affairs
    zh: 外事厅
    ja: 外務局
    ko: 외무국
    lo: ພະແນກການຕ່າງປະເທດ
  - vi: Kế hoạch
    match_case: true
    en: Plan
    zh: 计划
    ja: 計画
    ko: 계획
    lo: ແຜນການ
"""


def test_check_warns_of_a_wrong_rendering_without_failing(project):
    title = (
        "{vi: Sở Ngoại vụ tỉnh Hưng Yên, en: Hưng Yên Foreign Office, zh: 兴安省外事厅, "
        "ja: フンイエン省外務局, ko: 흥옌성 외무국, lo: ພະແນກການຕ່າງປະເທດແຂວງຮຶງອຽນ}"
    )
    project.write(
        {
            "glossary.yml": GLOSSARY,
            # The mini plan names this agency "Foreign Affairs (vi)": kept as an alias, so the
            # plan's words still name the agency its task points at.
            "content/data/agencies/so-ngoai-vu.yml": (
                f"title: {title}\naliases: [Foreign Affairs (vi)]\nsources: [Decision]\n"
            ),
            "content/about/index.vi.md": page("Giới thiệu", "Mở đầu.\n\nSở Ngoại vụ lập kế hoạch."),
            "content/about/index.en.md": page("About", "Intro.\n\nThe Foreign Office plans."),
        }
    )
    result = project.run("check", "--glossary", "glossary.yml")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "glossary:" in line]
    assert warnings == [
        'content/about/index.en.md:6: glossary: the Vietnamese has "Sở Ngoại vụ", but the English '
        'text lacks its official rendering — use "Department of Foreign Affairs" (warning)',
        'content/data/agencies/so-ngoai-vu.yml:1: glossary: the Vietnamese has "Sở Ngoại vụ", but '
        'the English text lacks its official rendering — use "Department of Foreign Affairs" '
        "(warning)",
    ]  # "kế hoạch" is not the document "Kế hoạch" (match_case), so no warning for it
    assert "2 warning(s)" in result.stdout


def test_shipped_glossary_gives_every_language_for_at_least_20_terms():
    """The shared terms (every province's) in translations/, Hưng Yên's own in its content."""
    problems = Problems(ROOT)
    shared = load_glossary(ROOT / "translations/glossary.yml", problems)
    glossary = load_term_base(ROOT / "translations/glossary.yml", ROOT / "content", problems)
    assert shared is not None and glossary is not None, [str(p) for p in problems.items]
    assert len(glossary.terms) >= 20
    official = {term.vi[0]: term.en[0] for term in glossary.terms}
    assert official["Ủy ban nhân dân tỉnh"] == "Provincial People's Committee"
    assert {
        "Sở Ngoại vụ",
        "Sở Tài chính",
        "Kế hoạch",
        "Nghị quyết",
        "khu công nghiệp",
        "Hưng Yên",
        "Phố Hiến",
        "Ban Chỉ đạo công tác thông tin đối ngoại",
    } <= set(official)
    generic = {term.vi[0] for term in shared.terms}
    assert "Sở Ngoại vụ" in generic and not {"Hưng Yên", "Phố Hiến"} & generic


@pytest.mark.parametrize(
    "bad, message",
    [
        ("terms:\n  - vi: Sở Tài chính\n    en: Finance\n", "required field 'terms.0.zh'"),
        ("terms: [", "malformed YAML"),
    ],
)
def test_a_broken_glossary_fails_check_naming_its_line(project, bad, message):
    project.write({"glossary.yml": bad})
    result = project.run("check", "--glossary", "glossary.yml")
    assert result.returncode == 1
    assert re.search(rf"glossary\.yml:\d+: {re.escape(message)}", result.stderr), result.stderr
