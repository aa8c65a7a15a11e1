"""``python -m gan_course.mnist sample ...``: the MNIST package's commands (see ``gan_course.mnist.sample``)."""

import sys

from .sample import main

__all__ = ["USAGE"]

USAGE = "usage: python -m gan_course.mnist sample --generator NAME -n N --out FILE.npz [--seed S] [--digit D]"

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "sample":
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[2:]))
