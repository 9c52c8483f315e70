"""Festivals: lunar dates become this year's solar dates; over one-off events stay listed."""

from __future__ import annotations

import datetime as dt

from generator.lunar import lunar_to_solar

from conftest import CODES, localized, page


def test_event_dates_and_the_past_events_list(project):
    files = {
        "content/data/events/hoi-xuan.yml": (
            f"title: {localized('Spring festival')}\nvenue: {localized('Temple')}\n"
            "sources: [Festival calendar]\nlunar: {month: 1, day: 15}\n"
        ),
        "content/data/events/hoi-cho-2024.yml": (
            f"title: {localized('Trade fair 2024')}\nvenue: {localized('Fairground')}\n"
            "sources: [Announcement]\nstart: 2024-05-10\nrecurrence: once\n"
        ),
    }
    for code in CODES:
        files[f"content/festivals/index.{code}.md"] = page(f"Festivals {code}", listing="events")
    project.write(files)
    result = project.build()
    assert result.returncode == 0, result.stderr

    # the mini project pins today at 2026-11-22: the next 15th of the first lunar month is 2027's
    expected = lunar_to_solar(2027, 1, 15)
    assert expected == dt.date(2027, 2, 20)  # Tết 2027 is 6 February
    for code in CODES:
        prefix = "" if code == "vi" else f"{code}/"
        doc = project.html(f"{prefix}festivals/index.html")
        coming = doc.cssselect("[data-listing='events'] time")
        assert [t.get("datetime") for t in coming] == ["2027-02-20"]
        past = doc.cssselect("[data-listing='past-events'] a")
        assert [a.text_content() for a in past] == [f"Trade fair 2024 ({code})"]
        home = project.html(f"{prefix}index.html")
        assert "2027-02-20" in [t.get("datetime") for t in home.cssselect("time")]
        over = project.html(f"{prefix}festivals/hoi-cho-2024/index.html")
        assert over.cssselect(".portal-facts time")[0].get("datetime") == "2024-05-10"
