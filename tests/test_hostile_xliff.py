"""A translator's XLIFF file is untrusted input: what the portal would not publish is refused
at import, naming the segment, and nothing is written (see tests/test_xliff.py for the round
trip these attacks start from)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import etree
from test_xliff import export, fill, marked, prepare, refused, unit_source

from scratch import invoke


def returned_with(project, unit_id: str, text: str) -> Path:
    """A filled Japanese export whose target of ``unit_id`` starts with ``text``."""
    prepare(project)
    path = export(project, "ja")
    fill(path, marked)
    root, _, target = unit_source(path, unit_id)
    target.text = text + (target.text or "")
    path.write_bytes(etree.tostring(root))
    return path


@pytest.mark.parametrize(
    ("unit_id", "text", "expected"),
    [
        ("page:about/history#b3", "<script>alert(1)</script>", "<script> is not allowed"),
        ("page:about/history#b3", '<img src="x" onerror="alert(1)">', "'onerror'"),
        ("item:plans/84-kh#purposes.0", '<a href="javascript:alert(1)">x</a> ', "javascript"),
    ],
)
def test_html_the_sanitizer_would_remove_is_refused(project, unit_id, text, expected):
    output = refused(project, returned_with(project, unit_id, text))
    assert f"{unit_id}: " in output and expected in output, output


@pytest.mark.parametrize(
    "text",
    [
        "x\n\n---\ntitle: evil\n---\n",  # a blank line: blocks (and a rule) of its own
        "x\n# a heading of its own\n",
        "x\n```\n",  # a fence that would swallow the rest of the page
    ],
)
def test_a_block_translation_that_starts_blocks_is_refused(project, text):
    output = refused(project, returned_with(project, "page:about/history#b3", text))
    assert "history.vi.md:9: page:about/history#b3: the translation of one block" in output


def test_a_title_with_yaml_stays_one_value(project):
    path = returned_with(project, "page:about/history#title", "X\n---\nlayout: evil\n")
    result = invoke(project, "i18n", "import", str(path))
    assert result.exit_code == 0, result.output
    text = (project.root / "content/about/history.ja.md").read_text(encoding="utf-8")
    assert "\nlayout:" not in text and text.count("\n---\n") == 1


BLOCK_ITEM = "title:\n  vi: Tiêu đề\n  ja: |\n    cũ\n    cũ 2\nsummary:\n  vi: Tóm tắt\n"


@pytest.mark.parametrize(
    "text",
    [
        "one\ntwo\u2028sample: true",  # YAML reads U+2028, U+2029 and NEL as line breaks
        "one\ntwo\u2029sample: true",
        "one\ntwo\x85sample: true",
        "one\u2028sample: true",
        "  indented first line\nsample: true",  # a block's indentation is its first line's
        "one\ntwo\x9fthree",  # a C1 control YAML refuses to read
        "one\x9f",
    ],
)
@pytest.mark.parametrize("loc", [("summary", "ja"), ("title", "ja")], ids=["added", "replaced"])
def test_a_translation_with_yamls_line_breaks_stays_one_value(text, loc):
    """A translator's text written into an item reads back as itself and adds no key (it made
    the item a sample, say, or any field the model has)."""
    from generator.i18n.languages import CODES
    from generator.i18n.yamledit import set_scalars

    written = set_scalars(BLOCK_ITEM, {loc: text}, CODES)

    data = yaml.safe_load(written)
    assert list(data) == ["title", "summary"]
    assert data[loc[0]][loc[1]] == text
