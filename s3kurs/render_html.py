"""The static rendering: quizzes as self-contained, accessible HTML.

Used by the Sphinx directives and by the display objects in notebooks. The page's
scripts (`static/`) read the JSON block, grade in the browser and keep progress.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import exam, grading
from .i18n import _, browser_strings
from .markup import inline, plain
from .model import Matching, TrueFalse

TEMPLATES = Path(__file__).parent / "templates"


def choices(question) -> list[tuple[str, Markup]]:
    """(value, label) for each control of a choice or true/false question."""
    if isinstance(question, TrueFalse):
        return [("sant", Markup.escape(_("True"))), ("falskt", Markup.escape(_("False")))]
    return [(o.id, inline(o.text)) for o in question.options]


def hints() -> dict[str, str]:
    return {
        "single_choice": _("Choose one answer."),
        "multiple_choice": _("Choose every answer that is correct."),
        "true_false": _("Is the statement true or false?"),
        "ordering": _("Choose an item for each position, from first to last."),
        "matching": _("Choose the matching description for each term."),
    }


def source_text(question, cite=None) -> str:
    text = cite(question.source.key) if cite else question.source.key
    return f"{text}, {question.source.detail}" if question.source.detail else text


def question_data(question, cite=None) -> dict:
    """What the browser needs for one question: the normalised key, and feedback and a
    label for every value the learner can give."""
    if isinstance(question, TrueFalse):
        feedback = {"sant": question.feedback.sant, "falskt": question.feedback.falskt}
        labels = {"sant": _("True"), "falskt": _("False")}
    elif isinstance(question, Matching):
        feedback, labels = {}, {}
        for o in question.options:
            for t in question.targets:
                feedback[f"{o.id}={t.id}"] = o.feedback
                labels[f"{o.id}={t.id}"] = f"{o.text} → {t.text}"
    else:
        feedback = {o.id: o.feedback for o in question.options}
        labels = {o.id: o.text for o in question.options}
    return {
        **grading.key_of(question).as_json(),
        "feedback": {k: str(inline(v)) for k, v in feedback.items()},
        "labels": {k: str(inline(v)) for k, v in labels.items()},
        "explanation": str(inline(question.explanation)),
        "source": str(Markup.escape(source_text(question, cite))),
        "difficulty": question.difficulty,
    }


def json_for_script(data) -> Markup:
    """JSON that is safe inside <script>: no '<', '>' or '&' survive literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    env.filters["inline"] = inline
    env.filters["plain"] = plain
    env.globals["_"] = _
    env.globals["choices"] = choices
    return env


def template(name: str):
    """A template from `templates/`, with the course's filters (inline, plain) and strings (_)."""
    return _environment().get_template(name)


def lesson_label(bank, module: str, labels=()) -> str:
    """The label a module's quiz links back to: the module's own label, else its first question's lesson."""
    return module if module in labels else bank.modules[module].questions[0].lesson


def render_quiz(questions, quiz_id: str, title: str | None = None, cite=None, bank=None, final: dict | None = None,
                selection: dict | None = None) -> str:
    """*selection* (from a notebook) records how the questions were chosen, so that the site
    build can render them again from the current bank rather than from a cached output."""
    modules = bank.module_map() if bank else {}
    data = {
        "strings": browser_strings(),
        "bank": bank.version if bank else None,
        "questions": {q.id: {**question_data(q, cite), "module": modules.get(q.id),
                             **({"enemies": q.enemies} if final and q.enemies else {})} for q in questions},
    }
    if final:
        data["final"] = final
    return template("quiz.html").render(
        quiz_id=quiz_id, title=title or _("Quiz"), questions=questions, hints=hints(),
        data=json_for_script(data), final=final,
        selection=json.dumps(selection, ensure_ascii=False, sort_keys=True) if selection else None,
    )


def render_final_test(bank, quiz_id: str, cite=None, labels=(), selection: dict | None = None) -> str:
    """Every question of the bank, hidden; the browser draws and shows one attempt's questions."""
    final = {
        "perModule": exam.QUESTIONS_PER_MODULE,
        "passMark": exam.PASS_MARK,
        "modules": {m: {"title": c.title, "lesson": lesson_label(bank, m, labels)} for m, c in sorted(bank.modules.items())},
    }
    return render_quiz(bank.questions, quiz_id, _("Final test"), cite, bank, final, selection)


def render_progress(bank, labels=(), course: str = "") -> str:
    """The "Min progress" summary: filled in by the browser from its own storage."""
    modules = {m: {"title": c.title, "lesson": lesson_label(bank, m, labels), "questions": [q.id for q in c.questions]}
               for m, c in sorted(bank.modules.items())}
    data = {"bank": bank.version, "modules": modules, "passMark": exam.PASS_MARK,
            "course": course, "strings": browser_strings()}
    return template("progress.html").render(modules=modules, data=json_for_script(data))



def render_workshop_items(items, with_scale: bool) -> str:
    """What the group scores or chooses in a workshop exercise (with the scale, if scored)."""
    from .workshop.exercises import catalogue

    return template("workshop-items.html").render(
        items=[(i.name, i.explanation or _("Sign: {sign}").format(sign=i.sign)) for i in items],
        scale=catalogue()[0], scale_heading=_("The scale"), uses_scale=with_scale)


def render_workshop_example(exercise, sections: dict[str, str]) -> str:
    """A workshop exercise's worked example: its chart, findings and table, as the live exercise draws them."""
    import base64

    from .workshop import charts
    from .workshop.exercises import catalogue

    rows = exercise.rows(exercise.example)
    figure = charts.draw(exercise, exercise.example, catalogue()[0].max)
    image = base64.b64encode(charts.svg(figure).encode("utf-8")).decode("ascii")
    return template("workshop-example.html").render(
        image=image, alt=exercise.example_alt, caption=_("The worked example's result, as the exercise draws it."),
        findings_heading=_("What the chart shows"), findings=exercise.findings(exercise.example, sections),
        table_caption=_("The worked example in figures"), columns=list(rows[0]), rows=rows)
