"""Which scripts and stylesheets each page loads: the course's own only where the page has a
quiz, the final test or the progress page; what Jupyter Book adds to every page only where
the page uses it (Font Awesome and Thebe never)."""
from __future__ import annotations

from .nodes import quiz

# Assets that Jupyter Book puts on every page, kept only where the page's HTML uses them.
NEEDED_WHEN = {
    "fontawesome.js": (),
    "thebe": (),
    "copybutton": ('class="highlight',),
    "clipboard.min.js": ('class="highlight',),
    "pygments.css": ('class="highlight',),
    "togglebutton": ('class="toggle', "dropdown"),
    "sphinx-design": ('class="sd-',),
    "design-tabs.js": ('class="sd-tab',),
    "mystnb.": ('class="cell', 'class="output'),
}
SCRIPTS = {  # per kind of quiz node, in the order they load (all deferred)
    "quiz": ("s3kurs-core.js", "s3kurs-quiz.js"),
    "final": ("s3kurs-core.js", "s3kurs-quiz.js", "s3kurs-final.js"),
    "progress": ("s3kurs-core.js", "s3kurs-progress.js"),
}


def per_page(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: add the course's assets the page needs; prune Jupyter Book's others."""
    kinds = {node["kind"] for node in doctree.findall(quiz)} if doctree else set()
    if kinds:
        app.add_css_file("s3kurs-quiz.css")
        scripts = dict.fromkeys(name for kind in sorted(kinds, key=list(SCRIPTS).index) for name in SCRIPTS[kind])
        for name in scripts:
            app.add_js_file(name, loading_method="defer")
    if app.config.s3kurs_lean_pages:
        _prune(context, context.get("body") or "")


def _prune(context, body: str) -> None:
    def needed(asset) -> bool:
        name = getattr(asset, "filename", None) or ""
        if getattr(asset, "attributes", {}).get("type") == "application/vnd.jupyter.widget-state+json":
            return False  # widget state for a widget manager that the static site never loads
        for part, markers in NEEDED_WHEN.items():
            if part in name:
                return any(marker in body for marker in markers)
        return True

    for key in ("script_files", "css_files"):
        context[key] = [asset for asset in context.get(key, []) if needed(asset)]
