"""Translation coverage over time: the content as it was at the end of each month, read from git
and counted by the same functions as ``portal i18n status``.

For each month, the last commit before the month ended is found, its content folder copied out
with ``git archive`` into a temporary folder, loaded and summarised. Content that the current
models refuse (an older schema) gives no figure for that month, with the reason. Nothing read
from the history is ever run: a past commit's code is whatever anyone who could commit wrote
(editors commit through the web editor's git host), reverted or not.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

from generator.content.portal import load_portal
from generator.content.problems import ContentError
from generator.i18n.freshness import portal_states
from generator.i18n.status import summarise
from generator.report.figures import CoveragePoint


def coverage_history(
    content_dir: Path, months: list[dt.date], today: dt.date
) -> list[CoveragePoint]:
    """Coverage per language at the end of each of ``months`` that has begun by ``today``.

    Args:
        content_dir: the content folder, inside a git work tree.
        months: first days of the months, in order.
        today: months after it are left out; the current month is counted up to now.

    Returns:
        One point per month; none at all outside a git work tree.
    """
    top = _git(content_dir, "rev-parse", "--show-toplevel")
    if top is None:
        return []
    relative = content_dir.resolve().relative_to(Path(top).resolve()).as_posix()
    points: list[CoveragePoint] = []
    known: dict[str, tuple[dict[str, float], str | None]] = {}
    for month in months:
        if month > today:
            break
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        commit = _git(content_dir, "rev-list", "-1", f"--before={end}T23:59:59", "HEAD", "--", ".")
        if not commit:
            points.append(CoveragePoint(month, None, {}))
            continue
        if commit not in known:
            known[commit] = _coverage_at(Path(top), commit, relative)
        coverage, problem = known[commit]
        points.append(CoveragePoint(month, commit[:12], coverage, problem))
    return points


def _coverage_at(top: Path, commit: str, relative: str) -> tuple[dict[str, float], str | None]:
    """Coverage per language of the content folder ``relative`` (to the work tree's ``top``) as
    it was at ``commit``, counted with today's code, or why that content cannot be read (today's
    models refuse it: it predates a change of schema).

    The generator of that commit is never run to count it: its code is the history's, not the
    project's as checked out.
    """
    with tempfile.TemporaryDirectory(prefix="portal-report-") as folder:
        problem = _extract(top, commit, relative, Path(folder))
        if problem:
            return {}, problem
        try:
            portal = load_portal(Path(folder) / relative)
        except ContentError as exc:
            return {}, f"{len(exc.problems)} problem(s), e.g. {exc.problems[0]}"
    report = summarise(portal_states(portal))
    return {s.lang: round(s.counts.coverage, 1) for s in report.languages}, None


def _extract(top: Path, commit: str, relative: str, folder: Path) -> str | None:
    """Copy ``relative`` as it was at ``commit`` into ``folder``; the reason when it fails."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "--", relative],
        cwd=top,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        return archive.stderr.decode("utf-8", "replace").strip()
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return None


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()
