"""The question bank's schema: one pydantic model per question type.

A question file is a mapping with `module`, `title` and `questions`. Checks that need
only one question (a key that names no option, one correct answer for single choice,
...) live here; checks across files and against the book live in `bank.py`.
"""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .i18n import _
from .markup import not_inline

# Suggestions for the HTML tags an author is most likely to write, as inline Markdown.
MARKDOWN_FOR_TAG = {"b": "**…**", "strong": "**…**", "i": "*…*", "em": "*…*", "code": "`…`", "a": "[…](https://…)"}


def _inline_markdown(text: str) -> str:
    """Question text is inline Markdown: raw HTML, addresses in angle brackets and links other than
    http(s), mailto or relative ones are shown as text, so they are refused, the first one named."""
    found = not_inline(text)
    if not found:
        return text
    first = found[0]
    if first.kind == "html":
        tag = re.match(r"</?([A-Za-z][A-Za-z0-9-]*)", first.found)
        markdown = MARKDOWN_FOR_TAG.get(tag.group(1).lower()) if tag else None
        if markdown:
            raise ValueError(_("contains the HTML tag {tag}, which the course shows as text: write {markdown} "
                               "instead").format(tag=first.found, markdown=markdown))
        raise ValueError(_("contains HTML ({tag}), which the course shows as text: remove it; question text is "
                           "Markdown: **bold**, *italic*, `code`, [text](https://…)").format(tag=first.found))
    if first.kind == "autolink":
        raise ValueError(_("writes the address <{target}> in angle brackets, which the course shows as text: write "
                           "[text]({target}) instead").format(target=first.found))
    raise ValueError(_("links to {target}: a link starts with `https://`, `http://` or `mailto:`, or is a relative link "
                       "to a page of the course").format(target=first.found))


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
# Text the course renders as inline Markdown (prompts, options, targets, feedback, explanations).
InlineText = Annotated[Text, AfterValidator(_inline_markdown)]

QUESTION_TYPES = ("single_choice", "multiple_choice", "true_false", "ordering", "matching")
TRUE_FALSE_IDS = ("sant", "falskt")
# The cognitive level an item tests: recall a fact, understand (explain, compare, tell apart),
# or apply S3 to a situation in the learner's own work.
LEVELS = ("recall", "understanding", "application")

# At most this many correct options in a multiple_choice question. The exports give each correct
# option an equal share of the points (1/k of them for k correct options), and Moodle imports only
# the grade fractions of question_bank::fraction_options_full() (question/engine/bank.php): 1/k is
# among them for k = 1 ... 10 and not for k = 11 or 12 (a question may have up to 12 options).
MAX_CORRECT_OPTIONS = 10


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    id: Slug
    text: InlineText
    feedback: InlineText


class Target(_Strict):
    id: Slug
    text: InlineText


class Source(_Strict):
    key: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    detail: Text | None = None


class TrueFalseFeedback(_Strict):
    sant: InlineText
    falskt: InlineText


class RuleError(ValueError):
    """A rule over a whole question broken, with the field the problem line points at."""

    def __init__(self, message: str, field: str = "key"):
        super().__init__(message)
        self.field = field


def _unique(ids: list[str], what: str) -> None:
    """*what*: "option", "target" or "key"."""
    seen = set()
    for i in ids:
        if i in seen:
            messages = {"option": _("option id '{id}' is used twice; give each option its own id"),
                        "target": _("target id '{id}' is used twice; give each target its own id"),
                        "key": _("the key names '{id}' twice; name each option once")}
            raise RuleError(messages[what].format(id=i), {"option": "options", "target": "targets"}.get(what, "key"))
        seen.add(i)


def _known(names, known, what: str) -> None:
    """*what*: "option" or "target"."""
    for name in names:
        if name not in known:
            message = (_("key names no option '{name}'; use one of: {known}") if what == "option" else
                       _("key names no target '{name}'; use one of: {known}"))
            raise ValueError(message.format(name=name, known=", ".join(known)))


class _Question(_Strict):
    id: Slug
    prompt: InlineText
    explanation: InlineText
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
            raise ValueError(_("a single_choice question has exactly one correct option, this key names {count}; "
                               "write one option id (`key: a`) or use type multiple_choice").format(count=len(value)))
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
        if len(self.key) > MAX_CORRECT_OPTIONS:
            raise ValueError(_(
                "a multiple_choice question may have at most {max} correct options, this key names {count}: the "
                "Moodle and GIFT exports give each correct option 1/{count} of the points, and Moodle imports only "
                "its own grade fractions, which include 1/k only up to k = {max}; split the question or mark fewer "
                "options as correct").format(max=MAX_CORRECT_OPTIONS, count=len(self.key)))
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
            raise ValueError(_("write `key: true` or `key: false`"))
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
            raise ValueError(_("the key must list every option in order; add {ids}").format(ids=", ".join(missing)))
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
            raise ValueError(_("the key must pair every option with a target; add {ids}").format(ids=", ".join(missing)))
        return self


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Ordering | Matching,
    Field(discriminator="type"),
]


class QuestionFile(_Strict):
    module: Slug
    title: Text
    questions: Annotated[list[Question], Field(min_length=1)]
