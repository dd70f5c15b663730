"""Group results: read learners' downloaded results files and summarise them for a trainer.

A file that is not a results file, has another format version, comes from another bank
version, is empty or is corrupt is reported in one line and skipped; the rest is summarised.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "s3kurs-results"
FORMAT_VERSION = 1
MAX_BYTES = 5_000_000


@dataclass
class Tally:
    answered: int = 0
    right: int = 0

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass
class Summary:
    files: int = 0
    skipped: list[str] = field(default_factory=list)
    questions: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    modules: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))


def read(path: Path, bank_version: str) -> tuple[dict | None, str | None]:
    """The results in *path*, or None and the reason it is skipped."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror}); skipped"
    if not raw.strip():
        return None, f"{path}: the file is empty; skipped"
    if len(raw) > MAX_BYTES:
        return None, f"{path}: the file is larger than {MAX_BYTES:,} bytes, so it is not a results file; skipped"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, f"{path}: not valid JSON (corrupt or not a results file); skipped"
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None, f"{path}: not an s3kurs results file (no \"format\": \"{FORMAT}\"); skipped"
    if data.get("formatVersion") != FORMAT_VERSION:
        return None, (f"{path}: format version {data.get('formatVersion')!r}, this tool reads version "
                      f"{FORMAT_VERSION}; skipped")
    if data.get("bankVersion") != bank_version:
        return None, (f"{path}: from question bank {data.get('bankVersion')!r}, the course now has {bank_version!r}; "
                      "ask for a new download; skipped")
    questions = data.get("questions")
    if not isinstance(questions, list) or not all(
            isinstance(q, dict) and isinstance(q.get("id"), str) and isinstance(q.get("firstAttemptCorrect"), bool)
            for q in questions):
        return None, f"{path}: the list of questions is damaged; skipped"
    return data, None


def summarise(paths, bank) -> Summary:
    summary = Summary()
    module_of = bank.module_map()
    for path in map(Path, paths):
        data, problem = read(path, bank.version)
        if problem:
            summary.skipped.append(problem)
            continue
        summary.files += 1
        for answer in data["questions"]:
            if answer["id"] not in module_of:
                continue
            for tally in (summary.questions[answer["id"]], summary.modules[module_of[answer["id"]]]):
                tally.answered += 1
                tally.right += answer["firstAttemptCorrect"]
    return summary


def table(summary: Summary, bank) -> str:
    """Plain-text table: modules, then questions from the least to the most often right."""
    lines = [f"Resultat från {summary.files} fil(er).", "", f"{'Modul':<12} {'Svar':>5} {'Rätt första gången':>20}"]
    for module in sorted(summary.modules):
        t = summary.modules[module]
        lines.append(f"{module:<12} {t.answered:>5} {t.share:>19.0%}")
    lines += ["", "Frågor att prata om först (lägst andel rätt först):", f"{'Fråga':<40} {'Svar':>5} {'Rätt':>6}"]
    for qid, t in sorted(summary.questions.items(), key=lambda item: (item[1].share, item[0])):
        lines.append(f"{qid:<40} {t.answered:>5} {t.share:>6.0%}")
    return "\n".join(lines)


def chart(summary: Summary, output: Path) -> None:
    """Bar charts of the share right at the first attempt, per module and per question."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    questions = sorted(summary.questions.items(), key=lambda item: (item[1].share, item[0]))
    modules = sorted(summary.modules.items())
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(10, 4 + 0.22 * len(questions)),
                                         gridspec_kw={"height_ratios": [max(len(modules), 1), max(len(questions), 1)]})
    top.barh([m for m, _ in modules], [100 * t.share for _, t in modules], color="#1b4f72")
    top.set_title("Rätt på första försöket per modul (%)")
    bottom.barh([q for q, _ in questions], [100 * t.share for _, t in questions], color="#5d6d7e", hatch="//")
    bottom.set_title("Rätt på första försöket per fråga (%), lägst överst")
    for axes in (top, bottom):
        axes.set_xlim(0, 100)
        axes.invert_yaxis()
    figure.tight_layout()
    figure.savefig(output, dpi=100)
    plt.close(figure)
