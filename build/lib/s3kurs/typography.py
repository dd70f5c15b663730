"""Swedish typography in the course's prose: ”citattecken” (U+201D on both sides) and the
spaced tankstreck – (U+2013), not straight double quotes or a hyphen used as a dash.

Code, MyST syntax, URLs and YAML syntax are not prose (see `prose`), so their straight quotes
and hyphens are not checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .prose import Segment

RULES = [
    (re.compile(r'"'), 'straight double quote: write ”…” (U+201D on both sides)'),
    (re.compile(r"(?<=\s)-(?=\s)|(?<=\S)--(?=\S)|\s--\s"), "hyphen used as a dash: write a spaced – (U+2013)"),
    (re.compile(r"\b(?:1[89]|20)\d\d-(?:1[89]|20)\d\d\b"), "hyphen in a range of years: write 2021–2027 (U+2013)"),
]


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}: …{self.text}…"


def check(segments: list[Segment]) -> list[Problem]:
    problems = []
    for segment in segments:
        for pattern, message in RULES:
            for match in pattern.finditer(segment.text):
                around = segment.text[max(0, match.start() - 25): match.end() + 25].strip()
                problems.append(Problem(segment.path, segment.line, message, around))
    return problems
