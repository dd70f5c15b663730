"""The static site in headless Chromium: keyboard-only answering, live feedback, no
third-party requests, axe, and Python/browser agreement on every verdict."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3kurs import grading
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import MINI, active, axe_violations, focus_into

pytestmark = pytest.mark.browser

QUIZ_PAGE = "notebooks/modul-1-testa-dig-sjalv.html"
LESSON_PAGE = "book/modul-1.html"  # has a {quiz} directive


def quiz_data(page) -> dict:
    return json.loads(page.locator("script.s3k-data").first.text_content())


def choose_radio_by_keyboard(page, form_selector: str, value: str) -> None:
    """Focus the form's radio group with Tab and move to *value* with the arrow keys."""
    focus_into(page, form_selector)
    values = page.eval_on_selector_all(f"{form_selector} input[type=radio]", "els => els.map(e => e.value)")
    page.keyboard.press("Space")
    for _ in range(values.index(value)):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{form_selector} input[value='{value}']").is_checked()


def test_module_1_quiz_with_the_keyboard_alone(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url(QUIZ_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    data = quiz_data(page)
    radio_forms = page.eval_on_selector_all(
        "form.s3k-question", "fs => fs.filter(f => f.querySelector('input[type=radio]')).map(f => f.id)")
    first, second = radio_forms[0], radio_forms[1]

    # right answer to the first question
    qid = page.get_attribute(f"#{first}", "data-question")
    choose_radio_by_keyboard(page, f"#{first}", data["questions"][qid]["key"][0])
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-check')")
    assert active(page, "el.matches(':focus-visible')")
    page.keyboard.press("Enter")
    feedback = page.locator(f"#{first} .s3k-feedback")
    assert feedback.get_attribute("aria-live") == "polite" and feedback.get_attribute("role") == "status"
    assert feedback.get_attribute("data-verdict") == "correct"
    assert "Rätt svar!" in feedback.inner_text() and "Förklaring:" in feedback.inner_text()
    assert active(page, "el.classList.contains('s3k-retry')"), "focus must move to 'Försök igen', not be lost"

    # wrong answer to the second question
    qid = page.get_attribute(f"#{second}", "data-question")
    q = data["questions"][qid]
    wrong = next(v for v in q["feedback"] if v not in q["key"])
    choose_radio_by_keyboard(page, f"#{second}", wrong)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    feedback = page.locator(f"#{second} .s3k-feedback")
    assert feedback.get_attribute("data-verdict") == "incorrect"
    assert "Inte rätt." in feedback.inner_text()
    assert page.locator(f"#{second} .s3k-reveal").is_visible()
    assert page.locator(".s3k-score").inner_text() == f"Poäng: 1 av {len(data['questions'])}"

    # reveal with the keyboard
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-reveal')")
    page.keyboard.press("Enter")
    assert feedback.get_attribute("data-verdict") == "revealed"
    assert page.locator(f"#{second} input[value='{q['key'][0]}']").is_checked()

    assert page.errors == []
    assert [u for u in page.requests if not server.is_local(u)] == []


@pytest.mark.parametrize("path", [QUIZ_PAGE, LESSON_PAGE, "book/index.html"])
def test_axe_finds_no_wcag_violation(course_site, serve, page, path):
    server = serve(course_site)
    page.goto(server.url(path))
    page.wait_for_load_state("load")
    forms = page.locator("form.s3k-question")
    if forms.count():
        # answer the first question wrongly so that feedback and the reveal button are on the page
        form = forms.first
        form.locator("input, select").first.focus()
        controls = form.locator("input")
        if controls.count():
            controls.first.check()
        else:
            for select in form.locator("select").all():
                select.select_option(index=1)
        form.locator(".s3k-check").click()
    violations = axe_violations(page)
    assert violations == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in violations], indent=1)
    assert [u for u in page.requests if not server.is_local(u)] == []


# -- the same verdict in Python and in the browser -------------------------------------

MINI_BANK = load_bank(project=Project.find(MINI))[0]


@st.composite
def answers(draw):
    q = draw(st.sampled_from(MINI_BANK.questions))
    if q.type == "true_false":
        answer = draw(st.sampled_from([None, "sant", "falskt"]))
    elif q.type == "single_choice":
        answer = draw(st.sampled_from([None] + [o.id for o in q.options]))
    elif q.type == "multiple_choice":
        answer = draw(st.lists(st.sampled_from([o.id for o in q.options]), unique=True))
    elif q.type == "ordering":
        answer = draw(st.lists(st.sampled_from([None] + [o.id for o in q.options]),
                               min_size=len(q.options), max_size=len(q.options)))
    else:
        answer = {o.id: draw(st.sampled_from([None] + [t.id for t in q.targets])) for o in q.options}
    return q, answer


def play(page, q, answer) -> str | None:
    form = page.locator(f"form[data-question='{q.id}']")
    if form.get_attribute("data-state") == "checked":
        form.locator(".s3k-retry").click()
    if q.type in ("single_choice", "true_false", "multiple_choice"):
        chosen = answer if isinstance(answer, list) else ([answer] if answer else [])
        form.evaluate("(f, chosen) => f.querySelectorAll('input').forEach(i => { i.checked = chosen.includes(i.value); })",
                      chosen)
    elif q.type == "ordering":
        for select, value in zip(form.locator("select").all(), answer):
            select.select_option(value or "")
    else:
        for option in q.options:
            form.locator(f"select[data-term='{option.id}']").select_option(answer[option.id] or "")
    form.locator(".s3k-check").click()
    return form.locator(".s3k-feedback").get_attribute("data-verdict")


def test_python_and_browser_give_the_same_verdicts(mini_site, serve, page):
    server = serve(mini_site)
    page.goto(server.url("book/lektion.html"))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(answers())
    def agree(case):
        q, answer = case
        values = grading.answer_values(q, answer)
        if not grading.is_complete(values):
            expected = "incomplete"
        else:
            expected = "correct" if grading.is_correct(grading.key_of(q), values) else "incorrect"
        assert play(page, q, answer) == expected, (q.id, answer)

    agree()
    assert page.errors == []


def test_quizzes_work_from_the_file_system(mini_site, page):
    """Opened from file:// (an unzipped copy of the site): the inline data and classic scripts still grade."""
    page.goto((mini_site / "book" / "lektion.html").as_uri())
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator("form[data-question='mini-tf']")
    form.locator("input[value='falskt']").check()
    form.locator(".s3k-check").click()
    assert form.locator(".s3k-feedback").get_attribute("data-verdict") == "correct"
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
