"""Page weight, requests and quiz response time: the course site next to the same content
built with Jupyter Book's defaults. Run with `make bench` (after `make book`).

The "defaults" build is the same book with s3kurs's lean-page work switched off
(s3kurs_lean_pages: false: Font Awesome, Thebe and every asset on every page) and the widget
set-up left as Jupyter Book has it (require.js and the widget manager from a CDN). Bytes are
uncompressed response bodies; requests are all requests the page makes on first view,
including those to other hosts (which fail here, as there is no network).
"""
from __future__ import annotations

import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from s3kurs.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"Startsida": "book/index.html", "Lektion med frågor": "book/modul-1.html",
         "Frågesida (anteckningsbok)": "notebooks/modul-1-testa-dig-sjalv.html"}
RUNS = 5


def build_defaults() -> Path:
    work = Path(tempfile.mkdtemp(prefix="s3kurs-defaults-"))
    for name in ("_config.yml", "_toc.yml", "book", "notebooks", "quizzes", "locale"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    config = yaml.safe_load((work / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    for key in ("nb_mime_priority_overrides", "nb_ipywidgets_js"):
        sphinx.pop(key, None)
    sphinx["s3kurs_lean_pages"] = False
    (work / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(work)], check=True,
                   capture_output=True, env={"S3KURS_ROOT": str(work), "PATH": str(Path(sys.executable).parent)})
    return work / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def measure(browser, origin: str, path: str) -> dict:
    weights, times = [], []
    for _ in range(RUNS):
        context = browser.new_context()
        page = context.new_page()
        sizes, requests = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfinished", lambda r: sizes.append(len(r.response().body()) if r.response() else 0))
        page.goto(f"{origin}/{path}", wait_until="load")
        page.wait_for_load_state("networkidle")
        weights.append((len(requests), sum(sizes)))
        context.close()
        # from the start of navigation until the first question has answered a click on "Rätta"
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{origin}/{path}", wait_until="commit")
        if page.locator("form.s3k-question").count() or path != "book/index.html":
            try:
                page.wait_for_selector("[data-s3k-quiz][data-ready=true]", timeout=10000)
                page.locator("form.s3k-question .s3k-check").first.click()
                page.wait_for_function("document.querySelector('form.s3k-question .s3k-feedback').textContent.length > 0")
                times.append(page.evaluate("performance.now()"))
            except Exception:
                pass  # the quiz never became ready
        context.close()
    requests, size = weights[0]
    return {"requests": requests, "kB": round(size / 1000), "ms": round(statistics.median(times)) if times else None}


def main() -> None:
    lean_dir = ROOT / "_build" / "html"
    defaults_dir = build_defaults()
    lean, defaults = serve(lean_dir), serve(defaults_dir)
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, path in PAGES.items():
            a = measure(browser, f"http://127.0.0.1:{defaults.server_port}", path)
            b = measure(browser, f"http://127.0.0.1:{lean.server_port}", path)
            rows.append((name, a, b))
        browser.close()
    print("| Sida | Jupyter Book standard: förfrågningar | kB | s3kurs: förfrågningar | kB | Tid tills frågan svarar (ms, median av %d) |" % RUNS)
    print("|---|---:|---:|---:|---:|---:|")
    for name, a, b in rows:
        timing = f"{b['ms']} (standard: {a['ms'] if a['ms'] is not None else 'svarar inte'})" if b["ms"] else "–"
        print(f"| {name} | {a['requests']} | {a['kB']} | {b['requests']} | {b['kB']} | {timing} |")
    shutil.rmtree(defaults_dir.parents[1], ignore_errors=True)
    lean.shutdown()
    defaults.shutdown()


if __name__ == "__main__":
    main()
