"""Shared fixtures: fixture books, built sites, a local web server and headless Chromium."""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from s3kurs.chromium import CHROMIUM, CHROMIUM_ARGS  # Debian's Chromium, offline

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "books" / "mini"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# What a test needs decides its marker, so that `make check` can leave the slow ones out:
# a test using one of these fixtures is a browser or a build test (a test that builds a
# book itself, or runs a kernel, carries its marker in its own file).
MARK_BY_FIXTURE = {"browser": "browser", "page": "browser",
                   "course_build": "build", "course_site": "build", "mini_site": "build"}


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture in MARK_BY_FIXTURE.keys() & set(item.fixturenames):
            item.add_marker(MARK_BY_FIXTURE[fixture])


def build_book(source: Path, output: Path | None = None) -> subprocess.CompletedProcess:
    """Build a book the way `make book` does (warnings are errors, nitpicky)."""
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source), "-W", "-n", "--keep-going"]
    if output:
        command += ["--path-output", str(output)]
    return subprocess.run(command, capture_output=True, text=True, cwd=source,
                          env={**os.environ, "S3KURS_ROOT": str(source)})


def sphinx_warnings(result: subprocess.CompletedProcess) -> list[str]:
    text = result.stdout + result.stderr
    return [line for line in text.splitlines() if "WARNING:" in line or "ERROR:" in line or "Traceback" in line]


@pytest.fixture
def mini_project(tmp_path) -> Path:
    """A writable copy of the fixture course (one lesson, one question of each type)."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("mini-src") / "mini"
    shutil.copytree(MINI, source)
    result = build_book(source)
    assert result.returncode == 0 and not sphinx_warnings(result), "\n".join(sphinx_warnings(result))
    return source / "_build" / "html"


@pytest.fixture(scope="session")
def course_build() -> subprocess.CompletedProcess:
    """The real course, built from scratch into _build/ as `make book` does; executed
    notebooks come from the Jupyter cache (_build/.jupyter_cache), which is kept."""
    for stale in ("html", ".doctrees"):
        shutil.rmtree(ROOT / "_build" / stale, ignore_errors=True)
    return build_book(ROOT)


@pytest.fixture(scope="session")
def course_site(course_build) -> Path:
    assert course_build.returncode == 0, "\n".join(sphinx_warnings(course_build)) or course_build.stdout[-3000:]
    return ROOT / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Server:
    def __init__(self, directory: Path):
        handler = functools.partial(QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def is_local(self, url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in ("data", "blob", "about") or url.startswith(self.origin + "/")

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def serve():
    servers = []

    def start(directory: Path) -> Server:
        server = Server(directory)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: install it with 'apt-get install chromium' (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request and every script error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return results.response["violations"]


def answer_form(form, qdata: dict, values: list[str] | None = None) -> str | None:
    """Answer one static quiz form with *values* (default: the key) and press "Rätta" (after
    "Försök igen" if the page shows an earlier answer). Returns the verdict the page shows."""
    values = qdata["key"] if values is None else values
    kind = form.get_attribute("data-type")
    if form.get_attribute("data-state") == "checked":  # answered before: the page shows that answer
        form.locator(".s3k-retry").click()
    if kind in ("single_choice", "multiple_choice", "true_false"):
        form.evaluate("(f, chosen) => f.querySelectorAll('input').forEach(i => { i.checked = chosen.includes(i.value); })",
                      values)
    elif kind == "ordering":
        for select, value in zip(form.locator("select").all(), values):
            select.select_option(value)
    else:
        for pair in values:
            term, target = pair.split("=", 1)
            form.locator(f"select[data-term='{term}']").select_option(target)
    form.locator(".s3k-check").click()
    return form.locator(".s3k-feedback").get_attribute("data-verdict")


def wrong_values(qdata: dict, kind: str) -> list[str]:
    """A wrong answer to a static quiz question, in the browser's value form."""
    key = qdata["key"]
    if kind == "matching":  # every term paired with the next term's target
        return [k.split("=")[0] + "=" + other.split("=")[1] for k, other in zip(key, key[1:] + key[:1])]
    if qdata["ordered"]:
        return list(reversed(key))
    return [v for v in qdata["feedback"] if v not in key][:1]


def focus_into(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element is inside *selector* (keyboard only)."""
    if page.evaluate(f"document.activeElement.closest({json.dumps(selector)}) !== null"):
        return
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.closest({json.dumps(selector)}) !== null"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def active(page, script: str):
    """Evaluate *script* with `el` as the focused element."""
    return page.evaluate(f"(el => {script})(document.activeElement)")
