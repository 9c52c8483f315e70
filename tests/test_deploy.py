"""portal deploy: a manifest of every file, the safe order, redeploys that change nothing, exact
rollbacks from the destination alone — to a folder, to rsync and to an rclone remote served
for real on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.deploy import (
    RELEASES,
    STATE_DIR,
    DeployError,
    FolderTransport,
    RcloneTransport,
    RsyncTransport,
    deploy,
    is_page,
    object_path,
    rollback,
    transport_for,
)
from generator.publish import site_lock

from conftest import ROOT

PAGE = "en/index.html"
ASSET = "media/hero.svg"
STRAY = "old-notice.txt"


@pytest.fixture
def site(built_mini, tmp_path: Path) -> Path:
    """A copy of the mini portal's build that a test may change, plus one stray file."""
    copy = tmp_path / "site"
    shutil.copytree(built_mini.site, copy)
    (copy / STRAY).write_text("an old notice\n", encoding="utf-8")
    return copy


def change_build(site: Path) -> None:
    """One page and one asset change; the stray file is gone."""
    with (site / PAGE).open("a", encoding="utf-8") as page:
        page.write("<!-- changed -->\n")
    with (site / ASSET).open("a", encoding="utf-8") as asset:
        asset.write("<!-- changed -->\n")
    (site / STRAY).unlink()


def site_files(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` except the deploy state."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != STATE_DIR
    }


def current_manifest(root: Path) -> tuple[str, bytes]:
    """The current release's id and its manifest's bytes, read from the destination."""
    ids = json.loads((root / RELEASES).read_text(encoding="utf-8"))["releases"]
    return ids[-1], (root / STATE_DIR / "manifests" / f"{ids[-1]}.json").read_bytes()


def listed(manifest: bytes) -> dict[str, str]:
    return {f["path"]: f["sha256"] for f in json.loads(manifest)["files"]}


def mtimes(root: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in root.rglob("*")}


class RecordingFolder(FolderTransport):
    """A real folder destination that also notes every batch it is given, in order."""

    def __init__(self, root: Path):
        super().__init__(str(root), root)
        self.log: list[tuple[str, list[str]]] = []

    def push(self, source: Path, paths: list[str]) -> None:
        self.log.append(("push", list(paths)))
        super().push(source, paths)

    def delete(self, paths: list[str]) -> None:
        self.log.append(("delete", list(paths)))
        super().delete(paths)


class FailingOnPages(FolderTransport):
    """A folder whose connection drops once the pages are sent, before the deploy completes."""

    def push(self, source: Path, paths: list[str]) -> None:
        if any(is_page(p) for p in paths):
            super().push(source, paths)
            raise DeployError(f"{self.name}: connection lost")
        super().push(source, paths)


def run_cli(*args: str):
    return CliRunner().invoke(main, ["deploy", *args])


def test_first_deploy_lists_every_file_and_writes_the_manifest(site, tmp_path):
    dest = tmp_path / "www"
    result = run_cli(str(dest), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    built = site_files(site)
    assert len(built) > 100
    assert f"{len(built)} added, 0 changed, 0 removed, 0 unchanged" in result.stdout
    shown = {line[4:] for line in result.stdout.splitlines() if line.startswith("  + ")}
    assert shown == set(built)
    assert site_files(dest) == built
    release, manifest = current_manifest(dest)
    assert release in result.stdout
    record = json.loads(manifest)
    assert listed(manifest) == built
    assert all(f["size"] == (site / f["path"]).stat().st_size for f in record["files"])
    for digest in set(built.values()):
        stored = dest / object_path(digest)
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    assert not (dest / STATE_DIR / "pending.json").exists()


def test_second_deploy_of_the_same_build_changes_nothing(site, tmp_path):
    dest = tmp_path / "www"
    assert run_cli(str(dest), "--site-dir", str(site)).exit_code == 0
    before = mtimes(dest)
    result = run_cli(str(dest), "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no changes:")
    assert mtimes(dest) == before


def test_changes_go_assets_first_then_pages_then_removals(site, tmp_path):
    transport = RecordingFolder(tmp_path / "www")
    deploy(site, transport)
    change_build(site)
    transport.log.clear()
    outcome = deploy(site, transport)
    assert outcome.plan.changed == sorted([PAGE, ASSET])
    assert outcome.plan.added == []
    assert outcome.plan.removed == [STRAY]
    site_batches = [
        (op, paths) for op, paths in transport.log if not paths[0].startswith(STATE_DIR)
    ]
    assert site_batches == [("push", [ASSET]), ("push", [PAGE]), ("delete", [STRAY])]
    commit = transport.log.index(("push", [RELEASES]))
    assert commit > transport.log.index(("delete", [STRAY]))
    assert site_files(transport.root) == site_files(site)


def test_rollback_restores_the_previous_release_exactly(site, tmp_path):
    dest = tmp_path / "www"
    transport = FolderTransport(str(dest), dest)
    deploy(site, transport)
    first_id, first_manifest = current_manifest(dest)
    change_build(site)
    (site / "en" / "new-page.html").write_text("<p>new</p>\n", encoding="utf-8")
    deploy(site, transport)
    assert current_manifest(dest)[0] != first_id

    result = run_cli(str(dest), "--rollback")
    assert result.exit_code == 0, result.output
    assert f"rolled {dest} back to release {first_id}" in result.stdout
    assert current_manifest(dest) == (first_id, first_manifest)
    assert site_files(dest) == listed(first_manifest)
    assert not (dest / "en" / "new-page.html").exists()
    assert (dest / STRAY).is_file()


def test_rollback_dry_run_and_a_damaged_store(site, tmp_path):
    dest = tmp_path / "www"
    transport = FolderTransport(str(dest), dest)
    deploy(site, transport)
    first = (dest / PAGE).read_bytes()
    change_build(site)
    deploy(site, transport)
    before = mtimes(dest)
    result = run_cli(str(dest), "--rollback", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 added, 2 changed, 0 removed" in result.stdout  # the stray file comes back
    assert f"  + {STRAY}" in result.stdout
    assert mtimes(dest) == before

    stored = dest / object_path(hashlib.sha256(first).hexdigest())
    stored.write_bytes(b"damaged")
    releases = (dest / RELEASES).read_bytes()
    result = run_cli(str(dest), "--rollback")
    assert result.exit_code == 1
    assert f"{dest}: .deploy/objects/" in result.stderr and "missing or damaged" in result.stderr
    assert (dest / RELEASES).read_bytes() == releases
    assert site_files(dest) == site_files(site)


def test_rollback_without_a_previous_deploy_fails_clearly(site, tmp_path):
    dest = tmp_path / "www"
    result = run_cli(str(dest), "--rollback")
    assert result.exit_code == 1
    assert f"{dest}: no previous deploy to roll back to" in result.stderr
    deploy(site, FolderTransport(str(dest), dest))
    before = mtimes(dest)
    result = run_cli(str(dest), "--rollback")
    assert result.exit_code == 1
    assert "only one deploy recorded" in result.stderr
    assert mtimes(dest) == before


def test_dry_run_writes_nothing(site, tmp_path):
    dest = tmp_path / "www"
    result = run_cli(str(dest), "--site-dir", str(site), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "dry run, nothing written" in result.stdout
    assert f"{len(site_files(site))} added" in result.stdout
    assert not dest.exists()

    deploy(site, FolderTransport(str(dest), dest))
    change_build(site)
    before = mtimes(dest)
    result = run_cli(str(dest), "--site-dir", str(site), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "0 added, 2 changed, 1 removed" in result.stdout
    assert f"  ~ {PAGE}" in result.stdout and f"  - {STRAY}" in result.stdout
    assert mtimes(dest) == before


def test_failed_transfer_leaves_the_previous_release_current(site, tmp_path):
    dest = tmp_path / "www"
    original = shutil.copytree(site, tmp_path / "original")
    deploy(site, FolderTransport(str(dest), dest))
    first_id, first_manifest = current_manifest(dest)
    change_build(site)
    (site / "en" / "new-page.html").write_text("<p>new</p>\n", encoding="utf-8")
    with pytest.raises(DeployError, match="connection lost"):
        deploy(site, FailingOnPages(str(dest), dest))
    assert current_manifest(dest) == (first_id, first_manifest)
    assert (dest / "en" / "new-page.html").exists()  # half sent: the pending manifest knows

    # The first build again: what the failed deploy sent is undone, though the last complete
    # release already had these very files.
    outcome = deploy(original, FolderTransport(str(dest), dest))
    assert outcome.plan.removed == ["en/new-page.html"]
    assert outcome.plan.changed == sorted([PAGE, ASSET])
    assert site_files(dest) == site_files(original) == listed(first_manifest)
    assert not (dest / STATE_DIR / "pending.json").exists()

    deploy(site, FolderTransport(str(dest), dest))
    assert site_files(dest) == site_files(site)
    rollback(FolderTransport(str(dest), dest))
    assert site_files(dest) == listed(first_manifest)


def test_old_releases_are_pruned_beyond_keep(site, tmp_path):
    dest = tmp_path / "www"
    transport = FolderTransport(str(dest), dest)
    for n in range(3):
        (site / "version.txt").write_text(f"build {n}\n", encoding="utf-8")
        deploy(site, transport, keep=2)
    ids = json.loads((dest / RELEASES).read_text(encoding="utf-8"))["releases"]
    assert len(ids) == 2
    manifests = [(dest / STATE_DIR / "manifests" / f"{i}.json").read_bytes() for i in ids]
    assert len(list((dest / STATE_DIR / "manifests").iterdir())) == 2
    wanted = {object_path(d) for m in manifests for d in listed(m).values()}
    stored = {p.relative_to(dest).as_posix() for p in (dest / STATE_DIR / "objects").rglob("*")}
    assert {p for p in stored if p.count("/") == 3} == wanted


def test_refuses_what_must_not_be_deployed(site, tmp_path):
    dest = tmp_path / "www"
    transport = FolderTransport(str(dest), dest)
    with pytest.raises(DeployError, match="no built site here"):
        deploy(tmp_path / "missing", transport)
    (tmp_path / "empty" / "folder").mkdir(parents=True)
    with pytest.raises(DeployError, match="the site is empty"):
        deploy(tmp_path / "empty", transport)
    (site / STATE_DIR).mkdir()
    with pytest.raises(DeployError, match="contains a .deploy/ folder"):
        deploy(site, transport)
    assert not dest.exists()


def test_refuses_while_a_build_holds_the_site(site, tmp_path):
    dest = tmp_path / "www"
    with site_lock(site.resolve()):
        with pytest.raises(DeployError, match="another build or deploy"):
            deploy(site, FolderTransport(str(dest), dest))
    assert not dest.exists()


def test_refuses_a_build_that_fails_the_publishing_gate(site, tmp_path):
    dest = tmp_path / "www"
    page = site / PAGE
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", '<a href="nowhere/">x</a></body>'), encoding="utf-8")
    result = run_cli(str(dest), "--site-dir", str(site))
    assert result.exit_code == 1
    assert "fails the publishing gate" in result.stderr
    assert f"{PAGE}:" in result.stderr and "nowhere/" in result.stderr
    assert not dest.exists()


def test_destinations_are_named_explicitly():
    assert isinstance(transport_for("rclone:cdn:portal/www"), RcloneTransport)
    assert isinstance(transport_for("rsync:deploy@web1:/srv/www"), RsyncTransport)
    assert isinstance(transport_for("rsync:/srv/www"), RsyncTransport)
    assert isinstance(transport_for("/srv/www"), FolderTransport)
    with pytest.raises(DeployError, match="write rsync:web1:/srv/www"):
        transport_for("web1:/srv/www")
    with pytest.raises(DeployError, match="rclone:REMOTE:PATH"):
        transport_for("rclone:nocolon")


def test_rsync_to_a_local_folder(site, tmp_path):
    dest = tmp_path / "rsync-www"
    transport = transport_for(f"rsync:{dest}")
    deploy(site, transport)
    first_id, first_manifest = current_manifest(dest)
    assert site_files(dest) == site_files(site)
    assert deploy(site, transport).plan.is_empty
    change_build(site)
    outcome = deploy(site, transport)
    assert outcome.plan.removed == [STRAY]
    assert site_files(dest) == site_files(site)
    rollback(transport)
    assert current_manifest(dest) == (first_id, first_manifest)
    assert site_files(dest) == listed(first_manifest)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def sftp_remote(tmp_path: Path, monkeypatch) -> Path:
    """A folder served over SFTP by rclone on 127.0.0.1, and the remote ``portaltest`` for it,
    defined by environment variables only (an empty rclone config)."""
    served = tmp_path / "served"
    served.mkdir()
    port = free_port()
    server = subprocess.Popen(
        ["rclone", "serve", "sftp", str(served), "--addr", f"127.0.0.1:{port}", "--no-auth"]
        + ["--cache-dir", str(tmp_path / "rclone-cache"), "--config", "/dev/null"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _attempt in range(1000):
        assert server.poll() is None, server.stderr.read()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.02)  # waiting for the server to listen, not timing anything
    else:
        pytest.fail("rclone serve sftp did not start listening")
    password = subprocess.run(
        ["rclone", "obscure", "test"], capture_output=True, text=True, check=True
    ).stdout.strip()
    config = tmp_path / "rclone.conf"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("RCLONE_CONFIG", str(config))
    for key, value in {
        "TYPE": "sftp",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "USER": "test",
        "PASS": password,
    }.items():
        monkeypatch.setenv(f"RCLONE_CONFIG_PORTALTEST_{key}", value)
    yield served
    server.terminate()
    server.wait(timeout=30)


def test_rclone_remote_served_over_sftp(site, sftp_remote):
    dest = sftp_remote / "www"
    result = run_cli("rclone:portaltest:www", "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    first_id, first_manifest = current_manifest(dest)
    assert site_files(dest) == site_files(site) == listed(first_manifest)

    result = run_cli("rclone:portaltest:www", "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("no changes:")

    change_build(site)
    result = run_cli("rclone:portaltest:www", "--site-dir", str(site))
    assert result.exit_code == 0, result.output
    assert "0 added, 2 changed, 1 removed" in result.stdout
    assert site_files(dest) == site_files(site)

    result = run_cli("rclone:portaltest:www", "--rollback")
    assert result.exit_code == 0, result.output
    assert current_manifest(dest) == (first_id, first_manifest)
    assert site_files(dest) == listed(first_manifest)


# --- destinations the deploys do not own, and records they cannot trust --------------------------

FOREIGN = {"index.html": "<p>another site</p>\n", "about/team.html": "<p>their team</p>\n"}


def foreign_destination(tmp_path: Path, name: str = "www") -> Path:
    """A destination holding another site's files and no .deploy/ folder."""
    dest = tmp_path / name
    for path, text in FOREIGN.items():
        (dest / path).parent.mkdir(parents=True, exist_ok=True)
        (dest / path).write_text(text, encoding="utf-8")
    return dest


def transport_of(kind: str, dest: Path):
    return transport_for(f"rsync:{dest}" if kind == "rsync" else str(dest))


@pytest.mark.parametrize("kind", ["folder", "rsync"])
def test_a_first_deploy_refuses_to_overwrite_files_it_does_not_own(site, tmp_path, kind):
    dest = foreign_destination(tmp_path)
    before = site_files(dest)
    with pytest.raises(DeployError) as refused:
        deploy(site, transport_of(kind, dest))
    message = str(refused.value)
    assert "holds 2 file(s) that no deploy recorded (no .deploy/ there)" in message
    assert "about/team.html, index.html" in message and "--adopt" in message
    assert site_files(dest) == before
    assert not (dest / STATE_DIR).exists()
    result = run_cli(str(dest), "--site-dir", str(site))
    assert result.exit_code == 1 and "would overwrite or remove them" in result.stderr


@pytest.mark.parametrize("kind", ["folder", "rsync"])
def test_adopt_keeps_the_files_found_as_a_release_to_roll_back_to(site, tmp_path, kind):
    dest = foreign_destination(tmp_path)
    transport = transport_of(kind, dest)
    outcome = deploy(site, transport, adopt=True)
    assert outcome.previous is not None and set(outcome.previous.files) == set(FOREIGN)
    assert site_files(dest) == site_files(site)
    assert "about/team.html" in outcome.plan.removed
    rollback(transport)
    assert {p: (dest / p).read_text(encoding="utf-8") for p in site_files(dest)} == FOREIGN


TAMPERED = {
    "parent": ("../victim.txt", None, "is not a normalised relative path"),
    "absolute": ("/tmp/victim.txt", None, "is absolute"),
    "backslash": ("..\\victim.txt", None, "holds a backslash"),
    "dot-segment": ("en/../../victim.txt", None, "is not a normalised relative path"),
    "deploy-record": (f"{STATE_DIR}/releases.json", None, "is inside .deploy/"),
    "digest": ("en/index.html", "zz", "the sha256 of 'en/index.html' is not 64"),
}


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_a_tampered_manifest_is_refused_and_nothing_is_touched(site, tmp_path, name):
    path, digest, reason = TAMPERED[name]
    victim = tmp_path / "victim.txt"
    victim.write_text("outside the destination\n", encoding="utf-8")
    dest = tmp_path / "www"
    deploy(site, FolderTransport(str(dest), dest))
    release, manifest = current_manifest(dest)
    record = json.loads(manifest)
    record["files"].append({"path": path, "size": 1, "sha256": digest or "0" * 64})
    if digest:
        record["files"] = [f for f in record["files"] if f["path"] != path or f["sha256"] == digest]
    (dest / STATE_DIR / "manifests" / f"{release}.json").write_text(json.dumps(record))
    change_build(site)
    before = mtimes(dest)
    result = run_cli(str(dest), "--site-dir", str(site))
    assert result.exit_code == 1
    assert (
        f"{dest}/.deploy/manifests/{release}.json: a tampered or damaged manifest" in result.stderr
    )
    assert reason in result.stderr, result.stderr
    assert mtimes(dest) == before and victim.is_file()


def test_a_tampered_release_list_is_refused(site, tmp_path):
    dest = tmp_path / "www"
    deploy(site, FolderTransport(str(dest), dest))
    (dest / RELEASES).write_text(json.dumps({"releases": ["../../../etc/passwd"]}))
    result = run_cli(str(dest), "--rollback")
    assert result.exit_code == 1
    assert f"{dest}: {RELEASES} is tampered or damaged: the release id '../../../etc/passwd'" in (
        result.stderr
    )


@pytest.mark.parametrize("kind", ["folder", "rsync"])
def test_removal_never_leaves_the_destination_or_touches_the_records(tmp_path, kind):
    dest, outside = tmp_path / "www", tmp_path / "outside"
    (dest / STATE_DIR).mkdir(parents=True)
    outside.mkdir()
    for keep in (outside / "victim.txt", dest / RELEASES, dest / "page.html"):
        keep.write_text("kept\n", encoding="utf-8")
    os.symlink(outside, dest / "link")
    transport = transport_of(kind, dest)
    for path in ["../outside/victim.txt", RELEASES, "/etc/hostname", STATE_DIR]:
        with pytest.raises(DeployError, match="refusing to remove"):
            transport.delete([path])
    if kind == "folder":
        with pytest.raises(DeployError, match="a symbolic link leads out of"):
            transport.delete(["link/victim.txt"])
    assert (outside / "victim.txt").is_file() and (dest / RELEASES).is_file()
    transport.delete(["page.html", f"{STATE_DIR}/objects/ab/{'ab' * 32}"])
    assert not (dest / "page.html").exists()


def test_ci_workflows_parse():
    ci = ROOT / "deploy" / "ci"
    github = yaml.safe_load((ci / "github-pages.yml").read_text(encoding="utf-8"))
    steps = [step.get("uses", step.get("run", "")) for step in github["jobs"]["build"]["steps"]]
    assert any("upload-pages-artifact" in s for s in steps)
    assert any("make build" in s for s in steps)
    deploy_steps = github["jobs"]["deploy"]["steps"]
    assert any("deploy-pages" in step.get("uses", "") for step in deploy_steps)
    gitlab = yaml.safe_load((ci / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "public" in gitlab["pages"]["artifacts"]["paths"]
    rclone = yaml.safe_load((ci / "github-rclone.yml").read_text(encoding="utf-8"))
    runs = " ".join(step.get("run", "") for job in rclone["jobs"].values() for step in job["steps"])
    assert "portal deploy rclone:" in runs
    # Every workflow keeps the build's cache between runs, restored before the build, one per
    # branch (the default branch reads no cache another branch wrote).
    for workflow, job in ((github, "build"), (rclone, "deploy")):
        steps = workflow["jobs"][job]["steps"]
        cached = [i for i, step in enumerate(steps) if "actions/cache" in step.get("uses", "")]
        built = [i for i, step in enumerate(steps) if "make build" in step.get("run", "")]
        assert cached and built and cached[0] < built[0]
        kept = steps[cached[0]]["with"]
        assert kept["path"] == ".cache/doingoai" and "github.ref_name" in kept["key"]
    for job in ("check", "pages"):
        assert gitlab[job]["cache"]["paths"] == [".cache/doingoai/"]
        assert "$CI_COMMIT_REF_SLUG" in gitlab[job]["cache"]["key"]
