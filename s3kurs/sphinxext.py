"""Sphinx extension: quizzes, learning goals and review dates in MyST lessons.

- ``{quiz}`` puts chosen questions (by id, tag, goal or module) into a page, rendered
  by `render_html`, without executing a notebook;
- ``{learning-goals}`` lists a module's goals (``id: text`` per line) with anchors;
- ``{last-reviewed} YYYY-MM-DD`` says when the page's facts were last checked;
- ``{module-sources}`` lists the references cited on the page;
- ``{final-test}`` is the final test, ``{progress}`` the learner's "Min progress" page;
- ``{workshop-items}`` and ``{workshop-example}`` show what a workshop exercise scores and its
  worked example (see `workshop`).

The quiz script and stylesheet are added only to pages that contain a quiz (from a
directive or a notebook output), and links from quizzes to lessons are resolved.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path

from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import bibstyle
from .bank import load_bank
from .i18n import LANGUAGE, _
from .project import Project, parse_goals
from .render_html import render_final_test, render_progress, render_quiz, render_workshop_example, render_workshop_items

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
THEME_TEMPLATES = Path(__file__).parent / "templates" / "theme"  # Swedish labels for a few theme templates
QUIZ_MARKER = "data-s3k-quiz="
FINAL_MARKER = 'class="s3k-final-start"'
PROGRESS_MARKER = "data-s3k-progress"
REF = re.compile(r'href="#s3k-ref:([^"]+)"')
# A quiz shown by a notebook cell; re-rendered from the current bank when the page is written.
NOTEBOOK_QUIZ = re.compile(r'<section class="s3k-quiz" data-s3k-quiz="([^"]+)" data-s3k-render="([^"]+)".*?</section>', re.S)


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[\s,]+", value or "") if w]


class _BankDirective(SphinxDirective):
    """A directive whose output comes from the question bank: the page is rebuilt when
    any question file changes."""

    def bank_state(self):
        state = self.env.app.s3kurs
        for path in state["project"].quiz_files():
            self.env.note_dependency(str(path))
        return state["bank"], state["project"]


class QuizDirective(_BankDirective):
    """Questions from the bank, as a static quiz."""

    option_spec = {
        "ids": directives.unchanged, "tags": directives.unchanged, "goals": directives.unchanged,
        "module": directives.unchanged, "title": directives.unchanged,
    }

    def run(self):
        bank, project = self.bank_state()
        ids = _words(self.options.get("ids"))
        unknown = [i for i in ids if i not in {q.id for q in bank.questions}]
        if unknown:
            raise self.error(f"quiz: no question with id {', '.join(unknown)} in quizzes/: check the ids")
        modules = _words(self.options.get("module"))
        questions = bank.select(ids=ids, tags=_words(self.options.get("tags")),
                                goals=_words(self.options.get("goals")), modules=modules)
        if not questions:
            raise self.error("quiz: no question matches :ids:, :tags:, :goals: or :module:; check the selection")
        serial = self.env.new_serialno("s3kurs-quiz")
        quiz_id = f"s3k-{re.sub(r'[^a-z0-9]+', '-', self.env.docname.lower())}-{serial}"
        html = render_quiz(questions, quiz_id, self.options.get("title"), project.short_citation, bank)
        return [nodes.raw("", html, format="html")]


class ProgressDirective(_BankDirective):
    """The learner's progress per module, the final test, the certificate and the results file."""

    def run(self):
        bank, project = self.bank_state()
        html = render_progress(bank, project.labels, self.config.html_title or self.config.project)
        return [nodes.raw("", html, format="html")]


class FinalTestDirective(_BankDirective):
    """The final test: every question of the bank; the browser draws each attempt."""

    def run(self):
        bank, project = self.bank_state()
        html = render_final_test(bank, "s3k-slutprov", project.short_citation, project.labels)
        return [nodes.raw("", html, format="html")]


class _WorkshopDirective(SphinxDirective):
    """Content from a workshop exercise (`workshop/exercises.yml`), named by its key."""

    required_arguments = 1

    def exercise(self):
        from .workshop.exercises import EXERCISES_FILE, MODELS, ExerciseError, exercise

        key = self.arguments[0]
        if key not in MODELS:
            raise self.error(f"{self.name}: no exercise '{key}': use one of {', '.join(MODELS)}")
        self.env.note_dependency(str(EXERCISES_FILE))
        try:
            return exercise(key)
        except ExerciseError as exc:
            raise self.error(f"{self.name}: the exercises file has problems:\n{exc}") from None


class WorkshopItemsDirective(_WorkshopDirective):
    """What the group scores or chooses in an exercise, with explanations: all of it, or one
    ``:part:`` (e.g. ``factors``); ``:scale:`` adds the 0–5 scale."""

    option_spec = {"part": directives.unchanged, "scale": directives.flag}

    def run(self):
        ex = self.exercise()
        part = self.options.get("part")
        parts = [name for name, value in ex if isinstance(value, tuple) and value and hasattr(value[0], "name")]
        if part is not None and part not in parts:
            raise self.error(f"workshop-items: no part '{part}' in {ex.key}: use one of {', '.join(parts)}")
        items = getattr(ex, part) if part else ex.items()
        return [nodes.raw("", render_workshop_items(items, with_scale="scale" in self.options), format="html")]


class WorkshopExampleDirective(_WorkshopDirective):
    """An exercise's worked example (chart, findings and table), e.g. ``{workshop-example} prioritisation``."""

    def run(self):
        ex = self.exercise()
        return [nodes.raw("", render_workshop_example(ex, self.env.app.s3kurs["project"].sections), format="html")]


class LearningGoalsDirective(SphinxDirective):
    """The module's learning goals, one ``id: text`` per line."""

    has_content = True

    def run(self):
        goals = parse_goals(self.content)
        stray = [line for line in self.content if line.strip() and not re.match(r"^\s*[a-z0-9-]+\s*:", line)]
        if stray or not goals:
            raise self.error("learning-goals: write one goal per line as 'id: text', e.g. 'm1-g1: Du kan ...'")
        box = nodes.admonition(classes=["s3k-goals"])
        box += nodes.title(text=_("Learning goals"))
        items = nodes.bullet_list()
        for goal_id, text in goals.items():
            item = nodes.list_item(ids=[goal_id])
            inline_nodes, messages = self.state.inline_text(text, self.lineno)
            item += nodes.paragraph("", "", *inline_nodes)
            items += item
            items += messages
        box += items
        return [box]


class LastReviewedDirective(SphinxDirective):
    """When the page's facts were last checked against the sources."""

    required_arguments = 1

    def run(self):
        try:
            date = dt.date.fromisoformat(self.arguments[0])
        except ValueError:
            raise self.error("last-reviewed: give the date as YYYY-MM-DD, e.g. 2026-11-28") from None
        text = _("Last reviewed: {date}").format(date=format_date(date, format="long", locale=LANGUAGE))
        return [nodes.paragraph(text, text, classes=["s3k-reviewed"])]


class module_sources(nodes.General, nodes.Element):
    """Placeholder for the list of references cited on the page."""


class ModuleSourcesDirective(SphinxDirective):
    """The references cited on this page, linked to their entries on the reference page.

    (A second ``{bibliography}`` per page would make every shared citation a duplicate.)
    """

    def run(self):
        return [module_sources()]


def _fill_module_sources(app, doctree, docname):
    placeholders = list(doctree.findall(module_sources))
    if not placeholders:
        return
    domain = app.env.get_domain("cite")
    keys = dict.fromkeys(t.key for ref in domain.citation_refs if ref.docname == docname for t in ref.targets)
    citations = {c.key: c for c in domain.citations}
    cited = sorted((citations[k] for k in keys if k in citations),
                   key=lambda c: c.formatted_entry.text.render_as("text").lower())
    for placeholder in placeholders:
        items = nodes.bullet_list(classes=["s3k-sources"])
        for citation in cited:
            paragraph = domain.backend.paragraph(citation.formatted_entry)
            uri = app.builder.get_relative_uri(docname, citation.bibliography_key.docname)
            link = nodes.reference("", "", internal=True, refuri=f"{uri}#{citation.citation_id}")
            link += nodes.Text(_("In the reference list"))
            paragraph += [nodes.Text(" ("), link, nodes.Text(")")]
            items += nodes.list_item("", paragraph)
        placeholder.replace_self(items)


def _without_fontawesome(html: str):
    from markupsafe import Markup

    return Markup(re.sub(r'<script[^>]*fontawesome\.js[^>]*></script>', "", str(html)))


def _builder_inited(app):
    lean = app.config.s3kurs_lean_pages
    if lean:
        _switch_off_thebe(app)
    if hasattr(app.builder, "templates"):
        app.builder.templates.environment.filters["without_fontawesome"] = _without_fontawesome if lean else (lambda h: h)
    project = Project.find(Path(app.confdir))
    bank, problems = load_bank(project=project)
    for problem in problems:
        logger.warning(str(problem), type="s3kurs", subtype="bank")
    app.s3kurs = {"project": project, "bank": bank}


def _config_inited(app, config):
    config.html_static_path.append(str(STATIC))
    app.add_css_file("s3kurs-site.css")
    if config.s3kurs_lean_pages:
        app.add_css_file("s3kurs-icons.css")
    config.templates_path.insert(0, str(THEME_TEMPLATES))
    # The contact and the error-report address, set once in _config.yml: {{ kontakt }} in
    # pages, and a "Rapportera ett fel i kursen" link in the footer of every page.
    contact, report = config.s3kurs_contact, config.s3kurs_report_url
    config.myst_substitutions = {**config.myst_substitutions, "kontakt": f"[{contact}](mailto:{contact})"}
    config.html_theme_options = {
        **config.html_theme_options,
        "extra_footer": f'<p class="s3k-report"><a href="{html.escape(report)}">{_("Report an error in the course")}</a></p>',
    }
    notfound = getattr(config, "notfound_context", None)  # sphinx-notfound-page, when the book uses it
    if notfound and notfound.get("title") == "Page not found":  # its English default
        config.notfound_context = {"title": _("Page not found"), "body": (
            f"<h1>{_('Page not found')}</h1><p>{_('The page you are looking for does not exist or has moved.')}</p>"
            f'<p><a href="{config.notfound_urls_prefix or "/"}index.html">{_("Go to the start page of the course")}</a></p>')}


# Assets that Jupyter Book puts on every page, kept only where the page uses them.
# Font Awesome's 1.5 MB script is never needed: s3kurs-icons.css draws the theme's icons.
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


def _prune_assets(context, body: str) -> None:
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


def _switch_off_thebe(app):
    """Jupyter Book always loads sphinx-thebe, which adds a script naming a CDN, a loader
    and a config block to every page even with Thebe off. The course never uses Thebe."""
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def _page_context(app, pagename, templatename, context, doctree):
    body = context.get("body") or ""
    if "data-s3k-render=" in body:
        body = context["body"] = _refresh_notebook_quizzes(app, pagename, body)
    if QUIZ_MARKER in body or PROGRESS_MARKER in body:
        app.add_css_file("s3kurs-quiz.css")
        app.add_js_file("s3kurs-progress.js", loading_method="defer")
        context["body"] = _resolve_lesson_links(app, pagename, body)
    if QUIZ_MARKER in body:
        app.add_js_file("s3kurs-quiz.js", loading_method="defer")
    if FINAL_MARKER in body:
        app.add_js_file("s3kurs-final.js", loading_method="defer")
    if 'role="doc-biblioentry"' in context.get("body", ""):
        # docutils marks entries with a deprecated ARIA role inside role="list": make them list items
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    if app.config.s3kurs_lean_pages:
        _prune_assets(context, context.get("body") or "")
    _label_toggles(context)


def _label_toggles(context):
    """The theme's navigation has <summary> toggles with only an icon: give them a name."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return
    label = f'<summary><span class="visually-hidden">{_("Show or hide the subsections")}</span>'

    def labelled(*args, **kwargs):
        return str(generate(*args, **kwargs)).replace("<summary>", label)

    context["generate_toctree_html"] = labelled


def _note_bank_dependency(app, doctree):
    """A page whose notebook output shows a quiz must be rebuilt when the bank changes."""
    if any("data-s3k-render=" in node.astext() for node in doctree.findall(nodes.raw)):
        for path in app.s3kurs["project"].quiz_files():
            app.env.note_dependency(str(path))


def _refresh_notebook_quizzes(app, pagename, body):
    """Executed notebooks are cached by their code, not by the bank: render their quizzes
    again from the questions as they are now."""
    state = app.s3kurs
    bank, project = state["bank"], state["project"]

    def render(match):
        quiz_id, selection = match.group(1), json.loads(html.unescape(match.group(2)))
        if selection.get("final"):
            return render_final_test(bank, quiz_id, project.short_citation, project.labels, selection)
        modules = [selection["module"]] if selection.get("module") else []
        known = {q.id for q in bank.questions}
        if [m for m in modules if m not in bank.modules] or [i for i in selection.get("ids", []) if i not in known]:
            logger.warning(f"a notebook shows a quiz whose questions no longer exist ({selection}): update the notebook",
                           location=pagename)
            return match.group(0)
        questions = bank.select(ids=selection.get("ids", []), tags=selection.get("tags", []),
                                goals=selection.get("goals", []), modules=modules)
        return render_quiz(questions, quiz_id, selection.get("title"), project.short_citation, bank,
                           selection=selection)

    return NOTEBOOK_QUIZ.sub(render, body)


def _resolve_lesson_links(app, pagename, body):
    labels = app.env.domaindata["std"]["labels"]

    def resolve(match):
        label = match.group(1)
        if label not in labels:
            logger.warning(f"a quiz links to the unknown label '{label}': add it to a lesson", location=pagename)
            return match.group(0)
        docname, anchor, _title = labels[label]
        return f'href="{app.builder.get_relative_uri(pagename, docname)}#{anchor}"'

    return REF.sub(resolve, body)


def setup(app):
    bibstyle.register()
    app.add_config_value("s3kurs_contact", "", "html")
    app.add_config_value("s3kurs_report_url", "", "html")
    # Lean pages: no Font Awesome, no Thebe, per-page pruning. Off only to benchmark against the defaults.
    app.add_config_value("s3kurs_lean_pages", True, "html")
    app.add_css_file("s3kurs-print.css", media="print")
    app.add_directive("quiz", QuizDirective)
    app.add_directive("learning-goals", LearningGoalsDirective)
    app.add_directive("last-reviewed", LastReviewedDirective)
    app.add_directive("module-sources", ModuleSourcesDirective)
    app.add_directive("progress", ProgressDirective)
    app.add_directive("final-test", FinalTestDirective)
    app.add_directive("workshop-items", WorkshopItemsDirective)
    app.add_directive("workshop-example", WorkshopExampleDirective)
    app.add_node(module_sources)
    app.connect("doctree-resolved", _fill_module_sources)
    app.connect("doctree-read", _note_bank_dependency)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=900)  # after the theme's own handlers
    return {"version": "0.1", "env_version": _code_fingerprint(),
            "parallel_read_safe": True, "parallel_write_safe": True}


def _code_fingerprint() -> int:
    """Changes whenever the package's code, templates or scripts change, so that Sphinx
    rebuilds every page instead of keeping pages rendered by the old code."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".js", ".css", ".mo"}:
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
