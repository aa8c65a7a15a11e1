#!/bin/sh
# Install the course into a Python environment, exactly as the Makefile's $(STAMP) recipe does for .venv:
# every package of requirements.lock at its version and SHA-256 hash (pip refuses any other), then the course
# itself with --no-deps, so that nothing is resolved a second time. The single-user image (deploy/image/Dockerfile)
# runs this and nothing else to install; `make deploy-check` runs it into a fresh build/deploy-venv.
#
#   deploy/image/install.sh PREFIX [SOURCE]
#
# PREFIX: the virtual environment to create (or reuse, when PREFIX/bin/python exists);
# SOURCE: the course's folder, holding requirements.lock and pyproject.toml (default: this script's ../..).
# PYTHON: the interpreter that creates the environment (default python3; 3.10 or newer).
set -eu

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
    echo "usage: $0 PREFIX [SOURCE]  (PREFIX: the virtual environment to install into)" >&2
    exit 2
fi
prefix=$1
source_dir=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
python=${PYTHON:-python3}

if [ ! -f "$source_dir/requirements.lock" ] || [ ! -f "$source_dir/pyproject.toml" ]; then
    echo "$0: $source_dir holds no requirements.lock and pyproject.toml: name the course's folder as SOURCE" >&2
    exit 2
fi

test -x "$prefix/bin/python" || "$python" -m venv "$prefix"
"$prefix/bin/python" -m pip install --require-hashes -r "$source_dir/requirements.lock"
"$prefix/bin/python" -m pip install --no-deps --no-build-isolation -e "$source_dir"
