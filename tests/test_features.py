"""gan_course.features: what a discriminator sees of a batch (pairwise differences, moments, PacGAN pairs)."""

import pytest
import torch

from gan_course import features


def test_feature_maps_shapes_and_values():
    x = torch.tensor([[1.0], [2.0], [3.0]])
    phi = features.minibatch_diffs(x)
    assert phi.shape == (1, 6) == (1, features.feature_dim("minibatch_diffs", 3, 1))
    assert torch.allclose(phi, torch.tensor([[1.0, 2.0, 3.0, 1.0, 0.0, 1.0]]))
    sets = torch.randn(10, 500, generator=torch.Generator().manual_seed(0)) * 1.25 + 4
    m = features.moments(sets)
    assert m.shape == (10, features.feature_dim("moments", 10, 500))
    assert torch.allclose(m[:, 0], sets.mean(1))
    assert m[:, 1].mean().item() == pytest.approx(1.25, abs=0.05)
    # Gaussian sets: skewness and excess kurtosis average to about 0 (each has std ~0.1 and ~0.2 at n = 500)
    assert m[:, 2:].mean(0).abs().max().item() < 0.2
    with pytest.raises(ValueError, match="d_features must be one of"):
        features.feature_map("histogram")


def test_pack2_joins_samples_in_pairs_per_seed():
    x = torch.arange(24.0).reshape(2, 6, 2)  # 2 seeds, 6 samples of 2 numbers
    packed = features.pack2(x)
    assert packed.shape == (2, 3, 4) and packed[0, 0].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert features.feature_dim("pack2", 256, 2) == 4
    with pytest.raises(ValueError, match="even"):
        features.pack2(torch.zeros(5, 2))
