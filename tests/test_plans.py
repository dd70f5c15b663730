"""Workshop plans and time estimates: the plans add up, exercise durations are stated once,
and the pages show what the data says."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from s3kurs import plans, timing
from s3kurs.bank import load_bank
from s3kurs.project import Project
from s3kurs.workshop.exercises import minutes

from conftest import ROOT

PLANS, PROBLEMS = plans.load(ROOT)


def test_every_plan_adds_up_to_its_stated_length_and_covers_the_four_aims():
    assert PROBLEMS == []
    assert set(PLANS) == {"halvdag", "heldag"}
    for plan in PLANS.values():
        assert plan.total == plan.length and plan.aims == {1, 2, 3, 4}


def test_exercise_slots_take_their_minutes_from_the_exercise_data():
    for plan in PLANS.values():
        for slot in plan.slots:
            if slot.exercise:
                assert slot.minutes == minutes(slot.exercise), (plan.key, slot)


def test_realistic_slots():
    for plan in PLANS.values():
        final = [slot for slot in plan.slots if slot.final_test]
        assert not final or sum(s.minutes for s in final) >= 40, f"{plan.key}: final test and walk-through < 40 min"
        for slot in plan.slots:
            assert set(slot.needs) <= set(plan.pre_reading), (plan.key, slot.activity)
    full_day = PLANS["heldag"]
    assert "enabling_condition" in {s.exercise for s in full_day.slots}
    assert 15 <= minutes("enabling_condition") <= 20
    # actor mapping needs module 4 wherever it is
    for plan in PLANS.values():
        for slot in plan.slots:
            if slot.exercise == "actor_mapping":
                assert "modul-4" in slot.needs


def test_a_plan_that_does_not_add_up_is_one_clear_line_from_validate(tmp_path):
    for name in ("_config.yml", "quizzes", "book", "data"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    plans_file = tmp_path / "data" / "plans.yml"
    plans_file.write_text(plans_file.read_text(encoding="utf-8").replace("length: 210", "length: 200"), encoding="utf-8")
    result = subprocess.run([str(Path(sys.executable).parent / "s3kurs"), "validate"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "plans.yml" in line]
    assert lines == ["data/plans.yml: plan 'halvdag': the slots add up to 210 minutes, but the plan's length is 200: "
                     "change a slot's minutes or the length"], result.stderr


def test_the_time_rule():
    rule = timing.Rule.load(ROOT)
    assert rule.minutes(words=3000, questions=20) == 50  # 3000/150 + 20*1.5 = 50
    assert timing.duration(55) == "55 minuter" and timing.duration(60) == "1 timme"
    assert timing.duration(390) == "6 timmar och 30 minuter"


@pytest.mark.build
def test_pages_show_the_estimates_and_plans_from_the_data(course_site):
    bank, _problems = load_bank(project=Project.find(ROOT))
    index = (course_site / "book" / "index.html").read_text(encoding="utf-8")
    guide = (course_site / "book" / "utbildare.html").read_text(encoding="utf-8")
    for module in bank.modules:
        expected = timing.duration(timing.module_minutes(ROOT, module, len(bank.modules[module].questions)))
        assert expected in index, (module, expected)
    assert "Tid: 6 timmar och 30 minuter (09.00–15.30)" in guide
    assert "Tid: 3 timmar och 30 minuter (09.00–12.30)" in guide
    assert "Villkorets sju kriterier (20 minuter)" in guide
