"""What a notebook cell shows for `quiz(...)` and `final_test()`: one display object whose
mimebundle holds every rendering of the same questions:

- the live view, for a kernel in JupyterLab: an ipywidgets widget (anywidget) that shows the
  same markup as the site and lets the kernel grade (see `widget`);
- `application/vnd.s3kurs.quiz+json`, the selection, which the course site renders as a quiz
  from the bank as it is at build time (see `sphinxext.notebooks`);
- `text/html`, the static quiz, for any other viewer.
"""
from __future__ import annotations

import itertools

from markupsafe import Markup

from .bank import require_bank
from .i18n import _
from .project import Project
from .quizdata import QUIZ_MIME_TYPE

_counter = itertools.count(1)
WIDGET_VIEW_MIME_TYPE = "application/vnd.jupyter.widget-view+json"
RUN_ALL_MENU = "Run → Run All Cells"  # JupyterLab's own menu, which is in English


class _Display:
    kind = "quiz"

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self._repr_html_(),
                  QUIZ_MIME_TYPE: {"kind": self.kind, "quiz_id": self.quiz_id, "selection": self.selection}}
        live = self.widget.box._repr_mimebundle_()
        bundle.update((live[0] if isinstance(live, tuple) else live) or {})
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

            self._widget = QuizWidget(self.questions, self.title, seed=self.seed, cite=self.cite, bank=self.bank,
                                      quiz_id=self.quiz_id)
        return self._widget

    def _repr_html_(self) -> str:
        from .render_html import render_quiz

        return render_quiz(self.questions, self.quiz_id, self.title, self.cite, self.bank)

    def _plain(self) -> str:
        return _("{title} ({count} questions)").format(title=self.title, count=len(self.questions))


def quiz(module: str | None = None, *, ids=(), tags=(), goals=(), title: str | None = None,
         seed: int | None = None) -> Quiz:
    """The questions of *module* (for example "modul-1"), or those chosen by id, tag or goal."""
    project = Project.find()
    bank = require_bank(project)
    if module is not None and module not in bank.modules:
        raise ValueError(_("no module '{module}' in quizzes/: use one of {modules}").format(
            module=module, modules=", ".join(bank.modules)))
    modules = [module] if module else []
    questions = bank.select(ids=ids, tags=tags, goals=goals, modules=modules)
    if not questions:
        raise ValueError(_("no question matches: check the module, ids, tags or goals"))
    title = title or (bank.modules[module].title if module else _("Quiz"))
    quiz_id = f"s3k-{module or 'quiz'}-{next(_counter)}"
    selection = {"modules": modules, "ids": list(ids), "tags": list(tags), "goals": list(goals), "title": title}
    return Quiz(questions, title, quiz_id, cite=project.short_citation, seed=seed, bank=bank, selection=selection)


class FinalTest(_Display):
    """The final test: live, one attempt drawn with *seed*; static, every question with the
    browser drawing each attempt (the same draw, see `exam.py`)."""

    kind = "final"

    def __init__(self, bank, project, seed: int, code: str = ""):
        from . import exam

        self.bank, self.project, self.seed, self.code = bank, project, seed, code
        self.quiz_id, self.selection = f"s3k-slutprov-{next(_counter)}", ({"code": code} if code else {})
        modules = {m: c.questions for m, c in bank.modules.items()}
        self.questions = exam.draw(modules, seed)
        self._widget = None

    @property
    def widget(self):
        if self._widget is None:
            from .widget import FinalTestWidget

            titles = {m: c.title for m, c in self.bank.modules.items()}
            self._widget = FinalTestWidget(self.questions, self.bank.module_map(), titles, self.seed,
                                           self.project.short_citation, bank=self.bank, quiz_id=self.quiz_id,
                                           code=self.code)
        return self._widget

    def _repr_html_(self) -> str:
        from .render_html import render_final_test

        return render_final_test(self.bank, self.quiz_id, self.project.short_citation, code=self.code)

    def _plain(self) -> str:
        if self.code:
            return _("Final test ({count} questions, group code {code})").format(count=len(self.questions), code=self.code)
        return _("Final test ({count} questions, seed {seed})").format(count=len(self.questions), seed=self.seed)


def final_test(seed: int | None = None, *, code: str | None = None) -> FinalTest:
    """A final-test attempt; the same *seed* always gives the same questions. With a group *code*
    (a short word or number from the trainer) the attempt is the group's: the same questions in the
    same order, with the same order of the options, as on the course site with the same code."""
    from .exam import GROUP_CODE_MAX, group_code, group_seed, new_seed

    normalised = group_code(code or "")
    if normalised and seed is not None:
        raise ValueError(_("final_test: give either a seed or a group code, not both"))
    if len(normalised) > GROUP_CODE_MAX:
        raise ValueError(_("final_test: a group code has at most {max} characters").format(max=GROUP_CODE_MAX))
    if code is not None and not normalised:
        raise ValueError(_("final_test: the group code is empty"))
    project = Project.find()
    seed = group_seed(normalised) if normalised else (new_seed() if seed is None else seed)
    return FinalTest(require_bank(project), project, seed, normalised)


def without_live_views(notebook) -> int:
    """Replace, in a notebook about to be saved, each output that shows a live widget (a quiz, the
    final test, a workshop exercise) with a hint to run all cells. A saved widget view has no kernel
    behind it when the notebook is opened again: JupyterLab would show "model not found" instead.
    Used by `make lab`'s save hook (jupyter/jupyter_lab_config.py). Returns how many were replaced."""
    hint = _("This part appears when the notebook runs. Run all cells: choose {menu}.").format(menu=RUN_ALL_MENU)
    replaced = 0
    for cell in notebook.get("cells", ()):
        outputs = cell.get("outputs") or []
        for index, output in enumerate(outputs):
            if WIDGET_VIEW_MIME_TYPE in (output.get("data") or {}):
                outputs[index] = {"output_type": "display_data", "metadata": {}, "data": {
                    "text/html": f'<p class="s3k-run-all"><strong>{Markup.escape(hint)}</strong></p>',
                    "text/plain": hint}}
                replaced += 1
    return replaced
