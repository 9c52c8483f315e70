"""The content check of editors' Markdown: nothing in it may be removed by the sanitizer.

Every Markdown text of the portal (pages, item bodies, a plan's original text) is converted
with the site's own Markdown set-up (:mod:`generator.markdown`), and each piece of raw HTML and
each element of the result is held against the sanitizer's allow-list. A finding becomes a
``path:line: what — fix`` problem, so ``portal check`` and ``portal build`` fail before anything
is written, instead of a page silently losing what an editor meant to publish.
"""

from __future__ import annotations

import json
import posixpath
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown

from generator.buildcache import BuildCache, content_key
from generator.content import limits
from generator.content.models import Plan
from generator.content.problems import Problems
from generator.content.yamlsource import file_lines, value_line
from generator.i18n.tool import tr
from generator.markdown import converter
from generator.markdown.sanitize import Finding, findings, raw_html_findings
from generator.workers import cores, map_in_forks, may_fork


@dataclass(frozen=True)
class MarkdownText:
    """One Markdown text of the content and where it starts in its file."""

    path: Path
    first_line: int
    text: str
    nested: bool = False
    base: str | None = None
    """The content folder its relative links start from (None: an item no page lists)."""


def check_markdown_safety(portal, problems: Problems) -> None:
    """Add a problem for everything in ``portal``'s Markdown the sanitizer would remove."""
    sources = [source for source in markdown_texts(portal) if portal.in_scope(source.path)]
    todo: dict[tuple[str, bool], None] = {}
    for source in sources:
        key = (source.text, source.nested)
        if key not in _FINDINGS:  # a text checked before in this process is not converted again
            stored = _stored_findings(source)
            if stored is None:
                todo[key] = None
            else:
                _remember(key, stored)
    for key, found in zip(todo, _findings_of(list(todo)), strict=True):
        _keep_findings(key, found)
        _remember(key, found)
    for source in sources:
        for finding in _FINDINGS[(source.text, source.nested)]:
            problems.add(
                source.path, _line_of(finding, source), _message(finding.message), finding.fix
            )


_FINDINGS: dict[tuple[str, bool], list[Finding]] = {}
_FINDINGS_LIMIT = 50_000

PARALLEL_FROM = 200
"""Texts to convert from which the work is shared among processes (a first build of a large
portal converts thousands; a few are quicker converted here than a process started)."""

findings_cache: BuildCache | None = None
"""Where findings are kept between builds, by the text's hash (set by the build's plugin)."""


def _remember(key: tuple[str, bool], found: list[Finding]) -> None:
    if len(_FINDINGS) >= _FINDINGS_LIMIT:
        _FINDINGS.pop(next(iter(_FINDINGS)))
    _FINDINGS[key] = found


def _cache_key(text: str, nested: bool) -> str:
    return content_key("safety", str(nested), text)


def _stored_findings(source: MarkdownText) -> list[Finding] | None:
    """``source``'s findings from the build cache, when an earlier build checked the same text."""
    cache = findings_cache
    stored = cache.get("safety", _cache_key(source.text, source.nested)) if cache else None
    if stored is None:
        return None
    return [Finding(m, f, tuple(n)) for m, f, n in json.loads(stored)]


def _keep_findings(key: tuple[str, bool], found: list[Finding]) -> None:
    """Keep the findings of a text for the next build; a conversion that ran out of time is
    never kept (the next build tries again)."""
    cache = findings_cache
    if cache and not any(finding.message == _too_slow().message for finding in found):
        rows = [[finding.message, finding.fix, list(finding.needles)] for finding in found]
        cache.put("safety", _cache_key(*key), json.dumps(rows, ensure_ascii=False).encode("utf-8"))


def _findings_of(texts: list[tuple[str, bool]]) -> list[list[Finding]]:
    """The findings of each (text, nested), in order: shared among forked processes when there
    are many and this process runs no other thread (a fork copies only the calling thread)."""
    workers = min(cores(), 8)
    if len(texts) < PARALLEL_FROM or workers < 2 or not may_fork():
        return [_converted_findings(text) for text in texts]
    chunk = max(16, len(texts) // (workers * 8))
    return map_in_forks(_converted_findings, texts, workers, chunksize=chunk)


_CONVERTERS: dict[bool, Markdown] = {}


def _converted_findings(text: tuple[str, bool]) -> list[Finding]:
    content, nested = text
    if nested not in _CONVERTERS:
        _CONVERTERS[nested] = converter(nested=nested)
    return text_findings(content, _CONVERTERS[nested])


def markdown_texts(portal) -> Iterator[MarkdownText]:
    """Every Markdown text of ``portal``: pages, item bodies, plans' original texts."""
    file_lines.cache_clear()  # a preview reads the content again after every save
    for versions in portal.pages.values():
        for page in versions.values():
            base = posixpath.dirname(page.src_uri)
            yield MarkdownText(page.path, page.body_line, page.body, base=base)
    for loaded in portal.all_items():
        listing = portal.listing_pages.get(loaded.type)
        base = posixpath.dirname(listing) if listing else None
        for lang, body in (loaded.model.body or {}).items():
            line = value_line(loaded.located, ("body", lang))
            yield MarkdownText(loaded.path, line, body, loaded.type == "faq", base)
        if isinstance(loaded.model, Plan):
            text = loaded.model.original_text
            line = value_line(loaded.located, ("original_text",))
            yield MarkdownText(loaded.path, line, text, True, base)


def text_findings(text: str, md: Markdown) -> list[Finding]:
    """What the sanitizer would remove from ``text`` once converted by ``md`` (or why it could
    not be converted: too slow, nested too deeply)."""
    md.reset()
    try:
        with _time_limit(limits.MARKDOWN_SECONDS):
            html = md.convert(text)
    except _TooSlow:
        return [_too_slow()]
    except RecursionError:
        return [_too_deep()]
    found: list[Finding] = []
    for fragment in md.htmlStash.rawHtmlBlocks:
        if isinstance(fragment, str):
            found += raw_html_findings(fragment)
    found += findings(html)
    return _unique(found)


class _TooSlow(Exception):
    """A conversion ran past :data:`~generator.content.limits.MARKDOWN_SECONDS`."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (a timer signal: only in the main thread, where
    ``portal check`` and ``portal build`` run; elsewhere the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _too_slow() -> Finding:
    return Finding(
        tr(
            "this text takes more than {seconds:g} s to convert, so it is refused",
            seconds=limits.MARKDOWN_SECONDS,
        ),
        tr(
            "look for long runs of repeated brackets, asterisks or underscores (e.g. '![![![…') "
            "and remove them, or split the text"
        ),
        (),
    )


def _too_deep() -> Finding:
    return Finding(
        tr("lists or quotes in this text are nested too deeply to convert"),
        tr("keep nesting under {count} levels", count=limits.MAX_NESTING),
        (),
    )


def _unique(found: list[Finding]) -> list[Finding]:
    """One finding per fault: raw HTML is reported as typed, not again once converted."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for finding in found:
        key = (finding.message, finding.needles)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def _line_of(finding: Finding, source: MarkdownText) -> int:
    text = source.text.lower()
    for needle in finding.needles:
        index = text.find(needle.lower()) if needle else -1
        if index >= 0:
            return source.first_line + source.text.count("\n", 0, index)
    return source.first_line


def _message(message: str) -> str:
    return tr("{message} (the sanitizer would remove it)", message=message)
