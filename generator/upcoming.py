"""Which festivals and events come next, computed at build time (lunar dates included)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.content.loader import LoadedItem
from generator.content.models import Event
from generator.content.portal import Portal
from generator.lunar import lunar_to_solar


@dataclass(frozen=True)
class Occurrence:
    event: LoadedItem
    start: dt.date
    end: dt.date | None


def next_occurrence(event: Event, today: dt.date) -> tuple[dt.date, dt.date | None] | None:
    """The next (or current) dates of ``event`` on or after ``today``; None when it is over."""
    if event.lunar is not None:
        for year in (today.year - 1, today.year, today.year + 1):
            start = lunar_to_solar(year, event.lunar.month, event.lunar.day)
            end = (
                lunar_to_solar(year, event.lunar_end.month, event.lunar_end.day)
                if event.lunar_end
                else None
            )
            if (end or start) >= today:
                return start, end
        return None
    assert event.start is not None
    if event.recurrence == "annual":
        for year in (today.year, today.year + 1):
            start = event.start.replace(year=year)
            end = event.end.replace(year=year) if event.end else None
            if (end or start) >= today:
                return start, end
        return None
    if (event.end or event.start) >= today:
        return event.start, event.end
    return None


def upcoming_events(portal: Portal, today: dt.date, limit: int = 6) -> list[Occurrence]:
    found = []
    for loaded in portal.items.get("events", {}).values():
        assert isinstance(loaded.model, Event)
        dates = next_occurrence(loaded.model, today)
        if dates:
            found.append(Occurrence(loaded, *dates))
    found.sort(key=lambda occ: occ.start)
    return found[:limit]
