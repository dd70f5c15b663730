"""Progress in the learner's browser: Min progress, reload, results file, reset, blocked
storage, a changed bank, and the final test with its certificate."""
from __future__ import annotations

import json

import jsonschema
import pytest

from s3kurs import exam
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT, answer_form, wrong_values

pytestmark = pytest.mark.browser

BANK = load_bank(project=Project.find(ROOT))[0]
SCHEMA = json.loads((ROOT / "s3kurs" / "schemas" / "results-v2.schema.json").read_text(encoding="utf-8"))
MODULE_PAGE = "notebooks/modul-2-testa-dig-sjalv.html"
PROGRESS_PAGE = "book/min-progress.html"
FINAL_PAGE = "book/slutprov.html"
BLOCK_STORAGE = """Object.defineProperty(window, 'localStorage', {
  configurable: true, get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });"""


def quiz_data(page) -> dict:
    return json.loads(page.locator("script.s3k-data").first.text_content())


def complete_quiz(page, wrong_first: int = 0) -> dict:
    """Answer every question of the page's quiz; the first *wrong_first* wrongly first."""
    data = quiz_data(page)
    for i, form in enumerate(page.locator("form.s3k-question:not([hidden])").all()):
        q = data["questions"][form.get_attribute("data-question")]
        if i < wrong_first:
            assert answer_form(form, q, wrong_values(q, form.get_attribute("data-type"))) == "incorrect"
            form.locator(".s3k-retry").click()
        assert answer_form(form, q) == "correct"
    return data


def progress_row(page, module: str) -> tuple[str, str]:
    row = page.locator(f"tr[data-module='{module}']")
    return row.locator(".s3k-answered").inner_text(), row.locator(".s3k-right").inner_text()


def test_progress_is_kept_downloaded_and_reset(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url(MODULE_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    data = complete_quiz(page, wrong_first=2)
    n = len(data["questions"])
    assert page.locator(".s3k-storage-note").first.is_hidden()

    page.goto(server.url(PROGRESS_PAGE))
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-2") == (f"{n} / {n} (klar)", str(n - 2))
    assert progress_row(page, "modul-1")[0].startswith("0 / ")
    page.reload()
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-2") == (f"{n} / {n} (klar)", str(n - 2))

    with page.expect_download() as download:
        page.locator(".s3k-download").click()
    results = json.loads(open(download.value.path(), encoding="utf-8").read())
    jsonschema.validate(results, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert results["bankVersion"] == BANK.version
    assert {r["id"] for r in results["questions"]} == set(data["questions"])
    assert sum(not r["firstAttemptCorrect"] for r in results["questions"]) == 2
    assert {r["attempts"] for r in results["questions"]} == {1, 2}
    assert {r["module"] for r in results["questions"]} == {"modul-2"}
    assert "name" not in json.dumps(results).lower()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".s3k-reset").click()
    assert progress_row(page, "modul-2") == (f"0 / {n}", "0")
    assert page.locator(".s3k-progress-status").inner_text() == "Din progress är borttagen."
    assert page.evaluate("localStorage.getItem('s3kurs:v2')") is None
    assert page.errors == [] and [u for u in page.requests if not server.is_local(u)] == []


def test_only_the_first_attempt_counts_across_reloads(course_site, serve, page):
    """Wrong, reload, right: the page's score line agrees with Min progress, and the reloaded
    page shows the question as answered, with the answer given and its feedback."""
    server = serve(course_site)
    page.goto(server.url(MODULE_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator("form.s3k-question").first
    qid, kind = form.get_attribute("data-question"), form.get_attribute("data-type")
    q = quiz_data(page)["questions"][qid]
    total = len(quiz_data(page)["questions"])
    assert answer_form(form, q, wrong_values(q, kind)) == "incorrect"
    assert page.locator(".s3k-score").inner_text() == f"Poäng: 0 av {total}"

    page.reload()
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator(f"form[data-question='{qid}']")
    assert form.get_attribute("data-state") == "checked"
    assert form.locator(".s3k-feedback").get_attribute("data-verdict") == "incorrect"
    assert "Du svarade på frågan" in form.locator(".s3k-feedback").inner_text()
    assert form.locator(".s3k-retry").is_visible() and form.locator(".s3k-check").is_hidden()
    form.locator(".s3k-retry").click()
    assert answer_form(form, q) == "correct"
    assert page.locator(".s3k-score").inner_text() == f"Poäng: 0 av {total}"

    page.goto(server.url(PROGRESS_PAGE))
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-2") == (f"1 / {total}", "0")
    page.goto(server.url(MODULE_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    assert page.locator(".s3k-score").inner_text() == f"Poäng: 0 av {total}"
    assert page.locator(f"form[data-question='{qid}'] .s3k-feedback").get_attribute("data-verdict") == "correct"
    assert page.errors == []


def test_a_question_answered_in_a_lesson_and_a_notebook_counts_once(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url("book/modul-1.html"))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator("form.s3k-question").first
    qid = form.get_attribute("data-question")
    answer_form(form, quiz_data(page)["questions"][qid])
    page.goto(server.url("notebooks/modul-1-testa-dig-sjalv.html"))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    form = page.locator(f"form[data-question='{qid}']")
    answer_form(form, quiz_data(page)["questions"][qid])
    stored = json.loads(page.evaluate("localStorage.getItem('s3kurs:v2')"))
    assert list(stored["questions"]) == [qid] and stored["questions"][qid]["attempts"] == 2


def test_a_changed_bank_keeps_unchanged_questions_and_drops_changed_and_removed_ones(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url(PROGRESS_PAGE))
    kept, changed = (q.id for q in BANK.modules["modul-3"].questions[:2])

    def record(module, right, **more):
        return {"module": module, "firstCorrect": right, "attempts": 1, "firstAnswered": "2026-01-01T00:00:00.000Z",
                "lastAnswered": "2026-01-01T00:00:00.000Z", **more}

    # what the course stored before answers carried a hash (format version 1) is taken over
    old = {"formatVersion": 1, "finalTests": [], "questions": {
        kept: record("modul-3", True), "m9-borttagen": record("modul-9", False)}}
    page.evaluate("data => localStorage.setItem('s3kurs:v1', JSON.stringify(data))", old)
    page.reload()
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-3")[1] == "1"
    now = json.loads(page.evaluate("localStorage.getItem('s3kurs:v2')"))
    assert list(now["questions"]) == [kept] and now["questions"][kept]["hash"] == BANK.hashes[kept]
    # an answer to a question whose text has changed since no longer counts
    now["questions"][changed] = record("modul-3", True, hash="00000000")
    page.evaluate("data => localStorage.setItem('s3kurs:v2', JSON.stringify(data))", now)
    page.reload()
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-3")[1] == "1"
    assert list(json.loads(page.evaluate("localStorage.getItem('s3kurs:v2')"))["questions"]) == [kept]
    page.evaluate("localStorage.removeItem('s3kurs:v1'); localStorage.setItem('s3kurs:v2', '{not json')")
    page.reload()
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert progress_row(page, "modul-3")[1] == "0"
    assert page.errors == []


def test_blocked_storage_still_grades_and_says_so(course_site, serve, browser):
    server = serve(course_site)
    context = browser.new_context()
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(e.stack or str(e)))
    page.goto(server.url(MODULE_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    note = page.locator(".s3k-storage-note").first
    assert note.is_visible() and "sparas inte" in note.inner_text()
    form = page.locator("form.s3k-question").first
    assert answer_form(form, quiz_data(page)["questions"][form.get_attribute("data-question")]) == "correct"
    assert page.locator(".s3k-score").inner_text().startswith("Poäng: 1 av")
    page.goto(server.url(PROGRESS_PAGE))
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert page.locator(".s3k-storage-note").is_visible()
    # the theme's own colour-mode script fails without storage; ours must not
    assert [e for e in errors if "s3kurs" in e] == []
    context.close()


def test_final_test_draw_is_the_same_in_the_browser(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url(FINAL_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    modules = {m: [{"id": q.id, "difficulty": q.difficulty} for q in c.questions] for m, c in BANK.modules.items()}
    python_modules = {m: c.questions for m, c in BANK.modules.items()}
    for seed in (0, 1, 42, 2**31, 2**32 - 1, 987654321):
        in_browser = page.evaluate("([m, s]) => S3kurs.final.draw(m, s, 4)", [modules, seed])
        assert in_browser == [q.id for q in exam.draw(python_modules, seed)], seed
    # with enemies (the bank's, and more declared here), the browser passes over the same questions
    from test_exam import with_enemies

    ids = sorted(q.id for q in BANK.questions)
    pairs = [(a, b) for a, b in zip(ids[::7], ids[3::7])]
    enemy_modules = with_enemies(pairs)
    as_json = {m: [vars(q) for q in qs] for m, qs in enemy_modules.items()}
    for seed in range(40):
        in_browser = page.evaluate("([m, s]) => S3kurs.final.draw(m, s, 4)", [as_json, seed])
        assert in_browser == [q.id for q in exam.draw(enemy_modules, seed)], seed
    page.evaluate("S3kurs.final.start(document.querySelector('[data-s3k-quiz]'), 42)")
    shown = page.eval_on_selector_all("form.s3k-question:not([hidden])", "fs => fs.map(f => f.dataset.question)")
    assert shown == [q.id for q in exam.draw(python_modules, 42)]


def test_final_test_result_progress_and_certificate(course_site, serve, page):
    server = serve(course_site)
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.goto(server.url(FINAL_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    assert page.locator("form.s3k-question:not([hidden])").count() == 0
    page.locator(".s3k-final-start").click()
    assert page.locator("form.s3k-question:not([hidden])").count() == 24
    assert page.locator("form.s3k-question:not([hidden]) .s3k-number").first.inner_text() == "Fråga 1 av 24"
    complete_quiz(page, wrong_first=5)
    result = page.locator(".s3k-final-result")
    assert "Resultat: 19 av 24 rätt (79 %)." in result.inner_text()
    assert "inte godkänd" in result.inner_text() and result.locator("a").count() >= 1
    page.locator(".s3k-final-start").click()
    complete_quiz(page, wrong_first=1)
    assert "Resultat: 23 av 24 rätt (95 %). Du är godkänd på slutprovet." in result.inner_text()

    page.goto(server.url(PROGRESS_PAGE))
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert "Ditt bästa slutprov: 23 av 24 rätt (95 %)" in page.locator(".s3k-final-summary").inner_text()
    page.locator("#s3k-certificate-name").fill("Kim Exempel")
    page.locator(".s3k-certificate-print").click()
    assert page.evaluate("window.__printed") == 1
    certificate = page.locator(".s3k-certificate")
    assert certificate.locator(".s3k-certificate-name").text_content() == "Kim Exempel"
    assert "Slutprov: 23 av 24 rätt (95 %)" in certificate.text_content()
    assert "Smart specialisering" in certificate.locator(".s3k-certificate-course").text_content()
    stored = page.evaluate("localStorage.getItem('s3kurs:v2')")
    assert "Kim Exempel" not in stored
    page.emulate_media(media="print")
    assert certificate.is_visible()
    assert page.errors == []
