"""The theory of GANs for 1-D densities, computed: D*, KL, JS and V(G, D) by numerical integration.

Every function takes densities as ``Density`` objects: a vectorised pdf together with an interval that
holds all but a negligible part of its mass. ``gaussian(mu, sigma)`` builds one; ``density(pdf, lo, hi)``
wraps any callable, so a chapter can try a mixture, a uniform or a density of its own.

Numerical care:
* integrals run over the union of both supports, cut at each density's ends and break points (its bulk),
  so that the quadrature never steps over a narrow bump or a jump (``integrate_density``);
* a term p log(...) is 0 where p underflows to 0 (the limit of t log t), never NaN;
* the discriminator enters through its **logit** l(x), with log D = log sigmoid(l) and log(1 - D) = log sigmoid(-l),
  so that D = 1 - 1e-20 does not round to 1 and make log(1 - D) = -inf.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import integrate, optimize, special

__all__ = [
    "LOG2",
    "LOG4",
    "Density",
    "density",
    "gaussian",
    "mixture",
    "optimal_discriminator",
    "optimal_logit",
    "integrate_density",
    "kl_divergence",
    "js_divergence",
    "value_function",
    "value_at_optimum",
    "virtual_training_criterion",
    "central_interval",
    "gaussian_generator_gradients",
]

LOG2 = math.log(2.0)
LOG4 = math.log(4.0)

ArrayFn = Callable[[np.ndarray], np.ndarray]
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(32)  # Gauss-Legendre on [-1, 1]


@dataclass(frozen=True)
class Density:
    """A 1-D probability density: ``pdf`` (vectorised) and ``[lo, hi]``, an interval holding all but a
    negligible part (say < 1e-15) of its mass. ``breaks`` are points where the integrator should split
    (the centre and width of each bump). ``logpdf`` is optional: with it, log-ratios stay finite far in the
    tails where the pdf underflows to 0. ``cdf`` is optional and speeds up ``central_interval``."""

    pdf: ArrayFn
    lo: float
    hi: float
    breaks: tuple[float, ...] = ()
    label: str = ""
    cdf: ArrayFn | None = field(default=None, compare=False)
    logpdf: ArrayFn | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not callable(self.pdf):
            raise ValueError(f"pdf must be a function of x (vectorised), got {type(self.pdf).__name__}")
        for end in ("lo", "hi"):
            v = getattr(self, end)
            if not isinstance(v, (int, float, np.integer, np.floating)) or isinstance(v, (bool, np.bool_)):
                raise ValueError(f"{end} must be a number, an end of the interval holding the density's mass, "
                                 f"got {v!r}")
        if not (math.isfinite(self.lo) and math.isfinite(self.hi) and self.lo < self.hi):
            raise ValueError(f"a density needs a finite interval lo < hi holding its mass, got [{self.lo}, {self.hi}]")

    def __call__(self, x) -> np.ndarray:
        return np.asarray(self.pdf(np.asarray(x, dtype=np.float64)), dtype=np.float64)

    def log(self, x) -> np.ndarray:
        """log p(x): from ``logpdf`` when given, else the log of the pdf (-inf where it underflows)."""
        x = np.asarray(x, dtype=np.float64)
        if self.logpdf is not None:
            return np.asarray(self.logpdf(x), dtype=np.float64)
        with np.errstate(divide="ignore"):
            return np.log(self(x))


def density(pdf: ArrayFn, lo: float, hi: float, label: str = "") -> Density:
    """Wrap any vectorised pdf whose mass lies in [lo, hi] (e.g. ``scipy.stats.uniform(0, 2).pdf``, 0, 2)."""
    if isinstance(pdf, Density):
        return pdf
    if not callable(pdf):
        raise ValueError(f"pdf must be a function of x, got {type(pdf).__name__}")
    lo, hi = _finite(lo, "lo"), _finite(hi, "hi")
    return Density(pdf, lo, hi, breaks=tuple(np.linspace(lo, hi, 9)[1:-1]), label=label)


def _finite(value: object, name: str) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
    if not ok or not math.isfinite(float(value)) or abs(float(value)) > 1e300:
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _density(p: object, name: str) -> Density:
    """``p`` if it is a ``Density``, else a ValueError saying how to make one."""
    if not isinstance(p, Density):
        raise ValueError(f"{name} must be a theory.Density, e.g. theory.gaussian(4, 1.25) or theory.density(pdf, lo, "
                         f"hi), got {type(p).__name__}")
    return p


def _check_gaussian(mu: float, sigma: float) -> tuple[float, float]:
    if isinstance(mu, (bool, np.bool_)) or isinstance(sigma, (bool, np.bool_)):
        raise ValueError(f"mu and sigma must be numbers, not True or False, got mu={mu!r}, sigma={sigma!r}")
    try:
        mu, sigma = float(mu), float(sigma)
    except (TypeError, ValueError):
        raise ValueError(f"mu and sigma must be numbers, got mu={mu!r}, sigma={sigma!r}") from None
    if not math.isfinite(mu):
        raise ValueError(f"mu must be a finite number, got {mu!r}")
    if not (math.isfinite(sigma) and sigma > 0):
        raise ValueError(
            f"sigma must be a finite number > 0, got {sigma!r}: with sigma = 0 all the mass sits at one point "
            "and there is no density to integrate"
        )
    return mu, sigma


def gaussian(mu: float, sigma: float) -> Density:
    """N(mu, sigma^2): pdf, cdf, and the interval mu +- 12 sigma (the mass outside is about 4e-33)."""
    mu, sigma = _check_gaussian(mu, sigma)
    log_norm = math.log(sigma) + 0.5 * math.log(2 * math.pi)

    def logpdf(x: np.ndarray) -> np.ndarray:  # written out: a frozen scipy.stats.norm is 10x slower per call
        return -0.5 * ((x - mu) / sigma) ** 2 - log_norm

    breaks = tuple(mu + k * sigma for k in (-6, -3, -1, 0, 1, 3, 6))
    return Density(
        lambda x: np.exp(logpdf(x)),
        mu - 12 * sigma,
        mu + 12 * sigma,
        breaks,
        f"N({mu:g}, {sigma:g}²)",
        lambda x: special.ndtr((x - mu) / sigma),
        logpdf,
    )


def mixture(p: Density, q: Density, weight: float = 0.5) -> Density:
    """M = weight p + (1 - weight) q; ``mixture(p_data, p_g)`` is the M of the JS divergence."""
    p, q = _density(p, "p"), _density(q, "q")
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight!r}")
    cdf = logpdf = None
    if p.cdf is not None and q.cdf is not None:
        pc, qc = p.cdf, q.cdf
        cdf = lambda x: weight * pc(x) + (1 - weight) * qc(x)  # noqa: E731
    if p.logpdf is not None and q.logpdf is not None:
        with np.errstate(divide="ignore"):
            lw, lv = np.log(weight), np.log1p(-weight)
        logpdf = lambda x: np.logaddexp(lw + p.log(x), lv + q.log(x))  # noqa: E731
    return Density(
        lambda x: weight * p(x) + (1 - weight) * q(x),
        min(p.lo, q.lo),
        max(p.hi, q.hi),
        tuple(sorted({p.lo, *p.breaks, p.hi, q.lo, *q.breaks, q.hi})),  # a component's ends are jumps of M
        f"mixture of {p.label or 'p'} and {q.label or 'q'}",
        cdf,
        logpdf,
    )


# ---------------------------------------------------------------------------------------------- D*


def optimal_logit(p_data: Density, p_g: Density) -> ArrayFn:
    """l*(x) = log p_data(x) - log p_g(x), the logit of D*: D*(x) = sigmoid(l*(x)).

    +-inf where only one density underflows, 0 where both do (no evidence either way).
    """
    p_data, p_g = _density(p_data, "p_data"), _density(p_g, "p_g")

    def logit(x) -> np.ndarray:
        lp, lq = p_data.log(x), p_g.log(x)
        with np.errstate(invalid="ignore"):
            out = lp - lq
        return np.where(np.isneginf(lp) & np.isneginf(lq), 0.0, out)

    return logit


def optimal_discriminator(p_data: Density, p_g: Density) -> ArrayFn:
    """D*(x) = p_data(x) / (p_data(x) + p_g(x)), computed as sigmoid(log p_data - log p_g) so that it stays
    accurate where both densities are tiny; exactly 1/2 where they are equal."""
    logit = optimal_logit(p_data, p_g)
    return lambda x: special.expit(logit(x))


# ---------------------------------------------------------------------------------------------- integrals


def integrate_density(f: ArrayFn, *densities: Density, tol: float = 1e-13) -> float:
    """The integral of a vectorised f over the union of the densities' intervals.

    Composite Gauss-Legendre: the interval is cut at every end and break point of every density, each piece into
    ``n`` panels of 32 nodes; ``n`` doubles until two estimates agree to ``tol`` (absolute and relative).
    One vectorised call of f per estimate, so a whole curve of C(G) takes a fraction of a second.
    """
    if not densities:
        raise ValueError("integrate_density needs at least one density to know where to integrate")
    if not callable(f):
        raise ValueError(f"f must be a function of x (vectorised) to integrate, got {type(f).__name__}")
    densities = tuple(_density(d, "every density") for d in densities)
    lo = min(d.lo for d in densities)
    hi = max(d.hi for d in densities)
    inner = (b for d in densities for b in (d.lo, *d.breaks, d.hi) if lo < b < hi)  # own ends: jumps of a uniform
    cuts = np.array(sorted({lo, hi, *inner}))
    previous = None
    for n in (2, 4, 8, 16, 32, 64, 128):
        # each piece [cuts[i], cuts[i+1]] split into n equal panels: edges [pieces, n + 1]
        edges = cuts[:-1, None] + (cuts[1:] - cuts[:-1])[:, None] * np.linspace(0.0, 1.0, n + 1)[None, :]
        a, b = edges[:, :-1].ravel(), edges[:, 1:].ravel()  # [panels]
        x = 0.5 * (a + b)[:, None] + 0.5 * (b - a)[:, None] * _GL_NODES[None, :]  # [panels, 32]
        fx = np.asarray(f(x.ravel()), dtype=np.float64).reshape(x.shape)
        estimate = float(np.sum(0.5 * (b - a) * (fx @ _GL_WEIGHTS)))
        if previous is not None and (
            not math.isfinite(estimate) or abs(estimate - previous) <= tol * max(1.0, abs(estimate))
        ):
            return estimate
        change, previous = (abs(estimate - previous) if previous is not None else math.inf), estimate
    warnings.warn(
        f"integrate_density did not converge to {tol:g} (the last refinement changed it by {change:.1e}); "
        "give the densities break points where they change quickly, and pass float64 functions",
        RuntimeWarning,
        stacklevel=2,
    )
    return estimate


def _plogr(p: np.ndarray, log_ratio: np.ndarray) -> np.ndarray:
    """p * log_ratio with 0 where p == 0 (t log t -> 0), whatever log_ratio is there."""
    return np.where(p > 0, p * np.where(p > 0, log_ratio, 0.0), 0.0)


def kl_divergence(p: Density, q: Density) -> float:
    """KL(p || q) = integral of p(x) log(p(x) / q(x)) dx; +inf when q vanishes where p has mass."""
    p, q = _density(p, "p"), _density(q, "q")

    def integrand(x: np.ndarray) -> np.ndarray:
        px, lq = p(x), q.log(x)
        if np.any((px > 0) & np.isneginf(lq)):
            return np.full_like(px, np.inf)
        with np.errstate(invalid="ignore"):
            return _plogr(px, p.log(x) - lq)

    return integrate_density(integrand, p, q)


def js_divergence(p: Density, q: Density) -> float:
    """JSD(p || q) = 1/2 KL(p || M) + 1/2 KL(q || M) with M = (p + q) / 2; 0 <= JSD <= log 2."""
    p, q = _density(p, "p"), _density(q, "q")
    m = mixture(p, q)
    return 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m)


def value_function(p_data: Density, p_g: Density, d_logit: ArrayFn) -> float:
    """V(G, D) = E_{x~p_data}[log D(x)] + E_{x~p_g}[log(1 - D(x))] for D(x) = sigmoid(d_logit(x)).

    Computed as the single integral of p_data(x) log D(x) + p_g(x) log(1 - D(x)) dx.
    """
    p_data, p_g = _density(p_data, "p_data"), _density(p_g, "p_g")
    if not callable(d_logit):
        raise ValueError(f"d_logit must be D's logit as a function of x, got {type(d_logit).__name__}")

    def integrand(x: np.ndarray) -> np.ndarray:
        p, q, logit = p_data(x), p_g(x), np.asarray(d_logit(x), dtype=np.float64)
        return _plogr(p, special.log_expit(logit)) + _plogr(q, special.log_expit(-logit))

    return integrate_density(integrand, p_data, p_g)


def value_at_optimum(p_data: Density, p_g: Density) -> float:
    """V(G, D*) by integrating V's definition with the optimal discriminator plugged in."""
    return value_function(p_data, p_g, optimal_logit(p_data, p_g))


def virtual_training_criterion(p_data: Density, p_g: Density) -> float:
    """C(G) = max_D V(G, D) = -log 4 + 2 JSD(p_data || p_g), from the JS divergence (minimum -log 4 at p_g = p_data)."""
    p_data, p_g = _density(p_data, "p_data"), _density(p_g, "p_g")
    return -LOG4 + 2.0 * js_divergence(p_data, p_g)


# ---------------------------------------------------------------------------------------------- helpers


def central_interval(p: Density, mass: float = 0.95) -> tuple[float, float]:
    """The interval between the (1 - mass)/2 and (1 + mass)/2 quantiles of p (from its cdf, else integrated)."""
    p = _density(p, "p")
    if isinstance(mass, bool) or not isinstance(mass, (int, float)) or not 0.0 < mass < 1.0:
        raise ValueError(f"mass must be in (0, 1), got {mass!r}")
    lo_q, hi_q = (1 - mass) / 2, (1 + mass) / 2
    if p.cdf is not None:
        cdf = p.cdf
    else:
        grid = np.linspace(p.lo, p.hi, 20_001)
        cum = integrate.cumulative_trapezoid(p(grid), grid, initial=0.0)
        cum /= cum[-1]
        cdf = lambda x: np.interp(x, grid, cum)  # noqa: E731
    return tuple(optimize.brentq(lambda t, a=a: float(cdf(t)) - a, p.lo, p.hi, xtol=1e-12) for a in (lo_q, hi_q))


def gaussian_generator_gradients(
    data_mu: float, data_sigma: float, mu: float, sigma: float
) -> dict[str, float]:
    """d/dmu of each generator loss for G(z) = mu + sigma z, with D held at D* (the best D for the current G).

    With l*' the x-derivative of D*'s logit, and x = mu + sigma z:
      saturating     L = E[log(1 - D*(x))]  ->  dL/dmu = E_{p_g}[-D*(x) l*'(x)]
      non-saturating L = -E[log D*(x)]      ->  dL/dmu = E_{p_g}[-(1 - D*(x)) l*'(x)]
    By the envelope theorem the first also equals dC/dmu = 2 dJSD/dmu.
    """
    data_mu, data_sigma = _check_gaussian(data_mu, data_sigma)
    mu, sigma = _check_gaussian(mu, sigma)
    p, q = gaussian(data_mu, data_sigma), gaussian(mu, sigma)
    logit = optimal_logit(p, q)

    def dlogit(x: np.ndarray) -> np.ndarray:  # d/dx [log p(x) - log q(x)]
        return -(x - data_mu) / data_sigma**2 + (x - mu) / sigma**2

    def sat(x: np.ndarray) -> np.ndarray:
        return q(x) * -special.expit(logit(x)) * dlogit(x)

    def non_sat(x: np.ndarray) -> np.ndarray:
        return q(x) * -special.expit(-logit(x)) * dlogit(x)

    return {"saturating": integrate_density(sat, q), "non_saturating": integrate_density(non_sat, q)}
