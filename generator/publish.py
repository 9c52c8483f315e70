"""Atomic publication of a build: the new site replaces the old one only when it is complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside ``site_dir`` (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-build-", dir=site_dir.parent))


def swap_into_place(built: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` with ``built`` by two renames; the old site is removed afterwards."""
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
    os.replace(built, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)
