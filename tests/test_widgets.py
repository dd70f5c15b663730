"""The live rendering (s3kurs/widget.py), driven without a kernel: the page's requests as the ES
module sends them, the buttons as the kernel sees them, and what the view is given to draw.
In a real JupyterLab: tests/test_jupyterlab.py."""
from __future__ import annotations

import re

import pytest

from s3kurs import Quiz, grading, quiz
from s3kurs.bank import load_bank
from s3kurs.display import WIDGET_VIEW_MIME_TYPE, without_live_views
from s3kurs.project import Project
from s3kurs.widget import CORE_JS, ESM, QuizView

from conftest import MINI


@pytest.fixture
def shown():
    project = Project.find(MINI)
    bank, problems = load_bank(project=project)
    assert not problems
    return Quiz(bank.questions, "Minikurs", "s3k-test", cite=project.short_citation, seed=1, bank=bank)


@pytest.fixture
def widget(shown):
    return shown.widget


def send(widget, **content):
    """A request from the page, as quiz-widget.js sends it."""
    widget.box._handle_custom_msg(content, [])


def test_the_view_shows_the_sites_markup_and_stylesheet(shown, widget):
    assert isinstance(widget.box, QuizView)
    assert widget.box.html == shown._repr_html_()  # the same template, data and strings as the site
    assert "<fieldset>" in widget.box.html and 'data-s3k-quiz="s3k-test"' in widget.box.html
    assert ".s3k-option" in widget.box._css and "--jp-" in widget.box._css
    # the site's shared code (forms, the generator) first, then the view's own module
    assert widget.box._esm == CORE_JS.read_text(encoding="utf-8") + "\n" + ESM.read_text(encoding="utf-8")
    assert widget.box.score == "Poäng: 0 av 5"
    assert set(widget.box.state) == {q.id for q in shown.questions}


def test_the_es_module_is_shipped_and_fetches_nothing():
    code = ESM.read_text(encoding="utf-8")
    assert "export default" in code and "data-lm-suppress-shortcuts" in code and "S.form.read" in code
    assert not re.search(r"https?://|\bimport\s*[({'\"]|\bfetch\(|localStorage", code)
    # the shared code it runs with touches storage only inside the progress functions, which the view never calls
    assert not re.search(r"https?://|\bfetch\(|XMLHttpRequest", CORE_JS.read_text(encoding="utf-8"))


def test_wrong_then_right_scores_zero_and_shows_feedback(widget):
    send(widget, action="check", question="mini-single", values=["b"])
    card = widget.card("mini-single")
    state = widget.box.state["mini-single"]
    assert state["phase"] == "checked" and state["verdict"] == "incorrect" and state["reveal"] is True
    assert state["values"] == ["b"]
    assert "Inte rätt." in state["feedback"] and "Nej, det här stämmer inte." in state["feedback"]
    assert "Förklaring:" in state["feedback"] and "Exempelverket (2020)" in state["feedback"]
    assert '<li class="s3k-wrong">' in state["feedback"]  # the site's feedback markup
    send(widget, action="retry", question="mini-single")
    state = widget.box.state["mini-single"]
    assert state["phase"] == "answering" and state["feedback"] == "" and state["verdict"] == ""
    send(widget, action="check", question="mini-single", values=["a"])
    assert "Rätt svar!" in widget.box.state["mini-single"]["feedback"]
    assert card.record.count == 2 and card.record.first_correct is False
    assert widget.box.score == "Poäng: 0 av 5" == widget.score.value


def test_right_first_time_scores(widget):
    card = widget.card("mini-multiple")
    card.answer(["c", "a"])
    card.check.click()
    state = widget.box.state["mini-multiple"]
    assert state["verdict"] == "correct" and state["reveal"] is False
    assert widget.box.score == "Poäng: 1 av 5"


def test_each_change_is_drawn_once(widget):
    """A view redraws (and its live region announces) a question only when its serial changes."""
    before = {qid: s["serial"] for qid, s in widget.box.state.items()}
    send(widget, action="check", question="mini-tf", values=["sant"])
    after = {qid: s["serial"] for qid, s in widget.box.state.items()}
    assert [qid for qid in after if after[qid] != before[qid]] == ["mini-tf"]
    send(widget, action="check", question="mini-tf", values=["falskt"])  # already checked: nothing
    assert widget.box.state["mini-tf"]["serial"] == after["mini-tf"]


def test_incomplete_answer_is_not_an_attempt(widget):
    send(widget, action="check", question="mini-order", values=["ett", "", "tre"])
    state = widget.box.state["mini-order"]
    assert state["verdict"] == "incomplete" and state["phase"] == "answering"
    assert state["feedback"] == "Svara på frågan innan du rättar."
    assert widget.card("mini-order").record.count == 0


@pytest.mark.parametrize("content", [
    {"action": "check", "question": "mini-single", "values": ["zz"]},          # not an option
    {"action": "check", "question": "mini-single", "values": "a"},             # not a list
    {"action": "check", "question": "mini-match", "values": ["hund=zz"]},      # not a target
    {"action": "check", "question": "mini-order", "values": [1, 2, 3]},        # not strings
    {"action": "check", "question": "no-such-question", "values": ["a"]},
    {"action": "delete", "question": "mini-single"},
    {"question": "mini-single"},
])
def test_requests_the_page_cannot_send_change_nothing(widget, content):
    before = dict(widget.box.state)
    widget.box._handle_custom_msg(content, [])
    assert widget.box.state == before
    assert all(c.record.count == 0 for c in widget.cards)


@pytest.mark.parametrize("qid,wrong", [
    ("mini-tf", ["sant"]),
    ("mini-order", ["tre", "tva", "ett"]),
    ("mini-match", ["hund=jamar", "katt=kvackar"]),
])
def test_reveal_sets_the_key(widget, qid, wrong):
    send(widget, action="check", question=qid, values=wrong)
    assert widget.box.state[qid]["verdict"] == "incorrect"
    send(widget, action="reveal", question=qid)
    state = widget.box.state[qid]
    assert state["verdict"] == "revealed" and "Rätt svar visas." in state["feedback"] and not state["reveal"]
    card = widget.card(qid)
    assert grading.is_correct(card.key, state["values"])
    assert card.record.first_correct is False and card.record.revealed


def test_the_same_seed_gives_the_same_order_of_options(shown):
    project = Project.find(MINI)
    again = Quiz(shown.questions, "Minikurs", "s3k-test", cite=project.short_citation, seed=1, bank=shown.bank)
    assert again.widget.box.seed == shown.widget.box.seed


def test_display_object_carries_every_rendering(monkeypatch):
    monkeypatch.chdir(MINI)
    shown = quiz("mini")
    bundle = shown._repr_mimebundle_()
    assert bundle[WIDGET_VIEW_MIME_TYPE]["model_id"] == shown.widget.box.model_id
    assert bundle["application/vnd.s3kurs.quiz+json"]["kind"] == "quiz"
    assert 'data-s3k-quiz="' in bundle["text/html"] and "<fieldset>" in bundle["text/html"]
    assert "&lt;b&gt;inte fet&lt;/b&gt;" in bundle["text/html"]  # an escaped \<b> in a prompt is shown as text
    assert bundle["text/plain"].endswith("(5 frågor)")


def test_a_saved_notebook_keeps_a_hint_in_place_of_each_live_widget():
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "x"},
        {"cell_type": "code", "outputs": [
            {"output_type": "display_data", "data": {WIDGET_VIEW_MIME_TYPE: {"model_id": "abc"}, "text/html": "<p>"}},
            {"output_type": "stream", "name": "stdout", "text": "kept"},
        ]},
    ]}
    assert without_live_views(notebook) == 1
    hint, stream = notebook["cells"][1]["outputs"]
    assert WIDGET_VIEW_MIME_TYPE not in hint["data"]
    assert hint["data"]["text/plain"].startswith("Det här visas när anteckningsboken körs. Kör alla celler")
    assert 'class="s3k-run-all"' in hint["data"]["text/html"]
    assert stream["text"] == "kept"


def test_unknown_module_is_a_clear_error(monkeypatch):
    monkeypatch.chdir(MINI)
    with pytest.raises(ValueError, match="modulen 'modul-9' finns inte i quizzes/: använd en av mini"):
        quiz("modul-9")
