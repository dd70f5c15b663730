"""Group results: read learners' downloaded results files and the groups' exercise CSV files,
and summarise them for a trainer. The course site's page "Sammanställ gruppens resultat"
(`static/s3kurs-summary.js`) does the same, step for step, in the browser: the same checks in the
same order, the same one-line reasons, the same figures (a test runs both on one set of files).

Results files: the format is defined by one JSON Schema per version (`schemas/results-v1.schema.json`,
`schemas/results-v2.schema.json`; the browser validates with code generated from the same
files). Version 2 carries a content hash per question, so answers to questions that a bank
update left unchanged still count; answers to changed or removed questions are ignored and
counted. Version 1 files are read when they come from the current bank version.

Exercise files: the CSV files the exercises write (the notebooks' `workshop/output.py`, the site's
tools: semicolons, UTF-8 with a byte order mark, the columns of the exercise's `rows()`). A file
is told apart by its name (ending in .csv) and recognised by its first row. Per exercise the group's
files give, per item, the number of files, the mean, the smallest and largest score and the standard
deviation (`scoring.tenths`, `scoring.sd_tenths`: rounded down to one decimal, decimal comma).

A file that cannot be read, is empty, is too large, is not a results or exercise file, has an
unknown format version, breaks the schema, (version 1) comes from another bank version, has a
row that does not fit its exercise, or is a file read before (the same name and content), is reported in
one line and skipped.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import exam, itemstats, scoring
from .i18n import N_, _, os_error
from .markup import plain

FORMAT = "s3kurs-results"
FORMAT_VERSION = 2
SCHEMAS = {1: "results-v1.schema.json", 2: "results-v2.schema.json"}
SCHEMA_DIR = Path(__file__).parent / "schemas"
MAX_BYTES = 5_000_000
LIMIT = f"{MAX_BYTES:,}".replace(",", " ")  # as the reason shows it

# Why a file is skipped: one line each, the same in the command and on the page.
REASONS = {
    "unreadable": N_("{path}: cannot be read ({reason}); skipped"),
    "empty": N_("{path}: the file is empty; skipped"),
    "large": N_("{path}: the file is larger than {limit} bytes, so it is not a results file; skipped"),
    "json": N_("{path}: not valid JSON (corrupt or not a results file); skipped"),
    "format": N_('{path}: not an s3kurs results file (no "format": "{format}"); skipped'),
    "version": N_("{path}: format version {version}, this tool reads versions {known}; skipped"),
    "schema": N_("{path}: does not follow the results format at {where}; skipped"),
    "top": N_("the top level"),
    "bank": N_("{path}: a version 1 file from question bank {old}, the course now has {new}; "
               "ask for a new download; skipped"),
    "same": N_("{path}: the same file as {other} (the same name and content); skipped"),
    "text": N_("{path}: not UTF-8 text, so not an exercise file from the course; skipped"),
    "csv": N_("{path}: not a readable CSV file (a quotation mark out of place in row {row}); skipped"),
    "header": N_("{path}: the first row does not have the columns of one of the course's exercises; skipped"),
    "rows": N_("{path}: no rows under the column names; skipped"),
    "columns": N_("{path}: row {row} has {count} columns, not {expected}; skipped"),
    "score": N_("{path}: row {row}, column {column}: ”{value}” is not a score from {min} to {max}; skipped"),
    "unknown": N_("{path}: row {row}: ”{value}” is not one of: {known}; skipped"),
    "name": N_("{path}: row {row}: the name is empty; skipped"),
    "twice": N_("{path}: ”{name}” appears more than once; skipped"),
    "missing": N_("{path}: ”{name}” is missing; skipped"),
    "total": N_("{path}: row {row}: the total ”{total}” is not the sum of the scores ({sum}); skipped"),
}
ASCII_SPACE = b" \t\n\r\x0b\x0c"   # what bytes.strip() removes: a file of nothing else is empty
SCORE = re.compile(r"[0-9]+")


def _reason(reason: str, /, **params) -> str:
    return _(REASONS[reason]).format(**params)


@cache
def validator(version: int):
    """A validator for one format version's schema."""
    import jsonschema

    schema = json.loads((SCHEMA_DIR / SCHEMAS[version]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def path_key(path) -> list[tuple]:
    """How the first schema problem is chosen, here and in the browser: the smallest location,
    comparing part by part, a part of digits as a number before any name."""
    return [(0, int(p), "") if isinstance(p, int) or re.fullmatch(r"[0-9]+", p) else (1, 0, p) for p in path]


def schema_problem(data: dict, version: int) -> str | None:
    """Where *data* first breaks its version's schema ("questions/0"; "" for the top level), or None."""
    paths = [list(error.absolute_path) for error in validator(version).iter_errors(data)]
    if not paths:
        return None
    return "/".join(str(p) for p in min(paths, key=path_key))


@dataclass
class FinalAttempt:
    """One final-test attempt: the answers that still count, in the order they were shown."""
    group: str | None
    seed: int | None
    score: int
    total: int
    passed: bool
    answers: list[tuple[str, bool]]


@dataclass
class Learner:
    """One results file, read against the current bank."""
    path: Path
    first: dict[str, bool]  # question id -> right at the first attempt
    finals: list[FinalAttempt]
    ignored: int = 0  # answers to questions that were changed or removed since


@dataclass
class Tally:
    answered: int = 0
    right: int = 0

    @property
    def percent(self) -> int:
        return scoring.percent(self.right, self.answered)

    def add(self, right: bool) -> None:
        self.answered += 1
        self.right += right


@dataclass
class ExerciseFile:
    """One exercise CSV file: its exercise and one value per item {item key: (label, value)}."""
    path: Path
    key: str
    values: dict[tuple, tuple[tuple[str, ...], int]]


@dataclass
class ItemFigures:
    """One item of an exercise across a group's files."""
    label: tuple[str, ...]
    values: list[int] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.values)

    @property
    def mean_tenths(self) -> int:
        return scoring.tenths(sum(self.values), len(self.values))

    @property
    def sd_tenths(self) -> int:
        return scoring.sd_tenths(self.values)

    def as_json(self) -> dict:
        return {"label": list(self.label), "n": self.n, "mean_tenths": self.mean_tenths,
                "mean": scoring.decimal(self.mean_tenths), "min": min(self.values), "max": max(self.values),
                "sd_tenths": self.sd_tenths, "sd": scoring.decimal(self.sd_tenths)}


@dataclass
class ExerciseSummary:
    key: str
    kind: str
    title: str
    columns: list[str]           # the headings of the label columns
    obstacles: list[str]         # (obstacle analysis) the exercise's own obstacles, in order
    files: int = 0
    items: dict[tuple, ItemFigures] = field(default_factory=dict)  # in the order they first came

    def ordered(self) -> list[ItemFigures]:
        """Items in the order they are shown. Self-assessment and actor mapping: the exercise's
        order. Prioritisation: areas by their mean total, highest first (compared exactly; ties in
        the order the areas first came), each area's criteria then its total. Obstacle analysis:
        the exercise's obstacles in its order, then the groups' own in the order they first came."""
        if self.kind == "areas":
            areas: dict[str, list[ItemFigures]] = {}
            for key, item in self.items.items():
                areas.setdefault(key[0], []).append(item)
            ranked = _stable_sort(list(areas.values()),
                                  lambda a, b: sum(b[-1].values) * a[-1].n - sum(a[-1].values) * b[-1].n)
            return [item for area in ranked for item in area]
        if self.kind == "obstacles":
            known = {exam.group_code(o): i for i, o in enumerate(self.obstacles)}
            return [item for key, item in _stable_sort(
                list(self.items.items()), lambda a, b: known.get(a[0][0], len(known)) - known.get(b[0][0], len(known)))]
        return list(self.items.values())

    def as_json(self) -> dict:
        return {"title": self.title, "files": self.files, "columns": self.columns,
                "items": [item.as_json() for item in self.ordered()]}


def _stable_sort(items: list, compare) -> list:
    """A stable sort by *compare(a, b)* (negative: a first), as the browser's Array.prototype.sort is."""
    from functools import cmp_to_key

    return sorted(items, key=cmp_to_key(compare))


@dataclass
class Summary:
    learners: list[Learner] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    questions: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    modules: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    exercise_files: list[ExerciseFile] = field(default_factory=list)
    exercises: dict[str, ExerciseSummary] = field(default_factory=dict)

    @property
    def files(self) -> int:
        return len(self.learners)

    @property
    def ignored(self) -> int:
        return sum(learner.ignored for learner in self.learners)


def _forbid_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: JavaScript's JSON.parse rejects them too


def read(path: Path, bank) -> tuple[Learner | None, str | None]:
    """The learner's answers in *path* that count against *bank*, or None and why it is skipped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, _reason("unreadable", path=path, reason=os_error(exc))
    return read_results(path, raw, bank)


def _size_problem(path, raw: bytes) -> str | None:
    """Too large (checked first: the browser need not read such a file), or empty."""
    if len(raw) > MAX_BYTES:
        return _reason("large", path=path, limit=LIMIT)
    if not raw.strip(ASCII_SPACE):
        return _reason("empty", path=path)
    return None


def read_results(path, raw: bytes, bank) -> tuple[Learner | None, str | None]:
    """A results file's bytes, read against *bank* (see `read`)."""
    problem = _size_problem(path, raw)
    if problem:
        return None, problem
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_forbid_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, _reason("json", path=path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, _reason("format", path=path, format=FORMAT)
    version = data.get("formatVersion")
    if not isinstance(version, (int, float)) or isinstance(version, bool) or version not in SCHEMAS:
        return None, _reason("version", path=path, known=", ".join(map(str, SCHEMAS)),
                             version=json.dumps(version, ensure_ascii=False, separators=(",", ":")))
    where = schema_problem(data, version)
    if where is not None:
        return None, _reason("schema", path=path, where=where or _(REASONS["top"]))
    if version == 1:
        if data["bankVersion"] != bank.version:
            return None, _reason("bank", path=path, old=data["bankVersion"], new=bank.version)
        return _from_v1(path, data, bank), None
    return _from_v2(path, data, bank), None


def _from_v1(path: Path, data: dict, bank) -> Learner:
    first = {q["id"]: q["firstAttemptCorrect"] for q in data["questions"] if q["id"] in bank.hashes}
    finals = [FinalAttempt(None, None, t["score"], t["total"], t["passed"], []) for t in data["finalTests"]]
    return Learner(path, first, finals)


def _from_v2(path: Path, data: dict, bank) -> Learner:
    def counts(answer: dict) -> bool:
        return bank.hashes.get(answer["id"]) == answer["hash"]

    questions = data["questions"]
    first = {q["id"]: q["firstAttemptCorrect"] for q in questions if counts(q)}
    ignored = len(questions) - len(first)
    finals = []
    for t in data["finalTests"]:
        kept = [(a["id"], a["correct"]) for a in t["answers"] if counts(a)]
        ignored += len(t["answers"]) - len(kept)
        group = exam.group_code(t["group"]) if "group" in t else None
        finals.append(FinalAttempt(group or None, t["seed"], t["score"], t["total"], t["passed"], kept))
    return Learner(path, first, finals, ignored)


# -- exercise CSV files ------------------------------------------------------------------------------

EXERCISE_KINDS = {"self_assessment": "grid", "prioritisation": "areas", "actor_mapping": "actors",
                  "obstacle_analysis": "obstacles"}


def exercise_formats(exercises: dict, scale) -> dict[str, dict]:
    """What a reader needs to know of each exercise's CSV file (plain data, handed to the page too):
    its columns as the exercise's `rows()` writes them, its items and the scale."""
    formats = {}
    for key, kind in EXERCISE_KINDS.items():
        ex = exercises.get(key)
        if ex is None:
            continue
        header = list(ex.rows(ex.example)[0])
        entry = {"kind": kind, "title": ex.title, "header": header, "scale": [scale.min, scale.max]}
        if kind == "grid":
            entry.update(rows=[s.name for s in ex.steps], columns=[f.name for f in ex.factors],
                         labels=[header[0], _("Factor")])
        elif kind == "areas":
            entry.update(columns=[c.name for c in ex.criteria], labels=[header[1], _("Criterion")])
        elif kind == "actors":
            entry.update(helices=[h.name for h in ex.helices], levels=[lv.name for lv in ex.levels],
                         labels=[header[2], header[1]], all=[_("All levels"), _("All parts")])
        else:
            entry.update(obstacles=[o.name for o in ex.obstacles], labels=[header[1]])
        formats[key] = entry
    return formats


def parse_csv(text: str) -> tuple[list[list[str]] | None, int]:
    """Records of semicolon-separated text (quotes as the csv module writes them: a field in
    quotation marks may hold ; and line breaks, "" is one quotation mark). Lines end in \\r\\n, \\n
    or \\r. Returns (records, 0), or (None, the record number) where a quotation mark is out of place."""
    records: list[list[str]] = []
    record: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True      # at the start of a field
    quoted_done = False  # just after a closing quotation mark
    while i < n:
        c = text[i]
        if at_start and c == '"':
            i += 1
            while True:
                if i >= n:
                    return None, len(records) + 1
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            at_start, quoted_done = False, True
            continue
        if c == ";":
            record.append("".join(cell))
            cell, at_start, quoted_done = [], True, False
        elif c in "\r\n":
            record.append("".join(cell))
            records.append(record)
            record, cell, at_start, quoted_done = [], [], True, False
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
        elif quoted_done:
            return None, len(records) + 1
        else:
            cell.append(c)
            at_start = False
        i += 1
    if cell or record or not at_start or quoted_done:
        record.append("".join(cell))
        records.append(record)
    return records, 0


def read_exercise(path, raw: bytes, formats: dict[str, dict]) -> tuple[ExerciseFile | None, str | None]:
    """An exercise CSV file's values per item, or None and why it is skipped."""
    problem = _size_problem(path, raw)
    if problem:
        return None, problem
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _reason("text", path=path)
    records, bad_row = parse_csv(text)
    if records is None:
        return None, _reason("csv", path=path, row=bad_row)
    numbered = [(number, record) for number, record in enumerate(records, 1) if record != [""]]
    if not numbered:
        return None, _reason("header", path=path)
    header = numbered[0][1]
    key = next((k for k, f in formats.items() if f["header"] == header), None)
    if key is None:
        return None, _reason("header", path=path)
    rows = numbered[1:]
    if not rows:
        return None, _reason("rows", path=path)
    for number, record in rows:
        if len(record) != len(header):
            return None, _reason("columns", path=path, row=number, count=len(record), expected=len(header))
    fmt = formats[key]
    result = _EXERCISE_READERS[fmt["kind"]](path, rows, fmt)
    if isinstance(result, str):
        return None, result
    return ExerciseFile(path, key, result), None


def _score(path, number: int, column: int, value: str, fmt: dict) -> int | str:
    low, high = fmt["scale"]
    if SCORE.fullmatch(value) and low <= int(value) <= high:
        return int(value)
    return _reason("score", path=path, row=number, column=column, value=value, min=low, max=high)


def _known(path, number: int, value: str, known: list[str]) -> str | None:
    return None if value in known else _reason("unknown", path=path, row=number, value=value, known=", ".join(known))


def _read_grid(path, rows, fmt):
    values, seen = {}, set()
    columns = fmt["columns"]
    for number, record in rows:
        step = record[0]
        problem = _known(path, number, step, fmt["rows"])
        if problem:
            return problem
        if step in seen:
            return _reason("twice", path=path, name=step)
        seen.add(step)
        for j, factor in enumerate(columns):
            score = _score(path, number, j + 2, record[j + 1], fmt)
            if isinstance(score, str):
                return score
            values[(step, factor)] = ((step, factor), score)
    missing = [step for step in fmt["rows"] if step not in seen]
    if missing:
        return _reason("missing", path=path, name=missing[0])
    return {key: values[key] for key in ((s, f) for s in fmt["rows"] for f in columns)}


def _named(path, number: int, name: str, seen: set) -> tuple[str | None, str]:
    """A name's key (normalised as group codes are), or a reason."""
    key = exam.group_code(name)
    if not key:
        return _reason("name", path=path, row=number), ""
    if key in seen:
        return _reason("twice", path=path, name=name), ""
    seen.add(key)
    return None, key


def _read_areas(path, rows, fmt):
    values, seen = {}, set()
    columns, total_label = fmt["columns"], fmt["header"][-1]
    for number, record in rows:
        name = record[1]
        problem, key = _named(path, number, name, seen)
        if problem:
            return problem
        scores = []
        for j, criterion in enumerate(columns):
            score = _score(path, number, j + 3, record[j + 2], fmt)
            if isinstance(score, str):
                return score
            scores.append(score)
            values[(key, criterion)] = ((name, criterion), score)
        total = record[-1]
        if not SCORE.fullmatch(total) or int(total) != sum(scores):
            return _reason("total", path=path, row=number, total=total, sum=sum(scores))
        values[(key, "")] = ((name, total_label), sum(scores))
    return values


def _read_actors(path, rows, fmt):
    helices, levels = fmt["helices"], fmt["levels"]
    counts = {(level, helix): 0 for level in levels for helix in helices}
    for number, record in rows:
        name, helix, level = record
        if not exam.group_code(name):
            return _reason("name", path=path, row=number)
        problem = _known(path, number, helix, helices) or _known(path, number, level, levels)
        if problem:
            return problem
        counts[(level, helix)] += 1
    values = {("",): (tuple(fmt["all"]), len(rows))}
    values.update({cell: (cell, count) for cell, count in counts.items()})
    return values


def _read_obstacles(path, rows, fmt):
    values, seen = {}, set()
    for number, record in rows:
        name = record[1]
        problem, key = _named(path, number, name, seen)
        if problem:
            return problem
        score = _score(path, number, 3, record[2], fmt)
        if isinstance(score, str):
            return score
        values[(key,)] = ((name,), score)
    return values


_EXERCISE_READERS = {"grid": _read_grid, "areas": _read_areas, "actors": _read_actors, "obstacles": _read_obstacles}


def _add_exercise(summary: Summary, file: ExerciseFile, fmt: dict) -> None:
    group = summary.exercises.get(file.key)
    if group is None:
        group = summary.exercises[file.key] = ExerciseSummary(file.key, fmt["kind"], fmt["title"], list(fmt["labels"]),
                                                              list(fmt.get("obstacles", [])))
    group.files += 1
    for key, (label, value) in file.values.items():
        group.items.setdefault(key, ItemFigures(label)).values.append(value)


def summarise(paths, bank, formats: dict[str, dict] | None = None) -> Summary:
    """Read every file (results files; with *formats*, exercise CSV files: names ending in .csv)
    in the order given."""
    summary = Summary()
    module_of = bank.module_map()
    seen: dict[tuple[str, str], Path] = {}  # (name, content) of each file read, and its path
    for path in map(Path, paths):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            summary.skipped.append(_reason("unreadable", path=path, reason=os_error(exc)))
            continue
        if path.name.lower().endswith(".csv"):
            read, problem = read_exercise(path, raw, formats or {})
        else:
            read, problem = read_results(path, raw, bank)
        if problem:
            summary.skipped.append(problem)
            continue
        content = (path.name, raw.decode("utf-8-sig"))  # a file given twice (files may share content, not both)
        if content in seen:
            summary.skipped.append(_reason("same", path=path, other=seen[content]))
            continue
        seen[content] = path
        if isinstance(read, ExerciseFile):
            summary.exercise_files.append(read)
            _add_exercise(summary, read, formats[read.key])
            continue
        summary.learners.append(read)
        for qid, right in read.first.items():
            summary.questions[qid].add(right)
            summary.modules[module_of[qid]].add(right)
    return summary


# -- item statistics (s3kurs.itemstats) ----------------------------------------------------------

FLAG_REASONS = {
    "too-easy": N_("too easy: 95 % or more right at the first attempt"),
    "too-hard": N_("too hard: under 20 % right at the first attempt"),
    "no-discrimination": N_("does not discriminate: those who do well on the rest of the module are not more often "
                            "right here (index under 0.20)"),
    "negative-discrimination": N_("discriminates the wrong way: those who do well on the rest of the module are more "
                                  "often wrong here – check the key and the wording"),
}
FEW = N_("too few answers to draw conclusions")


@dataclass
class FinalForm:
    """Final-test attempts with the same group code and the same questions (one per learner)."""
    group: str | None
    test: itemstats.Test


@dataclass
class Statistics:
    modules: dict[str, itemstats.Test]        # per module quiz page, modules with at least one answer
    finals: list[FinalForm]                   # final-test forms taken by at least two learners
    unshared: int                             # final-test attempts whose questions no other learner had


def statistics(summary: Summary, bank) -> Statistics:
    """Item statistics per module quiz page and per shared final-test form.

    A module's quiz page shows all of its questions, so the rest score behind a question's
    discrimination index is the learner's first-attempt score on the module's other questions.
    Learners who have not answered every question of a module count in each question's n and
    facility index, but not in the module's discrimination indices, KR-20 and score distribution.
    Final-test attempts are grouped by group code and question set; a learner's first attempt at a
    form counts (answers to questions changed since are already left out, which makes a new form)."""
    modules = {}
    for module, content in bank.modules.items():
        ids = [q.id for q in content.questions]
        answers = [{qid: learner.first[qid] for qid in ids if qid in learner.first} for learner in summary.learners]
        answers = [a for a in answers if a]
        if answers:
            modules[module] = itemstats.analyse(ids, answers)
    forms: dict[tuple, list[dict[str, bool]]] = {}
    for learner in summary.learners:
        seen = set()
        for attempt in learner.finals:
            if not attempt.answers:
                continue  # a version 1 file has no answers per question
            key = (attempt.group, tuple(sorted(qid for qid, _right in attempt.answers)))
            if key not in seen:
                seen.add(key)
                forms.setdefault(key, []).append(dict(attempt.answers))
    shared = sorted((key for key, attempts in forms.items() if len(attempts) >= 2), key=lambda k: (k[0] or "", k[1]))
    finals = [FinalForm(group, itemstats.analyse(list(ids), forms[(group, ids)])) for group, ids in shared]
    unshared = sum(len(attempts) for attempts in forms.values() if len(attempts) < 2)
    return Statistics(modules, finals, unshared)


def coefficient(hundredths: int | None) -> str:
    """A coefficient in hundredths as Swedish text, e.g. 44 -> "0,44", -5 -> "−0,05"; None -> "–"."""
    if hundredths is None:
        return "–"
    sign = "−" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), 100)
    return f"{sign}{whole},{part:02d}"


def _marked(text: str, few: bool) -> str:
    return text + ("*" if few else " ")


def _distribution(counts: list[int]) -> str:
    return "  ".join(f"{score}:{count}" for score, count in enumerate(counts) if count)


def table(summary: Summary, bank, stats: Statistics | None = None) -> str:
    """Plain-text table: modules, then questions from the least to the most often right, with the
    item statistics; then the score distributions and the shared final-test forms."""
    stats = stats or statistics(summary, bank)
    items = {item.id: item for test in stats.modules.values() for item in test.items}
    lines = [_("Results from {count} file(s).").format(count=summary.files)]
    if summary.ignored:
        lines.append(_("{count} answer(s) to questions that have changed or been removed since were left out.").format(
            count=summary.ignored))
    # msgids outside the f-strings, where `pybabel extract` finds them
    module_label, answers_label, first_label = _("Module"), _("Answers"), _("Right at the first attempt")
    complete_label, question_label, right_label = _("All questions"), _("Question"), _("Right")
    index_label, why_label = _("Discrimination"), _("Why look at it")
    lines += ["", f"{module_label:<12} {answers_label:>5} {first_label:>26} {complete_label:>14} {'KR-20':>7}"]
    few_anywhere = False
    for module in sorted(summary.modules):
        t = summary.modules[module]
        test = stats.modules.get(module)
        complete = test.learners if test else 0
        kr20 = _marked(coefficient(test.kr20_hundredths if test else None), bool(test and test.few))
        few_anywhere |= bool(test and test.few)
        lines.append(f"{module:<12} {t.answered:>5} {t.percent:>24} % {complete:>14} {kr20:>7}")
    lines += ["", _("Questions to talk about first (lowest share right first):"),
              f"{question_label:<40} {answers_label:>5} {right_label:>8} {index_label:>8}   {why_label}"]
    for qid, t in sorted(summary.questions.items(), key=lambda item: (item[1].right / item[1].answered, item[0])):
        item = items.get(qid)
        index = item.discrimination.hundredths if item and item.discrimination else None
        reasons = [_(FLAG_REASONS[f]) for f in (item.flags if item else [])]
        if reasons and (item.few or item.few_complete):
            reasons.append(_(FEW))
        few_anywhere |= bool(item and (item.few or item.few_complete))
        lines.append(f"{qid:<40} {t.answered:>5} {_marked(f'{t.percent:>6} %', bool(item and item.few))}"
                     f"{_marked(coefficient(index), bool(item and item.few_complete)):>9}  {'; '.join(reasons)}".rstrip())
    if stats.modules:
        lines += ["", _("Score distribution per module (learners who answered every question; right:learners):")]
        for module, test in sorted(stats.modules.items()):
            if test.learners:
                lines.append(f"{module:<12} {_distribution(test.distribution)}")
    if stats.finals or stats.unshared:
        lines += ["", _("Final tests with the same questions (group code and question set):")]
        for form in stats.finals:
            test = form.test
            few_anywhere |= test.few
            lines.append(_("{group}, {count} questions: {learners} learners, KR-20 {kr20}, right:learners {dist}").format(
                group=form.group or _("no group code"), count=len(test.questions), learners=test.learners,
                kr20=_marked(coefficient(test.kr20_hundredths), test.few).rstrip(),
                dist=_distribution(test.distribution)))
        if stats.unshared:
            lines.append(_("{count} final-test attempt(s) had questions no other learner had; they are not in KR-20.").format(
                count=stats.unshared))
    lines += ["", _("Discrimination: how well the question separates those who do well on the rest of the module "
                    "from those who do less well (−1 to 1; under 0.20 it hardly does). KR-20: how consistently the "
                    "module's questions measure the same thing (above 0.75 good, below 0.64 weak).")]
    if few_anywhere:
        lines.append("* " + _("fewer than {count} answers: {few}").format(count=itemstats.MIN_ANSWERS, few=_(FEW)))
    return "\n".join(lines)


def exercise_table(summary: Summary) -> str:
    """Plain-text tables: per exercise, each item's number of files, mean, smallest and largest
    score and standard deviation."""
    files_label, mean_label, sd_label = _("Files"), _("Mean"), _("Standard deviation")
    min_label, max_label = _("Lowest"), _("Highest")
    lines = [_("Exercises from {count} file(s).").format(count=len(summary.exercise_files))]
    for ex in sorted(summary.exercises.values(), key=lambda ex: list(EXERCISE_KINDS).index(ex.key)):
        items = ex.ordered()
        rows = [[*item.label, str(item.n), scoring.decimal(item.mean_tenths), str(min(item.values)),
                 str(max(item.values)), scoring.decimal(item.sd_tenths)] for item in items]
        head = [*ex.columns, files_label, mean_label, min_label, max_label, sd_label]
        widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
        labels = len(ex.columns)

        def line(cells, widths=widths, labels=labels):
            return "  ".join(c.ljust(w) if i < labels else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

        lines += ["", _("{title} ({count} file(s))").format(title=ex.title, count=ex.files), line(head),
                  *(line(row) for row in rows)]
    lines += ["", _("Mean and standard deviation are rounded down to one decimal.")]
    return "\n".join(lines)


def as_json(summary: Summary, bank, stats: Statistics | None = None) -> dict:
    """Everything the table shows, with stable ASCII keys."""
    stats = stats or statistics(summary, bank)
    return {
        "format": "s3kurs-results-summary", "version": 2,
        "files": summary.files, "skipped": summary.skipped, "ignored": summary.ignored,
        "thresholds": {"min_answers": itemstats.MIN_ANSWERS, "too_easy_percent": itemstats.TOO_EASY,
                       "too_hard_percent": itemstats.TOO_HARD, "weak_discrimination_hundredths": itemstats.WEAK,
                       "kr20_good_hundredths": itemstats.KR20_GOOD, "kr20_poor_hundredths": itemstats.KR20_POOR},
        "modules": {module: {"answered": t.answered, "right": t.right, "percent": t.percent,
                             "quiz_page": stats.modules[module].as_json() if module in stats.modules else None}
                    for module, t in sorted(summary.modules.items())},
        "questions": {qid: {"answered": t.answered, "right": t.right, "percent": t.percent}
                      for qid, t in sorted(summary.questions.items())},
        "final_tests": [{"group": form.group, **form.test.as_json()} for form in stats.finals],
        "final_tests_unshared": stats.unshared,
        "exercise_files": len(summary.exercise_files),
        "exercises": {key: ex.as_json() for key, ex in summary.exercises.items()},
    }


def chart(summary: Summary, output: Path, stats: Statistics | None = None) -> None:
    """Bar charts of the share right at the first attempt, per module and per question, and (with
    *stats*) each question's facility and discrimination index in one plot, flagged ones marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    questions = sorted(summary.questions.items(), key=lambda item: (item[1].right / item[1].answered, item[0]))
    modules = sorted(summary.modules.items())
    items = [item for test in (stats.modules.values() if stats else ()) for item in test.items
             if item.n and item.discrimination is not None]
    ratios = [max(len(modules), 1), max(len(questions), 1)] + ([max(8, len(questions) // 3)] if items else [])
    figure, panels = plt.subplots(len(ratios), 1, figsize=(10, 4 + 0.22 * len(questions) + (5 if items else 0)),
                                  gridspec_kw={"height_ratios": ratios})
    top, bottom = panels[0], panels[1]
    top.barh([m for m, _t in modules], [t.percent for _m, t in modules], color="#1b4f72")
    top.set_title(_("Right at the first attempt per module (%)"))
    bottom.barh([q for q, _t in questions], [t.percent for _q, t in questions], color="#5d6d7e", hatch="//")
    bottom.set_title(_("Right at the first attempt per question (%), lowest at the top"))
    for axes in (top, bottom):
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
    if items:
        _item_plot(panels[2], items)
    figure.tight_layout()
    figure.savefig(output, dpi=100)
    plt.close(figure)


def _item_plot(axes, items: list[itemstats.Item]) -> None:
    """Facility index (x) against discrimination index (y); the flag thresholds as lines; flagged
    questions as crosses with their id, questions with too few answers hollow."""
    axes.axhspan(-1, itemstats.WEAK / 100, color="#f2f3f4")
    for x in (itemstats.TOO_HARD, itemstats.TOO_EASY):
        axes.axvline(x, color="#909497", linestyle="--", linewidth=1)
    axes.axhline(itemstats.WEAK / 100, color="#909497", linestyle="--", linewidth=1)
    axes.axhline(0, color="#424949", linewidth=1)
    labels: dict[tuple, list[str]] = {}
    for item in items:
        flagged = bool(item.flags)
        x, y = item.facility, item.discrimination.value
        axes.scatter([x], [y], marker="X" if flagged else "o", s=60,
                     facecolors="none" if item.few_complete else ("#922b21" if flagged else "#1b4f72"),
                     edgecolors="#922b21" if flagged else "#1b4f72")
        if flagged:
            labels.setdefault((x, item.discrimination.hundredths), []).append(item.id)
    for (x, hundredths), ids in labels.items():
        text = ids[0] if len(ids) == 1 else _("{count} questions").format(count=len(ids))
        axes.annotate(text, (x, hundredths / 100), textcoords="offset points", xytext=(5, 3), fontsize=7)
    axes.set_xlim(0, 100)
    axes.set_ylim(-1, 1)
    axes.set_xlabel(_("Right at the first attempt (%)"))
    axes.set_ylabel(_("Discrimination index"))
    axes.set_title(_("Questions to look at: crosses (hollow: too few answers)"))


# -- the page "Sammanställ gruppens resultat" ---------------------------------------------------------

# What the page writes besides the reasons and the command's table texts (which it shares).
PAGE_STRINGS = {
    "resultsFrom": N_("Results from {count} file(s)."),
    "ignored": N_("{count} answer(s) to questions that have changed or been removed since were left out."),
    "module": N_("Module"), "answers": N_("Answers"), "firstRight": N_("Right at the first attempt"),
    "complete": N_("All questions"), "question": N_("Question"), "right": N_("Right"),
    "discrimination": N_("Discrimination"), "why": N_("Why look at it"),
    "questionsHeading": N_("Questions to talk about first (lowest share right first):"),
    "distributionHeading": N_("Score distribution per module (learners who answered every question; right:learners):"),
    "formsHeading": N_("Final tests with the same questions (group code and question set):"),
    "form": N_("{group}, {count} questions: {learners} learners, KR-20 {kr20}, right:learners {dist}"),
    "noGroup": N_("no group code"),
    "unshared": N_("{count} final-test attempt(s) had questions no other learner had; they are not in KR-20."),
    "explain": N_("Discrimination: how well the question separates those who do well on the rest of the module "
                  "from those who do less well (−1 to 1; under 0.20 it hardly does). KR-20: how consistently the "
                  "module's questions measure the same thing (above 0.75 good, below 0.64 weak)."),
    "fewNote": N_("fewer than {count} answers: {few}"),
    "exercisesFrom": N_("Exercises from {count} file(s)."),
    "exerciseTitle": N_("{title} ({count} file(s))"),
    "files": N_("Files"), "mean": N_("Mean"), "lowest": N_("Lowest"), "highest": N_("Highest"),
    "sd": N_("Standard deviation"),
    "rounded": N_("Mean and standard deviation are rounded down to one decimal."),
    "quizHeading": N_("Questions and final tests"),
    "modulesCaption": N_("Right at the first attempt per module"),
    "questionsCaption": N_("Questions to talk about first, the least often right first"),
    "exercisesHeading": N_("Exercises"),
    "readResults": N_("{path}: read as a results file"),
    "readExercise": N_("{path}: read as an exercise file ({title})"),
    "status": N_("Files read: {read}. Files skipped: {skipped}."),
    "cleared": N_("The files have been removed from the page."),
    "reading": N_("Reading the files …"),
    "readFiles": N_("Files read: {count}"),
    "distributionHeading2": N_("Score distribution per module"),
    "formsHeading2": N_("Final tests with the same questions"),
}


def page_data(bank, formats: dict[str, dict]) -> dict:
    """What the summary page's script needs: the bank's fingerprint and hashes, its modules and
    questions in order, the thresholds, the exercises' formats, and every text in Swedish."""
    return {
        "format": FORMAT, "versions": list(SCHEMAS), "maxBytes": MAX_BYTES, "limit": LIMIT,
        "bank": bank.version, "hashes": bank.hashes,
        "modules": [[module, content.title, [q.id for q in content.questions]] for module, content in bank.modules.items()],
        "prompts": {q.id: plain(q.prompt) for q in bank.questions},
        "thresholds": {"min_answers": itemstats.MIN_ANSWERS, "too_easy_percent": itemstats.TOO_EASY,
                       "too_hard_percent": itemstats.TOO_HARD, "weak_discrimination_hundredths": itemstats.WEAK,
                       "kr20_good_hundredths": itemstats.KR20_GOOD, "kr20_poor_hundredths": itemstats.KR20_POOR},
        "flags": {flag: _(text) for flag, text in FLAG_REASONS.items()}, "few": _(FEW),
        "reasons": {name: _(text) for name, text in REASONS.items()},
        "exercises": {key: formats[key] for key in EXERCISE_KINDS if key in formats},
        "fold": exam.fold_exceptions(),
        "strings": {name: _(text) for name, text in PAGE_STRINGS.items()},
    }
