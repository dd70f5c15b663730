"""JupyterLab as a trainer runs it (`make lab`'s settings): a workshop notebook and a module quiz
notebook are run in Chromium and their widgets operated with the keyboard and the mouse."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT

PORT = 8899
BASE = f"http://127.0.0.1:{PORT}"
WAIT = 90_000  # ms; a first kernel start on a fresh machine can be slow


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on localhost with the course's config (`make lab`), no token, serving copies of the
    notebooks, with results saved to a temporary folder."""
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"port {PORT} is taken: stop what runs there (another JupyterLab?)")
    home = tmp_path_factory.mktemp("lab")
    # Copies of the notebooks, so that JupyterLab's autosave never writes outputs into the repository.
    shutil.copytree(ROOT / "notebooks", home / "root" / "notebooks")
    env = {**os.environ, "S3KURS_ROOT": str(ROOT), "S3KURS_OUTPUT": str(home / "resultat"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython")}
    jupyter = Path(sys.executable).parent / "jupyter"
    command = [str(jupyter), "lab", "--config", str(ROOT / "jupyter" / "jupyter_lab_config.py"), f"--port={PORT}",
               "--port-retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={home / 'root'}", f"--LabApp.workspaces_dir={home / 'workspaces'}", "--allow-root"]
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{BASE}/api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text()[-3000:])
            time.sleep(0.5)
    yield home
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.outside = []
    page.on("request", lambda r: None if r.url.startswith((BASE, "data:", "blob:")) else page.outside.append(r.url))
    yield page
    page.screenshot(path=str(lab / "last-screen.png"))  # in pytest's temporary folder, for a look after a failure
    context.close()


def wait_for_kernel(path: str) -> None:
    """Until the notebook's kernel is idle and the page is connected to it (the server's view)."""
    deadline = time.monotonic() + WAIT / 1000
    while time.monotonic() < deadline:
        sessions = json.load(urllib.request.urlopen(f"{BASE}/api/sessions", timeout=5))
        kernels = [s["kernel"] for s in sessions if s["path"] == path]
        if kernels and kernels[0]["execution_state"] == "idle" and kernels[0]["connections"] > 0:
            return
        time.sleep(0.5)
    pytest.fail(f"{path}: its kernel did not start")


def run_all(page, notebook: str, shows: str):
    """Open *notebook*, wait for its kernel, choose Run → Run All Cells and wait until the output
    *shows* (a CSS selector) appears. A request sent while the kernel's connection is still being
    made can be lost, so Run All is repeated if nothing appears. Returns the notebook's panel."""
    page.goto(f"{BASE}/lab/tree/notebooks/{notebook}?reset")  # reset: no tabs restored from before
    panel = page.locator(".jp-NotebookPanel")
    panel.locator(".jp-Cell").first.wait_for(timeout=WAIT)
    assert panel.count() == 1, "JupyterLab restored other notebooks' tabs"
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


def test_a_workshop_and_a_quiz_notebook_run_and_respond_in_jupyterlab(lab, lab_page):
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
    saved = sorted(p.suffix for p in (lab / "resultat").iterdir())
    assert saved == [".csv", ".png"]
    assert "Kortsiktighet;4" in next((lab / "resultat").glob("*.csv")).read_text(encoding="utf-8-sig")

    # A module quiz: answer the first question and see the explained feedback.
    panel = run_all(page, "modul-1-testa-dig-sjalv.ipynb", ".widget-radio-box")
    radios = panel.locator(".widget-radio-box").first
    radios.wait_for(timeout=WAIT)
    question = radios.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")  # the question's card
    radios.locator("input").first.check()
    question.get_by_role("button", name="Rätta").click()
    feedback = question.locator(".s3k-feedback")
    feedback.wait_for(timeout=WAIT)
    assert feedback.get_attribute("data-verdict") in ("correct", "incorrect")
    assert "Förklaring:" in feedback.inner_text()  # explained, not just right or wrong

    assert page.outside == [], "JupyterLab asked another host for something"
