"""Loading and validating the question bank (`quizzes/*.yml`).

`load_bank()` never raises for bad input: every problem becomes one `Problem` that
names the file, the line, the field and what to do. A file with a problem is
reported, never silently skipped: callers refuse to use a bank with problems.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import ValidationError

from . import model
from .project import Project
from .yamlload import Loaded, StrictYAMLError, load, no_gc

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


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
        import hashlib
        import json

        dump = [f.content.model_dump(mode="json") for f in sorted(self.files, key=lambda f: f.content.module)]
        return hashlib.sha256(json.dumps(dump, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]

    @cached_property
    def _modules_by_question(self) -> dict[str, str]:
        return {q.id: f.content.module for f in self.files for q in f.content.questions}

    def module_map(self) -> dict[str, str]:
        return dict(self._modules_by_question)

    def module_of(self, question_id: str) -> str:
        return self._modules_by_question[question_id]

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


def field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _strip_tags(loc: tuple) -> tuple:
    """Drop the discriminator tag pydantic puts after a question's index."""
    return tuple(p for p in loc if p not in model.QUESTION_TYPES)


def _allowed_fields(data, loc) -> list[str]:
    cls = {
        "single_choice": model.SingleChoice, "multiple_choice": model.MultipleChoice,
        "true_false": model.TrueFalse, "ordering": model.Ordering, "matching": model.Matching,
    }
    parent = loc[:-1]
    if parent == ():
        return list(model.QuestionFile.model_fields)
    if len(parent) == 2 and parent[0] == "questions":
        qtype = _get(data, parent + ("type",))
        return list(cls[qtype].model_fields) if qtype in cls else []
    names = {"options": model.Option, "targets": model.Target, "source": model.Source, "feedback": model.TrueFalseFeedback}
    for part in reversed(parent):
        if isinstance(part, str) and part in names:
            return list(names[part].model_fields)
    return []


def _get(data, loc):
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _message(error: dict, data, loc: tuple) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    if kind == "missing":
        return "required field is missing: add it"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(data, loc)
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown field: remove it or correct the spelling{hint}"
    if kind == "union_tag_invalid":
        return f"unknown type {ctx.get('tag')!r}: use one of {', '.join(model.QUESTION_TYPES)}"
    if kind == "union_tag_not_found":
        return f"the question has no 'type': add one of {', '.join(model.QUESTION_TYPES)}"
    if kind == "string_pattern_mismatch":
        return f"{shown} is not a valid id: use lowercase letters a-z, digits and hyphens"
    if kind == "string_too_short":
        return "is empty: write some text"
    if kind == "string_too_long":
        return f"is too long (over {ctx.get('max_length')} characters): shorten it"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), has {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"has too many items (at most {ctx.get('max_length')})"
    if kind == "literal_error":
        return f"is {shown}: use one of {ctx.get('expected')}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in ("int_parsing", "float_parsing"):
        return f"is {shown}, expected a number: write it in digits, e.g. 3"
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f"is {shown}, which YAML reads as a number or true/false: put the text in quotes ('{value}')"
    if kind.endswith("_type") or kind in ("model_type", "dict_type", "list_type"):
        expected = {"string_type": "text", "list_type": "a list", "model_type": "a mapping (field: value)",
                    "dict_type": "a mapping (field: value)", "bool_type": "true or false",
                    "int_type": "a whole number"}.get(kind, error["msg"].lower())
        return f"is {shown}, expected {expected}"
    return f"{error['msg']} (got {shown})"


def problems_from_validation(err: ValidationError, loaded: Loaded, shown: str) -> list[Problem]:
    problems = []
    data = loaded.data
    for error in err.errors(include_url=False):
        loc = _strip_tags(error["loc"])
        message = _message(error, data, loc)
        at = loc
        if error["type"] == "value_error" and len(loc) == 2 and loc[0] == "questions":
            # a rule over a whole question: point at the field it is about
            target = ("options" if message.startswith("option id") else
                      "targets" if message.startswith("target id") else "key")
            at = loc + (target,)
        qid = _get(data, loc[:2] + ("id",)) if len(loc) >= 2 and loc[0] == "questions" else None
        where = field_path(at)
        if isinstance(qid, str):
            where = f"{where} (question {qid})"
        problems.append(Problem(shown, loaded.line_of(at), where, message))
    return problems


def read_yaml(path: Path, shown: str) -> tuple[Loaded | None, list[Problem]]:
    """A YAML file read strictly, or the problems that stop it being read (one line each)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, None, "", f"cannot read the file ({exc.strerror}): check the path")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, None, "", f"the file is {len(raw):,} bytes, over the limit of {MAX_BYTES:,}: "
                                               "split it into smaller files")]
    if b"\0" in raw:
        return None, [Problem(shown, None, "", "the file is binary, not YAML text: save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, "", "the file is not UTF-8: save it with UTF-8 encoding")]
    try:
        loaded = load(text)
    except StrictYAMLError as exc:
        return None, [Problem(shown, exc.line, "", exc.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, line, "", f"YAML syntax error: {what}; check indentation, and quote text "
                                               "that contains ': ' or starts with a special character")]
    return loaded, []


def read_file(path: Path, project: Project | None = None) -> tuple[BankFile | None, list[Problem]]:
    shown = _display(path, project)
    loaded, problems = read_yaml(path, shown)
    if loaded is None:
        return None, problems
    if loaded.data is None:
        return None, [Problem(shown, None, "", "the file is empty: add module, title and questions, or delete the file")]
    if not isinstance(loaded.data, dict):
        return None, [Problem(shown, 1, "", "wrong shape: the file must be a mapping with module, title and questions")]
    try:
        content = model.QuestionFile.model_validate(loaded.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, loaded, shown)
    except RecursionError:
        return None, [Problem(shown, None, "", "the YAML is nested too deeply: a question file is at most a few levels deep")]
    problems = []
    if content.module != path.stem:
        problems.append(Problem(shown, loaded.line_of(("module",)), "module",
                                f"'{content.module}' differs from the file name: call it '{path.stem}' or rename the file"))
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
                                f"the bibliography cannot be read ({exc}): fix the .bib file"))
    for f in files:
        shown = _display(f.path, project)
        for i, q in enumerate(f.content.questions):
            at = ("questions", i)
            line = f.loaded.line_of
            label = f"questions[{i}] (question {q.id})"
            if q.id in first_seen:
                problems.append(Problem(shown, line(at + ("id",)), label + ".id",
                                        f"id '{q.id}' is already used at {first_seen[q.id]}: give this question a new id"))
            else:
                first_seen[q.id] = f"{shown}:{line(at + ('id',))}"
            if project is None:
                continue
            if q.lesson not in project.labels:
                problems.append(Problem(shown, line(at + ("lesson",)), label + ".lesson",
                                        f"no label '({q.lesson})=' exists in book/: use an existing label or add it above the section"))
            for j, goal in enumerate(q.goals):
                if goal not in project.goals:
                    problems.append(Problem(shown, line(at + ("goals", j)), label + f".goals[{j}]",
                                            f"no lesson declares the learning goal '{goal}': use a goal id from a {{learning-goals}} block"))
            if bib is not None and q.source.key not in bib:
                problems.append(Problem(shown, line(at + ("source",)), label + ".source",
                                        f"'{q.source.key}' is not a key in {', '.join(p.name for p in project.bib_files)}: "
                                        "add the reference or use an existing key"))
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
    return Bank(files), problems


def require_bank(project: Project) -> Bank:
    """The project's bank, or BankError listing every problem."""
    bank, problems = load_bank(project=project)
    if problems:
        raise BankError(problems)
    return bank
