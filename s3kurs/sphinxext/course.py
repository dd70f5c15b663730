"""The course as the build sees it: the project (labels, goals, bibliography) and the question
bank, loaded once when the builder starts. Problems in the bank become build warnings (errors
under `-W`), one line each."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sphinx.util import logging

from ..bank import Bank, load_bank
from ..project import Project

logger = logging.getLogger(__name__)


@dataclass
class Course:
    project: Project
    bank: Bank


def load(app) -> None:
    project = Project.find(Path(app.confdir))
    bank, problems = load_bank(project=project)
    for problem in problems:
        logger.warning(str(problem), type="s3kurs", subtype="bank")
    app.s3kurs = Course(project, bank)


def of(app) -> Course:
    return app.s3kurs
