"""What every rendering of a question shows, decided once: the controls' values and labels,
the instructions, the source line, and the data the browser grades with. Used by the static
HTML (`render_html`) and the live widget (`widget`) alike."""
from __future__ import annotations

from markupsafe import Markup

from . import grading
from .i18n import _
from .markup import inline
from .model import Matching, TrueFalse

# A notebook quiz output's selection, which the course site renders (see `display`, `sphinxext.notebooks`).
QUIZ_MIME_TYPE = "application/vnd.s3kurs.quiz+json"


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
    """What the browser needs for one question: the normalised key, and feedback and a label
    for every value the learner can give. A matching question's values are "term=target":
    feedback belongs to the term, the label is "term → target" (the browser joins them)."""
    data = {**grading.key_of(question).as_json()}
    if isinstance(question, TrueFalse):
        feedback = {"sant": question.feedback.sant, "falskt": question.feedback.falskt}
        labels = {"sant": _("True"), "falskt": _("False")}
    elif isinstance(question, Matching):
        feedback = {o.id: o.feedback for o in question.options}
        labels = {o.id: o.text for o in question.options}
        data["targets"] = {t.id: str(inline(t.text)) for t in question.targets}
    else:
        feedback = {o.id: o.feedback for o in question.options}
        labels = {o.id: o.text for o in question.options}
    return {
        **data,
        "feedback": {k: str(inline(v)) for k, v in feedback.items()},
        "labels": {k: str(inline(v)) for k, v in labels.items()},
        "explanation": str(inline(question.explanation)),
        "source": str(Markup.escape(source_text(question, cite))),
        "difficulty": question.difficulty,
    }


def value_label(data: dict, value: str) -> str:
    """How an answered value reads in feedback: the option's label, or "term → target"."""
    if "targets" in data:
        term, _sep, target = value.partition("=")
        return f"{data['labels'][term]} → {data['targets'].get(target, '')}"
    return data["labels"][value]


def value_feedback(data: dict, value: str) -> str:
    """The feedback for an answered value (a matching term's feedback is its own)."""
    return data["feedback"][value.partition("=")[0] if "targets" in data else value]
