"""What a notebook cell shows for `quiz(...)` and `final_test()`: one display object whose
mimebundle holds every rendering of the same questions:

- the ipywidgets view, for a live kernel (JupyterLab);
- `application/vnd.s3kurs.quiz+json`, the selection, which the course site renders as a quiz
  from the bank as it is at build time (see `sphinxext.notebooks`);
- `text/html`, the static quiz, for any other viewer.
"""
from __future__ import annotations

import itertools

from .bank import require_bank
from .project import Project
from .quizdata import QUIZ_MIME_TYPE
_counter = itertools.count(1)


class _Display:
    kind = "quiz"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self._repr_html_(),
                  QUIZ_MIME_TYPE: {"kind": self.kind, "quiz_id": self.quiz_id, "selection": self.selection}}
        bundle.update(self.widget.box._repr_mimebundle_() or {})
        bundle["text/plain"] = self._plain()
        return bundle


class Quiz(_Display):
    """A set of questions that displays as widgets (live) or as HTML (static)."""

    def __init__(self, questions, title: str, quiz_id: str, cite=None, seed: int | None = None, bank=None,
                 selection: dict | None = None):
        self.bank = bank
        self.selection = selection or {}
        self.questions = list(questions)
        self.title = title
        self.quiz_id = quiz_id
        self.cite = cite
        self.seed = seed
        self._widget = None

    @property
    def widget(self):
        if self._widget is None:
            from .widget import QuizWidget

            self._widget = QuizWidget(self.questions, self.title, seed=self.seed, cite=self.cite)
        return self._widget

    def _repr_html_(self) -> str:
        from .render_html import render_quiz

        return render_quiz(self.questions, self.quiz_id, self.title, self.cite, self.bank)

    def _plain(self) -> str:
        return f"{self.title} ({len(self.questions)} frågor)"


def quiz(module: str | None = None, *, ids=(), tags=(), goals=(), title: str | None = None,
         seed: int | None = None) -> Quiz:
    """The questions of *module* (for example "modul-1"), or those chosen by id, tag or goal."""
    project = Project.find()
    bank = require_bank(project)
    if module is not None and module not in bank.modules:
        raise ValueError(f"no module '{module}' in quizzes/: use one of {', '.join(bank.modules)}")
    modules = [module] if module else []
    questions = bank.select(ids=ids, tags=tags, goals=goals, modules=modules)
    if not questions:
        raise ValueError("no question matches: check the module, ids, tags or goals")
    title = title or (bank.modules[module].title if module else "Testa dig själv")
    quiz_id = f"s3k-{module or 'quiz'}-{next(_counter)}"
    selection = {"modules": modules, "ids": list(ids), "tags": list(tags), "goals": list(goals), "title": title}
    return Quiz(questions, title, quiz_id, cite=project.short_citation, seed=seed, bank=bank, selection=selection)


class FinalTest(_Display):
    """The final test: live, one attempt drawn with *seed*; static, every question with the
    browser drawing each attempt (the same draw, see `exam.py`)."""

    kind = "final"

    def __init__(self, bank, project, seed: int):
        from . import exam

        self.bank, self.project, self.seed = bank, project, seed
        self.quiz_id, self.selection = f"s3k-slutprov-{next(_counter)}", {}
        modules = {m: c.questions for m, c in bank.modules.items()}
        self.questions = exam.draw(modules, seed)
        self._widget = None

    @property
    def widget(self):
        if self._widget is None:
            from .widget import FinalTestWidget

            titles = {m: c.title for m, c in self.bank.modules.items()}
            self._widget = FinalTestWidget(self.questions, self.bank.module_map(), titles, self.seed,
                                           self.project.short_citation)
        return self._widget

    def _repr_html_(self) -> str:
        from .render_html import render_final_test

        return render_final_test(self.bank, self.quiz_id, self.project.short_citation)

    def _plain(self) -> str:
        return f"Slutprov ({len(self.questions)} frågor, slumptal {self.seed})"


def final_test(seed: int | None = None) -> FinalTest:
    """A final-test attempt; the same *seed* always gives the same questions."""
    from .exam import new_seed

    project = Project.find()
    return FinalTest(require_bank(project), project, new_seed() if seed is None else seed)
