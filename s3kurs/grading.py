"""The grading rules: the one place that decides what is right.

An answer is turned into a tuple of strings ("values"), and the key into the same
form. The browser gets the normalised key with the page and only compares sets or
sequences (see `s3kurs/static/s3kurs-quiz.js`); the widgets call these functions.

Values per type:
- single_choice, true_false: the chosen option id (true/false: "sant" or "falskt");
- multiple_choice: the chosen option ids, order ignored;
- ordering: the option id chosen for each position, in position order;
- matching: "term=target" for each term, order ignored.
An empty string (or "term=") marks a position or term not yet answered.

Semantics: the first checked attempt counts towards the score; no partial credit.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import TRUE_FALSE_IDS, Matching, MultipleChoice, Ordering, SingleChoice, TrueFalse


@dataclass(frozen=True)
class Key:
    ordered: bool
    values: tuple[str, ...]

    def as_json(self) -> dict:
        return {"ordered": self.ordered, "key": list(self.values)}


def key_of(question) -> Key:
    if isinstance(question, SingleChoice):
        return Key(False, tuple(question.key_ids))
    if isinstance(question, MultipleChoice):
        return Key(False, tuple(question.key))
    if isinstance(question, TrueFalse):
        return Key(False, (TRUE_FALSE_IDS[0] if question.key else TRUE_FALSE_IDS[1],))
    if isinstance(question, Ordering):
        return Key(True, tuple(question.key))
    if isinstance(question, Matching):
        return Key(False, tuple(f"{term}={target}" for term, target in question.key.items()))
    raise TypeError(f"not a question: {question!r}")


def answer_values(question, answer) -> tuple[str, ...]:
    """Normalise a learner's answer: an option id (single, true/false), ids (multiple),
    a sequence of ids per position (ordering) or a mapping term -> target (matching).
    None stands for "not answered"."""
    if isinstance(question, (SingleChoice, TrueFalse)):
        if isinstance(answer, bool):
            answer = TRUE_FALSE_IDS[0] if answer else TRUE_FALSE_IDS[1]
        return (answer,) if answer else ()
    if isinstance(question, MultipleChoice):
        return tuple(answer or ())
    if isinstance(question, Ordering):
        answer = list(answer or ())
        answer += [None] * (len(question.options) - len(answer))
        return tuple(a or "" for a in answer)
    if isinstance(question, Matching):
        answer: Mapping = answer or {}
        return tuple(f"{o.id}={answer.get(o.id) or ''}" for o in question.options)
    raise TypeError(f"not a question: {question!r}")


def is_complete(values: Iterable[str]) -> bool:
    """Whether every position or term has an answer and at least one is chosen."""
    values = tuple(values)
    return bool(values) and all(v and not v.endswith("=") for v in values)


def is_correct(key: Key, values: Iterable[str]) -> bool:
    values = tuple(values)
    if key.ordered:
        return values == key.values
    return len(set(values)) == len(values) and set(values) == set(key.values)


def verdicts(key: Key, values: Iterable[str]) -> list[tuple[str, bool]]:
    """Each answered value with whether it is right (by position when ordered)."""
    values = tuple(values)
    if key.ordered:
        return [(v, i < len(key.values) and key.values[i] == v) for i, v in enumerate(values)]
    return [(v, v in key.values) for v in values]


@dataclass
class Attempts:
    """A learner's record for one question."""

    count: int = 0
    first_correct: bool | None = None
    revealed: bool = False

    def record(self, correct: bool) -> None:
        self.count += 1
        if self.first_correct is None:
            self.first_correct = correct


def score(records: Iterable[Attempts]) -> int:
    """Questions right at the first attempt."""
    return sum(1 for r in records if r.first_correct)
