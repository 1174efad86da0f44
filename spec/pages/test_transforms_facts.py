"""Tutorial 1.5 Transforms (变换): the page's claims about torchvision itself, as facts: datasets' transform
arguments, Lambda, ToTensor, Normalize, ToPILImage, and the transforms it lists for PIL images and tensors
(Resize, CenterCrop, RandomCrop, RandomResizedCrop, RandomHorizontalFlip, RandomVerticalFlip, RandomRotation).

These check torchvision, not the implementation under test: they pin what the page teaches (output sizes,
p=0 and p=1, reproducibility under a seed, PIL and tensor inputs), and where the Chinese translation is wrong
the docstring quotes the text and says what is true.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest
import torch
from PIL import Image
from torchvision import datasets
from torchvision import transforms as T

from spec.helpers.checks import check, check_equal, check_raises, check_tensor, check_tensor_equal, devices

pytestmark = pytest.mark.transforms
PAGE = "tutorial 1.5 Transforms"
H, W = 17, 11  # odd, non-square: a swapped height and width shows


def _where(name: str) -> str:
    return f"{PAGE}, {name}"


def _image_tensor(device: str, c: int = 3, h: int = H, w: int = W) -> torch.Tensor:
    """uint8 (C, H, W) with distinct-ish values, so crops and flips can be told apart."""
    return (torch.arange(c * h * w, device=device) * 7 % 251).to(torch.uint8).view(c, h, w)


def _pil(t: torch.Tensor) -> Image.Image:
    """The same pixels as a PIL RGB image (size (W, H))."""
    return Image.fromarray(t.permute(1, 2, 0).cpu().numpy())


def _pil_as_tensor(image: Image.Image) -> torch.Tensor:
    """PIL RGB image -> uint8 (C, H, W), to compare with a tensor path."""
    return torch.from_numpy(np.array(image)).permute(2, 0, 1)


def _hw(out: object) -> tuple[int, int]:
    """(H, W) of a tensor (..., H, W) or a PIL image (whose .size is (W, H))."""
    if isinstance(out, Image.Image):
        return out.size[1], out.size[0]
    return tuple(out.shape[-2:])


def _same_under_seed(transform, x, seed: int) -> bool:
    torch.manual_seed(seed)
    first = transform(x)
    torch.manual_seed(seed)
    second = transform(x)
    if isinstance(first, Image.Image):
        return np.array_equal(np.array(first), np.array(second))
    return torch.equal(first, second)


def _outputs(transform, x, seeds: range) -> list[bytes]:
    outs = []
    for seed in seeds:
        torch.manual_seed(seed)
        out = transform(x)
        outs.append(np.array(out).tobytes() if isinstance(out, Image.Image) else out.cpu().numpy().tobytes())
    return outs


# ---------------------------------------------------------------------------------------------
# Datasets take transform and target_transform; Lambda applies any function


@pytest.mark.parametrize(
    "dataset",
    [datasets.FashionMNIST, datasets.MNIST, datasets.CIFAR10, datasets.ImageFolder],
    ids=lambda cls: cls.__name__,
)
def test_fact_torchvision_datasets_take_transform_and_target_transform(dataset: type) -> None:
    """ "所有的TorchVision数据集都有两个参数--transform和target_transform"."""
    params = inspect.signature(dataset).parameters
    check(
        {"transform", "target_transform"} <= set(params),
        what=f"parameters of {dataset.__name__}",
        actual=list(params),
        expected="including transform and target_transform",
        where=PAGE,
    )


def test_fact_lambda_applies_any_function() -> None:
    square = T.Lambda(lambda y: y * y)
    check_equal(square(7), 49, what="T.Lambda(lambda y: y * y)(7)", where=_where("Lambda"))
    check_equal(square.lambd(3), 9, what="T.Lambda(f).lambd(3)", where=_where("Lambda"))


# ---------------------------------------------------------------------------------------------
# ToTensor and Normalize


def test_fact_to_tensor_scales_only_uint8_images() -> None:
    """uint8 arrays and PIL images become float32 in [0., 1.]; other arrays keep their dtype and values.

    The text says ToTensor turns "PIL图像或numpy.ndarray" into a FloatTensor with values in [0., 1.]: that
    holds for PIL images and uint8 arrays only. A float64 array stays float64 and is not scaled; an int32
    array stays int32.
    """
    where = _where("ToTensor")
    uint8 = np.full((5, 3), 255, np.uint8)
    check_tensor_equal(T.ToTensor()(uint8), torch.ones(1, 5, 3), what="ToTensor()(uint8 array of 255)", where=where)
    check_tensor_equal(
        T.ToTensor()(Image.fromarray(uint8)), torch.ones(1, 5, 3), what="ToTensor()(PIL 'L' of 255)", where=where
    )
    floats = np.full((5, 3), 2.5)
    check_tensor_equal(
        T.ToTensor()(floats),
        torch.full((1, 5, 3), 2.5, dtype=torch.float64),
        what="ToTensor()(float64 array of 2.5)",
        where=where,
    )
    ints = np.full((5, 3), 300, np.int32)
    check_tensor_equal(
        T.ToTensor()(ints),
        torch.full((1, 5, 3), 300, dtype=torch.int32),
        what="ToTensor()(int32 array of 300)",
        where=where,
    )


def test_fact_normalize_takes_one_mean_and_std_per_channel() -> None:
    """n, the number of means and stds, is the number of channels C of a (C, H, W) image.

    The text says "n与输入的维度相同" (n equals the input's number of dimensions): for a (5, 7, 3) tensor n is 5,
    the channels; 3 values (its number of dimensions, or its last side) are refused.
    """
    where = _where("Normalize")
    t = torch.rand(5, 7, 3)
    out = T.Normalize([0.5] * 5, [0.25] * 5)(t)
    check_tensor(
        out, (t - 0.5) / 0.25, rtol=1e-6, atol=1e-6, what="T.Normalize([0.5] * 5, [0.25] * 5)(t (5, 7, 3))", where=where
    )
    check_raises(
        RuntimeError,
        lambda: T.Normalize([0.5] * 3, [0.25] * 3)(t),
        what="T.Normalize([0.5] * 3, [0.25] * 3)(t (5, 7, 3))",
        where=where,
    )


@pytest.mark.parametrize("device", devices())
def test_fact_normalize_computes_the_formula_per_channel(device: str) -> None:
    """output[channel] = (input[channel] - mean[channel]) / std[channel], on a (C, H, W) image or a batch."""
    t = torch.rand(2, 3, H, W, device=device)
    mean, std = [0.1, 0.5, 0.9], [0.5, 0.25, 2.0]
    out = T.Normalize(mean, std)(t)
    for c in range(3):
        check_tensor(
            out[:, c],
            (t[:, c] - mean[c]) / std[c],
            rtol=1e-6,
            atol=1e-6,
            what=f"T.Normalize(mean, std)(t)[:, {c}]",
            where=_where("Normalize"),
        )


# ---------------------------------------------------------------------------------------------
# ToPILImage: tensor or ndarray -> PIL image


@pytest.mark.parametrize("device", devices())
def test_fact_to_pil_image_turns_a_tensor_into_an_image(device: str) -> None:
    """(C, H, W) float in [0, 1] -> a PIL image of size (W, H); ToTensor() brings the values k / 255 back."""
    t = _image_tensor(device).float() / 255
    image = T.ToPILImage()(t)
    check(
        isinstance(image, Image.Image) and image.mode == "RGB",
        what="T.ToPILImage()(t (3, 17, 11))",
        actual=image,
        expected='a PIL image of mode "RGB"',
        where=_where("ToPILImage"),
    )
    check_equal(image.size, (W, H), what="T.ToPILImage()(t (3, 17, 11)).size", where=_where("ToPILImage"))
    check_tensor_equal(T.ToTensor()(image), t.cpu(), what="T.ToTensor()(T.ToPILImage()(t))", where=_where("ToPILImage"))
    gray = T.ToPILImage()(t[:1])
    check_equal(
        (gray.mode, gray.size),
        ("L", (W, H)),
        what="(mode, size) of T.ToPILImage()(t (1, 17, 11))",
        where=_where("ToPILImage"),
    )


def test_fact_to_pil_image_turns_an_ndarray_into_an_image() -> None:
    array = _image_tensor("cpu").permute(1, 2, 0).numpy()  # (H, W, C) uint8
    image = T.ToPILImage()(array)
    check(
        isinstance(image, Image.Image) and np.array_equal(np.array(image), array),
        what="np.array(T.ToPILImage()(array (17, 11, 3)))",
        actual=image,
        expected="the same pixels",
        where=_where("ToPILImage"),
    )


# ---------------------------------------------------------------------------------------------
# Resize: a sequence is the output size (h, w); an int matches the smaller edge, keeping the aspect ratio


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_resize_to_a_sequence_gives_that_size(as_pil: bool, device: str) -> None:
    x = _image_tensor(device)
    x = _pil(x) if as_pil else x
    for size in ((7, 4), (30, 9)):
        check_equal(
            _hw(T.Resize(size)(x)), size, what=f"(H, W) of T.Resize({size})(image 17x11)", where=_where("Resize")
        )


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_resize_to_an_int_scales_the_smaller_edge_keeping_the_ratio(as_pil: bool, device: str) -> None:
    x = _image_tensor(device)
    x = _pil(x) if as_pil else x
    for size in (5, 22):
        expected = (int(size * H / W), size)  # W is the smaller edge
        check_equal(
            _hw(T.Resize(size)(x)), expected, what=f"(H, W) of T.Resize({size})(image 17x11)", where=_where("Resize")
        )


def test_fact_resize_of_the_pages_1280x2796_photo() -> None:
    """The page's photo, 1280 wide and 2796 high: Resize(256) gives 256 x int(256 * 2796 / 1280) = 256 x 559."""
    out = T.Resize(256)(Image.new("L", (1280, 2796)))
    check_equal(
        out.size, (256, int(256 * 2796 / 1280)), what="T.Resize(256)(image 1280x2796).size", where=_where("Resize")
    )


# ---------------------------------------------------------------------------------------------
# CenterCrop and RandomCrop: a sequence is (h, w), an int a square


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_center_crop_cuts_the_middle(as_pil: bool, device: str) -> None:
    t = _image_tensor(device)
    x = _pil(t) if as_pil else t
    for size, (h, w) in (((5, 3), (5, 3)), (7, (7, 7))):  # margins (17 - h) and (11 - w) are even: no rounding
        out = T.CenterCrop(size)(x)
        top, left = (H - h) // 2, (W - w) // 2
        got = _pil_as_tensor(out).to(device) if as_pil else out
        check_tensor_equal(
            got,
            t[:, top : top + h, left : left + w],
            what=f"T.CenterCrop({size})(image 17x11)",
            where=_where("CenterCrop"),
        )


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_crop_cuts_a_window_of_the_given_size(as_pil: bool, device: str) -> None:
    t = _image_tensor(device)
    x = _pil(t) if as_pil else t
    for size, (h, w) in (((5, 3), (5, 3)), (6, (6, 6))):
        out = T.RandomCrop(size)(x)
        got = _pil_as_tensor(out).to(device) if as_pil else out
        check_equal(_hw(out), (h, w), what=f"(H, W) of T.RandomCrop({size})(image 17x11)", where=_where("RandomCrop"))
        windows = [
            (i, j) for i in range(H - h + 1) for j in range(W - w + 1) if torch.equal(t[:, i : i + h, j : j + w], got)
        ]
        check(
            len(windows) == 1,
            what=f"windows of the image equal to T.RandomCrop({size})(image)",
            actual=windows,
            expected="exactly one: a crop of the image, not resized",
            where=_where("RandomCrop"),
        )


@pytest.mark.parametrize("name", ["RandomCrop", "RandomResizedCrop", "RandomRotation"])
@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_transforms_repeat_under_a_seed_and_vary_without(name: str, as_pil: bool, device: str) -> None:
    transform = {
        "RandomCrop": T.RandomCrop((5, 3)),
        "RandomResizedCrop": T.RandomResizedCrop((5, 3)),
        "RandomRotation": T.RandomRotation(45),
    }[name]
    x = _pil(_image_tensor(device)) if as_pil else _image_tensor(device)
    check(
        _same_under_seed(transform, x, seed=4),
        what=f"T.{name} twice after torch.manual_seed(4)",
        actual="different",
        expected="the same output",
        where=_where(name),
    )
    distinct = len(set(_outputs(transform, x, range(8))))
    check(
        distinct > 1,
        what=f"distinct outputs of T.{name} under seeds 0..7",
        actual=distinct,
        expected="more than one: a random transform",
        where=_where(name),
    )


# ---------------------------------------------------------------------------------------------
# RandomResizedCrop: a random crop (size and aspect ratio) resized to the given size


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_resized_crop_always_gives_the_given_size(as_pil: bool, device: str) -> None:
    x = _pil(_image_tensor(device)) if as_pil else _image_tensor(device)
    for seed in range(5):
        torch.manual_seed(seed)
        for size, hw in ((9, (9, 9)), ((4, 13), (4, 13))):
            check_equal(
                _hw(T.RandomResizedCrop(size)(x)),
                hw,
                what=f"(H, W) of T.RandomResizedCrop({size})(image 17x11)",
                where=_where("RandomResizedCrop"),
            )


def test_fact_random_resized_crop_draws_area_and_ratio_in_range() -> None:
    """Each crop covers scale=(0.08, 1.0) of the area with aspect ratio in (3/4, 4/3) by default."""
    t = torch.zeros(3, 200, 150)
    for seed in range(20):
        torch.manual_seed(seed)
        i, j, h, w = T.RandomResizedCrop.get_params(t, scale=[0.08, 1.0], ratio=[3 / 4, 4 / 3])
        area, ratio = h * w / (200 * 150), w / h
        check(
            0.07 <= area <= 1.0 and 0.7 <= ratio <= 1.4 and 0 <= i <= 200 - h and 0 <= j <= 150 - w,
            what=f"(area fraction, w / h, i, j) of a RandomResizedCrop crop, seed {seed}",
            actual=(round(area, 3), round(ratio, 3), i, j),
            expected="area in [0.08, 1], ratio in [3/4, 4/3], inside",
            where=_where("RandomResizedCrop"),
        )


# ---------------------------------------------------------------------------------------------
# Flips: probability p, 0.5 by default

FLIPS = {"RandomHorizontalFlip": (T.RandomHorizontalFlip, -1), "RandomVerticalFlip": (T.RandomVerticalFlip, -2)}


@pytest.mark.parametrize("name", list(FLIPS))
def test_fact_flips_happen_with_probability_one_half_by_default(name: str) -> None:
    flip, _ = FLIPS[name]
    check_equal(flip().p, 0.5, what=f"T.{name}().p", where=_where(name))
    t = _image_tensor("cpu")
    flipped = sum(not torch.equal(out, t) for out in (flip()(t) for _ in range(400)))
    check(
        150 <= flipped <= 250,
        what=f"images flipped by T.{name}() out of 400",
        actual=flipped,
        expected="about 200",
        where=_where(name),
    )


@pytest.mark.parametrize("name", list(FLIPS))
@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_flips_always_with_p_1_never_with_p_0(name: str, as_pil: bool, device: str) -> None:
    flip, dim = FLIPS[name]
    t = _image_tensor(device)
    x = _pil(t) if as_pil else t
    for p, expected in ((1.0, t.flip(dim)), (0.0, t)):
        out = flip(p=p)(x)
        got = _pil_as_tensor(out).to(device) if as_pil else out
        check_tensor_equal(got, expected, what=f"T.{name}(p={p})(image)", where=_where(name))


# ---------------------------------------------------------------------------------------------
# RandomRotation: degrees d means (-d, +d); a sequence (min, max)


def test_fact_random_rotation_degrees_give_the_range() -> None:
    """A number d means angles in (-d, +d); a sequence gives (min_degree, max_degree); a negative number is refused."""
    where = _where("RandomRotation")
    check_equal(T.RandomRotation(30).degrees, [-30.0, 30.0], what="T.RandomRotation(30).degrees", where=where)
    check_equal(
        T.RandomRotation((10, 20)).degrees, [10.0, 20.0], what="T.RandomRotation((10, 20)).degrees", where=where
    )
    check_raises(ValueError, lambda: T.RandomRotation(-5), what="T.RandomRotation(-5)", where=where)
    torch.manual_seed(0)
    angles = [T.RandomRotation.get_params([10.0, 20.0]) for _ in range(50)]
    check(
        all(10 <= a <= 20 for a in angles) and len(set(angles)) > 1,
        what="angles drawn for degrees (10, 20)",
        actual=(min(angles), max(angles)),
        expected="in [10, 20], not all equal",
        where=where,
    )


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_rotation_keeps_the_size_and_turns_by_the_angle(as_pil: bool, device: str) -> None:
    """Without expand the output keeps the input's size; degrees=(90, 90), expand=True is a quarter turn."""
    t = _image_tensor(device)
    x = _pil(t) if as_pil else t
    check_equal(
        _hw(T.RandomRotation(45)(x)),
        (H, W),
        what="(H, W) of T.RandomRotation(45)(image 17x11)",
        where=_where("RandomRotation"),
    )
    out = T.RandomRotation((90, 90), expand=True)(x)
    got = _pil_as_tensor(out).to(device) if as_pil else out
    check_tensor_equal(
        got,
        torch.rot90(t, 1, (1, 2)),
        what="T.RandomRotation((90, 90), expand=True)(image)",
        where=_where("RandomRotation"),
    )
