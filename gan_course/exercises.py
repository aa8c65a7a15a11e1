"""Answer checks for the chapters' exercises: a student calls ``check_...(answer)`` and reads the verdict.

Each check prints a verdict instead of raising, so an unanswered exercise (``None``) never stops a
notebook; it returns True for a correct answer so that tests (and curious students) can assert on it.
Chapters append their checks here, grouped under a comment with the chapter number.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["verdict", "check_generative_or_discriminative", "check_matches_target"]


def verdict(ok: bool, success: str, hint: str) -> bool:
    """Print ✓ with ``success`` or ✗ with ``hint``; return ``ok``."""
    print(f"✓ {success}" if ok else f"✗ Not yet. {hint}")
    return ok


def _unanswered(answer, what: str) -> bool:
    if answer is None:
        print(f"… Not answered yet: {what}")
        return True
    return False


# ---------------------------------------------------------------------------------------------- chapter 01

_MODEL_KINDS = {
    "logistic regression": "discriminative",
    "naive bayes": "generative",
    "gan generator": "generative",
    "gan discriminator": "discriminative",
    "gaussian mixture model": "generative",
    "support vector machine": "discriminative",
}


def check_generative_or_discriminative(answer: dict[str, str] | None) -> bool:
    """Exercise 01.1: label each model "generative" (learns p(x) or p(x, y)) or "discriminative" (learns p(y | x))."""
    if _unanswered(answer, f"label each of {sorted(_MODEL_KINDS)} as 'generative' or 'discriminative'"):
        return False
    given = {k.strip().lower(): str(v).strip().lower() for k, v in answer.items()}
    missing = sorted(set(_MODEL_KINDS) - set(given))
    if missing:
        return verdict(False, "", f"label these too: {missing}")
    wrong = sorted(k for k in _MODEL_KINDS if given[k] != _MODEL_KINDS[k])
    return verdict(
        not wrong,
        "all six are right: a generative model can produce new x, a discriminative one only scores a given x.",
        f"{len(wrong)} wrong: {wrong}. Ask of each: could it draw a new x, or only score a given one?",
    )


def check_matches_target(samples_fn: Callable[[int], object] | None, mean: float, std: float) -> bool:
    """Exercise 01.2: a generator whose samples match N(mean, std): |mean error| < 0.25 std, KS < 0.12."""
    from . import metrics

    if _unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer.sample"):
        return False
    x = metrics.to_numpy(samples_fn(10_000))
    ks = metrics.ks_statistic(x, mean, std)
    ok = abs(x.mean() - mean) < 0.25 * std and ks < 0.12
    return verdict(
        ok,
        f"G's samples have mean {x.mean():.2f}, std {x.std():.2f} and KS {ks:.3f} against N({mean:g}, {std:g}).",
        f"G's samples have mean {x.mean():.2f}, std {x.std():.2f}, KS {ks:.3f} against N({mean:g}, {std:g}); "
        "did you change R to the new target, and train long enough?",
    )


# ---------------------------------------------------------------------------------------------- chapter 05

__all__ += ["check_collapsed_d_star", "check_standardise_source", "check_fits_gaussian"]


def check_collapsed_d_star(at_c: float | None, elsewhere: float | None) -> bool:
    """Exercise 05.1: D* = p_data / (p_data + p_g) for a G collapsed onto the point c: 0 at c, 1 elsewhere."""
    if _unanswered(at_c if elsewhere is not None else None, "give D*(c) and D*(x) for x != c, as two numbers"):
        return False
    ok = abs(float(at_c)) < 1e-6 and abs(float(elsewhere) - 1.0) < 1e-6
    return verdict(
        ok,
        "D*(c) = 0 (p_g is infinite there) and D*(x) = 1 elsewhere (p_g = 0): D rejects the point and nothing else, "
        "so a one-sample D pushes G off c but says nothing about where to spread.",
        "a collapsed G has p_g(c) = infinity (a spike) and p_g(x) = 0 for every other x; put that in the formula.",
    )


def check_standardise_source(answer: str | None) -> bool:
    """Exercise 05.2: standardise with statistics measured from data samples ("b")."""
    if _unanswered(answer, 'answer "a", "b" or "c"'):
        return False
    ok = str(answer).strip().lower() == "b"
    return verdict(
        ok,
        "b: a data set gives samples, not its true parameters (a would be cheating and fails on real data); "
        "G's own statistics (c) move during training, so D's yardstick would move with the thing it measures.",
        "which of the three can a practitioner compute before training, and stays fixed while G learns?",
    )


def check_fits_gaussian(samples_fn: Callable[[int], object] | None, mean: float, std: float, bar: float = 0.03) -> bool:
    """Exercise 05.3: 10,000 generator samples fit N(mean, std) with KS <= bar (0.03)."""
    from . import metrics

    if _unanswered(samples_fn, "pass a function n -> n generator samples, e.g. trainer.sample"):
        return False
    x = metrics.to_numpy(samples_fn(10_000))
    ks = metrics.ks_statistic(x, mean, std)
    return verdict(
        ks <= bar,
        f"KS {ks:.3f} <= {bar} against N({mean:g}, {std:g}) (mean {x.mean():.3f}, std {x.std():.3f}).",
        f"KS {ks:.3f} > {bar} against N({mean:g}, {std:g}) (mean {x.mean():.3f}, std {x.std():.3f}); "
        "train on this target, with stop_at=0.03.",
    )


# ---------------------------------------------------------------------------------------------- chapter 06

__all__ += ["check_same_moments_not_gaussian", "check_moments_guarantee"]


def check_same_moments_not_gaussian(samples, mean: float = 4.0, std: float = 1.25) -> bool:
    """Exercise 06.1: >= 1,000 samples with N(mean, std)'s four moments (within 0.05) and KS > 0.1 against it."""
    from . import metrics

    if _unanswered(samples, "give 10,000 numbers (a tensor or an array)"):
        return False
    x = metrics.to_numpy(samples)
    if len(x) < 1000:
        return verdict(False, "", f"give at least 1,000 numbers (got {len(x)}), so that the moments are reliable")
    m = metrics.sample_moments(x)
    errors = {
        "mean": m["mean"] - mean,
        "std": m["std"] - std,
        "skewness": m["skewness"],
        "excess kurtosis": m["excess_kurtosis"],
    }
    off = {k: round(v, 3) for k, v in errors.items() if abs(v) > 0.05}
    ks = metrics.ks_statistic(x, mean, std)
    return verdict(
        not off and ks > 0.1,
        f"same four moments as N({mean:g}, {std:g}), yet KS {ks:.2f}: a moments D could not tell them apart.",
        f"moments off by {off}" if off else f"the moments match but KS is only {ks:.3f}: make the shape more different",
    )


_MOMENT_FACTS = {
    "same variance": True,
    "same median": False,
    "same CDF": False,
    "symmetric": False,
    "same E[x^4]": True,
}


def check_moments_guarantee(answer: dict[str, bool] | None) -> bool:
    """Exercise 06.2: which properties follow from matching mean, std, skewness and excess kurtosis."""
    if _unanswered(answer, f"answer True or False for each of {sorted(_MOMENT_FACTS)}"):
        return False
    given = {str(k).strip(): v for k, v in answer.items()}
    missing = sorted(set(_MOMENT_FACTS) - set(given))
    if missing:
        return verdict(False, "", f"answer these too: {missing}")
    wrong = sorted(k for k, v in _MOMENT_FACTS.items() if bool(given[k]) is not v)
    return verdict(
        not wrong,
        "right: the variance and E[x^4] follow from the four moments; the median, the CDF and symmetry do not "
        "(skewness 0 does not make a distribution symmetric).",
        f"{len(wrong)} wrong: {wrong}. Which quantities can be computed from the four numbers alone?",
    )


# ---- chapter 07/08/09


def check_generator_updates(answer: int | None) -> bool:
    """Exercise 07.1: how many Adam updates of G chapter 07's training makes (epochs x steps per epoch)."""
    from .mnist import CHAPTER_RECIPES

    if _unanswered(answer, "an integer: how many times G's optimizer steps in this chapter"):
        return False
    r = CHAPTER_RECIPES["ch07"]
    return verdict(
        answer == r.steps,
        f"{r.epochs} epochs x (60000 // {r.batch_size} = {r.steps_per_epoch} batches) = {r.steps} updates of G.",
        f"{answer} is not it: one G update per batch; how many full batches of {r.batch_size} fit in 60,000 images, "
        f"and how many epochs are trained?",
    )


def check_reloaded_generator(reloaded, trained) -> bool:
    """Exercise 07.2: a freshly built G with the saved weights loaded makes exactly the trained G's images."""
    import torch

    if _unanswered(reloaded, "build a new G, load the saved state dict into it, and pass it"):
        return False
    if reloaded is trained:
        return verdict(False, "", "that is the trained G itself: build a new one with mnist.build_generator first")
    z = torch.randn(16, trained.net[0].in_features, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        same = reloaded.net[0].in_features == trained.net[0].in_features and torch.equal(reloaded(z), trained(z))
    return verdict(
        same,
        "identical images from identical weights: the state dict is all a generator is.",
        "the images differ: did you load the checkpoint (load_checkpoint(path, {'G': G})) into the new G?",
    )


def check_normalised_pixels(answer: tuple[float, float, float] | None) -> bool:
    """Exercise 08.1: what Normalize(mean=0.5, std=0.5) makes of the pixel values 0, 0.5 and 1."""
    if _unanswered(answer, "three numbers: the normalised values of pixels 0 (black), 0.5 and 1 (white)"):
        return False
    ok = len(answer) == 3 and all(abs(a - b) < 1e-9 for a, b in zip(answer, (-1.0, 0.0, 1.0), strict=False))
    return verdict(
        ok,
        "(x - 0.5) / 0.5 maps [0, 1] onto [-1, 1]: exactly the range of tanh, G's output activation.",
        f"{answer} is not it: apply (x - mean) / std to each value.",
    )


def check_first_epoch_below(answer: int | None, fd_per_epoch: list[float], target: float) -> bool:
    """Exercise 08.2: the first epoch after which a run's Frechet distance fell below ``target``."""
    if _unanswered(answer, "an epoch number (1 = after the first epoch)"):
        return False
    below = [i + 1 for i, fd in enumerate(fd_per_epoch) if fd < target]
    right = below[0] if below else None
    return verdict(
        answer == right,
        f"after epoch {right} the FD was {fd_per_epoch[right - 1]:.0f} < {target:.0f}." if right else "",
        f"{answer} is not it: look for the first value below {target:.0f} in the list (epochs count from 1)."
        if right
        else f"no epoch went below {target:.0f}",
    )


def check_fd_1d(answer: float | None) -> bool:
    """Exercise 09.1: the Frechet distance between N(4, 1.25^2) and N(3, 1^2)."""
    if _unanswered(answer, "a number: (m1 - m2)^2 + (s1 - s2)^2 for 1-D Gaussians"):
        return False
    right = (4 - 3) ** 2 + (1.25 - 1) ** 2
    return verdict(
        abs(answer - right) < 1e-6,
        f"FD = 1^2 + 0.25^2 = {right}: in 1-D the trace term is (s1 - s2)^2, so FD is the squared W2 distance.",
        f"{answer} is not it: in 1-D, Tr(S1 + S2 - 2 sqrt(S1 S2)) = s1^2 + s2^2 - 2 s1 s2.",
    )


def check_collapsed_coverage(classes: int | None, entropy: float | None) -> bool:
    """Exercise 09.2: the class coverage of 10,000 copies of one real digit."""
    if _unanswered(classes, "the number of classes and the entropy that class_coverage reports"):
        return False
    ok = classes == 1 and entropy is not None and abs(entropy) < 1e-9
    return verdict(
        ok,
        "1 class, entropy 0 bits: a perfect-looking but collapsed generator is caught by coverage, not by sharpness.",
        f"({classes}, {entropy}) is not it: every copy gets the same predicted label.",
    )


# ---- chapter 02

__all__ += ["check_value_of_coin_flip", "check_generator_gradients_at_001", "check_equal_gradients_point"]


def _number(answer) -> float | None:
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def check_value_of_coin_flip(answer: float | None) -> bool:
    """Exercise 02.1: V(D, G) for D(x) = 1/2 everywhere is log 1/2 + log 1/2 = -log 4, whatever G is."""
    import math

    if _unanswered(answer, "V(D, G) for a D that says 1/2 everywhere, as a float"):
        return False
    a = _number(answer)
    ok = a is not None and abs(a - (-math.log(4))) < 1e-3
    return verdict(
        ok,
        f"V = log(1/2) + log(1 - 1/2) = -log 4 ≈ {-math.log(4):.4f}; chapter 4 shows no G can push max_D V lower.",
        "both expectations are of a constant: E[log 1/2] + E[log(1 - 1/2)].",
    )


def check_generator_gradients_at_001(answer: tuple[float, float] | None) -> bool:
    """Exercise 02.2: at D(G(z)) = 0.01, dL/dlogit is -0.01 (saturating) and -0.99 (non-saturating)."""
    if _unanswered(answer, "(saturating, non_saturating) gradients with respect to the logit at D(G(z)) = 0.01"):
        return False
    try:
        sat, ns = (float(a) for a in answer)
    except (TypeError, ValueError):
        return verdict(False, "", "give a pair of two numbers: (saturating, non_saturating).")
    ok = abs(sat - (-0.01)) < 1e-4 and abs(ns - (-0.99)) < 1e-4
    hint = "the gradients are -D(G(z)) and -(1 - D(G(z)))."
    if abs(sat - 0.01) < 1e-4 and abs(ns - 0.99) < 1e-4:
        hint = "right sizes, wrong sign: G descends its loss, and both losses fall as the logit rises."
    elif abs(sat + 0.99) < 1e-4 and abs(ns + 0.01) < 1e-4:
        hint = "you swapped them: which loss whispers when D(G(z)) is small?"
    return verdict(ok, "-0.01 and -0.99: the non-saturating loss gives G 99 times the signal here.", hint)


def check_equal_gradients_point(answer: float | None) -> bool:
    """Exercise 02.3: |D| = |1 - D| at D(G(z)) = 1/2."""
    if _unanswered(answer, "the value of D(G(z)) where both gradients have the same size"):
        return False
    a = _number(answer)
    return verdict(
        a is not None and abs(a - 0.5) < 1e-3,
        "at D(G(z)) = 1/2, where D can no longer tell: below it the non-saturating loss is always the stronger.",
        "solve D = 1 - D.",
    )


# ---- chapter 03

__all__ += ["check_d_star_crossing", "check_d_star_at_data_mean", "check_d_star_crossings_narrow_g"]


def check_d_star_crossing(answer: float | None) -> bool:
    """Exercise 03.1: for p_data = N(4, 1.25) and p_g = N(0, 1.25), D* = 1/2 at x = 2 (equal densities)."""
    if _unanswered(answer, "the x where D*(x) = 1/2 for p_g = N(0, 1.25²)"):
        return False
    a = _number(answer)
    return verdict(
        a is not None and abs(a - 2.0) < 1e-2,
        "x = 2: with equal widths the densities cross halfway between the means, and D* = 1/2 exactly there.",
        "D* = 1/2 exactly where p_data(x) = p_g(x); with equal sigmas, where is that?",
    )


def check_d_star_at_data_mean(answer: float | None) -> bool:
    """Exercise 03.2: for p_data = N(4, 1.25), p_g = N(4, 0.5): D*(4) = (1/1.25) / (1/1.25 + 1/0.5) = 2/7."""
    if _unanswered(answer, "D*(4) for p_g = N(4, 0.5²)"):
        return False
    a = _number(answer)
    return verdict(
        a is not None and abs(a - 2 / 7) < 1e-3,
        "D*(4) = 2/7 ≈ 0.2857: at the data's own mean D calls x 'fake', because the narrow p_g is denser there.",
        "at x = 4 both exponentials are 1; what is left of each density is 1 / (sigma sqrt(2 pi)).",
    )


def check_d_star_crossings_narrow_g(answer: tuple[float, float] | None) -> bool:
    """Exercise 03.3: for p_data = N(4, 1.25), p_g = N(4, 0.5): D* = 1/2 at 4 -+ sqrt(log 2.5 / 1.68)."""
    import math

    if _unanswered(answer, "the two x where D*(x) = 1/2 for p_g = N(4, 0.5²), as a pair"):
        return False
    try:
        lo, hi = sorted(float(a) for a in answer)
    except (TypeError, ValueError):
        return verdict(False, "", "give a pair of two numbers.")
    half = math.sqrt(math.log(1.25 / 0.5) / (1 / (2 * 0.5**2) - 1 / (2 * 1.25**2)))
    ok = abs(lo - (4 - half)) < 1e-2 and abs(hi - (4 + half)) < 1e-2
    return verdict(
        ok,
        f"x = 4 ∓ {half:.4f}: inside, the narrow p_g is denser (D* < 1/2); outside, p_data is (D* > 1/2).",
        "set log p_data(x) = log p_g(x): a quadratic in (x - 4) (or find the roots numerically with "
        "scipy.optimize.brentq on theory.optimal_logit).",
    )


# ---- chapter 04

__all__ += ["check_kl_both_ways", "check_c_of_disjoint", "check_best_sigma"]


def check_kl_both_ways(answer: tuple[float, float] | None) -> bool:
    """Exercise 04.1: KL(p_data || p_g) and KL(p_g || p_data) for N(4, 1.25) and N(0, 1): 8.058 and 5.163."""
    from . import theory

    if _unanswered(answer, "(KL(p_data || p_g), KL(p_g || p_data)) for p_g = N(0, 1)"):
        return False
    try:
        a, b = (float(v) for v in answer)
    except (TypeError, ValueError):
        return verdict(False, "", "give a pair of two numbers.")
    p, q = theory.gaussian(4.0, 1.25), theory.gaussian(0.0, 1.0)
    want = (theory.kl_divergence(p, q), theory.kl_divergence(q, p))
    ok = abs(a - want[0]) < 1e-3 and abs(b - want[1]) < 1e-3
    hint = "use theory.kl_divergence(p, q) and theory.kl_divergence(q, p)."
    if abs(a - want[1]) < 1e-3 and abs(b - want[0]) < 1e-3:
        hint = "swapped: KL(p || q) averages log(p / q) over samples of p."
    return verdict(ok, f"{want[0]:.3f} and {want[1]:.3f}: KL is not symmetric, JSD is.", hint)


def check_c_of_disjoint(answer: float | None) -> bool:
    """Exercise 04.2: with disjoint supports JSD = log 2, so C(G) = -log 4 + 2 log 2 = 0."""
    if _unanswered(answer, "C(G) when p_data and p_g do not overlap at all"):
        return False
    a = _number(answer)
    return verdict(
        a is not None and abs(a) < 1e-3,
        "0 = -log 4 + 2 log 2, the same for every disjoint pair: C(G) cannot tell G which way to move.",
        "with no overlap, D* is 1 on the data and 0 on the fakes; what are E[log D*] and E[log(1 - D*)]?",
    )


def check_best_sigma(answer: float | None) -> bool:
    """Exercise 04.3: with mu fixed at 3, the sigma minimising JSD(N(4, 1.25) || N(3, sigma)) (found numerically)."""
    from scipy.optimize import minimize_scalar

    from . import theory

    if _unanswered(answer, "the sigma that minimises C(G) for p_g = N(3, sigma²)"):
        return False
    a = _number(answer)
    p = theory.gaussian(4.0, 1.25)
    best = float(minimize_scalar(lambda s: theory.js_divergence(p, theory.gaussian(3.0, s)), bounds=(0.05, 10.0),
                                 method="bounded", options={"xatol": 1e-6}).x)
    return verdict(
        a is not None and abs(a - best) < 1e-2,
        f"σ ≈ {best:.3f}: with its mean wrong, the best G is wider than the data — it spreads to cover it.",
        "minimise theory.js_divergence(p_data, theory.gaussian(3, s)) over s, e.g. with "
        "scipy.optimize.minimize_scalar(..., bounds=(0.05, 10), method='bounded').",
    )
