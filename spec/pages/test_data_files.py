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
from reference.fashion_mnist import files, synthetic
from spec.helpers.calls import Call
from spec.helpers.checks import check, check_equal, check_raises

pytestmark = pytest.mark.data
NAMES = [*files.FILES[True], *files.FILES[False]]
FILES = Call("data", "files", setup="from reference.fashion_mnist import files")
FIND = FILES.dot("find_root()")
ENV = "os.environ['FASHION_MNIST_ROOT'] = env"
VALIDATE = FILES.dot("validate_idx(*(files.raw_dir(root) / name for name in files.FILES[False]))")


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


def check_text(text: str, parts: tuple[str, ...], *, call: Call, situation: str = "") -> None:
    """`text` (an error's, a description's) names every one of `parts`, each failing on its own."""
    __tracebackhide__ = True
    for part in parts:
        check(part in text, call=call, actual=text, expected=f"a text naming {part!r}", situation=situation)


def validate_test_split(root: Path) -> int:
    """files.validate_idx of root's test images and labels."""
    return files.validate_idx(*(files.raw_dir(root) / name for name in files.FILES[False]))


def check_same_files(root: Path, source: Path, *, call: Call, situation: str, names: list[str] = NAMES) -> None:
    """Each of `names` under root's raw/ has the bytes of the one under source's raw/ (a decompressed copy)."""
    __tracebackhide__ = True
    for name in names:
        same = (files.raw_dir(root) / name).read_bytes() == (files.raw_dir(source) / name).read_bytes()
        check(
            same,
            call=call.then(f" / {name!r}"),
            actual="other bytes",
            expected="the decompressed file",
            situation=situation,
        )


# ---------------------------------------------------------------------------------------------
# The search order.


def test_find_root_returns_the_root_argument_holding_the_files(tmp_path: Path) -> None:
    root = small_root(tmp_path / "given")
    check_equal(files.find_root(root), root, call=FILES.dot("find_root(root)"))


def test_find_root_prefers_the_root_argument_to_the_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(small_root(tmp_path / "env")))
    given = small_root(tmp_path / "given")
    check_equal(files.find_root(given), given, call=FILES.also(ENV).dot("find_root(given)"))


def test_find_root_uses_the_env_var_when_no_root_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = small_root(tmp_path / "env")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(env))
    check_equal(files.find_root(), env, call=FILES.also(ENV).dot("find_root()"))


def test_find_root_goes_on_past_a_root_argument_without_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tutorial's root="data" on a machine without downloads still finds the data set elsewhere."""
    env = small_root(tmp_path / "env")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(env))
    check_equal(files.find_root(tmp_path / "empty"), env, call=FILES.also(ENV).dot("find_root('empty')"))


def test_find_root_does_not_go_past_a_fashion_mnist_root_without_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Set on purpose, FASHION_MNIST_ROOT must hold the files: the Debian package's copy is not used in its place."""
    gzip_into(small_root(tmp_path / "source"), tmp_path / "debian")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(tmp_path / "empty"))
    call = FILES.also("os.environ['FASHION_MNIST_ROOT'] = 'empty'").dot("find_root()")
    situation = "FASHION_MNIST_ROOT at an empty folder, the Debian files present"
    exc = check_raises(files.DataNotFoundError, files.find_root, call=call, situation=situation)
    check_text(str(exc), ("FASHION_MNIST_ROOT", str(tmp_path / "empty"), "unset it"), call=call, situation=situation)


def gzip_into(source_root: Path, debian: Path) -> None:
    """Lay out source_root's files as the Debian package does: .gz files in one directory."""
    for name in NAMES:
        (debian / f"{name}.gz").write_bytes(gzip.compress((files.raw_dir(source_root) / name).read_bytes()))


def test_find_root_decompresses_the_debian_files_once_into_the_cache_root(tmp_path: Path) -> None:
    source = small_root(tmp_path / "source")
    gzip_into(source, tmp_path / "debian")
    root = files.find_root()
    situation = "only the Debian package's .gz files present"
    check_equal(root, tmp_path / "cache", call=FIND, situation=situation)
    check_same_files(root, source, call=FILES.named("files.raw_dir(files.find_root())"), situation=situation)
    stamps = [(files.raw_dir(root) / name).stat().st_mtime_ns for name in NAMES]
    files.find_root()
    again = [(files.raw_dir(root) / name).stat().st_mtime_ns for name in NAMES]
    call = FILES.named("[(files.raw_dir(root) / name).stat().st_mtime_ns for name in names]")
    check_equal(again, stamps, call=call, situation="after a second find_root(): the cache is not written again")


def test_find_root_decompresses_gz_files_left_in_a_roots_raw_dir(tmp_path: Path) -> None:
    """As torchvision's download leaves them, or as a learner copies the Debian files: .gz beside nothing."""
    source = small_root(tmp_path / "source")
    root = tmp_path / "given"
    files.raw_dir(root).mkdir(parents=True)
    gzip_into(source, files.raw_dir(root))
    call, situation = FILES.dot("find_root(root)"), "root's raw/ holds only .gz files"
    check_equal(files.find_root(root), root, call=call, situation=situation)
    check_same_files(root, source, call=FILES.named("files.raw_dir(root)"), situation=situation)


def test_find_root_repairs_a_damaged_cache_from_the_debian_files(tmp_path: Path) -> None:
    source = small_root(tmp_path / "source")
    gzip_into(source, tmp_path / "debian")
    root = files.find_root()
    damaged = files.raw_dir(root) / files.FILES[True][0]
    damaged.write_bytes(damaged.read_bytes()[:1000])  # as a crash in the middle of a copy would leave it
    files.find_root()
    situation = "its copy truncated to 1000 bytes before a second find_root()"
    check_same_files(
        root, source, call=FILES.named("files.raw_dir(files.find_root())"), situation=situation, names=[damaged.name]
    )


def test_find_root_without_data_lists_what_it_tried_and_the_fix(tmp_path: Path) -> None:
    situation = "no data anywhere"
    exc = check_raises(files.DataNotFoundError, files.find_root, call=FIND, situation=situation)
    check(isinstance(exc, FileNotFoundError), call=FIND, actual=type(exc), expected="a FileNotFoundError", kind="type")
    package = files.DEBIAN_PACKAGE
    parts = ("root argument", "FASHION_MNIST_ROOT", package, str(tmp_path / "debian"), "download=False")
    check_text(str(exc), (*parts, f"apt-get install {package}"), call=FIND, situation=situation)


def test_find_root_downloads_only_when_allowed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """download=True hands over to torchvision's download (replaced here: tests never download)."""
    calls: list[str] = []

    def fake_download(self: datasets.FashionMNIST) -> None:
        calls.append(str(self.root))
        small_root(Path(self.root))

    monkeypatch.setattr(datasets.FashionMNIST, "download", fake_download)
    recorded = FILES.also("downloads = []; FashionMNIST.download = lambda self: downloads.append(self.root)")
    situation = "no data anywhere"
    check_raises(files.DataNotFoundError, files.find_root, call=recorded.dot("find_root()"), situation=situation)
    check_equal(calls, [], call=recorded.also("files.find_root()").named("downloads"), situation=situation)
    check_equal(
        (files.find_root(download=True), calls),
        (tmp_path / "cache", [str(tmp_path / "cache")]),
        call=recorded.named("(files.find_root(download=True), downloads)"),
        situation=situation,
    )


def test_find_root_download_into_the_root_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the tutorial: FashionMNIST(root="data", download=True) puts the files under root."""
    monkeypatch.setattr(datasets.FashionMNIST, "download", lambda self: small_root(Path(self.root)))
    check_equal(
        files.find_root(tmp_path / "data", download=True),
        tmp_path / "data",
        call=FILES.dot("find_root('data', download=True)"),
    )


def test_find_root_reports_a_failed_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def offline(self: datasets.FashionMNIST) -> None:
        raise RuntimeError("Error downloading train-images-idx3-ubyte.gz: network unreachable")

    monkeypatch.setattr(datasets.FashionMNIST, "download", offline)
    call, situation = FILES.dot("find_root(download=True)"), "offline: the download raises RuntimeError"
    exc = check_raises(files.DataNotFoundError, lambda: files.find_root(download=True), call=call, situation=situation)
    check_text(str(exc), ("network unreachable",), call=call, situation=situation)


def test_describe_data_root_says_absent_and_how_to_fix_it() -> None:
    described = files.describe_data_root()
    parts = ("absent", "FASHION_MNIST_ROOT", files.DEBIAN_PACKAGE)
    check_text(described, parts, call=FILES.dot("describe_data_root()"), situation="no data anywhere")


def test_describe_data_root_names_the_root_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "real"
    small_root(root)
    (root / "FashionMNIST" / files.SYNTHETIC_MARKER).unlink()  # stands in for the real files
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(root))
    described = files.describe_data_root()
    check(
        all(part in described for part in (str(root), "FASHION_MNIST_ROOT")) and "SYNTHETIC" not in described,
        call=FILES.also("os.environ['FASHION_MNIST_ROOT'] = root").dot("describe_data_root()"),
        actual=described,
        expected=f"a text naming {root} and FASHION_MNIST_ROOT, not SYNTHETIC",
        situation="real (not synthetic) files under FASHION_MNIST_ROOT",
    )


def test_fashion_mnist_is_torchvisions_dataset_with_the_transforms_given(tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    dataset = data.fashion_mnist(False, root=root, transform=ToTensor(), target_transform=lambda y: y + 100)
    image, label = dataset[0]
    c = Call(
        "data",
        "dataset",
        setup="from reference import data; "
        "dataset = data.fashion_mnist(False, root=root, transform=ToTensor(), target_transform=lambda y: y + 100)",
    )
    check(
        isinstance(dataset, datasets.FashionMNIST),
        call=c.named("type(dataset)"),
        actual=type(dataset),
        expected="torchvision.datasets.FashionMNIST",
        kind="type",
    )
    check_equal(
        (tuple(image.shape), image.dtype),
        ((1, 28, 28), torch.float32),
        call=c.named("(dataset[0][0].shape, dataset[0][0].dtype)"),
    )
    check_equal(label, int(dataset.targets[0]) + 100, call=c.at(0).at(1), situation="dataset.targets[0] + 100")


# ---------------------------------------------------------------------------------------------
# Damaged files: one clear error each, naming the file and what is wrong.


def damage(root: Path, kind: str) -> Path:
    """Damage one file of a small root the way `kind` says; returns the damaged file."""
    raw = files.raw_dir(root)
    images, labels = raw / files.FILES[False][0], raw / files.FILES[False][1]
    if kind == "truncated images":
        images.write_bytes(images.read_bytes()[:-100])
        return images
    if kind == "fewer labels than images":  # a valid IDX file, just one label short
        body = labels.read_bytes()[8:-1]
        labels.write_bytes(struct.pack(">II", files.LABEL_MAGIC, len(body)) + body)
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
        images.write_bytes(struct.pack(">IIII", files.IMAGE_MAGIC, n, 32, 32) + bytes(n * 32 * 32))
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
    situation = f"a test split with {kind}"
    exc = check_raises(ValueError, lambda: validate_test_split(root), call=VALIDATE, situation=situation)
    check_text(str(exc), (str(damaged), *DAMAGES[kind]), call=VALIDATE, situation=situation)


@pytest.mark.parametrize("kind", DAMAGES)
def test_fashion_mnist_refuses_damaged_files_before_torchvision_reads_them(kind: str, tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    damaged = damage(root, kind)
    call = Call("data", "data.fashion_mnist(False, root=root)", setup="from reference import data")
    exc = check_raises(ValueError, lambda: data.fashion_mnist(False, root=root), call=call, situation=kind)
    check_text(str(exc), (str(damaged),), call=call, situation=kind)


def test_validate_idx_returns_the_number_of_images(tmp_path: Path) -> None:
    root = small_root(tmp_path / "root", n_test=30)
    check_equal(validate_test_split(root), 30, call=VALIDATE, situation="a test split of 30 images")


def test_validate_idx_names_a_missing_file(tmp_path: Path) -> None:
    root = small_root(tmp_path / "root")
    missing = files.raw_dir(root) / files.FILES[False][1]
    missing.unlink()
    exc = check_raises(ValueError, lambda: validate_test_split(root), call=VALIDATE, situation="no label file")
    check_text(str(exc), (str(missing),), call=VALIDATE, situation="no label file")


def test_fact_torchvision_alone_accepts_a_short_label_file_and_fails_later(tmp_path: Path) -> None:
    """Why validate_idx exists: torchvision loads 20 images with 19 labels, then indexing the last one fails."""
    root = small_root(tmp_path / "root")
    damage(root, "fewer labels than images")
    dataset = datasets.FashionMNIST(root, train=False)
    call = Call("data", "dataset", setup="dataset = FashionMNIST(root, train=False)")
    situation = "20 images and 19 labels"
    check_equal(len(dataset), 20, call=call.named("len(dataset)"), situation=situation)
    check_raises(IndexError, lambda: dataset[19], call=call.at(19), situation=situation)


# ---------------------------------------------------------------------------------------------
# Damaged data under FASHION_MNIST_ROOT is the environment's error: the tests that need it skip with the file and
# the fix, and only a check that uses no learner code fails.


def test_real_root_skips_with_an_environment_error_naming_a_truncated_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spec.pages import test_data_fashion_mnist as real

    root = small_root(tmp_path / "real")
    (root / "FashionMNIST" / files.SYNTHETIC_MARKER).unlink()  # stands in for the real files
    damaged = damage(root, "truncated images")
    monkeypatch.setenv("FASHION_MNIST_ROOT", str(root))
    real._find_real_root.cache_clear()
    page = Call("data", "real_root()", setup="from spec.pages import test_data_fashion_mnist as page")
    situation = "a truncated file under FASHION_MNIST_ROOT"
    try:
        skipped = check_raises(pytest.skip.Exception, real.real_root, call=page, situation=situation)
        failed = check_raises(
            pytest.fail.Exception,
            real.test_real_data_files_are_not_damaged,
            call=page.named("test_real_data_files_are_not_damaged()"),
            situation=situation,
        )
    finally:
        real._find_real_root.cache_clear()  # the next test sees this machine's data again
    for exc, call in ((skipped, page), (failed, page.named("test_real_data_files_are_not_damaged()"))):
        check_text(str(exc), (real.DAMAGED, str(damaged), "truncated", "FASHION_MNIST_ROOT", "Fix"), call=call)
