"""XLIFF round trips: `portal i18n export` → a CAT tool (a script here) → `portal i18n import`.

The translated pages and items land in the right files and fields, are stamped and no longer
stale; a file whose Vietnamese changed, or whose tags were broken, is refused by segment; every
script of the portal survives the round trip; translate-toolkit's own tools read the export.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from generator.i18n import inline
from generator.i18n.freshness import item_hash
from generator.i18n.localized import localized_fields
from generator.i18n.segments import body_pieces

from conftest import ROOT, page
from scratch import invoke, load

VENV_BIN = Path(sys.executable).parent
NS = {
    "2.0": "urn:oasis:names:tc:xliff:document:2.0",
    "1.2": "urn:oasis:names:tc:xliff:document:1.2",
}
EVERY_SCRIPT = "ພາສາລາວ · 日本語 · 中文 · 한국어 · Tiếng Việt"

HISTORY_VI = page(
    "Lịch sử Phố Hiến",
    "# Thương cảng **Phố Hiến**\n\n"
    "Xem [các kế hoạch](../plans/index.md) và `mã-84`.\n\n"
    "- mục *một*\n- mục hai\n\n"
    "```\nkhông dịch\n```\n",
    description="Một thương cảng xưa",
)
PLAN = "content/data/plans/84-kh.yml"


def prepare(project) -> None:
    """Everything stamped, then a new Vietnamese page (missing in every translation) and an
    item whose Vietnamese changed (stale), with a comment that must survive the import; the
    portal's own terms are Hưng Yên's (content/glossary.yml)."""
    assert invoke(project, "i18n", "stamp", "content").exit_code == 0
    shutil.copy(ROOT / "content" / "glossary.yml", project.root / "content" / "glossary.yml")
    project.write({"content/about/history.vi.md": HISTORY_VI})
    path = project.root / PLAN
    text = path.read_text(encoding="utf-8").replace("Purpose (vi)", "Mục đích (vi)")
    path.write_text("# the plan of 2024\n" + text, encoding="utf-8")


def export(project, lang: str, *args: str) -> Path:
    out = project.root / "out" / f"{lang}.xlf"
    result = invoke(project, "i18n", "export", "--lang", lang, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return out


def fill(path: Path, translate) -> None:
    """What a CAT tool does: each target is the source, its text translated, its tags kept."""
    root = etree.parse(str(path)).getroot()
    version = root.get("version")
    ns = NS[version]
    holders = root.iter(f"{{{ns}}}segment" if version == "2.0" else f"{{{ns}}}trans-unit")
    for holder in holders:
        source = holder.find(f"{{{ns}}}source")
        old = holder.find(f"{{{ns}}}target")
        if old is not None:
            holder.remove(old)
        target = etree.fromstring(etree.tostring(source))
        target.tag = f"{{{ns}}}target"
        for node in target.iter():
            if node.text and node.tag in (target.tag, f"{{{ns}}}pc"):
                node.text = translate(node.text)
            if node is not target and node.tail:
                node.tail = translate(node.tail)
        source.addnext(target)
        (holder if version == "2.0" else target).set("state", "translated")
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def status(project, lang: str) -> dict[str, str]:
    result = invoke(project, "i18n", "status", "--format", "json")
    report = json.loads(result.output)
    return {t["key"]: t["state"] for t in report["translations"] if t["lang"] == lang}


def marked(text: str) -> str:
    return f"[ja] {text}" if text.strip() else text


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_export_fill_import_translates_pages_and_items(project, version):
    prepare(project)
    before = status(project, "ja")
    assert (before["about/history"], before["plans/84-kh"]) == ("missing", "stale")

    path = export(project, "ja", "--version", version)
    text = path.read_text(encoding="utf-8")
    assert "page:about/history#b2" in text and "item:plans/84-kh#purposes.0" in text
    assert "content/about/history.vi.md:7 — page about/history, block 2" in text
    assert "glossary: Phố Hiến → フォーヒエン" in text  # a term of the portal's own glossary
    assert "không dịch" not in text  # fenced code is not for translators
    assert "Foreign Affairs" not in text  # up to date: not exported
    assert path.with_suffix(".tbx").is_file()

    fill(path, marked)
    result = invoke(project, "i18n", "import", str(path), "--by", "machine")
    assert result.exit_code == 0, result.output

    history = (project.root / "content/about/history.ja.md").read_text(encoding="utf-8")
    assert "title: '[ja] Lịch sử Phố Hiến'" in history or 'title: "[ja] Lịch sử' in history
    assert "# [ja] Thương cảng **[ja] Phố Hiến**" in history
    assert "Xem [[ja] các kế hoạch](../plans/index.md)" in history and "`mã-84`" in history
    assert "- [ja] mục *[ja] một*\n- [ja] mục hai\n" in history
    assert "```\nkhông dịch\n```" in history
    assert "by: machine" in history
    item = (project.root / PLAN).read_text(encoding="utf-8")
    assert item.startswith("# the plan of 2024\n")
    assert 'ja: "[ja] Mục đích (vi)"' in item and 'vi: "Mục đích (vi)"' in item
    assert 'ja: "[ja] Train reporters (vi)"' in item

    after = status(project, "ja")
    assert after["about/history"] == after["plans/84-kh"] == "machine"  # stamped, current
    assert set(after.values()) == {"translated", "machine"}  # nothing missing or stale


def fill_every_script(text: str) -> str:
    return f"{EVERY_SCRIPT} {text}" if text.strip() else text


def visible(text: str) -> str:
    """Text as read: the build breaks Lao into words with zero-width spaces."""
    return text.replace("\u200b", "")


def test_round_trip_keeps_every_script_and_builds(project):
    prepare(project)
    path = export(project, "lo")
    fill(path, fill_every_script)
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 0, result.output
    states = status(project, "lo")
    assert states["about/history"] == states["plans/84-kh"] == states["about/index"]
    assert states["about/index"] == "translated"

    history = (project.root / "content/about/history.lo.md").read_text(encoding="utf-8")
    assert f"{EVERY_SCRIPT} Thương cảng" in history
    built = project.build()
    assert built.returncode == 0, built.stderr[-3000:]
    html = project.html("lo/about/history/index.html")
    assert EVERY_SCRIPT in visible(html.findtext(".//h1"))
    links = html.xpath("//article//a[contains(@href, 'plans')]")
    assert links and EVERY_SCRIPT in visible(links[0].text_content())
    assert not html.xpath("//*[contains(@class, 'notice')]")  # translated: no notice
    (plan,) = project.site.glob("lo/plans/*84*/index.html")
    assert f"{EVERY_SCRIPT} Mục đích (vi)" in visible(plan.read_text(encoding="utf-8"))


def unit_source(path: Path, unit_id: str):
    root = etree.parse(str(path)).getroot()
    ns = NS[root.get("version")]
    unit = root.xpath(f"//*[@id='{unit_id}']")[0]
    return root, unit.find(f".//{{{ns}}}source"), unit.find(f".//{{{ns}}}target")


def refused(project, path: Path) -> str:
    before = {p: p.read_bytes() for p in (project.root / "content").rglob("*") if p.is_file()}
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 1, result.output
    after = {p: p.read_bytes() for p in (project.root / "content").rglob("*") if p.is_file()}
    assert after == before, "a refused file must write nothing"
    return result.output


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_tampered_files_are_refused_naming_the_segments(project, version):
    prepare(project)
    path = export(project, "ja", "--version", version)
    fill(path, marked)
    good = path.read_bytes()

    root, source, _ = unit_source(path, "page:about/history#b3")
    source.text = "mục ba"  # the source in the file is not the content's
    path.write_bytes(etree.tostring(root))
    output = refused(project, path)
    assert "history.vi.md:9: page:about/history#b3: the Vietnamese source changed" in output

    path.write_bytes(good)
    vi = project.root / "content/about/history.vi.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace("mục hai", "mục hai mới"), "utf-8")
    output = refused(project, path)
    assert "page:about/history#b4: no such text" in output or "#b4: the Vietnamese" in output
    vi.write_text(HISTORY_VI, encoding="utf-8")

    root, _, target = unit_source(path, "page:about/history#b2")
    for code in list(target):  # the link's and the code span's tags dropped
        target.remove(code)
    path.write_bytes(etree.tostring(root))
    output = refused(project, path)
    assert "history.vi.md:7: page:about/history#b2: the translation's inline codes" in output

    path.write_bytes(good)
    root, _, target = unit_source(path, "item:plans/84-kh#purposes.0")
    target.text = "[ja] [x](javascript:alert(1))"
    path.write_bytes(etree.tostring(root))
    output = refused(project, path)
    assert "item:plans/84-kh#purposes.0: the translation has Markdown typed as text" in output

    path.write_bytes(good)
    assert invoke(project, "i18n", "import", str(path)).exit_code == 0  # the untouched file


def test_unfinished_pages_are_left_as_they_were(project):
    prepare(project)
    path = export(project, "ko")
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "left as it was: page about/history" in result.output
    assert "left as it was: item plans/84-kh" in result.output  # targets still to review
    assert not (project.root / "content/about/history.ko.md").exists()


def test_translate_toolkit_reads_the_exported_files(project):
    prepare(project)
    one_two = export(project, "zh", "--version", "1.2")
    counted = subprocess.run(
        [str(VENV_BIN / "pocount"), "--short", str(one_two)], capture_output=True, text=True
    )
    assert counted.returncode == 0 and "ERROR" not in counted.stderr, counted.stderr
    assert "source words" in counted.stdout or "strings" in counted.stdout
    po = one_two.with_suffix(".po")
    converted = subprocess.run(
        [str(VENV_BIN / "xliff2po"), str(one_two), str(po)], capture_output=True, text=True
    )
    assert converted.returncode == 0 and "Error" not in converted.stderr, converted.stderr
    assert 'msgid "Lịch sử Phố Hiến"' in po.read_text(encoding="utf-8")
    # pocount and xliff2po pick the 1.x reader for every .xlf; XLIFF 2.0 is read by Xliff2File
    two = export(project, "zh")
    script = (
        "import sys; from translate.storage.xliff2 import Xliff2File; "
        "s = Xliff2File.parsefile(sys.argv[1]); "
        "print(len(s.units), s.gettargetlanguage(), s.units[0].source)"
    )
    read = subprocess.run(
        [str(VENV_BIN / "python"), "-c", script, str(two)], capture_output=True, text=True
    )
    assert read.returncode == 0, read.stderr
    count, lang, first = read.stdout.split(" ", 2)
    assert int(count) > 8 and lang == "zh" and first.strip() == "Lịch sử Phố Hiến"


def test_markdown_is_cut_into_blocks_and_codes_that_give_it_back():
    body = HISTORY_VI.split("---\n", 2)[2] + "| A | *B* |\n|---|---|\n> trích dẫn\n"
    pieces = body_pieces(body)
    assert "".join(p if isinstance(p, str) else p.text for p in pieces) == body
    blocks = [p.text for p in pieces if not isinstance(p, str)]
    assert blocks[:3] == [
        "Thương cảng **Phố Hiến**",
        "Xem [các kế hoạch](../plans/index.md) và `mã-84`.",
        "mục *một*",
    ]
    assert blocks[-3:] == ["A", "*B*", "trích dẫn"]
    for text in ["a **b _c_** `d` <https://e.f> ![g](h.png) [i]", "snake_case x*y"]:
        assert inline.markdown(inline.parse(text)) == text
    kinds = [p.kind for p in inline.parse(blocks[1]) if isinstance(p, inline.Code)]
    assert kinds == ["open", "close", "standalone"]


# --- a draft of portal import plan, translated through XLIFF ----------------------------------

SEED_84 = ROOT / "tests" / "fixtures" / "seeds" / "004_1665b853a9b0f110.txt"
DRAFT = "content/data/plans/84-kh-bcdttdn-2024.yml"
NOTICE = "data-fallback"


def import_draft(project) -> Path:
    """Plan 84 imported as a Vietnamese-only draft into the mini portal, given the shipped
    registry (the plan's agencies) and the province's name as the document writes it."""
    (project.root / PLAN).unlink()  # the mini plan names the mini registry's agencies
    agencies = project.root / "content/data/agencies"
    shutil.rmtree(agencies)
    shutil.copytree(ROOT / "content/data/agencies", agencies)
    site = project.root / "content/site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace('vi: "Hưng Yên (vi)"', 'vi: "Tỉnh Hưng Yên"', 1), "utf-8")
    result = invoke(project, "import", "plan", str(SEED_84))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(DRAFT)
    return project.root / DRAFT


def plan_texts(text: str) -> list[str]:
    """Every six-language text of a draft, by its path."""
    return [loc for loc, _ in localized_fields(yaml.safe_load(text))]


def half(path: Path) -> None:
    """Every other unit's target taken out again, as a translator who stopped halfway."""
    root = etree.parse(str(path)).getroot()
    ns = NS[root.get("version")]
    for index, target in enumerate(root.iter(f"{{{ns}}}target")):
        if index % 2:
            target.getparent().remove(target)
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_draft_translated_through_xliff_loses_its_fallback_notice(project):
    """`portal import plan` (Vietnamese only, `untranslated: [en, zh, ja, ko, lo]`), export ja,
    fill, import: every text gains its `ja:` after its `vi:` in place, ja leaves `untranslated`,
    the draft checks clean, and its Japanese page is Japanese (no notice) while English still
    falls back."""
    draft = import_draft(project)
    before = draft.read_text(encoding="utf-8")
    path = export(project, "ja", "--section", "plans")
    fill(path, marked)
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 0, result.output

    after = draft.read_text(encoding="utf-8")
    changes = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())]
    removed = [line[2:] for line in changes if line.startswith("- ")]
    added = [line[2:] for line in changes if line.startswith("+ ")]
    assert removed == ["- ja"]  # off 'untranslated'; every other line, comments too, kept
    assert "untranslated:\n- en\n- zh\n- ko\n- lo\n" in after
    texts = [line for line in added if line.lstrip().startswith('ja: "[ja] ')]
    assert len(texts) == len(plan_texts(before))  # one per six-language text
    source = item_hash(load(project).items["plans"][draft.stem].model)
    assert [line for line in added if line not in texts] == [  # and the stamp
        "translation:",
        f"  ja: {{source: {source}, by: human}}",
    ]
    kept = [line[2:] for line in changes if not line.startswith("? ")]
    for at, line in enumerate(kept):  # each added below its vi: value, at the same indent
        if line in texts:
            column = len(line) - len(line.lstrip())
            above = next(x for x in reversed(kept[:at]) if x.find("vi:") >= 0 and x[0] != "#")
            assert above.find("vi:") == column, (above, line)
    assert status(project, "ja")["plans/84-kh-bcdttdn-2024"] == "translated"
    assert invoke(project, "check").exit_code == 0

    built = project.build()
    assert built.returncode == 0, built.stderr[-3000:]
    ja = project.html("ja/plans/84-kh-bcdttdn-2024/index.html")
    assert not ja.xpath(f"//*[@{NOTICE}]") and not ja.xpath("//h1//*[@lang='vi']")
    assert "[ja] " in ja.findtext(".//h1")
    en = project.html("en/plans/84-kh-bcdttdn-2024/index.html")
    assert en.xpath(f"//*[contains(@class, 'portal-notice')][@{NOTICE}]")


def test_a_draft_translated_halfway_keeps_its_language_untranslated(project):
    draft = import_draft(project)
    path = export(project, "ja", "--section", "plans")
    fill(path, marked)
    half(path)
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "stays under 'untranslated:'" in result.output
    after = draft.read_text(encoding="utf-8")
    assert "- ja\n" in after and "\n  ja: " in after  # half written, still declared
    assert invoke(project, "check").exit_code == 0
    assert status(project, "ja")["plans/84-kh-bcdttdn-2024"] == "missing"
    path = export(project, "ja", "--section", "plans")  # the rest, with the half already done
    fill(path, marked)
    assert invoke(project, "i18n", "import", str(path)).exit_code == 0
    assert "- ja\n" not in draft.read_text(encoding="utf-8")
    assert status(project, "ja")["plans/84-kh-bcdttdn-2024"] == "translated"
