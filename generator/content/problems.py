"""Problems found in content, each with the file, the line, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.i18n.tool import tr


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the content, printed as ``path:line: what — fix``."""

    path: str
    line: int
    message: str
    fix: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        fix = f" — {self.fix}" if self.fix else ""
        return f"{self.path}:{self.line}: {self.message}{fix}"


@dataclass
class Problems:
    """Collects every problem of a run, so an editor sees them all at once."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    @classmethod
    def of_content(cls, content_dir: Path) -> Problems:
        """Problems in ``content_dir``, shown relative to the project folder above it
        (``content/data/plans/84-kh.yml``), or to ``content_dir`` itself when it is named
        otherwise."""
        root = content_dir.parent if content_dir.name == "content" else content_dir
        return cls(root)

    def add(self, path: Path | str, line: int, message: str, fix: str = "") -> None:
        self.items.append(Problem(self.relative(path), max(line, 1), message, fix))

    def warn(self, path: Path | str, line: int, message: str, fix: str = "") -> None:
        self.items.append(Problem(self.relative(path), max(line, 1), message, fix, "warning"))

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        try:
            # The folder is resolved, not the file: a symbolic link is named, not followed.
            located = path.parent.resolve() / path.name
            return located.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")


class ContentError(Exception):
    """Raised once, after every problem has been collected."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(str(p) for p in problems)
        super().__init__(tr("{count} problem(s) in content:", count=len(problems)) + "\n" + lines)
