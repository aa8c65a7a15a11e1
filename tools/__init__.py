"""Course tooling, run from the repository's top folder (never imported by ``gan_course``):

- ``python -m tools.chapters execute|check``: regenerate and run chapters, check notebook pairs;
- ``python -m tools.slides``: every chapter as an offline reveal.js deck;
- ``python -m tools.hub``: the course's JupyterHub with nbgrader on this machine, demo accounts (``make hub``);
- ``python tools/lockfile.py cpu requirements.lock``: the lock without the CUDA packages (``make install-cpu``).
"""
