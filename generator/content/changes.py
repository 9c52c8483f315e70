"""What a change touches: the content files git says changed, and the files that depend on them.

``portal check --changed`` validates only these (all content is still read, since references
cross files, but the Markdown, the sanitizer, the links and the glossary are checked only in
them). A file depends on a changed one when it is one of its translations (another language
of the same page), links to it (a page, a medium), or refers to it (an item typed as a
reference, a file named in a field). A change to what every file depends on (``site.yml``,
``mkdocs.yml``, the glossary) means everything.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from generator.content.fields import ItemRef, typed_values
from generator.content.markdown_refs import is_external, references
from generator.content.media import file_refs, markdown_target
from generator.content.pages import page_key_and_lang, page_url
from generator.content.portal import Portal
from generator.content.safety import markdown_texts
from generator.i18n.languages import CODES, DEFAULT

EVERYTHING_FILES = ("content/site.yml", "mkdocs.yml", "glossary.yml")
"""Files every page depends on: a change to one of them checks everything."""


class GitError(RuntimeError):
    """git could not say what changed (not a repository, unknown REF)."""


def changed_files(project_dir: Path, since: str | None = None) -> set[Path]:
    """Files that differ from ``since`` (default ``HEAD``): the working tree and the index,
    including new files git does not ignore and deleted ones, as resolved absolute paths.

    Raises:
        GitError: naming what git said.
    """
    if since is not None and (since.startswith("-") or not since.strip()):
        raise GitError(  # git would read it as an option (--output=FILE writes a file)
            f"--since {since!r}: not a commit — name a branch, tag or commit, e.g. --since main"
        )
    top = Path(_git(project_dir, "rev-parse", "--show-toplevel").strip())
    # --no-renames: a moved file is its old name too, so what linked to that name is checked
    names = _git(
        project_dir, "diff", "--name-only", "--no-renames", "-z", since or "HEAD", "--"
    ).split("\0")
    names += _git(
        project_dir, "ls-files", "--others", "--exclude-standard", "--full-name", "-z"
    ).split("\0")
    paths = {(top / name).resolve() for name in names if name}  # both name paths from the top
    return {path for path in paths if path.is_relative_to(project_dir.resolve())}


def touches_everything(changed: Iterable[Path], project_dir: Path) -> bool:
    """Whether one of ``changed`` is a file every page depends on."""
    return any(
        path.relative_to(project_dir.resolve()).as_posix().endswith(name)
        for path in changed
        for name in EVERYTHING_FILES
    )


def affected_files(portal: Portal, changed: set[Path]) -> frozenset[Path]:
    """``changed`` (content files, resolved) and every file of ``portal`` that depends on them."""
    root = portal.root.resolve()
    in_content = {path for path in changed if path.is_relative_to(root)}
    relative = {path.relative_to(root).as_posix() for path in in_content}
    keys = {page_key_and_lang(name)[0] for name in relative if name.endswith(".md")}
    scope = set(in_content)
    scope |= _translations(portal, keys)
    scope |= _linking_to(portal, keys, relative)
    scope |= _referring_to(portal, relative)
    return frozenset(scope)


def _translations(portal: Portal, keys: set[str]) -> set[Path]:
    return {page.path.resolve() for key in keys for page in portal.pages.get(key, {}).values()}


def _linking_to(portal: Portal, keys: set[str], files: set[str]) -> set[Path]:
    """Files whose Markdown links to one of the pages ``keys`` or the content files ``files``."""
    urls = {page_url(key) for key in keys} | {page_url(key).removesuffix("index/") for key in keys}
    found = set()
    for text in markdown_texts(portal):
        if text.base is None:
            continue
        for ref in references(text.text, text.first_line):
            target = ref.target.split("#", 1)[0].split("?", 1)[0]
            if (
                target
                and not is_external(ref.target)
                and _leads_to(target, text.base, keys, files, urls)
            ):
                found.add(text.path.resolve())
    return found


def _leads_to(target: str, base: str, keys: set[str], files: set[str], urls: set[str]) -> bool:
    if target.startswith("/"):
        first, _, rest = target.lstrip("/").partition("/")
        path = rest if first in CODES and first != DEFAULT else target.lstrip("/")
        return path in urls or path.rstrip("/") + "/" in urls or path in files
    resolved = markdown_target(base, target)
    if resolved.endswith(".md"):
        key, _ = page_key_and_lang(resolved)
        return key in keys or f"{key}/index" in keys
    return resolved in files


def _referring_to(portal: Portal, files: set[str]) -> set[Path]:
    """Items and ``site.yml`` that refer to a changed item or name a changed file."""
    changed_items = set()
    for name in files:
        parts = name.split("/")
        if len(parts) == 3 and parts[0] == "data" and parts[2].endswith((".yml", ".yaml")):
            changed_items.add((parts[1], parts[2].rsplit(".", 1)[0]))
    found = set()
    for located, model in portal.documents():
        if any((ref.kind, str(ref)) in changed_items for _, ref in typed_values(model, ItemRef)):
            found.add(located.path.resolve())
    for ref in file_refs(portal.documents()):
        if ref.value in files:
            found.add(Path(ref.path).resolve())
    return found


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise GitError("git is not installed — install git, or run 'portal check'") from None
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args[:2])}: {result.stderr.strip()}")
    return result.stdout
