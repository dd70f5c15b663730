"""The exercises on the course site: what a group scores, and the worked example drawn with the
same rules and chart code as the live exercise."""
from __future__ import annotations

import base64

from ..i18n import _
from ..project import Project
from ..templating import template
from . import charts
from .exercises import catalogue


def render_items(items, project: Project, with_scale: bool) -> str:
    """What the group scores or chooses in a workshop exercise (with the scale, if scored)."""
    return template("workshop-items.html").render(
        items=[(i.name, i.explanation or _("Sign: {sign}").format(sign=i.sign)) for i in items],
        scale=catalogue(project)[0], scale_heading=_("The scale"), uses_scale=with_scale)


def render_example(exercise, project: Project) -> str:
    """A workshop exercise's worked example: its chart, findings and table, as the live exercise draws them."""
    rows = exercise.rows(exercise.example)
    figure = charts.draw(exercise, exercise.example, catalogue(project)[0].max)
    image = base64.b64encode(charts.svg(figure).encode("utf-8")).decode("ascii")
    return template("workshop-example.html").render(
        image=image, alt=exercise.example_alt, caption=_("The worked example's result, as the exercise draws it."),
        findings_heading=_("What the chart shows"), findings=exercise.findings(exercise.example, project.sections),
        table_caption=_("The worked example in figures"), columns=list(rows[0]), rows=rows)
