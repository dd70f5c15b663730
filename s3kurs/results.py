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

from . import itemstats, scoring
from .i18n import N_, _, os_error

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
        return None, _("{path}: cannot be read ({reason}); skipped").format(path=path, reason=os_error(exc))
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


def as_json(summary: Summary, bank, stats: Statistics | None = None) -> dict:
    """Everything the table shows, with stable ASCII keys."""
    stats = stats or statistics(summary, bank)
    return {
        "format": "s3kurs-results-summary", "version": 1,
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
