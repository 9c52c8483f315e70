"""Search relevance in six languages: the relevance set (benchmarks/search-queries.yml) measured
in Chromium by the benchmark's own function, against the thresholds the set declares; and text in
another language than the page's kept out of the page's index."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.search import _leave_out_other_languages, _section

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_search import load_queries, measure  # noqa: E402


@pytest.mark.browser
def test_search_relevance_meets_the_thresholds_in_every_language(shipped_site):
    queries = load_queries()
    limits = queries["thresholds"]
    figures = measure(shipped_site, queries)
    assert sorted(figures) == sorted(code for code in queries if code != "thresholds")
    for code, got in figures.items():
        assert got.false_positives <= limits["false_positives"], (code, got.found_absent)
        assert got.mrr >= limits["mrr"], (code, got.mrr, got.misses)
        assert got.recall_at_10 >= limits["recall_at_10"], (code, got.recall_at_10, got.misses)


def test_text_in_another_language_is_left_out_of_the_page_index():
    doc = lxml_html.fromstring(
        '<html lang="en"><body><nav class="portal-breadcrumb"><ol><li><a href="/">Home</a></li>'
        '<li><a href="/en/plans/">Plans &amp; documents</a></li></ol></nav>'
        "<div data-pagefind-body><h1>Plan 84</h1><p>Promote the province abroad.</p>"
        '<details lang="vi"><p>KẾ HOẠCH hoạt động</p></details>'
        '<p lang="en-GB">Colour</p></div></body></html>'
    )
    body = doc.xpath("//*[@data-pagefind-body]")[0]
    _leave_out_other_languages(body, doc.get("lang"))
    assert body.xpath(".//details")[0].get("data-pagefind-ignore") == "all"
    assert body.xpath(".//p[@lang]")[0].get("data-pagefind-ignore") is None  # same language
    assert _section(doc) == "Plans & documents"
