"""The import boundary: the domain knows nothing of MkDocs.

Only the plugin (its events and its options) and the ``portal`` command, which drives MkDocs'
build, import the engine; everything else is plain Python that another engine could drive.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

GENERATOR = ROOT / "generator"
ENGINE = ("mkdocs", "material", "mkdocs_static_i18n")
ALLOWED = {
    "generator/plugin.py",
    "generator/config.py",
    "generator/parallel.py",  # the build command's language processes, each one MkDocs build
    "generator/preview/renderer.py",  # the live preview's builds of a few pages of a language
}
ALLOWED_FOLDERS = ("generator/cli/",)


def engine_imports(path: Path) -> list[str]:
    """The modules of the engine that ``path`` imports (at any depth, lazily or not)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [name for name in names if name.split(".")[0] in ENGINE]
    return found


def test_only_the_plugin_and_the_command_import_mkdocs():
    offenders = {}
    for path in sorted(GENERATOR.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in ALLOWED or name.startswith(ALLOWED_FOLDERS):
            continue
        if imports := engine_imports(path):
            offenders[name] = imports
    assert offenders == {}


def test_the_boundary_is_seen_where_it_is_crossed():
    assert "mkdocs.plugins" in engine_imports(GENERATOR / "plugin.py")
