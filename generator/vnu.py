"""The Nu Html Checker (vnu), the W3C's HTML validator, run on every HTML file of a built site.

One way to run it, for ``portal verify`` and the tests alike. It needs a Java runtime and the
``vnu-jar`` npm package (``make test`` installs both).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.content.problems import Problem, Problems

VNU_JAR = Path("node_modules/vnu-jar/build/dist/vnu.jar")
INSTALL = {
    "java": "install a Java runtime (Debian: sudo apt-get install default-jre-headless)",
    "vnu": "install the checker with 'npm install vnu-jar' in the project folder (make test does)",
}


class CheckerMissing(Exception):
    """Java or the checker's jar is not installed; the message says how to install it."""


def find_vnu_jar(explicit: Path | None = None) -> Path:
    """The checker's jar: ``explicit``, else ``node_modules/`` of the current folder, else that
    of the generator's own checkout.

    Raises:
        CheckerMissing: no jar was found.
    """
    candidates = (
        [explicit] if explicit else [VNU_JAR, Path(__file__).resolve().parent.parent / VNU_JAR]
    )
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise CheckerMissing(f"the Nu Html Checker is missing (looked for {looked}) — {INSTALL['vnu']}")


def vnu_problems(site_dir: Path, jar: Path | None = None) -> list[Problem]:
    """Every error the Nu Html Checker finds in the HTML files of ``site_dir``.

    Args:
        site_dir: a built site.
        jar: the checker's jar, if not in ``node_modules/``.

    Returns:
        One problem per error, with the site-relative file and the line.

    Raises:
        CheckerMissing: Java or the checker is not installed.
    """
    java = shutil.which("java")
    if java is None:
        raise CheckerMissing(f"Java is not installed — {INSTALL['java']}")
    command = [java, "-jar", str(find_vnu_jar(jar)), "--skip-non-html", "--errors-only"]
    result = subprocess.run(
        [*command, "--format", "json", str(site_dir)], capture_output=True, text=True
    )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(f"the Nu Html Checker failed: {result.stderr[-2000:]}") from None
    problems = Problems(site_dir)
    for message in messages:
        path = unquote(urlsplit(message.get("url", "")).path) or str(site_dir)
        problems.add(path, message.get("lastLine", 1), message.get("message", "?"))
    return problems.errors
