"""Vietnamese text compared as a reader compares it: without diacritics, case or punctuation.

Documents reach the portal as clean Unicode, as Word files and as OCR text that lost its
diacritics ("So Thong tin va Truyen thong", "S& Théng tin va Truyén thong"). Both the
provenance check of plan tasks (:mod:`generator.content.provenance`) and the importer
(:mod:`generator.importer`) ask the same question — do these words name that body? — and answer
it here, once: :func:`fold` reduces a text to lowercase ASCII words, :func:`mentions` finds a
name's words in a text, tolerating one OCR slip per word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Administrative abbreviations that documents use interchangeably with the full words.
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "ptth": "phat thanh truyen hinh",
    "pt th": "phat thanh truyen hinh",
    "chqs": "chi huy quan su",
    "kcn": "khu cong nghiep",
    "bcd": "ban chi dao",
    "ttdn": "thong tin doi ngoai",
    "vp": "van phong",
    "tw": "trung uong",
}
# Glyphs OCR puts where a Vietnamese vowel with diacritics was ("Sở" read as "S&", "S¢", "s0").
_OCR_VOWELS = str.maketrans({"&": "o", "¢": "o", "©": "o", "@": "a", "0": "o", "6": "o"})
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_DIGIT_WORD = re.compile(r"^\d+$")


def strip_diacritics(text: str) -> str:
    """``text`` without tone marks and vowel hats, ``đ`` as ``d`` (case kept)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII words separated by single spaces, abbreviations written out.

    ``"Sở Văn hóa, Thể thao và Du lịch"`` → ``"so van hoa the thao va du lich"``;
    ``"UBND tỉnh"`` → ``"uy ban nhan dan tinh"``.
    """
    words = _NOT_WORD.sub(" ", strip_diacritics(text).lower()).split()
    text = " ".join(words)
    for short, full in _ABBREVIATIONS.items():
        text = re.sub(rf"\b{short}\b", full, text)
    return text


def _ocr_words(text: str) -> list[str]:
    """The words of ``text`` with OCR's stand-ins for vowels read back as vowels."""
    words = []
    for word in strip_diacritics(text).lower().split():
        # A digit inside letters ("s0", "t6") stood for a vowel; a number stays a number.
        cleaned = re.sub(r"[^\w&¢©@]", " ", word).split()
        for part in cleaned:
            words.append(part if _DIGIT_WORD.match(part) else part.translate(_OCR_VOWELS))
    return fold(" ".join(words)).split()


def _one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one letter changed, added or dropped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or a[:1] != b[:1]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _same_word(found: str, wanted: str) -> bool:
    if found == wanted:
        return True
    if _DIGIT_WORD.match(found) or _DIGIT_WORD.match(wanted):
        return False
    # A two-letter word tolerates a slip only in its vowel ("so"/"se" for "sở").
    return len(wanted) >= 2 and _one_slip(found, wanted)


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``: its words, in order and adjacent, diacritics, case,
    punctuation and abbreviations aside, each allowed one OCR slip (a number none).

    Args:
        text: the words of a document (clean or OCR).
        name: a name of a body (``Sở Thông tin và Truyền thông``, ``Sở TT&TT``).

    Returns:
        True when the name's words occur in the text.
    """
    wanted = _ocr_words(name)
    found = _ocr_words(text)
    if not wanted:
        return False
    if len(name.split()) == 1 and name.isupper():  # an abbreviation ("TU") is never "tư"
        return any(w.strip(",.;:()") == name for w in text.split())
    same = _same_word if len(wanted) > 1 else str.__eq__  # an abbreviation matches exactly
    for start in range(len(found) - len(wanted) + 1):
        if all(same(found[start + i], w) for i, w in enumerate(wanted)):
            return True
    return False


def find_mention(text: str, names: list[str]) -> tuple[int, int] | None:
    """Where in ``text`` (word indexes, end excluded) the first of ``names`` occurs, longest
    name first; None when none does. Word indexes count :func:`ocr_words` of ``text``."""
    found = _ocr_words(text)
    for name in sorted(names, key=lambda n: -len(_ocr_words(n))):
        wanted = _ocr_words(name)
        for start in range(len(found) - len(wanted) + 1):
            if wanted and all(_same_word(found[start + i], w) for i, w in enumerate(wanted)):
                return start, start + len(wanted)
    return None


def ocr_words(text: str) -> list[str]:
    """The folded words :func:`mentions` compares, for callers that align texts word by word."""
    return _ocr_words(text)
