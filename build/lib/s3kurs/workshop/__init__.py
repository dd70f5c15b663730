"""Workshop exercises for trainers, live in JupyterLab::

    from s3kurs.workshop import self_assessment
    self_assessment()

Each shows inputs, a chart and findings that follow every change, and a button that saves the
result as PNG and CSV (see `output`). On the course site, the `{workshop-example}` directive
shows the same chart and findings for the exercise's worked example.

- `data/exercises.yml` (in the project): what is scored (content, Swedish) and the worked examples;
- `exercises`: the rules that turn scores into rows and findings;
- `charts`: one matplotlib chart per exercise;
- `widgets`: the ipywidgets; `output`: where results are saved;
- `page`: the exercise pages' content on the site (the worked example, what is scored).
"""
from __future__ import annotations

from .exercises import catalogue, exercise

__all__ = ["self_assessment", "prioritisation", "actor_mapping", "obstacle_analysis", "workshop"]


def workshop(key: str):
    """The live exercise *key* ("self_assessment", "prioritisation", "actor_mapping" or "obstacle_analysis")."""
    from ..project import Project
    from .widgets import WIDGETS

    project = Project.find()
    ex = exercise(key, project)
    return WIDGETS[type(ex)](ex, catalogue(project)[0], project.sections)


def self_assessment():
    """Score the six RIS3 steps on three critical factors; a radar chart and what to revisit."""
    return workshop("self_assessment")


def prioritisation():
    """Score candidate priority areas on four criteria; ranked, with the trade-offs visible."""
    return workshop("prioritisation")


def actor_mapping():
    """Place actors on the quadruple helix and the levels; see which are missing."""
    return workshop("actor_mapping")


def obstacle_analysis():
    """Rate the obstacles from module 6 for your own region; ranked."""
    return workshop("obstacle_analysis")
