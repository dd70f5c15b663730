"""Which scripts and stylesheets each page loads: the course's own only where the page has a
quiz, the final test or the progress page; what Jupyter Book adds to every page only where
the page uses it (Font Awesome and Thebe never)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

from .nodes import quiz

logger = logging.getLogger(__name__)
SCHEMAS = sorted((Path(__file__).parents[1] / "schemas").glob("results-v*.schema.json"))
GENERATOR = Path(__file__).parents[1] / "node" / "results-validator.cjs"
VALIDATOR = "s3kurs-results-validator.js"

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
    "summary": ("s3kurs-core.js", VALIDATOR, "s3kurs-summary.js"),
}
STYLES = {"quiz": ("s3kurs-quiz.css",), "final": ("s3kurs-quiz.css",), "progress": ("s3kurs-quiz.css",),
          "summary": ("s3kurs-summary.css",)}


def per_page(app, pagename, templatename, context, doctree) -> None:
    """html-page-context: add the course's assets the page needs; prune Jupyter Book's others."""
    kinds = {node["kind"] for node in doctree.findall(quiz)} if doctree else set()
    if kinds:
        for name in dict.fromkeys(css for kind in sorted(kinds, key=list(STYLES).index) for css in STYLES[kind]):
            app.add_css_file(name)
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


def generate_validator(app) -> None:
    """builder-inited: the browser's results-file validator, generated from the JSON Schemas
    with Ajv (Node.js, `npm ci`), into a static folder of the build; regenerated only when a
    schema or the generator changes."""
    folder = Path(app.doctreedir).parent / "s3kurs-generated"
    target = folder / VALIDATOR
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in [GENERATOR, *SCHEMAS])).hexdigest()[:16]
    stamp = folder / f"{VALIDATOR}.{digest}"
    app.config.html_static_path.append(str(folder))
    if target.is_file() and stamp.is_file():
        return
    node = shutil.which("node")
    project = Path(app.confdir)
    roots = [project, Path(__file__).parents[2]]  # the course, or the checkout s3kurs is installed from
    root = next((r for r in roots if (r / "node_modules" / "ajv").is_dir()), None)
    if node is None or root is None:
        logger.warning("cannot generate the results-file validator: install Node.js and run 'npm ci' "
                       "in the course folder (make setup does)", type="s3kurs", subtype="validator")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{VALIDATOR}.*"):
        old.unlink()
    result = subprocess.run([node, str(GENERATOR), str(target), *map(str, SCHEMAS)], cwd=root,
                            capture_output=True, text=True)
    if result.returncode:
        logger.warning(f"the results-file validator could not be generated: {result.stderr.strip()[-300:]}",
                       type="s3kurs", subtype="validator")
        return
    stamp.touch()
