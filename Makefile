# s3kurs: `make book` builds the course site, `make test` runs every test, `make check` the fast ones.
# Both set up .venv first (Python 3.11+), with the versions locked in constraints.txt, and
# node_modules/ (Node.js and npm) from package-lock.json.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BUILD_FLAGS := -W -n --keep-going

.PHONY: setup validate granska book handouts scorm scorm2004 lint check test lab site-zip bench lock clean

$(STAMP): pyproject.toml constraints.txt package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

setup: $(STAMP)

validate: setup
	$(BIN)/s3kurs validate

# Item-writing rules (README: "Granska frågorna"); bank- and module-level findings fail.
granska: setup
	$(BIN)/s3kurs granska

book: validate
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo ""
	@echo "Kurssidan är byggd. Öppna: file://$(CURDIR)/_build/html/index.html"

# A PDF handout and an answer key per module, printed by Chromium from the built site.
handouts: book
	$(BIN)/s3kurs handouts --output _build/utskrifter
	@echo ""
	@echo "Utdelningar och facit finns i $(CURDIR)/_build/utskrifter (modul-N-utdelning.pdf, modul-N-facit.pdf)."

# The whole course as a SCORM package for an organisation's LMS (README: "Kursen i en lärplattform").
scorm: book
	$(BIN)/s3kurs export --format scorm12 --output _build/s3kurs-scorm12.zip
	@echo "Lägg in _build/s3kurs-scorm12.zip som en SCORM-aktivitet i lärplattformen."

scorm2004: book
	$(BIN)/s3kurs export --format scorm2004 --output _build/s3kurs-scorm2004.zip

# Lint with the rule set stated in pyproject.toml ([tool.ruff.lint]).
lint: setup
	$(BIN)/ruff check s3kurs tests bench

# The inner loop: validation, lint and the tests that need no browser, no built book and no
# Jupyter kernel, spread over the machine's cores (pytest-xdist).
check: validate lint
	$(BIN)/python -m pytest -q -n auto -m "not browser and not build and not kernel"

# Every test, as CI runs it (.ci/run), after lint.
test: lint
	$(BIN)/python -m pytest

# JupyterLab on this computer only, with news, update checks and the extension manager off,
# serving working copies of notebooks/ and book/ in _build/lab/ so that nothing JupyterLab saves
# lands in the repository (settings in jupyter/jupyter_lab_config.py).
lab: setup
	$(BIN)/jupyter lab --config=jupyter/jupyter_lab_config.py --port=8888 $(if $(filter 0,$(shell id -u)),--allow-root)

# The site as one zip file that works unzipped, opened from the file system.
site-zip: book
	rm -f _build/s3kurs-webbplats.zip
	$(BIN)/python -c "import shutil; shutil.make_archive('_build/s3kurs-webbplats', 'zip', '_build/html')"
	@echo "Zip-filen finns i _build/s3kurs-webbplats.zip. Packa upp den och öppna index.html."

# The figures of issue 14 §7 next to their targets and the figures before (see bench/README.md).
bench: setup
	$(BIN)/python bench/measure.py

# Refresh the lock after changing dependencies in pyproject.toml.
# pip freeze keeps what the .venv has. By hand: jsonschema stays at 4.24.1 – from 4.25, the format
# extra JupyterLab asks for imports rfc3987-syntax, which compiles 38 grammars on import: about
# 3 s of every `make book` (bench/README.md).
lock: setup
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf _build
