"""``portal report`` reads the whole git history, which anyone who could commit wrote (editors
commit through the web editor's git host): what it finds there is read, never run."""

from __future__ import annotations

import json
import subprocess

from test_report import YEAR, commit, run

from conftest import Project

PLANTED = """import pathlib, sys
pathlib.Path({marker!r}).write_text("ran")
print('{{"languages": [{{"lang": "en", "coverage": 42}}]}}')
"""


def test_code_in_a_past_commit_is_never_run(project: Project, tmp_path):
    """A February commit holds content today's models refuse and a generator/ of its own that
    would write a file when run; it was reverted in March. The report names February's problem
    and the planted code never runs."""
    root, marker = project.root, tmp_path / "ran"
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.email", "t@example.org"], cwd=root, check=True)
    subprocess.run(["git", "config", "user.name", "T"], cwd=root, check=True)
    commit(root, "first", f"{YEAR}-01-15")
    site = root / "content" / "site.yml"
    good = site.read_text(encoding="utf-8")
    site.write_text(good + "not_a_field_of_the_site: 1\n", encoding="utf-8")
    planted = {
        "generator/__init__.py": "",
        "generator/cli/__init__.py": "",
        "generator/cli/__main__.py": PLANTED.format(marker=str(marker)),
        "translations/README": "catalogs",
    }
    project.write(planted)
    commit(root, "an editor's commit", f"{YEAR}-02-10")
    site.write_text(good, encoding="utf-8")
    subprocess.run(["git", "rm", "-rq", "generator", "translations"], cwd=root, check=True)
    commit(root, "reverted", f"{YEAR}-03-10")

    out = tmp_path / "out"
    run("report", "--content", str(root / "content"), "--year", str(YEAR), "--today",
        f"{YEAR}-04-15", "--out", str(out))  # fmt: skip
    assert not marker.exists(), "the report ran code from the history"
    data = json.loads((out / f"report-{YEAR}.json").read_text(encoding="utf-8"))
    february = next(p for p in data["coverage"]["month_ends"] if p["month"] == f"{YEAR}-02")
    assert february["coverage"] == {} and "not_a_field_of_the_site" in february["problem"]
