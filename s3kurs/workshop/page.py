"""The exercises on the course site: what a group scores, the worked example drawn with the
same rules and chart code as the live exercise, and the frame and data of the browser tool."""
from __future__ import annotations

import base64
import hashlib
import json

from ..i18n import N_, _
from ..project import Project
from ..templating import json_for_script, template
from .exercises import catalogue


def render_items(items, project: Project, with_scale: bool) -> str:
    """What the group scores or chooses in a workshop exercise (with the scale, if scored)."""
    return template("workshop-items.html").render(
        items=[(i.name, i.explanation or _("Sign: {sign}").format(sign=i.sign)) for i in items],
        scale=catalogue(project)[0], scale_heading=_("The scale"), uses_scale=with_scale)


def render_example(exercise, project: Project) -> str:
    """A workshop exercise's worked example: its chart, findings and table, as the live exercise draws them."""
    from . import charts  # matplotlib: loaded only when a page with an example is written, not on every build

    rows = exercise.rows(exercise.example)
    figure = charts.draw(exercise, exercise.example, catalogue(project)[0].max)
    image = base64.b64encode(charts.svg(figure).encode("utf-8")).decode("ascii")
    return template("workshop-example.html").render(
        image=image, alt=exercise.example_alt, caption=_("The worked example's result, as the exercise draws it."),
        findings_heading=_("What the chart shows"), findings=exercise.findings(exercise.example, project.sections),
        table_caption=_("The worked example in figures"), columns=list(rows[0]), rows=rows)


# The browser tool's own words (buttons, headings, chart labels); the rules' sentences are
# `exercises.STRINGS`. Both travel with the page, translated.
TOOL_STRINGS = {
    "privacy": N_("What you enter stays in this browser. Nothing is sent anywhere."),
    "storageBlocked": N_("This browser does not let the page keep what you enter. The tool works until you close the page."),
    "noScript": N_("The tool needs JavaScript. You can also do the exercise in the notebook."),
    "inputsHeading": N_("Your assessment"),
    "resultHeading": N_("Your result"),
    "findingsHeading": N_("What the chart shows"),
    "tableCaption": N_("Your result in figures"),
    "scale": N_("Scale: {labels}."),
    "nameHint": N_("At most {limit} characters."),
    "signHint": N_("Sign: {sign}"),
    "areaN": N_("Area {n}"),
    "areaName": N_("Name of the area"),
    "addArea": N_("Add an area"),
    "actorName": N_("Actor"),
    "actorPlaceholder": N_("For example the university"),
    "actorsHeading": N_("Actors"),
    "actorItem": N_("{name} ({helix}, {level})"),
    "add": N_("Add"),
    "ownHeading": N_("Your own obstacles"),
    "ownNote": N_("Add obstacles the list does not have, at most {limit}."),
    "ownName": N_("Own obstacle"),
    "ownPlaceholder": N_("For example: no one owns the strategy"),
    "ownAdd": N_("Add the obstacle"),
    "remove": N_("Remove {name}"),
    "added": N_("{name} has been added."),
    "removed": N_("{name} has been removed."),
    "downloadCsv": N_("Download the table (CSV)"),
    "downloadSvg": N_("Download the chart (SVG)"),
    "downloadPng": N_("Download the chart (PNG)"),
    "print": N_("Print the result"),
    "example": N_("Fill in the worked example"),
    "exampleConfirm": N_("Replace what you have entered with the worked example?"),
    "reset": N_("Start over"),
    "resetConfirm": N_("Remove everything you have entered in this exercise?"),
    "resetDone": N_("Everything is removed. You can start over."),
    "exampleDone": N_("The worked example is filled in."),
    "printed": N_("Printed on {date}."),
    "chartNote": N_("The findings and the table below give the same result in words and figures."),
    "radarTitle": N_("Score per step and factor"),
    "radarDesc": N_("A radar chart with one axis per step, from {min} in the middle to {max} at the edge, and one line per factor."),
    "factorLegend": N_("Factor"),
    "barsTitle": N_("The areas ranked by total, with the score per criterion"),
    "barsDesc": N_("A bar for each area, highest total at the top, split into one part per criterion."),
    "criterionLegend": N_("Criterion"),
    "gridTitle": N_("Number of actors per part of the helix and level"),
    "gridDesc": N_("A grid with the parts of the helix as columns and the levels as rows; each cell gives the number of actors there."),
    "missingMark": N_("(missing)"),
    "obstacleTitle": N_("The obstacles ranked, largest at the top"),
    "obstacleDesc": N_("A bar for each obstacle, the largest at the top, from {min} to {max}."),
    "ownLegend": N_("Your own obstacle"),
    "listedLegend": N_("Obstacle from module 6"),
}


def tool_data(exercise, project: Project, link) -> dict:
    """What the browser tool needs: the exercise as the data file defines it, the scale, the
    lesson sections it links to (title and address), and the sentences, all translated."""
    from .exercises import strings

    scale = catalogue(project)[0]
    definition = exercise.model_dump(mode="json")
    version = hashlib.sha256(json.dumps([definition, scale.model_dump(mode="json")], sort_keys=True,
                                        ensure_ascii=False).encode("utf-8")).hexdigest()[:12]
    sections = {label: {"title": project.sections.get(label, label), "url": link(label)}
                for _where, label in exercise.links()}
    return {"key": exercise.key, "version": version, "exercise": definition,
            "scale": {"min": scale.min, "max": scale.max, "labels": {str(k): v for k, v in scale.labels.items()}},
            "sections": sections, "file": exercise.key.replace("_", "-"),
            "strings": {**strings(), **{name: _(msgid) for name, msgid in TOOL_STRINGS.items()}}}


def render_tool(exercise, project: Project, link=lambda label: None) -> str:
    """An exercise's browser tool: a frame the script (`static/s3kurs-workshop.js`) fills in
    from the data block; *link(label)* resolves a lesson section's address."""
    data = tool_data(exercise, project, link)
    strings = data["strings"]
    return template("workshop-tool.html").render(key=exercise.key, strings=strings, title=exercise.title,
                                                  data=json_for_script(data))
