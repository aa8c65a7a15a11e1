"""The theory chapters' sliders, driven as a student would: set ``.value`` (fires the observers), read the result."""

import numpy as np
import pytest

from gan_course import theory
from gan_course.widgets.theory import JSDivergenceExplorer, OptimalDiscriminatorExplorer


@pytest.fixture(scope="module")
def d_star_explorer():
    return OptimalDiscriminatorExplorer(mu=0.0, sigma=1.0)


@pytest.fixture(scope="module")
def jsd_explorer():
    return JSDivergenceExplorer(mu=0.0, sigma=1.0)


def _expected_d_star(e):
    p = theory.gaussian(e.data_mean.value, e.data_std.value)
    q = theory.gaussian(e.mu.value, e.sigma.value)
    return theory.optimal_discriminator(p, q)(e.curves["x"])


def test_d_star_explorer_starts_with_a_figure(d_star_explorer):
    e = d_star_explorer
    assert e.image.value[:4] == b"\x89PNG" and e.message.value == ""
    np.testing.assert_allclose(e.curves["d_star"], _expected_d_star(e))


@pytest.mark.parametrize("name,value", [("mu", 3.0), ("sigma", 2.5), ("data_mean", 1.0), ("data_std", 0.5)])
def test_every_control_recomputes_d_star(d_star_explorer, name, value):
    e = d_star_explorer
    before, redraws = e.curves["d_star"].copy(), e.redraws
    getattr(e, name).value = value
    assert e.redraws == redraws + 1 and e.message.value == ""
    np.testing.assert_allclose(e.curves["d_star"], _expected_d_star(e))
    assert not np.array_equal(before, e.curves["d_star"])


def test_equal_densities_give_d_star_one_half_everywhere():
    e = OptimalDiscriminatorExplorer(mu=4.0, sigma=1.25)
    assert np.all(e.curves["d_star"] == 0.5)
    assert e.numbers["V(G, D*)"] == pytest.approx(-theory.LOG4, abs=1e-12)


@pytest.mark.parametrize("name,value,words", [("sigma", 0.0, "σ = 0"), ("data_std", -1.0, "std"),
                                              ("data_std", 0.0, "std"), ("data_mean", 1e9, "mean")])
def test_bad_values_give_a_message_and_keep_the_last_figure(d_star_explorer, name, value, words):
    e = d_star_explorer
    good, image, redraws = e.curves["d_star"].copy(), e.image.value, e.redraws
    getattr(e, name).value = value  # no exception escapes into the notebook
    assert words in e.message.value
    assert e.redraws == redraws and e.image.value == image
    np.testing.assert_array_equal(e.curves["d_star"], good)
    getattr(e, name).value = {"sigma": 1.0, "data_std": 1.25, "data_mean": 4.0}[name]  # a good value clears it
    assert e.message.value == "" and e.redraws == redraws + 1
    np.testing.assert_allclose(e.curves["d_star"], _expected_d_star(e))


def test_jsd_explorer_numbers_agree_and_follow_the_sliders(jsd_explorer):
    e = jsd_explorer
    for name, value in (("mu", 2.0), ("sigma", 0.7), ("data_mean", 3.0), ("data_std", 2.0)):
        redraws = e.redraws
        getattr(e, name).value = value
        assert e.redraws == redraws + 1 and e.message.value == ""
        p = theory.gaussian(e.data_mean.value, e.data_std.value)
        q = theory.gaussian(e.mu.value, e.sigma.value)
        n = e.numbers
        assert n["JSD"] == pytest.approx(theory.js_divergence(p, q), abs=1e-12)
        assert n["V(G, D*)"] == pytest.approx(n["-log 4 + 2 JSD"], abs=1e-9)
        # the current p_g sits on both C(G) curves
        assert np.interp(e.mu.value, e.curves["mus"], e.curves["C_over_mu"]) == pytest.approx(
            n["-log 4 + 2 JSD"], abs=0.05)
    assert "difference" in e.readout.value


def test_c_of_g_over_mu_is_lowest_at_the_data_mean():
    e = JSDivergenceExplorer(mu=0.0, sigma=1.25)
    i = int(np.argmin(e.curves["C_over_mu"]))
    assert e.curves["mus"][i] == pytest.approx(4.0, abs=0.2)
    assert e.curves["C_over_mu"][i] == pytest.approx(-theory.LOG4, abs=1e-3)
    assert e.curves["C_over_mu"].max() < 1e-6  # C(G) <= -log 4 + 2 log 2 = 0


def test_jsd_explorer_bad_sigma_gives_a_message(jsd_explorer):
    jsd_explorer.sigma.value = 0.0
    assert "σ = 0" in jsd_explorer.message.value
    jsd_explorer.sigma.value = 1.0
    assert jsd_explorer.message.value == ""


@pytest.mark.parametrize("explorer", ["d_star_explorer", "jsd_explorer"])
def test_a_slider_move_reuses_the_figure_and_moves_its_lines(request, explorer):
    e = request.getfixturevalue(explorer)
    fig = e.figure()
    e.mu.value = e.mu.value + 0.5
    assert e.figure() is fig  # no new figure per move: only the line data change (fast)
    p_g = next(line for line in fig.axes[0].lines if line.get_label().startswith("p_g"))
    np.testing.assert_array_equal(p_g.get_ydata(), e.curves["p_g"])
    assert all(ax.get_ylabel() for ax in fig.axes) and fig.axes[-1].get_xlabel()  # labelled axes (D*'s share x)
    assert e.image.value[:4] == b"\x89PNG"


def test_the_d_star_explorer_never_shows_negative_zero():
    from gan_course.widgets.theory import OptimalDiscriminatorExplorer, fixed

    assert fixed(-2.9e-7) == "0.0000" and fixed(-0.06618) == "-0.0662" and fixed(-1e-9, 6) == "0.000000"
    ex = OptimalDiscriminatorExplorer(data_mean=4.0, data_std=1.25, mu=-8.0, sigma=1.0)  # V(G, D*) = -2.9e-7
    assert ex.numbers["V(G, D*)"] < 0
    assert "V(G, D*) = 0.0000" in ex.readout.value and "-0.0000" not in ex.readout.value
