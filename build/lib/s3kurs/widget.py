"""The live rendering: a quiz as ipywidgets, for JupyterLab.

Thin by design: grading comes from `grading`, strings from `i18n`, text from `markup`.
Feedback is written into `HTML` widgets so that tests can read it.
"""
from __future__ import annotations

import random

import ipywidgets as w
from markupsafe import Markup

from . import grading, scoring
from .i18n import _
from .markup import inline, plain
from .model import Matching, MultipleChoice, Ordering, TrueFalse
from .quizdata import hints, question_data, value_feedback, value_label

CHOOSE = ""


class QuestionCard:
    """One question: its controls, the three buttons and the feedback."""

    def __init__(self, question, number: int, total: int, on_attempt, rng: random.Random, cite=None):
        self.question = question
        self.record = grading.Attempts()
        self.data = question_data(question, cite)
        self.key = grading.key_of(question)
        self._on_attempt = on_attempt
        self.controls = self._make_controls(rng)
        self.check = w.Button(description=_("Check"), button_style="primary")
        self.retry = w.Button(description=_("Try again"), layout=w.Layout(display="none"))
        self.reveal = w.Button(description=_("Show correct answer"), layout=w.Layout(display="none"))
        self.feedback = w.HTML()
        self.check.on_click(lambda _b: self.grade())
        self.retry.on_click(lambda _b: self.try_again())
        self.reveal.on_click(lambda _b: self.show_answer())
        header = w.HTML(
            f"<p><small>{Markup.escape(_('Question {n} of {total}').format(n=number, total=total))}</small><br>"
            f"<strong>{inline(question.prompt)}</strong><br><em>{Markup.escape(hints()[question.type])}</em></p>"
        )
        self.box = w.VBox([header, *self.controls, w.HBox([self.check, self.retry, self.reveal]), self.feedback],
                          layout=w.Layout(margin="0 0 1.5em 0"))

    def _make_controls(self, rng: random.Random) -> list:
        q = self.question
        wide = w.Layout(width="auto")
        if isinstance(q, TrueFalse):
            return [w.RadioButtons(options=[(_("True"), "sant"), (_("False"), "falskt")], value=None, layout=wide)]
        options = list(q.options)
        if isinstance(q, MultipleChoice):
            rng.shuffle(options)
            self._checkbox_ids = [o.id for o in options]
            return [w.Checkbox(value=False, description=plain(o.text), indent=False,
                               layout=wide, style={"description_width": "initial"}) for o in options]
        if isinstance(q, Ordering):
            rng.shuffle(options)
            choices = [(_("Choose…"), CHOOSE)] + [(plain(o.text), o.id) for o in options]
            return [w.Dropdown(options=choices, value=CHOOSE, description=_("Position {n}").format(n=i + 1),
                               layout=wide, style={"description_width": "initial"}) for i in range(len(options))]
        if isinstance(q, Matching):
            targets = list(q.targets)
            rng.shuffle(targets)
            choices = [(_("Choose…"), CHOOSE)] + [(plain(t.text), t.id) for t in targets]
            return [w.Dropdown(options=choices, value=CHOOSE, description=plain(o.text),
                               layout=wide, style={"description_width": "initial"}) for o in options]
        rng.shuffle(options)
        return [w.RadioButtons(options=[(plain(o.text), o.id) for o in options], value=None, layout=wide)]

    def values(self) -> tuple[str, ...]:
        q = self.question
        if isinstance(q, MultipleChoice):
            return tuple(i for i, c in zip(self._checkbox_ids, self.controls) if c.value)
        if isinstance(q, Ordering):
            return tuple(c.value for c in self.controls)
        if isinstance(q, Matching):
            return tuple(f"{o.id}={c.value}" for o, c in zip(q.options, self.controls))
        value = self.controls[0].value
        return (value,) if value else ()

    def answer(self, answer) -> None:
        """Set the controls to *answer* (in the form `grading.answer_values` takes)."""
        q = self.question
        values = grading.answer_values(q, answer)
        if isinstance(q, MultipleChoice):
            for i, c in zip(self._checkbox_ids, self.controls):
                c.value = i in values
        elif isinstance(q, Ordering):
            for c, v in zip(self.controls, values):
                c.value = v
        elif isinstance(q, Matching):
            for c, v in zip(self.controls, values):
                c.value = v.split("=", 1)[1]
        else:
            self.controls[0].value = values[0] if values else None

    def _set_enabled(self, enabled: bool) -> None:
        for c in self.controls:
            c.disabled = not enabled

    def _show(self, values, verdict: str) -> None:
        heading = {"correct": _("Correct answer!"), "incorrect": _("Not quite right."),
                   "revealed": _("The correct answer is shown.")}[verdict]
        items = []
        for i, (value, right) in enumerate(grading.verdicts(self.key, values)):
            mark = _("Correct") if right else _("Incorrect")
            where = f"{_('Position {n}').format(n=i + 1)} – " if self.key.ordered else ""
            items.append(f"<li><strong>{mark}:</strong> {where}{value_label(self.data, value)} – "
                         f"{value_feedback(self.data, value)}</li>")
        self.feedback.value = (
            f'<div class="s3k-feedback" data-verdict="{verdict}"><p><strong>{heading}</strong></p>'
            f"<ul>{''.join(items)}</ul>"
            f"<p><strong>{_('Explanation')}:</strong> {self.data['explanation']}</p>"
            f"<p>{_('Source')}: {self.data['source']}</p></div>"
        )

    def grade(self) -> bool | None:
        values = self.values()
        if not grading.is_complete(values):
            self.feedback.value = f'<p data-verdict="incomplete">{_("Answer the question before you check.")}</p>'
            return None
        correct = grading.is_correct(self.key, values)
        self.record.record(correct)
        self._show(values, "correct" if correct else "incorrect")
        self._set_enabled(False)
        self.check.layout.display = "none"
        self.retry.layout.display = None
        self.reveal.layout.display = "none" if correct else None
        self._on_attempt()
        return correct

    def try_again(self) -> None:
        self._set_enabled(True)
        self.feedback.value = ""
        self.check.layout.display = None
        self.retry.layout.display = "none"
        self.reveal.layout.display = "none"

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
        self._show(self.values(), "revealed")
        self._set_enabled(False)
        self.check.layout.display = "none"
        self.reveal.layout.display = "none"
        self.retry.layout.display = None


class QuizWidget:
    def __init__(self, questions, title: str, seed: int | None = None, cite=None):
        rng = random.Random(seed)
        self.cards = [QuestionCard(q, i + 1, len(questions), self._update_score, rng, cite)
                      for i, q in enumerate(questions)]
        self.score = w.HTML()
        self._update_score()
        self.box = w.VBox([
            w.HTML(f"<h3>{Markup.escape(title)}</h3><p>{_('Only your first attempt counts towards the score.')}</p>"),
            *(c.box for c in self.cards), self.score,
        ])

    def _update_score(self) -> None:
        points = grading.score(c.record for c in self.cards)
        self.score.value = f"<p><strong>{_('Score: {score} of {total}').format(score=points, total=len(self.cards))}</strong></p>"

    def card(self, question_id: str) -> QuestionCard:
        return next(c for c in self.cards if c.question.id == question_id)


class FinalTestWidget(QuizWidget):
    """One attempt at the final test: the result and a per-module breakdown appear when
    every question has had its first attempt."""

    def __init__(self, questions, module_of: dict, titles: dict, seed: int, cite=None):
        self.module_of, self.titles = module_of, titles
        self.result = w.HTML()
        super().__init__(questions, _("Final test"), seed=seed, cite=cite)
        self.box.children = (*self.box.children, self.result)

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
