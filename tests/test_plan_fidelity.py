"""Nothing on the portal that the sources don't say: a shipped plan's Vietnamese text is its
document's text. Each task's ``what.vi`` is the words of that task in ``original_text``, the
title is the document's kind and subject line, and the purposes and requirements are the
document's bullets — compared after normalising Unicode (NFC), whitespace and line breaks,
bullets, Markdown emphasis and escapes, and footnote marks. Where an item abridges or adds, the
failure names the task and the words.

The document's layout gives each task its id (as in the plans' header comments):

- a plan (``# KẾ HOẠCH``): ``II.n`` is the n-th numbered point of part II; ``III.n.x`` is the
  x-th bullet (a, b, …) under the n-th agency of part III; ``### 1. Mục đích`` and
  ``### 2. Yêu cầu`` of part I hold the purposes and requirements;
- an official letter: ``n.x`` is the x-th paragraph under the bold group ``**n. …**``, up to
  the closing paragraph (``Yêu cầu các cơ quan …``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import pytest

from generator.content.models import Plan
from generator.content.portal import load_portal

from conftest import ROOT

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FOOTNOTE_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
CLOSING = re.compile(r"^(Yêu cầu các|Trên cơ sở nội dung|\*\*TM\.|---)")


def normalise(text: str) -> str:
    """``text`` as words only: NFC, no Markdown emphasis, escapes, autolinks, bullets or
    footnote marks, one space between words, no closing stop or semicolon."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\\\n", "\n", text)  # Markdown hard line break
    text = re.sub(r"\\([.\-*_#()\[\]])", r"\1", text)  # Markdown escapes
    text = re.sub(r"^\s*[-–•+]\s+", "", text, flags=re.M)  # bullets
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)  # Markdown autolinks
    text = text.replace("**", "").replace("*", "")
    text = text.translate({ord(mark): None for mark in FOOTNOTE_MARKS})
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<!\.)[;.]$", "", text)  # a list item's closing stop or semicolon


def paragraphs(text: str) -> list[str]:
    """The document's paragraphs (blank-line separated), stripped."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def plan_parts(text: str) -> dict[str, object]:
    """A ``# KẾ HOẠCH`` document: title words, purposes, requirements and tasks by id."""
    parts: dict[str, object] = {"purposes": [], "requirements": [], "tasks": {}}
    part = section = ""
    bullet = 0
    for i, para in enumerate(paragraphs(text)):
        if para.startswith("# "):
            parts["title"] = f"{para[2:]} {paragraphs(text)[i + 1]}"
        elif para.startswith("## "):
            part = para[3:].split(".")[0].strip()
        elif para.startswith("### "):
            section, bullet = para[4:].split(".")[0].strip(), 0
        elif part == "I" and para.startswith("- "):
            parts["purposes" if section == "1" else "requirements"].append(para[2:])
        elif part == "II" and (numbered := re.match(r"(\d+)\\?\.\s", para)):
            parts["tasks"][f"II.{numbered.group(1)}"] = para[numbered.end() :]
        elif part == "III" and para.startswith("- "):
            parts["tasks"][f"III.{section}.{LETTERS[bullet]}"] = para[2:]
            bullet += 1
    return parts


def letter_parts(text: str) -> dict[str, object]:
    """An official letter: its ``V/v`` subject line and tasks by id."""
    parts: dict[str, object] = {"purposes": [], "requirements": [], "tasks": {}}
    group, paragraph = "", 0
    for para in paragraphs(text):
        if subject := re.search(r"^V/v (.+)$", para, flags=re.M):
            parts["title"] = f"Công văn về việc {subject.group(1)}"
        elif numbered := re.match(r"\*\*(\d+)\. .*\*\*$", para):
            group, paragraph = numbered.group(1), 0
        elif CLOSING.match(para):
            group = ""
        elif group:
            parts["tasks"][f"{group}.{LETTERS[paragraph]}"] = para.removeprefix("- ")
            paragraph += 1
    return parts


def document_parts(plan: Plan) -> dict[str, object]:
    """What the plan's ``original_text`` says, by the layout of its kind of document."""
    reader = plan_parts if plan.doc_type == "plan" else letter_parts
    return reader(plan.original_text)


def divergence(item_text: str, original: str) -> str:
    """The words the item leaves out of ``original`` and the words it adds ('' when none)."""
    have, want = normalise(item_text).split(), normalise(original).split()
    missing, added = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, have, want, autojunk=False
    ).get_opcodes():
        if op in ("replace", "insert"):
            missing.append(" ".join(want[j1:j2]))
        if op in ("replace", "delete"):
            added.append(" ".join(have[i1:i2]))
    said = []
    if missing:
        said.append("leaves out " + " | ".join(f"'{w}'" for w in missing))
    if added:
        said.append("has instead " + " | ".join(f"'{w}'" for w in added))
    return "; ".join(said)


@cache
def shipped_plans() -> dict[str, Plan]:
    plans = {
        slug: loaded.model for slug, loaded in load_portal(ROOT / "content").items["plans"].items()
    }
    assert {"84-kh-bcdttdn-2024", "cv-ubnd-nv-2024-nq47"} <= set(plans)
    return plans


def all_faults(slug: str) -> list[str]:
    """Every place where plan ``slug``'s Vietnamese is not its document's text."""
    plan = shipped_plans()[slug]
    parts = document_parts(plan)
    tasks: dict[str, str] = parts["tasks"]
    faults = []
    if normalise(plan.title["vi"]).casefold() != normalise(parts["title"]).casefold():
        faults.append(f"title: {divergence(plan.title['vi'].lower(), parts['title'].lower())}")
    for field in ("purposes", "requirements"):
        ours, theirs = getattr(plan, field), parts[field]
        if len(ours) != len(theirs):
            faults.append(f"{field}: {len(ours)} in the item, {len(theirs)} in the document")
        for n, (mine, original) in enumerate(zip(ours, theirs, strict=False), 1):
            if normalise(mine["vi"]) != normalise(original):
                faults.append(f"{field}[{n}]: {divergence(mine['vi'], original)}")
    ids = [task.id for task in plan.tasks]
    if ids != list(tasks):
        faults.append(f"task ids {ids} are not the document's {list(tasks)}")
    for task in plan.tasks:
        if task.id in tasks and normalise(task.what["vi"]) != normalise(tasks[task.id]):
            faults.append(f"task {task.id}: {divergence(task.what['vi'], tasks[task.id])}")
    return faults


def test_the_document_readers_find_every_part():
    """The readers must find the layout, or an empty comparison would pass."""
    plan = document_parts(shipped_plans()["84-kh-bcdttdn-2024"])
    assert len(plan["tasks"]) == 81 and len(plan["purposes"]) == 4
    assert len(plan["requirements"]) == 4
    assert plan["tasks"]["III.14.b"].startswith("Chủ trì, phối hợp với các sở, ban, ngành")
    letter = document_parts(shipped_plans()["cv-ubnd-nv-2024-nq47"])
    assert len(letter["tasks"]) == 15 and letter["tasks"]["4.c"].startswith("Tăng cường đấu")


@pytest.mark.parametrize("slug", ["84-kh-bcdttdn-2024", "cv-ubnd-nv-2024-nq47"])
def test_every_task_title_purpose_and_requirement_is_the_documents_text(slug):
    faults = all_faults(slug)
    assert not faults, f"content/data/plans/{slug}.yml differs from its original_text:\n" + (
        "\n".join(faults)
    )


def test_a_dropped_phrase_is_named_with_its_task():
    """The message names the words an abridged task leaves out."""
    original = shipped_plans()["84-kh-bcdttdn-2024"]
    tasks = document_parts(original)["tasks"]
    cut = tasks["III.14.b"].replace(", phối hợp với các sở, ban, ngành liên quan", "")
    said = divergence(cut, tasks["III.14.b"])
    assert said.startswith("leaves out ") and "phối hợp với các sở, ban, ngành liên quan" in said
    assert divergence(tasks["III.14.b"], tasks["III.14.b"]) == ""
