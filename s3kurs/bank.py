"""Loading and validating the question bank (`quizzes/*.yml`).

`load_bank()` never raises for bad input: every problem becomes one `Problem` that
names the file, the line, the field and what to do. A file with a problem is
reported, never silently skipped: callers refuse to use a bank with problems.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from . import model
from .datafile import Problem, field_path, message, problems_from_validation, read_yaml, too_deep, value_at
from .i18n import _
from .project import Project
from .yamlload import Loaded, no_gc


@dataclass
class BankFile:
    path: Path
    content: model.QuestionFile
    loaded: Loaded


@dataclass
class Bank:
    files: list[BankFile] = field(default_factory=list)

    @property
    def questions(self) -> list:
        return [q for f in self.files for q in f.content.questions]

    @property
    def modules(self) -> dict[str, model.QuestionFile]:
        return {f.content.module: f.content for f in self.files}

    @cached_property
    def version(self) -> str:
        """A short fingerprint of the questions: it changes whenever the bank changes."""
        dump = [f.content.model_dump(mode="json") for f in sorted(self.files, key=lambda f: f.content.module)]
        return hashlib.sha256(json.dumps(dump, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]

    @cached_property
    def hashes(self) -> dict[str, str]:
        """Each question's content hash (see `question_hash`)."""
        return {q.id: question_hash(q) for q in self.questions}

    @cached_property
    def _modules_by_question(self) -> dict[str, str]:
        return {q.id: f.content.module for f in self.files for q in f.content.questions}

    def module_map(self) -> dict[str, str]:
        return dict(self._modules_by_question)

    def get(self, question_id: str):
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def select(self, *, ids=(), tags=(), goals=(), modules=()) -> list:
        """Questions matching any of the criteria, in bank order (ids in the order given)."""
        chosen = [self.get(i) for i in ids]
        for f in self.files:
            for q in f.content.questions:
                if q in chosen:
                    continue
                if (f.content.module in modules or set(tags) & set(q.tags) or set(goals) & set(q.goals)):
                    chosen.append(q)
        return chosen


def question_hash(question) -> str:
    """8 hex digits over what an answer to *question* means: its type, prompt, options (id and
    text), targets and key. Feedback, explanation, tags, level and difficulty are left out, so
    answers stay comparable when only those change."""
    data = question.model_dump(mode="json", include={"type", "prompt", "options", "targets", "key"})
    if "options" in data:
        data["options"] = [{"id": o["id"], "text": o["text"]} for o in data["options"]]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]


class BankError(Exception):
    """Raised by `require_bank()` when the bank has problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


# -- one file ---------------------------------------------------------------

def _display(path: Path, project: Project | None) -> str:
    try:
        return str(path.resolve().relative_to(project.root)) if project else str(path)
    except ValueError:
        return str(path)


QUESTION_MODELS = {"single_choice": model.SingleChoice, "multiple_choice": model.MultipleChoice,
                   "true_false": model.TrueFalse, "ordering": model.Ordering, "matching": model.Matching}
PART_MODELS = {"options": model.Option, "targets": model.Target, "source": model.Source,
               "feedback": model.TrueFalseFeedback}


def question_label(where: str, question_id: str) -> str:
    """A field path with the question it is in: "questions[3].key (question m1-q4)"."""
    return _("{field} (question {id})").format(field=where, id=question_id)


def _allowed_fields(data, loc) -> list[str]:
    parent = loc[:-1]
    if parent == ():
        return list(model.QuestionFile.model_fields)
    if len(parent) == 2 and parent[0] == "questions":
        qtype = value_at(data, parent + ("type",))
        return list(QUESTION_MODELS[qtype].model_fields) if qtype in QUESTION_MODELS else []
    for part in reversed(parent):
        if isinstance(part, str) and part in PART_MODELS:
            return list(PART_MODELS[part].model_fields)
    return []


def _explainer(data):
    """How a question file's validation errors are pointed at and described."""

    def explain(error: dict, loc: tuple) -> tuple[tuple, str, str]:
        loc = tuple(p for p in loc if p not in model.QUESTION_TYPES)  # pydantic's discriminator tag
        types = ", ".join(model.QUESTION_TYPES)
        if error["type"] == "union_tag_invalid":
            text = _("unknown type {type}: use one of {types}").format(
                type=repr((error.get("ctx") or {}).get("tag")), types=types)
        elif error["type"] == "union_tag_not_found":
            text = _("the question has no 'type': add one of {types}").format(types=types)
        else:
            text = message(error, _allowed_fields(data, loc) if error["type"] == "extra_forbidden" else ())
        at = loc
        if error["type"] == "value_error" and len(loc) == 2 and loc[0] == "questions":
            # a rule over a whole question: point at the field it is about
            at = loc + (getattr((error.get("ctx") or {}).get("error"), "field", "key"),)
        where = field_path(at)
        qid = value_at(data, loc[:2] + ("id",)) if len(loc) >= 2 and loc[0] == "questions" else None
        if isinstance(qid, str):
            where = question_label(where, qid)
        return at, where, text

    return explain


def read_file(path: Path, project: Project | None = None) -> tuple[BankFile | None, list[Problem]]:
    shown = _display(path, project)
    loaded, problems = read_yaml(path, shown)
    if loaded is None:
        return None, problems
    if loaded.data is None:
        return None, [Problem(shown, None, "", _("the file is empty: add `module`, `title` and `questions`, or delete the "
                                                 "file"))]
    if not isinstance(loaded.data, dict):
        return None, [Problem(shown, 1, "", _("wrong shape: the file must be a mapping with `module`, `title` and "
                                              "`questions`"))]
    try:
        content = model.QuestionFile.model_validate(loaded.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, loaded, shown, explain=_explainer(loaded.data))
    except RecursionError:
        return None, [Problem(shown, None, "", too_deep())]
    problems = []
    if content.module != path.stem:
        problems.append(Problem(shown, loaded.line_of(("module",)), "module",
                                _("'{module}' differs from the file name: call it '{name}' or rename the file").format(
                                    module=content.module, name=path.stem)))
    return BankFile(path, content, loaded), problems


# -- the whole bank ------------------------------------------------------------

def _cross_checks(files: list[BankFile], project: Project | None) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    try:
        bib = project.bib_keys if project else None
    except Exception as exc:  # pybtex raises many kinds of errors for a broken .bib
        bib = None
        problems.append(Problem(", ".join(map(str, project.bib_files)), None, "",
                                _("the bibliography cannot be read ({error}): fix the `.bib` file").format(error=exc)))
    for f in files:
        shown = _display(f.path, project)
        for i, q in enumerate(f.content.questions):
            at = ("questions", i)
            line = f.loaded.line_of
            def label(field: str, i=i, q=q) -> str:
                return question_label(f"questions[{i}].{field}", q.id)

            if q.id in first_seen:
                problems.append(Problem(shown, line(at + ("id",)), label("id"),
                                        _("id '{id}' is already used at {place}: give this question a new id").format(
                                            id=q.id, place=first_seen[q.id])))
            else:
                first_seen[q.id] = f"{shown}:{line(at + ('id',))}"
            if project is None:
                continue
            if q.lesson not in project.labels:
                problems.append(Problem(shown, line(at + ("lesson",)), label("lesson"),
                                        _("no label '({label})=' exists in book/: use an existing label or add it above "
                                          "the section").format(label=q.lesson)))
            for j, goal in enumerate(q.goals):
                if goal not in project.goals:
                    problems.append(Problem(shown, line(at + ("goals", j)), label(f"goals[{j}]"),
                                            _("no lesson declares the learning goal '{goal}': use a goal id from a "
                                              "`{{learning-goals}}` block").format(goal=goal)))
            if bib is not None and q.source.key not in bib:
                problems.append(Problem(shown, line(at + ("source",)), label("source"),
                                        _("'{key}' is not a key in {files}: add the reference or use an existing "
                                          "key").format(key=q.source.key,
                                                        files=", ".join(p.name for p in project.bib_files))))
    return problems


def _enemy_checks(files: list[BankFile], project: Project | None) -> list[Problem]:
    """Enemies name existing questions, both ways; every module keeps enough enemy-free questions
    for the final test's draw, across its difficulty levels (so the draw never runs short)."""
    from .exam import QUESTIONS_PER_MODULE

    problems: list[Problem] = []
    by_id = {q.id: q for f in files for q in f.content.questions}
    for f in files:
        shown = _display(f.path, project)
        for i, q in enumerate(f.content.questions):
            for j, other in enumerate(q.enemies):
                at = ("questions", i, "enemies", j)
                where = question_label(f"questions[{i}].enemies[{j}]", q.id)
                if other == q.id:
                    problems.append(Problem(shown, f.loaded.line_of(at), where,
                                            _("'{id}' names itself: list only other questions").format(id=q.id)))
                elif other not in by_id:
                    problems.append(Problem(shown, f.loaded.line_of(at), where,
                                            _("no question has the id '{id}': use an existing id or remove it").format(
                                                id=other)))
                elif q.id not in by_id[other].enemies:
                    problems.append(Problem(shown, f.loaded.line_of(at), where,
                                            _("'{other}' does not list '{id}' among its `enemies`: enemies go both "
                                              "ways, add `enemies: [{id}]` to '{other}'").format(other=other, id=q.id)))
        free = [q for q in f.content.questions if not q.enemies]
        if len(free) == len(f.content.questions):
            continue
        levels = {q.difficulty for q in f.content.questions}
        missing = sorted(levels - {q.difficulty for q in free})
        if len(free) < QUESTIONS_PER_MODULE or missing:
            if len(free) < QUESTIONS_PER_MODULE:
                text = _("the final test needs at least {need} questions without `enemies` (has {count}): merge enemy "
                         "questions or write new ones").format(need=QUESTIONS_PER_MODULE, count=len(free))
            else:
                text = _("the final test needs a question without `enemies` at difficulty {levels}: merge enemy "
                         "questions or write new ones").format(levels=", ".join(map(str, missing)))
            problems.append(Problem(shown, f.loaded.line_of(("questions",)), "questions", text))
    return problems


def load_bank(paths=None, project: Project | None = None) -> tuple[Bank, list[Problem]]:
    """Load the given files (default: the project's whole bank), with every problem found."""
    if paths is None:
        paths = project.quiz_files() if project else []
    expanded = []
    for path in map(Path, paths):
        expanded += sorted(path.glob("*.yml")) if path.is_dir() else [path]
    files, problems = [], []
    with no_gc():
        for path in expanded:
            bank_file, found = read_file(path, project)
            problems += found
            if bank_file:
                files.append(bank_file)
    problems += _cross_checks(files, project)
    problems += _enemy_checks(files, project)
    return Bank(files), problems


def require_bank(project: Project) -> Bank:
    """The project's bank, or BankError listing every problem."""
    bank, problems = load_bank(project=project)
    if problems:
        raise BankError(problems)
    return bank
