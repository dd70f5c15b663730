"""How long a module takes: the lesson's words at a reading speed plus the module's questions,
by the rule in `data/timing.yml`. The pages show it with ``{module-minutes}`modul-1```."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import prose

TIMING_FILE = Path("data") / "timing.yml"
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:[-–][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")


@dataclass(frozen=True)
class Rule:
    words_per_minute: float
    minutes_per_question: float
    round_to: int = 5

    @classmethod
    def load(cls, root: Path) -> Rule:
        data = yaml.safe_load((root / TIMING_FILE).read_text(encoding="utf-8"))
        return cls(**data)

    def minutes(self, words: int, questions: int) -> int:
        raw = words / self.words_per_minute + questions * self.minutes_per_question
        return max(self.round_to, int(round(raw / self.round_to)) * self.round_to)


def lesson_words(path: Path) -> int:
    """The words a learner reads in a lesson (its prose, without MyST syntax or code)."""
    return sum(len(WORD.findall(segment.text)) for segment in prose.read(path))


def module_minutes(root: Path, module: str, questions: int) -> int:
    """The estimate for *module* (e.g. ``modul-1``), given its number of questions."""
    return Rule.load(root).minutes(lesson_words(root / "book" / f"{module}.md"), questions)


def duration(minutes: int) -> str:
    """Minutes in words: "45 minuter", "1 timme", "3 timmar och 30 minuter"."""
    from .i18n import _

    hours, rest = divmod(minutes, 60)
    hours_text = (_("{hours} hour") if hours == 1 else _("{hours} hours")).format(hours=hours)
    minutes_text = (_("{minutes} minute") if rest == 1 else _("{minutes} minutes")).format(minutes=rest)
    if hours and rest:
        return _("{hours} and {minutes}").format(hours=hours_text, minutes=minutes_text)
    return hours_text if hours else minutes_text
