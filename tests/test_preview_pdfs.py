"""The live preview shows a save without waiting for the publications' PDFs, which follow behind.

A save's pages list the PDFs as their cache last recorded them; the PDFs the save changed are laid
out afterwards in a process of their own (``generator/preview/pdfs.py``), then served in place of
the old ones, and the pages that list them are rendered again: in the end, each is the page and
the PDF a cold build makes.
"""

from __future__ import annotations

import shutil
import threading
import urllib.request

from test_incremental import built, with_own_theme

from generator.preview.engine import PreviewEngine, PreviewState
from generator.preview.server import PreviewServer

from conftest import CODES, ENV, Project, localized, page

CONTACT = "content/data/contacts/hotline.yml"
PDF = "publications/mini-brochure/mini-brochure-vi.pdf"
PUBLICATION_PAGES = [f"{p}publications/mini-brochure/index.html" for p in ("", "en/", "lo/")]


def with_publication(project: Project) -> Project:
    """A brochure printing a page and the contacts for visitors, its list, and a contact."""
    files = {
        CONTACT: f"title: {localized('Hotline')}\naudience: [visitors]\n"
        f"address: {localized('Phố Hiến')}\nsources: [Directory]\n",
        "content/data/publications/mini-brochure.yml": (
            f"title: {localized('Brochure')}\nkind: brochure\ndate: 2026-11-01\n"
            "sources: [Plan]\n"
            "printed:\n  file: mini-brochure\n  sections:\n"
            "  - show: page\n    page: plans/index\n  - show: contacts\n"
        ),
    }
    for code in CODES:
        files[f"content/publications/index.{code}.md"] = page(
            f"Publications {code}", "Publications.", listing="publications"
        )
        files[f"content/contacts/index.{code}.md"] = page(
            f"Contacts {code}", "Contacts.", listing="contacts"
        )
    project.write(files)
    return project


def edit_contact(project: Project) -> None:
    """The Vietnamese address made long enough to lengthen the Vietnamese PDF."""
    path = project.root / CONTACT
    longer = "Số 1 đường Chùa Chuông, phường Hiến Nam, thành phố Hưng Yên. " * 60
    text = path.read_text(encoding="utf-8").replace('vi: "Phố Hiến (vi)"', f'vi: "{longer}"')
    path.write_text(text, encoding="utf-8")


def served(state: PreviewState, path: str) -> bytes:
    server = PreviewServer(("127.0.0.1", 0), state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{path}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    finally:
        server.shutdown()


def test_an_item_edit_shows_at_once_and_its_pdf_follows_behind(tmp_path, monkeypatch):
    # A PDF cache of this test's own: an edit laid out by an earlier run is laid out again.
    monkeypatch.setenv("DOINGOAI_PDF_CACHE", str(tmp_path / "pdfs"))
    monkeypatch.setitem(ENV, "DOINGOAI_PDF_CACHE", str(tmp_path / "pdfs"))
    project = with_publication(with_own_theme(Project(tmp_path / "project")))
    before = built(project)
    shown = tmp_path / "shown"  # the preview's current site: the build before the edit
    shutil.copytree(project.site, shown)
    state = PreviewState()
    state.publish(site=shown)
    state.wait(state.version, "/contacts/hotline/", 0)  # a browser shows the contact
    engine = PreviewEngine(
        project.root / "mkdocs.yml", tmp_path / "preview", state, say=lambda _line: None
    )
    engine.renderer.reload()
    try:
        edit_contact(project)
        engine.on_save(engine.watcher.changes())
        # The page is served; its PDF was not laid out on the way (it is still to be made,
        # behind), and the old PDF is still the one served.
        assert engine.layout is not None and engine.layout.names == {"mini-brochure-vi.pdf"}
        assert engine.build is None  # the whole build waits for the PDFs
        assert (shown / PDF).read_bytes() == before[PDF]
        assert not state.problems
        contact_page = (shown / "contacts/hotline/index.html").read_bytes()
        engine.layout.process.wait()
        engine._collect_pdfs()
        assert engine.layout is None and engine.build is not None
        assert not state.problems
        served_pdf = served(state, PDF)
    finally:
        engine._stop_pdfs()
        engine._stop_build()
    cold = built(project)
    assert before["contacts/hotline/index.html"] != cold["contacts/hotline/index.html"]
    assert contact_page == cold["contacts/hotline/index.html"]
    assert before[PDF] != cold[PDF], "the edit does not change the PDF"
    assert served_pdf == cold[PDF]
    for listing in PUBLICATION_PAGES:  # they show the new PDF's size
        assert before[listing] != cold[listing], f"the PDF's size does not show on {listing}"
        assert (shown / listing).read_bytes() == cold[listing], f"{listing} is not the cold one"
