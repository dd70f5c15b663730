"""The course's question bank as a whole: size, coverage and variety. (Balance, cues and
near-duplicates are `s3kurs granska`'s rules, run by tests/test_granska.py.)"""
from __future__ import annotations

from collections import Counter

import pytest

from s3kurs.bank import load_bank
from s3kurs.model import QUESTION_TYPES
from s3kurs.project import Project

from conftest import ROOT

PROJECT = Project.find(ROOT)
BANK, PROBLEMS = load_bank(project=PROJECT)


def test_every_question_validates():
    assert PROBLEMS == []


def test_size_and_types():
    assert len(BANK.questions) >= 120
    assert set(Counter(q.type for q in BANK.questions)) == set(QUESTION_TYPES)
    for module, content in BANK.modules.items():
        assert len(content.questions) >= 15, module


def test_every_learning_goal_is_tested_at_least_twice():
    tested = Counter(goal for q in BANK.questions for goal in q.goals)
    assert PROJECT.goals, "the lessons declare goals"
    assert {goal: tested[goal] for goal in PROJECT.goals if tested[goal] < 2} == {}


def test_application_questions_are_built_on_a_scenario():
    # (the share of application questions is s3kurs granska's rule level-application)
    for q in (q for q in BANK.questions if q.level == "application"):
        # a scenario takes more than one sentence to set up, and its explanation names the principle
        assert len(q.prompt.split()) >= 12, q.id
        assert len(q.explanation.split()) >= 10, q.id


@pytest.mark.parametrize("question", BANK.questions, ids=lambda q: q.id)
def test_every_wrong_option_explains_itself(question):
    if question.type in ("single_choice", "multiple_choice"):
        keys = set(question.key_ids)
        for option in question.options:
            if option.id not in keys:
                assert len(option.feedback.split()) >= 4, (question.id, option.id)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_was(enabled):
    """Loading switches the collector off while it reads (bank.load_bank, yamlload.no_gc), and back."""
    import gc

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        load_bank(project=PROJECT)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
