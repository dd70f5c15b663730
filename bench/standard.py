"""The course site next to the same content built with Jupyter Book's defaults
(`python bench/measure.py standard`, after `make book`).

"Defaults" is the same book with s3kurs's lean-page work switched off
(`s3kurs_lean_pages: false`: Font Awesome, Thebe and every asset on every page) and the
widget set-up left as Jupyter Book has it (require.js and the widget manager from a CDN).
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from pages import chromium, first_answer, served, weight

PAGES = {"Startsida": "book/index.html", "Lektion med frågor": "book/modul-1.html",
         "Frågesida (anteckningsbok)": "notebooks/modul-1-testa-dig-sjalv.html"}


def build_defaults(root: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix="s3kurs-defaults-"))
    for name in ("_config.yml", "_toc.yml", "book", "notebooks", "quizzes", "locale"):
        src = root / name
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


def compare(root: Path, runs: int) -> None:
    lean_dir = root / "_build" / "html"
    if not (lean_dir / "book" / "index.html").is_file():
        raise SystemExit(f"no built site in {lean_dir}: run 'make book' first")
    defaults_dir = build_defaults(root)
    rows = []
    try:
        with served(defaults_dir) as standard, served(lean_dir) as lean, chromium() as browser:
            for name, path in PAGES.items():
                a = {**weight(browser, f"{standard}/{path}"), **first_answer(browser, f"{standard}/{path}", runs)}
                b = {**weight(browser, f"{lean}/{path}"), **first_answer(browser, f"{lean}/{path}", runs)}
                rows.append((name, a, b))
    finally:
        shutil.rmtree(defaults_dir.parents[1], ignore_errors=True)
    print(f"| Sida | Jupyter Book standard: förfrågningar | kB | s3kurs: förfrågningar | kB "
          f"| Tid tills frågan är besvarad (ms, median av {runs}) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, a, b in rows:
        timing = f"{b['ms']} (standard: {a['ms'] if a['ms'] is not None else 'svarar inte'})" if b["ms"] else "–"
        print(f"| {name} | {a['requests']} | {a['kB']} | {b['requests']} | {b['kB']} | {timing} |")
