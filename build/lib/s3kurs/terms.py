"""One term per concept: find retired term variants (`data/terms.yml`) in the course's prose.

A hit is a retired phrase outside a quotation, outside parentheses where the term allows
them, not right after "på engelska"/"engelskans", and not covered by an exception with a
reason. See the comments at the top of `data/terms.yml`.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .prose import Segment

TERMS_FILE = Path("data") / "terms.yml"
QUOTES = [("”", "”"), ("“", "”"), ("«", "»"), ('"', '"'), ("„", "”")]
NAMED_AS_WORD = re.compile(r"(?:på engelska|engelskans|engelska ordet|på engelska heter (?:den|det|de))\s*$", re.I)


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    phrase: str
    term: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: ”{self.phrase}” → use ”{self.term}”: …{self.text}…"


def load(root: Path) -> dict:
    return yaml.safe_load((root / TERMS_FILE).read_text(encoding="utf-8"))


def _spans(text: str, pairs) -> list[tuple[int, int]]:
    spans = []
    for opening, closing in pairs:
        start = 0
        while True:
            i = text.find(opening, start)
            if i < 0:
                break
            j = text.find(closing, i + 1)
            if j < 0:
                break
            spans.append((i, j + 1))
            start = j + 1
    return spans


def _parentheses(text: str) -> list[tuple[int, int]]:
    spans, opened = [], []
    for i, char in enumerate(text):
        if char == "(":
            opened.append(i)
        elif char == ")" and opened:
            spans.append((opened.pop(), i + 1))
    return spans


def _pattern(phrase: str, whole_word: bool) -> re.Pattern:
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(r"(?<![\w-])" + body + (r"(?![\w])" if whole_word else r"\w*"), re.I)


def find(segments: list[Segment], data: dict) -> list[Hit]:
    hits = []
    exceptions = data.get("exceptions") or []
    for segment in segments:
        text = segment.text
        quoted = _spans(text, QUOTES)
        parenthesised = _parentheses(text)
        for entry in data["terms"]:
            allowed = quoted + (parenthesised if entry.get("parentheses") == "allowed" else [])
            for retired in entry["retired"]:
                for match in _pattern(retired["phrase"], retired.get("whole_word", False)).finditer(text):
                    if any(a <= match.start() and match.end() <= b for a, b in allowed):
                        continue
                    if NAMED_AS_WORD.search(text[: match.start()]):
                        continue
                    if any(fnmatch.fnmatch(segment.path, ex["files"]) and ex["phrase"].lower() == retired["phrase"].lower()
                           and ex.get("context", "") in text for ex in exceptions):
                        continue
                    around = text[max(0, match.start() - 30): match.end() + 30].strip()
                    hits.append(Hit(segment.path, segment.line, match.group(0), entry["term"], around))
    return hits
