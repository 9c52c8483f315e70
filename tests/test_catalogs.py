"""Interface strings: complete catalogs in six languages, in step with the templates; a missing
string fails the build instead of showing English to a Lao reader."""

from __future__ import annotations

import shutil
import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import CODES, ENV, ROOT, extract_in_copy


def catalog(code: str, root=ROOT):
    with open(root / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def test_catalogs_are_complete():
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "i18n", "compile", "--check"],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for code in CODES:
        messages = [m for m in catalog(code) if m.id]
        assert len(messages) > 150
        assert all(m.string and not m.fuzzy for m in messages), code


def test_catalogs_hold_every_string_the_templates_use(tmp_path):
    with open(extract_in_copy(tmp_path) / "messages.pot", "rb") as handle:
        used = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for code in CODES:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(code) if m.id}
        assert used - known == set(), code


def test_a_missing_string_fails_the_build_and_names_it(project):
    translations = project.root / "translations"
    shutil.copytree(ROOT / "translations", translations)
    po = translations / "lo" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('msgid "Skip to content"')
    end = text.index("\n\n", start)
    po.write_text(
        text[:start] + 'msgid "Skip to content"\nmsgstr ""' + text[end:], encoding="utf-8"
    )
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(str(ROOT / "translations"), str(translations)),
        encoding="utf-8",
    )
    result = project.build()
    assert result.returncode == 1
    assert "interface strings missing from translations/lo: Skip to content" in result.stderr
