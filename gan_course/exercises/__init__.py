"""Answer checks for the chapters' exercises: a student calls ``exercises.check_...(answer)`` and reads the verdict.

Each check prints a verdict (✓, ✗ with a hint, or "… Not answered yet") and never raises, so an unanswered
exercise (``None``) never stops a notebook; it returns True only for a correct answer, so that tests (and curious
students) can assert on it. One module per chapter, in reading order:

- ``ch01``: What is a GAN? — generative or discriminative, a generator for a new target;
- ``ch02``: the minimax objective — V(D, G) for a coin-flip D, the gradients of G's two losses;
- ``ch03``: the optimal discriminator — where D* = 1/2, D* at the data's mean;
- ``ch04``: the Jensen–Shannon divergence — KL both ways, C(G) for disjoint supports, the best sigma;
- ``ch05``: a GAN for the bell curve — D* for a collapsed G, where to standardise from, a good fit;
- ``ch06``: a discriminator that sees four numbers — same moments but not Gaussian, what the moments guarantee;
- ``ch07``: an MLP GAN on MNIST — how many G updates, a generator reloaded from its checkpoint;
- ``ch08``: an MNIST GAN with tanh outputs — normalised pixels, the first epoch below an FD target;
- ``ch09``: evaluating GANs — the Fréchet distance in 1-D, a collapsed generator's class coverage;
- ``ch10``: mode collapse in 2-D — a quarter-ring generator's scores, how often two samples share a mode;
- ``ch11``: the Wasserstein GAN — W1 and the JSD of a shift, the two gradient penalties of a gentle critic;
- ``ch12``: the DCGAN — the sizes of a transposed convolution, a D whose rows depend on the batch;
- ``ch13``: the conditional GAN — the width of G's input row, rows that ask for one digit;
- ``coding``: the coding exercises (02a, 02b, ... one or two per chapter from 02 on): the student writes a function
  of the GAN; ``check_code`` (visible tests), ``grade`` (hidden tests, nbgrader's points) and ``use`` (the function
  the rest of the chapter runs on) name the typical mistakes in a sentence;
- ``base``: the shared helpers: ``verdict``, ``unanswered``, the readers that never raise (``read_number``,
  ``read_numbers``, ``read_count``, ``read_bool``, ``read_samples``, ``read_module``), ``call_student`` (a seeded,
  guarded call of a function the student passes) and ``never_raises``, the safety net every check wears.

``tests/test_exercise_answers.py`` feeds every exported check None, wrong types, wrong values and the right answer
in every form; a new check needs cases there.
"""

from .base import verdict
from .ch01 import check_generative_or_discriminative, check_matches_target
from .ch02 import check_equal_gradients_point, check_generator_gradients_at_001, check_value_of_coin_flip
from .ch03 import check_d_star_at_data_mean, check_d_star_crossing, check_d_star_crossings_narrow_g
from .ch04 import check_best_sigma, check_c_of_disjoint, check_kl_both_ways
from .ch05 import check_collapsed_d_star, check_fits_gaussian, check_standardise_source
from .ch06 import check_moments_guarantee, check_same_moments_not_gaussian
from .ch07 import check_generator_updates, check_reloaded_generator
from .ch08 import check_first_epoch_below, check_normalised_pixels
from .ch09 import check_collapsed_coverage, check_fd_1d
from .ch10 import check_quarter_ring, check_same_mode_pairs
from .ch11 import check_penalties, check_shift_distances
from .ch12 import check_rows_depend_on_batch, check_transposed_sizes
from .ch13 import check_conditional_row_width, check_rows_for_digit
from .coding import check_code, grade, use

__all__ = [
    "verdict",
    # coding exercises (chapters 02-13)
    "check_code",
    "grade",
    "use",
    # chapter 01
    "check_generative_or_discriminative",
    "check_matches_target",
    # chapter 02
    "check_value_of_coin_flip",
    "check_generator_gradients_at_001",
    "check_equal_gradients_point",
    # chapter 03
    "check_d_star_crossing",
    "check_d_star_at_data_mean",
    "check_d_star_crossings_narrow_g",
    # chapter 04
    "check_kl_both_ways",
    "check_c_of_disjoint",
    "check_best_sigma",
    # chapter 05
    "check_collapsed_d_star",
    "check_standardise_source",
    "check_fits_gaussian",
    # chapter 06
    "check_same_moments_not_gaussian",
    "check_moments_guarantee",
    # chapter 07
    "check_generator_updates",
    "check_reloaded_generator",
    # chapter 08
    "check_normalised_pixels",
    "check_first_epoch_below",
    # chapter 09
    "check_fd_1d",
    "check_collapsed_coverage",
    # chapter 10
    "check_quarter_ring",
    "check_same_mode_pairs",
    # chapter 11
    "check_shift_distances",
    "check_penalties",
    # chapter 12
    "check_transposed_sizes",
    "check_rows_depend_on_batch",
    # chapter 13
    "check_conditional_row_width",
    "check_rows_for_digit",
]
