"""The translation lint (`portal i18n lint`): each rule of translations/lint.yml and the glossary's
two rules find their fault in a tiny portal and name its file and line; the shipped content and
catalogs pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.portal import load_portal
from generator.i18n.lint import lint_portal

from conftest import ROOT, mkdocs_yml, page

LINT_FILES = ("lint.yml", "glossary.yml")

VI_PO = """\
msgid ""
msgstr ""
"Language: vi\\n"

msgid "Special national relic"
msgstr "Di tích quốc gia đặc biệt"
"""

ZH_PO = """\
msgid ""
msgstr ""
"Language: zh_Hans_CN\\n"

msgid "Special national relic"
msgstr "国家级遗迹"
"""

# Each fixture file, its text, and the `path:line: message` start the lint must report.
CASES = {
    "korean-register": (
        "content/about/index.ko.md",
        page("소개", "흥옌성을 소개합니다.\n\n성은 홍강 삼각주에 있다."),
        'content/about/index.ko.md:6: plain-style (한다/이다) sentence ending "있다"',
    ),
    "japanese-register": (
        "content/about/index.ja.md",
        page("紹介", "フンイエン省を紹介します。\n\n省は紅河デルタにある地域である。"),
        'content/about/index.ja.md:6: plain-style (である/だ) sentence ending "である"',
    ),
    "chinese-simplified": (
        "content/about/index.zh.md",
        page("介绍", "兴安省位于红河三角洲。\n\n兴安省的歷史悠久。"),
        'content/about/index.zh.md:6: Traditional (or Japanese) character "歷"',
    ),
    "lao-thai-script": (
        "content/about/index.lo.md",
        page("ແນະນຳ", "ແຂວງຮຶງອຽນ.\n\nຍິນດີຕ້ອນຮັບສູ່ จังหวัด."),
        'content/about/index.lo.md:6: Thai script "จังหวัด"',
    ),
    "lao-thai-calques": (
        "content/data/agencies/lint-lao.yml",
        "title:\n  vi: Tỉnh ủy\n  en: Party Committee\n  zh: 省委\n  ja: 省党委員会\n"
        "  ko: 성 당위원회\n  lo: ຄະນະພັກແຂວງ\n    ຂອງຈັງຫວັດ\n"  # one line, written on two
        "sources: [Charter]\n",
        'content/data/agencies/lint-lao.yml:8: Thai word "ຈັງຫວັດ" in Lao text — write the Lao '
        'word "ແຂວງ"',
    ),
    "vietnamese-in-latin-script": (
        "content/data/agencies/lint-latin.yml",
        "title:\n  vi: Sở Ngoại vụ\n  en: Department of Foreign Affairs\n"
        "  zh: 外事厅（位于兴安（Hưng Yên））\n  ja: 外務局\n  ko: 외무국\n"
        "  lo: ພະແນກການຕ່າງປະເທດ\n"
        "summary:\n  vi: Sở ở Đồng Xâm\n  en: A department\n  zh: 位于Đồng Xâm\n"
        "  ja: 外務局\n  ko: 외무국\n  lo: ພະແນກ\n"
        "sources: [Decision]\n",
        'content/data/agencies/lint-latin.yml:11: Vietnamese words in Latin script "Đồng Xâm"',
    ),
    "one-rendering": (
        "content/plans/index.zh.md",
        page("计划", "计划。\n\n省内的工业园和工业园区。"),
        'content/plans/index.zh.md:6: "工业园" renders the glossary term "khu công nghiệp", '
        'whose preferred rendering is "工业园区" — write "工业园区"',
    ),
    "catalog-terms": (
        "translations/zh/LC_MESSAGES/messages.po",
        ZH_PO,
        "translations/zh/LC_MESSAGES/messages.po:6: the Vietnamese interface string has the "
        'glossary term "di tích quốc gia đặc biệt", but this translation lacks its rendering — '
        'write "国家特别级遗迹"',
    ),
}


def scratch(project, files: dict[str, str]) -> Path:
    """The mini portal with ``files`` and Hưng Yên's own terms (content/glossary.yml), and a
    translations folder holding the shipped rules, shared glossary and a Vietnamese catalog."""
    translations = project.root / "translations"
    translations.mkdir(exist_ok=True)
    for name in LINT_FILES:
        shutil.copy(ROOT / "translations" / name, translations / name)
    shutil.copy(ROOT / "content" / "glossary.yml", project.root / "content" / "glossary.yml")
    project.write({"translations/vi/LC_MESSAGES/messages.po": VI_PO, **files})
    return translations


def lint(project, files: dict[str, str]) -> list[str]:
    translations = scratch(project, files)
    found = lint_portal(load_portal(project.root / "content"), translations, project.root)
    return [str(problem) for problem in found if problem.path in files]


@pytest.mark.parametrize("rule", CASES)
def test_each_rule_fails_a_fixture_naming_file_and_line(project, rule):
    path, text, expected = CASES[rule]
    found = lint(project, {path: text})
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_glossary_name_may_follow_its_rendering_in_brackets(project):
    path, text, _ = CASES["vietnamese-in-latin-script"]
    found = lint(project, {path: text})
    assert not [line for line in found if "Hưng Yên" in line], found


def test_a_gap_rendering_and_a_word_inside_a_korean_phrase_are_not_variants(project):
    files = {
        "content/plans/index.lo.md": page("ແຜນ", "ຄົນຫວຽດນາມທີ່ອາໃສຢູ່ຕ່າງປະເທດ."),
        # 회의 정리: "의정" (an alternative rendering of Nghị định) across two words.
        "content/plans/index.ko.md": page("계획", "회의 정리를 합니다."),
    }
    assert lint(project, files) == []


def test_the_fix_names_the_glossary_the_term_comes_from(project):
    """A province's own term is fixed in content/glossary.yml, a shared one in
    translations/glossary.yml: the fix names the file that holds the term."""
    vi = VI_PO + '\nmsgid "The port of Pho Hien"\nmsgstr "Thương cảng Phố Hiến"\n'
    zh = ZH_PO + '\nmsgid "The port of Pho Hien"\nmsgstr "宪南商港"\n'
    path = "translations/zh/LC_MESSAGES/messages.po"
    found = lint(project, {"translations/vi/LC_MESSAGES/messages.po": vi, path: zh})
    assert sorted(line.split(" — ", 1)[1] for line in found if line.startswith(path)) == [
        'write "国家特别级遗迹", as translations/glossary.yml does',
        'write "庯宪", as content/glossary.yml does',
    ], found


def test_the_command_reports_file_and_line_and_fails(project):
    path, text, expected = CASES["korean-register"]
    translations = scratch(project, {path: text})
    project.write({"mkdocs.yml": mkdocs_yml(translations_dir=str(translations))})
    result = project.run("i18n", "lint")
    assert result.returncode == 1
    assert expected in result.stderr


def test_a_broken_rule_is_reported_at_its_line(project):
    translations = scratch(project, {})
    rules = translations / "lint.yml"
    rules.write_text(
        "rules:\n  - id: bad\n    lang: ko\n    pattern: '(unclosed'\n    what: x\n    fix: y\n",
        encoding="utf-8",
    )
    found = lint_portal(load_portal(project.root / "content"), translations, project.root)
    assert [str(p) for p in found if p.path.endswith("lint.yml")][0].startswith(
        "translations/lint.yml:4:"
    )


def test_the_shipped_content_and_catalogs_pass():
    found = lint_portal(load_portal(ROOT / "content"), ROOT / "translations", ROOT)
    assert [str(problem) for problem in found] == []
