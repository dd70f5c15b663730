"""The ipywidgets rendering, driven without a kernel: choose, check, try again, reveal."""
from __future__ import annotations

import pytest

from s3kurs import Quiz, quiz
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import MINI


@pytest.fixture
def widget():
    project = Project.find(MINI)
    bank, problems = load_bank(project=project)
    assert not problems
    return Quiz(bank.questions, "Minikurs", "s3k-test", cite=project.short_citation, seed=1).widget


def test_wrong_then_right_scores_zero_and_shows_feedback(widget):
    card = widget.card("mini-single")
    card.answer("b")
    card.check.click()
    assert 'data-verdict="incorrect"' in card.feedback.value
    assert "Inte rätt." in card.feedback.value and "Nej, det här stämmer inte." in card.feedback.value
    assert "Förklaring:" in card.feedback.value and "Exempelverket (2020)" in card.feedback.value
    assert all(c.disabled for c in card.controls)
    assert card.retry.layout.display is None and card.reveal.layout.display is None
    card.retry.click()
    assert card.feedback.value == "" and not any(c.disabled for c in card.controls)
    card.answer("a")
    card.check.click()
    assert "Rätt svar!" in card.feedback.value
    assert card.record.count == 2 and card.record.first_correct is False
    assert "Poäng: 0 av 5" in widget.score.value


def test_right_first_time_scores(widget):
    card = widget.card("mini-multiple")
    card.answer(["c", "a"])
    card.check.click()
    assert 'data-verdict="correct"' in card.feedback.value
    assert card.reveal.layout.display == "none"
    assert "Poäng: 1 av 5" in widget.score.value


def test_incomplete_answer_is_not_an_attempt(widget):
    card = widget.card("mini-order")
    card.answer(["ett", None, "tre"])
    card.check.click()
    assert "Svara på frågan innan du rättar." in card.feedback.value
    assert card.record.count == 0


@pytest.mark.parametrize("qid,wrong", [
    ("mini-tf", True),
    ("mini-order", ["tre", "tva", "ett"]),
    ("mini-match", {"hund": "jamar", "katt": "kvackar"}),
])
def test_reveal_sets_the_key(widget, qid, wrong):
    card = widget.card(qid)
    card.answer(wrong)
    card.check.click()
    assert 'data-verdict="incorrect"' in card.feedback.value
    card.reveal.click()
    assert 'data-verdict="revealed"' in card.feedback.value and "Rätt svar visas." in card.feedback.value
    from s3kurs import grading

    assert grading.is_correct(grading.key_of(card.question), card.values())
    assert card.record.first_correct is False and card.record.revealed


def test_ordering_and_matching_use_one_dropdown_each(widget):
    import ipywidgets as w

    order = widget.card("mini-order")
    assert [type(c) for c in order.controls] == [w.Dropdown] * 3
    assert [c.description for c in order.controls] == ["Plats 1", "Plats 2", "Plats 3"]
    match = widget.card("mini-match")
    assert [c.description for c in match.controls] == ["Hund", "Katt"]
    assert {v for _, v in match.controls[0].options} == {"", "skaller", "jamar", "kvackar"}


def test_display_object_carries_both_renderings(monkeypatch):
    monkeypatch.chdir(MINI)
    shown = quiz("mini")
    bundle = shown._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert 'data-s3k-quiz="' in bundle["text/html"] and "<fieldset>" in bundle["text/html"]
    assert "&lt;b&gt;inte fet&lt;/b&gt;" in bundle["text/html"]  # an escaped \<b> in a prompt is shown as text


def test_unknown_module_is_a_clear_error(monkeypatch):
    monkeypatch.chdir(MINI)
    with pytest.raises(ValueError, match="modulen 'modul-9' finns inte i quizzes/: använd en av mini"):
        quiz("modul-9")
