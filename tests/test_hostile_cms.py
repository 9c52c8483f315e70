"""``portal cms --out`` replaces its folder: it must never replace a folder it did not write
(the project, its content, a home folder, a folder of someone's files)."""

from __future__ import annotations

import pytest

from scratch import invoke


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("out", [".", "content", "..", "mine"])
def test_out_never_replaces_a_folder_it_did_not_write(project, monkeypatch, out):
    (project.root / "mine").mkdir()
    (project.root / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    monkeypatch.chdir(project.root)
    before = snapshot(project.root)
    result = invoke(project, "cms", "--out", out)
    assert result.exit_code == 1, result.output
    assert "--out" in result.output and " — " in result.output, result.output
    assert snapshot(project.root) == before


def test_out_replaces_its_own_earlier_folder(project):
    out = project.root / "out" / "admin"
    assert invoke(project, "cms", "--out", str(out)).exit_code == 0
    (out / "config.yml").write_text("stale", encoding="utf-8")
    result = invoke(project, "cms", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "config.yml").read_text(encoding="utf-8") != "stale"
