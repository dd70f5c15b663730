"""The static rendering: quizzes, the final test and the progress page as self-contained,
accessible HTML. Used by the Sphinx extension (at write time) and by the notebook display
objects. The page's scripts (`static/`) read the JSON block, grade in the browser and keep
progress; the rule for scores and the pass mark travels with the data (`scoring.rule()`).

*link(label)* turns a lesson label into a URL (the site resolves it; a notebook has none)."""
from __future__ import annotations

from collections.abc import Callable

from . import exam, scoring
from .i18n import _, browser_strings
from .quizdata import choices, hints, question_data
from .templating import json_for_script, template

Link = Callable[[str], "str | None"]


def no_link(_label: str) -> None:
    return None


def lesson_label(bank, module: str, known: Callable[[str], bool]) -> str:
    """The label a module's quiz links back to: the module's own label, else its first question's lesson."""
    return module if known(module) else bank.modules[module].questions[0].lesson


def render_quiz(questions, quiz_id: str, title: str | None = None, cite=None, bank=None, link: Link = no_link,
                final: dict | None = None) -> str:
    modules = bank.module_map() if bank else {}
    hashes = bank.hashes if bank else {}
    data = {
        "strings": browser_strings(),
        "rule": scoring.rule(),
        "bank": bank.version if bank else None,
        "questions": {q.id: {**question_data(q, cite), "module": modules.get(q.id), "hash": hashes.get(q.id),
                             **({"enemies": q.enemies} if final and q.enemies else {})} for q in questions},
    }
    if final:
        data["final"] = final
    return template("quiz.html").render(
        quiz_id=quiz_id, title=title or _("Quiz"), questions=questions, hints=hints(), choices=choices,
        data=json_for_script(data), final=final, link=link,
    )


def render_final_test(bank, quiz_id: str, cite=None, link: Link = no_link, code: str | None = None) -> str:
    """Every question of the bank, hidden; the browser draws and shows one attempt's questions
    (with a group code, the group's attempt; *code* fills in the box, as a notebook's
    `final_test(code=...)` does)."""
    known = lambda label: link(label) is not None  # noqa: E731
    group_shown, group_too_long = _("Group code: {code}"), _("The group code can have at most {max} characters.")
    final = {
        "perModule": exam.QUESTIONS_PER_MODULE,
        "passPercent": scoring.percent(scoring.PASS_MARK.numerator, scoring.PASS_MARK.denominator),
        "modules": {m: {"title": c.title, "lesson": link(lesson_label(bank, m, known))}
                    for m, c in sorted(bank.modules.items())},
        "code": exam.group_code(code or ""),
        "group": {"max": exam.GROUP_CODE_MAX, "salt": exam.OPTION_SALT, "fold": exam.fold_exceptions(),
                  "strings": {"shown": group_shown, "tooLong": group_too_long}},
    }
    return render_quiz(bank.questions, quiz_id, _("Final test"), cite, bank, link, final)


def render_progress(bank, link: Link = no_link, course: str = "") -> str:
    """The "Min progress" summary: filled in by the browser from its own storage."""
    known = lambda label: link(label) is not None  # noqa: E731
    modules = {m: {"title": c.title, "lesson": link(lesson_label(bank, m, known)),
                   "questions": [q.id for q in c.questions]}
               for m, c in sorted(bank.modules.items())}
    with_group, no_group = _("{text} Group code: {code}."), _("no group code")
    final_row = _("{score} of {total} right ({percent} %)")
    strings = {**browser_strings(), "withGroup": with_group, "noGroup": no_group, "finalRow": final_row}
    data = {"bank": bank.version, "hashes": bank.hashes, "modules": modules, "rule": scoring.rule(),
            "course": course, "strings": strings}
    return template("progress.html").render(modules=modules, data=json_for_script(data))


def render_summary(data: dict) -> str:
    """The page "Sammanställ gruppens resultat": the browser reads the trainer's files with the
    page data (`results.page_data`) and shows the group's figures."""
    return template("summary.html").render(data=json_for_script(data))
