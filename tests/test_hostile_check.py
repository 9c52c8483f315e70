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
