"""gan_course.data: samplers, MNIST from the shipped files (checksummed, unpacked safely, no stray cache read),
in-memory batches, the data root."""

import gzip
import shutil

import numpy as np
import pytest
import torch

from gan_course import data, files
from tests.helpers import run_child


@pytest.fixture(scope="module")
def shipped_root():
    return data.ensure_mnist()


def test_shipped_mnist_loads_as_tensors(shipped_root):
    x, y = data.mnist_tensors(train=False, value_range=(-1.0, 1.0), root=shipped_root)
    assert x.shape == (10_000, 784) and x.dtype == torch.float32
    assert x.min().item() == -1.0 and x.max().item() == 1.0
    assert y.shape == (10_000,) and set(y.unique().tolist()) == set(range(10))


def test_torchvision_dataset_is_served_offline(shipped_root):
    ds = data.mnist_dataset(train=False, root=shipped_root)
    image, label = ds[0]
    assert image.size == (28, 28) and label == 7


def copy_archives(src_root, dst_root):
    raw = dst_root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    for name in data.MNIST_SHA256:
        shutil.copy(src_root / "MNIST" / "raw" / f"{name}.gz", raw / f"{name}.gz")
    return raw


def test_fresh_copy_is_decompressed_and_verified(tmp_path, shipped_root):
    raw = copy_archives(shipped_root, tmp_path)
    data.ensure_mnist(tmp_path)
    assert all((raw / name).exists() for name in data.MNIST_SHA256)


def test_missing_file_names_it_and_says_how_to_restore(tmp_path, shipped_root):
    raw = copy_archives(shipped_root, tmp_path)
    (raw / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DataError, match=r"t10k-labels-idx1-ubyte\.gz is missing.*git checkout -- data/MNIST/raw/"):
        data.ensure_mnist(tmp_path)


def test_truncated_file_is_reported_corrupt(tmp_path, shipped_root):
    raw = copy_archives(shipped_root, tmp_path)
    archive = raw / "train-labels-idx1-ubyte.gz"
    archive.write_bytes(archive.read_bytes()[:1000])
    with pytest.raises(data.DataError, match=r"train-labels-idx1-ubyte\.gz is corrupt.*git checkout"):
        data.ensure_mnist(tmp_path)
    assert not (raw / "train-labels-idx1-ubyte").exists()


def test_altered_content_fails_the_checksum(tmp_path, shipped_root):
    raw = copy_archives(shipped_root, tmp_path)
    archive = raw / "t10k-labels-idx1-ubyte.gz"
    content = bytearray(gzip.decompress(archive.read_bytes()))
    content[-1] = (content[-1] + 1) % 10  # one label changed
    archive.write_bytes(gzip.compress(bytes(content)))
    with pytest.raises(data.DataError, match="SHA-256 does not match"):
        data.ensure_mnist(tmp_path)


def test_damaged_decompressed_copy_is_rebuilt(tmp_path, shipped_root):
    raw = copy_archives(shipped_root, tmp_path)
    data.ensure_mnist(tmp_path)
    (raw / "t10k-labels-idx1-ubyte").write_bytes(b"garbage")
    data.ensure_mnist(tmp_path)  # the archive is fine, so the copy is made again
    assert (raw / "t10k-labels-idx1-ubyte").stat().st_size == 10_008


def test_samplers_validate():
    with pytest.raises(ValueError, match="std must be > 0"):
        data.gaussian_sampler(4, 0)
    with pytest.raises(ValueError, match="noise must be one of"):
        data.noise_sampler("laplace", 1)
    with pytest.raises(ValueError, match="value_range"):
        data.mnist_tensors(value_range=(1.0, -1.0))


BAD_NUMBERS = [None, "4", [4.0], float("nan"), float("inf"), True, torch.zeros(2, 3)]


@pytest.mark.parametrize("value", BAD_NUMBERS)
@pytest.mark.parametrize("slot", ["mean", "std"])
def test_gaussian_sampler_refuses_a_mean_or_std_that_is_not_one_finite_number(slot, value):
    with pytest.raises(ValueError, match=rf"{slot} must be .*finite number like .*got"):
        data.gaussian_sampler(**{slot: value})


@pytest.mark.parametrize("dim", [None, "1", 1.0, float("nan"), 0, -1, 2**70, True, torch.zeros(2)])
@pytest.mark.parametrize("make", [data.uniform_noise, data.normal_noise, lambda dim: data.noise_sampler("normal", dim),
                                  lambda dim: data.gaussian_sampler(dim=dim)])
def test_samplers_refuse_a_dimension_that_is_not_a_whole_number_in_range(make, dim):
    with pytest.raises(ValueError, match=r"dim must be a whole number from 1 to 1,048,576"):
        make(dim)


def test_valid_samplers_draw_the_same_numbers_as_before():
    g = torch.Generator().manual_seed(3)
    x = data.gaussian_sampler(np.float32(4.0), np.int64(2), 3)(5, g)
    expected = 4.0 + 2 * torch.randn(5, 3, generator=torch.Generator().manual_seed(3))
    assert x.shape == (5, 3) and torch.allclose(x, expected)


@pytest.mark.parametrize("bad", [None, [1.0, 2.0], np.zeros((3, 1)), torch.zeros(()), torch.zeros(0, 2),
                                 torch.zeros(3, dtype=torch.bool)])
def test_a_tensor_sampler_needs_a_tensor_with_rows(bad):
    with pytest.raises(ValueError, match="data must be a tensor of numbers with one row per example"):
        data.TensorSampler(bad)


def test_a_tensor_sampler_refuses_nan_data_and_takes_rows_of_any_shape():
    with pytest.raises(ValueError, match="1 of its 6 values are NaN or infinite"):
        data.TensorSampler(torch.tensor([[0.0, 1.0], [float("nan"), 2.0], [3.0, 4.0]]))
    assert data.TensorSampler(torch.zeros(4, 28, 28))(2, torch.Generator().manual_seed(0)).shape == (2, 28, 28)


@pytest.mark.parametrize("images", [None, np.zeros((2, 784)), torch.zeros(2, 3, 4), torch.zeros(784),
                                    torch.zeros(0, 784), torch.zeros(2, 784, dtype=torch.uint8)])
def test_to_unit_range_refuses_what_is_not_images(images):
    with pytest.raises(ValueError, match=r"images must be a float tensor \[n, 784\] or \[n, 28, 28\]"):
        data.to_unit_range(images, (0.0, 1.0))


@pytest.mark.parametrize("value_range", [None, "01", (0.0,), (1.0, 0.0), (0.0, 0.0), (0.0, float("nan")),
                                         (False, True), torch.tensor([0.0, 1.0]), 1.0])
def test_to_unit_range_and_mnist_tensors_refuse_a_bad_value_range(value_range):
    with pytest.raises(ValueError, match=r"value_range must be \(low, high\), two finite numbers with high > low"):
        data.to_unit_range(torch.zeros(2, 784), value_range)
    with pytest.raises(ValueError, match=r"value_range must be \(low, high\)"):
        data.mnist_tensors(value_range=value_range)


def test_to_unit_range_maps_valid_images_as_before():
    x = torch.tensor([[-1.0, 0.0, 1.0, 2.0]]).repeat(1, 196)
    assert torch.equal(data.to_unit_range(x, (-1.0, 1.0)), ((x + 1.0) / 2.0).clamp(0, 1))
    square = data.to_unit_range(x.reshape(1, 28, 28), [np.float32(-1), 1])
    assert torch.equal(square.flatten(), ((x + 1) / 2).clamp(0, 1).flatten())


@pytest.mark.parametrize("root", [5, [1], {"a": 1}, float("nan"), True, "", torch.zeros(2)])
def test_a_data_root_that_is_not_a_folder_is_refused_by_every_path_function(root):
    from gan_course.mnist import assets, runs
    from gan_course.synthetic import records, records2d

    calls = [lambda: data.data_root(root), lambda: data.ensure_mnist(root),
             lambda: records.record_path("fifty-lines", root), lambda: records2d.record_path("ring", root),
             lambda: assets.asset_path("ch07", root), lambda: runs.record_path("tanh-100", root)]
    for call in calls:
        with pytest.raises(ValueError, match=r"root.* must be a folder such as 'data' \(a str or pathlib.Path\)"):
            call()


@pytest.mark.parametrize("name", [None, "nope", ["ch07"], {"a": 1}, 7, True])
def test_a_record_or_asset_name_that_is_not_one_is_refused(name):
    from gan_course.mnist import assets, runs
    from gan_course.synthetic import records, records2d

    for call, words in [(records.record_path, "no record is defined for"),
                        (records2d.record_path, "target must be one of"), (assets.asset_path, "asset must be one of"),
                        (assets.recipe_of, "generator must be one of"), (runs.record_path, "record must be one of")]:
        with pytest.raises(ValueError, match=words):
            call(name)


def test_paths_of_valid_names_are_as_before(tmp_path):
    from gan_course.mnist import assets
    from gan_course.synthetic import records

    assert data.data_root(None) == data.default_data_dir() and data.data_root(tmp_path) == tmp_path
    assert records.record_path("fifty-lines") == data.default_data_dir() / "records" / "fifty-lines.json"
    assert assets.asset_path("ch07", str(tmp_path)) == tmp_path / assets.FILES["ch07"]


def test_tensor_sampler_walks_epochs():
    x = torch.arange(10.0).reshape(10, 1)
    sampler = data.TensorSampler(x)
    g = torch.Generator().manual_seed(0)
    seen = torch.cat([sampler(5, g), sampler(5, g)]).flatten().sort().values
    assert torch.equal(seen, torch.arange(10.0))
    sampler(5, g)
    assert sampler.epochs_done == 1


@pytest.mark.slow  # a child process that imports torch
def test_mnist_unpacked_on_a_full_disk_leaves_no_partial_copy(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    shipped = data.ensure_mnist() / "MNIST" / "raw"
    for name in data.MNIST_SHA256:
        (raw / f"{name}.gz").symlink_to(shipped / f"{name}.gz")
        if name != "t10k-images-idx3-ubyte":
            (raw / name).symlink_to(shipped / name)  # verified already: only the test images are unpacked
    (raw / "t10k-images-idx3-ubyte").write_bytes(b"a damaged copy")
    done = run_child(tmp_path, "from gan_course import data", "    data.ensure_mnist(path)\n"
                     "except data.DataError as err:\n    print('DataError', err)\n    sys.exit(4)")
    assert done.returncode == 4 and "File too large" in done.stdout, done.stdout + done.stderr
    assert (raw / "t10k-images-idx3-ubyte").read_bytes() == b"a damaged copy"
    assert not [p for p in raw.iterdir() if p.name.endswith(files.PARTIAL_SUFFIX)]


# ------------------------------------------------------------------------------------------ stray MNIST cache


@pytest.fixture
def root_with_a_stray_cache(tmp_path):
    """A data root with the verified raw files and a torchvision ``processed/`` cache of all-zero images."""
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    shipped = data.ensure_mnist() / "MNIST" / "raw"
    for name in data.MNIST_SHA256:
        (raw / name).symlink_to(shipped / name)
    processed = tmp_path / "MNIST" / "processed"
    processed.mkdir()
    for split, n in (("training.pt", 60_000), ("test.pt", 10_000)):
        torch.save((torch.zeros(n, 28, 28, dtype=torch.uint8), torch.zeros(n, dtype=torch.int64)), processed / split)
    return tmp_path


def test_a_stray_processed_cache_is_ignored_with_a_warning(root_with_a_stray_cache):
    from torchvision.datasets import MNIST

    plain = MNIST(str(root_with_a_stray_cache), train=False, download=False)
    assert plain.data.max() == 0  # torchvision alone reads the stray zeros: the hazard is real
    with pytest.warns(data.StrayDataWarning, match=r"processed.*ignores it.*checksummed"):
        x, y = data.mnist_tensors(train=False, root=root_with_a_stray_cache)
    expected_x, expected_y = data.mnist_tensors(train=False)
    assert torch.equal(x, expected_x) and torch.equal(y, expected_y) and x.max() == 1.0
    with pytest.warns(data.StrayDataWarning):
        ds = data.mnist_dataset(train=False, root=root_with_a_stray_cache)
    assert ds.data.max() == 255 and ds[0][1] == 7 and torch.equal(ds.targets, expected_y)


def test_the_shipped_data_raises_no_warning(recwarn):
    data.mnist_tensors(train=False)
    assert not [w for w in recwarn if issubclass(w.category, data.StrayDataWarning)]
