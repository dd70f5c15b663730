"""The live rendering for JupyterLab: the site's quiz markup, graded by the kernel.

One rendering for both places: the view (`QuizView`, an anywidget, so an ipywidgets
`DOMWidget` whose browser side is the plain ES module `esm/quiz-widget.js`, shipped with the
package and never fetched) shows the markup of `render_html.render_quiz` (`templates/quiz.html`)
with the site's stylesheet and the site's behaviour: native radio groups, selects and buttons,
focus moved as on the site, feedback in a polite live region. What differs is who grades: the
page sends the learner's values to the kernel, and `grading` decides here, as before.

The kernel side keeps the shape tests and notebooks use: `QuizWidget.cards`, each card's
`answer()`, its `check`, `retry` and `reveal` buttons (`.click()`), `feedback.value`; the
widget's `score.value`, and the final test's `result.value`.
"""
from __future__ import annotations

import random
from pathlib import Path

import anywidget
import traitlets
from markupsafe import Markup

from . import grading, scoring
from .i18n import _
from .model import Matching, MultipleChoice, Ordering, TrueFalse
from .quizdata import question_data, value_feedback, value_label

ESM = Path(__file__).parent / "esm" / "quiz-widget.js"
CORE_JS = Path(__file__).parent / "static" / "s3kurs-core.js"  # the site's shared code, which the view uses
QUIZ_CSS = Path(__file__).parent / "static" / "s3kurs-quiz.css"
# The site's stylesheet reads the theme's colours; in JupyterLab they come from JupyterLab's theme.
LAB_CSS = """
.s3k-lab { --pst-color-border: var(--jp-border-color1, #767676); --pst-color-text-base: var(--jp-content-font-color1);
  --pst-color-text-muted: var(--jp-content-font-color1); --pst-color-background: var(--jp-layout-color0);
  --pst-color-primary: var(--jp-brand-color0, #0d47a1); --pst-color-primary-text: #fff;
  --pst-color-accent: var(--jp-brand-color0, #0d47a1); --pst-color-success: var(--jp-success-color0, #1b5e20);
  --pst-color-danger: var(--jp-error-color0, #b71c1c); font-size: var(--jp-content-font-size1, 14px); }
.s3k-lab .s3k-quiz { margin: .5rem 0; }
.s3k-lab .s3k-quiz p { margin: .25rem 0; }
.s3k-lab .s3k-option label, .s3k-lab .s3k-select label { cursor: pointer; }
"""


class QuizView(anywidget.AnyWidget):
    """What the browser shows and sends. The kernel owns every synced value; the page sends
    requests ({action: "check", question, values}, {action: "retry" | "reveal", question})."""

    _esm = CORE_JS.read_text(encoding="utf-8") + "\n" + ESM.read_text(encoding="utf-8")
    _css = QUIZ_CSS.read_text(encoding="utf-8") + LAB_CSS
    html = traitlets.Unicode("").tag(sync=True)       # render_html's markup of the questions
    kind = traitlets.Unicode("quiz").tag(sync=True)   # "quiz" or "final"
    seed = traitlets.Int(0).tag(sync=True)            # the options' order, the same in every view
    state = traitlets.Dict().tag(sync=True)           # question id -> what its form shows
    score = traitlets.Unicode("").tag(sync=True)      # the score line
    result = traitlets.Unicode("").tag(sync=True)     # the final test's result (HTML)
    orders = traitlets.Dict().tag(sync=True)          # question id -> option ids in a set order (a group's test)
    note = traitlets.Unicode("").tag(sync=True)       # a line under the title (a group's test: its code)


class Button:
    """A quiz button as the kernel sees it: pressing it, in the page or in a test, runs *action*."""

    def __init__(self, action):
        self._action = action

    def click(self):
        return self._action()


class Text:
    """A text the kernel writes into the view (score line, feedback, result): `.value`."""

    def __init__(self, publish=lambda value: None):
        self._value = ""
        self._publish = publish

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        self._value = value
        self._publish(value)


class QuestionCard:
    """One question as the kernel keeps it: the learner's values, the record of attempts and
    what the form shows (phase, verdict, feedback)."""

    def __init__(self, question, on_attempt, publish, cite=None):
        self.question = question
        self.record = grading.Attempts()
        self.data = question_data(question, cite)
        self.key = grading.key_of(question)
        self.values: tuple[str, ...] = ()
        self.phase = "answering"      # or "checked" (after Check or Show correct answer)
        self.verdict = ""             # "", "incomplete", "correct", "incorrect" or "revealed"
        self.serial = 0               # counts changes, so that a view redraws (and announces) once
        self._on_attempt = on_attempt
        self._publish = publish
        self.feedback = Text()
        self.check = Button(self.grade)
        self.retry = Button(self.try_again)
        self.reveal = Button(self.show_answer)

    # ---- the learner's values ----
    def allowed(self, value: str) -> bool:
        """Whether *value* is one the page's controls can give for this question."""
        if isinstance(self.question, Matching):
            term, sep, target = value.partition("=")
            return bool(sep) and term in self.data["labels"] and (target == "" or target in self.data["targets"])
        if isinstance(self.question, Ordering):
            return value == "" or value in self.data["labels"]
        return value in self.data["labels"]

    def set_values(self, values) -> bool:
        """Take the values the page sent; False (and nothing changed) if they are not this question's."""
        if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) and self.allowed(v) for v in values):
            return False
        self.values = tuple(values)
        return True

    def answer(self, answer) -> None:
        """Set the values to *answer* (in the form `grading.answer_values` takes), as a learner would."""
        self.values = grading.answer_values(self.question, answer)

    # ---- the buttons ----
    def _show(self, values, verdict: str) -> None:
        self.values, self.verdict, self.phase = tuple(values), verdict, "checked"
        self.feedback.value = feedback_html(self.data, self.key, values, verdict)
        self._changed()

    def _changed(self) -> None:
        self.serial += 1
        self._publish()

    def grade(self) -> bool | None:
        if self.phase == "checked":
            return None
        if not grading.is_complete(self.values):
            self.verdict = "incomplete"
            self.feedback.value = str(Markup.escape(_("Answer the question before you check.")))
            self._changed()
            return None
        correct = grading.is_correct(self.key, self.values)
        self.record.record(correct)
        self._show(self.values, "correct" if correct else "incorrect")
        self._on_attempt()
        return correct

    def try_again(self) -> None:
        self.phase, self.verdict = "answering", ""
        self.feedback.value = ""
        self._changed()

    def show_answer(self) -> None:
        q = self.question
        self.record.revealed = True
        if isinstance(q, Matching):
            self.answer(dict(q.key))
        elif isinstance(q, TrueFalse):
            self.answer(q.key)
        elif isinstance(q, (MultipleChoice, Ordering)):
            self.answer(list(q.key))
        else:
            self.answer(q.key_ids[0])
        self._show(self.values, "revealed")

    # ---- what the page shows ----
    @property
    def disabled(self) -> bool:
        return self.phase == "checked"

    def shown(self) -> dict:
        """The form's state for the view: buttons and controls follow s3kurs-quiz.js."""
        return {"serial": self.serial, "phase": self.phase, "verdict": self.verdict,
                "values": list(self.values), "feedback": self.feedback.value,
                "reveal": self.verdict == "incorrect"}


def feedback_html(data: dict, key: grading.Key, values, verdict: str) -> str:
    """The feedback in the site's markup (s3kurs-quiz.js showFeedback): the verdict, a line per
    answered value, the explanation and the source."""
    heading = {"correct": _("Correct answer!"), "incorrect": _("Not quite right."),
               "revealed": _("The correct answer is shown.")}[verdict]
    items = []
    for i, (value, right) in enumerate(grading.verdicts(key, values)):
        mark = _("Correct") if right else _("Incorrect")
        position = _("Position {n}").format(n=i + 1)
        where = f"{Markup.escape(position)} – " if key.ordered else ""
        items.append(f'<li class="s3k-{"right" if right else "wrong"}"><strong>{Markup.escape(mark)}: </strong>'
                     f'{where}<span class="s3k-label">{value_label(data, value)}</span> – '
                     f'<span class="s3k-why">{value_feedback(data, value)}</span></li>')
    explanation, source = _("Explanation"), _("Source")
    return (f'<p class="s3k-verdict s3k-{verdict}">{Markup.escape(heading)}</p>'
            f'<ul class="s3k-option-feedback">{"".join(items)}</ul>'
            f'<p class="s3k-explanation"><strong>{Markup.escape(explanation)}: </strong>'
            f'<span>{data["explanation"]}</span></p>'
            f'<p class="s3k-source">{Markup.escape(source)}: <span>{data["source"]}</span></p>')


class QuizWidget:
    """A quiz in a live kernel: `box` is the view to display, `cards` the questions."""

    kind = "quiz"

    def __init__(self, questions, title: str, seed: int | None = None, cite=None, bank=None,
                 quiz_id: str = "s3k-quiz", orders: dict[str, list[str]] | None = None, note: str = ""):
        """*orders*: {question id: option (or target) ids} for questions whose options keep a set
        order (a group's final test, `exam.option_order`); the others are shuffled by *seed*."""
        from .render_html import render_quiz

        self.questions = list(questions)
        self.box = QuizView(html=render_quiz(self.questions, quiz_id, title, cite, bank), kind=self.kind,
                            seed=random.Random(seed).randrange(2**32), orders=orders or {}, note=note)
        self.cards = [QuestionCard(q, self._update_score, self._publish, cite) for q in self.questions]
        self._by_id = {c.question.id: c for c in self.cards}
        self.score = Text(lambda value: setattr(self.box, "score", value))
        self.result = Text(lambda value: setattr(self.box, "result", value))
        self._update_score()
        self._publish()
        self.box.on_msg(self._on_message)

    def _on_message(self, _view, content, _buffers) -> None:
        """A request from the page: the learner pressed a button of one question."""
        if not isinstance(content, dict):
            return
        card = self._by_id.get(content.get("question"))
        action = content.get("action")
        if card is None:
            return
        if action == "check":
            if card.set_values(content.get("values")):
                card.check.click()
        elif action == "retry":
            card.retry.click()
        elif action == "reveal":
            card.reveal.click()

    def _publish(self) -> None:
        self.box.state = {c.question.id: c.shown() for c in self.cards}

    def _update_score(self) -> None:
        points = grading.score(c.record for c in self.cards)
        self.score.value = _("Score: {score} of {total}").format(score=points, total=len(self.cards))

    def card(self, question_id: str) -> QuestionCard:
        return self._by_id[question_id]


class FinalTestWidget(QuizWidget):
    """One attempt at the final test: the result and a per-module breakdown appear when
    every question has had its first attempt."""

    kind = "final"

    def __init__(self, questions, module_of: dict, titles: dict, seed: int, cite=None, bank=None,
                 quiz_id: str = "s3k-slutprov", code: str = ""):
        """With a group *code* (normalised), the options keep the group's order, as on the site."""
        from . import exam

        self.module_of, self.titles, self.code = module_of, titles, code
        orders = exam.option_order(questions, seed) if code else None
        note = _("Group code: {code}").format(code=code) if code else ""
        super().__init__(questions, _("Final test"), seed=seed, cite=cite, bank=bank, quiz_id=quiz_id,
                         orders=orders, note=note)

    def _update_score(self) -> None:
        super()._update_score()
        if not all(c.record.count for c in self.cards):
            return
        total = len(self.cards)
        points = grading.score(c.record for c in self.cards)
        per_module: dict[str, list[int]] = {}
        for card in self.cards:
            entry = per_module.setdefault(self.module_of[card.question.id], [0, 0])
            entry[0] += bool(card.record.first_correct)
            entry[1] += 1
        passed = scoring.passed(points, total)
        verdict = _("You passed the final test.") if passed else _(
            "You have not passed yet. Read the lessons below again and take a new test.")
        rows = "".join(f"<li>{Markup.escape(_('{title}: {score} of {total}').format(title=self.titles[m], score=s, total=t))}</li>"
                       for m, (s, t) in sorted(per_module.items()))
        percent = scoring.percent(points, total)
        self.result.value = (
            f'<div class="s3k-final-result" data-passed="{str(passed).lower()}">'
            f"<p><strong>{_('Result: {score} of {total} right ({percent} %).').format(score=points, total=total, percent=percent)}"
            f"</strong> {verdict}</p><ul>{rows}</ul></div>"
        )
