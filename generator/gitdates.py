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
        return {}
    dates: dict[Path, dt.date] = {}
    current: dt.date | None = None
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current is not None:
            dates.setdefault((Path(top) / line).resolve(), current)
    return dates
