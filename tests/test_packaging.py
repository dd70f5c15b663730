"""The wheel holds every subpackage and data file, and an installed wheel validates a course.

The course's content (quizzes/, book/, data/) is the project's, not the package's: the wheel
has none of it, and `s3kurs validate` checks the checkout it is run in."""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    return next(out.glob("s3kurs-*.whl"))


def test_the_wheel_holds_every_subpackage_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    tracked = subprocess.run(["git", "ls-files", "s3kurs"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    missing = [path for path in tracked if path not in names]
    assert missing == [], f"not in the wheel: {missing}"
    assert {"s3kurs/sphinxext/__init__.py", "s3kurs/workshop/exercises.py", "s3kurs/static/s3kurs-core.js",
            "s3kurs/schemas/results-v2.schema.json", "s3kurs/locale/sv/LC_MESSAGES/s3kurs.po"} <= names
    assert not [n for n in names if n.startswith(("quizzes/", "book/", "data/", "tests/"))]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "s3kurs.sphinxext.notebooks:QuizMimeRenderer" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_an_installed_wheel_validates_a_copy_of_the_course(wheel, tmp_path):
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env)], check=True)
    # A venv's --system-site-packages sees the base interpreter, not the test environment (itself a
    # venv): add the test environment's packages as a plain path (its editable s3kurs finder, a .pth
    # hook, is not run that way, so only the wheel provides s3kurs).
    site = Path(subprocess.run([str(env / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "test-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    course = tmp_path / "kurs"
    course.mkdir()
    for name in ("_config.yml", "_toc.yml", "quizzes", "book", "data"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, course / name)
    where = subprocess.run([str(env / "bin" / "python"), "-c", "import s3kurs; print(s3kurs.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), where
    validate = subprocess.run([str(env / "bin" / "s3kurs"), "validate"], cwd=course, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stderr
    assert "och övningarna" in validate.stdout or "workshop exercises" in validate.stdout
    stats = subprocess.run([str(env / "bin" / "s3kurs"), "stats", "--json"], cwd=course, capture_output=True, text=True)
    assert stats.returncode == 0 and '"total"' in stats.stdout, stats.stderr
    # a broken exercises file in the copy is found, whatever the package's own files say
    exercises = course / "data" / "exercises.yml"
    exercises.write_text(exercises.read_text(encoding="utf-8").replace("weak_below: 3", "weak_below: tre"), encoding="utf-8")
    broken = subprocess.run([str(env / "bin" / "s3kurs"), "validate"], cwd=course, capture_output=True, text=True)
    assert broken.returncode == 1 and "data/exercises.yml" in broken.stderr
