"""The PDFs in the open-data export: ``data/publication-pdfs.json`` (and its CSV and schema),
one record per printed publication with its file, pages and size in each language."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from generator.content.fields import LangCode, Localized, Strict
from generator.export import Dataset
from generator.i18n.languages import CODES
from generator.publications.editions import PrintSet
from generator.routes import absolute

DATASET_NAME = "publication-pdfs"


class PrintedPublicationRecord(Strict):
    """One row of ``publication-pdfs``: ``url`` gives the PDF in each language."""

    TYPE: ClassVar[str] = DATASET_NAME

    publication: str
    """The publication's slug (``publications.json``)."""
    title: Localized
    edition: dt.date
    """The edition date printed on every PDF."""
    pages: dict[LangCode, int]
    bytes: dict[LangCode, int]
    media_type: str = "application/pdf"
    sample: bool = False


def printed_dataset(prints: PrintSet, site_url: str) -> Dataset:
    """The dataset of every printed publication, in the order of the editions."""
    records: list[dict[str, Any]] = []
    for slug in dict.fromkeys(pdf.publication for pdf in prints.files):
        pdfs = {pdf.lang: pdf for pdf in prints.of(slug)}
        if set(pdfs) != set(CODES):
            continue  # a partial run (portal pdf --lang) is not exported
        first = pdfs[CODES[0]]
        record = PrintedPublicationRecord(
            publication=slug,
            title={code: pdfs[code].title for code in CODES},
            edition=first.edition,
            pages={code: pdfs[code].pages for code in CODES},
            bytes={code: pdfs[code].size for code in CODES},
            sample=first.sample,
        )
        urls = {code: absolute(site_url, pdfs[code].path) for code in CODES}
        records.append({"slug": slug, "url": urls, **record.model_dump(mode="json")})
    return Dataset(DATASET_NAME, PrintedPublicationRecord, records)
