"""portal import plan: the seeds' plan and letters, as .txt, .docx and .pdf, into draft plans
whose addressees are the documents' own words; and the provenance of the shipped plans' tasks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator.content.models import Plan
from generator.content.portal import load_portal
from generator.content.provenance import addressee_problem, addressees, agency_names
from generator.importer import draft
from generator.importer.normalise import Registry
from generator.importer.reading import read_lines
from generator.importer.structure import parse
from generator.vietnamese import fold

from conftest import ROOT

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
PLAN_84 = SEEDS / "004_1665b853a9b0f110.txt"
LETTER = SEEDS / "000_c13118f21a310d03.txt"
HUE = SEEDS / "001_dddcf0b29a4015fc.txt"


@pytest.fixture(scope="module")
def shipped():
    return load_portal(ROOT / "content")


@pytest.fixture(scope="module")
def registry(shipped):
    return Registry(
        {slug: agency_names(loaded.model) for slug, loaded in shipped.items["agencies"].items()}
    )


def imported(path: Path, registry: Registry):
    return parse(read_lines(path), registry, "Tỉnh Hưng Yên")


def shape(plan):
    """What must agree between two imports: ids, leads and partners, task text (spaces aside)."""
    return [
        (
            t.id,
            t.lead and (t.lead.agency, t.lead.collective),
            [p.agency for p in t.partners],
            " ".join(t.text.split()),
        )
        for t in plan.tasks
    ]


def no_line_lost(plan) -> None:
    placed_or_listed = plan.placed | {n for n, _ in plan.unplaced_lines()}
    every = {n for n, line in enumerate(plan.lines, 1) if line.strip()}
    assert placed_or_listed == every
    assert not plan.placed - every


def shipped_tasks(shipped, slug):
    return shipped.items["plans"][slug].model.tasks


# --- plan 84 -----------------------------------------------------------------------------------


def test_plan_84_gives_14_agency_groups_81_tasks_and_the_shipped_addressees(shipped, registry):
    plan = imported(PLAN_84, registry)
    assert sum(g.kind == "addressee" for g in plan.groups) == 14
    assert len(plan.tasks) == 81
    ours = shipped_tasks(shipped, "84-kh-bcdttdn-2024")
    assert [t.id for t in plan.tasks] == [t.id for t in ours]
    for found, task in zip(plan.tasks, ours, strict=True):
        assert found.lead.agency == task.lead.agency, task.id
        assert found.lead.collective == task.lead.collective, task.id
        assert fold(found.lead.as_written) == fold(task.lead.as_written), task.id
        assert [p.agency for p in found.partners] == [p.agency for p in task.partners], task.id
    assert plan.number["text"] == "84-KH/BCĐTTĐN"
    assert plan.date["precision"] == "day" and plan.date["day"] == 29
    assert plan.signer["name"] == "Đào Hồng Vận"
    assert {b["number"] for b in plan.legal_bases} == {"42-QĐ/BCĐTTĐN", "132-HD/BTGTW"}
    assert (len(plan.purposes), len(plan.requirements)) == (4, 4)
    assert not plan.needs_diacritics
    no_line_lost(plan)
    assert [n for n, _ in plan.unplaced_lines()] == [9, 55, 251, 253, 255]  # motto, note, IV


def test_the_same_plan_from_docx_and_pdf(registry, tmp_path):
    import docx
    from weasyprint import HTML

    lines = read_lines(PLAN_84)
    blocks = "\n".join(lines).split("\n\n")
    document = docx.Document()
    for block in blocks:
        if block.strip():
            document.add_paragraph(block.strip())
    document.save(str(tmp_path / "84.docx"))
    paragraphs = "".join(
        f"<p>{b.strip().replace('&', '&amp;').replace('<', '&lt;')}</p>"
        for b in blocks
        if b.strip()
    )
    HTML(
        string='<html lang="vi"><head><style>p { break-inside: avoid }</style></head>'
        f'<body style="font: 10pt DejaVu Sans">{paragraphs}</body></html>'
    ).write_pdf(tmp_path / "84.pdf")
    expected = shape(imported(PLAN_84, registry))
    assert shape(imported(tmp_path / "84.docx", registry)) == expected
    assert shape(imported(tmp_path / "84.pdf", registry)) == expected


# --- OCR without diacritics ----------------------------------------------------------------------


def test_ocr_letter_gives_its_groups_with_standard_names_and_asks_for_diacritics(shipped, registry):
    plan = imported(LETTER, registry)
    assert plan.needs_diacritics and all(t.needs_diacritics for t in plan.tasks)
    assert [g.addressee.name for g in plan.groups] == [
        "Các sở, ban, ngành tỉnh; UBND các huyện, thị xã, thành phố",
        "Văn phòng UBND tỉnh",
        "Sở Thông tin và Truyền thông",
        "Các cơ quan báo chí tỉnh",
    ]
    assert plan.number == {
        "as_written": "Mé /UBND-NV",
        "digits": None,
        "symbol": "UBND-NV",
        "text": "…/UBND-NV",
    }
    assert plan.date["precision"] == "year" and plan.date["year"] == 2024
    assert plan.recipients[-1] == "Các cơ quan báo chí tỉnh"
    assert plan.signer["position"] == "TM. ỦY BAN NHÂN DÂN TỈNH"
    assert [b["number"] for b in plan.legal_bases][:2] == ["47/NQ-CP", "57-KL/TW"]
    ours = shipped_tasks(shipped, "cv-ubnd-nv-2024-nq47")
    assert [t.id for t in plan.tasks] == [t.id for t in ours]
    for found, task in zip(plan.tasks, ours, strict=True):
        assert (found.lead.agency, found.lead.collective) == (
            task.lead.agency,
            task.lead.collective,
        ), task.id
        assert [p.agency for p in found.partners] == [p.agency for p in task.partners], task.id
    no_line_lost(plan)


def test_another_provinces_ocr_plan_names_its_units_but_links_none_of_ours(registry):
    plan = imported(HUE, registry)
    assert plan.number["text"] == "267/KH-UBND" and plan.date["day"] == 27
    assert not plan.same_province and plan.needs_diacritics
    assert all(t.lead is None or t.lead.agency is None for t in plan.tasks)
    leads = {t.lead.name for t in plan.tasks if t.lead and not t.lead.collective}
    assert "Sở Thông tin và Truyền thông" in leads
    assert "Sở Thông tin và Truyền thông" in plan.unmatched_agencies()
    assert len(plan.tasks) >= 12
    no_line_lost(plan)


def test_hue_plan_gives_every_task_a_lead_as_its_document_does(registry):
    """Lettered items keep their bullets until their own "Đơn vị thực hiện" (III.3.b: lines
    145-164, two bullets, then "Các sở, ban ngành; UBND … phối hợp Sở Thông tin và Truyền
    thông"); "Căn cứ hướng dẫn của Ban Tuyên giáo Tỉnh ủy, X …" makes X the units; a task that
    names no unit (III.4.a) is addressed to whom part IV asks to carry out the whole plan
    ("2. Các cơ quan, đơn vị, địa phương căn cứ Kế hoạch để triển khai thực hiện"), and the
    report says so."""
    from generator.importer import report

    plan = imported(HUE, registry)
    tasks = {t.id: t for t in plan.tasks}
    assert all(t.lead for t in plan.tasks)
    b = tasks["III.3.b"]
    assert (b.lines[0], b.lines[-1]) == (145, 164) and {150, 155, 161} <= set(b.lines)
    assert b.lead.collective and fold(b.lead.as_written).startswith("cac so ban nganh")
    assert [p.name for p in b.partners] == ["Sở Thông tin và Truyền thông"]
    assert [t.id for t in plan.tasks if t.id.startswith("III.3")] == [
        "III.3.a",
        "III.3.b",
        "III.3.c",
        "III.3.d",
    ]
    assert fold(tasks["III.1.a"].lead.as_written).startswith("cac s ban nganh")  # not "Căn cứ …"
    four_b = tasks["III.4.b"]
    assert four_b.lead.name == "Sở Thông tin và Truyền thông"
    assert [p.name for p in four_b.partners][0] == "Công an tỉnh"
    assert plan.generally_addressed == ["III.4.a"]
    assert tasks["III.4.a"].lead.name == "các cơ quan, đơn vị, địa phương"
    assert any("III.4.a name no unit of their own" in line for line in report.as_text(plan, "f"))
    no_line_lost(plan)


def test_hue_plan_reads_each_units_and_time_block_into_its_task(registry):
    """Part III of plan 267/KH-UBND gives each task "Đơn vị thực hiện: X chủ trì, phối hợp với
    Y" and "Thời gian thực hiện: …" (OCR: "Pon vi thuc hién", "Thoi gian thyc hién", as a bullet
    or a lettered line): X is the lead, Y the partners, the time the deadline as written."""
    plan = imported(HUE, registry)
    tasks = {t.id: t for t in plan.tasks}
    tttt, collective = (
        "Sở Thông tin và Truyền thông",
        ("Các sở, ban, ngành; Ủy ban nhân dân các huyện, thị xã, thành phố"),
    )
    # seed lines 109-115: "b) Pon vi thuc hién: S& Théng tin va Truyén thong cha tri, phdi hop
    # véi S& Tu phap …" / "¢) Thoi gian thyc hién: Trién khai thyuc hién thuong xuyén."
    assert (tasks["III.2.a"].lead.name, tasks["III.2.a"].lead.collective) == (tttt, False)
    # "… phối hợp với Sở Tư pháp và các sở, ban ngành liên quan": the collective is kept too
    partners = tasks["III.2.a"].partners
    assert [(p.name, p.collective) for p in partners][0] == ("Sở Tư pháp", False)
    assert fold(partners[1].as_written) == "cec sd ban nganh lien quan" and partners[1].collective
    assert tasks["III.2.a"].deadline_as_written == "Trién khai thyuc hién thuong xuyén"
    # lines 129-133: "- Pon vi thyc hién: S& Théng tin va Truyén thong chi tri, phdi hop cac so,
    # ban nganh; Uy ban nhan dan cac huyén, thi x4, thanh phd."
    assert tasks["III.3.a"].lead.name == tttt
    assert [p.name for p in tasks["III.3.a"].partners] == [collective]
    assert tasks["III.3.a"].deadline_as_written == "Trién khai thuc hién thuong xuyén"
    # line 97: "- Thoi gian thuc hién: Hoan thanh trong quy III nam 2024." after a collective
    assert tasks["III.1.a"].deadline_as_written == "Hoan thanh trong quy III nam 2024"
    assert tasks["III.1.a"].lead.collective
    # lines 217-229: "a) Chú trọng …", a bullet of its own "- Thông qua Ủy ban Nhà nước …",
    # then its unit "Sở Ngoại vụ chủ trì": one task, a) — a lettered item keeps its bullets
    assert tasks["III.5.a"].lead.name == "Sở Ngoại vụ"
    assert tasks["III.5.a"].lines[0] == 217 and 223 in tasks["III.5.a"].lines
    assert tasks["III.5.c"].deadline_as_written == "Quy 3/2024"
    assert sorted(t.id for t in plan.tasks if t.id.startswith("III.5")) == [
        "III.5.a",
        "III.5.b",
        "III.5.c",
    ]
    # every "Thời gian thực hiện" block of part III is one task's deadline, none lost or doubled
    times = [
        n
        for n, line in enumerate(read_lines(HUE), 1)
        if re.match(r"tho\w gian th", fold(line))  # OCR: "Thot gian"
    ]
    dated = [t for t in plan.tasks if t.deadline_as_written]
    assert len(times) == len(dated) == 11
    assert all(any(n in t.lines for t in dated) for n in times)


# --- letters in the other layouts ----------------------------------------------------------------

LETTER_LAYOUTS = """\
ỦY BAN NHÂN DÂN
TỈNH HƯNG YÊN
Số: /UBND-KGVX
V/v tăng cường thông tin đối ngoại

Hưng Yên, ngày tháng 6 năm 2024

Kính gửi:
- Các sở, ban, ngành tỉnh;
- Các cơ quan báo chí tỉnh.

Thực hiện Kế hoạch số 84-KH/BCĐTTĐN ngày 29/01/2024 của Ban Chỉ đạo công tác thông tin \
đối ngoại tỉnh, UBND tỉnh yêu cầu:

1. Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch:
a) Xây dựng trang thông tin đối ngoại bằng sáu ngôn ngữ;
b) Tổng hợp báo cáo kết quả.

2- Công an tỉnh:
- Quản lý phóng viên nước ngoài đến hoạt động tại tỉnh.

3. Giao Sở Tài chính bố trí kinh phí thực hiện các nhiệm vụ trên theo quy định hiện hành.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""


def test_letter_layouts_giao_colon_lettered_and_own_text(registry, tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER_LAYOUTS, encoding="utf-8")
    plan = imported(path, registry)
    assert plan.number["text"] == "…/UBND-KGVX"
    assert plan.date["precision"] == "month" and plan.date["month"] == 6
    rows = [(t.id, t.lead.agency, [p.agency for p in t.partners]) for t in plan.tasks]
    assert rows[:2] == [
        ("1.a", "so-thong-tin-truyen-thong", []),
        ("1.b", "so-thong-tin-truyen-thong", []),
    ]
    assert plan.groups[0].addressee.agency == "so-thong-tin-truyen-thong"
    assert rows[2] == ("2.a", "cong-an-tinh", [])
    assert rows[3][1] == "so-tai-chinh" and len(plan.tasks) == 4
    assert plan.signer == {"name": "Nguyễn Văn An", "position": "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"}
    no_line_lost(plan)


# --- the draft -----------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [PLAN_84, LETTER])
def test_the_draft_is_a_plan_declared_untranslated(seed, registry, shipped):
    parsed = imported(seed, registry)
    item = draft.draft(parsed, registry)
    assert item["original_text"].split() == "\n".join(read_lines(seed)).split()
    # Vietnamese only, and it says so: a valid plan whose addressees are the document's
    assert item["untranslated"] == ["en", "zh", "ja", "ko", "lo"]
    plan = Plan.model_validate(item)
    assert not any(plan.translated_into(code) for code in ("en", "zh", "ja", "ko", "lo"))
    agencies = {slug: a.model for slug, a in shipped.items["agencies"].items()}
    assert all(not addressee_problem(a, plan, agencies) for _, a in addressees(plan))
    assert "&id" not in draft.to_yaml(item)
    # without the declaration, every text is named as lacking its translations
    with pytest.raises(ValidationError) as raised:
        Plan.model_validate({k: v for k, v in item.items() if k != "untranslated"})
    assert all("missing translation" in e["msg"] for e in raised.value.errors())


@pytest.mark.parametrize(
    "seed, province",
    [(PLAN_84, None), (LETTER, None), (HUE, "Thừa Thiên Huế")],
    ids=["004", "000", "001"],
)
def test_every_seeds_draft_checks_clean_in_its_provinces_portal(seed, province, tmp_path):
    """`portal import plan` into the portal of the document's province — Hưng Yên's shipped
    content for 004 and 000, a new Thừa Thiên Huế portal (`portal init`) for 001 — gives a
    draft that loads with no error and no warning: issuer and every lead named, Vietnamese
    only and declared `untranslated`."""
    import shutil

    from click.testing import CliRunner

    from generator.cli import main

    if province:
        args = ["init", str(tmp_path / "portal"), "--province", province]
        assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
        content = tmp_path / "portal" / "content"
    else:
        content = tmp_path / "content"
        shutil.copytree(ROOT / "content", content)
    target = content / "data" / "plans" / "imported.yml"
    args = ["import", "plan", str(seed), "--content", str(content), "--out", str(target)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    portal = load_portal(content)  # raises ContentError naming every problem
    assert not [w for w in portal.warnings if w.path.endswith("imported.yml")]
    plan = portal.items["plans"]["imported"].model
    assert plan.untranslated == ["en", "zh", "ja", "ko", "lo"]
    assert plan.issuer == "ubnd-tinh" if province else plan.issuer
    assert plan.tasks and all(task.lead for task in plan.tasks)


def test_cli_json_prints_the_parsed_plan(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(
        main,
        ["-f", str(ROOT / "mkdocs.yml"), "import", "plan", str(LETTER), "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"number", "date", "issuer", "signer", "groups", "unplaced_lines"} <= set(data)
    assert len(data["groups"]) == 4 and data["needs_diacritics"] is True


# --- provenance of the shipped plans ---------------------------------------------------------


def test_no_shipped_task_names_an_addressee_its_source_does_not(shipped):
    agencies = {slug: a.model for slug, a in shipped.items["agencies"].items()}
    checked = 0
    for loaded in shipped.items["plans"].values():
        for loc, who in addressees(loaded.model):
            assert addressee_problem(who, loaded.model, agencies) == "", (loaded.slug, loc)
            checked += 1
        for task in loaded.model.tasks:
            assert task.status is None or task.status.source  # no status without a source
    assert checked > 90


def test_an_invented_lead_or_partner_is_refused(shipped):
    agencies = {slug: a.model for slug, a in shipped.items["agencies"].items()}
    letter = shipped.items["plans"]["cv-ubnd-nv-2024-nq47"].model
    task = letter.tasks[0]
    invented = task.lead.model_copy(update={"agency": "so-thong-tin-truyen-thong", "name": None})
    assert "do not name the agency" in addressee_problem(invented, letter, agencies)
    made_up = task.lead.model_copy(update={"as_written": "Sở Nội vụ chủ trì"})
    assert "do not occur" in addressee_problem(made_up, letter, agencies)
