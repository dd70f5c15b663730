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
            raise self.error("quiz: " + _("no question with id {ids} in quizzes/: check the ids").format(
                ids=", ".join(unknown)))
        if not bank.select(ids=selection["ids"], tags=selection["tags"], goals=selection["goals"],
                           modules=selection["modules"]):
            raise self.error("quiz: " + _("no question matches `:ids:`, `:tags:`, `:goals:` or `:module:`; check the "
                                          "selection"))
        serial = self.env.new_serialno("s3kurs-quiz")
        quiz_id = f"s3k-{re.sub(r'[^a-z0-9]+', '-', self.env.docname.lower())}-{serial}"
        return [nodes.make("quiz", quiz_id, selection)]


class ProgressDirective(SphinxDirective):
    """The learner's progress per module, the final test, the certificate and the results file."""

    def run(self):
        return [nodes.make("progress", "s3k-progress")]


class GroupSummaryDirective(SphinxDirective):
    """The trainers' summary page: a group's results files and exercise files, read in the browser."""

    def run(self):
        from ..workshop.exercises import exercises_file

        self.env.note_dependency(str(exercises_file(course.of(self.env.app).project)))
        return [nodes.make("summary", "s3k-summary")]


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
            raise self.error(f"{self.name}: " + _("no exercise '{key}': use one of {keys}").format(
                key=key, keys=", ".join(MODELS)))
        project = course.of(self.env.app).project
        self.env.note_dependency(str(exercises_file(project)))
        try:
            return exercise(key, project)
        except ExerciseError as exc:
            raise self.error(f"{self.name}: " + _("the exercises file has problems:") + f"\n{exc}") from None


class WorkshopItemsDirective(_WorkshopDirective):
    """What the group scores or chooses in an exercise, with explanations: all of it, or one
    ``:part:`` (e.g. ``factors``); ``:scale:`` adds the 0–5 scale."""

    option_spec = {"part": directives.unchanged, "scale": directives.flag}

    def run(self):
        ex = self.exercise()
        part = self.options.get("part")
        parts = [name for name, value in ex if isinstance(value, tuple) and value and hasattr(value[0], "name")]
        if part is not None and part not in parts:
            raise self.error("workshop-items: " + _("no part '{part}' in {exercise}: use one of {parts}").format(
                part=part, exercise=ex.key, parts=", ".join(parts)))
        items = getattr(ex, part) if part else ex.items()
        html = render_items(items, course.of(self.env.app).project, with_scale="scale" in self.options)
        return [docnodes.raw("", html, format="html")]


class WorkshopExampleDirective(_WorkshopDirective):
    """An exercise's worked example (chart, findings and table), e.g. ``{workshop-example} prioritisation``."""

    def run(self):
        ex = self.exercise()
        project = course.of(self.env.app).project
        return [docnodes.raw("", render_example(ex, project), format="html")]


class WorkshopToolDirective(_WorkshopDirective):
    """An exercise's browser tool, e.g. ``{workshop-tool} prioritisation``: the group fills it in
    on the page (rendered when the page is written, with links to the lessons it names)."""

    def run(self):
        ex = self.exercise()
        return [nodes.make("workshop", f"s3k-ws-{ex.key}", {"exercise": ex.key})]


class LearningGoalsDirective(SphinxDirective):
    """The module's learning goals, one ``id: text`` per line."""

    has_content = True

    def run(self):
        goals = parse_goals(self.content)
        stray = [line for line in self.content if line.strip() and not re.match(r"^\s*[a-z0-9-]+\s*:", line)]
        if stray or not goals:
            raise self.error("learning-goals: " + _("write one goal per line as 'id: text', e.g. 'm1-g1: Du kan ...'"))
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
            raise self.error("last-reviewed: " + _("give the date as year-month-day, e.g. 2026-11-28")) from None
        text = _("Last reviewed: {date}").format(date=format_date(date, format="long", locale=LANGUAGE))
        return [docnodes.paragraph(text, text, classes=["s3k-reviewed"])]


class ModuleSourcesDirective(SphinxDirective):
    """The references cited on this page, linked to their entries on the reference page
    (filled in by `transforms.fill_module_sources` once citations are resolved)."""

    def run(self):
        return [module_sources()]


# -- workshop plans and time estimates: the logic is in `plans` (data/plans.yml) and `timing`
# (data/timing.yml); exercise durations come from the exercise data.

def _module_minutes(env, module: str) -> int:
    """The estimate for one module, with the files it depends on noted for rebuilds."""
    from ..timing import TIMING_FILE, module_minutes

    state = course.of(env.app)
    project, bank = state.project, state.bank
    lesson = project.root / "book" / f"{module}.md"
    if not lesson.is_file():
        raise ValueError(_("no lesson `book/{module}.md`: name a module such as `modul-1`").format(module=module))
    for path in [lesson, project.root / TIMING_FILE, *project.quiz_files()]:
        env.note_dependency(str(path))
    questions = bank.modules.get(module)
    return module_minutes(project.root, module, len(questions.questions) if questions else 0)


def _role_error(inliner, lineno, rawtext, message):
    error = inliner.reporter.error(message, line=lineno)
    return [inliner.problematic(rawtext, rawtext, error)], [error]


def module_minutes_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{module-minutes}`modul-1```: how long the module takes, e.g. "55 minuter"."""
    from ..timing import duration

    env = inliner.document.settings.env
    try:
        return [docnodes.Text(duration(_module_minutes(env, text.strip())))], []
    except ValueError as exc:
        return _role_error(inliner, lineno, rawtext, f"module-minutes: {exc}")


def exercise_minutes_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{exercise-minutes}`actor_mapping```: how long the exercise takes, from the exercise data."""
    from ..timing import duration
    from ..workshop.exercises import ExerciseError, exercises_file, minutes

    env = inliner.document.settings.env
    project = course.of(env.app).project
    env.note_dependency(str(exercises_file(project)))
    try:
        return [docnodes.Text(duration(minutes(text.strip(), project)))], []
    except (ValueError, ExerciseError) as exc:
        return _role_error(inliner, lineno, rawtext, f"exercise-minutes: {exc}")


class WorkshopPlanDirective(SphinxDirective):
    """A workshop plan from data/plans.yml as a table with clock times, e.g. ``{workshop-plan} heldag``."""

    required_arguments = 1

    def run(self):
        from docutils.statemachine import StringList

        from ..plans import PLANS_FILE, load
        from ..timing import duration
        from ..workshop.exercises import exercises_file

        project = course.of(self.env.app).project
        root = project.root
        for path in (root / PLANS_FILE, exercises_file(project)):
            self.env.note_dependency(str(path))
        plans, problems = load(root)
        if problems:
            raise self.error("workshop-plan: " + _("data/plans.yml has problems:") + "\n" + "\n".join(problems))
        plan = plans.get(self.arguments[0])
        if plan is None:
            raise self.error("workshop-plan: " + _("no plan '{plan}': use one of {plans}").format(
                plan=self.arguments[0], plans=", ".join(plans)))
        reading = [_("module {number} (about {duration})").format(
            number=module.split("-")[-1], duration=duration(_module_minutes(self.env, module)))
            for module in plan.pre_reading]
        length = _("Length: {duration} ({start}–{end}). Read before: {modules}.").format(
            duration=duration(plan.length), start=plan.clock(0), end=plan.end, modules=", ".join(reading))
        head = (_("Time"), _("Activity"), _("Aim"), _("Material"))
        lines = [length, "", "| " + " | ".join(head) + " |", "|---|---|---|---|"]
        for slot in plan.slots:
            aims = ", ".join(_("Aim {number}").format(number=a) for a in slot.aims)
            lines.append(f"| {plan.clock(slot.start)} | {slot.activity} ({duration(slot.minutes)}) | {aims} | "
                         f"{slot.material} |")
        end = _("End")
        lines.append(f"| {plan.end} | {end} | | |")
        container = docnodes.container(classes=["s3k-plan"])
        self.state.nested_parse(StringList(lines, source=str(root / PLANS_FILE)), self.content_offset, container)
        return [container]


ROLES = {"module-minutes": module_minutes_role, "exercise-minutes": exercise_minutes_role}

DIRECTIVES = {
    "quiz": QuizDirective,
    "final-test": FinalTestDirective,
    "progress": ProgressDirective,
    "group-summary": GroupSummaryDirective,
    "learning-goals": LearningGoalsDirective,
    "last-reviewed": LastReviewedDirective,
    "module-sources": ModuleSourcesDirective,
    "workshop-items": WorkshopItemsDirective,
    "workshop-example": WorkshopExampleDirective,
    "workshop-tool": WorkshopToolDirective,
    "workshop-plan": WorkshopPlanDirective,
}
