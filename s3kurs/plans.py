"""Workshop plans (`data/plans.yml`): each plan's stated length, its slots and their times.

An exercise slot takes its minutes from the exercise data (`data/exercises.yml`), so an
exercise's duration is stated once. `check` gives one clear line per problem: a plan whose
slots do not add up to its length, an unknown exercise, a slot that needs a module the plan
does not ask the participants to read, a plan that leaves one of the four aims out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .i18n import _

PLANS_FILE = Path("data") / "plans.yml"
AIMS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Slot:
    activity: str
    minutes: int
    start: int  # minutes after the plan's start
    aims: tuple[int, ...] = ()
    material: str = ""
    exercise: str | None = None
    needs: tuple[str, ...] = ()
    is_break: bool = False
    final_test: bool = False


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    start: str
    length: int
    pre_reading: tuple[str, ...]
    slots: tuple[Slot, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(slot.minutes for slot in self.slots)

    def clock(self, offset: int) -> str:
        hours, minutes = (int(part) for part in self.start.split("."))
        absolute = hours * 60 + minutes + offset
        return f"{absolute // 60:02d}.{absolute % 60:02d}"

    @property
    def end(self) -> str:
        return self.clock(self.total)

    @property
    def aims(self) -> set[int]:
        return {aim for slot in self.slots for aim in slot.aims}


def load(root: Path, exercise_minutes=None) -> tuple[dict[str, Plan], list[str]]:
    """The plans, and one line per problem (``data/plans.yml: plan 'x': what is wrong: what to do``, in Swedish)."""
    if exercise_minutes is None:
        from .project import Project
        from .workshop.exercises import minutes as duration_of

        project = Project.find(root)
        exercise_minutes = lambda key: duration_of(key, project)  # noqa: E731
    shown = str(PLANS_FILE)
    data = yaml.safe_load((root / PLANS_FILE).read_text(encoding="utf-8")) or {}
    plans, problems = {}, []
    for key, raw in data.items():
        where = _("{file}: plan '{plan}'").format(file=shown, plan=key)

        def in_slot(number: int, activity, key=key) -> str:
            return _("{file}: plan '{plan}', slot {number} ({activity})").format(
                file=shown, plan=key, number=number, activity=activity)

        slots, offset = [], 0
        for number, item in enumerate(raw.get("slots") or [], 1):
            minutes = item.get("minutes")
            slot = in_slot(number, item.get("activity"))
            if item.get("exercise"):
                try:
                    minutes = exercise_minutes(item["exercise"])
                except Exception as exc:  # an unknown exercise (ValueError) or a broken exercises file
                    problems.append(f"{slot}: {exc}")
                    minutes = 0
                if item.get("minutes") is not None:
                    problems.append(slot + ": " + _("remove `minutes`: an exercise slot takes its minutes from the "
                                                    "exercise data"))
            elif not isinstance(minutes, int) or minutes <= 0:
                problems.append(slot + ": " + _("give `minutes` as a whole number above 0, or name an `exercise`"))
                minutes = 0
            slots.append(Slot(activity=item.get("activity", ""), minutes=minutes, start=offset,
                              aims=tuple(item.get("aims") or ()), material=item.get("material", ""),
                              exercise=item.get("exercise"), needs=tuple(item.get("needs") or ()),
                              is_break=bool(item.get("break")), final_test=bool(item.get("final_test"))))
            offset += minutes
        plan = Plan(key=key, title=raw.get("title", key), start=str(raw.get("start", "09.00")),
                    length=int(raw.get("length") or 0), pre_reading=tuple(raw.get("pre_reading") or ()),
                    slots=tuple(slots))
        plans[key] = plan
        if plan.total != plan.length:
            problems.append(where + ": " + _("the slots add up to {total} minutes, but the plan's length is {length}: "
                                             "change a slot's minutes or the length").format(
                total=plan.total, length=plan.length))
        missing = [aim for aim in AIMS if aim not in plan.aims]
        if missing:
            problems.append(where + ": " + _("no slot serves aim {aims}: every plan covers all four aims").format(
                aims=", ".join(map(str, missing))))
        for number, slot in enumerate(plan.slots, 1):
            unread = [m for m in slot.needs if m not in plan.pre_reading]
            if unread:
                problems.append(in_slot(number, slot.activity) + ": " + _(
                    "needs {modules}, which is not in the plan's pre_reading: add it there").format(
                    modules=", ".join(unread)))
            if any(aim not in AIMS for aim in slot.aims):
                problems.append(in_slot(number, slot.activity) + ": " + _("aims are 1, 2, 3 and 4"))
    return plans, problems
