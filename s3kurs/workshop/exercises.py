"""The four workshop exercises as data (read from the project's `data/exercises.yml`, content
like `quizzes/`) and the rules that turn a group's scores into a result: rows for the CSV file
and the text table, and plain-language findings. No drawing and no widgets here (see
`charts.py` and `widgets.py`)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from statistics import mean
from typing import Annotated

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator

from ..datafile import Problem, field_path, problems_from_validation, read_yaml
from ..i18n import _
from ..project import Project

EXERCISES = Path("data") / "exercises.yml"  # in the project, beside quizzes/
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
Label = Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]


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


class SelfAssessment(Exercise):
    """The six RIS3 steps, each scored on a few critical factors (inspired by the RIS3 Assessment Wheel)."""
    steps: tuple[Item, ...]
    factors: tuple[Item, ...]
    weak_below: float
    example: dict[str, tuple[int, ...]]

    @model_validator(mode="after")
    def _example_fits(self):
        if list(self.example) != [s.name for s in self.steps] or any(len(v) != len(self.factors) for v in self.example.values()):
            raise ValueError("self_assessment.example: give one row per step, in order, with one score per factor")
        return self

    def items(self):
        return [*self.steps, *self.factors]

    def rows(self, scores: dict[str, tuple[int, ...]]) -> list[dict]:
        return [{_("Step"): step.name, **{f.name: s for f, s in zip(self.factors, scores[step.name])},
                 _("Mean"): _number(mean(scores[step.name]))} for step in self.steps]

    def weak_steps(self, scores) -> list[Item]:
        """Steps whose mean score is below the threshold, weakest first."""
        weak = [s for s in self.steps if mean(scores[s.name]) < self.weak_below]
        return sorted(weak, key=lambda s: mean(scores[s.name]))

    def findings(self, scores, sections: dict[str, str]) -> list[str]:
        if not any(any(scores[s.name]) for s in self.steps):
            return [_("No scores yet. Move the sliders.")]
        means = {s.name: _number(mean(scores[s.name])) for s in self.steps}
        strongest = max(self.steps, key=lambda s: mean(scores[s.name]))
        weak = self.weak_steps(scores)
        lines = [] if strongest in weak else [
            _("Strongest: {step} (mean {mean}).").format(step=strongest.name, mean=means[strongest.name])]
        if not weak:
            return lines + [_("No step has a mean below {limit}. Ask what it would take to reach 5.").format(
                limit=_number(self.weak_below))]
        for step in weak:
            where = "; ".join(sections.get(label, label) for label in step.revisit)
            lines.append(_("Weak: {step} (mean {mean}). Read again: {sections}.").format(
                step=step.name, mean=means[step.name], sections=where))
        return lines


class Prioritisation(Exercise):
    """Candidate priority areas scored on a few criteria, ranked by their total."""
    criteria: tuple[Item, ...]
    max_areas: int
    example: dict[str, tuple[int, ...]]

    @model_validator(mode="after")
    def _example_fits(self):
        if len(self.example) > self.max_areas or any(len(v) != len(self.criteria) for v in self.example.values()):
            raise ValueError("prioritisation.example: at most max_areas areas, one score per criterion")
        return self

    def items(self):
        return list(self.criteria)

    def ranking(self, areas: dict[str, tuple[int, ...]]) -> list[tuple[str, tuple[int, ...]]]:
        """Areas with a name, highest total first (ties keep the order they were entered in)."""
        named = [(name.strip(), tuple(s)) for name, s in areas.items() if name.strip()]
        return sorted(named, key=lambda item: -sum(item[1]))

    def rows(self, areas) -> list[dict]:
        return [{_("Rank"): rank, _("Area"): name, **{c.name: s for c, s in zip(self.criteria, scores)},
                 _("Total"): sum(scores)}
                for rank, (name, scores) in enumerate(self.ranking(areas), 1)]

    def findings(self, areas, sections=None) -> list[str]:
        ranked = self.ranking(areas)
        if not ranked:
            return [_("Write the name of at least one area.")]
        lines = []
        for name, scores in ranked:
            low = min(range(len(scores)), key=lambda i: scores[i])
            high = max(range(len(scores)), key=lambda i: scores[i])
            lines.append(_("{area}: total {total}. Strongest on {high} ({high_score}), weakest on {low} ({low_score}).").format(
                area=name, total=sum(scores), high=self.criteria[high].name.lower(), high_score=scores[high],
                low=self.criteria[low].name.lower(), low_score=scores[low]))
        totals = [sum(s) for _, s in ranked]
        if len(totals) > 1 and totals[0] - totals[1] <= 1:
            lines.append(_("{first} and {second} are almost level. Discuss which criterion weighs most.").format(
                first=ranked[0][0], second=ranked[1][0]))
        return lines


class ActorMapping(Exercise):
    """Actors placed on the quadruple helix and on levels; empty helices and levels are the finding."""
    helices: tuple[Item, ...]
    levels: tuple[Item, ...]
    example: tuple[tuple[Text, Text, Text], ...]

    @model_validator(mode="after")
    def _example_fits(self):
        for actor in self.example:
            self.check(actor)
        return self

    def check(self, actor: tuple[str, str, str]) -> tuple[str, str, str]:
        name, helix, level = actor
        if helix not in self.helix_names or level not in self.level_names:
            raise ValueError(f"actor_mapping: '{name}' needs a helix from {self.helix_names} and a level from {self.level_names}")
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

    def rows(self, actors) -> list[dict]:
        return [{_("Actor"): name, _("Helix"): helix, _("Level"): level} for name, helix, level in actors]

    def findings(self, actors, sections=None) -> list[str]:
        if not actors:
            return [_("No actors yet. Add the first one.")]
        helices, levels = self.missing(actors)
        lines = [_("Number of actors: {count}.").format(count=len(actors))]
        lines.append(_("Missing from the helix: {names}.").format(names=", ".join(helices)) if helices
                     else _("All four parts of the helix take part."))
        lines.append(_("Missing levels: {names}.").format(names=", ".join(levels)) if levels
                     else _("All levels take part."))
        if helices or levels:
            lines.append(_("Ask: whom could you invite to fill what is missing?"))
        return lines


class ObstacleAnalysis(Exercise):
    """The obstacles from module 6, rated for the group's own region and ranked."""
    obstacles: tuple[Item, ...]
    report: Label
    example: tuple[int, ...]

    @model_validator(mode="after")
    def _example_fits(self):
        if len(self.example) != len(self.obstacles):
            raise ValueError("obstacle_analysis.example: give one score per obstacle")
        return self

    def links(self):
        yield from super().links()
        yield (self.key, "report"), self.report

    def items(self):
        return list(self.obstacles)

    def ranking(self, scores: tuple[int, ...]) -> list[tuple[Item, int]]:
        return sorted(zip(self.obstacles, scores), key=lambda pair: -pair[1])

    def rows(self, scores) -> list[dict]:
        return [{_("Rank"): rank, _("Obstacle"): item.name, _("Score"): score, _("Sign"): item.sign}
                for rank, (item, score) in enumerate(self.ranking(scores), 1)]

    def findings(self, scores, sections: dict[str, str]) -> list[str]:
        top = [(item, score) for item, score in self.ranking(scores) if score > 0][:3]
        if not top:
            return [_("No obstacle has a score yet.")]
        lines = [_("{rank}. {obstacle} ({score}). Read more: {section}.").format(
                 rank=rank, obstacle=item.name, score=score, section=sections.get(item.revisit[0], item.revisit[0]))
                 for rank, (item, score) in enumerate(top, 1)]
        return lines + [_("How to report obstacles: {section}.").format(section=sections.get(self.report, self.report))]


def _number(value: float) -> str:
    return format_decimal(value, "0.0", locale="sv")


MODELS = {"self_assessment": SelfAssessment, "prioritisation": Prioritisation,
          "actor_mapping": ActorMapping, "obstacle_analysis": ObstacleAnalysis}


class Catalogue(_Strict):
    """The whole file: the scale and one entry per exercise (its key is the entry's name)."""
    scale: Scale
    self_assessment: SelfAssessment
    prioritisation: Prioritisation
    actor_mapping: ActorMapping
    obstacle_analysis: ObstacleAnalysis

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
                                        f"no lesson section has the label '{label}': use a label written as "
                                        f"({label})= above a heading"))
    return result, problems


@lru_cache(maxsize=8)
def _catalogue(path: Path, _mtime: float) -> tuple[Scale, dict[str, Exercise]]:
    result, problems = check(Project.find(path.parent), path=path)
    if problems:
        raise ExerciseError("\n".join(map(str, problems)))
    return result.scale, result.exercises


def catalogue(project: Project | None = None) -> tuple[Scale, dict[str, Exercise]]:
    """The scale and the four exercises, validated; ExerciseError says what to fix."""
    path = exercises_file(project or Project.find())
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _catalogue(path, mtime)


def exercise(key: str, project: Project | None = None) -> Exercise:
    exercises = catalogue(project)[1]
    if key not in exercises:
        raise ValueError(f"no workshop exercise '{key}': use one of {', '.join(exercises)}")
    return exercises[key]
