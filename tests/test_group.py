"""A shared final test for a group: the group code's normalisation and seed are the same in Python
and in the browser (every assigned code point, and many codes); everyone with the same code gets
the same questions in the same order with the same option order, on the site (two browser
contexts) and in the notebook; the code is kept with the attempt, shown on Min progress and
written to the results file; an attempt with a code counts for the course certificate."""
from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from s3kurs import exam
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT, active, answer_form, focus_into

BANK = load_bank(project=Project.find(ROOT))[0]
MODULES = {m: c.questions for m, c in BANK.modules.items()}
FINAL_PAGE = "book/slutprov.html"
PROGRESS_PAGE = "book/min-progress.html"
CORE = ROOT / "s3kurs" / "static" / "s3kurs-core.js"
NODE_GROUP = """global.window = global;
global.document = { readyState: "complete", querySelectorAll: () => [] };
require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(input.codes.map(c => { const g = S3kurs.groupCode(c, input.fold); return [g, S3kurs.groupSeed(g)]; })));
"""


def in_node(codes: list[str]) -> list[tuple[str, int]]:
    """S3kurs.groupCode and .groupSeed (s3kurs-core.js) run by Node.js, with the page's fold table."""
    result = subprocess.run([shutil.which("node"), "-e", NODE_GROUP, str(CORE)], capture_output=True, text=True,
                            input=json.dumps({"codes": codes, "fold": exam.fold_exceptions()}), check=True)
    return [tuple(pair) for pair in json.loads(result.stdout)]


def test_the_normalisation():
    assert exam.group_code("Malmö") == exam.group_code(" malmö ") == exam.group_code("MALMÖ") == "malmö"
    assert exam.group_code("Malmo\u0308") == "malmö"                      # decomposed ö: NFC
    assert exam.group_code("Straße") == exam.group_code("STRASSE") == "strasse"  # case folding, not lowercasing
    assert exam.group_code("  Grupp \t 3\n") == "grupp 3"                # white space collapsed and trimmed
    assert exam.group_code("\u3000x\ufeff") == "x"
    assert exam.group_code("") == exam.group_code("   ") == ""
    assert exam.group_seed("Malmö") == exam.group_seed(" malmö ") != exam.group_seed("malmo")
    assert exam.group_seed("") == exam.FNV_OFFSET                        # FNV-1a of nothing
    assert exam.group_seed("a") == 0xE40C292C                            # FNV-1a's published value for "a"


def test_every_code_point_folds_the_same_in_python_and_in_the_browser():
    """Every code point assigned in Python's Unicode version, alone: the same normalised code and seed."""
    codes = [chr(i) for i in range(0x110000) if not 0xD800 <= i <= 0xDFFF and unicodedata.category(chr(i)) != "Cn"]
    browser = in_node(codes)
    python = [(exam.group_code(c), exam.group_seed(c)) for c in codes]
    differ = [(hex(ord(c)), b, p) for c, b, p in zip(codes, browser, python) if b != p]
    assert differ == [] and len(codes) > 100_000


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(
    list("Malmö MALMÖ malmo\u0308ßẞΣσςİıiIﬁꭰᏸ \t\n\u3000\ufeff\x1c-_123åäÖÉ\u0301😀")) | st.characters(
        blacklist_categories=("Cs",)), max_size=50), min_size=1, max_size=60))
def test_many_codes_normalise_and_seed_alike(codes):
    assert in_node(codes) == [(exam.group_code(c), exam.group_seed(c)) for c in codes]
    assert all(exam.group_code(exam.group_code(c)) == exam.group_code(c) for c in codes)  # idempotent


def test_the_option_order_of_a_coded_attempt():
    seed = exam.group_seed("malmö")
    drawn = exam.draw(MODULES, seed)
    orders = exam.option_order(drawn, seed)
    assert set(orders) == {q.id for q in drawn if q.type != "true_false"}
    for q in drawn:
        if q.type == "matching":
            assert sorted(orders[q.id]) == sorted(t.id for t in q.targets)
        elif q.type != "true_false":
            assert sorted(orders[q.id]) == sorted(o.id for o in q.options)
    assert exam.option_order(drawn, seed) == orders
    assert exam.option_order(drawn, exam.group_seed("umeå")) != orders


# -- the notebook -------------------------------------------------------------------------------------

def notebook_attempt(monkeypatch, code: str) -> list[tuple[str, list[str]]]:
    """The notebook's final test with a group code: each question's id and the option order the
    kernel hands its view (`QuizView.orders`, which quiz-widget.js applies, as s3kurs-final.js does
    on the site; a true/false question keeps its order and has none)."""
    from s3kurs.display import final_test

    monkeypatch.chdir(ROOT)
    attempt = final_test(code=code)
    orders = attempt.widget.box.orders
    return [(card.question.id, orders[card.question.id]) for card in attempt.widget.cards
            if card.question.type != "true_false"]


def test_the_notebook_takes_a_group_code(monkeypatch):
    from s3kurs.display import final_test

    monkeypatch.chdir(ROOT)
    attempt = final_test(code=" Malmö ")
    assert attempt.seed == exam.group_seed("malmö") and attempt.code == "malmö"
    assert [c.question.id for c in attempt.widget.cards] == [q.id for q in exam.draw(MODULES, attempt.seed)]
    assert attempt.widget.box.note == "Gruppkod: malmö"
    bundle = attempt._repr_mimebundle_()
    assert bundle["application/vnd.s3kurs.quiz+json"]["selection"] == {"code": "malmö"}
    assert 'value="malmö"' in bundle["text/html"]
    assert notebook_attempt(monkeypatch, "MALMÖ") == notebook_attempt(monkeypatch, "malmö")
    with pytest.raises(ValueError, match="antingen ett slumptal eller en gruppkod"):
        final_test(seed=3, code="malmö")
    with pytest.raises(ValueError, match="högst 40"):
        final_test(code="x" * 41)
    with pytest.raises(ValueError, match="koden för gruppen är tom"):
        final_test(code="  ")


# -- the site --------------------------------------------------------------------------------------

def site_attempt(page, coded: bool = True) -> list[tuple[str, list[str]]]:
    """The questions shown on the final-test page, with their options in the order shown (with a
    code, every position's or term's list in one order; without, each list is shuffled on its own)."""
    return page.evaluate("""(coded) => Array.from(document.querySelectorAll('form.s3k-question:not([hidden])')).map(f => {
      const type = f.dataset.type;
      const values = (type === 'ordering' || type === 'matching')
        ? Array.from(f.querySelectorAll('select')).map(s => Array.from(s.options).map(o => o.value).filter(Boolean))
        : [Array.from(f.querySelectorAll('.s3k-options input')).map(i => i.value)];
      if (coded && !values.every(v => JSON.stringify(v) === JSON.stringify(values[0]))) { throw new Error('lists differ in ' + f.id); }
      return [f.dataset.question, values[0]];
    })""", coded)


def start_with_code(page, server, code: str, keyboard: bool = False) -> None:
    page.goto(server.url(FINAL_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    if keyboard:  # Tab to the box, type the code, Enter
        focus_into(page, ".s3k-group")
        assert active(page, "el.classList.contains('s3k-group-code')")
        page.keyboard.type(code)
        page.keyboard.press("Enter")
        return
    page.locator(".s3k-group-code").fill(code)
    page.locator(".s3k-final-start").click()


def test_two_browsers_with_the_same_code_get_the_same_test(course_site, serve, browser, monkeypatch):
    server = serve(course_site)
    shown = []
    for code, keyboard in (("Malmö", True), (" malmö ", False)):  # two contexts: nothing shared between them
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        start_with_code(page, server, code, keyboard)
        shown.append([tuple(x) for x in site_attempt(page)])
        assert page.locator(".s3k-group-active").inner_text() == "Gruppkod: malmö"
        assert page.locator("[data-s3k-quiz]").get_attribute("data-group") == "malmö"
        assert errors == []
        context.close()
    first, second = shown
    assert first == second and len(first) == 24
    seed = exam.group_seed("malmö")
    drawn = exam.draw(MODULES, seed)
    assert [qid for qid, _ in first] == [q.id for q in drawn]
    orders = exam.option_order(drawn, seed)
    tf = {q.id for q in drawn if q.type == "true_false"}
    assert {qid: values for qid, values in first if qid not in tf} == orders
    # the notebook's attempt with the same code is the site's, question for question and option for option
    assert notebook_attempt(monkeypatch, "MALMÖ") == [(q, v) for q, v in first if q not in tf]


def test_without_a_code_the_test_draws_as_before(course_site, serve, page):
    server = serve(course_site)
    page.goto(server.url(FINAL_PAGE))
    page.wait_for_selector("[data-s3k-quiz][data-ready=true]")
    attempts = set()
    for _ in range(3):
        page.locator(".s3k-final-start").click()
        attempts.add(tuple(qid for qid, _ in site_attempt(page, coded=False)))
        assert page.locator(".s3k-group-active").is_hidden()
        assert page.locator("[data-s3k-quiz]").get_attribute("data-group") == ""
    assert len(attempts) == 3


def test_a_code_that_is_too_long_is_refused(course_site, serve, page):
    server = serve(course_site)
    start_with_code(page, server, "x" * 41)
    error = page.locator(".s3k-group-error")
    assert error.is_visible() and error.inner_text() == "En gruppkod kan ha högst 40 tecken."
    assert page.locator(".s3k-group-code").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.classList.contains('s3k-group-code')")
    assert page.locator("form.s3k-question:not([hidden])").count() == 0
    page.locator(".s3k-group-code").fill(" " + "Å" * 40 + " ")  # 40 characters once trimmed
    page.locator(".s3k-final-start").click()
    assert error.is_hidden() and page.locator("form.s3k-question:not([hidden])").count() == 24


def test_the_code_is_kept_shown_and_downloaded_and_counts_for_the_certificate(course_site, serve, page):
    server = serve(course_site)
    start_with_code(page, server, "Grupp 7")
    data = json.loads(page.locator("script.s3k-data").first.text_content())
    for form in page.locator("form.s3k-question:not([hidden])").all():
        assert answer_form(form, data["questions"][form.get_attribute("data-question")]) == "correct"
    assert "Du är godkänd på slutprovet." in page.locator(".s3k-final-result").inner_text()
    stored = json.loads(page.evaluate("localStorage.getItem('s3kurs:v2')"))
    [attempt] = stored["finalTests"]
    assert attempt["group"] == "grupp 7" and attempt["seed"] == exam.group_seed("grupp 7")

    page.goto(server.url(PROGRESS_PAGE))
    page.wait_for_selector("[data-s3k-progress][data-ready=true]")
    assert "Gruppkod: grupp 7." in page.locator(".s3k-final-summary").inner_text()
    rows = page.locator(".s3k-final-list tbody tr")
    assert rows.count() == 1 and rows.first.locator("td").nth(2).inner_text() == "grupp 7"
    assert page.locator(".s3k-certificate-form").is_visible()
    with page.expect_download() as download:
        page.locator(".s3k-download").click()
    results = json.loads(open(download.value.path(), encoding="utf-8").read())
    import jsonschema

    schema = json.loads((ROOT / "s3kurs" / "schemas" / "results-v2.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(results, schema)
    assert results["finalTests"][0]["group"] == "grupp 7"
    assert page.errors == [] and [u for u in page.requests if not server.is_local(u)] == []
