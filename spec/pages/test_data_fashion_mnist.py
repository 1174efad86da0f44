"""Tutorial 1.4.1 Loading a Dataset (加载数据集) and 1.4.2 Iterating the Dataset: Fashion-MNIST itself.

The real data set (60,000 training and 10,000 test images of 28x28, ten classes) where this machine
has it: the Debian package dataset-fashion-mnist, or FASHION_MNIST_ROOT. Where it is absent these
tests skip with that reason, and the synthetic Fashion-MNIST (reference.fashion_mnist.synthetic.write_synthetic, same
IDX files, same torchvision loader) stands in: every test on it says "synthetic" in its name.
The preloaded tensors (reference.fashion_mnist.files.load_tensors) are the fast path other pages train on.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch
from torchvision import datasets
from torchvision.transforms import ToTensor

from reference import data
from reference.fashion_mnist import files, synthetic
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_tensor_equal, devices

pytestmark = pytest.mark.data
FILES = Call("data", "files", setup="from reference.fashion_mnist import files")
SYNTHETIC = Call("data", "synthetic", setup="from reference.fashion_mnist import synthetic")
SYNTHETIC_ROOT = "from reference.fashion_mnist import synthetic; root = synthetic.write_synthetic('synthetic')"
SPLITS = [pytest.param(True, id="train"), pytest.param(False, id="test")]
REAL_SIZE = {True: 60_000, False: 10_000}  # the tutorial's numbers of training and test images
TORCHVISIONS = "torchvision.datasets.FashionMNIST"


DAMAGED = "ENVIRONMENT ERROR, not your code"  # the first words of every message about damaged data files


@functools.cache
def _find_real_root() -> Path | str:
    """The real data's root, or why there is none (a string; DAMAGED first when files are there but broken)."""
    try:
        root = files.find_root()
    except files.DataNotFoundError as exc:
        tried = "; ".join(line.strip() for line in str(exc).splitlines()[1:-1])
        return (
            f"real Fashion-MNIST absent: install the Debian package {files.DEBIAN_PACKAGE} "
            f"(apt-get install {files.DEBIAN_PACKAGE}) or set FASHION_MNIST_ROOT (tried: {tried})"
        )
    except ValueError as exc:  # validate_idx or a .gz that cannot be decompressed: the message names the file
        env = os.environ.get("FASHION_MNIST_ROOT")
        return (
            f"{DAMAGED}: a Fashion-MNIST file on this machine is damaged: {exc}. Fix: "
            + (
                f"restore or remove the files under FASHION_MNIST_ROOT={env} (unset it to use the Debian package), "
                if env
                else ""
            )
            + f"reinstall the data (apt-get install --reinstall {files.DEBIAN_PACKAGE}; the decompressed "
            f"copies in {files.cache_root()} are made again), or delete the damaged file and download it again"
        )
    if files.is_synthetic(root):
        return f"FASHION_MNIST_ROOT={root} holds synthetic data, not the real Fashion-MNIST"
    return root


def real_root() -> Path:
    """The real data's root, or skip the test with the reason (naming the package and the env var).

    Damaged files skip too, with DAMAGED first: the learner's code was not checked, and it is not to blame;
    test_real_data_files_are_not_damaged fails for them, as a check that does not use the learner's code.
    """
    found = _find_real_root()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@functools.cache
def _real_split(train: bool) -> tuple[torch.Tensor, torch.Tensor]:
    return files.load_tensors(train, root=real_root())


@pytest.fixture(scope="module")
def synthetic_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """write_synthetic's default split (6,000 / 1,000 images), written once for the module."""
    return synthetic.write_synthetic(tmp_path_factory.mktemp("synthetic"))


def root_of(source: str, synthetic_root: Path) -> Path:
    return synthetic_root if source == "synthetic" else real_root()


def fashion_mnist_call(train: bool, *, transform: str = "") -> Call:
    """The text `dataset`, made by `dataset = data.fashion_mnist(train, root=root[, transform=...])`."""
    made = f"data.fashion_mnist({train}, root=root" + (f", transform={transform})" if transform else ")")
    return Call("data", "dataset", setup=f"from reference import data; dataset = {made}")


def best_of_3(fn: Callable[[], object]) -> float:
    """The fastest of three runs of fn(), in seconds."""
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def nearest_mean_accuracy(train: tuple[torch.Tensor, torch.Tensor], test: tuple[torch.Tensor, torch.Tensor]) -> float:
    """The share of test images whose nearest class-mean image of the training split is their own class."""
    x, t = train[0].flatten(1).float(), test[0].flatten(1).float()  # (N, 784)
    means = torch.stack([x[train[1] == c].mean(0) for c in range(10)])  # (10, 784)
    return (torch.cdist(t, means).argmin(1) == test[1]).float().mean().item()


def brightness_spread(split: tuple[torch.Tensor, torch.Tensor]) -> float:
    """Largest / smallest mean squared L2 norm (in ToTensor units) over the classes."""
    images, labels = split
    norm2 = images.flatten(1).float().div(255).square().sum(1)  # (N,)
    per_class = torch.stack([norm2[labels == c].mean() for c in range(10)])
    return (per_class.max() / per_class.min()).item()


# ---------------------------------------------------------------------------------------------
# The real data set: the tutorial's numbers.


def test_real_data_files_are_not_damaged() -> None:
    """Where Fashion-MNIST files are found but broken (a truncated copy, a bad download), this fails with the file
    and the fix, once, as an error of the environment; every test that needs the data skips with the same words."""
    found = _find_real_root()
    damaged = isinstance(found, str) and found.startswith(DAMAGED)
    check(
        not damaged,
        call=FILES.dot("find_root()"),
        actual="damaged files",
        expected="whole files, or none",
        kind="other",
        situation=found if damaged else "",
    )


@pytest.mark.parametrize("train", SPLITS)
def test_real_split_has_the_tutorials_size_of_28x28_images(train: bool) -> None:
    """60,000 training and 10,000 test images, each 28x28 grayscale, one label each."""
    images, labels = _real_split(train)
    n = REAL_SIZE[train]
    c = FILES.dot(f"load_tensors(train={train})")
    check_equal(tuple(images.shape), (n, 28, 28), call=c.at(0).dot("shape"))
    check_equal(tuple(labels.shape), (n,), call=c.at(1).dot("shape"))
    check_equal(images.dtype, torch.uint8, call=c.at(0).dot("dtype"))
    check_equal(labels.dtype, torch.int64, call=c.at(1).dot("dtype"))


@pytest.mark.parametrize("train", SPLITS)
def test_real_split_has_a_tenth_of_its_images_in_each_class(train: bool) -> None:
    _, labels = _real_split(train)
    call = FILES.named(f"torch.bincount(files.load_tensors(train={train})[1], minlength=10).tolist()")
    check_equal(torch.bincount(labels, minlength=10).tolist(), [REAL_SIZE[train] // 10] * 10, call=call)


def test_real_first_test_image_is_an_ankle_boot(impl) -> None:
    """The tutorial's dataset object, indexed like a list (1.4.2): test_data[0] is an ankle boot."""
    test_data = data.fashion_mnist(False, root=real_root(), transform=ToTensor())
    image, label = test_data[0]
    c = fashion_mnist_call(False, transform="ToTensor()")
    check_equal(tuple(image.shape), (1, 28, 28), call=c.at(0).at(0).dot("shape"))
    name = Call("labels_map", "labels_map[dataset[0][1]]", setup=c.setup)
    check_equal(str(impl.labels_map[label]).lower(), "ankle boot", call=name, situation=f"label {label}, lower case")


def test_real_dataset_is_torchvisions_fashion_mnist_of_the_same_files() -> None:
    dataset = data.fashion_mnist(False, root=real_root())
    images, labels = _real_split(False)
    c = fashion_mnist_call(False)
    torchvisions = isinstance(dataset, datasets.FashionMNIST)
    check(torchvisions, call=c.named("type(dataset)"), actual=type(dataset), expected=TORCHVISIONS, kind="type")
    check_tensor_equal(dataset.data, images, call=c.dot("data"), situation="files.load_tensors(False)[0]")
    check_tensor_equal(dataset.targets, labels, call=c.dot("targets"), situation="files.load_tensors(False)[1]")


@pytest.mark.slow
def test_real_test_split_preloaded_equals_to_tensor_of_every_image() -> None:
    """All 10,000 test images: the preloaded uint8 tensors, scaled, are bit for bit ToTensor's output."""
    dataset = data.fashion_mnist(False, root=real_root(), transform=ToTensor())
    images, _ = _real_split(False)
    expected = torch.stack([dataset[i][0] for i in range(len(dataset))])  # (N, 1, 28, 28) float32
    call = Call("transforms", "files.load_tensors(False)[0].float().div(255).unsqueeze(1)", setup=FILES.setup)
    check_tensor_equal(images.float().div(255).unsqueeze(1), expected, call=call, situation="ToTensor() of each image")


@pytest.mark.slow
def test_real_train_split_loads_into_memory_in_under_2_s() -> None:
    """Best of 3 (after the first decompression): the preloaded path must stay cheap for every other page."""
    root = real_root()
    files.load_tensors(True, root=root)  # warm the page cache
    seconds = best_of_3(lambda: files.load_tensors(True, root=root))
    call = FILES.named("best_of_3(lambda: files.load_tensors(True))")
    check(seconds < 2.0, call=call, actual=round(seconds, 3), expected="under 2 s")


# ---------------------------------------------------------------------------------------------
# The synthetic stand-in: the same invariants at its own size.


@pytest.mark.parametrize("train", SPLITS)
def test_synthetic_split_has_its_size_of_28x28_images(train: bool, synthetic_root: Path) -> None:
    n = synthetic.N_TRAIN if train else synthetic.N_TEST
    dataset = datasets.FashionMNIST(synthetic_root, train=train)  # torchvision's own loader reads it
    c = Call("data", "dataset", setup=f"{SYNTHETIC_ROOT}; dataset = FashionMNIST(root, train={train})")
    check_equal(len(dataset), n, call=c.named("len(dataset)"))
    image, label = dataset[0]
    check_equal((image.mode, image.size), ("L", (28, 28)), call=c.named("(dataset[0][0].mode, dataset[0][0].size)"))
    check_equal(type(label), int, call=c.named("type(dataset[0][1])"))


@pytest.mark.parametrize("train", SPLITS)
def test_synthetic_split_has_a_tenth_of_its_images_in_each_class(train: bool) -> None:
    _, labels = synthetic.load_tensors(train)
    n = synthetic.N_TRAIN if train else synthetic.N_TEST
    call = SYNTHETIC.named(f"torch.bincount(synthetic.load_tensors({train})[1], minlength=10).tolist()")
    check_equal(torch.bincount(labels, minlength=10).tolist(), [n // 10] * 10, call=call)


@pytest.mark.parametrize("train", SPLITS)
def test_synthetic_split_begins_with_an_ankle_boot_like_the_real_one(train: bool) -> None:
    _, labels = synthetic.load_tensors(train)
    call = SYNTHETIC.also("from reference import data").named(
        f"data.labels_map[int(synthetic.load_tensors({train})[1][0])]"
    )
    check_equal(data.labels_map[int(labels[0])], "Ankle Boot", call=call)


def test_synthetic_files_are_identical_for_the_same_seed(tmp_path: Path) -> None:
    first = synthetic.write_synthetic(tmp_path / "a", n_train=70, n_test=30, seed=3)
    second = synthetic.write_synthetic(tmp_path / "b", n_train=70, n_test=30, seed=3)
    written = FILES.also(
        "from reference.fashion_mnist import synthetic; "
        "a = synthetic.write_synthetic('a', n_train=70, n_test=30, seed=3); "
        "b = synthetic.write_synthetic('b', n_train=70, n_test=30, seed=3)"
    )
    for name in [*files.FILES[True], *files.FILES[False]]:
        same = (files.raw_dir(first) / name).read_bytes() == (files.raw_dir(second) / name).read_bytes()
        check_equal(
            same,
            True,
            call=written.named(
                f"(files.raw_dir(a) / {name!r}).read_bytes() == (files.raw_dir(b) / {name!r}).read_bytes()"
            ),
        )


def test_synthetic_images_differ_between_seeds() -> None:
    a, _ = synthetic.synthetic_split(False, n=30, seed=0)
    b, _ = synthetic.synthetic_split(False, n=30, seed=1)
    split = "synthetic.synthetic_split(False, n=30, seed={})[0]".format
    call = SYNTHETIC.also("import numpy as np").named(f"np.array_equal({split(0)}, {split(1)})")
    check_equal(bool(np.array_equal(a, b)), False, call=call)


def test_synthetic_root_says_it_is_synthetic(synthetic_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    c = FILES.also(SYNTHETIC_ROOT)
    check(files.is_synthetic(synthetic_root), call=c.dot("is_synthetic(root)"), actual=False, expected="True")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(synthetic_root))
    described = files.describe_data_root()
    call = c.also("os.environ['FASHION_MNIST_ROOT'] = str(root)").dot("describe_data_root()")
    check("SYNTHETIC" in described, call=call, actual=described, expected="a text that says SYNTHETIC")


def test_synthetic_classes_are_told_apart_by_their_mean_images() -> None:
    """Ten distinct garments: the nearest class-mean image of the training split labels the test split."""
    accuracy = nearest_mean_accuracy(synthetic.load_tensors(True), synthetic.load_tensors(False))
    call = SYNTHETIC.named("nearest_mean_accuracy(synthetic.load_tensors(True), synthetic.load_tensors(False))")
    check(accuracy >= 0.95, call=call, actual=accuracy, expected=">= 0.95")


def test_synthetic_classes_have_the_same_mean_brightness() -> None:
    """No class outshines another: an untrained MLP's logits grow with the input's norm, so a brighter class
    would take every early prediction and slow the first epochs down."""
    spread = brightness_spread(synthetic.load_tensors(True))
    call = SYNTHETIC.named("brightness_spread(synthetic.load_tensors(True))")
    check(spread < 1.1, call=call, actual=round(spread, 3), expected="< 1.1")


@pytest.mark.slow
def test_synthetic_generation_of_7000_images_takes_well_under_1_s() -> None:
    seconds = best_of_3(lambda: (synthetic.synthetic_split(True, seed=5), synthetic.synthetic_split(False, seed=5)))
    call = SYNTHETIC.named(
        "best_of_3(lambda: (synthetic.synthetic_split(True, seed=5), synthetic.synthetic_split(False, seed=5)))"
    )
    check(seconds < 0.5, call=call, actual=round(seconds, 3), expected="under 0.5 s")


# ---------------------------------------------------------------------------------------------
# Preloading: the same split as uint8 tensors, for batching without a PIL image per sample.


@pytest.mark.parametrize("train", SPLITS)
def test_synthetic_preloaded_split_equals_the_written_files(train: bool, synthetic_root: Path) -> None:
    dataset = datasets.FashionMNIST(synthetic_root, train=train)
    images, labels = synthetic.load_tensors(train)
    c, situation = SYNTHETIC.dot(f"load_tensors({train})"), f"FashionMNIST(root, train={train}) of the files written"
    check_tensor_equal(images, dataset.data, call=c.at(0), situation=situation)
    check_tensor_equal(labels, dataset.targets, call=c.at(1), situation=situation)


def test_synthetic_preloaded_tensors_are_fresh_each_call() -> None:
    """Callers may normalise in place: that must not change what the next caller gets."""
    images, labels = synthetic.load_tensors(False)
    before = images[0].clone()
    images.zero_()
    labels.zero_()
    again, again_labels = synthetic.load_tensors(False)
    c = SYNTHETIC.also("images, labels = synthetic.load_tensors(False); images.zero_(); labels.zero_()")
    check_tensor_equal(again[0], before, call=c.dot("load_tensors(False)").at(0).at(0))
    check_equal(bool(again_labels.any()), True, call=c.dot("load_tensors(False)").at(1).dot("any()"))


@pytest.mark.parametrize("source", ["synthetic", "real"])
@pytest.mark.parametrize("device", devices())
def test_preloaded_images_scaled_equal_to_tensor_of_each_pil_image(
    source: str, device: str, synthetic_root: Path
) -> None:
    """`images.float().div(255).unsqueeze(1)` is bit for bit ToTensor() of every dataset[i][0] (a sample here)."""
    root = root_of(source, synthetic_root)
    dataset = datasets.FashionMNIST(root, train=False, transform=ToTensor())
    images, labels = files.load_tensors(False, root=root)
    scaled = images.to(device).float().div(255).unsqueeze(1)  # (N, 28, 28) uint8 -> (N, 1, 28, 28) float32
    preloaded = f"{FILES.setup}; images, labels = files.load_tensors(False, root=root)"
    for i in [0, 1, 2, 17, 500, len(dataset) - 1]:
        image, label = dataset[i]
        situation = f"FashionMNIST(root, train=False, transform=ToTensor())[{i}], {source} data"
        scaled_call = Call("transforms", f"images.float().div(255).unsqueeze(1)[{i}]", setup=preloaded)
        check_tensor_equal(scaled[i], image.to(device), call=scaled_call, situation=situation)
        check_equal(int(labels[i]), label, call=Call("data", f"int(labels[{i}])", setup=preloaded), situation=situation)
