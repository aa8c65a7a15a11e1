"""gan_course.metrics: KS, Wasserstein-1 and sample moments of 1-D samples, on samples whose answer is known."""

import pytest
import torch

from gan_course import metrics


def test_metrics_on_known_samples():
    g = torch.Generator().manual_seed(0)
    x = 4 + 1.25 * torch.randn(20_000, generator=g)
    assert metrics.ks_statistic(x, 4, 1.25) < 0.015
    assert metrics.ks_statistic(x, 5, 1.25) > 0.25
    assert metrics.wasserstein1(x, 4, 1.25) < 0.03
    assert metrics.wasserstein1(x + 1.0, 4, 1.25) == pytest.approx(1.0, abs=0.03)
    m = metrics.sample_moments(x)
    assert m["mean"] == pytest.approx(4, abs=0.03) and m["std"] == pytest.approx(1.25, abs=0.03)
