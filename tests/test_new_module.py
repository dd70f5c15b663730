"""A seventh module by the README alone: the recipe block is taken from the README and run in a
copy of the course, a fixture module that meets the bank's rules is written into it, and the copy
validates, builds and passes the tests that depend on the number of modules."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build_book, sphinx_warnings

pytestmark = pytest.mark.build
MARKER = "<!-- recipe: new-module"
# The tests whose figures follow the number of modules (a named subset, not the whole suite).
SUBSET = ["tests/test_bank.py", "tests/test_exam.py", "tests/test_plans.py",
          "tests/test_content.py::test_every_module_has_a_lesson_and_a_question_file",
          "tests/test_granska.py::test_the_course_bank_passes_the_bank_and_module_rules"]


def recipe() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", readme[readme.index(MARKER):], re.S)[1]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def fixture_questions(module: str, number: int, section: str) -> str:
    """Module 1's questions as module *number*'s (new ids, the new module's goals and section,
    no enemies): a set that is known to meet the bank's and granska's rules."""
    data = yaml.safe_load((ROOT / "quizzes" / "modul-1.yml").read_text(encoding="utf-8"))
    for i, q in enumerate(data["questions"]):
        q["id"] = f"m{number}-fraga-{i + 1}"
        q["goals"] = [f"m{number}-g{1 + i % 2}"]
        q["lesson"] = section
        q.pop("enemies", None)
    data["module"] = module
    data["title"] = yaml.safe_load((ROOT / "quizzes" / "modul-1.yml").read_text(encoding="utf-8"))["title"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def test_a_seventh_module_from_the_readme_recipe(tmp_path):
    course = tmp_path / "kurs"
    shutil.copytree(ROOT, course, ignore=shutil.ignore_patterns(
        ".git", ".venv", "node_modules", "_build", "output", "__pycache__", ".pytest_cache", ".hypothesis"))
    (course / ".venv").symlink_to(Path(sys.executable).parents[1])
    (course / "node_modules").symlink_to(ROOT / "node_modules")
    env = {**os.environ, "S3KURS_ROOT": str(course)}
    for line in recipe():
        done = subprocess.run(line, shell=True, cwd=course, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{line}: {done.stderr}"
    number = int(re.search(r"ny-modul (\d+)", " ".join(recipe()))[1])
    module = f"modul-{number}"
    lesson = (course / "book" / f"{module}.md").read_text(encoding="utf-8")
    section = re.search(rf"^\((m{number}-[a-z-]+)\)=\n## ", lesson, re.M)[1]
    assert f"book/{module}" in (course / "_toc.yml").read_text(encoding="utf-8")
    (course / "quizzes" / f"{module}.yml").write_text(fixture_questions(module, number, section), encoding="utf-8")

    validate = subprocess.run([str(course / ".venv" / "bin" / "s3kurs"), "validate"], cwd=course, env=env,
                              capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
    built = build_book(course)
    assert built.returncode == 0 and not sphinx_warnings(built), "\n".join(sphinx_warnings(built))
    assert (course / "_build" / "html" / "book" / f"{module}.html").is_file()
    plain = {k: v for k, v in os.environ.items() if k != "S3KURS_ROOT"}  # the tests find the copy themselves
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUBSET], cwd=course,
                           env=plain, capture_output=True, text=True)
    assert tests.returncode == 0, tests.stdout[-4000:]
