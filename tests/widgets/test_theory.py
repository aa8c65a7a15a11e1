"""gan_course.widgets.theory: the explorers' readouts (the sliders: tests/test_theory_widgets.py)."""




def test_the_d_star_explorer_never_shows_negative_zero():
    from gan_course.widgets.theory import OptimalDiscriminatorExplorer, fixed

    assert fixed(-2.9e-7) == "0.0000" and fixed(-0.06618) == "-0.0662" and fixed(-1e-9, 6) == "0.000000"
    ex = OptimalDiscriminatorExplorer(data_mean=4.0, data_std=1.25, mu=-8.0, sigma=1.0)  # V(G, D*) = -2.9e-7
    assert ex.numbers["V(G, D*)"] < 0
    assert "V(G, D*) = 0.0000" in ex.readout.value and "-0.0000" not in ex.readout.value
