"""When each content file last changed, from git history (one ``git log`` for the whole tree)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def last_changed_dates(folder: Path) -> dict[Path, dt.date]:
    """Map every file under ``folder`` that git knows to the date of its last commit.

    Returns an empty map outside a git work tree or without git: pages then show the date
    written in their content, if any.
    """
    dates: dict[Path, dt.date] = {}
    for path, day in _commits_newest_first(folder):
        dates.setdefault(path, day)
    return dates


def added_dates(folder: Path) -> dict[Path, dt.date]:
    """Map every file under ``folder`` that git knows to the date of its first commit (when it
    was published). Empty outside a git work tree or without git."""
    dates: dict[Path, dt.date] = {}
    for path, day in _commits_newest_first(folder):
        dates[path] = day
    return dates


def _commits_newest_first(folder: Path) -> list[tuple[Path, dt.date]]:
    """(file, commit date) for every commit touching a file under ``folder``, newest first."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "."],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    entries: list[tuple[Path, dt.date]] = []
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            entries.append(((Path(top) / line).resolve(), current))
    return entries
