"""Tutorial 1.5 Transforms (变换): ToTensor, Normalize and the one-hot Lambda, written as the functions
to_tensor, normalize and one_hot, and the page's FashionMNIST(transform=..., target_transform=...).

torchvision's own transforms that the page lists (ToPILImage, Resize, crops, flips, rotation) and what the
page says about ToTensor and Normalize themselves are in test_transforms_facts.py.

Situations each name's contract allows, all checked here:
- to_tensor: PIL "L" and "RGB", uint8 arrays (H, W) and (H, W, C) with C = 1, 3, 4, sizes from 1x1 to 28x28,
  every value 0..255, a crop of a larger array (not contiguous in memory); the input unchanged.
- normalize: (C, H, W) and (*B, C, H, W) with zero, one or two batch dimensions of any size (the number of
  channels too), a cropped (non-contiguous) image, float32 and float64, mean and std as lists or tuples,
  cpu and cuda; the input unchanged, a new tensor.
- one_hot: every label of 1 to 50 classes, the default 10; labels past the last class raise; each call a new
  tensor (earlier results and later calls independent).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import example, given
from hypothesis import strategies as st
from PIL import Image
from torchvision import datasets
from torchvision import transforms as T

from spec.helpers import strategies
from spec.helpers.calls import Call, Tol
from spec.helpers.checks import (
    call_checked,
    check,
    check_equal,
    check_raises,
    check_tensor,
    check_tensor_equal,
    check_unchanged,
    devices,
    result_or_error,
    source_of,
)
from spec.helpers.random_stream import check_draws_no_random_numbers

pytestmark = pytest.mark.transforms
ULP = Tol(rtol=2.5e-7, atol=0.0)  # about two float32 steps: x * (1 / 255) is within one step of x / 255
NORMALIZE_TOL = Tol(rtol=1e-5, atol=1e-5)
CHANNELS = "the channels are dimension -3 of (..., C, H, W)"


# ---------------------------------------------------------------------------------------------
# to_tensor: PIL image or uint8 array (H, W) / (H, W, C) -> float32 (C, H, W), value k -> k / 255

KINDS = ["L", "RGB", "HW", "HWC1", "HWC3", "HWC4"]  # PIL modes, then uint8 array layouts


def _image(kind: str, values: np.ndarray) -> tuple[Image.Image | np.ndarray, np.ndarray, str]:
    """(input of that kind, its pixels as a uint8 (H, W, C) array, a line that builds it) from (H, W, C) values."""
    c = {"L": 1, "RGB": 3, "HW": 1, "HWC1": 1, "HWC3": 3, "HWC4": 4}[kind]
    hwc = np.ascontiguousarray(values[:, :, :c])
    h, w = hwc.shape[:2]
    shape = (h, w) if kind in ("L", "HW") else (h, w, c)
    array = f"np.random.randint(0, 256, {shape}, dtype=np.uint8)"
    if kind in ("L", "RGB"):
        return Image.fromarray(hwc[:, :, 0] if c == 1 else hwc), hwc, f"Image.fromarray({array})"
    if kind == "HW":
        return hwc[:, :, 0].copy(), hwc, array
    return hwc, hwc, array


def _distinct_pixels(h: int = 9, w: int = 7) -> np.ndarray:
    """(H, W, 4) uint8 with all values different (9 * 7 * 4 = 252 <= 256), shuffled: a moved pixel shows."""
    return np.random.default_rng(5).permutation(256)[: h * w * 4].astype(np.uint8).reshape(h, w, 4)


def _array(array: np.ndarray) -> str:
    """Code that makes a uint8 array like this one: its values where few or all equal, else random ones."""
    if array.size and (array == array.flat[0]).all():
        return f"np.full({array.shape}, {array.flat[0]}, np.uint8)"
    if array.size <= 64:
        return f"np.array({array.tolist()}, np.uint8)"
    return f"np.random.randint(0, 256, {array.shape}, dtype=np.uint8)"


def _expected(hwc: np.ndarray) -> torch.Tensor:
    """The page's formula: (H, W, C) uint8 -> (C, H, W) float32, k -> float32(k) / 255."""
    return torch.from_numpy(hwc).permute(2, 0, 1).to(torch.float32) / 255


@pytest.mark.parametrize("kind", KINDS)
def test_to_tensor_accepts_pil_images_and_uint8_arrays(impl, kind: str) -> None:
    """ "将PIL图像或numpy.ndarray格式的变换为FloatTensor": PIL "L" and "RGB", uint8 (H, W) and (H, W, C)."""
    image, _, build = _image(kind, _distinct_pixels())
    out = result_or_error(lambda: impl.to_tensor(image))  # an error is the finding: this input is refused
    check(isinstance(out, torch.Tensor), call=Call.of("to_tensor", build), actual=out, expected="a tensor", kind="type")


@pytest.mark.parametrize("kind", KINDS)
def test_to_tensor_is_float32(impl, kind: str) -> None:
    image, _, build = _image(kind, _distinct_pixels())
    out = impl.to_tensor(image)
    check_equal(getattr(out, "dtype", type(out)), torch.float32, call=Call.of("to_tensor", build).dot("dtype"))


@pytest.mark.parametrize("size", [(9, 7), (28, 28)], ids=["9x7", "28x28"])
@pytest.mark.parametrize("kind", KINDS)
def test_to_tensor_is_channel_first_c_h_w(impl, kind: str, size: tuple[int, int]) -> None:
    values = np.resize(_distinct_pixels(), (*size, 4))
    image, hwc, build = _image(kind, values)
    out = impl.to_tensor(image)
    shape = tuple(getattr(out, "shape", ()))
    check_equal(shape, (hwc.shape[2], *size), call=Call.of("to_tensor", build).dot("shape"), situation="channels first")


@pytest.mark.parametrize("kind", ["L", "HW"])
def test_to_tensor_of_grayscale_has_one_channel(impl, kind: str) -> None:
    """A 28x28 grayscale Fashion-MNIST image becomes (1, 28, 28), as in the quickstart's batches (64, 1, 28, 28)."""
    image, _, build = _image(kind, np.resize(_distinct_pixels(), (28, 28, 4)))
    out = impl.to_tensor(image)
    shape = tuple(getattr(out, "shape", ()))
    check_equal(
        shape, (1, 28, 28), call=Call.of("to_tensor", build).dot("shape"), situation="one channel for grayscale"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_to_tensor_moves_channels_first_keeping_each_pixel(impl, kind: str) -> None:
    """out[c, y, x] comes from pixel (y, x), channel c: a permute, not a reshape or a transposition.

    Compared by the order of the values (all distinct), so that a scaling mistake does not fail this test.
    """
    image, hwc, build = _image(kind, _distinct_pixels())
    out = impl.to_tensor(image)
    expected = _expected(hwc)
    same_order = (
        isinstance(out, torch.Tensor)
        and out.shape == expected.shape
        and torch.equal(out.flatten().argsort(), expected.flatten().argsort())
    )
    check(
        same_order,
        call=Call.of("to_tensor", build).then("[:, 0, :3] * 255"),
        actual=_corner(out),
        expected=f"{_corner(expected)}: pixel (y, x), channel c at out[c, y, x]",
    )


def _corner(t: object) -> object:
    """t[:, 0, :3] * 255 as a list: the first three pixels of row 0, channel by channel."""
    if not isinstance(t, torch.Tensor) or t.ndim != 3:
        return t
    return (t[:, 0, :3].double() * 255).round().tolist()


@given(array=strategies.uint8_images())
@example(array=np.full((9, 7), 100, np.uint8))  # a dark image: dividing by its max (100) is not the page's scaling
@example(array=np.arange(63, dtype=np.uint8).reshape(9, 7))
def test_to_tensor_scales_pixels_to_0_1(impl, array: np.ndarray) -> None:
    """Pixel value k in 0..255 becomes k / 255: 0 -> 0.0, 255 -> 1.0, whatever the image's own range."""
    hwc = array if array.ndim == 3 else array[:, :, None]
    c = Call.of("to_tensor", "array", setup=f"array = {_array(array)}")
    check_tensor(impl.to_tensor(array), _expected(hwc), call=c, tol=Tol(rtol=0.0, atol=1e-6), situation="k -> k / 255")


@pytest.mark.parametrize("kind", ["L", "HW"])
def test_to_tensor_maps_k_to_k_over_255(impl, kind: str) -> None:
    """float32(k) / 255 for every k, to one float32 step (ULP): ToTensor divides by 255, and torchvision's
    own replacement, v2.ToDtype(scale=True), multiplies by 1 / 255, one step off for 126 of the 256 values
    (DRIFT.md). Both are right; k / 256, or no scaling, is not.
    """
    array = np.arange(256, dtype=np.uint8).reshape(32, 8)
    build = "np.arange(256, dtype=np.uint8).reshape(32, 8)"
    c = Call.of("to_tensor", f"Image.fromarray({build})" if kind == "L" else build)
    out = impl.to_tensor(Image.fromarray(array) if kind == "L" else array)
    check_tensor(out, _expected(array[:, :, None]), call=c, tol=ULP, situation="k / 255")


@given(array=strategies.uint8_images(), as_pil=st.booleans())
def test_to_tensor_matches_torchvision_ToTensor(impl, array: np.ndarray, as_pil: bool) -> None:
    as_pil = as_pil and (array.ndim == 2 or array.shape[2] == 3)  # as PIL "L" or "RGB"
    image = Image.fromarray(array) if as_pil else array
    c = Call.of("to_tensor", "Image.fromarray(array)" if as_pil else "array", setup=f"array = {_array(array)}")
    check_tensor(impl.to_tensor(image), T.ToTensor()(image), call=c, tol=ULP, situation="as T.ToTensor()")


@pytest.mark.parametrize("kind", ["HW", "HWC3"])
def test_to_tensor_takes_a_cropped_array(impl, kind: str) -> None:
    """A crop array[1:8, 2:5] (as a crop of a larger image gives) is a view whose rows are not one block of memory:
    an image like any other for ToTensor. Reading its buffer (frombuffer, bytearray(array.data)) refuses it or
    reads other pixels."""
    whole, hwc, build = _image(kind, _distinct_pixels())
    crop, before = whole[1:8, 2:5], whole[1:8, 2:5].copy()
    expected = _expected(np.ascontiguousarray(hwc[1:8, 2:5]))
    c = Call.of("to_tensor", "crop", setup=f"crop = {build}[1:8, 2:5]")
    situation = "a crop, not one block of memory"
    out = call_checked(
        lambda: impl.to_tensor(crop), call=c, expected=f"a tensor of shape {tuple(expected.shape)}", situation=situation
    )
    check_tensor(out, expected, call=c, tol=ULP, situation=situation)
    check_unchanged(torch.from_numpy(crop), torch.from_numpy(before), call=c, name="crop")


def test_to_tensor_leaves_its_input_unchanged(impl) -> None:
    array = _distinct_pixels()[:, :, :3].copy()
    before = array.copy()
    impl.to_tensor(array)
    c = Call.of("to_tensor", "array", setup=f"array = {_array(array)}")
    check_unchanged(torch.from_numpy(array), torch.from_numpy(before), call=c, name="array")


# ---------------------------------------------------------------------------------------------
# normalize: output[channel] = (input[channel] - mean[channel]) / std[channel]


def _formula(t: torch.Tensor, mean, std) -> torch.Tensor:
    """The page's formula, one channel at a time."""
    return torch.stack([(t[c] - mean[c]) / std[c] for c in range(t.shape[0])])


def _fixed_case(device: str, container: type = list) -> tuple[torch.Tensor, object, object]:
    """(3, 5, 7) values in [0, 1) with three different means and stds."""
    t = torch.rand(3, 5, 7, generator=torch.Generator().manual_seed(3)).to(device)
    return t, container([0.485, 0.456, 0.406]), container([0.229, 0.224, 0.225])


def _normalize(t: torch.Tensor, mean, std) -> Call:
    """normalize(torch.rand(...), mean, std) for a tensor like t."""
    return Call.of("normalize", source_of(t), repr(mean), repr(std))


@given(case=strategies.normalize_cases())
@example(case=(torch.rand(3, 5, 7, generator=torch.Generator().manual_seed(1)), [0.1, 0.5, 0.9], [0.5, 0.25, 2.0]))
@example(case=(torch.rand(3, 5, 3, generator=torch.Generator().manual_seed(2)), (0.1, 0.5, 0.9), (0.5, 0.25, 2.0)))
@example(case=(torch.rand(1, 28, 28, generator=torch.Generator().manual_seed(4)), [0.5], [0.5]))
@pytest.mark.parametrize("device", devices())
def test_normalize_applies_the_formula_per_channel(impl, device: str, case) -> None:
    t, mean, std = case
    t = t.to(device)
    out, formula = impl.normalize(t, mean, std), "(input[channel] - mean[channel]) / std[channel]"
    check_tensor(out, _formula(t, mean, std), call=_normalize(t, mean, std), tol=NORMALIZE_TOL, situation=formula)


@pytest.mark.parametrize("container", [list, tuple], ids=["lists", "tuples"])
@pytest.mark.parametrize("device", devices())
def test_normalize_matches_torchvision_Normalize(impl, container: type, device: str) -> None:
    t, mean, std = _fixed_case(device, container)
    out = impl.normalize(t, mean, std)
    check_tensor(out, T.Normalize(mean, std)(t), call=_normalize(t, mean, std), tol=NORMALIZE_TOL)


@pytest.mark.parametrize("device", devices())
def test_normalize_normalizes_each_image_of_a_batch_channel_by_channel(impl, device: str) -> None:
    """A batch (N, C, H, W) = (2, 3, 5, 7): channel c of every image uses mean[c], std[c] (the channels are
    dimension -3, not dimension 0; T.Normalize takes batches the same way)."""
    t, mean, std = _fixed_case(device)
    batch = torch.stack([t, t.flip(-1)])
    expected = torch.stack([_formula(image, mean, std) for image in batch])
    out = impl.normalize(batch, mean, std)
    check_tensor(out, expected, call=_normalize(batch, mean, std), tol=NORMALIZE_TOL, situation=CHANNELS)


def _batched(shape: tuple[int, ...], seed: int = 7) -> torch.Tensor:
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed))


@given(case=strategies.batched_normalize_cases())
@example(case=(_batched((3, 3, 5, 7)), [0.1, 0.5, 0.9], [0.5, 0.25, 2.0]))  # 3 RGB images: batch size == C
@example(case=(_batched((2, 4, 3, 5, 7)), [0.1, 0.5, 0.9], [0.5, 0.25, 2.0]))  # two batch dimensions
@example(case=(_batched((4, 1, 28, 28)), [0.5], [0.5]))  # a batch of Fashion-MNIST images
@pytest.mark.parametrize("device", devices())
def test_normalize_takes_any_number_of_batch_dimensions(impl, device: str, case) -> None:
    """(*B, C, H, W) with zero, one or two batch dimensions, of any size (the number of channels too): channel c of
    every image uses mean[c], std[c]. The channels are dimension -3, found neither by t.dim() nor by their size."""
    t, mean, std = case
    t = t.to(device)
    expected = T.Normalize(mean, std)(t)  # torchvision's own Normalize takes (..., C, H, W)
    c = _normalize(t, mean, std)
    out = call_checked(lambda: impl.normalize(t, mean, std), call=c, expected=f"a tensor of shape {tuple(t.shape)}")
    check_tensor(out, expected, call=c, tol=NORMALIZE_TOL, situation=CHANNELS)


@pytest.mark.parametrize("device", devices())
def test_normalize_takes_a_cropped_image(impl, device: str) -> None:
    """A crop t[:, :, 2:7] (as a crop transform gives) is a view whose rows are not laid out one after another:
    a (..., C, H, W) tensor like any other (t.view(C, -1) raises on it; reshape and broadcasting do not)."""
    _, mean, std = _fixed_case(device)
    t = torch.rand(3, 5, 9, generator=torch.Generator().manual_seed(6)).to(device)
    image = t[:, :, 2:7]
    out, c = impl.normalize(image, mean, std), Call.of("normalize", f"{source_of(t)}[:, :, 2:7]", repr(mean), repr(std))
    situation = f"a crop, strides {image.stride()}: not one block of memory"
    check_tensor(out, _formula(image.contiguous(), mean, std), call=c, tol=NORMALIZE_TOL, situation=situation)


@pytest.mark.parametrize("device", devices())
def test_normalize_leaves_its_input_unchanged(impl, device: str) -> None:
    t, mean, std = _fixed_case(device)
    before = t.clone()
    out = impl.normalize(t, mean, std)
    c = Call.of("normalize", "t", repr(mean), repr(std), setup=f"t = {source_of(t)}")
    check_unchanged(t, before, call=c, name="t")
    check(out is not t, call=c.then(" is t"), actual=True, expected="False: a new tensor")


# Not float16 or bfloat16: the page's images are ToTensor's float32, and mean and std made tensors in the
# default float32 (torch.tensor(mean), a right normalize) promote a half-precision image to float32.
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=str)
@pytest.mark.parametrize("device", devices())
def test_normalize_keeps_dtype(impl, dtype: torch.dtype, device: str) -> None:
    t, mean, std = _fixed_case(device)
    out = impl.normalize(t.to(dtype), mean, std)
    c = _normalize(t.to(dtype), mean, std).dot("dtype")
    check_equal(getattr(out, "dtype", type(out)), dtype, call=c, situation="the input's, as T.Normalize")


# ---------------------------------------------------------------------------------------------
# one_hot: the page's Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))


@given(strategies.labels())
@example((0, 10))
@example((9, 10))
def test_one_hot_has_single_one_at_label(impl, label_and_n: tuple[int, int]) -> None:
    label, n = label_and_n
    out = impl.one_hot(label, num_classes=n)
    expected = torch.zeros(n).index_fill_(0, torch.tensor([label]), 1.0)
    check_tensor_equal(out, expected, call=Call.of("one_hot", str(label), num_classes=str(n)))


def test_one_hot_is_float32(impl) -> None:
    out = impl.one_hot(3)
    check_equal(getattr(out, "dtype", type(out)), torch.float32, call=Call.of("one_hot", "3").dot("dtype"))


@pytest.mark.parametrize("n", [10, 7, 1])
def test_one_hot_has_num_classes_entries(impl, n: int) -> None:
    out = impl.one_hot(0, num_classes=n) if n != 10 else impl.one_hot(0)
    c = Call.of("one_hot", "0", num_classes=str(n)) if n != 10 else Call.of("one_hot", "0")
    check_equal(tuple(getattr(out, "shape", ())), (n,), call=c.dot("shape"))


def test_one_hot_matches_the_tutorial_lambda(impl) -> None:
    tutorial = T.Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
    for y in range(10):
        check_tensor_equal(impl.one_hot(y), tutorial(y), call=Call.of("one_hot", str(y)))


@given(label_and_n=strategies.labels(), past=st.integers(0, 20))
@example(label_and_n=(0, 10), past=0)
@example(label_and_n=(0, 10), past=1)
def test_one_hot_refuses_label_past_the_last_class(impl, label_and_n: tuple[int, int], past: int) -> None:
    """Labels run 0 .. num_classes - 1; a label of num_classes or more has no place in the vector."""
    n = label_and_n[1]
    label = n + past
    check_raises(
        Exception,  # the contract says "raises": any exception
        lambda: impl.one_hot(label, num_classes=n),
        call=Call.of("one_hot", str(label), num_classes=str(n)),
        situation=f"labels 0..{n - 1}",
    )


def test_one_hot_result_is_not_changed_by_later_calls(impl) -> None:
    """Each call gives its own tensor: filling and returning one shared buffer rewrites earlier results."""
    first = impl.one_hot(3)
    first_before = first.clone() if isinstance(first, torch.Tensor) else first
    impl.one_hot(5)
    c = Call("one_hot", "a", setup="a = one_hot(3); one_hot(5)")
    check_tensor_equal(first, first_before, call=c, situation="a new tensor from every call")


def test_one_hot_later_calls_are_not_changed_by_writing_to_a_result(impl) -> None:
    """Each call gives its own tensor: a row of one cached identity matrix is a view of it, so a caller that
    changes its label vector in place (label smoothing, say) changes every later one_hot of that label."""
    first = impl.one_hot(3)
    if isinstance(first, torch.Tensor):
        first.mul_(0.5)  # the caller's own tensor, to change as it likes
    c = Call.of("one_hot", "3", setup="a = one_hot(3); a.mul_(0.5)")
    check_tensor_equal(impl.one_hot(3), torch.eye(10)[3], call=c, situation="a new tensor from every call")


# ---------------------------------------------------------------------------------------------
# The page's dataset: features as normalized tensors, labels as one-hot tensors

FAKE_LABELS = [9, 0, 3, 1, 7]


@pytest.fixture(scope="module")
def fashion_mnist_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five random 28x28 images in the files torchvision's FashionMNIST reads (idx format), so nothing downloads."""
    root = tmp_path_factory.mktemp("fashion")
    raw = root / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    n = len(FAKE_LABELS)
    images = np.random.default_rng(0).integers(0, 256, (n, 28, 28), dtype=np.uint8)
    for split in ("train", "t10k"):
        (raw / f"{split}-images-idx3-ubyte").write_bytes(
            b"\x00\x00\x08\x03" + struct.pack(">III", n, 28, 28) + images.tobytes()
        )
        (raw / f"{split}-labels-idx1-ubyte").write_bytes(
            b"\x00\x00\x08\x01" + struct.pack(">I", n) + bytes(FAKE_LABELS)
        )
    return root


def test_fashion_mnist_gives_pil_images_and_int_labels(fashion_mnist_root: Path) -> None:
    """ "FashionMNIST的特征是PIL图像格式的,标签是整数": without transforms, (PIL.Image "L" 28x28, int)."""
    image, label = datasets.FashionMNIST(fashion_mnist_root, train=False, download=False)[0]
    c = Call("transforms", "FashionMNIST(root, train=False)[0]")
    check(
        isinstance(image, Image.Image) and image.mode == "L" and image.size == (28, 28),
        call=c.at(0),
        actual=image,
        expected='a PIL image of mode "L", 28x28',
        kind="type",
    )
    check_equal(type(label), int, call=c.named(f"type({c.at(1)})"), kind="type")


def test_to_tensor_and_one_hot_prepare_fashion_mnist_for_training(impl, fashion_mnist_root: Path) -> None:
    """FashionMNIST(transform=to_tensor, target_transform=one_hot) gives what ToTensor() and the Lambda give."""
    ours = datasets.FashionMNIST(
        fashion_mnist_root, train=False, download=False, transform=impl.to_tensor, target_transform=impl.one_hot
    )
    theirs = datasets.FashionMNIST(fashion_mnist_root, train=False, download=False, transform=T.ToTensor())
    setup = "ds = FashionMNIST(root, train=False, transform=to_tensor, target_transform=one_hot)"
    for i, label in enumerate(FAKE_LABELS):
        (x, y), (x_ref, _) = ours[i], theirs[i]
        check_tensor_equal(x, x_ref, call=Call("to_tensor", f"ds[{i}][0]", setup), situation="as with T.ToTensor()")
        check_tensor_equal(y, torch.eye(10)[label], call=Call("one_hot", f"ds[{i}][1]", setup))


# ---------------------------------------------------------------------------------------------
# The global random stream: none of the three functions draws from it or reseeds it.

DETERMINISTIC = {
    "to_tensor": (lambda f: f(np.zeros((3, 5), dtype=np.uint8)), "np.zeros((3, 5), dtype=np.uint8)"),
    "normalize": (
        lambda f: f(torch.ones(2, 3, 5), [0.5, 0.5], [0.25, 0.25]),
        "torch.ones(2, 3, 5), [0.5, 0.5], [0.25, 0.25]",
    ),
    "one_hot": (lambda f: f(3), "3"),
}


@pytest.mark.parametrize("name", sorted(DETERMINISTIC))
def test_transform_functions_draw_no_random_numbers(impl, name: str) -> None:
    """A transform whose result is fixed draws nothing from torch's random stream, nor reseeds it: the random
    transforms of a pipeline (RandomCrop, RandomHorizontalFlip) would draw the same numbers after it every time."""
    run, args = DETERMINISTIC[name]
    call = Call.of(name, args, setup="import numpy as np")
    check_draws_no_random_numbers(lambda: run(getattr(impl, name)), call=call)


# ---------------------------------------------------------------------------------------------
# Situations that mutation analysis found missing (meta/mutate.py, meta/situations.toml)


def test_normalize_reads_t_anew_on_each_call(impl) -> None:
    """Two calls on one tensor, changed in place in between (an augmentation, a new batch in the same buffer): the
    second result follows the new values. A result kept by id(t) or in a default argument gives the old ones."""
    t, mean, std = _fixed_case("cpu")
    c = Call.of("normalize", "t", repr(mean), repr(std), setup=f"t = {source_of(t)}; normalize(t, mean, std); t += 1")
    impl.normalize(t, mean, std)
    t += 1
    out = impl.normalize(t, mean, std)
    check_tensor(out, _formula(t, mean, std), call=c, tol=NORMALIZE_TOL, situation="t changed since the last call")
