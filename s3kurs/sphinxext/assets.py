"""Which scripts and stylesheets each page loads: the course's own only where the page has a
quiz, the final test, the progress page or a workshop tool; what Jupyter Book adds to every
page only where the page uses it (Font Awesome and Thebe never)."""
from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.util import logging

from ..i18n import _
from .nodes import quiz

logger = logging.getLogger(__name__)
SCHEMAS = sorted((Path(__file__).parents[1] / "schemas").glob("results-v*.schema.json"))
NODE_TOOLS = Path(__file__).parents[1] / "node"
GENERATOR = NODE_TOOLS / "results-validator.cjs"
PURGER = NODE_TOOLS / "purge-theme-css.cjs"
THEME_CSS = ("styles/pydata-sphinx-theme.css",)
# Files the theme copies into every build that no page of the lean site loads: Font Awesome (5 MB
# with its fonts; s3kurs-icons.css draws the icons) and source maps (for the theme's developers).
UNUSED = ("scripts/fontawesome.js", "scripts/fontawesome.js.map", "vendor/fontawesome", "**/*.map")  # Bootstrap and the theme: 397 kB, most of it unused
WORDS = re.compile(rb"[A-Za-z0-9_-]+")  # what PurgeCSS's default extractor takes from the site's files
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
    "workshop": ("s3kurs-core.js", "s3kurs-workshop.js"),
    "summary": ("s3kurs-core.js", VALIDATOR, "s3kurs-summary.js"),
}
STYLES = {"quiz": ("s3kurs-quiz.css",), "final": ("s3kurs-quiz.css",), "progress": ("s3kurs-quiz.css",),
          "workshop": ("s3kurs-workshop.css",), "summary": ("s3kurs-summary.css",)}  # per kind, as SCRIPTS


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


def _node_root(app) -> Path | None:
    """Where `npm ci` installed the course's Node.js tools: the course, or the checkout s3kurs is
    installed from."""
    roots = [Path(app.confdir), Path(__file__).parents[2]]
    return next((r for r in roots if (r / "node_modules").is_dir()), None)


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
    root = _node_root(app)
    if node is None or root is None:
        logger.warning(_("cannot generate the results-file validator: install Node.js and run `npm ci` in the "
                         "course folder (`make setup` does)"), type="s3kurs", subtype="validator")
        return
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{VALIDATOR}.*"):
        old.unlink()
    result = subprocess.run([node, str(GENERATOR), str(target), *map(str, SCHEMAS)], cwd=root,
                            capture_output=True, text=True)
    if result.returncode:
        logger.warning(_("the results-file validator could not be generated: {error}").format(
            error=result.stderr.strip()[-300:]), type="s3kurs", subtype="validator")
        return
    stamp.touch()


def purge_theme_css(app, exception) -> None:
    """build-finished: the theme's stylesheet cut down to what the site uses (PurgeCSS; the colour
    modes are always kept). Run again only when the site's words or the stylesheet change."""
    if exception is not None or app.builder.format != "html" or not app.config.s3kurs_lean_pages:
        return
    site = Path(app.outdir)
    sheets = [site / "_static" / name for name in THEME_CSS if (site / "_static" / name).is_file()]
    node, root = shutil.which("node"), _node_root(app)
    if not sheets:
        return
    if node is None or root is None:
        logger.warning(_("cannot shrink the theme's stylesheet: install Node.js and run `npm ci` (`make setup` does)"),
                       type="s3kurs", subtype="assets")
        return
    cache = Path(app.doctreedir).parent / "s3kurs-generated" / "purged"
    cache.mkdir(parents=True, exist_ok=True)
    originals = []
    for sheet in sheets:
        current = sheet.read_bytes()
        if not any(current == old.read_bytes() for old in cache.glob(f"{sheet.stem}.*.css")):
            originals.append((sheet, current))  # (not purged already: Sphinx copied the theme's file)
    # PurgeCSS keeps a rule when its selector's names occur in the site: the key is the set of the
    # stylesheets' words that occur in the site, so an edit to a lesson's prose reuses the result.
    in_css = {w for _sheet, original in originals for w in WORDS.findall(original)}
    words = set()
    for path in [*site.rglob("*.html"), *site.rglob("*.js")] if originals else ():
        words.update(w for w in WORDS.findall(path.read_bytes()) if w in in_css)
    key = hashlib.sha256(b" ".join(sorted(words)) + PURGER.read_bytes()).hexdigest()[:16]
    todo = []
    for sheet, original in originals:
        cached = cache / f"{sheet.stem}.{hashlib.sha256(original).hexdigest()[:16]}.{key}.css"
        if cached.is_file():
            sheet.write_bytes(cached.read_bytes())
        else:
            todo.append((sheet, cached))
    if not todo:
        return
    result = subprocess.run([node, str(PURGER), str(site), *(str(s) for s, _c in todo)], cwd=root,
                            capture_output=True, text=True)
    if result.returncode:
        logger.warning(_("the theme's stylesheet could not be shrunk: {error}").format(error=result.stderr.strip()[-300:]),
                       type="s3kurs", subtype="assets")
        return
    for sheet, cached in todo:
        for old in cache.glob(f"{sheet.stem}.*.css"):
            old.unlink()
        cached.write_bytes(sheet.read_bytes())


def drop_unused_files(app, exception) -> None:
    """build-finished: remove what the theme copied that no page of the lean site loads, so the
    site zip and the SCORM package carry only what the course uses."""
    if exception is not None or app.builder.format != "html" or not app.config.s3kurs_lean_pages:
        return
    static = Path(app.outdir) / "_static"
    for pattern in UNUSED:
        for path in static.glob(pattern):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
