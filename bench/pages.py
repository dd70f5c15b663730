"""Pages in Debian's Chromium, served from localhost: weight, requests, and the time until
the first question has been answered.

- `weight()`: every request a page makes on first view (until the network is idle) and the
  size of the responses, uncompressed. Requests to other hosts count too (they fail here:
  the machine has no network).
- `first_answer()`: from the start of navigation until the first question on the page shows
  its verdict after being answered (an option chosen, every list set) and checked with
  *Rätta*: the requests made until then, and the time (`performance.now()` in the page,
  Playwright's own delay included). On the final-test page, *Starta* is pressed first.
"""
from __future__ import annotations

import functools
import http.server
import statistics
import threading
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from s3kurs.chromium import CHROMIUM, CHROMIUM_ARGS

QUIZ_READY = "[data-s3k-quiz][data-ready=true]"
FINAL_START = ".s3k-final-start"
QUESTION = "form.s3k-question:not([hidden])"
VERDICT = ".s3k-feedback[data-verdict=correct], .s3k-feedback[data-verdict=incorrect]"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def served(directory: Path):
    """An HTTP server on localhost for *directory*; yields its origin."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def weight(browser, url: str) -> dict:
    """Requests and bytes (uncompressed) of a page's first view."""
    context = browser.new_context()
    page = context.new_page()
    sizes, requests = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfinished", lambda r: sizes.append(len(r.response().body()) if r.response() else 0))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"requests": len(requests), "kB": round(sum(sizes) / 1000)}


def _answer_first_question(page) -> None:
    page.wait_for_selector(QUIZ_READY, timeout=15000)
    if page.locator(FINAL_START).count():
        page.locator(FINAL_START).first.click()
    form = page.locator(QUESTION).first
    choices = form.locator("input[type=radio], input[type=checkbox]")
    if choices.count():
        choices.first.check()
    for n, select in enumerate(form.locator("select").all()):
        values = select.locator("option:not([value=''])").evaluate_all("os => os.map(o => o.value)")
        select.select_option(values[n % len(values)])
    form.locator(".s3k-check").click()
    form.locator(VERDICT).wait_for(timeout=15000)


def first_answer(browser, url: str, runs: int) -> dict:
    """Requests until the first question is answered (first run) and the median time (ms)."""
    times, counts = [], []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        requests = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(url, wait_until="commit")
        try:
            _answer_first_question(page)
        except Exception:  # the page never offered a question to answer
            context.close()
            return {"requests_to_answer": None, "ms": None}
        times.append(page.evaluate("performance.now()"))
        counts.append(len(requests))
        context.close()
    return {"requests_to_answer": counts[0], "ms": round(statistics.median(times))}
