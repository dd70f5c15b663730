"""Where things are in a course checkout, and what the book declares.

The validator checks questions against the book without running Sphinx: the MyST
labels, the learning goals of `{learning-goals}` blocks and the keys of the `.bib`
file are read straight from the sources.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .i18n import _

LABEL = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*$", re.M)
LABELLED_HEADING = re.compile(r"^\(([A-Za-z0-9_.:-]+)\)=\s*\n#+\s+(.+?)\s*$", re.M)
GOALS_START = re.compile(r"^(?P<fence>`{3,}|:{3,})\{learning-goals\}\s*$")
GOAL_LINE = re.compile(r"^\s*(?P<id>[a-z0-9][a-z0-9-]*)\s*:\s*(?P<text>.+?)\s*$")


class ProjectNotFound(Exception):
    pass


def parse_goals(lines: list[str]) -> dict[str, str]:
    """Goal id -> text from the content lines of a `{learning-goals}` block."""
    goals = {}
    for line in lines:
        match = GOAL_LINE.match(line)
        if match:
            goals[match["id"]] = match["text"]
    return goals


def goal_blocks(text: str):
    """Yield (line number, content lines) for each `{learning-goals}` block."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start = GOALS_START.match(lines[i])
        if start:
            fence, body = start["fence"], []
            j = i + 1
            while j < len(lines) and lines[j].strip() != fence:
                body.append(lines[j])
                j += 1
            yield i + 1, body
            i = j
        i += 1


@dataclass
class Project:
    root: Path
    config: dict = field(default_factory=dict)

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The checkout containing *start* (or $S3KURS_ROOT, or the working directory)."""
        here = Path(os.environ.get("S3KURS_ROOT") or start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "_config.yml").is_file() and (candidate / "quizzes").is_dir():
                config = yaml.safe_load((candidate / "_config.yml").read_text(encoding="utf-8")) or {}
                return cls(candidate, config)
        raise ProjectNotFound(_(
            "no course checkout (a folder with `_config.yml` and `quizzes/`) at or above {folder}; run from inside the "
            "repository or set `S3KURS_ROOT`").format(folder=here))

    @property
    def quiz_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def book_dir(self) -> Path:
        return self.root / "book"

    def quiz_files(self) -> list[Path]:
        return sorted(self.quiz_dir.glob("*.yml"))

    def lesson_files(self) -> list[Path]:
        return sorted(self.book_dir.rglob("*.md"))

    @property
    def bib_files(self) -> list[Path]:
        names = self.config.get("bibtex_bibfiles") or []
        return [self.root / name for name in names]

    @cached_property
    def labels(self) -> set[str]:
        found = set()
        for path in self.lesson_files():
            found.update(LABEL.findall(path.read_text(encoding="utf-8")))
        return found

    @cached_property
    def sections(self) -> dict[str, str]:
        """Labelled headings as readers see them, e.g. {"m3-styrning": "Modul 3: Styrning"}."""
        found = {}
        for path in self.lesson_files():
            module = re.fullmatch(r"modul-(\d+)", path.stem)
            for label, heading in LABELLED_HEADING.findall(path.read_text(encoding="utf-8")):
                found[label] = heading if not module or heading.startswith("Modul") else _(
                    "Module {number}: {heading}").format(number=module.group(1), heading=heading)
        return found

    @cached_property
    def goals(self) -> dict[str, str]:
        found = {}
        for path in self.lesson_files():
            for _line, body in goal_blocks(path.read_text(encoding="utf-8")):
                found.update(parse_goals(body))
        return found

    @cached_property
    def bibliography(self) -> dict:
        from pybtex.database import parse_file

        entries = {}
        for path in self.bib_files:
            entries.update(parse_file(str(path), bib_format="bibtex").entries)
        return entries

    @property
    def bib_keys(self) -> set[str]:
        return set(self.bibliography)

    def short_citation(self, key: str) -> str:
        """Author-year form of a reference, e.g. "Foray m.fl. (2011)"."""
        entry = self.bibliography.get(key)
        if entry is None:
            return key
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [" ".join(p.last_names).replace("{", "").replace("}", "") for p in people]
        who = names[0] if len(names) == 1 else " och ".join(names) if len(names) == 2 else f"{names[0]} m.fl." if names else key
        return f"{who} ({entry.fields.get('year', 'u.å.')})"
