"""2-D mixtures (gan_course.synthetic.mixture2d), PacGAN packing (features.pack2): targets, measurements, bad inputs."""

import math

import pytest
import torch

from gan_course import features
from gan_course.synthetic import mixture2d


def test_the_targets_are_the_literatures():
    ring, grid = mixture2d.ring(), mixture2d.grid()
    assert ring.k == 8 and ring.std == 0.02 and grid.k == 25 and grid.std == 0.05
    radii = ring.centre_tensor().norm(dim=1)
    assert torch.allclose(radii, torch.full((8,), 2.0))
    assert sorted({c[0] for c in grid.centres}) == [-4.0, -2.0, 0.0, 2.0, 4.0]


@pytest.mark.parametrize("make", [mixture2d.ring, mixture2d.grid])
def test_true_samples_cover_every_mode_at_high_quality(make):
    target = make()
    a = mixture2d.assess(target.sample(2500, seed=3), target)
    # 3 standard deviations hold 1 - exp(-9/2) = 98.9% of an isotropic 2-D Gaussian
    assert a.modes_covered == target.k and a.hq_share > 0.97 and a.kl_uniform < 0.05


def test_a_collapsed_generator_is_seen_as_such():
    ring = mixture2d.ring()
    one_mode = torch.tensor(ring.centres[0]) + 0.01 * torch.randn(2500, 2)
    a = mixture2d.assess(one_mode, ring)
    assert (a.modes_covered, a.hq_share) == (1, 1.0) and a.kl_uniform == pytest.approx(math.log(8))
    between = torch.zeros(2500, 2)  # every sample at the ring's centre: far from all modes
    b = mixture2d.assess(between, ring)
    assert (b.modes_covered, b.hq_share, b.kl_uniform) == (0, 0.0, pytest.approx(math.log(8)))


def test_stacked_samples_give_one_assessment_per_seed_and_a_summary():
    ring = mixture2d.ring()
    x = torch.stack([ring.sample(2500, seed=0), torch.tensor(ring.centres[0]).expand(2500, 2)])
    a = mixture2d.assess(x, ring)
    s = mixture2d.modes_summary(a)
    assert [r.modes_covered for r in a] == [8, 1] and (s["modes_mean"], s["modes_min"], s["n_all_modes"]) == (4.5, 1, 1)


def test_bad_inputs_are_answered_in_words():
    ring = mixture2d.ring()
    with pytest.raises(ValueError, match=r"samples must be a tensor \[n, 2\]"):
        mixture2d.assess(torch.zeros(10, 3), ring)
    with pytest.raises(ValueError, match="diverged"):
        mixture2d.assess(torch.full((10, 2), float("nan")), ring)
    with pytest.raises(ValueError, match="target must be a Mixture2D"):
        mixture2d.assess(torch.zeros(10, 2), "ring")
    with pytest.raises(ValueError, match="std"):
        mixture2d.ring(std=-1.0)
    with pytest.raises(ValueError, match="k"):
        mixture2d.ring(k=1)


def test_pack2_joins_samples_in_pairs_per_seed():
    x = torch.arange(24.0).reshape(2, 6, 2)  # 2 seeds, 6 samples of 2 numbers
    packed = features.pack2(x)
    assert packed.shape == (2, 3, 4) and packed[0, 0].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert features.feature_dim("pack2", 256, 2) == 4
    with pytest.raises(ValueError, match="even"):
        features.pack2(torch.zeros(5, 2))


def test_a_stacked_2d_run_trains_each_seed_as_its_own_single_run():
    ring = mixture2d.ring()
    recipe = mixture2d.REMEDIES["packing + penalty"].replace(steps=5, cosine_t_max=5, g_hidden=(16,), d_hidden=(16,))
    stacked = mixture2d.build_seeds(recipe, ring, seeds=(3, 4))
    single = mixture2d.build_seeds(recipe, ring, seeds=(4,))
    stacked.run()
    single.run()
    z = torch.randn(1, 50, recipe.noise_dim, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.allclose(stacked.G(z.expand(2, -1, -1))[1], single.G(z)[0], rtol=1e-4, atol=1e-5)


def test_recipes_refuse_bad_fields_in_words():
    with pytest.raises(ValueError, match="no field"):
        mixture2d.PLAIN.replace(lr=1e-3)
    with pytest.raises(ValueError, match="g_hidden"):
        mixture2d.PLAIN.replace(g_hidden=(0,))
    with pytest.raises(ValueError, match="recipe must be a Recipe2D"):
        mixture2d.build_seeds("plain", mixture2d.ring())


def test_the_shipped_2d_records_are_whole_and_refused_in_words_when_broken(tmp_path):
    from gan_course.synthetic import records2d

    for name in ("ring", "grid"):
        rec = records2d.load(name)
        assert rec.steps[-1] == 15_000 and rec.seeds == [0, 1, 2, 3, 4] and rec.remedy == records2d.REMEDY
        assert len(rec.samples) == 5 and len(rec.samples[0]) == records2d.KEPT_SAMPLES
    with pytest.raises(ValueError, match="python -m gan_course.synthetic.records2d grid"):
        records2d.load("grid", tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="damaged"):
        records2d.load("ring", bad)
    with pytest.raises(ValueError, match="target must be one of"):
        records2d.make("spiral")
    for name in ("ring", "grid"):  # chapter 11's WGAN-GP records, beside them
        rec = records2d.load(name, remedy="WGAN-GP")
        assert rec.steps[-1] == 3_000 and rec.seeds == [0, 1, 2, 3, 4] and rec.remedy == "WGAN-GP"
    with pytest.raises(ValueError, match="python -m gan_course.synthetic.records2d ring WGAN-GP"):
        records2d.load("ring", tmp_path / "absent.json", remedy="WGAN-GP")
    with pytest.raises(ValueError, match="remedy must be one of the recorded"):
        records2d.record_path("ring", remedy="plain")
    with pytest.raises(ValueError, match="multiple of 500"):
        records2d.replay(records2d.load("ring"), 700)
    with pytest.raises(ValueError, match="steps"):
        records2d.replay(records2d.load("ring"), 20_000)


def test_a_short_record_reads_back_exactly(tmp_path):
    from gan_course.synthetic import records2d

    rec = records2d.make("ring", steps=3)
    path = records2d.save(rec, tmp_path / "r.json")
    assert records2d.load("ring", path) == rec and rec.steps == [3]


def test_spectral_normalisation_divides_each_seed_by_its_largest_singular_value():
    from torch import nn

    from gan_course import batched

    stacked = batched.spectral_normalise(batched.stack([nn.Linear(5, 7) for _ in range(3)]))
    for _ in range(30):  # power iteration converges as training runs
        stacked(torch.randn(3, 4, 5))
    assert torch.allclose(torch.linalg.matrix_norm(stacked.normalised_weight(), ord=2), torch.ones(3), atol=1e-3)
    with pytest.raises(ValueError, match="stacked model"):
        batched.spectral_normalise(nn.ReLU())


def test_a_records_samples_are_drawn_one_panel_per_seed():
    import matplotlib.pyplot as plt

    from gan_course.synthetic import records2d

    fig = records2d.plot_samples({"ring": records2d.load("ring", remedy="WGAN-GP")}, "WGAN-GP on the ring")
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 5 and titles[0].startswith("ring, seed 0: 8/8") and fig._suptitle.get_text()
    plt.close(fig)
