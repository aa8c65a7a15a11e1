# The course's commands. Each target installs what is missing first (a virtual environment in .venv).
# Without make, the README gives the same commands in plain form.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
CHAPTERS ?= $(sort $(wildcard chapters/[0-9][0-9]_*.py))
NBVAL_WORKERS ?= 2

.PHONY: help install lab test test-unit test-notebooks lint execute slides slides-execute browser-check clean

help:
	@echo "make lab        install what is missing, open the course in JupyterLab"
	@echo "make test       install what is missing, run every test (unit tests, pair check, notebooks)"
	@echo "make execute    re-execute chapters (CHAPTERS=chapters/01_what_is_a_gan.py for one) and store outputs"
	@echo "make lint       ruff on gan_course/, tests/ and chapters/"
	@echo "make slides     every chapter as an offline deck, build/slides/NN_name.slides.html (needs npm)"
	@echo "make slides-execute   re-execute the chapters, then make the decks"
	@echo "make browser-check    decks and the dashboard in headless chromium (installs chromium, npm assets, Playwright)"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -e ".[lab,test,lint]"
	touch $(STAMP)

install: $(STAMP)

# Served from the repository's top folder; --allow-root only when run as root (containers, CI machines).
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist loadscope --nbval-lax --nbval-current-env tests chapters

test-unit: $(STAMP)
	$(BIN)/python -m pytest tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist loadscope --nbval-lax --nbval-current-env chapters

lint: $(STAMP)
	$(BIN)/ruff check gan_course tests chapters benchmarks browser_checks

# Regenerate each .ipynb from its text source, run it top to bottom, store the outputs in the .ipynb.
execute: $(STAMP)
	$(BIN)/python -m gan_course.chapters execute $(CHAPTERS)

# Slides from the stored outputs; reveal.js, require.js, jQuery and MathJax 2 come from npm (package-lock.json).
slides: $(STAMP)
	$(BIN)/python -m gan_course.slides

slides-execute: $(STAMP)
	$(BIN)/python -m gan_course.chapters execute $(CHAPTERS)
	$(BIN)/python -m gan_course.slides

# The decks and the JupyterLab dashboard checked in Debian's chromium, headless; installs what is missing.
SUDO ?= $(if $(filter 0,$(shell id -u)),,sudo)
browser-check: $(STAMP)
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y npm; }
	$(BIN)/python -c "import playwright" 2>/dev/null || $(BIN)/python -m pip install -e ".[browser]"
	$(BIN)/python -m pytest -v browser_checks

clean:
	rm -rf build .pytest_cache
