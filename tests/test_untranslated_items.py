"""An item not yet translated: it declares the languages it lacks (``untranslated:``), loads,
checks clean, counts as missing and is exported to translators; a text missing from a language
it does not declare is still refused with ``path:line``. (Its pages in six languages are built
by tests/test_init.py, from a plan ``portal import plan`` wrote.)"""

from __future__ import annotations

from generator.content.models import Plan
from generator.content.portal import load_portal
from generator.i18n.freshness import item_state, portal_states
from generator.i18n.segments import documents
from generator.i18n.status import summarise

from conftest import CODES
from scratch import problems_of

PLAN_FILE = "content/data/plans/ke-hoach-84.yml"
TARGETS = [code for code in CODES if code != "vi"]

VI_ONLY_PLAN = """\
title:
  vi: Kế hoạch thông tin đối ngoại
number: 84-KH/BCĐTTĐN
doc_type: plan
issuer: tinh-uy
issued: 2024-01-29
sources: [Plan 84-KH/BCĐTTĐN]
{untranslated}purposes:
  - vi: Quảng bá tỉnh
tasks:
  - id: II.1
    what:
      vi: Quảng bá tỉnh ra nước ngoài
    lead: {{as_written: Foreign Affairs (vi), agency: so-ngoai-vu}}
original_text: |
  KẾ HOẠCH hoạt động thông tin đối ngoại
  1. Foreign Affairs (vi): quảng bá tỉnh.
"""


def write_plan(project, untranslated: str) -> None:
    project.write({PLAN_FILE: VI_ONLY_PLAN.format(untranslated=untranslated)})


def test_a_text_missing_from_an_undeclared_language_fails_with_its_line(project):
    write_plan(project, "")
    lines = problems_of(project)
    assert [line.split(" ", 2)[:2] for line in lines] == [
        [f"{PLAN_FILE}:1:", "'title':"],
        [f"{PLAN_FILE}:9:", "'purposes.0':"],
        [f"{PLAN_FILE}:12:", "'tasks.0.what':"],
    ]
    assert all("missing translation: en, zh, ja, ko, lo — " in line for line in lines)
    assert "'untranslated:'" in lines[0]  # the fix names the explicit way out


def test_declaring_only_some_languages_still_names_the_others(project):
    write_plan(project, "untranslated: [zh, ja, ko, lo]\n")
    lines = problems_of(project)
    assert lines and all("missing translation: en —" in line for line in lines), lines


def test_vietnamese_cannot_be_declared_untranslated():
    data = {
        "title": {"vi": "x"},
        "number": "1",
        "doc_type": "plan",
        "issuer": "a",
        "issued": "2024-01-01",
        "original_text": "x",
        "sample": True,
        "untranslated": ["vi", "en", "zh", "ja", "ko", "lo"],
    }
    try:
        Plan.model_validate(data)
    except ValueError as error:
        assert "source language" in str(error)
    else:
        raise AssertionError("'vi' was accepted as untranslated")


def test_a_declared_item_loads_checks_clean_and_counts_missing(project):
    write_plan(project, "untranslated: [en, zh, ja, ko, lo]\n")
    portal = load_portal(project.root / "content")
    assert portal.warnings == []
    plan = portal.items["plans"]["ke-hoach-84"]
    assert plan.model.shown_in("en") == "vi" and plan.model.shown_in("vi") == "vi"
    assert {item_state(plan, code).state for code in TARGETS} == {"missing"}
    report = summarise(portal_states(portal))
    for status in report.languages:
        plans = next(s for s in status.sections if (s.subject, s.section) == ("item", "plans"))
        assert plans.counts.missing == 1, status.lang


def test_a_declared_item_is_exported_to_translators_with_every_text(project):
    write_plan(project, "untranslated: [en, zh, ja, ko, lo]\n")
    portal = load_portal(project.root / "content")
    [document] = [d for d in documents(portal, "ja") if d.key == "plans/ke-hoach-84"]
    assert document.state == "missing"
    sources = {segment.source: segment.target for segment in document.segments}
    assert sources == {
        "Kế hoạch thông tin đối ngoại": None,
        "Quảng bá tỉnh": None,
        "Quảng bá tỉnh ra nước ngoài": None,
    }
