"""Tutorial 1.4.1 Loading a Dataset (加载数据集), offline: where the Fashion-MNIST files are found; their checks.

The tutorial's `datasets.FashionMNIST(root="data", download=True)` needs the internet. The reference
(reference.fashion_mnist.files.find_root) looks, in order, at the root argument, $FASHION_MNIST_ROOT, the Debian package
dataset-fashion-mnist (decompressed once into a cache root) and, only when allowed, torchvision's
download; it checks every IDX file before torchvision reads it. Every test here works in temporary
directories (the environment is pointed at them), so none depends on this machine's data or network.
"""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import pytest
import torch
from torchvision import datasets
from torchvision.transforms import ToTensor

from reference import data
from reference.fashion_mnist import files as data_files
from reference.fashion_mnist import synthetic
from spec.helpers.checks import check, check_equal, check_raises

pytestmark = pytest.mark.data
WHERE = "reference.fashion_mnist.files.find_root (tutorial 1.4.1 Loading a Dataset, offline)"
WHERE_CHECKS = "reference.fashion_mnist.files.validate_idx (the IDX files behind tutorial 1.4.1)"
NAMES = [*data_files.FILES[True], *data_files.FILES[False]]


@pytest.fixture(autouse=True)
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No data anywhere: FASHION_MNIST_ROOT unset, the Debian directory and the cache root empty temporaries."""
    monkeypatch.delenv("FASHION_MNIST_ROOT", raising=False)
    monkeypatch.setenv("FASHION_MNIST_DEBIAN_DIR", str(tmp_path / "debian"))
    monkeypatch.setenv("FASHION_MNIST_CACHE", str(tmp_path / "cache"))
    (tmp_path / "debian").mkdir()
    return tmp_path


def small_root(path: Path, *, n_train: int = 40, n_test: int = 20, seed: int = 0) -> Path:
    """A root with small synthetic IDX files: quick to write, the same format as the real ones."""
    return synthetic.write_synthetic(path, n_train=n_train, n_test=n_test, seed=seed)


def contains(text: str, *parts: str) -> bool:
    return all(part in text for part in parts)


# ---------------------------------------------------------------------------------------------
# The search order.


def test_find_root_returns_the_root_argument_holding_the_files(tmp_path: Path) -> None:
    root = small_root(tmp_path / "given")
    check_equal(data_files.find_root(root), root, what="find_root(root)", where=WHERE)


def test_find_root_prefers_the_root_argument_to_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(small_root(tmp_path / "env")))
    given = small_root(tmp_path / "given")
    check_equal(
        data_files.find_root(given), given, what="find_root(root) with FASHION_MNIST_ROOT also set", where=WHERE
    )


def test_find_root_uses_the_env_var_when_no_root_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = small_root(tmp_path / "env")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(env))
    check_equal(data_files.find_root(), env, what="find_root() with FASHION_MNIST_ROOT set", where=WHERE)


def test_find_root_goes_on_past_a_root_argument_without_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tutorial's root="data" on a machine without downloads still finds the data set elsewhere."""
    env = small_root(tmp_path / "env")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(env))
    check_equal(
        data_files.find_root(tmp_path / "empty"),
        env,
        what="find_root(empty dir) with FASHION_MNIST_ROOT set",
        where=WHERE,
    )


def test_find_root_does_not_go_past_a_fashion_mnist_root_without_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set on purpose, FASHION_MNIST_ROOT must hold the files: the Debian package's copy is not used in its place."""
    gzip_into(small_root(tmp_path / "source"), tmp_path / "debian")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(tmp_path / "empty"))
    exc = check_raises(
        data_files.DataNotFoundError,
        lambda: data_files.find_root(),
        what="find_root() with FASHION_MNIST_ROOT at an empty folder and the Debian files present",
        where=WHERE,
    )
    check(
        contains(str(exc), "FASHION_MNIST_ROOT", str(tmp_path / "empty"), "unset it"),
        what="DataNotFoundError message",
        actual=str(exc),
        expected="a text naming FASHION_MNIST_ROOT, its folder, and the fix",
        where=WHERE,
    )


def gzip_into(source_root: Path, debian: Path) -> None:
    """Lay out source_root's files as the Debian package does: .gz files in one directory."""
    for name in NAMES:
        (debian / f"{name}.gz").write_bytes(gzip.compress((data_files.raw_dir(source_root) / name).read_bytes()))


def test_find_root_decompresses_the_debian_files_once_into_the_cache_root(tmp_path: Path) -> None:
    source = small_root(tmp_path / "source")
    gzip_into(source, tmp_path / "debian")
    root = data_files.find_root()
    check_equal(root, tmp_path / "cache", what="find_root() with only the Debian files", where=WHERE)
    for name in NAMES:
        same = (data_files.raw_dir(root) / name).read_bytes() == (data_files.raw_dir(source) / name).read_bytes()
        check(
            same,
            what=f"cache root's {name}",
            actual="other bytes",
            expected="the decompressed Debian file",
            where=WHERE,
        )
    stamps = [(data_files.raw_dir(root) / name).stat().st_mtime_ns for name in NAMES]
    data_files.find_root()
    again = [(data_files.raw_dir(root) / name).stat().st_mtime_ns for name in NAMES]
    check_equal(again, stamps, what="modification times of the cached files after a second find_root()", where=WHERE)


def test_find_root_decompresses_gz_files_left_in_a_roots_raw_dir(tmp_path: Path) -> None:
    """As torchvision's download leaves them, or as a learner copies the Debian files: .gz beside nothing."""
    source = small_root(tmp_path / "source")
    root = tmp_path / "given"
    data_files.raw_dir(root).mkdir(parents=True)
    gzip_into(source, data_files.raw_dir(root))
    check_equal(data_files.find_root(root), root, what="find_root(root) whose raw/ holds only .gz files", where=WHERE)
    for name in NAMES:
        same = (data_files.raw_dir(root) / name).read_bytes() == (data_files.raw_dir(source) / name).read_bytes()
        check(same, what=f"{name} beside its .gz", actual="other bytes", expected="the decompressed file", where=WHERE)


def test_find_root_repairs_a_damaged_cache_from_the_debian_files(tmp_path: Path) -> None:
    source = small_root(tmp_path / "source")
    gzip_into(source, tmp_path / "debian")
    root = data_files.find_root()
    damaged = data_files.raw_dir(root) / data_files.FILES[True][0]
    damaged.write_bytes(damaged.read_bytes()[:1000])  # as a crash in the middle of a copy would leave it
    data_files.find_root()
    same = damaged.read_bytes() == (data_files.raw_dir(source) / data_files.FILES[True][0]).read_bytes()
    check(
        same,
        what="the truncated cache file after find_root()",
        actual="still damaged",
        expected="decompressed again",
        where=WHERE,
    )


def test_find_root_without_data_lists_what_it_tried_and_the_fix(tmp_path: Path) -> None:
    exc = check_raises(
        data_files.DataNotFoundError,
        lambda: data_files.find_root(),
        what="find_root() with no data anywhere",
        where=WHERE,
    )
    check(
        isinstance(exc, FileNotFoundError),
        what="type(error)",
        actual=type(exc),
        expected="a FileNotFoundError",
        where=WHERE,
    )
    message = str(exc)
    for part in (
        "root argument",
        "FASHION_MNIST_ROOT",
        data_files.DEBIAN_PACKAGE,
        str(tmp_path / "debian"),
        "download=False",
        f"apt-get install {data_files.DEBIAN_PACKAGE}",
    ):
        check(
            part in message,
            what="DataNotFoundError message",
            actual=message,
            expected=f"a text naming {part!r}",
            where=WHERE,
        )


def test_find_root_downloads_only_when_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """download=True hands over to torchvision's download (replaced here: tests never download)."""
    calls: list[str] = []

    def fake_download(self: datasets.FashionMNIST) -> None:
        calls.append(str(self.root))
        small_root(Path(self.root))

    monkeypatch.setattr(datasets.FashionMNIST, "download", fake_download)
    check_raises(
        data_files.DataNotFoundError,
        lambda: data_files.find_root(),
        what="find_root() without data, download=False",
        where=WHERE,
    )
    check_equal(calls, [], what="downloads started by find_root(download=False)", where=WHERE)
    root = data_files.find_root(download=True)
    check_equal(
        (root, calls),
        (tmp_path / "cache", [str(tmp_path / "cache")]),
        what="(find_root(download=True), downloads into)",
        where=WHERE,
    )


def test_find_root_download_into_the_root_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the tutorial: FashionMNIST(root="data", download=True) puts the files under root."""
    monkeypatch.setattr(datasets.FashionMNIST, "download", lambda self: small_root(Path(self.root)))
    check_equal(
        data_files.find_root(tmp_path / "data", download=True),
        tmp_path / "data",
        what="find_root(root, download=True)",
        where=WHERE,
    )


def test_find_root_reports_a_failed_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(self: datasets.FashionMNIST) -> None:
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: network unreachable")

    monkeypatch.setattr(datasets.FashionMNIST, "download", offline)
    exc = check_raises(
        data_files.DataNotFoundError,
        lambda: data_files.find_root(download=True),
        what="find_root(download=True) offline",
        where=WHERE,
    )
    check(
        "network unreachable" in str(exc),
        what="DataNotFoundError message",
        actual=str(exc),
        expected="a text that includes the download's error",
        where=WHERE,
    )


def test_describe_data_root_says_absent_and_how_to_fix_it() -> None:
    described = data_files.describe_data_root()
    check(
        contains(described, "absent", "FASHION_MNIST_ROOT", data_files.DEBIAN_PACKAGE),
        what="describe_data_root()",
        actual=described,
        expected="a text saying absent, naming FASHION_MNIST_ROOT and the Debian package",
        where=WHERE,
    )


def test_describe_data_root_names_the_root_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "real"
    small_root(root)
    (root / "FashionMNIST" / data_files.SYNTHETIC_MARKER).unlink()  # stands in for the real files
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(root))
    described = data_files.describe_data_root()
    check(
        contains(described, str(root), "FASHION_MNIST_ROOT") and "SYNTHETIC" not in described,
        what="describe_data_root()",
        actual=described,
        expected=f"a text naming {root} and FASHION_MNIST_ROOT",
        where=WHERE,
    )


def test_fashion_mnist_is_torchvisions_dataset_with_the_transforms_given(tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    dataset = data.fashion_mnist(False, root=root, transform=ToTensor(), target_transform=lambda y: y + 100)
    image, label = dataset[0]
    check(
        isinstance(dataset, datasets.FashionMNIST),
        what="type(fashion_mnist(...))",
        actual=type(dataset),
        expected="torchvision.datasets.FashionMNIST",
        where=WHERE,
    )
    check_equal(
        (tuple(image.shape), image.dtype),
        ((1, 28, 28), torch.float32),
        what="(shape, dtype) of fashion_mnist(False, transform=ToTensor())[0][0]",
        where=WHERE,
    )
    check_equal(label, int(dataset.targets[0]) + 100, what="label with target_transform=lambda y: y + 100", where=WHERE)


# ---------------------------------------------------------------------------------------------
# Damaged files: one clear error each, naming the file and what is wrong.


def damage(root: Path, kind: str) -> Path:
    """Damage one file of a small root the way `kind` says; returns the damaged file."""
    raw = data_files.raw_dir(root)
    images, labels = raw / data_files.FILES[False][0], raw / data_files.FILES[False][1]
    if kind == "truncated images":
        images.write_bytes(images.read_bytes()[:-100])
        return images
    if kind == "fewer labels than images":  # a valid IDX file, just one label short
        body = labels.read_bytes()[8:-1]
        labels.write_bytes(struct.pack(">II", data_files.LABEL_MAGIC, len(body)) + body)
        return labels
    if kind == "wrong magic":  # a label file where the image file should be
        images.write_bytes(labels.read_bytes())
        return images
    if kind == "gzip-compressed":
        images.write_bytes(gzip.compress(images.read_bytes()))
        return images
    if kind == "label 10":
        content = bytearray(labels.read_bytes())
        content[8 + 5] = 10
        labels.write_bytes(bytes(content))
        return labels
    if kind == "32x32 images":
        content = images.read_bytes()
        n = struct.unpack(">I", content[4:8])[0]
        images.write_bytes(struct.pack(">IIII", data_files.IMAGE_MAGIC, n, 32, 32) + bytes(n * 32 * 32))
        return images
    raise ValueError(kind)


DAMAGES = {  # kind -> words the error must contain, besides the file's path
    "truncated images": ("truncated",),
    "fewer labels than images": ("19 labels", "20 images"),
    "wrong magic": ("magic",),
    "gzip-compressed": ("magic", "decompress"),
    "label 10": ("label 10", "0..9"),
    "32x32 images": ("32x32", "28x28"),
}


@pytest.mark.parametrize("kind", DAMAGES)
def test_validate_idx_names_the_file_and_what_is_wrong(kind: str, tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    damaged = damage(root, kind)
    raw = data_files.raw_dir(root)
    exc = check_raises(
        ValueError,
        lambda: data_files.validate_idx(*(raw / name for name in data_files.FILES[False])),
        what=f"validate_idx(...) of a test split with {kind}",
        where=WHERE_CHECKS,
    )
    for part in (str(damaged), *DAMAGES[kind]):
        check(
            part in str(exc),
            what="validate_idx's error",
            actual=str(exc),
            expected=f"a text naming {part!r}",
            where=WHERE_CHECKS,
        )


@pytest.mark.parametrize("kind", DAMAGES)
def test_fashion_mnist_refuses_damaged_files_before_torchvision_reads_them(kind: str, tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    damaged = damage(root, kind)
    exc = check_raises(
        ValueError,
        lambda: data.fashion_mnist(False, root=root),
        what=f"fashion_mnist(False, root) with {kind}",
        where=WHERE_CHECKS,
    )
    check(
        str(damaged) in str(exc),
        what="fashion_mnist's error",
        actual=str(exc),
        expected=f"a text naming {damaged}",
        where=WHERE_CHECKS,
    )


def test_validate_idx_returns_the_number_of_images(tmp_path: Path) -> None:
    raw = data_files.raw_dir(small_root(tmp_path / "root", n_test=30))
    check_equal(
        data_files.validate_idx(raw / data_files.FILES[False][0], raw / data_files.FILES[False][1]),
        30,
        what="validate_idx(test images, test labels) of 30 images",
        where=WHERE_CHECKS,
    )


def test_validate_idx_names_a_missing_file(tmp_path: Path) -> None:
    raw = data_files.raw_dir(small_root(tmp_path / "root"))
    (raw / data_files.FILES[False][1]).unlink()
    exc = check_raises(
        ValueError,
        lambda: data_files.validate_idx(*(raw / name for name in data_files.FILES[False])),
        what="validate_idx(...) without the label file",
        where=WHERE_CHECKS,
    )
    check(
        str(raw / data_files.FILES[False][1]) in str(exc),
        what="validate_idx's error",
        actual=str(exc),
        expected="a text naming the missing file",
        where=WHERE_CHECKS,
    )


def test_fact_torchvision_alone_accepts_a_short_label_file_and_fails_later(tmp_path: Path) -> None:
    """Why validate_idx exists: torchvision loads 20 images with 19 labels, then indexing the last one fails."""
    root = small_root(tmp_path / "root")
    damage(root, "fewer labels than images")
    dataset = datasets.FashionMNIST(root, train=False)
    check_equal(
        len(dataset),
        20,
        what="len(FashionMNIST(...)) with 20 images and 19 labels",
        where="torchvision.datasets.FashionMNIST",
    )
    check_raises(
        IndexError,
        lambda: dataset[19],
        what="FashionMNIST(...)[19] with 19 labels",
        where="torchvision.datasets.FashionMNIST",
    )


# ---------------------------------------------------------------------------------------------
# Damaged data under FASHION_MNIST_ROOT is the environment's error: the tests that need it skip with the file and
# the fix, and only a check that uses no learner code fails.


def test_real_root_skips_with_an_environment_error_naming_a_truncated_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spec.pages import test_data_fashion_mnist as real

    root = small_root(tmp_path / "real")
    (root / "FashionMNIST" / data_files.SYNTHETIC_MARKER).unlink()  # stands in for the real files
    damaged = damage(root, "truncated images")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(root))
    real._find_real_root.cache_clear()
    try:
        skipped = check_raises(
            pytest.skip.Exception,
            real.real_root,
            what="real_root() with a truncated file under FASHION_MNIST_ROOT",
            where=WHERE,
        )
        failed = check_raises(
            pytest.fail.Exception,
            real.test_real_data_files_are_not_damaged,
            what="test_real_data_files_are_not_damaged() with a truncated file",
            where=WHERE,
        )
    finally:
        real._find_real_root.cache_clear()  # the next test sees this machine's data again
    for exc in (skipped, failed):
        for part in (real.DAMAGED, str(damaged), "truncated", "FASHION_MNIST_ROOT", "Fix"):
            check(
                part in str(exc), what="the message", actual=str(exc), expected=f"a text naming {part!r}", where=WHERE
            )
