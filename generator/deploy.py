"""Deploys of a built site, with a manifest of every file and a rollback from the destination alone.

A destination is a local folder, an rsync target (``rsync:[USER@HOST:]PATH``) or any rclone remote
(``rclone:REMOTE:PATH``). Whatever it is, its root holds the site and a ``.deploy/`` folder with
all a later deploy or a rollback needs, so any machine (a CI runner, a laptop) can do either:

    .deploy/releases.json          the kept releases, oldest first; the last one is current
    .deploy/manifests/<id>.json    each kept release: every file's path, size and sha256
    .deploy/objects/<ab>/<sha256>  the bytes of every file of the kept releases, once per content
    .deploy/pending.json           the manifest of a deploy under way, removed when it completes

A deploy transfers only what differs from the current release, in an order that never shows a
reader a page whose assets are missing: the content store first, then new and changed assets (every
file that is not HTML), then HTML pages, then the removal of stale files; only then does the new
release become current. A transfer that fails leaves the previous release current, and
``pending.json`` tells the next run which files may have been touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.buildcache import file_sha256
from generator.content.problems import Problem
from generator.i18n.tool import tr
from generator.publish import SiteBusy, site_lock

STATE_DIR = ".deploy"
RELEASES = f"{STATE_DIR}/releases.json"
PENDING = f"{STATE_DIR}/pending.json"
PAGE_SUFFIXES = (".html", ".htm")
COMPRESSED_SUFFIXES = (".gz", ".br", ".zst")  # a page's precompressed copy is served as the page
DEFAULT_KEEP = 5
RELEASE_ID = re.compile(r"^\d{8}T\d{6}Z-[0-9a-f]{10}$")
"""A release id as :func:`build_manifest` makes it: the UTC time and the start of a digest."""
RELEASE_FORM = "20261128T101500Z-0123abcd45"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
STORE = (f"{STATE_DIR}/objects/", f"{STATE_DIR}/manifests/", PENDING)
"""The only part of ``.deploy/`` a deploy ever removes from: stored files, old manifests, the
pending mark (never ``releases.json``)."""
SHOWN_FOREIGN = 8
"""How many of the files a first deploy would overwrite are named when it refuses."""


class DeployError(Exception):
    """A deploy or rollback that cannot go on; the message names the destination and the reason."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


# --- manifests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileEntry:
    """One file of a release: its size in bytes and the sha256 of its content."""

    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """Every file of one release, with the release's id and the time it was made."""

    id: str
    time: str
    files: dict[str, FileEntry]

    @property
    def bytes(self) -> int:
        return sum(entry.size for entry in self.files.values())

    @property
    def digests(self) -> set[str]:
        return {entry.sha256 for entry in self.files.values()}

    def to_json(self) -> str:
        files = [
            {"path": path, "size": entry.size, "sha256": entry.sha256}
            for path, entry in sorted(self.files.items())
        ]
        record = {
            "id": self.id,
            "time": self.time,
            "count": len(files),
            "bytes": self.bytes,
            "files": files,
        }
        return json.dumps(record, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, origin: str) -> Manifest:
        """Read a manifest from the destination, trusting nothing in it: an id of the strict
        form, paths relative and normalised inside the site, sizes and sha256 digests."""
        try:
            record = json.loads(text)
            files = {
                item["path"]: FileEntry(item["size"], item["sha256"]) for item in record["files"]
            }
            manifest = cls(record["id"], record["time"], files)
        except (ValueError, KeyError, TypeError) as exc:
            raise DeployError(
                tr("{origin}: not a deploy manifest ({error})", origin=origin, error=exc)
            ) from exc
        reason = manifest.fault()
        if reason:
            raise DeployError(
                tr(
                    "{origin}: a tampered or damaged manifest: {reason} — nothing was changed; "
                    "restore {state}/ from a backup, or deploy to an empty destination",
                    origin=origin,
                    reason=reason,
                    state=STATE_DIR,
                )
            )
        return manifest

    def fault(self) -> str | None:
        """What is wrong with a manifest read from elsewhere, or None."""
        if not isinstance(self.id, str) or not RELEASE_ID.match(self.id):
            return f"the release id {str(self.id)[:80]!r} is not of the form {RELEASE_FORM}"
        if not isinstance(self.time, str):
            return "the time is not text"
        for path, entry in self.files.items():
            unsafe = path_fault(path)
            if unsafe:
                return f"the path {str(path)[:120]!r} {unsafe}"
            if type(entry.size) is not int or entry.size < 0:
                return f"the size of {path!r} is not a whole number of bytes"
            if not isinstance(entry.sha256, str) or not SHA256.match(entry.sha256):
                return f"the sha256 of {path!r} is not 64 lower-case hexadecimal digits"
        return None


def path_fault(path: object) -> str | None:
    """Why ``path`` may not name a file of the site at a destination, or None when it may: it
    must be relative, normalised, with ``/`` between names, outside ``.deploy/``."""
    if not isinstance(path, str) or not path:
        return "is not a file name"
    if path.startswith("/") or "\\" in path or any(c in path for c in "\0\n\r"):
        return "is absolute or holds a backslash or a control character"
    if posixpath.normpath(path) != path or ".." in path.split("/") or path.startswith("./"):
        return "is not a normalised relative path (no '..', '.', '//' or trailing '/')"
    if path.split("/")[0] == STATE_DIR:
        return f"is inside {STATE_DIR}/, which holds the deploys' own records"
    return None


def removable(path: str) -> bool:
    """Whether a deploy may remove ``path`` at the destination: a file of the site, or one of
    the deploys' stored files, old manifests or the pending mark."""
    if path_fault(path) is None:
        return True
    normalised = posixpath.normpath(path) == path and ".." not in path.split("/")
    return normalised and "\\" not in path and path.startswith(STORE)


def object_path(sha256: str) -> str:
    """Where the content store keeps the bytes whose sha256 is ``sha256``."""
    return f"{STATE_DIR}/objects/{sha256[:2]}/{sha256}"


def manifest_path(release_id: str) -> str:
    return f"{STATE_DIR}/manifests/{release_id}.json"


def is_page(path: str) -> bool:
    """HTML pages, and their precompressed copies, go after the assets they use."""
    name = path.lower()
    for suffix in COMPRESSED_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(PAGE_SUFFIXES)


def check_site_dir(site_dir: Path) -> None:
    """Refuse what must never be deployed: no site, an empty one, or one holding ``.deploy/``."""
    if not site_dir.is_dir():
        raise DeployError(
            tr("{site}: no built site here — run 'portal build' first", site=site_dir)
        )
    if (site_dir / STATE_DIR).exists():
        raise DeployError(
            tr(
                "{site}: the site contains a {state}/ folder, which deploys keep for themselves "
                "— --site-dir must name a build, not a deployed copy",
                site=site_dir,
                state=STATE_DIR,
            )
        )
    if not any(path.is_file() for path in site_dir.rglob("*")):
        raise DeployError(tr("{site}: the site is empty — run 'portal build' first", site=site_dir))


def build_manifest(site_dir: Path, now: dt.datetime | None = None) -> Manifest:
    """The manifest of every file under ``site_dir``; its id joins the time and the content."""
    files: dict[str, FileEntry] = {}
    for path in sorted(site_dir.rglob("*")):
        name = path.relative_to(site_dir).as_posix()
        if path.is_symlink():
            raise DeployError(
                tr("{path}: a symbolic link in the build — builds hold plain files", path=path)
            )
        if not path.is_file():
            continue
        if path_fault(name):
            raise DeployError(
                tr(
                    "{path}: the file name {fault} — rename the file",
                    path=path,
                    fault=path_fault(name),
                )
            )
        files[name] = FileEntry(path.stat().st_size, file_sha256(path))
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    content = hashlib.sha256(
        "".join(f"{p}\0{e.size}\0{e.sha256}\n" for p, e in sorted(files.items())).encode()
    ).hexdigest()
    release_id = f"{moment:%Y%m%dT%H%M%SZ}-{content[:10]}"
    return Manifest(release_id, moment.isoformat().replace("+00:00", "Z"), files)


# --- plans -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a deploy changes at the destination, each list sorted by path."""

    added: list[str]
    changed: list[str]
    removed: list[str]
    unchanged: int

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    @property
    def assets(self) -> list[str]:
        """New and changed files that are not pages: sent first."""
        return sorted(p for p in [*self.added, *self.changed] if not is_page(p))

    @property
    def pages(self) -> list[str]:
        """New and changed HTML pages: sent once their assets are in place."""
        return sorted(p for p in [*self.added, *self.changed] if is_page(p))

    def summary(self) -> str:
        return tr(
            "{added} added, {changed} changed, {removed} removed, {unchanged} unchanged",
            added=len(self.added),
            changed=len(self.changed),
            removed=len(self.removed),
            unchanged=self.unchanged,
        )

    def lines(self) -> list[str]:
        """Every change, one per line: ``+`` added, ``~`` changed, ``-`` removed."""
        return [
            *(f"  + {p}" for p in self.added),
            *(f"  ~ {p}" for p in self.changed),
            *(f"  - {p}" for p in self.removed),
        ]


def plan_changes(
    current: Manifest | None, target: Manifest, pending: Manifest | None = None
) -> Plan:
    """The changes that turn the destination from ``current`` into ``target``.

    Files an interrupted deploy (``pending``) may have overwritten are sent again, and files it
    may have added are removed, so the result is exact whatever that deploy left behind.
    """
    now = current.files if current else {}
    uncertain = {p for p, e in (pending.files if pending else {}).items() if now.get(p) != e}
    added = sorted(p for p in target.files if p not in now)
    changed = sorted(
        p for p, e in target.files.items() if p in now and (now[p] != e or p in uncertain)
    )
    removed = sorted((set(now) | uncertain) - set(target.files))
    return Plan(added, changed, removed, len(target.files) - len(added) - len(changed))


# --- transports --------------------------------------------------------------------------------


class Transport(ABC):
    """One kind of destination, moving batches of files; paths are relative to its root."""

    def __init__(self, name: str):
        self.name = name

    @abstractmethod
    def fetch(self, paths: list[str], into: Path) -> None:
        """Copy those of ``paths`` that exist at the destination into ``into``; skip the rest."""

    @abstractmethod
    def push(self, source: Path, paths: list[str]) -> None:
        """Copy ``source/<path>`` to the destination for every path, replacing what is there."""

    @abstractmethod
    def delete(self, paths: list[str]) -> None:
        """Remove ``paths`` from the destination, and the folders that leaves empty."""

    @abstractmethod
    def list_files(self) -> list[str]:
        """Every file at the destination, relative to its root (none when it does not exist)."""

    def fail(self, reason: str, fix: str = "") -> DeployError:
        return DeployError(f"{self.name}: {reason}" + (f" — {fix}" if fix else ""))

    def guard_removal(self, paths: list[str]) -> None:
        """Refuse, before anything is removed, a path outside the destination or inside
        ``.deploy/`` but not in its store (every transport calls this first in delete)."""
        for path in paths:
            if not removable(path):
                raise self.fail(
                    f"refusing to remove {path[:120]!r}: not a file of the site or of the "
                    f"deploy store",
                    "nothing was removed; check the manifests in .deploy/",
                )


class FolderTransport(Transport):
    """A folder on this machine, written one file at a time by rename (never half a file)."""

    def __init__(self, name: str, root: Path):
        super().__init__(name)
        self.root = root

    def fetch(self, paths: list[str], into: Path) -> None:
        for path in paths:
            found = self.root / path
            if found.is_file() and not found.is_symlink():
                (into / path).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(found, into / path)

    def push(self, source: Path, paths: list[str]) -> None:
        try:
            for path in paths:
                target = self.root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.partial")
                shutil.copy2(source / path, partial)
                os.replace(partial, target)
        except OSError as exc:
            raise self.fail(f"cannot write {exc.filename}: {exc.strerror}") from exc

    def delete(self, paths: list[str]) -> None:
        self.guard_removal(paths)
        inside = [self._inside(path) for path in paths]
        try:
            for target in inside:
                target.unlink(missing_ok=True)
                self._remove_empty_parents(target)
        except OSError as exc:
            raise self.fail(f"cannot remove {exc.filename}: {exc.strerror}") from exc

    def _inside(self, path: str) -> Path:
        """``root/path``, refused when a symbolic link on the way leads out of the root."""
        target = self.root / path
        if not target.parent.resolve().is_relative_to(self.root.resolve()):
            raise self.fail(
                f"refusing to remove {path!r}: a symbolic link leads out of {self.root}"
            )
        return target

    def list_files(self) -> list[str]:
        if not self.root.is_dir():
            return []
        found = []
        for folder, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for name in [
                *sorted(filenames),
                *(d for d in dirnames if (Path(folder) / d).is_symlink()),
            ]:
                found.append((Path(folder) / name).relative_to(self.root).as_posix())
        return sorted(found)

    def _remove_empty_parents(self, path: Path) -> None:
        folder = path.parent
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


class CommandTransport(Transport):
    """A destination reached through an external program given whole lists of files at once."""

    program = ""
    package = ""

    def run(self, args: list[str], what: str, ok: Callable[[int, str], bool] | None = None) -> None:
        self.capture(args, what, ok)

    def capture(
        self, args: list[str], what: str, ok: Callable[[int, str], bool] | None = None
    ) -> str:
        """Run the program; its standard output, or the failure with its last words."""
        try:
            result = subprocess.run([self.program, *args], capture_output=True, text=True)
        except FileNotFoundError as exc:
            raise self.fail(
                f"'{self.program}' is not installed", f"apt-get install {self.package}"
            ) from exc
        if result.returncode != 0 and not (ok and ok(result.returncode, result.stderr)):
            detail = " ".join(result.stderr.split()[-60:]) or f"exit {result.returncode}"
            raise self.fail(f"{what} failed ({self.program} exit {result.returncode}): {detail}")
        return result.stdout if result.returncode == 0 else ""

    @staticmethod
    @contextmanager
    def listing(lines: Iterable[str], separator: str) -> Iterator[Path]:
        """A temporary file of ``lines``, for the program's ``--files-from`` and the like."""
        with tempfile.TemporaryDirectory(prefix="portal-deploy-") as scratch:
            listing = Path(scratch) / "list"
            listing.write_text("".join(f"{line}{separator}" for line in lines), encoding="utf-8")
            yield listing


class RsyncTransport(CommandTransport):
    """``rsync:PATH`` or ``rsync:[USER@]HOST:PATH`` (over ssh; options through ``RSYNC_RSH``)."""

    program = "rsync"
    package = "rsync"

    def __init__(self, name: str, target: str):
        super().__init__(name)
        self.target = target.rstrip("/") + "/"

    def fetch(self, paths: list[str], into: Path) -> None:
        with self.listing(paths, "\0") as listing:
            self.run(
                ["-a", "--from0", f"--files-from={listing}", "--ignore-missing-args"]
                + [self.target, f"{into}/"],
                "reading",
                ok=self._root_missing,
            )

    def push(self, source: Path, paths: list[str]) -> None:
        with self.listing(paths, "\0") as listing:
            self.run(
                ["-a", "-I", "--mkpath", "--from0", f"--files-from={listing}"]
                + [f"{source}/", self.target],
                "upload",
            )

    def list_files(self) -> list[str]:
        listing = self.capture(["-r", "--list-only", self.target], "listing", self._root_missing)
        found = []
        for line in listing.splitlines():
            fields = line.split(maxsplit=4)
            if len(fields) == 5 and fields[0][:1] in "-l":  # files and symbolic links
                found.append(fields[4].split(" -> ")[0] if fields[0][:1] == "l" else fields[4])
        return sorted(found)

    def delete(self, paths: list[str]) -> None:
        self.guard_removal(paths)
        # rsync deletes with --delete from an empty folder: only the files named (and the folders
        # above them, which go only when empty) are included; everything else is protected.
        folders = {
            "/" + "/".join(p.split("/")[:n]) + "/"
            for p in paths
            for n in range(1, p.count("/") + 1)
        }
        rules = [*(_rsync_literal("/" + p) for p in paths), *map(_rsync_literal, sorted(folders))]
        with self.listing(rules, "\0") as listing:
            empty = listing.with_name("empty")
            empty.mkdir()
            self.run(
                ["-r", "-q", "--delete", "--from0", f"--include-from={listing}", "--exclude=*"]
                + [f"{empty}/", self.target],
                "removal",
            )

    @staticmethod
    def _root_missing(returncode: int, stderr: str) -> bool:
        """Reading from a destination that does not exist yet finds nothing, which is no error."""
        return "change_dir" in stderr and "No such file or directory" in stderr


def _rsync_literal(path: str) -> str:
    """An rsync include rule matching ``path`` exactly, wildcard characters escaped."""
    if not any(char in path for char in "*?["):
        return f"+ {path}"
    escaped = "".join(f"\\{c}" if c in "\\*?[" else c for c in path)
    return f"+ {escaped}"


RCLONE_DIRECTORY_NOT_FOUND = 3  # rclone's exit code: a destination not created yet holds nothing


class RcloneTransport(CommandTransport):
    """``rclone:REMOTE:PATH``: any rclone remote, configured by the operator's rclone config or by
    ``RCLONE_CONFIG_<NAME>_*`` environment variables."""

    program = "rclone"
    package = "rclone"

    def __init__(self, name: str, target: str):
        super().__init__(name)
        self.target = target

    def fetch(self, paths: list[str], into: Path) -> None:
        with self.listing(paths, "\n") as listing:
            self.run(
                ["copy", "--retries=1", "--files-from-raw", str(listing), self.target, str(into)],
                "reading",
                ok=lambda code, _stderr: code == RCLONE_DIRECTORY_NOT_FOUND,
            )

    def push(self, source: Path, paths: list[str]) -> None:
        with self.listing(paths, "\n") as listing:
            self.run(
                ["copy", "--ignore-times", "--files-from-raw", str(listing)]
                + [str(source), self.target],
                "upload",
            )

    def list_files(self) -> list[str]:
        listing = self.capture(
            ["lsf", "-R", "--files-only", self.target],
            "listing",
            lambda code, _stderr: code == RCLONE_DIRECTORY_NOT_FOUND,
        )
        return sorted(line for line in listing.splitlines() if line)

    def delete(self, paths: list[str]) -> None:
        self.guard_removal(paths)
        with self.listing(paths, "\n") as listing:
            self.run(["delete", "--files-from-raw", str(listing), self.target], "removal")
        # Object stores have no folders; on file systems (sftp, WebDAV) this drops empty ones.
        self.run(["rmdirs", "--leave-root", self.target], "removal of empty folders")


def transport_for(dest: str) -> Transport:
    """The transport a DEST argument names: ``rclone:…``, ``rsync:…`` or a plain folder path."""
    if dest.startswith("rclone:"):
        target = dest.removeprefix("rclone:")
        if ":" not in target:
            raise DeployError(tr("{dest}: no remote named — write rclone:REMOTE:PATH", dest=dest))
        return RcloneTransport(dest, target)
    if dest.startswith("rsync:"):
        target = dest.removeprefix("rsync:")
        if not target:
            raise DeployError(
                tr("{dest}: no path — write rsync:/path or rsync:user@host:/path", dest=dest)
            )
        return RsyncTransport(dest, target)
    head = dest.split("/", 1)[0]
    if ":" in head:
        raise DeployError(
            tr(
                "{dest}: looks like a remote, not a folder — "
                "write rsync:{dest} for ssh or rclone:{dest} for an rclone remote",
                dest=dest,
            )
        )
    return FolderTransport(dest, Path(dest).resolve())


# --- the destination's state -------------------------------------------------------------------


@dataclass
class State:
    """What ``.deploy/`` at the destination says: the kept releases and an unfinished deploy."""

    releases: list[Manifest] = field(default_factory=list)
    pending: Manifest | None = None

    @property
    def current(self) -> Manifest | None:
        return self.releases[-1] if self.releases else None

    @property
    def stored(self) -> set[str]:
        """The digests the content store holds for sure: those of the kept releases."""
        return set().union(*(release.digests for release in self.releases))


def read_state(transport: Transport) -> State:
    """Read ``.deploy/`` from the destination (nothing there: a first deploy)."""
    with tempfile.TemporaryDirectory(prefix="portal-deploy-") as scratch:
        local = Path(scratch)
        transport.fetch([RELEASES, PENDING], local)
        state = State()
        if (local / PENDING).is_file():
            text = (local / PENDING).read_text(encoding="utf-8")
            state.pending = Manifest.from_json(text, f"{transport.name}/{PENDING}")
        if not (local / RELEASES).is_file():
            return state
        ids = _release_ids((local / RELEASES).read_text(encoding="utf-8"), transport)
        transport.fetch([manifest_path(i) for i in ids], local)
        for release_id in ids:
            path = local / manifest_path(release_id)
            if not path.is_file():
                raise transport.fail(
                    f"{manifest_path(release_id)} is listed in {RELEASES} but missing",
                    "restore it, or remove the release from the list",
                )
            origin = f"{transport.name}/{manifest_path(release_id)}"
            manifest = Manifest.from_json(path.read_text(encoding="utf-8"), origin)
            if manifest.id != release_id:
                raise DeployError(
                    tr(
                        "{origin}: a tampered or damaged manifest: it names the release "
                        "{release} — nothing was changed; restore {state}/ from a backup",
                        origin=origin,
                        release=manifest.id,
                        state=STATE_DIR,
                    )
                )
            state.releases.append(manifest)
        return state


def _release_ids(text: str, transport: Transport) -> list[str]:
    try:
        ids = json.loads(text)["releases"]
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            bad = [i for i in ids if not RELEASE_ID.match(i)]
            if not bad:
                return ids
            raise transport.fail(
                f"{RELEASES} is tampered or damaged: the release id {bad[0][:80]!r} is not "
                f"of the form {RELEASE_FORM}",
                "nothing was changed; restore .deploy/ from a backup",
            )
    except (ValueError, KeyError, TypeError):
        pass
    raise transport.fail(f"{RELEASES} is not a list of releases", "restore it from a backup")


def releases_json(releases: list[Manifest]) -> str:
    return json.dumps({"releases": [r.id for r in releases]}, indent=1) + "\n"


# --- deploy and rollback -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a deploy or a rollback did (or, with ``dry_run``, would do)."""

    plan: Plan
    release: Manifest
    previous: Manifest | None
    dry_run: bool
    kept: int


Say = Callable[[str], None]


def gate_problems(site_dir: Path) -> list[Problem] | None:
    """The publishing gate's errors for the build, or None when this install has no gate."""
    if importlib.util.find_spec("generator.gate") is None:
        return None
    from generator.gate import check_site

    return [p for p in check_site(site_dir) if p.severity == "error"]


def deploy(
    site_dir: Path,
    transport: Transport,
    *,
    dry_run: bool = False,
    keep: int = DEFAULT_KEEP,
    adopt: bool = False,
    say: Say = lambda line: None,
) -> Outcome:
    """Publish the build in ``site_dir`` to ``transport``'s destination.

    Args:
        site_dir: a complete build, already through the publishing gate.
        transport: the destination.
        dry_run: only plan; write nothing anywhere.
        keep: how many releases the destination keeps for rollback.
        adopt: at a first deploy to a destination holding files no deploy recorded, keep them
            as a release (``--rollback`` restores them) instead of refusing.
        say: receives progress lines for the operator.

    Returns:
        The plan, the new release (the current one when nothing changed) and the previous one.
    """
    with tempfile.TemporaryDirectory(prefix="portal-deploy-") as scratch:
        staging = Path(scratch)
        with _locked(site_dir):
            target = _checked_manifest(site_dir, transport, say)
            state = read_state(transport)
            if state.current is None and state.pending is None:
                state = _first_deploy(transport, keep, adopt, dry_run, say)
            plan = plan_changes(state.current, target, state.pending)
            if dry_run or (plan.is_empty and state.current is not None):
                return _unsent(transport, plan, target, state, dry_run)
            new_objects = sorted(target.digests - state.stored)
            _stage(site_dir, staging, target, plan, new_objects)
        releases = [*state.releases, target]
        _apply(transport, staging, plan, target, new_objects, state, releases, keep, say)
    return Outcome(plan, target, state.current, False, min(len(releases), keep))


@contextmanager
def _locked(site_dir: Path) -> Iterator[None]:
    """Hold the site's build lock while reading it, so no build swaps it under the deploy."""
    try:
        with site_lock(site_dir.resolve()):
            yield
    except SiteBusy as exc:
        raise DeployError(str(exc)) from exc


def _checked_manifest(site_dir: Path, transport: Transport, say: Say) -> Manifest:
    """The manifest of a build that may be published, or the reason it may not."""
    check_site_dir(site_dir)
    problems = gate_problems(site_dir)
    if problems is None:
        say(tr("the publishing gate (generator.gate) is not installed: the build was not checked"))
    elif problems:
        raise DeployError(
            tr(
                "{site}: the build fails the publishing gate ({count} problem(s)) — "
                "fix them and build again; nothing was sent to {dest}",
                site=site_dir,
                count=len(problems),
                dest=transport.name,
            ),
            problems,
        )
    return build_manifest(site_dir)


def _first_deploy(transport: Transport, keep: int, adopt: bool, dry_run: bool, say: Say) -> State:
    """The state a first deploy starts from: nothing, or the files found at the destination
    stored as a release of their own (``adopt``); without ``adopt`` such files stop the deploy,
    since it would overwrite or remove them with no way back."""
    existing = transport.list_files()
    if not existing:
        return State()
    more = len(existing) - SHOWN_FOREIGN
    shown = ", ".join(existing[:SHOWN_FOREIGN]) + (f" and {more} more" if more > 0 else "")
    if not adopt:
        raise transport.fail(
            f"holds {len(existing)} file(s) that no deploy recorded (no {STATE_DIR}/ there): "
            f"{shown}; a deploy would overwrite or remove them",
            "deploy to an empty destination, or pass --adopt to store them first as a release "
            "that --rollback restores",
        )
    if keep < 2:
        raise transport.fail("--adopt keeps the files found as a release", "use --keep 2 or more")
    with tempfile.TemporaryDirectory(prefix="portal-deploy-") as scratch:
        found = Path(scratch) / "found"
        found.mkdir()
        transport.fetch(existing, found)
        for path in existing:
            fault = path_fault(path)
            local = found / path
            if fault or local.is_symlink() or not local.is_file():
                raise transport.fail(
                    f"cannot adopt {path!r}: "
                    + (f"the name {fault}" if fault else "not a plain file (a symbolic link?)"),
                    "move it away, or deploy to an empty destination",
                )
        adopted = build_manifest(found)
        say(
            tr(
                "adopting the {count} file(s) found as release {release}",
                count=len(existing),
                release=adopted.id,
            )
        )
        if not dry_run:
            _store_adopted(transport, found, adopted)
    return State([adopted])


def _store_adopted(transport: Transport, found: Path, adopted: Manifest) -> None:
    """Put the adopted files in the content store and record them as the current release."""
    store = found.parent / "store"
    by_digest = {entry.sha256: path for path, entry in adopted.files.items()}
    for digest, path in by_digest.items():
        _place(found / path, store / object_path(digest))
    _write(store / manifest_path(adopted.id), adopted.to_json())
    _write(store / RELEASES, releases_json([adopted]))
    transport.push(store, [object_path(d) for d in sorted(by_digest)])
    transport.push(store, [manifest_path(adopted.id)])
    transport.push(store, [RELEASES])


def _unsent(
    transport: Transport, plan: Plan, target: Manifest, state: State, dry_run: bool
) -> Outcome:
    """A dry run, or a build the destination already holds (only a stale pending mark goes)."""
    if dry_run:
        return Outcome(plan, target, state.current, True, len(state.releases))
    if state.pending is not None:
        transport.delete([PENDING])
    assert state.current is not None
    return Outcome(plan, state.current, state.current, False, len(state.releases))


def _stage(
    site_dir: Path, staging: Path, target: Manifest, plan: Plan, new_objects: list[str]
) -> None:
    """Lay out what will be sent: new contents under .deploy/objects/, changed files, manifest."""
    by_digest = {entry.sha256: path for path, entry in target.files.items()}
    for digest in new_objects:
        _place(site_dir / by_digest[digest], staging / object_path(digest))
    for path in [*plan.assets, *plan.pages]:
        _place(site_dir / path, staging / path)
    _write(staging / manifest_path(target.id), target.to_json())


def rollback(
    transport: Transport,
    *,
    dry_run: bool = False,
    keep: int = DEFAULT_KEEP,
    say: Say = lambda line: None,
) -> Outcome:
    """Make the release before the current one current again, exactly, from the destination alone.

    The files come from the destination's content store, are checked against their sha256, and
    the current release is dropped (a second rollback goes one further back).
    """
    state = read_state(transport)
    if len(state.releases) < 2:
        found = "no deploy" if not state.releases else "only one deploy"
        raise transport.fail(
            f"no previous deploy to roll back to ({found} recorded in {RELEASES})",
            "a rollback needs at least two deploys to this destination",
        )
    current, target = state.releases[-1], state.releases[-2]
    plan = plan_changes(current, target, state.pending)
    if dry_run:
        return Outcome(plan, target, current, True, len(state.releases))
    with tempfile.TemporaryDirectory(prefix="portal-deploy-") as scratch:
        staging = Path(scratch)
        wanted = [*plan.assets, *plan.pages]
        digests = sorted({target.files[p].sha256 for p in wanted})
        say(tr("reading {count} file(s) from the content store", count=len(digests)))
        transport.fetch([object_path(d) for d in digests], staging)
        for digest in digests:
            stored = staging / object_path(digest)
            if not stored.is_file() or file_sha256(stored) != digest:
                raise transport.fail(
                    f"{object_path(digest)} is missing or damaged in the content store",
                    "deploy the wanted build again instead of rolling back",
                )
        for path in wanted:
            _place(staging / object_path(target.files[path].sha256), staging / path)
        releases = state.releases[:-1]
        _apply(transport, staging, plan, target, [], state, releases, keep, say)
    return Outcome(plan, target, current, False, min(len(releases), keep))


def _apply(
    transport: Transport,
    staging: Path,
    plan: Plan,
    target: Manifest,
    new_objects: list[str],
    state: State,
    releases: list[Manifest],
    keep: int,
    say: Say,
) -> None:
    """Send the staged files in the safe order, then make ``releases[-1]`` current and prune."""
    _write(staging / PENDING, target.to_json())
    transport.push(staging, [PENDING])
    if new_objects:
        say(
            tr(
                "storing {count} new file content(s) in {folder}",
                count=len(new_objects),
                folder=f"{STATE_DIR}/objects/",
            )
        )
        transport.push(staging, [object_path(d) for d in new_objects])
    if plan.assets:
        say(tr("uploading {count} asset(s)", count=len(plan.assets)))
        transport.push(staging, plan.assets)
    if plan.pages:
        say(tr("uploading {count} page(s)", count=len(plan.pages)))
        transport.push(staging, plan.pages)
    if plan.removed:
        say(tr("removing {count} stale file(s)", count=len(plan.removed)))
        transport.delete(plan.removed)
    kept, dropped = releases[-keep:], releases[:-keep]
    if (staging / manifest_path(target.id)).is_file():
        transport.push(staging, [manifest_path(target.id)])
    _write(staging / RELEASES, releases_json(kept))
    transport.push(staging, [RELEASES])
    known = [*state.releases, *([state.pending] if state.pending else [])]
    kept_ids = {r.id for r in kept}
    still_used = set().union(*(r.digests for r in kept))
    unused = set().union(*(r.digests for r in known), set(new_objects)) - still_used
    gone = sorted({manifest_path(r.id) for r in [*known, *dropped] if r.id not in kept_ids})
    if unused or gone:
        say(
            tr(
                "pruning {releases} release(s) no longer kept and {files} stored file(s)",
                releases=len(gone),
                files=len(unused),
            )
        )
    transport.delete([*gone, *(object_path(d) for d in sorted(unused)), PENDING])


def _place(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` in a staging folder: a hard link when possible, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def report_lines(outcome: Outcome, dest: str, rollback: bool = False) -> list[str]:
    """What the operator reads after a deploy or rollback: counts, then every file changed."""
    plan, release, previous = outcome.plan, outcome.release, outcome.previous
    if plan.is_empty and not outcome.dry_run and not rollback:
        return [
            tr(
                "no changes: {dest} already holds this build as release {release} "
                "({files} files); nothing was sent",
                dest=dest,
                release=release.id,
                files=len(release.files),
            )
        ]
    values = {"dest": dest, "release": release.id}
    if outcome.dry_run and rollback:
        head = tr(
            "dry run, nothing written: would roll back to release {release} at {dest}", **values
        )
    elif outcome.dry_run:
        head = tr("dry run, nothing written: would deploy release {release} at {dest}", **values)
    elif rollback:
        head = tr(
            "rolled {dest} back to release {release} (release {previous} dropped)",
            previous=previous.id,
            **values,
        )
    else:
        head = tr("deployed release {release} to {dest}", **values)
    lines = [head, f"{plan.summary()}", *plan.lines()]
    if not outcome.dry_run:
        lines.append(
            tr(
                "{count} release(s) kept at {folder}",
                count=outcome.kept,
                folder=f"{dest}/{STATE_DIR}/",
            )
        )
        if not rollback and previous is not None:
            lines.append(tr("undo with: {command}", command=f"portal deploy {dest} --rollback"))
    return lines
