"""Vietnamese text as the editor should see it: OCR recognised, names restored.

OCR often loses the diacritics ("Sở Thông tin và Truyền thông" read as "S& Thong tin va Truyén
thong"). Headings and the names of bodies are few and known, so they are restored to their
standard spelling: the registry's names first (:class:`Registry`), then the standard names of
provincial bodies, collective addressees and headings in :file:`vocabulary.yml`. The text of a
task is kept as found; :func:`lacks_diacritics` says when it must be flagged for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from generator.vietnamese import _same_word, ocr_words, strip_diacritics

VOCABULARY = Path(__file__).with_name("vocabulary.yml")

# Letters only Vietnamese uses: a text without them in most words lost its diacritics.
_VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


@cache
def vocabulary() -> dict[str, list[str]]:
    """The standard spellings of :file:`vocabulary.yml`, by kind."""
    return yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))


def lacks_diacritics(text: str) -> bool:
    """Whether ``text`` reads as Vietnamese that lost its diacritics (OCR): fewer than one word
    in ten carries a letter only Vietnamese writes."""
    words = [w for w in text.split() if re.search(r"[^\W\d_]", w)]
    if len(words) < 5:
        return False
    marked = sum(1 for w in words if _VIETNAMESE_ONLY.search(w))
    return marked / len(words) < 0.1


@dataclass(frozen=True)
class Match:
    """Where a known name was found in a text: its words ``start``–``end`` (raw words), the
    standard spelling and, for a registry agency, its slug; ``kind`` says which list it is from."""

    start: int
    end: int
    name: str
    kind: str
    slug: str | None = None


@dataclass
class Registry:
    """The agencies an import may link to: slug → names (title, abbreviation, aliases)."""

    names: dict[str, list[str]] = field(default_factory=dict)

    def candidates(self) -> list[tuple[str, str, str | None]]:
        """Every known name as (standard spelling, kind, slug): registry names first."""
        found = [(n, "agency", slug) for slug, names in self.names.items() for n in names]
        words = vocabulary()
        found += [(n, "body", None) for n in words["bodies"]]
        found += [(n, "collective", None) for n in words["collectives"]]
        return found


def _name_keys(name: str) -> list[str]:
    return [" ".join(ocr_words(raw)) for raw in name.split() if ocr_words(raw)]


def _same(key: str, wanted: str, tolerant: bool = True) -> bool:
    a, b = key.split(), wanted.split()
    if not tolerant:
        return a == b
    return len(a) == len(b) and all(_same_word(x, y) for x, y in zip(a, b, strict=True))


def find_names(text: str, candidates: list[tuple[str, str, str | None]]) -> list[Match]:
    """Every known name in ``text``, left to right, the longest at each place, not overlapping;
    ``start``/``end`` count the raw words of ``text`` (punctuation-only words are skipped when
    comparing). A one-word name (an abbreviation) must match exactly."""
    raw = text.split()
    keyed = [(i, " ".join(ocr_words(w))) for i, w in enumerate(raw)]
    keyed = [(i, k) for i, k in keyed if k]
    prepared = sorted(
        ((_name_keys(n), n, kind, slug) for n, kind, slug in candidates),
        key=lambda c: -len(c[0]),
    )
    matches: list[Match] = []
    i = 0
    while i < len(keyed):
        hit = None
        for wanted, name, kind, slug in prepared:
            n = len(wanted)
            tolerant = n > 1
            if n == 1 and name.isupper() and not raw[keyed[i][0]].strip(",.;:()").isupper():
                continue  # an abbreviation ("TU") is written in capitals, never "tư"
            if (
                n
                and i + n <= len(keyed)
                and all(_same(keyed[i + j][1], wanted[j], tolerant) for j in range(n))
            ):
                hit = Match(keyed[i][0], keyed[i + n - 1][0] + 1, name, kind, slug)
                i += n
                break
        if hit:
            matches.append(hit)
        else:
            i += 1
    return matches


def restore(text: str, candidates: list[tuple[str, str, str | None]] | None = None) -> str:
    """``text`` with every known name and heading in its standard spelling; other words as
    found (punctuation after a restored name is kept)."""
    if candidates is None:
        candidates = [(h, "heading", None) for h in vocabulary()["headings"]]
    words = text.split()
    out: list[str] = []
    i = 0
    matches = {m.start: m for m in find_names(text, candidates)}
    while i < len(words):
        m = matches.get(i)
        if m is None:
            out.append(words[i])
            i += 1
            continue
        tail = re.search(r"[,;:.]+$", words[m.end - 1])
        out.append(m.name + (tail.group() if tail else ""))
        i = m.end
    return " ".join(out)


def restore_heading(text: str) -> str:
    """A heading in its standard spelling when it is one of the known headings (matched whole,
    case aside), else as found."""
    for heading in vocabulary()["headings"]:
        if (
            _name_keys(heading) == _name_keys(text)
            or all(_same(a, b) for a, b in zip(_name_keys(text), _name_keys(heading), strict=False))
            and len(_name_keys(text)) == len(_name_keys(heading))
        ):
            return heading
    return text


def folded(text: str) -> str:
    """``text`` as :func:`generator.vietnamese.ocr_words` reads it, joined by spaces."""
    return " ".join(ocr_words(text))


def plain(text: str) -> str:
    """``text`` without diacritics, lowercased (for keyword tests on OCR text)."""
    return strip_diacritics(text).lower()
