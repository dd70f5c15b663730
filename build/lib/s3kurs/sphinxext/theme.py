"""Site-wide settings and the adjustments the theme needs: Swedish labels where the theme has
none, the contact and error-report link, the 404 page, no Thebe, no Font Awesome, and
bibliography entries as list items."""
from __future__ import annotations

import html
import re
from pathlib import Path

from docutils.nodes import citation as citation_node  # noqa: F401  (re-exported for setup())
from markupsafe import Markup

from ..i18n import _

STATIC = Path(__file__).parent.parent / "static"
THEME_TEMPLATES = Path(__file__).parent.parent / "templates" / "theme"  # Swedish labels for a few theme templates
FONTAWESOME = re.compile(r'<script[^>]*fontawesome\.js[^>]*></script>')


def configure(app, config) -> None:
    """config-inited: the course's static files and templates, the footer link, the 404 page."""
    config.html_static_path.append(str(STATIC))
    app.add_css_file("s3kurs-site.css")
    if config.s3kurs_lean_pages:
        app.add_css_file("s3kurs-icons.css")
    config.templates_path.insert(0, str(THEME_TEMPLATES))
    # The contact and the error-report address, set once in _config.yml: {{ kontakt }} in
    # pages, and a "Rapportera ett fel i kursen" link in the footer of every page.
    contact, report = config.s3kurs_contact, config.s3kurs_report_url
    config.myst_substitutions = {**config.myst_substitutions, "kontakt": f"[{contact}](mailto:{contact})"}
    report_label = _("Report an error in the course")
    config.html_theme_options = {
        **config.html_theme_options,
        "extra_footer": f'<p class="s3k-report"><a href="{html.escape(report)}">{report_label}</a></p>',
    }
    notfound = getattr(config, "notfound_context", None)  # sphinx-notfound-page, when the book uses it
    if notfound and notfound.get("title") == "Page not found":  # its English default
        title = _("Page not found")
        body = _("The page you are looking for does not exist or has moved.")
        home = _("Go to the start page of the course")
        config.notfound_context = {"title": title, "body": (
            f"<h1>{title}</h1><p>{body}</p>"
            f'<p><a href="{config.notfound_urls_prefix or "/"}index.html">{home}</a></p>')}


def adjust_builder(app) -> None:
    """builder-inited: Thebe off, and the filters the course's theme templates use."""
    lean = app.config.s3kurs_lean_pages
    if lean:
        _switch_off_thebe(app)
    if hasattr(app.builder, "templates"):
        filters = app.builder.templates.environment.filters
        filters["without_fontawesome"] = without_fontawesome if lean else (lambda h: h)
        filters["label_toggles"] = label_toggles


def _switch_off_thebe(app) -> None:
    """Jupyter Book always loads sphinx-thebe, which adds a script naming a CDN, a loader and a
    config block to every page even with Thebe off. The course never uses Thebe, and Sphinx has
    no way to unload an extension, so its event listeners are disconnected."""
    for _event, listeners in app.events.listeners.items():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def without_fontawesome(head: str) -> Markup:
    """The theme's preload block without Font Awesome's script (s3kurs-icons.css draws the icons).
    The theme renders that block in Python, so the template can only filter its output."""
    return Markup(FONTAWESOME.sub("", str(head)))


def label_toggles(toctree: str) -> Markup:
    """The theme's navigation has <summary> toggles with only an icon: give them a name. (The
    toctree HTML comes ready-made from pydata-sphinx-theme's Python code.)"""
    name = html.escape(_("Show or hide the subsections"))
    return Markup(str(toctree).replace("<summary>", f'<summary><span class="visually-hidden">{name}</span>'))


def visit_citation(translator, node) -> None:
    """A bibliography entry as a list item: docutils marks it with the deprecated ARIA role
    doc-biblioentry inside role="list", which axe reports."""
    if not isinstance(node.previous_sibling(), type(node)):
        translator.body.append('<div role="list" class="citation-list">\n')
    translator.body.append(translator.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(translator, node) -> None:
    translator.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        translator.body.append("</div>\n")
