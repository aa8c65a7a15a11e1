"""Coding exercises: the student writes a function of the GAN, graded by nbgrader, with feedback that teaches.

Each chapter from 02 on has one or two (``EXERCISES``, keyed "02a", "02b", ...). In the chapter, three cells:
the solution cell (``def name(...):`` with nbgrader's solution region), the grade cell (``check_code``, the
visible tests, then ``grade`` between nbgrader's hidden-test markers) and a cell that goes on with ``use``. See
``base`` for how a function is judged and how a mistake is named.
"""

# isort: off
from . import ch02  # noqa: F401 -- registers the exercises (one line per chapter, in reading order)
from . import ch03  # noqa: F401
from . import ch04  # noqa: F401
from . import ch05  # noqa: F401
from . import ch06  # noqa: F401
from . import ch07  # noqa: F401
from . import ch08  # noqa: F401
from . import ch09  # noqa: F401
from . import ch10  # noqa: F401
from . import ch11  # noqa: F401
from . import ch12  # noqa: F401
from . import ch13  # noqa: F401
# isort: on
from .base import EXERCISES, CodeExercise, Mistake, assess, from_body
from .cells import HIDDEN_SEEDS, check_code, grade, keys, use

__all__ = ["EXERCISES", "CodeExercise", "Mistake", "assess", "from_body", "check_code", "grade", "use", "keys",
           "HIDDEN_SEEDS"]
