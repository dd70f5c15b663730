"""The live exercises: ipywidgets for JupyterLab. Thin by design: each widget only collects the
group's input; the rules are in `exercises`, the chart in `charts`, the saving in `output`.
The chart is an `Image` widget and the findings an `HTML` widget, so tests can read both."""
from __future__ import annotations

from abc import ABC, abstractmethod

import ipywidgets as w
from markupsafe import Markup, escape

from . import charts, output
from .exercises import ActorMapping, Exercise, ObstacleAnalysis, Prioritisation, Scale, SelfAssessment
from ..i18n import _

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
        self.areas = []
        for n in range(1, self.exercise.max_areas + 1):
            name = w.Text(placeholder=_("Area {n}").format(n=n), description=_("Area {n}").format(n=n), style=WIDE,
                          continuous_update=False)
            name.observe(self.update, names="value")
            self.areas.append((name, [self.slider(c.name) for c in self.exercise.criteria]))
        return [w.VBox([name, *sliders], layout=w.Layout(margin="0 0 1em 0")) for name, sliders in self.areas]

    def data(self):
        return {name.value: tuple(s.value for s in sliders) for name, sliders in self.areas if name.value.strip()}


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
        self.add_button.on_click(lambda _b: self.add())
        self.remove_button.on_click(lambda _b: self.remove())
        return [self.name, self.helix, self.level, self.add_button, self.listing, self.remove_button]

    def add(self, name: str | None = None, helix: str | None = None, level: str | None = None) -> None:
        actor = ((name or self.name.value).strip(), helix or self.helix.value, level or self.level.value)
        if actor[0]:
            self.actors.append(self.exercise.check(actor))
            self.name.value = ""
            self._refresh()

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
    exercise: ObstacleAnalysis

    def inputs(self):
        self.sliders = [self.slider(o.name) for o in self.exercise.obstacles]
        for slider in self.sliders:
            slider.style = {"description_width": "16em"}
            slider.layout.width = "36em"
        signs = [w.HTML(f"<small>{escape(_('Sign: {sign}').format(sign=o.sign))}</small>") for o in self.exercise.obstacles]
        return [w.VBox([s, sign]) for s, sign in zip(self.sliders, signs)]

    def data(self):
        return tuple(s.value for s in self.sliders)


WIDGETS = {SelfAssessment: SelfAssessmentWidget, Prioritisation: PrioritisationWidget,
           ActorMapping: ActorMappingWidget, ObstacleAnalysis: ObstacleAnalysisWidget}
