"""The search index: Pagefind, one index per language (a search in a language returns only pages
of that language). Pagefind segments Chinese and Japanese itself; Lao, which no Pagefind build
segments, is fed as records whose words ICU has already separated."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from lxml import html as lxml_html

from generator.i18n.lao import ZWSP, words

BODY = "//*[@data-portal-search-body]"


def build_search_index(site_dir: Path, output: str = "pagefind") -> int:
    """Index every searchable page of ``site_dir`` into ``site_dir/output``; return the count."""
    try:
        count = asyncio.run(_index(site_dir, site_dir / output))
    except json.JSONDecodeError:
        # Pagefind's service answered with an empty message (seen once in CI, under load):
        # index again from scratch; a second failure is an error.
        count = asyncio.run(_index(site_dir, site_dir / output))
    _sort_entry(site_dir / output / "pagefind-entry.json")
    return count


def _sort_entry(entry: Path) -> None:
    """Pagefind lists languages in hash order; sorted, two builds of one site are identical."""
    data = _read_when_complete(entry)
    data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_when_complete(entry: Path, seconds: float = 10.0) -> dict:
    """Read the index's entry file once Pagefind has finished writing it.

    Pagefind's service can answer "written" while its writer is still flushing; on a loaded
    machine the file was once read empty (seen in CI). Wait for it, a bounded time.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            return json.loads(entry.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


async def _index(site_dir: Path, output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    async with PagefindIndex(config=IndexConfig(output_path=str(output))) as index:
        # Pages of every language but Lao carry data-pagefind-body and are indexed in one call;
        # fallback pages and 404s carry no body mark and are left out.
        indexed = await index.add_directory(str(site_dir))
        count = indexed["page_count"]
        for path in sorted((site_dir / "lo").rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            if "data-portal-search-body" in text:
                url = "/" + path.relative_to(site_dir).as_posix().removesuffix("index.html")
                await index.add_custom_record(**_lao_record(text, url))
                count += 1
    return count  # leaving the context wrote the index


def _lao_record(text: str, url: str) -> dict:
    """A Lao page as a record whose words are separated by spaces, as Pagefind expects."""
    doc = lxml_html.fromstring(text)
    body = doc.xpath(BODY)[0]
    for skip in body.xpath(".//script|.//style|.//*[@data-pagefind-ignore]"):
        skip.drop_tree()
    title = (doc.xpath("//h1") or [body])[0].text_content().strip()
    return {
        "url": url,
        "content": _spaced(body.text_content()),
        "language": "lo",
        "meta": {"title": title.replace(ZWSP, "")},
    }


def _spaced(text: str) -> str:
    """Lao words separated by spaces (the build put zero-width spaces between them)."""
    out = []
    for chunk in text.replace(ZWSP, " ").split():
        out.append(
            " ".join(words(chunk)) if any("\u0e80" <= c <= "\u0eff" for c in chunk) else chunk
        )
    return " ".join(out)
