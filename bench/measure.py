"""The figures of issue 14 §7 ("Fast at scale"), each next to its target and to the figures
recorded before the work (bench/before.json). Run with `make bench`, or:

    .venv/bin/python bench/measure.py                    # every figure, for this checkout
    .venv/bin/python bench/measure.py validate export    # some of them
    .venv/bin/python bench/measure.py --checkout DIR --record bench/before.json
    .venv/bin/python bench/measure.py standard           # the site next to Jupyter Book's defaults

Everything is measured cold, in a fresh temporary copy of the checkout's tracked files (its
own code included: every command runs with the copy first on PYTHONPATH, in the checkout's
own .venv, whose installed entry points match its code), with a fresh `_build/` and no
cache carried between runs:

- validate: `s3kurs validate` (every check on) on a bank of 10 000 questions in 50 files of
  200, made from the course's own questions with new ids (bench/bigbank.py), in a fresh
  process each time;
- export: the export step alone, to each question format, of the same 10 000 questions
  (the bank loaded first, not timed), in a fresh process each time;
- pages: the course built as `make book` builds it, then the final-test page and a lesson
  page in Chromium (bench/pages.py): total weight, and requests and time until the first
  question has been answered;
- rebuild: in the same copy, one sentence added to a lesson and the book built again with
  `make book`'s flags (and again with nothing changed, for comparison);
- check: `make check` in the checkout itself (a checkout without that target: its
  equivalent, `s3kurs validate` and the tests that are neither browser nor build tests).

Each timing is the shortest of --runs runs (as `timeit` reports it: the other runs were
slowed by something else), in wall-clock seconds, with the CPU time of that run. Both vary
with the machine and what else runs on it; the load average is printed. This is a benchmark, not a test: no test checks a timing.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bigbank import FILES, PER_FILE, copy_project, write_big_bank  # noqa: E402

ROOT = HERE.parent
BEFORE = HERE / "before.json"
FORMATS = ("moodle-xml", "gift", "qti", "csv")
LESSON, FINAL_TEST = "book/modul-1", "book/slutprov"
EDIT = "\n\nDen här meningen ({n}) lades till av mätningen av ombyggnadstiden.\n"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # Swedish, as in bench/README.md
    unit: str
    target: float | None  # at most this much; None: reported only


FIGURES = [
    Figure("validate_10k_s", f"`s3kurs validate`, {FILES * PER_FILE:_} frågor ({FILES} filer × {PER_FILE})".replace("_", " "),
           "s", 5),
    *(Figure(f"export_{fmt}_s", f"Export av samma frågor till {fmt}", "s", 2) for fmt in FORMATS),
    Figure("final_test_kB", "Slutprovssidan, total vikt", "kB", 1000),
    Figure("lesson_kB", "Lektionssida (modul 1), total vikt", "kB", 600),
    Figure("final_test_requests", "Slutprovssidan: förfrågningar tills första frågan är besvarad", "st", None),
    Figure("lesson_requests", "Lektionssidan: förfrågningar tills första frågan är besvarad", "st", None),
    Figure("final_test_answer_ms", "Slutprovssidan: tid tills första frågan är besvarad", "ms", None),
    Figure("lesson_answer_ms", "Lektionssidan: tid tills första frågan är besvarad", "ms", None),
    Figure("full_build_s", "Första bygget av boken (kallt, anteckningsböckerna körs)", "s", None),
    Figure("rebuild_edit_s", "Ombyggnad efter en ändrad lektion (`make book`s flaggor)", "s", 3),
    Figure("rebuild_nothing_s", "Ombyggnad utan ändringar", "s", None),
    Figure("check_s", "`make check`", "s", 30),
]
GROUPS = {"validate": ["validate_10k_s"], "export": [f"export_{fmt}_s" for fmt in FORMATS],
          "pages": ["final_test_kB", "lesson_kB", "final_test_requests", "lesson_requests", "final_test_answer_ms",
                    "lesson_answer_ms", "full_build_s", "rebuild_edit_s", "rebuild_nothing_s"],
          "check": ["check_s"]}
GROUPS["rebuild"] = GROUPS["pages"]  # one build serves both


class Failed(Exception):
    """A command the benchmark runs did not succeed."""


class Bench:
    def __init__(self, checkout: Path, python: Path, runs: int):
        self.checkout, self.python, self.runs = checkout, python, runs
        self.notes: dict[str, str] = {}
        self.cpu: dict[str, float] = {}  # CPU seconds (user + system) next to a wall-clock figure

    def env(self, copy: Path) -> dict:
        return {**os.environ, "PYTHONPATH": str(copy), "S3KURS_ROOT": str(copy)}

    def run(self, command: list, cwd: Path, env: dict | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
        """Wall-clock and CPU seconds of a command that must succeed, and its output."""
        before, start = _children_cpu(), time.perf_counter()
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        elapsed, cpu = time.perf_counter() - start, _children_cpu() - before
        if result.returncode != 0:
            raise Failed(f"failed ({result.returncode}): {' '.join(map(str, command))} in {cwd}\n"
                         f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return elapsed, cpu, result

    def best(self, key: str, runs: list[tuple[float, float]]) -> float:
        """The shortest wall-clock time of *runs* (wall, CPU), with the CPU time of that run noted."""
        wall, cpu = min(runs)
        self.cpu[key] = cpu
        return wall

    # -- validate and export: 10 000 questions ------------------------------------------

    def big_bank(self) -> Path:
        copy = copy_project(self.checkout)
        write_big_bank(copy)
        return copy

    def validate(self) -> dict:
        copy = self.big_bank()
        try:
            runs = []
            for _ in range(self.runs):
                elapsed, cpu, result = self.run([self.python, "-m", "s3kurs.cli", "validate"], copy, self.env(copy))
                if f"{FILES * PER_FILE} " not in result.stdout:  # "OK: 10000 …" in the course's language
                    raise Failed(f"unexpected output from validate: {result.stdout}{result.stderr}")
                runs.append((elapsed, cpu))
            return {"validate_10k_s": self.best("validate_10k_s", runs)}
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    def export(self) -> dict:
        script = ("import sys, time\n"
                  "from s3kurs.bank import require_bank\n"
                  "from s3kurs.export import export\n"
                  "from s3kurs.project import Project\n"
                  "bank = require_bank(Project.find())\n"
                  "import gc; gc.freeze()  # as `s3kurs export` does once the bank is loaded\n"
                  "wall, cpu = time.perf_counter(), time.process_time()\n"
                  "export(bank, sys.argv[1])\n"
                  "print(time.perf_counter() - wall, time.process_time() - cpu)\n")
        copy = self.big_bank()
        try:
            figures = {}
            for fmt in FORMATS:
                runs = [tuple(map(float, self.run([self.python, "-c", script, fmt], copy, self.env(copy))[2].stdout.split()))
                        for _ in range(self.runs)]
                figures[f"export_{fmt}_s"] = self.best(f"export_{fmt}_s", runs)
            return figures
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    # -- the built site: pages and rebuilds ------------------------------------------------

    def build_command(self) -> list:
        flags = re.search(r"^BUILD_FLAGS\s*:?=\s*(.*)$", (self.checkout / "Makefile").read_text(), re.M)
        return [self.python.parent / "jupyter-book", "build", ".", *(flags.group(1).split() if flags else [])]

    def pages(self) -> dict:
        from pages import chromium, first_answer, served, weight

        copy = copy_project(self.checkout)
        if (self.checkout / "node_modules").is_dir():  # the build's Node tools (npm ci), not tracked
            (copy / "node_modules").symlink_to(self.checkout / "node_modules")
        try:
            full, self.cpu["full_build_s"], _ = self.run(self.build_command(), copy, self.env(copy))
            site = copy / "_build" / "html"
            with served(site) as origin, chromium() as browser:
                final = {**weight(browser, f"{origin}/{FINAL_TEST}.html"),
                         **first_answer(browser, f"{origin}/{FINAL_TEST}.html", self.runs)}
                lesson = {**weight(browser, f"{origin}/{LESSON}.html"),
                          **first_answer(browser, f"{origin}/{LESSON}.html", self.runs)}
            lesson_file = copy / f"{LESSON}.md"
            edits, nothings = [], []
            for n in range(self.runs):
                lesson_file.write_text(lesson_file.read_text(encoding="utf-8") + EDIT.format(n=n + 1), encoding="utf-8")
                *timing, result = self.run(self.build_command(), copy, self.env(copy))
                edits.append(tuple(timing))
                self.notes["rebuild_edit_s"] = _sphinx_summary(result.stdout)
            for _ in range(self.runs):
                *timing, result = self.run(self.build_command(), copy, self.env(copy))
                nothings.append(tuple(timing))
                self.notes["rebuild_nothing_s"] = _sphinx_summary(result.stdout)
            edit, nothing = self.best("rebuild_edit_s", edits), self.best("rebuild_nothing_s", nothings)
        finally:
            shutil.rmtree(copy, ignore_errors=True)
        return {"final_test_kB": final["kB"], "lesson_kB": lesson["kB"],
                "final_test_requests": final["requests_to_answer"], "lesson_requests": lesson["requests_to_answer"],
                "final_test_answer_ms": final["ms"], "lesson_answer_ms": lesson["ms"],
                "full_build_s": full, "rebuild_edit_s": edit, "rebuild_nothing_s": nothing}

    # -- the inner loop ----------------------------------------------------------------------

    def check(self) -> dict:
        makefile = (self.checkout / "Makefile").read_text()
        runs = []
        for _ in range(self.runs):
            if re.search(r"^check:", makefile, re.M):
                runs.append(self.run(["make", "-C", self.checkout, "check"], self.checkout)[:2])
            else:
                self.notes["check_s"] = "no make check: s3kurs validate + pytest -m 'not browser and not build'"
                env = {**os.environ, "PYTHONPATH": str(self.checkout)}
                validate = self.run([self.python, "-m", "s3kurs.cli", "validate"], self.checkout, env)
                tests = self.run([self.python, "-m", "pytest", "-q", "-m", "not browser and not build"], self.checkout, env)
                runs.append((validate[0] + tests[0], validate[1] + tests[1]))
        return {"check_s": self.best("check_s", runs)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sphinx_summary(output: str) -> str:
    """What Sphinx said it would rebuild, e.g. "updating environment: 1 added, 2 changed, 0 removed"."""
    found = re.findall(r"updating environment: .*", re.sub(r"\x1b\[[0-9;]*m", "", output))
    return found[-1].strip() if found else ""


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} kärnor ({cpu}), Python {platform.python_version()}, {platform.system()}"


def show(value, unit: str, cpu: float | None = None) -> str:
    if value is None:
        return "–"
    if unit == "s":
        text = f"{value:.1f} s" + (f" (CPU {cpu:.1f})" if cpu is not None else "")
        return text.replace(".", ",")
    return f"{value:.0f} {unit}"


def table(now: dict, before: dict | None) -> str:
    """Markdown: each figure before, now and its target; times as wall clock (CPU time)."""
    head = f"Före ({before['date']}, {before['commit']})" if before else "Före"
    lines = [f"| Mått | {head} | Nu | Mål | |", "|---|---:|---:|---:|---|"]
    for figure in FIGURES:
        if figure.key not in now["figures"]:
            continue
        value = now["figures"][figure.key]
        was = (before or {}).get("figures", {}).get(figure.key)
        target = f"≤ {show(figure.target, figure.unit)}" if figure.target is not None else "–"
        verdict = "" if figure.target is None or value is None else "nått" if value <= figure.target else "**inte nått**"
        lines.append(f"| {figure.label} | {show(was, figure.unit, (before or {}).get('cpu', {}).get(figure.key))} "
                     f"| {show(value, figure.unit, now['cpu'].get(figure.key))} | {target} | {verdict} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="*", help=f"what to measure: {', '.join(GROUPS)} (default: all) or 'standard'")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--python", type=Path,
                        help="the Python to run it with (default: the checkout's .venv, else this one)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (the shortest counts)")
    parser.add_argument("--record", type=Path, help="write the figures to this JSON file (e.g. bench/before.json)")
    args = parser.parse_args(argv)
    unknown = [w for w in args.what if w not in GROUPS and w != "standard"]
    if unknown or ("standard" in args.what and len(args.what) > 1):
        parser.error(f"measure {', '.join(GROUPS)}, or 'standard' on its own")
    checkout = args.checkout.resolve()
    if args.what == ["standard"]:
        from standard import compare

        compare(checkout, args.runs)
        return
    wanted = list(dict.fromkeys(args.what or ["validate", "export", "pages", "check"]))
    own = checkout / ".venv" / "bin" / "python"
    bench = Bench(checkout, args.python or (own if own.exists() else Path(sys.executable)), args.runs)
    load = os.getloadavg()
    figures: dict = {}
    for group in wanted:
        if all(key in figures for key in GROUPS[group]):
            continue
        print(f"[{group}] …", file=sys.stderr, flush=True)
        try:
            figures.update(getattr(bench, "pages" if group == "rebuild" else group)())
        except Failed as exc:
            print(exc, file=sys.stderr)
            bench.notes[group] = "failed: " + str(exc).splitlines()[0]
    commit = subprocess.run(["git", "-C", checkout, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", checkout, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    run = {"date": datetime.date.today().isoformat(), "commit": commit + ("+ändringar" if dirty else ""),
           "machine": machine(), "load_average_at_start": [round(x, 2) for x in load], "runs": args.runs,
           "figures": {k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()},
           "cpu": {k: round(v, 2) for k, v in bench.cpu.items()}, "notes": bench.notes}
    if args.record:
        args.record.write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.is_file() and args.record != BEFORE else None
    print(f"\n{run['machine']}; belastning vid start {', '.join(f'{x:.1f}' for x in load)}; "
          f"{checkout} ({run['commit']})\n")
    print(table(run, before))
    for key, note in bench.notes.items():
        print(f"\n{key}: {note}")


if __name__ == "__main__":
    main()
