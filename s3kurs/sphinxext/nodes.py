"""The quiz node, and how the HTML builder writes it.

Which questions a quiz shows is decided when the page is read (a directive's options, or the
selection a notebook's quiz output carries); the HTML is rendered when the page is written,
from the bank as it is then, with links to lessons resolved from Sphinx's label table. A page
with a quiz is read again when a question file or the rendering code changes (see
`transforms.note_quiz_dependencies`).
"""
from __future__ import annotations

from docutils import nodes

from ..render_html import render_final_test, render_progress, render_quiz
from . import course

KINDS = ("quiz", "final", "progress")


class quiz(nodes.General, nodes.Element):
    """A quiz, the final test or the progress page. Attributes: ``kind`` (one of `KINDS`),
    ``quiz_id``, ``selection`` ({ids, tags, goals, modules, title} for a quiz)."""


def make(kind: str, quiz_id: str, selection: dict | None = None) -> quiz:
    return quiz("", kind=kind, quiz_id=quiz_id, selection=dict(selection or {}))


def visit_quiz_html(translator, node: quiz) -> None:
    builder = translator.builder
    state = course.of(builder.app)
    bank, project = state.bank, state.project
    here = builder.current_docname
    labels = builder.env.domaindata["std"]["labels"]

    def link(label: str) -> str | None:
        if label not in labels:
            return None  # `s3kurs validate` reports a question whose lesson label is missing
        docname, anchor, _title = labels[label]
        return f"{builder.get_relative_uri(here, docname)}#{anchor}"

    kind, selection = node["kind"], node["selection"]
    if kind == "progress":
        html = render_progress(bank, link, builder.config.html_title or builder.config.project)
    elif kind == "final":
        html = render_final_test(bank, node["quiz_id"], project.short_citation, link)
    else:
        questions = bank.select(ids=selection.get("ids", ()), tags=selection.get("tags", ()),
                                goals=selection.get("goals", ()), modules=selection.get("modules", ()))
        html = render_quiz(questions, node["quiz_id"], selection.get("title"), project.short_citation, bank, link)
    translator.body.append(html)
    raise nodes.SkipNode
