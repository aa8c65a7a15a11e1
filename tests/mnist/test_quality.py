"""gan_course.mnist.quality: the Frechet distance, class coverage and the scores of image sets, and bad inputs."""

import math

import numpy as np
import pytest
import torch

from gan_course.mnist import quality
from gan_course.mnist.classifier import MnistCNN, predict
from tests.helpers import refused


def test_frechet_distance_of_a_set_with_itself_is_zero_and_grows_with_a_shift():
    g = torch.Generator().manual_seed(0)
    f = torch.randn(2000, 8, generator=g) @ torch.randn(8, 8, generator=g)
    s = quality.feature_stats(f)
    assert abs(quality.frechet_distance(s, s)) < 1e-6
    shifted = quality.feature_stats(f + 1.0)
    assert quality.frechet_distance(s, shifted) == pytest.approx(8.0, rel=1e-6)  # |mu_a - mu_b|^2 = 8 * 1


def test_frechet_distance_in_1d_is_the_gaussian_w2_squared():
    a = quality.FeatureStats(np.array([4.0]), np.array([[1.25**2]]), 100)
    b = quality.FeatureStats(np.array([3.0]), np.array([[1.0]]), 100)
    assert quality.frechet_distance(a, b) == pytest.approx((4 - 3) ** 2 + (1.25 - 1) ** 2)


def test_frechet_distance_takes_1d_numbers_and_flat_or_column_features():
    exact = (4 - 3) ** 2 + (1.25 - 1) ** 2
    a, b = quality.FeatureStats(4.0, 1.25**2, n=1), quality.FeatureStats(3.0, 1.0, n=1)  # plain numbers in 1-D
    assert a.mean.shape == (1,) and a.cov.shape == (1, 1)
    assert quality.frechet_distance(a, b) == pytest.approx(exact, abs=1e-12)
    g = torch.Generator().manual_seed(0)
    x, y = 4 + 1.25 * torch.randn(4000, generator=g), 3 + torch.randn(4000, generator=g)
    flat = quality.frechet_distance(x, y)  # raw features [n]
    column = quality.frechet_distance(quality.feature_stats(x[:, None]), quality.feature_stats(y[:, None].numpy()))
    by_formula = (x.double().mean() - y.double().mean()) ** 2 + (x.double().std() - y.double().std()) ** 2
    assert flat == pytest.approx(column, rel=1e-12) and flat == pytest.approx(by_formula.item(), rel=1e-9)
    assert flat == pytest.approx(exact, abs=0.1)  # 4,000 samples: within sampling noise of the exact value
    with pytest.raises(ValueError, match="mean"):
        quality.FeatureStats(np.zeros(2), np.eye(3), n=1)


def test_class_coverage_on_known_labels():
    uniform = quality.class_coverage(torch.arange(10).repeat(50))
    assert uniform.classes == 10 and uniform.entropy == pytest.approx(math.log2(10))
    collapsed = quality.class_coverage(torch.tensor([7] * 990 + [1] * 10))
    assert collapsed.classes == 1 and collapsed.counts[7] == 990 and collapsed.entropy < 0.1
    two = quality.class_coverage(np.array([3, 5] * 100))
    assert two.classes == 2 and two.entropy == pytest.approx(1.0)
    with pytest.raises(ValueError, match="digits 0..9"):
        quality.class_coverage([12])


def test_score_images_of_real_digits_beats_noise(tiny_images):
    model = MnistCNN()  # untrained weights are enough to tell the two sets apart
    ref = quality.feature_stats(predict(model, tiny_images[0][:256])[1])
    real = quality.score_images(tiny_images[0][256:], model, ref)
    noise = quality.score_images(torch.rand(256, 784), model, ref)
    assert real.fd < noise.fd


# ------------------------------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("labels", [None, "x", {"a": 1}, float("nan"), 3, True, torch.zeros(2, 3, dtype=torch.long),
                                    torch.tensor([0.0, 1.0]), torch.tensor([True]), np.array([], dtype=int),
                                    [[1], [2, 3]]])
def test_class_coverage_refuses_labels_that_are_not_digits_in_a_row(labels):
    with pytest.raises(ValueError, match=r"labels must be digits 0..9 as a 1-D tensor of whole numbers"):
        quality.class_coverage(labels)


@pytest.mark.parametrize("labels", [[-1], torch.tensor([3, 10]), np.array([2**40])])
def test_class_coverage_refuses_labels_outside_0_to_9(labels):
    with pytest.raises(ValueError, match=r"labels must be digits 0..9, got values from"):
        quality.class_coverage(labels)


@pytest.mark.parametrize("min_share", [None, "0.02", [0.02], float("nan"), float("inf"), -1, 1.5, True,
                                       torch.tensor(0.02)])
def test_class_coverage_refuses_a_min_share_outside_0_to_1(min_share):
    with pytest.raises(ValueError, match=r"min_share \(of the samples for a class to count\) must be a number in \[0,"):
        quality.class_coverage(torch.arange(10), min_share)


@pytest.mark.parametrize("features", ["x", {"a": 1}, None, 3.0, np.array(["a", "b"]),
                                      torch.zeros(3, 2, dtype=torch.bool)])
def test_feature_stats_refuses_what_is_not_real_numbers(features):
    with pytest.raises(ValueError, match=r"features must be real numbers \[n, d\]"):
        quality.feature_stats(features)


NAN = float("nan")


def test_feature_statistics_refuse_nan():
    refused(quality.FeatureStats, np.array([0.0, NAN]), np.eye(2), 10, match="FeatureStats needs finite numbers")
    features = np.ones((5, 3))
    features[2, 1] = math.inf
    refused(quality.feature_stats, features, match="1 of 5 rows hold NaN or infinite values")


def test_feature_stats_keep_their_own_copy_and_take_a_numpy_count():
    import numpy as np

    m, c = np.zeros(3), np.eye(3)
    stats = quality.FeatureStats(m, c, np.int64(5))
    m[0] = 1.0  # the caller's arrays stay the caller's: writable, and not the statistics'
    assert stats.mean[0] == 0.0 and stats.n == 5 and not stats.mean.flags.writeable
