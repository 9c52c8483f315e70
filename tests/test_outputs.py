"""The site's files are written into the staging folder, linking those the previous site holds
unchanged: the previous (live) site is never written into, and nothing but a regular file with
the same bytes at the same path is ever linked."""

from __future__ import annotations

import os
from pathlib import Path

from generator.outputs import SiteWriter


def two_sites(tmp_path: Path) -> tuple[Path, Path]:
    live, staging = tmp_path / "site", tmp_path / "staging"
    (live / "en").mkdir(parents=True)
    (live / "en" / "index.html").write_bytes(b"<p>same</p>")
    (live / "old.html").write_bytes(b"<p>before</p>")
    staging.mkdir()
    return live, staging


def test_the_same_bytes_at_the_same_path_are_the_previous_file(tmp_path):
    live, staging = two_sites(tmp_path)
    writer = SiteWriter(staging, live)
    writer.write(staging / "en" / "index.html", b"<p>same</p>")
    writer.write(staging / "old.html", b"<p>after</p>")
    assert (staging / "en" / "index.html").samefile(live / "en" / "index.html")
    assert not (staging / "old.html").samefile(live / "old.html")
    assert (staging / "old.html").read_bytes() == b"<p>after</p>"
    assert (live / "old.html").read_bytes() == b"<p>before</p>"


def test_a_path_written_again_never_writes_into_the_previous_site(tmp_path):
    live, staging = two_sites(tmp_path)
    writer = SiteWriter(staging, live)
    writer.write(staging / "en" / "index.html", b"<p>same</p>")  # linked
    writer.write(staging / "en" / "index.html", b"<p>changed</p>")
    assert (staging / "en" / "index.html").read_bytes() == b"<p>changed</p>"
    assert (live / "en" / "index.html").read_bytes() == b"<p>same</p>"


def test_a_link_in_the_previous_site_is_never_followed(tmp_path):
    """A symbolic link planted in the live site (to a file outside it with the same bytes) is
    not made part of the new site: the file is written."""
    live, staging = two_sites(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"token")
    os.symlink(outside, live / "robots.txt")
    writer = SiteWriter(staging, live)
    writer.write(staging / "robots.txt", b"token")
    assert not (staging / "robots.txt").is_symlink()
    assert not (staging / "robots.txt").samefile(outside)
    assert (staging / "robots.txt").read_bytes() == b"token"


def test_a_folder_where_the_file_was_is_written_over_not_linked(tmp_path):
    live, staging = two_sites(tmp_path)
    (live / "data.json").mkdir()
    SiteWriter(staging, live).write(staging / "data.json", b"{}")
    assert (staging / "data.json").read_bytes() == b"{}"


def test_with_no_previous_site_every_file_is_written(tmp_path):
    live, staging = two_sites(tmp_path)
    SiteWriter(staging, None).write(staging / "en" / "index.html", b"<p>same</p>")
    assert not (staging / "en" / "index.html").samefile(live / "en" / "index.html")
    assert SiteWriter(staging, live).moved_to(tmp_path / "part").previous == live


def test_a_file_outside_the_writers_folder_is_never_linked(tmp_path):
    live, staging = two_sites(tmp_path)
    elsewhere = tmp_path / "elsewhere" / "en" / "index.html"
    elsewhere.parent.mkdir(parents=True)
    SiteWriter(staging, live).write(elsewhere, b"<p>same</p>")
    assert not elsewhere.samefile(live / "en" / "index.html")


def test_a_copy_made_from_an_unchanged_file_is_the_previous_sites_copy(tmp_path):
    """A .gz copy of a page the new site shares with the old one is the old copy — only when
    the same generator made the old site (``same_build``), the page is the very same file,
    and the old copy is a regular file."""
    live, staging = two_sites(tmp_path)
    (live / "en" / "index.html.gz").write_bytes(b"gzip of same")
    (live / "old.html.gz").write_bytes(b"gzip of before")
    writer = SiteWriter(staging, live, same_build=True)
    writer.write(staging / "en" / "index.html", b"<p>same</p>")  # linked: the same file
    writer.write(staging / "old.html", b"<p>after</p>")  # changed: a file of its own
    assert writer.link_derived(staging / "en" / "index.html", staging / "en" / "index.html.gz")
    assert (staging / "en" / "index.html.gz").samefile(live / "en" / "index.html.gz")
    assert not writer.link_derived(staging / "old.html", staging / "old.html.gz")
    assert not (staging / "old.html.gz").exists()
    other = SiteWriter(staging, live, same_build=False)
    (staging / "en" / "index.html.gz").unlink()
    assert not other.link_derived(staging / "en" / "index.html", staging / "en" / "index.html.gz")


def test_a_planted_link_is_never_taken_as_the_previous_copy(tmp_path):
    live, staging = two_sites(tmp_path)
    outside = tmp_path / "secret.gz"
    outside.write_bytes(b"token")
    os.symlink(outside, live / "en" / "index.html.gz")
    writer = SiteWriter(staging, live, same_build=True)
    writer.write(staging / "en" / "index.html", b"<p>same</p>")
    assert not writer.link_derived(staging / "en" / "index.html", staging / "en" / "index.html.gz")
    assert not os.path.lexists(staging / "en" / "index.html.gz")
