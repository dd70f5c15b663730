"""The grading rules: unit tests on each type and properties over every question in the banks."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from s3kurs import grading
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import MINI, ROOT


def bank_questions(root):
    bank, problems = load_bank(project=Project.find(root))
    assert not problems
    return bank.questions


MINI_Q = {q.id: q for q in bank_questions(MINI)}
ALL_QUESTIONS = list(MINI_Q.values()) + bank_questions(ROOT)


def grade(question, answer):
    values = grading.answer_values(question, answer)
    return grading.is_complete(values) and grading.is_correct(grading.key_of(question), values)


@pytest.mark.parametrize("qid,answer,expected", [
    ("mini-single", "a", True), ("mini-single", "b", False), ("mini-single", None, False),
    ("mini-multiple", ["a", "c"], True), ("mini-multiple", ["c", "a"], True), ("mini-multiple", ["a"], False),
    ("mini-multiple", ["a", "b", "c"], False), ("mini-multiple", [], False),
    ("mini-tf", False, True), ("mini-tf", True, False), ("mini-tf", "falskt", True),
    ("mini-order", ["ett", "tva", "tre"], True), ("mini-order", ["tva", "ett", "tre"], False),
    ("mini-order", ["ett", "ett", "ett"], False), ("mini-order", ["ett", "tva"], False),
    ("mini-match", {"hund": "skaller", "katt": "jamar"}, True), ("mini-match", {"katt": "jamar", "hund": "skaller"}, True),
    ("mini-match", {"hund": "jamar", "katt": "skaller"}, False), ("mini-match", {"hund": "skaller"}, False),
])
def test_each_type(qid, answer, expected):
    assert grade(MINI_Q[qid], answer) is expected


def test_incomplete_answers_are_not_graded():
    assert not grading.is_complete(grading.answer_values(MINI_Q["mini-order"], ["ett", None, "tre"]))
    assert not grading.is_complete(grading.answer_values(MINI_Q["mini-match"], {"hund": "skaller"}))
    assert not grading.is_complete(grading.answer_values(MINI_Q["mini-multiple"], []))
    assert grading.is_complete(grading.answer_values(MINI_Q["mini-order"], ["ett", "ett", "ett"]))


def test_verdicts_are_per_position_when_ordered():
    key = grading.key_of(MINI_Q["mini-order"])
    assert grading.verdicts(key, ("ett", "tre", "tva")) == [("ett", True), ("tre", False), ("tva", False)]
    key = grading.key_of(MINI_Q["mini-multiple"])
    assert grading.verdicts(key, ("b", "c")) == [("b", False), ("c", True)]


def test_first_attempt_counts_and_no_partial_credit():
    record = grading.Attempts()
    record.record(False)
    record.record(True)
    assert record.count == 2 and record.first_correct is False
    other = grading.Attempts()
    other.record(True)
    assert grading.score([record, other, grading.Attempts()]) == 1


# -- properties over every question ------------------------------------------------

def key_answer(question):
    """The key, in the form a learner's answer takes."""
    key = question.key
    if question.type == "single_choice":
        return question.key_ids[0]
    if question.type == "matching":
        return dict(key)
    return list(key) if isinstance(key, list) else key


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_QUESTIONS), st.randoms(use_true_random=False))
def test_the_key_is_right_in_any_order_where_order_does_not_matter(question, rng):
    answer = key_answer(question)
    assert grade(question, answer)
    key = grading.key_of(question)
    values = list(key.values)
    rng.shuffle(values)
    assert grading.is_correct(key, values) is (not key.ordered or values == list(key.values))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_QUESTIONS), st.data())
def test_any_other_answer_is_wrong(question, data):
    key = grading.key_of(question)
    if question.type == "true_false":
        possible = ["sant", "falskt"]
    elif question.type == "matching":
        possible = [f"{o.id}={t.id}" for o in question.options for t in question.targets]
    else:
        possible = [o.id for o in question.options]
    if key.ordered:
        values = data.draw(st.lists(st.sampled_from(possible), min_size=len(possible), max_size=len(possible)))
    else:
        values = data.draw(st.lists(st.sampled_from(possible), min_size=1, max_size=len(possible), unique=True))
    expected = tuple(values) == key.values if key.ordered else sorted(values) == sorted(key.values)
    assert grading.is_correct(key, values) is expected
