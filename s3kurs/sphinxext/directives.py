"""The course's directives. Each turns its options into nodes; rendering happens in `nodes`
(quizzes) or in `render_html` (workshop content)."""
from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date
from docutils import nodes as docnodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..i18n import LANGUAGE, _
from ..project import parse_goals
from ..workshop.page import render_example, render_items
from . import course, nodes
from .transforms import module_sources


def _words(value: str | None) -> list[str]:
    return [w for w in re.split(r"[\s,]+", value or "") if w]


class QuizDirective(SphinxDirective):
    """Questions from the bank, chosen by ``:ids:``, ``:tags:``, ``:goals:`` or ``:module:``."""

    option_spec = {
        "ids": directives.unchanged, "tags": directives.unchanged, "goals": directives.unchanged,
        "module": directives.unchanged, "title": directives.unchanged,
    }

    def run(self):
        bank = course.of(self.env.app).bank
        selection = {"ids": _words(self.options.get("ids")), "tags": _words(self.options.get("tags")),
                     "goals": _words(self.options.get("goals")), "modules": _words(self.options.get("module")),
                     "title": self.options.get("title")}
        unknown = [i for i in selection["ids"] if i not in bank.hashes]
        if unknown:
            raise self.error(f"quiz: no question with id {', '.join(unknown)} in quizzes/: check the ids")
        if not bank.select(ids=selection["ids"], tags=selection["tags"], goals=selection["goals"],
                           modules=selection["modules"]):
            raise self.error("quiz: no question matches :ids:, :tags:, :goals: or :module:; check the selection")
        serial = self.env.new_serialno("s3kurs-quiz")
        quiz_id = f"s3k-{re.sub(r'[^a-z0-9]+', '-', self.env.docname.lower())}-{serial}"
        return [nodes.make("quiz", quiz_id, selection)]


class ProgressDirective(SphinxDirective):
    """The learner's progress per module, the final test, the certificate and the results file."""

    def run(self):
        return [nodes.make("progress", "s3k-progress")]


class FinalTestDirective(SphinxDirective):
    """The final test: every question of the bank; the browser draws each attempt."""

    def run(self):
        return [nodes.make("final", "s3k-slutprov")]


class _WorkshopDirective(SphinxDirective):
    """Content from a workshop exercise (the exercises file), named by its key."""

    required_arguments = 1

    def exercise(self):
        from ..workshop.exercises import MODELS, ExerciseError, exercise, exercises_file

        key = self.arguments[0]
        if key not in MODELS:
            raise self.error(f"{self.name}: no exercise '{key}': use one of {', '.join(MODELS)}")
        project = course.of(self.env.app).project
        self.env.note_dependency(str(exercises_file(project)))
        try:
            return exercise(key, project)
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
        html = render_items(items, course.of(self.env.app).project, with_scale="scale" in self.options)
        return [docnodes.raw("", html, format="html")]


class WorkshopExampleDirective(_WorkshopDirective):
    """An exercise's worked example (chart, findings and table), e.g. ``{workshop-example} prioritisation``."""

    def run(self):
        ex = self.exercise()
        project = course.of(self.env.app).project
        return [docnodes.raw("", render_example(ex, project), format="html")]


class LearningGoalsDirective(SphinxDirective):
    """The module's learning goals, one ``id: text`` per line."""

    has_content = True

    def run(self):
        goals = parse_goals(self.content)
        stray = [line for line in self.content if line.strip() and not re.match(r"^\s*[a-z0-9-]+\s*:", line)]
        if stray or not goals:
            raise self.error("learning-goals: write one goal per line as 'id: text', e.g. 'm1-g1: Du kan ...'")
        box = docnodes.admonition(classes=["s3k-goals"])
        box += docnodes.title(text=_("Learning goals"))
        items = docnodes.bullet_list()
        for goal_id, text in goals.items():
            item = docnodes.list_item(ids=[goal_id])
            inline_nodes, messages = self.state.inline_text(text, self.lineno)
            item += docnodes.paragraph("", "", *inline_nodes)
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
        return [docnodes.paragraph(text, text, classes=["s3k-reviewed"])]


class ModuleSourcesDirective(SphinxDirective):
    """The references cited on this page, linked to their entries on the reference page
    (filled in by `transforms.fill_module_sources` once citations are resolved)."""

    def run(self):
        return [module_sources()]


DIRECTIVES = {
    "quiz": QuizDirective,
    "final-test": FinalTestDirective,
    "progress": ProgressDirective,
    "learning-goals": LearningGoalsDirective,
    "last-reviewed": LastReviewedDirective,
    "module-sources": ModuleSourcesDirective,
    "workshop-items": WorkshopItemsDirective,
    "workshop-example": WorkshopExampleDirective,
}
