"""The lines of a Vietnamese plan or official letter as a document: who issued it, when, to
whom, on what legal bases, and every task with its addressee exactly as written.

The layouts seen in the province's documents, all read here:

- numbered groups per agency (``1. Sở Thông tin và Truyền thông``, ``4- Sở Văn hóa, …:``,
  ``2. Giao Sở … chủ trì, phối hợp với …:``) followed by ``- …`` bullets, lettered items or
  plain paragraphs; a group whose own text is the task;
- collective addressees (``Các sở, ban, ngành; Ủy ban nhân dân huyện, thành phố``);
- numbered topics whose lettered tasks carry ``Đơn vị thực hiện:`` and ``Thời gian thực hiện:``;
- roman-numbered parts (``I. MỤC ĐÍCH, YÊU CẦU`` … ``IV. TỔ CHỨC THỰC HIỆN``); tasks of a part
  that names no addressee are addressed as the closing paragraph asks (``… yêu cầu các ngành
  thành viên chủ động triển khai …``).

Every line is either placed in a field (its number is recorded) or listed as unplaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.importer.normalise import (
    Registry,
    find_names,
    folded,
    lacks_diacritics,
    plain,
    restore,
    restore_heading,
    vocabulary,
)
from generator.vietnamese import fold, mentions

_ROMAN = re.compile(r"^(X|IX|IV|V?I{0,3})\s*[.\-–]\s*(\S.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*[.\-–]\s+(\S.*)$")
_LETTERED = re.compile(r"^([a-zđ¢])\)\s*(.*)$")
_BULLET = re.compile(r"^[-–•+]\s*(.*)$")
_FOOTNOTE = re.compile(r"^(?:[¹²³⁴⁵]|['’‘`]\s*\(\d\)|\d\s+\(\d\))")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
_WHO = re.compile(r"^\W{0,2}\w{0,2}on\s+v\w{0,2}\s+th\w{0,3}\s+hi\w{0,3}n\s*:\s*", re.I)
_WHEN = re.compile(r"^th\w{0,3}\s+gian\s+th\w{0,3}\s+hi\w{0,3}n\s*:\s*", re.I)
_COOPERATE = re.compile(
    r"ph\S{0,3}i\s+h\S{0,3}p\s+v\S{0,3}i\s+(.+?)"
    r"(?=\s+(?:tri\S{0,2}n khai|th\S{0,3}c hi\S{0,3}n|tham m\S{0,3}u|để |trong |"
    r"tr\S{0,2}nh |ra so\S{0,2}t|"
    r"cung c\S{0,2}p|qu\S{0,2}n l\S|t\S{0,2} ch\S{0,3}c|l\S{0,2}m t\S{0,2}t)|[;:.]|$)",
    re.I,
)
_CLOSING = re.compile(
    r"^(yeu cau cac|tren day|tren co so noi dung|trong qua trinh thuc hien|noi nh)", re.I
)
_DOC_TYPES = {
    "ke hoach": "plan",
    "cong van": "official-letter",
    "quyet dinh": "decision",
    "chi thi": "directive",
    "huong dan": "guidance",
    "nghi quyet": "resolution",
}
_LEGAL = re.compile(
    r"(?P<kind>nghi quyet|quyet dinh|huong dan|ket luan|ke hoach|chi thi|cong van|thong tu"
    r"|nghi dinh|chuong trinh hanh dong)\s+(?:s\S{0,2}\s+)?"
    r"(?P<number>\d+\s*(?:[-/]\s*[A-Z0-9]+)+(?:\s*-\s*[A-Z]+)?|\d+\s*-\s*[A-Z]+/[A-Z0-9]+)"
    r"(?:,?\s+ng\S{0,2}y\s+(?P<d>\d{1,2})(?:/|\s+th\S{0,3}ng\s+)(?P<m>\d{1,2})"
    r"(?:/|\s+n\S{0,2}m\s+)(?P<y>\d{4}))?"
    r"(?:\s+c\S{0,3}\s+(?P<issuer>[^;,()]{3,80}?)(?=\s+v[eêé]\s|\s+ban hanh|\s+trien|[;,(]|$))?",
    re.I,
)


@dataclass
class Paragraph:
    """Lines joined as the document's paragraph; ``lines`` are their numbers (1 is the first)."""

    text: str
    lines: list[int]
    kind: str = "text"  # text, footnote, page-number


@dataclass
class Who:
    """An addressee: the words as written, their standard spelling, the registry agency they
    name (same province only) or none (a collective or an unknown body)."""

    as_written: str
    name: str
    agency: str | None = None
    collective: bool = False

    def as_json(self) -> dict:
        return {
            "as_written": self.as_written,
            "name": self.name,
            "agency": self.agency,
            "collective": self.collective,
        }


@dataclass
class Task:
    id: str
    text: str
    lines: list[int]
    lead: Who | None = None
    partners: list[Who] = field(default_factory=list)
    deadline_as_written: str | None = None
    needs_diacritics: bool = False
    lettered: bool = False
    """Read from a lettered item (``b)``): its bullets are its own paragraphs until its unit."""

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "lines": [self.lines[0], self.lines[-1]],
            "lead": self.lead.as_json() if self.lead else None,
            "partners": [p.as_json() for p in self.partners],
            "deadline_as_written": self.deadline_as_written,
            "needs_diacritics": self.needs_diacritics,
        }


@dataclass
class Group:
    """Tasks under one heading: ``addressee`` (a numbered group naming who), ``topic`` (a
    numbered subject whose tasks name their own units) or ``part`` (a part's own items)."""

    heading: str
    kind: str
    addressee: Who | None
    tasks: list[Task] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "heading": self.heading,
            "kind": self.kind,
            "addressee": self.addressee.as_json() if self.addressee else None,
            "tasks": [t.as_json() for t in self.tasks],
        }


@dataclass
class ParsedPlan:
    lines: list[str]
    doc_type: str = "plan"
    number: dict = field(default_factory=dict)
    date: dict = field(default_factory=dict)
    issuer: dict = field(default_factory=dict)
    signer: dict = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    title: str = ""
    legal_bases: list[dict] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    general: Who | None = None
    """Who the document asks to carry out the whole plan (``Các cơ quan, đơn vị, địa phương căn
    cứ Kế hoạch để triển khai thực hiện``): the lead of a task that names no unit of its own."""
    generally_addressed: list[str] = field(default_factory=list)
    needs_diacritics: bool = False
    same_province: bool = True
    placed: set[int] = field(default_factory=set)

    @property
    def tasks(self) -> list[Task]:
        return [task for group in self.groups for task in group.tasks]

    def unplaced_lines(self) -> list[tuple[int, str]]:
        """Every non-blank line not placed in a field, with its number."""
        return [
            (n, line)
            for n, line in enumerate(self.lines, 1)
            if line.strip() and n not in self.placed
        ]

    def unmatched_agencies(self) -> list[str]:
        """Addressees that name a single body the registry does not hold (standard spelling)."""
        names = []
        for task in self.tasks:
            for who in [task.lead, *task.partners]:
                if who and not who.collective and not who.agency and who.name not in names:
                    names.append(who.name)
        return names


# --- paragraphs ------------------------------------------------------------------------------


def _starts_lower(text: str) -> bool:
    letter = next((c for c in text if c.isalpha()), "")
    return letter.islower()


def _is_marker(text: str) -> bool:
    return bool(
        _NUMBERED.match(text) or _LETTERED.match(text) or _BULLET.match(text) or _roman(text)
    )


def _roman(text: str) -> re.Match | None:
    m = _ROMAN.match(text)
    return m if m and m.group(1) else None


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """The document's paragraphs: a blank line or a marker (``-``, ``a)``, ``1.``, ``II-``)
    starts one; a line after a blank that begins in lowercase continues the last paragraph of
    text (a page break), skipping footnotes and page numbers printed between."""
    found: list[Paragraph] = []
    blank = True
    last: Paragraph | None = None  # the paragraph the previous line went to
    for n, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text:
            blank = True
            continue
        kind = (
            "footnote"
            if _FOOTNOTE.match(text)
            else "page-number"
            if _PAGE_NUMBER.match(text)
            else "text"
        )
        current = last
        if current is not None and kind == "text" and not _is_marker(text):
            if not blank and current.kind != "page-number":
                current.text += " " + text
                current.lines.append(n)
                continue
            if blank and _starts_lower(text):
                target = next((p for p in reversed(found) if p.kind == "text"), current)
                target.text += " " + text
                target.lines.append(n)
                last, blank = target, False
                continue
        last = Paragraph(text, [n], kind)
        found.append(last)
        blank = False
    for p in found:
        p.text = " ".join(p.text.split())
    return found


# --- addressees ------------------------------------------------------------------------------


def _candidates(registry: Registry, same_province: bool):
    every = registry.candidates()
    return every if same_province else [c for c in every if c[1] != "agency"]


def _body_key(name: str) -> str:
    """A body's name as compared with the registry's names: folded, without 'và' and a final
    'tỉnh' (the standard "Đài Phát thanh và Truyền hình tỉnh" is the registry's "Đài Phát thanh
    - Truyền hình", "Công an tỉnh" its "Công an tỉnh")."""
    words = [word for word in folded(name).split() if word != "va"]
    if words and words[-1] == "tinh":
        words = words[:-1]
    return " ".join(words)


def _registry_slug(name: str, registry: Registry) -> str | None:
    """The registry agency a standard body's name is: the same name, or the same but for 'và'
    and a final 'tỉnh' (a document's wording and the registry's seldom agree on those)."""
    for slug, names in registry.names.items():
        if any(fold(name) == fold(n) for n in names):
            return slug
    key = _body_key(name)
    for slug, names in registry.names.items():
        if any(key == _body_key(n) for n in names):
            return slug
    return None


def _names_a_body(words: str) -> bool:
    """Whether a short heading names one body no list knows: it begins with how a body's
    name begins (:file:`vocabulary.yml` ``body_words``), then a capital ("Báo Bắc Ninh")."""
    raw = words.split()
    if not 2 <= len(raw) <= 8 or re.search(r"[.;,]$", words):
        return False
    for start in vocabulary()["body_words"]:
        size = len(start.split())
        if len(raw) > size and folded(" ".join(raw[:size])) == folded(start):
            return raw[size][:1].isupper()
    return False


def who(words: str, candidates, registry: Registry, same_province: bool) -> Who:
    """The addressee the words name: one known body when a single name covers them, else a
    collective (standard spelling restored word by word)."""
    words = words.strip().rstrip(":;.,").strip()
    matches = find_names(words, candidates)
    count = len(words.split())
    if len(matches) == 1 and matches[0].kind != "collective":
        m = matches[0]
        if (m.end - m.start) >= count - 1:
            slug = m.slug or (_registry_slug(m.name, registry) if same_province else None)
            return Who(words, m.name, slug, False)
    return Who(words, restore(words, candidates), None, True)


_COOPERATING = re.compile(r"\s+ph\S{0,3}i\s+h\S{0,3}p(?:\s+v\S{0,3}i)?\s+")
_GUIDED_BY = re.compile(r"^c\S{0,2}n\s+c\S{0,3}\s")


def _unit_words(text: str) -> str:
    """The units of ``Đơn vị thực hiện: Căn cứ hướng dẫn của Z, X …``: ``X …`` (Z guides the
    units; it is not one of them)."""
    if _GUIDED_BY.match(plain(text)) and "," in text:
        return text.split(",", 1)[1].strip()
    return text


def _split_lead(text: str) -> tuple[str, str]:
    """``X chủ trì, phối hợp với Y`` or ``X phối hợp (với) Y`` → (X, Y); text naming no
    partner → (text, '')."""
    p = plain(text)
    at = re.search(r"\bch\S{0,2}\s+tr\S{0,2}\b", p)
    if at is None:
        cooperating = _COOPERATING.search(p)
        if cooperating is None:
            return text, ""
        return text[: cooperating.start()].strip(" ,;"), text[cooperating.end() :].strip(" ,;:.")
    lead = text[: at.start()].strip(" ,;")
    rest = text[at.end() :]
    partner = re.search(r"ph\S{0,3}i\s+h\S{0,3}p(\s+v\S{0,3}i)?", plain(rest))
    return lead, (rest[partner.end() :].strip(" ,;:.") if partner else "")


def _partners(span: str, candidates, registry, same_province) -> list[Who]:
    """Each body ``span`` names, and the collective words between them (``Sở Tư pháp và các
    sở, ban ngành liên quan``: the Sở and "các sở, ban ngành liên quan"), in order."""
    if not span:
        return []
    found = [m for m in find_names(span, candidates) if m.kind in ("agency", "body")]
    words = span.split()
    if not found:
        return [who(span, candidates, registry, same_province)]
    runs = [(m.start, m.end) for m in found]
    edges = [0, *(x for m in found for x in (m.start, m.end)), len(words)]
    for start, end in zip(edges[::2], edges[1::2], strict=True):
        between = _without_joiners(words[start:end])
        if between and any(m.kind == "collective" for m in find_names(between, candidates)):
            runs.append((start, end))
    return [
        who(_without_joiners(words[start:end]), candidates, registry, same_province)
        for start, end in sorted(runs)
    ]


def _without_joiners(words: list[str]) -> str:
    """Words without the ``và`` and punctuation that join them to their neighbours."""
    text = " ".join(words).strip(" ,;:.")
    return re.sub(r"^v\S{0,2}\s+|\s+v\S{0,2}$", "", text).strip(" ,;:.")


# --- the document ----------------------------------------------------------------------------


def parse(lines: list[str], registry: Registry, province: str = "") -> ParsedPlan:
    """Read ``lines`` as a plan or official letter.

    Args:
        lines: the document's lines (:func:`generator.importer.reading.read_lines`).
        registry: the portal's agencies, matched only when the document is of ``province``.
        province: the portal's province (``Tỉnh Hưng Yên``); '' matches any document.

    Returns:
        The parsed document, every line placed or listed as unplaced.
    """
    plan = ParsedPlan(lines)
    paras = paragraphs(lines)
    plan.needs_diacritics = lacks_diacritics("\n".join(lines))
    body_start = _header(plan, paras, province)
    candidates = _candidates(registry, plan.same_province)
    rest = paras[body_start:]
    closing = _closing_collective(rest)
    i = _preamble(plan, rest)
    _parts(plan, rest[i:], candidates, registry, closing)
    _address_the_rest(plan, rest, candidates)
    _signature(plan, paras, candidates)
    return plan


_IMPLEMENTS_THE_PLAN = re.compile(
    r"^\d{1,2}\s*[.\-–]\s+(.+?)\s+c\S{0,2}n\s+c\S{0,3}\s+k\S{0,2}\s+ho\S{0,3}ch\b"
)


def _general_addressee(paras: list[Paragraph], candidates) -> Who | None:
    """The collective a numbered paragraph asks to carry out the whole plan (``2. Các cơ quan,
    đơn vị, địa phương căn cứ Kế hoạch để triển khai thực hiện``), else None."""
    for p in reversed(paras):
        m = _IMPLEMENTS_THE_PLAN.match(plain(p.text))
        if m is None:
            continue
        words = p.text.split(None, 1)[1][: len(m.group(1))].strip(" ,;:")
        names = find_names(words, candidates)
        if names and all(n.kind == "collective" for n in names):
            return Who(words, restore(words, candidates), None, True)
    return None


def _address_the_rest(plan: ParsedPlan, paras: list[Paragraph], candidates) -> None:
    """Give a task that names no unit, and whose heading names none, the document's general
    addressee (listed in ``generally_addressed`` for the report); without one it stays
    without a lead, which the draft's check then asks the editor for."""
    plan.general = _general_addressee(paras, candidates)
    if plan.general is None:
        return
    for group in plan.groups:
        for task in group.tasks:
            if task.lead is None and group.addressee is None:
                task.lead = plan.general
                plan.generally_addressed.append(task.id)


def _place(plan: ParsedPlan, *paras: Paragraph) -> None:
    for p in paras:
        plan.placed.update(p.lines)


_BODY = re.compile(r"^(can cu|th\S{0,2}c hi\S{0,2}n|kinh g|tr\S{0,2}n c\S{0,2} s)")


def _header(plan: ParsedPlan, paras: list[Paragraph], province: str) -> int:
    """Number, date, issuer, type, title and recipients, read line by line up to the first
    line of the body (OCR puts two columns of the header on one line); returns the index of
    the first paragraph of the body."""
    lines = plan.lines
    end = next(
        (n for n, line in enumerate(lines, 1) if _BODY.match(plain(line.strip()))), len(lines)
    )
    motto = ("cong hoa xa hoi chu nghia viet nam", "dang cong san viet nam")
    issuer_words: list[str] = []
    title: list[int] = []
    in_title = False
    for n in range(1, end):
        line = lines[n - 1].strip()
        if not line:
            if in_title and plan.doc_type == "official-letter":
                in_title = False
            continue
        key = fold(line)
        if key in _DOC_TYPES and not title:
            plan.doc_type = _DOC_TYPES[key]
            plan.placed.add(n)
            in_title = True
            continue
        if plain(line).startswith("v/v"):
            plan.doc_type = "official-letter"
            in_title = True
        if _number(plan, line) | _date_line(plan, line, n):
            plan.placed.add(n)
            continue
        if in_title:
            title.append(n)
            plan.placed.add(n)
            continue
        words = []
        for word in line.split():
            if word != word.upper():
                break
            words.append(word)
        caps = " ".join(words)
        for m in motto:
            caps = _drop_tolerant(caps, m)
        if caps.strip() and fold(caps):
            issuer_words.append(caps.strip())
            plan.placed.add(n)
    plan.title = re.sub(r"^V/v\s*", "", " ".join(lines[n - 1].strip() for n in title), flags=re.I)
    issuer_text = " ".join(issuer_words)
    plan.issuer = {"as_written": issuer_text, "name": None, "agency": None}
    bare = re.sub(r"^(t[iỉ]nh|th[aà]nh ph[oố])\s+", "", province, flags=re.I)
    masthead = " ".join(lines[: plan.date.get("line", end) or end])
    plan.same_province = not bare or mentions(f"{issuer_text} {masthead}", bare)
    start = next((i for i, p in enumerate(paras) if p.lines[0] >= end), len(paras))
    # recipients of a letter: 'Kính gửi:' and its bullets
    if start < len(paras) and plain(paras[start].text).startswith("kinh g"):
        _place(plan, paras[start])
        start += 1
        while start < len(paras) and _BULLET.match(paras[start].text):
            plan.recipients.append(restore_bullet(paras[start].text))
            _place(plan, paras[start])
            start += 1
    return start


def restore_bullet(text: str) -> str:
    m = _BULLET.match(text)
    words = (m.group(1) if m else text).strip().rstrip(";.,")
    return restore(words, [(c, "collective", None) for c in vocabulary()["collectives"]])


def _drop_tolerant(text: str, phrase: str) -> str:
    words = text.split()
    for m in find_names(text, [(phrase, "motto", None)]):
        return " ".join(words[: m.start] + words[m.end :])
    return text


def _number(plan: ParsedPlan, line: str) -> bool:
    if plan.number:
        return False
    m = re.search(r"(?:^|\s)S\S{0,4}\s*:?\s*([^\s/]*(?:\s*-\s*[^\s/]+)?\s?/\S+)", line)
    if m is None:
        return False
    raw = m.group(1)
    compact = re.sub(r"\s+", "", raw)
    digits = re.match(r"\d+", compact)
    if digits:
        symbol = compact[digits.end() :].lstrip("-")
        text = compact
    else:
        symbol = compact.split("/", 1)[1]
        text = f"…/{symbol}"
    plan.number = {
        "as_written": raw,
        "digits": digits.group() if digits else None,
        "symbol": symbol,
        "text": text,
    }
    return True


def _date(plan: ParsedPlan, line: str) -> bool:
    if plan.date:
        return False
    p = plain(line)
    m = re.search(r"ng\S{0,2}y\s*(\S*?)\s*th\S{0,3}ng\s*(\S*?)\s*n\S{0,2}m\s+(\d{4})", p)
    if m is None:
        return False
    day = m.group(1) if m.group(1).isdigit() else None
    month = m.group(2) if m.group(2).isdigit() else None
    precision = "day" if day and month else "month" if month else "year"
    place = line[: m.start()].rsplit(",", 1)[0] if "," in line[: m.start()] else ""
    place = re.sub(r"^.*?/\S+\s*", "", place).strip()
    plan.date = {
        "as_written": line[m.start() :].strip(),
        "year": int(m.group(3)),
        "month": int(month) if month else None,
        "day": int(day) if day else None,
        "precision": precision,
        "place": place,
    }
    return True


def _date_line(plan: ParsedPlan, line: str, n: int) -> bool:
    """:func:`_date`, remembering the line's number (the masthead ends there)."""
    if _date(plan, line):
        plan.date["line"] = n
        return True
    return False


def _preamble(plan: ParsedPlan, paras: list[Paragraph]) -> int:
    """Legal bases from the paragraphs before the first part or numbered group."""
    i = 0
    while i < len(paras) and not (_roman(paras[i].text) or _NUMBERED.match(paras[i].text)):
        p = paras[i]
        if p.kind == "text":
            bases = legal_bases(p.text)
            if bases:
                plan.legal_bases.extend(b for b in bases if b not in plan.legal_bases)
                _place(plan, p)
        i += 1
    return i


def legal_bases(text: str) -> list[dict]:
    """Every document a sentence cites: kind, number, date and issuer (standard spelling)."""
    found = []
    source = plain(text).replace("đ", "d")
    original = text
    for m in _LEGAL.finditer(source):
        number = re.sub(r"\s+", "", original[m.start("number") : m.end("number")])
        number = re.sub(r"(?<=\d)-(?=[A-Z])", "-", number)
        date = None
        if m.group("y"):
            date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
        issuer = None
        if m.group("issuer"):
            raw = original[m.start("issuer") : m.end("issuer")]
            names = find_names(raw, [(n, "national", None) for n in vocabulary()["national"]])
            issuer = names[0].name if names else raw.strip()
        kind = restore(original[m.start("kind") : m.end("kind")], _KINDS)
        found.append({"kind": kind, "number": number, "date": date, "issuer": issuer})
    return found


_KINDS = [
    (k, "kind", None)
    for k in (
        "Nghị quyết", "Quyết định", "Hướng dẫn", "Kết luận", "Kế hoạch", "Chỉ thị", "Công văn",
        "Thông tư", "Nghị định", "Chương trình hành động",
    )
]  # fmt: skip


def _closing_collective(paras: list[Paragraph]) -> str | None:
    """The words of the closing request (``… yêu cầu các ngành thành viên chủ động …``)."""
    for p in reversed(paras):
        words = p.text.split()
        keys = [plain(w).strip(",.;:") for w in words]
        for i in range(len(keys) - 1):
            if (
                keys[i] in ("yeu", "yéu")
                and keys[i + 1].startswith("c")
                and i + 2 < len(keys)
                and re.fullmatch(r"c\w?c", keys[i + 2])  # "yêu cầu các …", not "(khi có yêu cầu)"
            ):
                j = i + 2
                end = j
                while end < len(keys) and keys[end] not in (
                    "chu", "nghiem", "nghlem", "to", "trien", "can", "thuc",
                ):  # fmt: skip
                    end += 1
                if end > j:
                    return " ".join(words[j:end]).strip(",;")
    return None


def _parts(plan, paras, candidates, registry, closing) -> None:
    part = ""  # the roman number of the part being read
    kind = "tasks"
    section = "purposes"
    group: Group | None = None
    task: Task | None = None
    same = plan.same_province
    letters = "abcdefghiklmnopqrstuvxyz"

    def add_task(text: str, p: Paragraph, number: str = "") -> Task:
        nonlocal task
        assert group is not None
        index = len(group.tasks)
        letter = letters[index] if index < len(letters) else f"z{index}"
        prefix = [part, group.heading_number] if hasattr(group, "heading_number") else [part]
        tid = ".".join(x for x in [*prefix, number or letter] if x)
        task = Task(tid, text, list(p.lines), group.addressee, [], None, plan.needs_diacritics)
        group.tasks.append(task)
        _place(plan, p)
        return task

    for p in paras:
        if p.kind != "text":
            continue
        text = p.text
        roman = _roman(text)
        if _CLOSING.match(plain(text)) or _is_signature(text):
            kind = "closing"
            group = None
            continue
        if roman:
            part = roman.group(1)
            title = plain(roman.group(2))
            group, task = None, None
            if "muc dich" in title or "yeu cau" in title:
                kind, section = "purposes", "purposes"
            elif re.search(r"n\S{0,2}i dung|nhi\S{0,2}m v|t\S{0,2} ch\S{0,3}c th", title):
                kind = "tasks"
            else:
                kind = "other"
            if kind != "other":
                _place(plan, p)
            continue
        if kind == "purposes":
            numbered = _NUMBERED.match(text)
            if numbered:
                head = plain(numbered.group(2))
                section = "requirements" if "yeu cau" in head else "purposes"
                _place(plan, p)
                continue
            bullet = _BULLET.match(text)
            (plan.requirements if section == "requirements" else plan.purposes).append(
                bullet.group(1) if bullet else text
            )
            _place(plan, p)
            continue
        if kind != "tasks":
            continue
        numbered = _NUMBERED.match(text)
        if numbered:
            number, head = numbered.groups()
            group = _group(head, candidates, registry, same, closing)
            group.heading_number = number  # type: ignore[attr-defined]
            plan.groups.append(group)
            task = None
            if group.kind == "own":
                group.kind = "addressee"
                add_task(head, p, "")
            elif group.kind == "part":
                group.heading_number = ""  # type: ignore[attr-defined]
                add_task(head, p, number)
            else:
                _place(plan, p)
            continue
        if group is None:
            continue
        content = _BULLET.match(text) or _LETTERED.match(text)
        inner = content.group(content.lastindex or 1) if content else text
        if _WHO.match(plain(inner)) and task is not None:
            value = _WHO.sub("", inner, count=1) if _WHO.match(inner) else inner.split(":", 1)[1]
            lead, partners = _split_lead(_unit_words(value.strip()))
            lead = re.sub(r"\s+tri\S{0,2}n khai th\S{0,3}c hi\S{0,3}n\.?$", "", lead, flags=re.I)
            task.lead = who(lead, candidates, registry, same)
            task.partners = _partners(partners, candidates, registry, same)
            task.lines.extend(p.lines)
            _place(plan, p)
            continue
        if _WHEN.match(plain(inner)) and task is not None:
            task.deadline_as_written = inner.split(":", 1)[1].strip().rstrip(".")
            task.lines.extend(p.lines)
            _place(plan, p)
            continue
        lettered_open = task is not None and task.lettered and task.lead is None
        its_bullet = lettered_open and content is not None and content.re is _BULLET
        if group.kind == "topic" and task is not None and (not content or its_bullet):
            task.text += "\n\n" + text
            task.lines.extend(p.lines)
            _place(plan, p)
            continue
        if group.kind == "part" and not content and task is not None:
            task.text += "\n\n" + text
            task.lines.extend(p.lines)
            _place(plan, p)
            continue
        add_task(inner, p)
        if task is not None and content is not None and content.re is _LETTERED:
            task.lettered = True
        if group.kind == "addressee" and task is not None:
            match = _COOPERATE.search(inner)
            span = match.group(1) if match else ""
            task.partners = [
                w for w in _partners(span, candidates, registry, same) if not w.collective
            ]


def _group(head: str, candidates, registry, same, closing) -> Group:
    """What a numbered item is: an addressee heading, a group whose text is its own task, a
    topic with lettered tasks, or an item of a part that names no addressee."""
    words = head.rstrip(":").strip()
    p = plain(words)
    if p.startswith("giao "):
        words_after = words.split(None, 1)[1] if " " in words else words
        lead, partners = _split_lead(words_after)
        lead_words = re.split(r"\s+(?:theo d|ch\S{0,2} tr|th\S{0,3}c hi)", lead)[0]
        first = find_names(lead_words, candidates)
        if first and first[0].start == 0:  # "Giao Sở Tài chính bố trí …": the named body
            lead_words = " ".join(lead_words.split()[: first[0].end])
        addressee = who(lead_words, candidates, registry, same)
        kind = "addressee" if head.rstrip().endswith(":") else "own"
        return Group(words, kind, addressee)
    matches = find_names(words, candidates)
    covered = sum(m.end - m.start for m in matches)
    count = len(words.split())
    if matches and covered >= count * 0.6 and count <= 25:
        return Group(words, "addressee", who(words, candidates, registry, same))
    if matches and matches[0].start == 0 and count > 12:
        first = matches[0]
        lead = " ".join(words.split()[first.start : first.end])
        return Group(words, "own", who(lead, candidates, registry, same))
    if _names_a_body(words):  # a body of the province the registry lacks: reported unmatched
        return Group(words, "addressee", Who(words, restore(words, candidates), None, False))
    if count <= 40 and not re.search(r"[.;]$", head.strip()):
        return Group(restore_heading(words), "topic", None)
    addressee = Who(closing, restore(closing, candidates), None, True) if closing else None
    return Group(words, "part", addressee)


def _is_signature(text: str) -> bool:
    """Whether a paragraph begins with a signing formula (``KT. CHỦ TỊCH``, ``TM. …``)."""
    found = find_names(text, [(f, "signing", None) for f in vocabulary()["signing"]])
    return bool(found) and found[0].start == 0 and text.split()[0].isupper()


def _signature(plan: ParsedPlan, paras: list[Paragraph], candidates) -> None:
    """Signing formulas, the signer's name and the copies' list (``Nơi nhận``)."""
    at = next((i for i, p in enumerate(paras) if re.match(r"^n\S{0,2}i\s+nh", plain(p.text))), None)
    if at is None:
        at = next((i for i, p in enumerate(paras) if _is_signature(p.text)), None)
    if at is None:
        return
    formulas = [(s, "signing", None) for s in vocabulary()["signing"]]
    positions: list[str] = []
    name = None
    for p in paras[at:]:
        for n in p.lines:
            line = plan.lines[n - 1].strip()
            found = find_names(line, formulas)
            for m in found:
                if m.name not in positions:
                    positions.append(m.name)
            if found or re.match(r"^n\S{0,2}i\s+nh", plain(line)):
                plan.placed.add(n)
            if _BULLET.match(line) or line.startswith("_"):
                plan.signer.setdefault("copies", []).append(line.lstrip("-_ ").strip())
                plan.placed.add(n)
            words = line.split()
            if 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:].islower() for w in words):
                name = line
                name_line = n
    if name:
        plan.placed.add(name_line)
    plan.signer.update({"name": name, "position": " / ".join(positions) or None})
