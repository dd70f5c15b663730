"""The course's Sphinx extension, one module per concern (as sphinx-exercise and
pydata-sphinx-theme are laid out); `setup()` only wires them together.

- `course`: the project and the question bank, loaded once per build;
- `directives`: `{quiz}`, `{final-test}`, `{progress}`, `{learning-goals}`, `{last-reviewed}`,
  `{module-sources}`, `{workshop-items}`, `{workshop-example}`;
- `nodes`: the quiz node, written by the HTML builder from the bank as it is at write time,
  with links to lessons resolved from Sphinx's own label table;
- `notebooks`: a myst-nb MIME renderer, so that a notebook's quiz output becomes the same node;
- `transforms`: what happens to a read or resolved page (the page's list of sources; which
  files a quiz page depends on);
- `theme`: site-wide settings and the theme adjustments (Swedish labels, contact, no Thebe,
  no Font Awesome, citation list items);
- `assets`: which scripts and stylesheets each page loads.
"""
from __future__ import annotations

from .. import bibstyle
from . import assets, course, directives, nodes, theme, transforms


def setup(app):
    bibstyle.register()
    app.add_config_value("s3kurs_contact", "", "html")
    app.add_config_value("s3kurs_report_url", "", "html")
    # Lean pages: no Font Awesome, no Thebe, per-page pruning. Off only to benchmark against the defaults.
    app.add_config_value("s3kurs_lean_pages", True, "html")

    for name, directive in directives.DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_node(nodes.quiz, html=(nodes.visit_quiz_html, None))
    app.add_node(transforms.module_sources)
    app.add_node(theme.citation_node, override=True, html=(theme.visit_citation, theme.depart_citation))
    app.add_css_file("s3kurs-print.css", media="print")

    # Events, in the order Sphinx emits them:
    app.connect("config-inited", theme.configure)                   # 1. once: paths, footer, 404 page
    app.connect("builder-inited", course.load)                      # 2. once: project and bank
    app.connect("builder-inited", theme.adjust_builder)             #    no Thebe; Jinja filters for the theme
    app.connect("doctree-read", transforms.note_quiz_dependencies)  # 3. per page read
    app.connect("doctree-resolved", transforms.fill_module_sources) # 4. per page resolved
    app.connect("html-page-context", assets.per_page, priority=900) # 5. per page written, after the theme's handlers
    return {"version": "0.2", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
