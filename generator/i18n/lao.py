"""Lao is written without spaces between words, and browsers cannot always find where a line may
break. ICU's dictionary knows; we insert ZERO WIDTH SPACE at every word boundary at build time."""

from __future__ import annotations

import re
from functools import lru_cache

import icu

ZWSP = "\u200b"
_LAO_RUN = re.compile(r"[\u0e80-\u0eff]+")


@lru_cache(maxsize=1)
def _word_breaker() -> icu.BreakIterator:
    return icu.BreakIterator.createWordInstance(icu.Locale("lo"))


def words(run: str) -> list[str]:
    """The words of a run of Lao text, as ICU's Lao dictionary splits it."""
    breaker = _word_breaker()
    breaker.setText(run)
    bounds = [0, *breaker]
    return [run[start:end] for start, end in zip(bounds, bounds[1:], strict=False) if end > start]


@lru_cache(maxsize=4096)
def _segment_run(run: str) -> str:
    return ZWSP.join(words(run))


def segment(text: str) -> str:
    """``text`` with a zero-width space between Lao words; other scripts are left alone."""
    if not text or not _LAO_RUN.search(text):
        return text
    return _LAO_RUN.sub(lambda match: _segment_run(match.group(0)), text)
