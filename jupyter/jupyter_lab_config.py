# JupyterLab for the course's quizzes and workshop exercises: reachable from this computer only,
# and nothing is fetched from the internet (no news, no update checks, no extension search).
# Used by `make lab` and by the JupyterLab browser test: jupyter lab --config=jupyter/jupyter_lab_config.py
from pathlib import Path

here = Path(__file__).resolve().parent
c = get_config()  # noqa: F821 (provided by Jupyter when it reads this file)
c.ServerApp.ip = "127.0.0.1"
c.ServerApp.open_browser = False
c.ServerApp.root_dir = str(here.parent)
c.LabApp.default_url = "/lab/tree/notebooks"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.LabApp.extension_manager = "readonly"
c.LabApp.app_settings_dir = str(here / "lab-settings")
