"""Atomic publication of a build: the new site replaces the old one only when it is complete.

A build runs under a lock beside the site (``.site.lock``), so two builds, or a build and a
deploy, never swap under each other. It writes into a staging folder beside the site
(``.site-build-*``), which every failure removes: any exception, Ctrl-C, or SIGTERM (turned into
an exception). What a SIGKILL leaves behind is removed by the next build, under the lock, so a
running build's staging folder is never touched. The swap exchanges the two folders in one
system call where the file system allows it, so ``site/`` never goes missing.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.i18n.tool import tr

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


class SiteBusy(Exception):
    """Another process holds the site's lock."""

    def __init__(self, lock: Path, holder: str):
        self.lock = lock
        self.holder = holder
        super().__init__(
            tr(
                "{lock}: another build or deploy (pid {pid}) is publishing this site — wait for "
                "it to finish, or pass --wait to queue behind it",
                lock=lock,
                pid=holder,
            )
        )


class BuildTerminated(BaseException):
    """SIGTERM received during a build; a BaseException, so no ``except Exception`` eats it."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"terminated by signal {signum}")


class UnsafeSiteDir(Exception):
    """The site folder is one a build must never replace (the project, a home, a foreign folder)."""


_PROJECT_MARKS = (".git", "mkdocs.yml", "pyproject.toml", "content")
"""Files that say a folder is a project's sources, never a built site."""

_SITE_MARKS = ("index.html", "sitemap.xml")
"""Files every site built by the portal has at its root."""


def check_site_dir(site_dir: Path, project_dir: Path) -> None:
    """Refuse a ``site_dir`` whose replacement would destroy something else.

    A build replaces the whole folder: ``--site-dir .`` would otherwise swap the repository
    away, and ``--site-dir ~`` a home folder.

    Raises:
        UnsafeSiteDir: naming the folder, the reason and what to write instead.
    """
    site, project = site_dir.resolve(), project_dir.resolve()
    fix = "build into a new or empty folder, e.g. --site-dir site"
    if site == project or site in project.parents:
        raise UnsafeSiteDir(f"{site}: this folder holds the project itself — {fix}")
    if site in (Path.home().resolve(), Path(site.anchor)):
        raise UnsafeSiteDir(f"{site}: a build would replace this whole folder — {fix}")
    if not site.is_dir() or not any(site.iterdir()):
        return
    marks = [name for name in _PROJECT_MARKS if (site / name).exists()]
    if marks:
        raise UnsafeSiteDir(f"{site}: holds {', '.join(marks)}, so it is not a built site — {fix}")
    if not all((site / name).is_file() for name in _SITE_MARKS):
        raise UnsafeSiteDir(
            f"{site}: holds files but no {' and '.join(_SITE_MARKS)}, so it is not a site built "
            f"by portal and a build would delete them — {fix}"
        )


def lock_path(site_dir: Path) -> Path:
    """The lock file of ``site_dir``: ``.site.lock`` beside it."""
    return site_dir.with_name(f".{site_dir.name}.lock")


def staging_prefixes(site_dir: Path) -> tuple[str, str]:
    """Name prefixes of a staging folder and of an old site being removed, beside ``site_dir``."""
    return f".{site_dir.name}-build-", f".{site_dir.name}-old-"


@contextmanager
def site_lock(site_dir: Path, wait: bool = False, on_wait=None) -> Iterator[None]:
    """Hold the lock of ``site_dir`` for the whole block (build and swap, or deploy).

    Args:
        site_dir: the published folder the block may replace.
        wait: queue behind the holder instead of failing at once.
        on_wait: called with the holder's pid before waiting, to tell the operator.

    Raises:
        SiteBusy: the lock is held and ``wait`` is false.
    """
    path = lock_path(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise SiteBusy(path, holder) from None
            if on_wait is not None:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock; the file stays for the next


def _holder(fd: int) -> str:
    return os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Remove what killed builds left beside ``site_dir``; call it only under ``site_lock``.

    Returns:
        The folders removed.
    """
    if not site_dir.exists():
        _restore_interrupted_swap(site_dir)
    removed = []
    for prefix in staging_prefixes(site_dir):
        for folder in sorted(site_dir.parent.glob(f"{prefix}*")):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _restore_interrupted_swap(site_dir: Path) -> None:
    """A kill between the two renames of the fallback swap leaves only ``.site-old-*``."""
    olds = sorted(site_dir.parent.glob(f"{staging_prefixes(site_dir)[1]}*"))
    if len(olds) == 1:
        os.replace(olds[0], site_dir)


def staging_dir(site_dir: Path) -> Path:
    """A fresh folder beside ``site_dir`` (same file system, so the swap is a rename)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    built = Path(tempfile.mkdtemp(prefix=staging_prefixes(site_dir)[0], dir=site_dir.parent))
    built.chmod(0o777 & ~_umask())  # mkdtemp's 0700 would hide the published site from a server
    return built


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def staging(site_dir: Path) -> Iterator[Path]:
    """A staging folder for a build of ``site_dir`` that any failure removes.

    Exceptions of every kind (KeyboardInterrupt and SIGTERM included) remove the folder and
    propagate; after a successful ``swap_into_place`` the folder no longer exists.
    """
    with _sigterm_raises():  # before the folder exists, so no SIGTERM can leave it behind
        built = staging_dir(site_dir)
        try:
            yield built
        finally:
            discard(built)


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def terminate(signum, _frame):
        raise BuildTerminated(signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def swap_into_place(built: Path, site_dir: Path) -> None:
    """Put ``built`` in place of ``site_dir``; the old site is removed afterwards.

    Where the file system allows, the two folders are exchanged in one step (Linux
    ``renameat2(RENAME_EXCHANGE)``); otherwise two renames. Signals wait until the swap is done.
    """
    signals = {signal.SIGTERM, signal.SIGINT}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        if site_dir.exists() and _exchange(built, site_dir):
            old = built  # the staging name now holds the previous site
        else:
            old = _swap_by_renames(built, site_dir)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    if old is not None:
        discard(old)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # the file system cannot exchange: rename twice
    raise OSError(error, os.strerror(error), str(a), None, str(b))


def _swap_by_renames(built: Path, site_dir: Path) -> Path | None:
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f"{staging_prefixes(site_dir)[1]}{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(site_dir, old)
    os.replace(built, site_dir)
    return old


def discard(built: Path) -> None:
    shutil.rmtree(built, ignore_errors=True)
