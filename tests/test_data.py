import gzip
import shutil

import pytest
import torch

from gan_course import data


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
