"""The tools in Vietnamese: every message of ``portal`` comes from the ``portal`` gettext domain,
shown in Vietnamese under a Vietnamese locale or ``--lang vi`` and in English otherwise (CI logs);
the catalogs are complete and in step with the code, and no message is written past ``tr()``."""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from babel.messages.pofile import read_po

from generator.i18n.tool import DOMAIN, language_of_environment

from conftest import ENV, ROOT, Project, extract_in_copy, mkdocs_yml

GENERATOR = ROOT / "generator"

BROKEN = {
    # a required field missing, a misspelt field, a date in the wrong form
    "content/data/agencies/bad.yml": "titel: x\nsources: [a]\nupdated: 29/01/2024\n",
}

# What `portal check` prints about BROKEN, in each language: (path:line, words of the message).
EXPECTED = {
    "vi": [
        ("content/data/agencies/bad.yml:1:", "thiếu trường bắt buộc 'title' — bổ sung dòng"),
        ("content/data/agencies/bad.yml:1:", "trường không xác định 'titel' — có phải ý bạn là"),
        ("content/data/agencies/bad.yml:3:", "'updated' không phải là ngày hợp lệ"),
        ("", "3 lỗi, 0 cảnh báo"),
    ],
    "en": [
        ("content/data/agencies/bad.yml:1:", "required field 'title' is missing — add"),
        ("content/data/agencies/bad.yml:1:", "unknown field 'titel' — did you mean"),
        ("content/data/agencies/bad.yml:3:", "'updated' is not a valid date"),
        ("", "3 error(s), 0 warning(s)"),
    ],
}

LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PORTAL_LANG")


def run_check(project: Project, *options: str, **locale: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in ENV.items() if key not in LOCALE} | locale
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *options, "check"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_speaks(result: subprocess.CompletedProcess[str], lang: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    for where, words in EXPECTED[lang]:
        assert any(line.startswith(where) and words in line for line in lines), (words, lines)
    other = "en" if lang == "vi" else "vi"
    for _, words in EXPECTED[other]:
        assert words not in result.stderr


def test_check_speaks_vietnamese_under_a_vietnamese_locale_and_english_without(project):
    project.write(BROKEN)
    assert_speaks(run_check(project, LANG="vi_VN.UTF-8"), "vi")
    assert_speaks(run_check(project, LC_ALL="C.UTF-8", LANG="vi_VN.UTF-8"), "en")
    assert_speaks(run_check(project), "en")  # no locale at all: a CI log
    assert_speaks(run_check(project, LANG="C"), "en")
    assert_speaks(run_check(project, "--lang", "vi", LANG="C.UTF-8"), "vi")
    assert_speaks(run_check(project, "--lang", "en", LANG="vi_VN.UTF-8"), "en")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "vi_VN.UTF-8"}, "vi"),
        ({"LANG": "vi"}, "vi"),
        ({"LC_MESSAGES": "vi_VN.UTF-8", "LANG": "en_GB.UTF-8"}, "vi"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "vi_VN.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "vi_VN.utf8"}, "vi"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # no French catalog: the source language
        ({"PORTAL_LANG": "vi", "LC_ALL": "C"}, "vi"),  # portal --lang, passed to workers
    ],
)
def test_the_language_follows_the_locale_as_posix_orders_it(environ, expected):
    assert language_of_environment(environ) == expected


# --- the catalogs ----------------------------------------------------------------------------


def catalog(lang: str, root: Path = ROOT):
    with open(root / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_is_translated_with_its_placeholders():
    messages = [m for m in catalog("vi") if m.id]
    assert len(messages) > 90
    for message in messages:
        assert message.string and not message.fuzzy, message.id
        assert placeholders(message.string) == placeholders(message.id), message.id
    # Vietnamese, with its diacritics, not the English copied over
    vietnamese = [
        m for m in messages if re.search("[ạảãàáâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]", m.string)
    ]
    assert len(vietnamese) > 0.8 * len(messages)


def test_the_catalogs_hold_every_message_of_the_code(tmp_path):
    """``portal i18n extract`` in a copy of the repository writes portal.pot; every message of
    it is in both catalogs (a new message without its translation fails here)."""
    with open(extract_in_copy(tmp_path) / f"{DOMAIN}.pot", "rb") as handle:
        used = {m.id for m in read_po(handle) if m.id}
    assert len(used) > 90
    for lang in ("vi", "en"):
        assert used - {m.id for m in catalog(lang) if m.id} == set(), lang


def test_compile_check_covers_the_portal_domain(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    project = Project(tmp_path)
    project.write({"mkdocs.yml": mkdocs_yml(translations_dir=str(translations))})
    (tmp_path / "content").mkdir()
    result = project.run("i18n", "compile", "--check")
    assert result.returncode == 0, result.stderr
    po = translations / "vi" / "LC_MESSAGES" / f"{DOMAIN}.po"
    text = po.read_text(encoding="utf-8")
    untranslated = "msgstr \"thiếu trường bắt buộc '{name}'\""
    assert untranslated in text
    po.write_text(text.replace(untranslated, 'msgstr ""'), encoding="utf-8")
    result = project.run("i18n", "compile", "--check")
    assert result.returncode == 1
    shown = po.relative_to(tmp_path).as_posix()
    assert f"{shown}: untranslated: \"required field '{{name}}' is missing\"" in result.stderr


# --- no message past tr() --------------------------------------------------------------------


def _has_words(node: ast.expr) -> bool:
    """Whether ``node`` writes English words itself (a literal, an f-string or a concatenation
    with text), rather than passing on a value or a ``tr()`` call."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(re.search("[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _has_words(node.left) or _has_words(node.right)
    if isinstance(node, ast.IfExp):
        return _has_words(node.body) or _has_words(node.orelse)
    return False


def _messages(call: ast.Call) -> list[ast.expr]:
    """The message arguments of ``click.echo(message)``, ``problems.add/warn(path, line, message,
    fix)`` and ``click.ClickException``/``UsageError``/``BadParameter(message)``."""
    function = call.func
    name = ast.unparse(function)
    if name in ("click.echo", "click.secho", "echo") or name.endswith(
        ("ClickException", "UsageError", "BadParameter")
    ):
        return call.args[:1]
    if (
        isinstance(function, ast.Attribute)
        and function.attr in ("add", "warn")
        and "problems" in ast.unparse(function.value).lower()
    ):
        keywords = [k.value for k in call.keywords if k.arg in ("message", "fix")]
        return [*call.args[2:4], *keywords]
    return []


def unwrapped_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shown = PurePosixPath(*path.parts[path.parts.index("generator") :])
    return [
        f"{shown}:{argument.lineno}: {ast.unparse(argument)[:70]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for argument in _messages(node)
        if _has_words(argument)
    ]


def test_no_message_of_the_generator_is_left_out_of_the_catalog():
    found = [
        message for path in sorted(GENERATOR.rglob("*.py")) for message in unwrapped_messages(path)
    ]
    assert found == [], "wrap these in tr() (generator/i18n/tool.py):\n" + "\n".join(found)


def test_the_scan_finds_an_unwrapped_message(tmp_path):
    sample = ROOT / "generator" / "content" / "loader.py"
    assert unwrapped_messages(sample) == []
    broken = sample.read_text(encoding="utf-8").replace(
        'tr("content/site.yml is missing")', '"content/site.yml is missing"'
    )
    copy = tmp_path / "generator" / "content" / "loader.py"
    copy.parent.mkdir(parents=True)
    copy.write_text(broken, encoding="utf-8")
    line = next(
        n for n, text in enumerate(broken.splitlines(), 1) if '"content/site.yml is' in text
    )
    assert unwrapped_messages(copy) == [
        f"generator/content/loader.py:{line}: 'content/site.yml is missing'"
    ]


def test_no_environment_leaks_into_the_other_tests():
    assert "PORTAL_LANG" not in os.environ


def test_help_speaks_the_editors_language():
    def help_of(*args: str, **locale: str) -> str:
        env = {key: value for key, value in ENV.items() if key not in LOCALE} | locale
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", *args, "--help"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return " ".join(result.stdout.split())

    assert "Tạo một trang mới" in help_of("new", LANG="vi_VN.UTF-8")
    assert "Kiểm tra toàn bộ nội dung" in help_of("--lang", "vi", "check", LANG="C")
    assert "Dựng và kiểm tra cổng thông tin" in help_of(LANG="vi_VN.UTF-8")
    english = help_of("new")
    assert "Create a new page" in english and "Tạo" not in english


def test_a_new_message_waits_only_for_its_vietnamese(tmp_path):
    """``portal i18n update`` after a new tr() message: English gets it as written, the
    Vietnamese catalog lacks it, and ``compile --check`` names it there."""
    shutil.copytree(GENERATOR, tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("theme", "translations"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("babel.cfg", "mkdocs.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "content").mkdir()
    loader = tmp_path / "generator" / "content" / "loader.py"
    loader.write_text(
        loader.read_text(encoding="utf-8") + '\n\nNEW = tr("a message added today")\n',
        encoding="utf-8",
    )

    def portal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator.cli", "i18n", *args],
            cwd=tmp_path,
            env=ENV,
            capture_output=True,
            text=True,
        )

    assert portal("update").returncode == 0
    english = {m.id: m.string for m in catalog("en", tmp_path) if m.id}
    assert english["a message added today"] == "a message added today"
    vietnamese = {m.id: m.string for m in catalog("vi", tmp_path) if m.id}
    assert vietnamese["a message added today"] == ""
    result = portal("compile", "--check")
    assert result.returncode == 1
    untranslated = [line for line in result.stderr.splitlines() if "untranslated" in line]
    assert untranslated == [
        "translations/vi/LC_MESSAGES/portal.po: untranslated: 'a message added today'"
    ]
