"""Dates and deadlines of a page from data in each reader's own format, rendered in-process
(tests/scratch.py: the mini portal loaded, routed and rendered as a build would, no build)."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html as lxml_html

from scratch import renderer

ISSUED = {  # the plan's 'issued: 2024-01-29' and its task's 'deadline: Q3/2024'
    "en": ("January 29, 2024", "Quarter 3/2024"),
    "ja": ("2024年1月29日", "2024年第3四半期"),
    "lo": ("29 ມັງກອນ 2024", "ໄຕມາດ 3/2024"),
}


@pytest.mark.parametrize("code", sorted(ISSUED))
def test_a_plans_dates_are_written_in_the_readers_language(project, code):
    rendering, routes = renderer(project, code)
    doc = lxml_html.fragment_fromstring(
        rendering.page_content(routes["plans/84-kh"], ""), create_parent="div"
    )
    text = doc.text_content().replace("\u200b", "")
    issued, deadline = ISSUED[code]
    assert issued in text and deadline in text, text
    assert "2024-01-29" in [t.get("datetime") for t in doc.cssselect("time")]


def test_today_is_pinned_through_the_plugin_option(project):
    rendering, _ = renderer(project, "en", today="2027-02-01")
    assert rendering.ctx.today == dt.date(2027, 2, 1)
    assert renderer(project, "en")[0].ctx.today == dt.date(2026, 11, 22)  # conftest.TODAY
