"""``portal report``: its numbers are the content's and ``portal i18n status``'s, month by month
from git history; the HTML in Vietnamese and English, charts in SVG, no script."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from generator.cli import main
from generator.content.portal import load_portal
from generator.i18n.freshness import portal_states
from generator.i18n.status import summarise

from conftest import CODES, Project, page

YEAR = 2025


def commit(root: Path, message: str, day: str) -> None:
    """Commit everything in ``root`` as if on ``day`` (YYYY-MM-DD)."""
    stamp = f"{day}T10:00:00+07:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


@pytest.fixture
def history(project: Project) -> Project:
    """The mini portal committed in January; in March a page in English is removed, another
    stamped as translated, and the about page gains a Chinese file."""
    root = project.root
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.org"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.name", "T"], cwd=root, check=True)
    commit(root, "first", f"{YEAR}-01-15")
    (root / "content/about/index.en.md").unlink()
    project.write({"content/about/index.zh.md": page("About zh", "Text zh.")})
    run("i18n", "stamp", str(root / "content/agencies/index.en.md"))
    commit(root, "second", f"{YEAR}-03-10")
    return project


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def coverage(content: Path) -> dict[str, float]:
    report = summarise(portal_states(load_portal(content)))
    return {s.lang: round(s.counts.coverage, 1) for s in report.languages}


def test_report_counts_equal_the_content_and_i18n_status(history, tmp_path):
    content = history.root / "content"
    out = tmp_path / "out"
    run("report", "--content", str(content), "--year", str(YEAR), "--today", f"{YEAR}-08-15",
        "--out", str(out))  # fmt: skip
    data = json.loads((out / f"report-{YEAR}.json").read_text(encoding="utf-8"))
    status = json.loads(run("i18n", "status", "--content", str(content), "--format", "json"))

    # Coverage now: exactly what `portal i18n status` says, language by language.
    for language in status["languages"]:
        now = data["coverage"]["now"][language["lang"]]
        assert now == {key: language[key] for key in now}
        # What is published in a language is what status does not count as missing.
        published = data["published"]["all_time"][language["lang"]]
        assert published == language["total"] - language["missing"]

    # Publications per month: the files each commit added, dated by git; the plan by its date.
    portal = load_portal(content)
    pages = {lang: sum(lang in files for files in portal.pages.values()) for lang in CODES}
    items = sum(1 for _ in portal.all_items())
    per_month = {(r["month"], r["lang"]): 0 for r in data["published"]["per_month"]}
    for row in data["published"]["per_month"]:
        per_month[row["month"], row["lang"]] += row["count"]
    agencies_and_pages = {lang: pages[lang] + items - 1 for lang in CODES}  # the plan: 2024
    january = {lang: per_month.get((f"{YEAR}-01", lang), 0) for lang in CODES}
    march = {lang: per_month.get((f"{YEAR}-03", lang), 0) for lang in CODES}
    assert march == {lang: int(lang == "zh") for lang in CODES}
    assert {lang: january[lang] + march[lang] for lang in CODES} == agencies_and_pages
    assert data["published"]["in_year"] == agencies_and_pages

    # Coverage at each month's end: the content as committed then, counted as status counts.
    ends = {point["month"]: point["coverage"] for point in data["coverage"]["month_ends"]}
    assert list(ends) == [f"{YEAR}-{m:02d}" for m in range(1, 9)]
    assert ends[f"{YEAR}-03"] == coverage(content) != ends[f"{YEAR}-02"]
    subprocess.run(["git", "checkout", "-q", "HEAD~1"], cwd=history.root, check=True)
    assert ends[f"{YEAR}-01"] == ends[f"{YEAR}-02"] == coverage(content)


def test_report_lists_tasks_due_soon_and_overdue_per_addressee(history, tmp_path):
    content = str(history.root / "content")
    for today, due_soon, overdue in (("2024-08-15", ["II.1"], []), ("2024-10-01", [], ["II.1"])):
        out = tmp_path / today
        run("report", "--content", content, "--year", "2024", "--today", today, "--out", str(out))
        data = json.loads((out / "report-2024.json").read_text(encoding="utf-8"))
        groups = {g["addressee"]: g for g in data["tasks"]["addressees"]}
        assert set(groups) == {"so-ngoai-vu", "tinh-uy"}
        lead = groups["so-ngoai-vu"]
        assert (lead["tasks"], lead["with_deadline"]) == (1, 1)
        assert [t["task"] for t in lead["due_soon"]] == due_soon
        assert [t["task"] for t in lead["overdue"]] == overdue
        assert lead["name"]["en"] == "Foreign Affairs (en)"
        assert (groups["tinh-uy"]["tasks"], groups["tinh-uy"]["with_deadline"]) == (1, 0)


def test_report_html_in_vietnamese_and_english_with_svg_charts(history, tmp_path):
    out = tmp_path / "out"
    run("report", "--content", str(history.root / "content"), "--year", "2024",
        "--today", "2024-10-01", "--out", str(out))  # fmt: skip
    words = {"vi": ("Quá hạn", "Tỷ lệ bản dịch"), "en": ("Overdue", "Translation coverage")}
    for lang, (overdue, coverage_title) in words.items():
        text = (out / f"report-2024.{lang}.html").read_text(encoding="utf-8")
        doc = lxml_html.fromstring(text)
        assert doc.get("lang") == lang
        assert doc.xpath("//script") == [] and "http" not in text.replace("https://", "")
        assert doc.xpath("//h2[@id='coverage']")[0].text_content() == coverage_title
        assert doc.xpath("//svg//rect[@class='l-vi']"), "bars of the publications chart"
        row = doc.xpath("//table[@id='deadlines']//tr[td]")[0]
        assert row.xpath("string(td[5])") == overdue
        assert "Foreign Affairs" in row.xpath("string(td[1])")
