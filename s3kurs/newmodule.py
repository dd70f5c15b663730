"""`s3kurs ny-modul N "Titel"`: the skeleton of a new module, so that the README's recipe is one
command followed by writing the lesson and the questions.

It writes `book/modul-N.md` (label, title, learning goals, a section, the module's quiz, its
sources, the review date), `quizzes/modul-N.yml` (the module and its title; the questions are the
maintainer's to write), `notebooks/modul-N-testa-dig-sjalv.ipynb` (a copy of an existing module's
"Testa dig själv" notebook), and adds the pages to `_toc.yml` and the module to the home page's
table. It refuses to overwrite anything.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from .i18n import _
from .project import Project
from .templating import template


class NewModuleError(Exception):
    """The module cannot be created; the message says why and what to do."""


def create(project: Project, number: int, title: str) -> list[Path]:
    """Write the new module's files; return the files written or changed."""
    module = f"modul-{number}"
    root = project.root
    lesson = root / "book" / f"{module}.md"
    questions = root / "quizzes" / f"{module}.yml"
    notebook = root / "notebooks" / f"{module}-testa-dig-sjalv.ipynb"
    existing = [p for p in (lesson, questions, notebook) if p.exists()]
    if existing:
        raise NewModuleError(_("{path} already exists: choose another module number").format(
            path=existing[0].relative_to(root)))
    models = sorted(root.glob("notebooks/modul-*-testa-dig-sjalv.ipynb"))
    if not models:
        raise NewModuleError(_("no notebooks/modul-*-testa-dig-sjalv.ipynb to copy: add one first"))
    if not title.strip():
        raise NewModuleError(_("give the module a title, e.g. s3kurs ny-modul 7 \"Uppföljning\""))

    lesson.write_text(template("ny-modul/lektion.md").render(
        module=module, number=number, title=title.strip(), today=dt.date.today().isoformat()), encoding="utf-8")
    questions.write_text(f"module: {module}\ntitle: {json.dumps(f'Modul {number}: {title.strip()}', ensure_ascii=False)}\n"
                         "questions:\n", encoding="utf-8")
    model = models[0]
    old = re.fullmatch(r"modul-(\d+)-testa-dig-sjalv", model.stem)[1]
    text = model.read_text(encoding="utf-8")
    text = re.sub(rf"\bmodul-{old}\b", module, text).replace(f"modul {old}", f"modul {number}")
    notebook.write_text(text, encoding="utf-8")
    return [lesson, questions, notebook, _add_to_toc(root, module), _add_to_home_page(root, module, number, title)]


def _add_to_toc(root: Path, module: str) -> Path:
    """After the last module chapter (and its sections) of `_toc.yml`."""
    toc = root / "_toc.yml"
    lines = toc.read_text(encoding="utf-8").splitlines(keepends=True)
    chapters = [i for i, line in enumerate(lines) if re.match(r"\s*- file: book/modul-\d+\s*$", line)]
    if not chapters:
        raise NewModuleError(_("_toc.yml has no chapter book/modul-N: add the new module by hand"))
    last = chapters[-1]
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    end = last + 1
    while end < len(lines) and (lines[end].startswith(indent + " ") or not lines[end].strip()):
        end += 1
    lines[end:end] = [f"{indent}- file: book/{module}\n", f"{indent}  sections:\n",
                      f"{indent}    - file: notebooks/{module}-testa-dig-sjalv\n"]
    toc.write_text("".join(lines), encoding="utf-8")
    return toc


def _add_to_home_page(root: Path, module: str, number: int, title: str) -> Path:
    """A row after the last module row of the home page's table, if it has one."""
    home = root / "book" / "index.md"
    lines = home.read_text(encoding="utf-8").splitlines(keepends=True)
    rows = [i for i, line in enumerate(lines) if line.startswith("| Modul ")]
    if rows:
        lines.insert(rows[-1] + 1, f"| Modul {number}: {title.strip()} | Skriv vad modulen handlar om. | "
                                   f"{{module-minutes}}`{module}` |\n")
        home.write_text("".join(lines), encoding="utf-8")
    return home
