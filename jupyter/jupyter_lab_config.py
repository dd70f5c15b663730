# JupyterLab for the course's quizzes and workshop exercises: reachable from this computer only,
# and nothing is fetched from the internet (no news, no update checks, no extension search).
# Used by `make lab` and by the JupyterLab browser test: jupyter lab --config=jupyter/jupyter_lab_config.py
#
# Nothing is written back into the repository: JupyterLab serves working copies of notebooks/
# and book/ in _build/lab/ (or in $S3KURS_LAB_DIR), made when JupyterLab starts. A copy is made
# anew only when the course's own file has changed since it was copied, so what a trainer saved
# stays until then. When a notebook is saved, each live widget's output is saved as a hint to run
# all cells, so a notebook opened again never shows "model not found" (s3kurs.display).
import hashlib
import json
import os
import shutil
from pathlib import Path

here = Path(__file__).resolve().parent
repository = here.parent
work = Path(os.environ.get("S3KURS_LAB_DIR") or repository / "_build" / "lab").resolve()
COPIED = ("notebooks", "book")  # the notebooks, and the lessons their links open
MANIFEST = ".s3kurs-copies.json"  # each copy's source hash when it was made (a hidden file)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def working_copies(source: Path, target: Path) -> list[str]:
    """Copy the course's notebooks and lessons into *target*; return the paths copied."""
    manifest_path = target / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    copied = []
    for folder in COPIED:
        for path in sorted((source / folder).rglob("*")):
            relative = path.relative_to(source).as_posix()
            if not path.is_file() or any(part.startswith(".") for part in path.relative_to(source).parts):
                continue
            digest = _digest(path)
            copy = target / relative
            if copy.is_file() and manifest.get(relative) == digest:
                continue  # unchanged since it was copied: keep what was saved in the copy
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
            manifest[relative] = digest
            copied.append(relative)
    target.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return copied


def save_without_live_views(model, **kwargs):
    """ContentsManager pre-save hook: a saved notebook keeps a hint in place of each live widget."""
    if model.get("type") == "notebook" and model.get("content"):
        from s3kurs.display import without_live_views

        without_live_views(model["content"])


working_copies(repository, work)
# The kernels find the course (questions, exercises, output/) here, wherever the copies are.
os.environ.setdefault("S3KURS_ROOT", str(repository))

c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.open_browser = False
c.ServerApp.root_dir = str(work)
c.ContentsManager.pre_save_hook = save_without_live_views
c.LabApp.default_url = "/lab/tree/notebooks"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.LabApp.app_settings_dir = str(here / "lab-settings")
