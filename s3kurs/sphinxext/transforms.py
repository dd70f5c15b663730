"""What happens to a page after it is read or resolved."""
from __future__ import annotations

from pathlib import Path

from docutils import nodes as docnodes
from sphinx.util import logging

from .. import grading, markup, render_html, scoring
from ..i18n import _
from . import course
from .nodes import quiz

logger = logging.getLogger(__name__)
# What a quiz page's HTML is made from, besides the question files: a change here re-reads only
# the pages with quizzes (no code hash that rebuilds the whole site).
RENDERING = [Path(m.__file__) for m in (render_html, grading, markup, scoring)] + sorted(
    (Path(render_html.__file__).parent / "templates").glob("*.html"))


class module_sources(docnodes.General, docnodes.Element):
    """Placeholder for the list of references cited on the page."""


def note_quiz_dependencies(app, doctree) -> None:
    """doctree-read: a page with a quiz is read again when the bank or the rendering changes;
    a notebook quiz whose questions no longer exist is a warning."""
    found = list(doctree.findall(quiz))
    if not found:
        return
    state = course.of(app)
    for path in [*state.project.quiz_files(), *RENDERING]:
        app.env.note_dependency(str(path))
    for node in found:
        selection = node["selection"]
        unknown = [i for i in selection.get("ids", ()) if i not in state.bank.hashes]
        unknown += [m for m in selection.get("modules", ()) if m not in state.bank.modules]
        if unknown:
            logger.warning(f"a quiz shows questions or modules that no longer exist ({', '.join(unknown)}): "
                           "update the notebook or the directive", location=node)


def fill_module_sources(app, doctree, docname) -> None:
    """doctree-resolved: the references cited on the page, linked to their entries on the
    reference page. (A second ``{bibliography}`` per page would make every shared citation a
    duplicate.)"""
    placeholders = list(doctree.findall(module_sources))
    if not placeholders:
        return
    domain = app.env.get_domain("cite")
    keys = dict.fromkeys(t.key for ref in domain.citation_refs if ref.docname == docname for t in ref.targets)
    citations = {c.key: c for c in domain.citations}
    cited = sorted((citations[k] for k in keys if k in citations),
                   key=lambda c: c.formatted_entry.text.render_as("text").lower())
    for placeholder in placeholders:
        items = docnodes.bullet_list(classes=["s3k-sources"])
        for citation in cited:
            paragraph = domain.backend.paragraph(citation.formatted_entry)
            uri = app.builder.get_relative_uri(docname, citation.bibliography_key.docname)
            link = docnodes.reference("", "", internal=True, refuri=f"{uri}#{citation.citation_id}")
            link += docnodes.Text(_("In the reference list"))
            paragraph += [docnodes.Text(" ("), link, docnodes.Text(")")]
            items += docnodes.list_item("", paragraph)
        placeholder.replace_self(items)
