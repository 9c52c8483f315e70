"""The search index is made one language at a time (in the processes that built them) and
merged: the same files as one Pagefind run over every page, and an edit in one language runs
Pagefind for that language only."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from generator import search
from generator.buildcache import BuildCache
from generator.search import PreparedPages, SearchIndex, index_languages, write_entry

PAGES = {
    "index.html": ("vi", "Trang chủ", "Hưng Yên là một tỉnh ở đồng bằng sông Hồng."),
    "about/index.html": ("vi", "Giới thiệu", "Phố Hiến từng là một thương cảng sầm uất."),
    "en/index.html": ("en", "Home", "Hung Yen is a province in the Red River Delta."),
    "en/about/index.html": ("en", "About", "Pho Hien was once a busy trading port."),
    "ja/about/index.html": ("ja", "概要", "フォーヒエンはかつて賑やかな貿易港でした。"),
    "ko/about/index.html": ("ko", "소개", "포히엔은 한때 번화한 무역항이었습니다."),
}


def page(lang: str, title: str, text: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>'
        f"<main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"
    ).encode()


def prepared(pages=PAGES) -> PreparedPages:
    return PreparedPages({path: page(*value) for path, value in pages.items()})


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_languages_indexed_apart_and_merged_are_one_run_over_every_page(tmp_path):
    together = tmp_path / "together"
    # Pagefind numbers pages in the order it finds them, which is the file system's: the one
    # run reads from the same kind of folder as the build does.
    with tempfile.TemporaryDirectory(dir=search._memory_folder()) as scratch:
        prepared().write(Path(scratch))
        search._index(Path(scratch), together)
    search._remove_unused_ui(together)
    one_run = files_of(together)

    apart = tmp_path / "apart"
    first = {path: value for path, value in PAGES.items() if value[0] in ("vi", "ja")}
    second = {path: value for path, value in PAGES.items() if value[0] not in ("vi", "ja")}
    index = index_languages(prepared(first), apart, None)  # as two processes would
    index.add(index_languages(prepared(second), apart, None))
    write_entry(apart, index)
    merged = files_of(apart)

    entry = json.loads(one_run.pop("pagefind-entry.json"))
    assert json.loads(merged.pop("pagefind-entry.json")) == {
        **entry,
        "languages": dict(sorted(entry["languages"].items())),
    }
    merged.pop(search.LAO_WORDS)
    assert merged.keys() == one_run.keys()
    assert [path for path in merged if merged[path] != one_run[path]] == []
    assert index.pages == 6 and index.codes == {"vi", "en", "ja", "ko"}


def test_an_edit_in_one_language_runs_pagefind_for_that_language_only(tmp_path, monkeypatch):
    runs: list[list[str]] = []
    real_index = search._index

    def counted(site: Path, output: Path) -> int:
        runs.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")))
        return real_index(site, output)

    monkeypatch.setattr(search, "_index", counted)
    cache = BuildCache(tmp_path / "cache", version="test")
    index_languages(prepared(), tmp_path / "first", cache)
    assert len(runs) == 4  # vi, en, ja, ko
    edited = dict(PAGES)
    edited["en/about/index.html"] = ("en", "About", "Pho Hien was a busy river port.")
    runs.clear()
    again = index_languages(prepared(edited), tmp_path / "second", cache)
    assert runs == [["en/about/index.html", "en/index.html"]]
    assert isinstance(again, SearchIndex) and again.pages == 6
    assert files_of(tmp_path / "second").keys() - files_of(tmp_path / "first").keys()  # new en
