"""``portal check --changed --since REF``: REF reaches git's command line (from a CI job's
branch name, say) and is never read as one of git's options."""

from __future__ import annotations

import subprocess

import pytest

from generator.content.changes import GitError, changed_files


@pytest.mark.parametrize("since", ["--output=written-by-git.txt", "-p", " "])
def test_since_is_never_an_option_of_git(tmp_path, since):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    with pytest.raises(GitError, match="not a commit — name a branch"):
        changed_files(tmp_path, since)
    assert not (tmp_path / "written-by-git.txt").exists()


def test_a_renamed_page_leaves_its_old_name_among_the_changed(project):
    """git diff reads a staged move as a rename and names only the new file: the pages that
    still link to the old name were never checked, and --changed passed a broken link."""
    from conftest import page

    project.write(
        {
            "content/about/history.vi.md": page("Lịch sử", "Từ thế kỷ X, một câu khá dài."),
            "content/about/index.vi.md": page("About vi", "See [history](history.md)."),
        }
    )
    git = ["git", "-c", "user.name=E", "-c", "user.email=e@example.org"]
    for args in (["init", "-q", "."], ["add", "-A"], ["commit", "-q", "-m", "portal"]):
        subprocess.run([*git, *args], cwd=project.root, check=True, capture_output=True)
    subprocess.run(
        [*git, "mv", "content/about/history.vi.md", "content/about/past.vi.md"],
        cwd=project.root,
        check=True,
    )

    changed = changed_files(project.root)

    content = (project.root / "content" / "about").resolve()
    assert content / "history.vi.md" in changed
    assert content / "past.vi.md" in changed
    result = project.run("check", "--changed")
    assert result.returncode == 1
    assert "content/about/index.vi.md:4: the link 'history.md' leads to a page" in result.stderr
