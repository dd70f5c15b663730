"""The question bank's schema: one pydantic model per question type.

A question file is a mapping with `module`, `title` and `questions`. Checks that need
only one question (a key that names no option, one correct answer for single choice,
...) live here; checks across files and against the book live in `bank.py`.
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]

QUESTION_TYPES = ("single_choice", "multiple_choice", "true_false", "ordering", "matching")
TRUE_FALSE_IDS = ("sant", "falskt")
# The cognitive level an item tests: recall a fact, understand (explain, compare, tell apart),
# or apply S3 to a situation in the learner's own work.
LEVELS = ("recall", "understanding", "application")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: Slug
    text: Text
    feedback: Text


class Target(_Strict):
    id: Slug
    text: Text


class Source(_Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    detail: Text | None = None


class TrueFalseFeedback(_Strict):
    sant: Text
    falskt: Text


def _unique(ids: list[str], what: str) -> None:
    seen = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what} id '{i}' is used twice; give each {what} its own id")
        seen.add(i)


def _known(names, known, what: str) -> None:
    for name in names:
        if name not in known:
            raise ValueError(f"key names no {what} '{name}'; use one of: {', '.join(known)}")


class _Question(_Strict):
    id: Slug
    prompt: Text
    explanation: Text
    lesson: Slug
    source: Source
    goals: Annotated[list[Slug], Field(min_length=1)]
    difficulty: Literal[1, 2, 3]
    level: Literal[LEVELS]
    tags: list[Slug] = []
    # Items that test the same fact or scenario: never drawn into the same final test (symmetric).
    enemies: list[Slug] = []
    # Item-writing findings a maintainer accepts, each with a written reason: {rule-id: "skäl"}.
    accepted: dict[Slug, Text] = {}

    @field_validator("source", mode="before")
    @classmethod
    def _source_from_key(cls, value):
        return {"key": value} if isinstance(value, str) else value


class _WithOptions(_Question):
    options: Annotated[list[Option], Field(min_length=2, max_length=12)]

    @model_validator(mode="after")
    def _unique_options(self):
        _unique([o.id for o in self.options], "option")
        return self

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


class SingleChoice(_WithOptions):
    type: Literal["single_choice"]
    key: Slug

    @field_validator("key", mode="before")
    @classmethod
    def _one_key(cls, value):
        if isinstance(value, list):
            raise ValueError(f"a single_choice question has exactly one correct option, this key names {len(value)}; "
                             "write one option id (key: a) or use type multiple_choice")
        return value

    @model_validator(mode="after")
    def _known_key(self):
        _known([self.key], self.option_ids, "option")
        return self

    @property
    def key_ids(self) -> tuple[str, ...]:
        """The correct options (one), in the same form as `MultipleChoice.key_ids`."""
        return (self.key,)


class MultipleChoice(_WithOptions):
    type: Literal["multiple_choice"]
    key: Annotated[list[Slug], Field(min_length=1)]

    @model_validator(mode="after")
    def _keys(self):
        _unique(self.key, "key")
        _known(self.key, self.option_ids, "option")
        return self

    @property
    def key_ids(self) -> tuple[str, ...]:
        return tuple(self.key)


class TrueFalse(_Question):
    type: Literal["true_false"]
    key: bool
    feedback: TrueFalseFeedback

    @field_validator("key", mode="before")
    @classmethod
    def _real_bool(cls, value):
        if not isinstance(value, bool):
            raise ValueError("write key: true or key: false")
        return value


class Ordering(_WithOptions):
    type: Literal["ordering"]
    key: Annotated[list[Slug], Field(min_length=2)]

    @model_validator(mode="after")
    def _permutation(self):
        _known(self.key, self.option_ids, "option")
        _unique(self.key, "key")
        missing = [i for i in self.option_ids if i not in self.key]
        if missing:
            raise ValueError(f"the key must list every option in order; add {', '.join(missing)}")
        return self


class Matching(_WithOptions):
    type: Literal["matching"]
    targets: Annotated[list[Target], Field(min_length=2, max_length=12)]
    key: dict[Slug, Slug]

    @model_validator(mode="after")
    def _pairs(self):
        _unique([t.id for t in self.targets], "target")
        _known(self.key, self.option_ids, "option")
        _known(self.key.values(), [t.id for t in self.targets], "target")
        missing = [i for i in self.option_ids if i not in self.key]
        if missing:
            raise ValueError(f"the key must pair every option with a target; add {', '.join(missing)}")
        return self


Question = Annotated[
    Union[SingleChoice, MultipleChoice, TrueFalse, Ordering, Matching],
    Field(discriminator="type"),
]


class QuestionFile(_Strict):
    module: Slug
    title: Text
    questions: Annotated[list[Question], Field(min_length=1)]
