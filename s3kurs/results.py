"""Group results: read learners' downloaded results files and summarise them for a trainer.

The format is defined by one JSON Schema per version (`schemas/results-v1.schema.json`,
`schemas/results-v2.schema.json`; the browser validates with code generated from the same
files). Version 2 carries a content hash per question, so answers to questions that a bank
update left unchanged still count; answers to changed or removed questions are ignored and
counted. Version 1 files are read when they come from the current bank version.

A file that cannot be read, is not a results file, has an unknown format version, breaks the
schema or (version 1) comes from another bank version is reported in one line and skipped.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import scoring
from .i18n import _

FORMAT = "s3kurs-results"
FORMAT_VERSION = 2
SCHEMAS = {1: "results-v1.schema.json", 2: "results-v2.schema.json"}
SCHEMA_DIR = Path(__file__).parent / "schemas"
MAX_BYTES = 5_000_000


@cache
def validator(version: int):
    """A validator for one format version's schema."""
    import jsonschema

    schema = json.loads((SCHEMA_DIR / SCHEMAS[version]).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


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
class Summary:
    learners: list[Learner] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    questions: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    modules: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    @property
    def files(self) -> int:
        return len(self.learners)

    @property
    def ignored(self) -> int:
        return sum(learner.ignored for learner in self.learners)


def read(path: Path, bank) -> tuple[Learner | None, str | None]:
    """The learner's answers in *path* that count against *bank*, or None and why it is skipped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, _("{path}: cannot be read ({reason}); skipped").format(path=path, reason=exc.strerror)
    if not raw.strip():
        return None, _("{path}: the file is empty; skipped").format(path=path)
    if len(raw) > MAX_BYTES:
        return None, _("{path}: the file is larger than {limit} bytes, so it is not a results file; skipped").format(
            path=path, limit=f"{MAX_BYTES:,}".replace(",", " "))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, _("{path}: not valid JSON (corrupt or not a results file); skipped").format(path=path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, _('{path}: not an s3kurs results file (no "format": "{format}"); skipped').format(
            path=path, format=FORMAT)
    version = data.get("formatVersion")
    if version not in SCHEMAS or isinstance(version, bool):
        return None, _("{path}: format version {version}, this tool reads versions {known}; skipped").format(
            path=path, version=json.dumps(version), known=", ".join(map(str, SCHEMAS)))
    error = next(iter(sorted(validator(version).iter_errors(data), key=lambda e: list(e.absolute_path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or _("the top level")
        return None, _("{path}: does not follow the results format at {where} ({message}); skipped").format(
            path=path, where=where, message=error.message[:120])
    if version == 1:
        if data["bankVersion"] != bank.version:
            return None, _("{path}: a version 1 file from question bank {old}, the course now has {new}; "
                           "ask for a new download; skipped").format(path=path, old=data["bankVersion"], new=bank.version)
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
        finals.append(FinalAttempt(t.get("group"), t["seed"], t["score"], t["total"], t["passed"], kept))
    return Learner(path, first, finals, ignored)


def summarise(paths, bank) -> Summary:
    summary = Summary()
    module_of = bank.module_map()
    for path in map(Path, paths):
        learner, problem = read(path, bank)
        if problem:
            summary.skipped.append(problem)
            continue
        summary.learners.append(learner)
        for qid, right in learner.first.items():
            summary.questions[qid].add(right)
            summary.modules[module_of[qid]].add(right)
    return summary


def table(summary: Summary, bank) -> str:
    """Plain-text table: modules, then questions from the least to the most often right."""
    lines = [_("Results from {count} file(s).").format(count=summary.files)]
    if summary.ignored:
        lines.append(_("{count} answer(s) to questions that have changed or been removed since were left out.").format(
            count=summary.ignored))
    lines += ["", f"{_('Module'):<12} {_('Answers'):>5} {_('Right at the first attempt'):>26}"]
    for module in sorted(summary.modules):
        t = summary.modules[module]
        lines.append(f"{module:<12} {t.answered:>5} {t.percent:>24} %")
    lines += ["", _("Questions to talk about first (lowest share right first):"),
              f"{_('Question'):<40} {_('Answers'):>5} {_('Right'):>8}"]
    for qid, t in sorted(summary.questions.items(), key=lambda item: (item[1].right / item[1].answered, item[0])):
        lines.append(f"{qid:<40} {t.answered:>5} {t.percent:>6} %")
    return "\n".join(lines)


def chart(summary: Summary, output: Path) -> None:
    """Bar charts of the share right at the first attempt, per module and per question."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    questions = sorted(summary.questions.items(), key=lambda item: (item[1].right / item[1].answered, item[0]))
    modules = sorted(summary.modules.items())
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 4 + 0.22 * len(questions)),
                                         gridspec_kw={"height_ratios": [max(len(modules), 1), max(len(questions), 1)]})
    top.barh([m for m, _t in modules], [t.percent for _m, t in modules], color="#1b4f72")
    top.set_title(_("Right at the first attempt per module (%)"))
    bottom.barh([q for q, _t in questions], [t.percent for _q, t in questions], color="#5d6d7e", hatch="//")
    bottom.set_title(_("Right at the first attempt per question (%), lowest at the top"))
    for axes in (top, bottom):
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
    figure.tight_layout()
    figure.savefig(output, dpi=100)
    plt.close(figure)
