"""What changed in the project's sources since the last look (polling: no extra package, and
the same on every file system)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

Snapshot = dict[Path, tuple[int, int]]


class Watcher:
    """Files under ``roots`` (folders or single files), compared by modification time and size."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(root) for root in roots]
        self.seen = self._snapshot()

    def changes(self) -> set[Path]:
        """Files added, changed or removed since the previous call."""
        now = self._snapshot()
        changed = {path for path, stamp in now.items() if self.seen.get(path) != stamp}
        changed |= self.seen.keys() - now.keys()
        self.seen = now
        return changed

    def _snapshot(self) -> Snapshot:
        found: Snapshot = {}
        for root in self.roots:
            if root.is_file():
                found[root] = _stamp(root)
                continue
            for folder, dirs, files in os.walk(root):
                dirs[:] = [name for name in dirs if not name.startswith((".", "__"))]
                for name in files:
                    if name.startswith(".") or name.endswith((".swp", "~")):
                        continue  # editors' temporary files
                    path = Path(folder) / name
                    try:
                        found[path] = _stamp(path)
                    except FileNotFoundError:
                        continue  # removed while we looked
        return found


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size
