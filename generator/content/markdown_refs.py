"""Links and images written in Markdown, found with their line, for checking before a build."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^\s*(```|~~~)")
# Link text holds no bracket but one nested pair ("[a [b] c](x)"): the two branches start on
# different characters, so a run of "![![![…" is scanned once, not once per bracket (quadratic).
_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt\s*=\s*(\"[^\"]*\"|'[^']*')", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    line: int
    target: str
    text: str
    is_image: bool


def references(markdown: str, first_line: int = 1) -> list[Ref]:
    """Every inline link and image in ``markdown`` outside code, with its line in the file."""
    found: list[Ref] = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), start=first_line):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for match in _LINK.finditer(line):
            bang, text, target = match.groups()
            found.append(Ref(number, target, text.strip(), bool(bang)))
        for tag in _HTML_IMG.finditer(line):
            alt = _ALT.search(tag.group(0))
            found.append(Ref(number, "", alt.group(1)[1:-1].strip() if alt else "", True))
    return found


def is_external(target: str) -> bool:
    return target.startswith(("http://", "https://", "mailto:", "tel:", "#", "//"))
