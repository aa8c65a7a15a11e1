# The course's commands. Each target installs what is missing first (a virtual environment in .venv).
# Without make, the README gives the same commands in plain form.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
CHAPTERS ?= $(sort $(wildcard chapters/[0-9][0-9]_*.py))
NBVAL_WORKERS ?= 2

.PHONY: help install install-cpu lock lab test test-unit test-slow test-notebooks test-seeds lint execute slides \
	slides-execute slides-pdf browser-check browser-tools assignments student-copy grade test-assignments clean \
	hub hub-check deploy-check

help:
	@echo "make lab        install what is missing, open the course in JupyterLab"
	@echo "make test       install what is missing, run every test (numbers audit, unit tests, pair check, notebooks)"
	@echo "make test-unit  the unit tests without the slow ones (tests marked slow: training outcomes, child processes)"
	@echo "make test-slow  the slow unit tests alone"
	@echo "make test-seeds re-run chapters 05-08 under two other random seeds (TEST_SEEDS=\"7 8\"): their claims must hold"
	@echo "make lock       regenerate requirements.lock from pyproject.toml and constraints.txt (needs uv: make install)"
	@echo "make install-cpu   like make install, with PyTorch's CPU-only wheels (Linux laptops without a GPU)"
	@echo "make execute    re-execute chapters (CHAPTERS=chapters/01_what_is_a_gan.py for one) and store outputs"
	@echo "make lint       ruff on gan_course/, tests/ and chapters/"
	@echo "make slides     every chapter as an offline deck, build/slides/NN_name.slides.html (needs npm)"
	@echo "make slides-execute   re-execute the chapters, then make the decks"
	@echo "make slides-pdf       every deck as a PDF handout, build/slides/pdf/NN_name.pdf (installs chromium, Playwright)"
	@echo "make browser-check    decks and the dashboard in headless chromium (installs chromium, npm assets, Playwright)"
	@echo "make assignments      the chapters as nbgrader assignments: build/nbgrader (source, student release, gradebook)"
	@echo "make test-assignments each chapter's blank student release autograded: runs to the end, scores 0"
	@echo "make student-copy      your own copies of the chapters without solutions, in my_work/ (never overwritten)"
	@echo "make grade NOTEBOOK=path/NN_name.ipynb   autograde your filled-in chapter as nbgrader would, with feedback"
	@echo "make hub       a whole class on this machine: JupyterHub with nbgrader, demo accounts (HUB_PORT=8000)"
	@echo "make hub-check the class in headless chromium: release, fetch, submit, collect, autograde, feedback"
	@echo "make deploy-check     the single-user image's install step (deploy/image/install.sh) into a fresh build/deploy-venv"

# Every package at the version and hash in requirements.lock, then the course itself without resolving again.
$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

# The CPU-only route: torch and torchvision at the lock's versions from PyTorch's CPU index (not hash-checked:
# that index is not PyPI), then the rest of the lock, hashes and all, without the CUDA libraries.
CPU_INDEX ?= https://download.pytorch.org/whl/cpu
lock_version = $(shell sed -n 's/^$(1)==\([^ ;\\]*\).*/\1/p' requirements.lock)
install-cpu:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --index-url $(CPU_INDEX) \
		torch==$(call lock_version,torch) torchvision==$(call lock_version,torchvision)
	mkdir -p build
	$(PYTHON) tools/lockfile.py cpu requirements.lock > build/requirements-cpu.lock
	$(BIN)/python -m pip install --require-hashes -r build/requirements-cpu.lock
	$(BIN)/python -m pip install --no-deps --no-build-isolation -e .
	touch $(STAMP)

# One command regenerates the lock: every extra, every platform (markers), Python 3.10 and newer, with hashes.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --all-extras --universal --python-version 3.10 --generate-hashes \
		-c constraints.txt --custom-compile-command "make lock" -o requirements.lock --quiet

# Served from the repository's top folder; --allow-root only when run as root (containers, CI machines).
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS)

# The numbers audit first (seconds): every measured-looking number of the prose is shown by its notebook.
test: $(STAMP)
	$(BIN)/python -m tools.chapters audit
	$(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist loadscope --nbval-lax --nbval-current-env -m "not release" \
		tests chapters

# The unit tests without those marked slow (a training outcome, a child process, more than about a second each;
# pyproject.toml's markers); test-slow runs those alone. `make test` runs both.
test-unit: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not release" -n $(NBVAL_WORKERS) tests

test-slow: $(STAMP)
	$(BIN)/python -m pytest -m "slow and not release" -n $(NBVAL_WORKERS) tests

test-notebooks: $(STAMP)
	$(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist loadscope --nbval-lax --nbval-current-env chapters

# The training chapters under other random seeds (runtime.chapter_seed reads GAN_COURSE_SEED): their checks
# test claims with bands, so they must pass for seeds they were not written on. Not part of `make test`.
TEST_SEEDS ?= 7 8
SEED_CHAPTERS ?= $(sort $(wildcard chapters/0[5-8]_*.ipynb))
test-seeds: $(STAMP)
	set -e; for seed in $(TEST_SEEDS); do \
		echo "== chapters 05-08 with GAN_COURSE_SEED=$$seed"; \
		GAN_COURSE_SEED=$$seed $(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist loadscope --nbval-lax \
			--nbval-current-env $(SEED_CHAPTERS); \
	done

lint: $(STAMP)
	$(BIN)/ruff check gan_course tests chapters benchmarks browser_checks tools

# Regenerate each .ipynb from its text source, run it top to bottom, store the outputs in the .ipynb.
execute: $(STAMP)
	$(BIN)/python -m tools.chapters execute $(CHAPTERS)

# Slides from the stored outputs; reveal.js, require.js, jQuery and MathJax 2 come from npm (package-lock.json).
slides: $(STAMP)
	$(BIN)/python -m tools.slides

slides-execute: $(STAMP)
	$(BIN)/python -m tools.chapters execute $(CHAPTERS)
	$(BIN)/python -m tools.slides

# Debian's chromium, npm (for the decks' assets) and Playwright, each installed when missing.
SUDO ?= $(if $(filter 0,$(shell id -u)),,sudo)
browser-tools: $(STAMP)
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }
	command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y npm; }
	$(BIN)/python -c "import playwright" 2>/dev/null || $(BIN)/python -m pip install -e ".[browser]"

# The decks printed to PDF by headless chromium, one page per slide.
slides-pdf: browser-tools
	$(BIN)/python -m tools.slides_pdf

# The decks and the JupyterLab dashboard checked in Debian's chromium, headless.
browser-check: browser-tools
	$(BIN)/python -m pytest -v browser_checks

# The chapters with coding exercises as nbgrader assignments (tools/assignments.py): build/nbgrader/source holds
# them with solutions and hidden tests, build/nbgrader/release the student version (CHAPTERS_NN="02 05" for some).
CHAPTERS_NN ?=
assignments: $(STAMP)
	$(BIN)/python -m tools.assignments build $(CHAPTERS_NN)

# Each chapter's student release, left blank, autograded by nbgrader: it runs top to bottom and scores 0 on every
# coding exercise (tests/test_assignments.py, marked release; minutes per chapter, so not part of `make test`).
test-assignments: $(STAMP)
	$(BIN)/python -m pytest -n $(NBVAL_WORKERS) --dist load -m release tests/test_assignments.py

# A student's own copies of the release (solutions taken out) in my_work/: a copy already there is never overwritten,
# so `make assignments` or `make clean` cannot touch a student's work.
student-copy: assignments
	mkdir -p my_work
	for f in build/nbgrader/release/*/*.ipynb; do cp -n "$$f" my_work/; done
	@echo "your copies are in my_work/: open them in JupyterLab (make lab); grade one with make grade NOTEBOOK=my_work/NN_name.ipynb"

# One student's filled-in chapter, autograded as the class's would be (STUDENT=name, default "me").
STUDENT ?= me
grade: $(STAMP)
	@test -n "$(NOTEBOOK)" || { echo "give the notebook: make grade NOTEBOOK=my_work/02_minimax_objective.ipynb"; exit 2; }
	$(BIN)/python -m tools.assignments grade "$(NOTEBOOK)" --student "$(STUDENT)"

clean:
	rm -rf build .pytest_cache

# A whole class on one machine (tools/hub.py, deploy/hub/jupyterhub_config.py): JupyterHub on 127.0.0.1:$(HUB_PORT)
# with the demo accounts instructor, student1, student2 (password HUB_PASSWORD, default gan-course-demo), nbgrader's
# exchange in build/hub/exchange and the instructor's course copied from build/nbgrader (made once if missing).
HUB_PORT ?= 8000
hub: $(STAMP)
	test -d build/nbgrader/source || $(MAKE) assignments
	HUB_PORT=$(HUB_PORT) $(BIN)/python -m tools.hub

# The class in headless chromium (browser_checks/test_hub.py), on a free port with its own temporary state.
# It builds chapter 02's assignment in build/nbgrader first if it is missing.
hub-check: browser-tools
	$(BIN)/python -m pytest -v -s browser_checks/test_hub.py

# Beyond one machine (deploy/README.md): the single-user image's only install step, deploy/image/install.sh (the
# $(STAMP) recipe: the lock with hashes, then the course with --no-deps), run into a fresh virtual environment,
# then what a Zero to JupyterHub user pod needs imported from it: the course, nbgrader, jupyterhub-singleuser;
# the environment is removed afterwards.
DEPLOY_VENV ?= build/deploy-venv
deploy-check:
	rm -rf $(DEPLOY_VENV)
	PYTHON=$(PYTHON) deploy/image/install.sh $(DEPLOY_VENV) .
	$(DEPLOY_VENV)/bin/python -I -c "import sys, gan_course, nbgrader, jupyterhub; \
		from jupyterhub.singleuser import main; from importlib.metadata import version as v; \
		print(f'deploy-check: python {sys.version.split()[0]}, gan_course {v(\"gan_course\")}, torch {v(\"torch\")},', \
		f'nbgrader {v(\"nbgrader\")}, jupyterhub {v(\"jupyterhub\")} (jupyterhub.singleuser:main importable)')"
	test -x $(DEPLOY_VENV)/bin/jupyterhub-singleuser
	rm -rf $(DEPLOY_VENV)  # about 6 GB with the CUDA build of torch
