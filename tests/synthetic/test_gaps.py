"""gan_course.synthetic.gaps: the shares on two bumps and in the gap, the target's own shares, the two-piece noise."""

import numpy as np
import pytest
import torch

from gan_course.synthetic import gaps


def test_samples_of_the_target_have_the_targets_shares():
    x = gaps.FAR_BUMPS.sampler(200_000, torch.Generator().manual_seed(0))[:, 0]
    measured, exact = gaps.shares(x), gaps.target_shares()
    assert exact.gap[0] == pytest.approx(0.00135, abs=1e-5)  # P(Z > 3) of each bump's inner tail, half weight each
    assert exact.left[0] == pytest.approx(0.5 * 0.9973, abs=1e-4)
    for got, want in zip(measured, exact, strict=True):
        assert got[0] == pytest.approx(want[0], abs=0.004)


def test_shares_tell_a_lost_bump_and_a_filled_gap_apart_per_seed():
    rng = np.random.default_rng(1)
    one_bump = rng.normal(5.0, 0.2, 1000)  # every sample on the right bump
    spread = rng.uniform(-5.0, 5.0, 1000)  # a G that fills the gap evenly
    s = gaps.shares(np.stack([one_bump, spread]))
    assert s.left[0] == 0.0 and s.right[0] > 0.99 and s.gap[0] < 0.01  # only its own 3-std tail
    assert s.gap[1] == pytest.approx(8.8 / 10, abs=0.05)


def test_two_piece_noise_has_two_pieces_and_normal_rest():
    z = gaps.two_piece_noise(3)(10_000, torch.Generator().manual_seed(0))
    assert z.shape == (10_000, 3)
    assert set(z[:, 0].unique().tolist()) == {-1.0, 1.0}
    assert (z[:, 0] == 1).float().mean().item() == pytest.approx(0.5, abs=0.02)
    assert z[:, 1:].std().item() == pytest.approx(1.0, abs=0.03)


def test_misses_names_each_way_to_miss_per_seed():
    target = gaps.target_shares()  # gap 0.135%
    share = gaps.Shares(left=np.array([0.499, 0.499, 0.99, 0.30, 0.05]),
                        right=np.array([0.499, 0.497, 0.0, 0.30, 0.90]),
                        gap=np.array([0.0013, 0.0045, 0.0, 0.40, 0.05]))
    gap, bump = gaps.misses(share, target)
    assert gap.tolist() == [False, True, False, True, True]  # 0.45% is over 3 x 0.135%; the target's own is not
    assert bump.tolist() == [False, False, True, False, True]
    assert gaps.misses(share, target, gap_ratio=4.0)[0].tolist() == [False, False, False, True, True]
    own = gaps.misses(target)  # the target itself misses in neither way
    assert not own[0].any() and not own[1].any()


@pytest.mark.parametrize(("call", "words"), [
    (lambda: gaps.misses(gaps.target_shares(), gap_ratio=0), r"gap_ratio \(.*\) must be a finite number > 0"),
    (lambda: gaps.misses(gaps.target_shares(), min_bump=float("nan")), r"min_bump \(.*\) must be a number in \[0, 1\]"),
    (lambda: gaps.misses((0.5, 0.5, 0.0)), "share must be the Shares that gaps.shares"),
    (lambda: gaps.two_piece_noise(1), "dim >= 2"),
    (lambda: gaps.shares([0.0], centres=(-1.0, 1.0), std=0.5), "std apart"),
    (lambda: gaps.fit_seeds(gaps.gaussian.COURSE, noise="two-piece"), "noise must be a sampler"),
])
def test_bad_arguments_are_named(call, words):
    with pytest.raises(ValueError, match=words):
        call()
