import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats

from gan_course import theory as T

few = settings(max_examples=20, deadline=None)  # each example integrates a few times: keep the file to seconds

means = st.floats(-20.0, 20.0, allow_nan=False)
stds = st.floats(0.05, 5.0, allow_nan=False)
gaussians = st.builds(T.gaussian, means, stds)


def _normal_kl(m1, s1, m2, s2):
    return math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


# ---------------------------------------------------------------------------------------------- JSD properties


@few
@given(gaussians, gaussians)
def test_jsd_is_symmetric(p, q):
    assert T.js_divergence(p, q) == pytest.approx(T.js_divergence(q, p), abs=1e-12)


@few
@given(gaussians, gaussians)
def test_jsd_lies_between_zero_and_log2(p, q):
    jsd = T.js_divergence(p, q)
    assert -1e-12 <= jsd <= T.LOG2 + 1e-12


@few
@given(gaussians)
def test_jsd_of_a_density_with_itself_is_zero(p):
    assert T.js_divergence(p, p) == pytest.approx(0.0, abs=1e-12)


@few
@given(gaussians, gaussians)
def test_value_at_optimum_is_minus_log4_plus_two_jsd(p, q):
    # V(G, D*) integrates V's definition with D* = p / (p + q); the right side comes from two KLs to the mixture
    assert T.value_at_optimum(p, q) == pytest.approx(-T.LOG4 + 2 * T.js_divergence(p, q), abs=1e-9)


def test_far_apart_gaussians_have_jsd_log2_and_disjoint_supports_too():
    assert T.js_divergence(T.gaussian(4, 1.25), T.gaussian(-40, 0.5)) == pytest.approx(T.LOG2, abs=1e-12)
    u1, u2 = T.density(stats.uniform(0, 1).pdf, 0, 1), T.density(stats.uniform(2, 1).pdf, 2, 3)
    assert T.js_divergence(u1, u2) == pytest.approx(T.LOG2, abs=1e-9)


# ---------------------------------------------------------------------------------------------- D* properties


@few
@given(gaussians, gaussians, st.floats(0.0, 1.0))
def test_d_star_lies_strictly_between_zero_and_one_where_both_densities_live(p, q, u):
    # a point inside the central 99.99 % of the mixture, away from where float64 rounds D* to 0 or 1
    lo, hi = T.central_interval(T.mixture(p, q), 0.9999)
    x = np.array([lo + u * (hi - lo)])
    logit = T.optimal_logit(p, q)(x)
    d = T.optimal_discriminator(p, q)(x)
    if abs(logit[0]) < 30:  # beyond that, D* is within 1e-13 of 0 or 1 and float64 may round it there
        assert 0.0 < d[0] < 1.0
    assert logit[0] == pytest.approx(p.log(x)[0] - q.log(x)[0], rel=1e-12)
    px, qx = p(x)[0], q(x)[0]
    # The direct ratio is a fair reference only while both pdfs are normal floats: between two narrow far-apart
    # bumps one pdf can be subnormal (below 2.2e-308, with fewer significant digits; e.g. N(0, 0.22) and
    # N(13, 0.25) at x = 8.4, p = 9.7e-321: D* from the logit 1.85472e-247, the ratio 1.85464e-247) or underflow.
    if px > 1e-290 and qx > 1e-290:
        assert d[0] == pytest.approx(px / (px + qx), rel=1e-9, abs=1e-300)


@few
@given(st.floats(0.01, 20.0), stds, st.floats(-30.0, 30.0))
def test_d_star_is_one_half_exactly_where_the_densities_are_equal(a, s, x):
    # N(-a, s) and N(a, s) have equal densities at x = 0 (and nowhere else); N(m, s) vs itself everywhere
    p, q = T.gaussian(-a, s), T.gaussian(a, s)
    assert T.optimal_discriminator(p, q)(np.array([0.0]))[0] == 0.5
    assert T.optimal_discriminator(p, p)(np.array([x]))[0] == 0.5
    if abs(x) > 1e-6:  # away from the crossing (closer, float64 may round D* = 1/2 + O(x) to 1/2)
        assert T.optimal_discriminator(p, q)(np.array([x]))[0] != 0.5


def test_d_star_is_larger_where_data_is_more_likely():
    p, q = T.gaussian(4, 1.25), T.gaussian(0, 1)
    d = T.optimal_discriminator(p, q)(np.array([-3.0, 2.0, 8.0]))
    assert d[0] < 0.5 < d[2] and np.all(np.diff(d) > 0)


# ---------------------------------------------------------------------------------------------- integrals


@pytest.mark.parametrize("m1,s1,m2,s2", [(4, 1.25, 0, 1), (4, 1.25, 4, 3), (4, 1.25, -10, 0.3), (0, 0.05, 3, 4)])
def test_kl_matches_the_closed_form_for_gaussians(m1, s1, m2, s2):
    kl = T.kl_divergence(T.gaussian(m1, s1), T.gaussian(m2, s2))
    assert kl == pytest.approx(_normal_kl(m1, s1, m2, s2), rel=1e-10)


def test_integrator_agrees_with_scipy_quad():
    p, q = T.gaussian(4, 1.25), T.gaussian(1, 0.4)
    m = T.mixture(p, q)
    f = lambda x: p(x) * np.log(p(x) / m(x))  # noqa: E731
    ref, _ = integrate.quad(lambda t: float(f(np.array([t]))[0]), -11, 19, points=[1, 4], epsabs=1e-13, limit=200)
    assert T.integrate_density(f, p, q) == pytest.approx(ref, abs=1e-11)


def test_value_function_of_the_coin_flip_discriminator_is_minus_log4():
    p, q = T.gaussian(4, 1.25), T.gaussian(-2, 0.7)
    assert T.value_function(p, q, lambda x: np.zeros_like(x)) == pytest.approx(-T.LOG4, abs=1e-12)
    # D* is the best D: any other logit gives a smaller V
    assert T.value_function(p, q, lambda x: 0.5 * (x - 1.0)) < T.value_at_optimum(p, q)


def test_kl_is_infinite_when_q_misses_mass_of_p():
    u1, u2 = T.density(stats.uniform(0, 2).pdf, 0, 2), T.density(stats.uniform(0, 1).pdf, 0, 1)
    assert T.kl_divergence(u1, u2) == math.inf
    assert T.kl_divergence(u2, u1) == pytest.approx(math.log(2), abs=1e-6)


def test_central_interval_of_a_gaussian_and_of_a_plain_callable():
    lo, hi = T.central_interval(T.gaussian(4, 1.25), 0.95)
    assert (lo, hi) == pytest.approx((4 - 1.959964 * 1.25, 4 + 1.959964 * 1.25), abs=1e-5)
    lo2, hi2 = T.central_interval(T.density(stats.norm(4, 1.25).pdf, -11, 19), 0.95)
    assert (lo2, hi2) == pytest.approx((lo, hi), abs=1e-3)


def test_generator_gradients_vanish_for_saturating_and_not_for_non_saturating_far_away():
    near = T.gaussian_generator_gradients(4, 1.25, 3.0, 1.25)
    far = T.gaussian_generator_gradients(4, 1.25, -20.0, 1.25)
    assert abs(far["saturating"]) < 1e-20 < 1 < abs(far["non_saturating"])
    assert abs(near["saturating"]) > 0.01
    # envelope theorem: the saturating gradient with D* frozen equals dC/dmu = 2 dJSD/dmu
    h = 1e-4
    p = T.gaussian(4, 1.25)
    d_jsd = (T.js_divergence(p, T.gaussian(3 + h, 1.25)) - T.js_divergence(p, T.gaussian(3 - h, 1.25))) / (2 * h)
    assert near["saturating"] == pytest.approx(2 * d_jsd, rel=1e-5)


@pytest.mark.parametrize("mu,sigma", [(0, 0), (0, -1), (float("nan"), 1), (0, float("inf")), ("a", 1)])
def test_bad_gaussian_parameters_say_what_is_wrong(mu, sigma):
    with pytest.raises(ValueError, match="mu|sigma"):
        T.gaussian(mu, sigma)


def test_density_needs_a_finite_interval():
    with pytest.raises(ValueError, match="interval"):
        T.density(stats.norm.pdf, 1, -1)
    with pytest.raises(ValueError, match="function"):
        T.density(3.0, 0, 1)


@pytest.mark.parametrize(
    "q",
    [
        T.density(stats.uniform(2, 4).pdf, 2, 6, "uniform on [2, 6]"),  # jumps inside p_data's bulk
        T.density(stats.laplace(3, 1).pdf, -40, 46, "Laplace(3, 1)"),  # a kink, no logpdf
        T.mixture(T.gaussian(2, 0.5), T.gaussian(6, 0.5)),  # bimodal
    ],
    ids=lambda q: q.label,
)
def test_identity_holds_for_densities_that_are_not_gaussian(q):
    p = T.gaussian(4, 1.25)
    assert T.value_at_optimum(p, q) == pytest.approx(-T.LOG4 + 2 * T.js_divergence(p, q), abs=1e-9)
    assert 0 < T.js_divergence(p, q) < T.LOG2


def test_integration_that_does_not_converge_warns():
    u = T.density(stats.uniform(0, 1).pdf, 0, 1)
    with pytest.warns(RuntimeWarning, match="break points"):
        value = T.integrate_density(lambda x: (x > 0.3).astype(float), u)  # a jump the integrator was not told of
    assert value == pytest.approx(0.7, abs=1e-3)
