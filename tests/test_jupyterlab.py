"""JupyterLab as a trainer runs it (`make lab`'s settings and working copies), in Chromium.

- A workshop notebook: its widgets operated with the keyboard and the mouse.
- Every quiz notebook and the final test (issue 15): at 1280×720 and in a 600 px wide panel no
  two option boxes of a question overlap and clicking an option's visible text selects it; each
  question type answered with the keyboard alone and graded as the bank's key says, focus moved as
  on the site; "d", "d" and "x" pressed on a quiz control leave the cells alone; the feedback is a
  polite live region that receives the verdict; axe finds no WCAG 2.1 A/AA violation in the quiz.
- Nothing written back: an edited notebook is autosaved into its working copy with a hint in place
  of each live widget, opened again it shows the hint (never "model not found"), and after
  JupyterLab is closed `git status` is as it was before.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from s3kurs import grading
from s3kurs.bank import load_bank
from s3kurs.project import Project

from conftest import ROOT, WCAG_TAGS, active

pytestmark = pytest.mark.browser

PORT = 8899
BASE = f"http://127.0.0.1:{PORT}"
WAIT = 90_000  # ms; a first kernel start on a fresh machine can be slow
AUTOSAVE = 3   # seconds between autosaves in the test's own JupyterLab settings (make lab: 120)
QUIZ_NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("modul-*-testa-dig-sjalv.ipynb")) + ["slutprov.ipynb"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def repository_state() -> tuple[str, str]:
    """What `git status` shows, and a digest of the tracked files' changes."""
    status = subprocess.run(["git", "status", "--porcelain=v1", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True, check=True).stdout
    return status, hashlib.sha256(diff).hexdigest()


class Lab:
    """JupyterLab on localhost with the course's config (`make lab`), no token; its working copies
    in a temporary folder ($S3KURS_LAB_DIR), results saved to another."""

    def __init__(self, home: Path):
        self.home = home
        self.work = home / "kopior"
        settings = home / "settings" / "@jupyterlab" / "docmanager-extension"
        settings.mkdir(parents=True)
        (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosaveInterval": AUTOSAVE}))
        env = {**os.environ, "S3KURS_LAB_DIR": str(self.work), "S3KURS_OUTPUT": str(home / "resultat"),
               "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython"),
               "JUPYTERLAB_SETTINGS_DIR": str(home / "settings")}
        env.pop("S3KURS_ROOT", None)  # the config sets it, as for `make lab`
        jupyter = Path(sys.executable).parent / "jupyter"
        command = [str(jupyter), "lab", "--config", str(ROOT / "jupyter" / "jupyter_lab_config.py"), f"--port={PORT}",
                   "--port-retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
                   "--ServerApp.disable_check_xsrf=True", f"--LabApp.workspaces_dir={home / 'workspaces'}", "--allow-root"]
        self.log = (home / "lab.log").open("w")
        self.server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{BASE}/api/status", timeout=2)
                break
            except OSError:
                if self.server.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text()[-3000:])
                time.sleep(0.5)

    def stop(self) -> None:
        if self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        self.log.close()


@pytest.fixture(scope="module")
def repository_before():
    return repository_state()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, repository_before):
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken: stop what runs there (another JupyterLab?)")
    lab = Lab(tmp_path_factory.mktemp("lab"))
    yield lab
    lab.stop()


@pytest.fixture(scope="module")
def bank():
    bank, problems = load_bank(project=Project.find(ROOT))
    assert not problems
    return bank


@pytest.fixture
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.outside = []
    page.errors = []
    page.on("request", lambda r: None if r.url.startswith((BASE, "data:", "blob:")) else page.outside.append(r.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.screenshot(path=str(lab.home / "last-screen.png"))  # in pytest's temporary folder, for a look after a failure
    context.close()
    if lab.server.poll() is None:
        for session in json.load(urllib.request.urlopen(f"{BASE}/api/sessions", timeout=5)):  # free the kernels
            request = urllib.request.Request(f"{BASE}/api/sessions/{session['id']}", method="DELETE")
            urllib.request.urlopen(request, timeout=10)


def wait_for_kernel(path: str) -> None:
    """Until the notebook's kernel is idle and the page is connected to it (the server's view)."""
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        sessions = json.load(urllib.request.urlopen(f"{BASE}/api/sessions", timeout=5))
        kernels = [s["kernel"] for s in sessions if s["path"] == path]
        if kernels and kernels[0]["execution_state"] == "idle" and kernels[0]["connections"] > 0:
            return
        time.sleep(0.3)
    pytest.fail(f"{path}: its kernel did not start")


def open_notebook(page, notebook: str):
    page.goto(f"{BASE}/lab/tree/notebooks/{notebook}?reset")  # reset: no tabs restored from before
    panel = page.locator(".jp-NotebookPanel")
    panel.locator(".jp-Cell").first.wait_for(timeout=WAIT)
    assert panel.count() == 1, "JupyterLab restored other notebooks' tabs"
    return panel


def run_all(page, notebook: str, shows: str):
    """Open *notebook*, wait for its kernel, choose Run → Run All Cells and wait until the output
    *shows* (a CSS selector) appears. A request sent while the kernel's connection is still being
    made can be lost, so Run All is repeated if nothing appears. Returns the notebook's panel."""
    panel = open_notebook(page, notebook)
    wait_for_kernel(f"notebooks/{notebook}")
    for _ in range(4):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            panel.locator(shows).first.wait_for(timeout=40_000)
            return panel
        except PlaywrightTimeout:
            continue
    pytest.fail(f"{notebook}: Run All Cells showed no {shows}")


def test_a_workshop_notebook_runs_and_responds_in_jupyterlab(lab, lab_page):
    page = lab_page
    # The obstacle exercise: change a score with the keyboard; the findings and the chart follow.
    panel = run_all(page, "ovning-hinderanalys.ipynb", ".widget-image")
    findings = panel.locator(".widget-html", has_text="Det här visar diagrammet")
    findings.wait_for(timeout=WAIT)
    assert "Inga hinder har fått poäng ännu" in findings.inner_text()
    chart = panel.locator(".widget-image").first
    before = chart.get_attribute("src")
    handle = panel.locator(".widget-hslider", has_text="Kortsiktighet").locator(".noUi-handle")
    handle.focus()
    for _ in range(4):
        handle.press("ArrowRight")
    page.wait_for_function("el => el.innerText.includes('1. Kortsiktighet (4)')", arg=findings.element_handle(),
                           timeout=WAIT)
    page.wait_for_function("([el, src]) => el.getAttribute('src') !== src", arg=[chart.element_handle(), before],
                           timeout=WAIT)
    panel.get_by_role("button", name="Spara resultatet").click()
    panel.get_by_text("Sparat:").wait_for(timeout=WAIT)
    saved = sorted(p.suffix for p in (lab.home / "resultat").iterdir())
    assert saved == [".csv", ".png"]
    assert "Kortsiktighet;4" in next((lab.home / "resultat").glob("*.csv")).read_text(encoding="utf-8-sig")
    assert page.outside == [], "JupyterLab asked another host for something"


# ---- the quizzes ----

MEASURE = """(form, only) => {
  if (only !== null) {  // one option's point, after scrolling it into view
    const label = form.querySelectorAll('.s3k-option label, .s3k-select label')[only];
    label.scrollIntoView({block: 'center'});
    return textPoint(label, only, document.documentElement.getBoundingClientRect());
  }
  form.scrollIntoView({block: 'start'});
  // the option rows, the select rows and the buttons' row: boxes that must not overlap
  const boxes = Array.from(form.querySelectorAll('.s3k-option, .s3k-select, .s3k-actions'))
    .map(el => ({el, r: el.getBoundingClientRect()}));
  const problems = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
    const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
    if (x > 0.5 && y > 0.5) { problems.push(a.el.textContent.trim().slice(0, 50) + ' / ' + b.el.textContent.trim().slice(0, 50)); }
  }));
  // a label's text drawn outside its own row would cover the next row without the boxes overlapping
  form.querySelectorAll('.s3k-option, .s3k-select').forEach(row => {
    const outer = row.getBoundingClientRect(), inner = row.querySelector('label').getBoundingClientRect();
    if (inner.top < outer.top - 0.5 || inner.bottom > outer.bottom + 0.5 || inner.right > outer.right + 0.5) {
      problems.push('outside its row: ' + row.textContent.trim().slice(0, 50));
    }
  });
  // what the clicks do: each change of a control, each select focused
  form.s3kLog = [];
  if (!form.s3kListening) {
    form.s3kListening = true;
    form.addEventListener('change', e => form.s3kLog.push(e.target.id + ':' + e.target.checked), true);
    form.addEventListener('focusin', e => { if (e.target.tagName === 'SELECT') { form.s3kLog.push(e.target.id + ':focus'); } }, true);
  }
  // where to click each option's visible text: the middle of its last line (where a wrapped
  // option used to be covered by the next one), and whether that is inside the notebook's view
  function textPoint(label, i, view) {
    const range = document.createRange();
    range.selectNodeContents(label);
    const lines = Array.from(range.getClientRects()).filter(r => r.width > 2 && r.height > 2);
    const r = lines[lines.length - 1];
    const x = r.left + Math.min(r.width / 2, 40), y = r.top + r.height / 2;
    const inside = y > view.top + 2 && y < Math.min(view.bottom, window.innerHeight) - 2;
    return {i, x, y, inside, control: label.htmlFor};
  }
  const view = (form.closest('.jp-WindowedPanel-outer') || document.documentElement).getBoundingClientRect();
  const points = Array.from(form.querySelectorAll('.s3k-option label, .s3k-select label')).map((l, i) => textPoint(l, i, view));
  return {question: form.dataset.question, kind: form.dataset.type, problems, points};
}"""  # textPoint is a function declaration: hoisted, so the first branch can use it


def check_layout_and_clicks(page, section, where: str) -> int:
    """No overlapping boxes in any question; a click on each option's visible text selects that
    option (a checkbox: toggles it, and a second click toggles it back; a select's label: focuses
    its own select). Returns how many options were clicked."""
    clicked = 0
    for form in section.locator("form.s3k-question").all():
        found = form.evaluate(MEASURE, None)
        assert found["problems"] == [], f"{where}, {found['question']}: overlapping {found['problems']}"
        expected = []
        for point in found["points"]:
            if not point["inside"]:
                point = form.evaluate(MEASURE, point["i"])
            page.mouse.click(point["x"], point["y"])
            if found["kind"] == "multiple_choice":
                page.mouse.click(point["x"], point["y"])  # back, as it was
                expected += [f"{point['control']}:true", f"{point['control']}:false"]
            else:
                expected.append(f"{point['control']}:{'focus' if found['kind'] in ('ordering', 'matching') else 'true'}")
            clicked += 1
        # what the clicks did; then no option chosen, for the keyboard
        log = form.evaluate("f => { const log = f.s3kLog; f.querySelectorAll('input').forEach(i => { i.checked = false; }); return log; }")
        assert log == expected, f"{where}, {found['question']}: clicks on the options' text did {log}"
    return clicked


def tab_into(page, form) -> None:
    """Focus the form itself (not a Tab stop), then press Tab: the first control of the question."""
    form.evaluate("f => { f.tabIndex = -1; f.focus(); }")
    page.keyboard.press("Tab")
    form.evaluate("f => f.removeAttribute('tabindex')")
    assert form.evaluate("f => f.contains(document.activeElement)")


def step_select(page, value: str) -> None:
    """Arrow keys on the focused select until it shows *value*."""
    values = active(page, "Array.from(el.options).map(o => o.value)")
    now = active(page, "el.value")
    distance = values.index(value) - values.index(now)
    for _ in range(abs(distance)):
        page.keyboard.press("ArrowDown" if distance > 0 else "ArrowUp")
    assert active(page, "el.value") == value


def answer_by_keyboard(page, form, question, values: list[str]) -> None:
    """Answer with Tab, arrows and Space only, and press "Rätta" with Enter (Space for checkboxes)."""
    tab_into(page, form)
    kind = question.type
    if kind in ("single_choice", "true_false"):
        target = values[0]
        if active(page, "el.value") == target:
            page.keyboard.press("Space")
        for _ in range(8):
            if active(page, "el.value") == target and active(page, "el.checked"):
                break
            page.keyboard.press("ArrowDown")
        assert active(page, "el.checked && el.value") == target
        page.keyboard.press("Tab")  # one Tab stop for the whole radio group: now "Rätta"
    elif kind == "multiple_choice":
        while active(page, "el.type") == "checkbox":
            if active(page, "el.value") in values:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    elif kind == "ordering":
        for value in values:
            step_select(page, value)
            page.keyboard.press("Tab")
    else:
        wanted = dict(v.split("=", 1) for v in values)
        while active(page, "el.tagName") == "SELECT":
            step_select(page, wanted[active(page, "el.dataset.term")])
            page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-check')"), "Tab did not reach Rätta after the answer"
    page.keyboard.press("Space" if kind == "multiple_choice" else "Enter")


def wrong_values(question) -> list[str]:
    key = list(grading.key_of(question).values)
    if question.type == "matching":
        return [k.split("=")[0] + "=" + other.split("=")[1] for k, other in zip(key, key[1:] + key[:1])]
    if question.type == "ordering":
        return list(reversed(key))
    if question.type == "true_false":
        return ["falskt" if key == ["sant"] else "sant"]
    return [next(o.id for o in question.options if o.id not in key)]


def verdict_of(page, form) -> str:
    feedback = form.locator(".s3k-feedback")
    page.wait_for_function("el => ['correct', 'incorrect', 'revealed'].includes(el.dataset.verdict)",
                           arg=feedback.element_handle(), timeout=20_000)
    return feedback.get_attribute("data-verdict")


def axe_violations_in_quiz(page) -> list:
    """WCAG 2.1 A and AA violations that axe finds inside the quiz output (not in JupyterLab)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=".s3k-lab",
                        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]


def cells(panel) -> list[str]:
    """Each cell's kind and text (a rendered Markdown cell's rendering, a code cell's code)."""
    return panel.locator(".jp-Cell").evaluate_all("""cells => cells.map(c => c.classList.contains('jp-MarkdownCell')
        ? 'markdown: ' + c.querySelector('.jp-RenderedMarkdown').textContent
        : 'code: ' + c.querySelector('.jp-InputArea-editor').textContent)""")


@pytest.mark.parametrize("notebook", QUIZ_NOTEBOOKS)
def test_quiz_notebook_in_jupyterlab(lab, lab_page, bank, notebook):
    page = lab_page
    panel = run_all(page, notebook, ".s3k-lab [data-s3k-quiz][data-ready=true]")
    section = panel.locator(".s3k-lab [data-s3k-quiz]")
    assert section.count() == 1
    forms = section.locator("form.s3k-question")
    ids = [f.get_attribute("data-question") for f in forms.all()]
    module = notebook.removesuffix("-testa-dig-sjalv.ipynb")
    assert len(ids) == (24 if notebook == "slutprov.ipynb" else len(bank.modules[module].questions))
    bank = {q.id: q for q in bank.questions}

    assert axe_violations_in_quiz(page) == []  # before anything is answered

    # layout and mouse at 1280×720, then in a panel 600 px wide
    clicked = check_layout_and_clicks(page, section, "1280×720")
    assert clicked >= len(ids) * 2
    width = panel.bounding_box()["width"]
    page.set_viewport_size({"width": round(1280 - (width - 600)), "height": 720})
    page.wait_for_function("el => Math.abs(el.getBoundingClientRect().width - 600) < 2", arg=panel.element_handle())
    check_layout_and_clicks(page, section, "600 px panel")
    page.set_viewport_size({"width": 1280, "height": 720})

    # single-key commands do nothing while a quiz control has focus
    before = cells(panel)
    count = panel.locator(".jp-Cell").count()
    form = forms.nth(0)
    tab_into(page, form)
    for key in ("d", "d", "x"):
        page.keyboard.press(key)
    check = form.locator(".s3k-check")
    check.focus()
    for key in ("d", "d", "x"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert panel.locator(".jp-Cell").count() == count and cells(panel) == before, "a JupyterLab shortcut ran"
    assert section.count() == 1

    # each question type with the keyboard alone: the key is right; focus goes to "Försök igen"
    by_type = {}
    for qid in ids:
        by_type.setdefault(bank[qid].type, qid)
    for kind, qid in by_type.items():
        form = section.locator(f"form[data-question='{qid}']")
        answer_by_keyboard(page, form, bank[qid], list(grading.key_of(bank[qid]).values))
        assert verdict_of(page, form) == "correct", f"{qid} ({kind}): the key was not graded right"
        feedback = form.locator(".s3k-feedback")
        assert feedback.get_attribute("role") == "status" and feedback.get_attribute("aria-live") == "polite"
        assert "Rätt svar!" in feedback.inner_text() and "Förklaring:" in feedback.inner_text()
        assert active(page, "el.classList.contains('s3k-retry')"), f"{qid}: focus not moved to Försök igen"
        assert form.evaluate("f => Array.from(f.querySelectorAll('input, select')).every(c => c.disabled)")

    # a wrong answer, then "Visa rätt svar" with the keyboard; then "Försök igen"
    qid = next(i for i in ids if i not in by_type.values())
    form = section.locator(f"form[data-question='{qid}']")
    answer_by_keyboard(page, form, bank[qid], wrong_values(bank[qid]))
    assert verdict_of(page, form) == "incorrect"
    assert "Inte rätt." in form.locator(".s3k-feedback").inner_text()
    page.keyboard.press("Tab")
    assert active(page, "el.classList.contains('s3k-reveal')")
    page.keyboard.press("Enter")
    page.wait_for_function("el => el.dataset.verdict === 'revealed'", arg=form.locator(".s3k-feedback").element_handle())
    assert active(page, "el.classList.contains('s3k-retry')")
    page.keyboard.press("Enter")
    assert active(page, "el.closest('form') !== null && ['INPUT', 'SELECT'].includes(el.tagName)")
    assert not form.locator(".s3k-feedback").text_content()
    score = section.locator(".s3k-score")
    page.wait_for_function("el => el.textContent.startsWith('Poäng: " + str(len(by_type)) + " av')",
                           arg=score.element_handle(), timeout=10_000)
    assert score.inner_text() == f"Poäng: {len(by_type)} av {len(ids)}"

    assert axe_violations_in_quiz(page) == []  # with feedback shown
    assert page.errors == [] and page.outside == []


def test_saved_and_reopened_notebook_shows_a_hint_and_the_repository_stays_clean(lab, lab_page, repository_before):
    page = lab_page
    notebook = "modul-2-testa-dig-sjalv.ipynb"
    copy = lab.work / "notebooks" / notebook
    panel = run_all(page, notebook, ".s3k-lab [data-s3k-quiz][data-ready=true]")
    # edit the code cell, and wait past an autosave
    editor = panel.locator(".jp-CodeCell .jp-InputArea-editor .cm-content").first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("  # prov")
    deadline = time.monotonic() + AUTOSAVE * 5 + 10
    while "# prov" not in copy.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "the edit was not autosaved"
        time.sleep(0.5)
    saved = json.loads(copy.read_text(encoding="utf-8"))
    outputs = [o for cell in saved["cells"] for o in cell.get("outputs", [])]
    assert outputs and not [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert any("Kör alla celler" in "".join(o["data"]["text/plain"]) for o in outputs)

    # opened again: the hint, never "model not found"
    panel = open_notebook(page, notebook)
    hint = panel.locator(".s3k-run-all")
    hint.wait_for(timeout=WAIT)
    assert "Kör alla celler" in hint.inner_text()
    assert "model not found" not in panel.inner_text()

    lab.stop()
    assert repository_state() == repository_before, "JupyterLab changed the repository"
    if not repository_before[0]:
        assert repository_state()[0] == "", "git status is not clean"
