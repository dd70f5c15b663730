"""The live exercises: ipywidgets for JupyterLab. Thin by design: each widget only collects the
group's input; the rules are in `exercises`, the chart in `charts`, the saving in `output`.
The chart is an `Image` widget and the findings an `HTML` widget, so tests can read both."""
from __future__ import annotations

from abc import ABC, abstractmethod

import ipywidgets as w
from markupsafe import Markup, escape

from ..i18n import _
from . import charts, output
from .exercises import ActorMapping, Exercise, ObstacleAnalysis, Prioritisation, Scale, SelfAssessment, clean_name

WIDE = {"description_width": "10em"}


class ExerciseWidget(ABC):
    """Inputs, a chart and findings that follow every change, and a button that saves the result."""

    def __init__(self, exercise: Exercise, scale: Scale, sections: dict[str, str]):
        self.exercise, self.scale, self.sections = exercise, scale, sections
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"))
        self.findings = w.HTML()
        self.save_button = w.Button(description=_("Save the result"), icon="save", button_style="primary")
        self.saved = w.HTML()
        self.save_button.on_click(lambda _b: self.save())
        intro = (f"<h2>{escape(exercise.title)}</h2><p>{escape(exercise.intro)}</p>"
                 f"{self._explanations()}<p>{escape(self._scale_text())}</p>")
        self.box = w.VBox([w.HTML(intro), *self.inputs(), self.chart, self.findings, self.save_button, self.saved])
        self.update()

    # What each exercise supplies
    @abstractmethod
    def inputs(self) -> list[w.Widget]:
        """The controls the group uses."""

    @abstractmethod
    def data(self):
        """The group's input, in the form the exercise's rules take."""

    # Shared behaviour
    def slider(self, description: str) -> w.IntSlider:
        slider = w.IntSlider(value=self.scale.min, min=self.scale.min, max=self.scale.max, description=description,
                             continuous_update=False, style=WIDE, layout=w.Layout(width="30em"))
        slider.observe(self.update, names="value")
        return slider

    def update(self, *_change) -> None:
        data = self.data()
        self.png = charts.png(charts.draw(self.exercise, data, self.scale.max))
        self.chart.value = self.png
        items = "".join(f"<li>{escape(line)}</li>" for line in self.exercise.findings(data, self.sections))
        self.findings.value = f'<div role="status"><h3>{escape(_("What the chart shows"))}</h3><ul>{items}</ul></div>'

    def save(self) -> tuple:
        paths = output.save(self.exercise.key, self.png, self.exercise.rows(self.data()))
        self.saved.value = "<p>{}</p>".format(escape(_("Saved: {chart} and {table}")).format(
            chart=Markup("<code>{}</code>").format(paths[0]), table=Markup("<code>{}</code>").format(paths[1])))
        return paths

    @staticmethod
    def message(problem: str | None) -> str:
        """What is wrong with the group's input, as the HTML widget under the input shows it."""
        return f'<p role="alert" class="s3k-ws-error">{escape(problem)}</p>' if problem else ""

    def _explanations(self) -> str:
        described = [i for i in self.exercise.items() if i.explanation]
        if not described:
            return ""
        return "<dl>" + "".join(f"<dt>{escape(i.name)}</dt><dd>{escape(i.explanation)}</dd>" for i in described) + "</dl>"

    def _scale_text(self) -> str:
        return _("Scale: {labels}.").format(labels="; ".join(f"{k} = {v.lower()}" for k, v in self.scale.labels.items()))

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.box._repr_mimebundle_() or {}
        bundle["text/plain"] = self.exercise.title
        return bundle


class SelfAssessmentWidget(ExerciseWidget):
    exercise: SelfAssessment

    def inputs(self):
        self.sliders = {step.name: [self.slider(f.name) for f in self.exercise.factors] for step in self.exercise.steps}
        return [w.VBox([w.HTML(f"<h3>{escape(name)}</h3>"), *sliders]) for name, sliders in self.sliders.items()]

    def data(self):
        return {name: tuple(s.value for s in sliders) for name, sliders in self.sliders.items()}


class PrioritisationWidget(ExerciseWidget):
    exercise: Prioritisation

    def inputs(self):
        self.areas, self.area_messages = [], []
        for n in range(1, self.exercise.max_areas + 1):
            name = w.Text(placeholder=_("Area {n}").format(n=n), description=_("Area {n}").format(n=n), style=WIDE,
                          continuous_update=False)
            name.observe(self.update, names="value")
            self.areas.append((name, [self.slider(c.name) for c in self.exercise.criteria]))
            self.area_messages.append(w.HTML())
        return [w.VBox([name, message, *sliders], layout=w.Layout(margin="0 0 1em 0"))
                for (name, sliders), message in zip(self.areas, self.area_messages)]

    def data(self):
        """Every area as entered, (name, scores); the rules count those with a usable name."""
        return [(name.value, tuple(s.value for s in sliders)) for name, sliders in self.areas]

    def update(self, *change):
        for message, problem in zip(self.area_messages, self.exercise.problems(self.data())):
            message.value = self.message(problem)
        super().update(*change)


class ActorMappingWidget(ExerciseWidget):
    exercise: ActorMapping

    def inputs(self):
        self.actors: list[tuple[str, str, str]] = []
        self.name = w.Text(description=_("Actor"), placeholder=_("For example the university"), style=WIDE)
        self.helix = w.Dropdown(options=self.exercise.helix_names, description=_("Helix"), style=WIDE)
        self.level = w.Dropdown(options=self.exercise.level_names, description=_("Level"), style=WIDE)
        self.add_button = w.Button(description=_("Add"), icon="plus")
        self.listing = w.Select(options=[], description=_("Actors"), rows=6, style=WIDE, layout=w.Layout(width="40em"))
        self.remove_button = w.Button(description=_("Remove the chosen actor"), icon="trash")
        self.problem = w.HTML()
        self.add_button.on_click(lambda _b: self.add())
        self.remove_button.on_click(lambda _b: self.remove())
        return [self.name, self.problem, self.helix, self.level, self.add_button, self.listing, self.remove_button]

    def add(self, name: str | None = None, helix: str | None = None, level: str | None = None) -> bool:
        """Add an actor (the fields' values, or those given); a name that cannot be used gets a message."""
        name = self.name.value if name is None else name
        problem = self.exercise.name_problem(name, [actor[0] for actor in self.actors])
        self.problem.value = self.message(problem)
        if problem:
            return False
        self.actors.append(self.exercise.check((clean_name(name), helix or self.helix.value, level or self.level.value)))
        self.name.value = ""
        self._refresh()
        return True

    def remove(self) -> None:
        if self.listing.index is not None:
            del self.actors[self.listing.index]
            self._refresh()

    def _refresh(self):
        self.listing.options = [f"{name} ({helix}, {level})" for name, helix, level in self.actors]
        self.update()

    def data(self):
        return list(self.actors)


class ObstacleAnalysisWidget(ExerciseWidget):
    """The seven obstacles, each with a slider, and the group's own: added by name, each with
    a slider and a button that removes it."""
    exercise: ObstacleAnalysis

    def inputs(self):
        self.sliders = [self.slider(o.name) for o in self.exercise.obstacles]
        for slider in self.sliders:
            slider.style = {"description_width": "16em"}
            slider.layout.width = "36em"
        signs = [w.HTML(f"<small>{escape(_('Sign: {sign}').format(sign=o.sign))}</small>") for o in self.exercise.obstacles]
        self.own: list[tuple[str, w.IntSlider]] = []
        self.own_name = w.Text(description=_("Own obstacle"), placeholder=_("For example: no one owns the strategy"),
                               style={"description_width": "16em"}, layout=w.Layout(width="36em"))
        self.own_button = w.Button(description=_("Add the obstacle"), icon="plus")
        self.own_problem = w.HTML()
        self.own_box = w.VBox([])
        self.own_button.on_click(lambda _b: self.add())
        heading = _("Your own obstacles")
        note = _("Add obstacles the list does not have, at most {limit}.").format(limit=self.exercise.max_own)
        own = w.HTML(f"<h3>{escape(heading)}</h3><p>{escape(note)}</p>")
        return [*(w.VBox([s, sign]) for s, sign in zip(self.sliders, signs)), own, self.own_name, self.own_problem,
                self.own_button, self.own_box]

    def add(self, name: str | None = None, score: int | None = None) -> bool:
        """Add one of the group's own obstacles (the field's name, or *name*); a name that cannot
        be used, or one obstacle too many, gets a message."""
        name = self.own_name.value if name is None else name
        problem = self.exercise.own_problem(name, [n for n, _s in self.own])
        self.own_problem.value = self.message(problem)
        if problem:
            return False
        slider = self.slider(clean_name(name))
        slider.style = {"description_width": "16em"}
        slider.layout.width = "36em"
        if score is not None:
            slider.value = score
        self.own.append((clean_name(name), slider))
        self.own_name.value = ""
        self._refresh()
        return True

    def remove(self, name: str) -> None:
        self.own = [(n, s) for n, s in self.own if n != name]
        self._refresh()

    def _refresh(self) -> None:
        rows = []
        for name, slider in self.own:
            button = w.Button(description=_("Remove {name}").format(name=name), icon="trash")
            button.on_click(lambda _b, name=name: self.remove(name))
            rows.append(w.HBox([slider, button]))
        self.own_box.children = rows
        self.update()

    def data(self):
        return self.exercise.with_own(tuple(s.value for s in self.sliders), [(n, s.value) for n, s in self.own])


WIDGETS = {SelfAssessment: SelfAssessmentWidget, Prioritisation: PrioritisationWidget,
           ActorMapping: ActorMappingWidget, ObstacleAnalysis: ObstacleAnalysisWidget}
