"""``portal check --changed``: only what git says changed, and what depends on it (issue 13,
item 5). How fast it is lives in ``benchmarks/bench_check_changed.py``, not here."""

from __future__ import annotations

import re
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main as portal_cli
from generator.content.changes import affected_files, changed_files
from generator.content.portal import load_portal

from conftest import ROOT, page

UNSAFE = "<b onclick='alert(1)'>bold</b>"


def git(project, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=project.root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def repo(project):
    """The mini portal as a git repository: a history page linked from about/, committed."""
    project.write(
        {
            "content/about/history.vi.md": page("Lịch sử", "Từ thế kỷ X."),
            "content/about/index.vi.md": page("About vi", "See [history](history.md)."),
        }
    )
    git(project, "init", "-q", ".")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "portal")
    return project


def test_an_error_in_the_edited_page_is_found(repo):
    path = repo.root / "content" / "about" / "index.en.md"
    path.write_text(path.read_text("utf-8") + "\nSee [the plan](../plans/missing.md).\n", "utf-8")
    result = repo.run("check", "--changed")
    assert result.returncode == 1
    assert "content/about/index.en.md:6: the link '../plans/missing.md' leads to a page" in (
        result.stderr
    )


def test_files_nothing_changed_depends_on_are_not_checked(repo):
    # Committed before: an error the full check finds in a file this change does not touch.
    repo.write({"content/plans/index.ko.md": page("Plans ko", UNSAFE, listing="plans")})
    git(repo, "commit", "-q", "-am", "unsafe")
    path = repo.root / "content" / "about" / "index.en.md"
    path.write_text(path.read_text("utf-8") + "\nMore.\n", "utf-8")

    result = repo.run("check", "--changed")
    assert result.returncode == 0, result.stderr
    assert "changed content OK" in result.stdout
    full = repo.run("check")
    assert full.returncode == 1
    assert "content/plans/index.ko.md" in full.stderr


def test_a_page_linking_to_a_deleted_page_is_checked(repo):
    (repo.root / "content" / "about" / "history.vi.md").unlink()
    result = repo.run("check", "--changed")
    assert result.returncode == 1
    assert "content/about/index.vi.md:4: the link 'history.md' leads to a page that does not" in (
        result.stderr
    )


def test_since_a_commit(repo):
    path = repo.root / "content" / "about" / "index.en.md"
    path.write_text(path.read_text("utf-8") + f"\n{UNSAFE}\n", "utf-8")
    git(repo, "commit", "-q", "-am", "unsafe")
    assert repo.run("check", "--changed").stdout.startswith("nothing changed since HEAD")
    result = repo.run("check", "--since", "HEAD~1")
    assert result.returncode == 1
    assert "content/about/index.en.md:6: the attribute 'onclick'" in result.stderr


def test_what_depends_on_a_change(repo):
    content = repo.root / "content"
    source = content / "about" / "history.vi.md"
    source.write_text(source.read_text("utf-8") + "\nThêm.\n", "utf-8")
    agency = content / "data" / "agencies" / "tinh-uy.yml"
    agency.write_text(agency.read_text("utf-8") + "abbreviation: TU\n", "utf-8")
    repo.write({"content/about/history.en.md": page("History", "Since the 10th century.")})

    changed = changed_files(repo.root)
    assert changed == {source.resolve(), agency.resolve(), (source.parent / "history.en.md")}
    scope = affected_files(load_portal(content), changed)
    names = {path.relative_to(content.resolve()).as_posix() for path in scope}
    assert names == {
        "about/history.vi.md",
        "about/history.en.md",  # a new translation of the changed page
        "about/index.vi.md",  # links to it
        "data/agencies/tinh-uy.yml",
        "data/plans/84-kh.yml",  # refers to the changed agency
    }


@pytest.mark.parametrize("hooks", [".pre-commit-hooks.yaml", "deploy/ci/pre-commit-config.yaml"])
def test_the_commit_hook_runs_the_changed_check_on_content(hooks):
    document = yaml.safe_load((ROOT / hooks).read_text("utf-8"))
    hooks_found = document if isinstance(document, list) else document["repos"][0]["hooks"]
    (hook,) = [h for h in hooks_found if h["id"] == "portal-check-changed"]
    assert hook["entry"].endswith("portal check --changed")
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.search("content/tourism/index.vi.md")
    assert files.search("content/data/news/x.yml")
    assert not files.search("tests/test_x.py")
    help_text = CliRunner().invoke(portal_cli, ["check", "--help"]).output
    assert "--changed" in help_text and "--since" in help_text


def test_the_ci_workflows_check_before_they_publish():
    for name in ("github-pages.yml", "github-rclone.yml", "gitlab-ci.yml"):
        text = (ROOT / "deploy" / "ci" / name).read_text("utf-8")
        assert text.index("make check") < text.rindex("make build"), name
    pages = yaml.safe_load((ROOT / "deploy" / "ci" / "github-pages.yml").read_text("utf-8"))
    assert pages["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
    gitlab = yaml.safe_load((ROOT / "deploy" / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    assert "portal check --changed" in " ".join(gitlab["check"]["script"])
