"""The four workshop exercises as data (read from the project's `data/exercises.yml`, content
like `quizzes/`) and the rules that turn a group's scores into a result: rows for the CSV file
and the text table, and plain-language findings. No drawing and no widgets here (see
`charts.py` and `widgets.py`).

The browser tools on the exercise pages (`static/s3kurs-workshop.js`) apply the same rules to
the same data: the exercise definitions and the sentences (`STRINGS`, translated by
`strings()`) travel with the page, figures follow the engine's one rounding rule (`scoring`),
and tests/test_workshop_tools.py holds both to the same rows, findings and CSV text.

- Names (areas, actors, the group's own obstacles) are compared after `clean_name` (Unicode
  NFC, whitespace trimmed at both ends) and case-insensitively (`name_key`); `name_problem`
  says why a name cannot be used (empty, longer than the exercise's `max_name_length`, taken).
- Rankings sort by score, highest first; ties keep the order the items were entered in.
- Means are rounded down to one decimal (`scoring.mean_text`), compared in integers.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, PositiveInt, StringConstraints, ValidationError, model_validator

from .. import scoring
from ..datafile import Problem, field_path, problems_from_validation, read_yaml
from ..i18n import N_, _
from ..project import Project

EXERCISES = Path("data") / "exercises.yml"  # in the project, beside quizzes/
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Label = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]

# The sentences and column names the rules write, by the name the browser tool uses for them.
# Placeholders are {name} only (no format specs), so Python's str.format and S3kurs.format agree.
STRINGS = {
    # columns (the CSV file's header, as the notebooks write it)
    "step": N_("Step"), "mean": N_("Mean"), "rank": N_("Rank"), "area": N_("Area"), "total": N_("Total"),
    "actor": N_("Actor"), "helix": N_("Helix"), "level": N_("Level"), "obstacle": N_("Obstacle"),
    "score": N_("Score"), "sign": N_("Sign"), "empty": N_("Empty"),
    # lists: "a, b and c"
    "listAnd": N_("{items} and {last}"),
    # self-assessment
    "noScores": N_("No scores yet. Give the steps their scores."),
    "strongest": N_("Strongest: {step} (mean {mean})."),
    "allSame": N_("Every step has the same mean ({mean})."),
    "noWeak": N_("No step has a mean below {limit}. Ask what it would take to reach 5."),
    "weak": N_("Weak: {step} (mean {mean}). Read again: {sections}."),
    # prioritisation
    "noAreas": N_("Write the name of at least one area."),
    "areaLine": N_("{area}: total {total}. Strongest on {high} ({high_score}), weakest on {low} ({low_score})."),
    "areaEven": N_("{area}: total {total}. The same score on every criterion ({score})."),
    "almostLevel": N_("{first} and {second} are almost level. Discuss which criterion weighs most."),
    # actor mapping
    "noActors": N_("No actors yet. Add the first one."),
    "actorCount": N_("Number of actors: {count}."),
    "missingHelices": N_("Missing from the helix: {names}."),
    "allHelices": N_("All four parts of the helix take part."),
    "missingLevels": N_("Missing levels: {names}."),
    "allLevels": N_("All levels take part."),
    "emptyCells": N_("Empty cells: {cells}."),
    "otherEmptyCells": N_("Other empty cells: {cells}."),
    "noEmptyCells": N_("Every cell has at least one actor."),
    "ask": N_("Ask: whom could you invite to fill what is missing?"),
    # obstacle analysis
    "noObstacles": N_("No obstacle has a score yet."),
    "obstacleLine": N_("{rank}. {obstacle} ({score}). Read more: {section}."),
    "ownObstacleLine": N_("{rank}. {obstacle} ({score}). Your group's own obstacle: write down what you have seen."),
    "report": N_("How to report obstacles: {section}."),
    # bad input
    "nameEmpty": N_("Write a name."),
    "nameTooLong": N_("The name is too long: at most {limit} characters (now {length})."),
    "nameTaken": N_("“{name}” is already in the list. Write another name."),
    "scoreOutside": N_("Write a whole number from {min} to {max}."),
    "tooMany": N_("At most {limit}. Remove one before you add another."),
}


def t(name: str) -> str:
    """One of the rules' sentences, translated."""
    return _(STRINGS[name])


def strings() -> dict[str, str]:
    """The rules' sentences, translated, for the browser tool."""
    return {name: _(msgid) for name, msgid in STRINGS.items()}


def join(names: list[str]) -> str:
    """"a", "a and b", "a, b and c" (in the catalogue's language)."""
    if len(names) < 2:
        return "".join(names)
    return t("listAnd").format(items=", ".join(names[:-1]), last=names[-1])


# JavaScript's String.prototype.trim() removes exactly these (ECMAScript WhiteSpace and
# LineTerminator); Python's str.strip() removes a slightly different set, so it is not used.
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_EDGES = re.compile(f"^[{WHITESPACE}]+|[{WHITESPACE}]+$")


def clean_name(name: str) -> str:
    """A name as the exercise keeps it: Unicode NFC, no whitespace at either end."""
    return _EDGES.sub("", unicodedata.normalize("NFC", str(name)))


def name_key(name: str) -> str:
    """What two names are compared by: the clean name in lower case."""
    return clean_name(name).lower()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scale(_Strict):
    min: int
    max: int
    labels: dict[int, Text]


class Item(_Strict):
    """Something the group scores or chooses: a step, factor, criterion, helix, level or obstacle."""
    name: Text
    explanation: Text | None = None
    sign: Text | None = None
    revisit: tuple[Label, ...] = ()


class Exercise(_Strict):
    key: str
    title: Text
    intro: Text
    example_alt: Text
    minutes: PositiveInt  # how long the exercise takes: the one place the pages and the plans read it from

    def links(self):
        """Each lesson section the exercise links to, as (where in the file, label)."""
        for name, value in self:
            for i, item in enumerate(value if isinstance(value, tuple) else ()):
                for j, label in enumerate(getattr(item, "revisit", ())):
                    yield (self.key, name, i, "revisit", j), label

    @property
    def labels(self) -> set[str]:
        return {label for _where, label in self.links()}

    def items(self) -> list[Item]:
        return []

    def name_problem(self, name: str, taken=()) -> str | None:
        """Why the group cannot use *name* for a new area, actor or obstacle (empty, longer than
        `max_name_length`, or already among *taken*), or None."""
        clean = clean_name(name)
        if not clean:
            return t("nameEmpty")
        limit = getattr(self, "max_name_length", None)
        if limit is not None and len(clean) > limit:
            return t("nameTooLong").format(limit=limit, length=len(clean))
        if name_key(clean) in {name_key(other) for other in taken}:
            return t("nameTaken").format(name=clean)
        return None


class SelfAssessment(Exercise):
    """The six RIS3 steps, each scored on a few critical factors (inspired by the RIS3 Assessment Wheel)."""
    steps: tuple[Item, ...]
    factors: tuple[Item, ...]
    weak_below: float
    example: dict[str, tuple[int, ...]]

    @model_validator(mode="after")
    def _example_fits(self):
        if list(self.example) != [s.name for s in self.steps] or any(len(v) != len(self.factors) for v in self.example.values()):
            raise ValueError(_("`self_assessment.example`: give one row per step, in order, with one score per factor"))
        if abs(self.weak_below * 10 - round(self.weak_below * 10)) > 1e-9:
            raise ValueError(_("`self_assessment.weak_below`: give the limit with at most one decimal, e.g. 3 or 2.5"))
        return self

    def items(self):
        return [*self.steps, *self.factors]

    @property
    def weak_below_tenths(self) -> int:
        return round(self.weak_below * 10)

    def rows(self, scores: dict[str, tuple[int, ...]]) -> list[dict]:
        return [{t("step"): step.name, **{f.name: s for f, s in zip(self.factors, scores[step.name])},
                 t("mean"): scoring.mean_text(list(scores[step.name]))} for step in self.steps]

    def _is_weak(self, scores, step: Item) -> bool:
        # mean < limit, in integers: 10 × sum < limit in tenths × number of factors
        return 10 * sum(scores[step.name]) < self.weak_below_tenths * len(scores[step.name])

    def weak_steps(self, scores) -> list[Item]:
        """Steps whose mean score is below the threshold, weakest first (ties in the steps' order)."""
        weak = [s for s in self.steps if self._is_weak(scores, s)]
        return sorted(weak, key=lambda s: sum(scores[s.name]))

    def findings(self, scores, sections: dict[str, str]) -> list[str]:
        if not any(any(scores[s.name]) for s in self.steps):
            return [t("noScores")]

        def mean(step):
            return scoring.mean_text(list(scores[step.name]))

        top = max(sum(scores[s.name]) for s in self.steps)
        strongest = [s for s in self.steps if sum(scores[s.name]) == top]
        weak = self.weak_steps(scores)
        lines = []
        if not self._is_weak(scores, strongest[0]):
            if len(strongest) == len(self.steps):
                lines.append(t("allSame").format(mean=mean(strongest[0])))
            else:
                lines.append(t("strongest").format(step=join([s.name for s in strongest]), mean=mean(strongest[0])))
        if not weak:
            return lines + [t("noWeak").format(limit=scoring.decimal(self.weak_below_tenths))]
        for step in weak:
            where = "; ".join(sections.get(label, label) for label in step.revisit)
            lines.append(t("weak").format(step=step.name, mean=mean(step), sections=where))
        return lines


class Prioritisation(Exercise):
    """Candidate priority areas scored on a few criteria, ranked by their total."""
    criteria: tuple[Item, ...]
    max_areas: PositiveInt
    max_name_length: PositiveInt
    example: dict[str, tuple[int, ...]]

    @model_validator(mode="after")
    def _example_fits(self):
        if len(self.example) > self.max_areas or any(len(v) != len(self.criteria) for v in self.example.values()):
            raise ValueError(_("`prioritisation.example`: at most `max_areas` areas, one score per criterion"))
        return self

    def items(self):
        return list(self.criteria)

    def entries(self, areas) -> list[tuple[str, tuple[int, ...]]]:
        """The areas that count, as (clean name, scores) in the order they were entered: those
        whose name is usable (`name_problem`: not empty, not too long, not taken by an area
        before it), at most `max_areas`. *areas* is {name: scores} or a list of (name, scores)."""
        named = []
        for name, scores in (areas.items() if isinstance(areas, dict) else areas):
            if len(named) < self.max_areas and self.name_problem(name, [n for n, _ in named]) is None:
                named.append((clean_name(name), tuple(scores)))
        return named

    def problems(self, areas) -> list[str | None]:
        """For each area as entered: why it does not count, or None (an area without a name
        and without scores is only an empty row, not a problem)."""
        found, named = [], []
        for name, scores in (areas.items() if isinstance(areas, dict) else areas):
            problem = self.name_problem(name, named)
            if problem is None and len(named) >= self.max_areas:
                problem = t("tooMany").format(limit=self.max_areas)
            if problem is None:
                named.append(name)
            found.append(None if not clean_name(name) and not any(scores) else problem)
        return found

    def ranking(self, areas) -> list[tuple[str, tuple[int, ...]]]:
        """Areas with a name, highest total first (ties keep the order they were entered in)."""
        return sorted(self.entries(areas), key=lambda item: -sum(item[1]))

    def rows(self, areas) -> list[dict]:
        return [{t("rank"): rank, t("area"): name, **{c.name: s for c, s in zip(self.criteria, scores)},
                 t("total"): sum(scores)}
                for rank, (name, scores) in enumerate(self.ranking(areas), 1)]

    def findings(self, areas, sections=None) -> list[str]:
        ranked = self.ranking(areas)
        if not ranked:
            return [t("noAreas")]
        lines = []
        for name, scores in ranked:
            high, low = max(scores), min(scores)
            if high == low:  # a tie across every criterion: no strongest and weakest to name
                lines.append(t("areaEven").format(area=name, total=sum(scores), score=high))
                continue
            named = lambda value, scores=scores: join(  # noqa: E731
                [c.name.lower() for c, s in zip(self.criteria, scores) if s == value])
            lines.append(t("areaLine").format(area=name, total=sum(scores), high=named(high), high_score=high,
                                              low=named(low), low_score=low))
        totals = [sum(s) for _, s in ranked]
        if len(totals) > 1 and totals[0] - totals[1] <= 1:
            lines.append(t("almostLevel").format(first=ranked[0][0], second=ranked[1][0]))
        return lines


class ActorMapping(Exercise):
    """Actors placed on the quadruple helix and on levels; empty helices, levels and cells are the finding."""
    helices: tuple[Item, ...]
    levels: tuple[Item, ...]
    max_name_length: PositiveInt
    example: tuple[tuple[Text, Text, Text], ...]

    @model_validator(mode="after")
    def _example_fits(self):
        for actor in self.example:
            self.check(actor)
        return self

    def check(self, actor: tuple[str, str, str]) -> tuple[str, str, str]:
        name, helix, level = actor
        if helix not in self.helix_names or level not in self.level_names:
            raise ValueError(_("`actor_mapping`: '{name}' needs a part of the helix from {helices} and a level from "
                               "{levels}").format(name=name, helices=", ".join(self.helix_names),
                                                  levels=", ".join(self.level_names)))
        return actor

    @property
    def helix_names(self) -> list[str]:
        return [h.name for h in self.helices]

    @property
    def level_names(self) -> list[str]:
        return [lv.name for lv in self.levels]

    def items(self):
        return [*self.helices, *self.levels]

    def grid(self, actors) -> list[list[int]]:
        """Number of actors per level (rows) and helix (columns)."""
        counts = [[0] * len(self.helices) for _ in self.levels]
        for _name, helix, level in actors:
            counts[self.level_names.index(level)][self.helix_names.index(helix)] += 1
        return counts

    def missing(self, actors) -> tuple[list[str], list[str]]:
        helices = {helix for _, helix, _ in actors}
        levels = {level for _, _, level in actors}
        return [h for h in self.helix_names if h not in helices], [lv for lv in self.level_names if lv not in levels]

    def empty_cells(self, actors) -> list[tuple[str, str]]:
        """Empty cells (helix, level) whose helix and level both have actors elsewhere, row by row."""
        counts = self.grid(actors)
        helices, levels = self.missing(actors)
        return [(helix, level) for row, level in enumerate(self.level_names) if level not in levels
                for col, helix in enumerate(self.helix_names) if helix not in helices and not counts[row][col]]

    def rows(self, actors) -> list[dict]:
        return [{t("actor"): name, t("helix"): helix, t("level"): level} for name, helix, level in actors]

    def findings(self, actors, sections=None) -> list[str]:
        if not actors:
            return [t("noActors")]
        helices, levels = self.missing(actors)
        cells = ", ".join(f"{helix} ({level})" for helix, level in self.empty_cells(actors))
        lines = [t("actorCount").format(count=len(actors))]
        lines.append(t("missingHelices").format(names=", ".join(helices)) if helices else t("allHelices"))
        lines.append(t("missingLevels").format(names=", ".join(levels)) if levels else t("allLevels"))
        if cells:
            lines.append(t("otherEmptyCells" if helices or levels else "emptyCells").format(cells=cells))
        elif not (helices or levels):
            lines.append(t("noEmptyCells"))
        if helices or levels or cells:
            lines.append(t("ask"))
        return lines


class ObstacleAnalysis(Exercise):
    """The obstacles from module 6, and the group's own, rated for the group's own region and ranked.

    The group's scores are the seven obstacles' scores in order (as the worked example gives
    them), or {name: score} with the seven by name and the group's own obstacles after them
    in the order they were added (`with_own` builds it)."""
    obstacles: tuple[Item, ...]
    report: Label
    max_name_length: PositiveInt
    max_own: PositiveInt
    example: tuple[int, ...]

    @model_validator(mode="after")
    def _example_fits(self):
        if len(self.example) != len(self.obstacles):
            raise ValueError(_("`obstacle_analysis.example`: give one score per obstacle"))
        return self

    def links(self):
        yield from super().links()
        yield (self.key, "report"), self.report

    def items(self):
        return list(self.obstacles)

    def with_own(self, scores, own=()) -> dict[str, int]:
        """The seven obstacles' *scores* and the group's *own* (name, score) pairs as one
        {name: score}; an own obstacle whose name is not usable (`name_problem`: empty, too
        long, or taken by an obstacle before it) is left out, as are those after `max_own`."""
        result = {item.name: score for item, score in zip(self.obstacles, scores)}
        added: list[str] = []
        for name, score in own:
            if self.own_problem(name, added) is None:
                added.append(clean_name(name))
                result[added[-1]] = score
        return result

    def own_problem(self, name: str, own: list[str]) -> str | None:
        """Why the group cannot add an own obstacle called *name* after those named in *own*, or None."""
        if len(own) >= self.max_own:
            return t("tooMany").format(limit=self.max_own)
        return self.name_problem(name, [*(item.name for item in self.obstacles), *own])

    def entries(self, scores) -> list[tuple[Item, int]]:
        """(obstacle, score) for the seven in order, then the group's own (an Item with only a name)."""
        if not isinstance(scores, dict):
            scores = self.with_own(scores)
        known = {item.name for item in self.obstacles}
        own = [(Item.model_construct(name=name), score) for name, score in scores.items() if name not in known]
        return [(item, scores.get(item.name, 0)) for item in self.obstacles] + own

    def is_own(self, item: Item) -> bool:
        return item not in self.obstacles

    def ranking(self, scores) -> list[tuple[Item, int]]:
        """Highest score first; ties keep the order (the seven, then the group's own as added)."""
        return sorted(self.entries(scores), key=lambda pair: -pair[1])

    def rows(self, scores) -> list[dict]:
        return [{t("rank"): rank, t("obstacle"): item.name, t("score"): score, t("sign"): item.sign or ""}
                for rank, (item, score) in enumerate(self.ranking(scores), 1)]

    def findings(self, scores, sections: dict[str, str]) -> list[str]:
        top = [(item, score) for item, score in self.ranking(scores) if score > 0][:3]
        if not top:
            return [t("noObstacles")]
        lines = []
        for rank, (item, score) in enumerate(top, 1):
            if self.is_own(item):
                lines.append(t("ownObstacleLine").format(rank=rank, obstacle=item.name, score=score))
            else:
                lines.append(t("obstacleLine").format(rank=rank, obstacle=item.name, score=score,
                                                      section=sections.get(item.revisit[0], item.revisit[0])))
        return lines + [t("report").format(section=sections.get(self.report, self.report))]


MODELS = {"self_assessment": SelfAssessment, "prioritisation": Prioritisation,
          "actor_mapping": ActorMapping, "obstacle_analysis": ObstacleAnalysis}


class PaperExercise(_Strict):
    """An exercise done on paper, without a tool: what the plans and its page need to know."""
    title: Text
    minutes: PositiveInt


class Catalogue(_Strict):
    """The whole file: the scale, one entry per exercise (its key is the entry's name) and
    the exercises done on paper."""
    scale: Scale
    self_assessment: SelfAssessment
    prioritisation: Prioritisation
    actor_mapping: ActorMapping
    obstacle_analysis: ObstacleAnalysis
    paper: dict[str, PaperExercise] = {}

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, data):
        if isinstance(data, dict):
            data = {name: {**value, "key": name} if name in MODELS and isinstance(value, dict) else value
                    for name, value in data.items()}
        return data

    @property
    def exercises(self) -> dict[str, Exercise]:
        return {key: getattr(self, key) for key in MODELS}


class ExerciseError(Exception):
    """The exercises file has problems; the message has one clear line per problem."""


def exercises_file(project: Project) -> Path:
    return project.root / EXERCISES


def check(project: Project, sections: set[str] | None = None, path: Path | None = None
          ) -> tuple[Catalogue | None, list[Problem]]:
    """The project's exercises (or those in *path*), or one problem per line (file:line: field:
    what to do). With *sections* (lesson labels), every section an exercise links to must exist."""
    path = path or exercises_file(project)
    try:
        shown = str(path.resolve().relative_to(project.root))
    except ValueError:
        shown = str(path)
    loaded, problems = read_yaml(path, shown)
    if loaded is None:
        return None, problems
    try:
        result = Catalogue.model_validate(loaded.data)
    except ValidationError as exc:
        return None, problems_from_validation(exc, loaded, shown)
    for ex in result.exercises.values() if sections is not None else ():
        for where, label in ex.links():
            if label not in sections:
                problems.append(Problem(shown, loaded.line_of(where), field_path(where[:4]),
                                        _("no lesson section has the label '{label}': use a label written as "
                                          "({label})= above a heading").format(label=label)))
    return result, problems


@lru_cache(maxsize=8)
def _catalogue(path: Path, _mtime: float) -> Catalogue:
    result, problems = check(Project.find(path.parent), path=path)
    if problems:
        raise ExerciseError("\n".join(map(str, problems)))
    return result


def _load(project: Project | None) -> Catalogue:
    path = exercises_file(project or Project.find())
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _catalogue(path, mtime)


def catalogue(project: Project | None = None) -> tuple[Scale, dict[str, Exercise]]:
    """The scale and the four exercises, validated; ExerciseError says what to fix."""
    result = _load(project)
    return result.scale, result.exercises


def minutes(key: str, project: Project | None = None) -> int:
    """How long an exercise takes, a tool exercise or one on paper (ExerciseError, ValueError)."""
    result = _load(project)
    if key in result.exercises:
        return result.exercises[key].minutes
    if key in result.paper:
        return result.paper[key].minutes
    raise ValueError(_("no exercise '{key}': use one of {keys}").format(
        key=key, keys=", ".join([*result.exercises, *result.paper])))


def exercise(key: str, project: Project | None = None) -> Exercise:
    exercises = catalogue(project)[1]
    if key not in exercises:
        raise ValueError(_("no workshop exercise '{key}': use one of {keys}").format(key=key, keys=", ".join(exercises)))
    return exercises[key]
