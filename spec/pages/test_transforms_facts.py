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

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, check_raises, check_tensor, check_tensor_equal, devices

pytestmark = pytest.mark.transforms
H, W = 17, 11  # odd, non-square: a swapped height and width shows
IMAGE = "(torch.arange(3 * 17 * 11) * 7 % 251).to(torch.uint8).view(3, 17, 11)"  # as _image_tensor makes it


def fact(text: str, setup: str = "") -> Call:
    """A call of torchvision itself: the page's section, not a learner's function."""
    return Call("transforms", text, setup)


def _image_tensor(device: str, c: int = 3, h: int = H, w: int = W) -> torch.Tensor:
    """uint8 (C, H, W) with distinct-ish values, so crops and flips can be told apart."""
    return (torch.arange(c * h * w, device=device) * 7 % 251).to(torch.uint8).view(c, h, w)


def _pil(t: torch.Tensor) -> Image.Image:
    """The same pixels as a PIL RGB image (size (W, H))."""
    return Image.fromarray(t.permute(1, 2, 0).cpu().numpy())


def _pil_as_tensor(image: Image.Image) -> torch.Tensor:
    """PIL RGB image -> uint8 (C, H, W), to compare with a tensor path."""
    return torch.from_numpy(np.array(image)).permute(2, 0, 1)


def _to(device: str) -> str:
    """`.to('cuda')` in code that makes a tensor on that device; nothing for the cpu."""
    return f".to({device!r})" if device != "cpu" else ""


def _inputs(device: str, as_pil: bool) -> tuple[torch.Tensor, torch.Tensor | Image.Image, str]:
    """(the uint8 (C, H, W) tensor, the image as a tensor or a PIL image, the code that makes that image as x)."""
    t = _image_tensor(device)
    setup = f"x = {IMAGE}{_to(device)}"
    if as_pil:
        setup += "; x = Image.fromarray(x.permute(1, 2, 0).cpu().numpy())"
    return t, _pil(t) if as_pil else t, setup


def _check_hw(out: object, expected: tuple[int, int], *, call: Call) -> None:
    """(H, W) of a tensor (..., H, W), or of a PIL image (whose .size is (W, H)), is `expected`."""
    __tracebackhide__ = True
    if isinstance(out, Image.Image):
        check_equal(out.size[::-1], expected, call=call.then(".size[::-1]"), kind="shape")
    else:
        check_equal(tuple(out.shape[-2:]), expected, call=call.named(f"tuple({call}.shape[-2:])"), kind="shape")


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
        call=fact(f"list(inspect.signature(datasets.{dataset.__name__}).parameters)"),
        actual=list(params),
        expected="including transform and target_transform",
    )


def test_fact_lambda_applies_any_function() -> None:
    square = T.Lambda(lambda y: y * y)
    check_equal(square(7), 49, call=fact("T.Lambda(lambda y: y * y)(7)"))
    check_equal(square.lambd(3), 9, call=fact("T.Lambda(lambda y: y * y).lambd(3)"))


# ---------------------------------------------------------------------------------------------
# ToTensor and Normalize


def test_fact_to_tensor_scales_only_uint8_images() -> None:
    """uint8 arrays and PIL images become float32 in [0., 1.]; other arrays keep their dtype and values.

    The text says ToTensor turns "PIL图像或numpy.ndarray" into a FloatTensor with values in [0., 1.]: that
    holds for PIL images and uint8 arrays only. A float64 array stays float64 and is not scaled; an int32
    array stays int32.
    """
    uint8 = np.full((5, 3), 255, np.uint8)
    ones = torch.ones(1, 5, 3)
    check_tensor_equal(T.ToTensor()(uint8), ones, call=fact("T.ToTensor()(np.full((5, 3), 255, np.uint8))"))
    pil = fact("T.ToTensor()(Image.fromarray(np.full((5, 3), 255, np.uint8)))")
    check_tensor_equal(T.ToTensor()(Image.fromarray(uint8)), ones, call=pil)
    floats = torch.full((1, 5, 3), 2.5, dtype=torch.float64)
    check_tensor_equal(T.ToTensor()(np.full((5, 3), 2.5)), floats, call=fact("T.ToTensor()(np.full((5, 3), 2.5))"))
    ints = torch.full((1, 5, 3), 300, dtype=torch.int32)
    int32 = fact("T.ToTensor()(np.full((5, 3), 300, np.int32))")
    check_tensor_equal(T.ToTensor()(np.full((5, 3), 300, np.int32)), ints, call=int32)


def test_fact_normalize_takes_one_mean_and_std_per_channel() -> None:
    """n, the number of means and stds, is the number of channels C of a (C, H, W) image.

    The text says "n与输入的维度相同" (n equals the input's number of dimensions): for a (5, 7, 3) tensor n is 5,
    the channels; 3 values (its number of dimensions, or its last side) are refused.
    """
    t = torch.rand(5, 7, 3)
    out = T.Normalize([0.5] * 5, [0.25] * 5)(t)
    setup = "t = torch.rand(5, 7, 3)"
    five = fact("T.Normalize([0.5] * 5, [0.25] * 5)(t)", setup)
    check_tensor(out, (t - 0.5) / 0.25, call=five, tol=Tol(rtol=1e-6, atol=1e-6))
    three = fact("T.Normalize([0.5] * 3, [0.25] * 3)(t)", setup)
    check_raises(RuntimeError, lambda: T.Normalize([0.5] * 3, [0.25] * 3)(t), call=three)


@pytest.mark.parametrize("device", devices())
def test_fact_normalize_computes_the_formula_per_channel(device: str) -> None:
    """output[channel] = (input[channel] - mean[channel]) / std[channel], on a (C, H, W) image or a batch."""
    t = torch.rand(2, 3, H, W, device=device)
    mean, std = [0.1, 0.5, 0.9], [0.5, 0.25, 2.0]
    out = T.Normalize(mean, std)(t)
    setup = f"t = torch.rand(2, 3, {H}, {W}){_to(device)}"
    for c in range(3):
        call = fact(f"T.Normalize({mean}, {std})(t)[:, {c}]", setup)
        check_tensor(out[:, c], (t[:, c] - mean[c]) / std[c], call=call, tol=Tol(rtol=1e-6, atol=1e-6))


# ---------------------------------------------------------------------------------------------
# ToPILImage: tensor or ndarray -> PIL image


@pytest.mark.parametrize("device", devices())
def test_fact_to_pil_image_turns_a_tensor_into_an_image(device: str) -> None:
    """(C, H, W) float in [0, 1] -> a PIL image of size (W, H); ToTensor() brings the values k / 255 back."""
    t = _image_tensor(device).float() / 255
    image = T.ToPILImage()(t)
    c = fact("T.ToPILImage()(t)", f"t = {IMAGE}{_to(device)}.float() / 255")
    check(
        isinstance(image, Image.Image) and image.mode == "RGB",
        call=c,
        actual=image,
        expected='a PIL image of mode "RGB"',
        kind="type",
    )
    check_equal(image.size, (W, H), call=c.dot("size"), kind="shape")
    check_tensor_equal(T.ToTensor()(image), t.cpu(), call=c.named(f"T.ToTensor()({c})"))
    gray = T.ToPILImage()(t[:1])
    gray_call = c.named("T.ToPILImage()(t[:1])")
    check_equal((gray.mode, gray.size), ("L", (W, H)), call=gray_call.named(f"(g.mode, g.size) for g = {gray_call}"))


def test_fact_to_pil_image_turns_an_ndarray_into_an_image() -> None:
    array = _image_tensor("cpu").permute(1, 2, 0).numpy()  # (H, W, C) uint8
    image = T.ToPILImage()(array)
    check(
        isinstance(image, Image.Image) and np.array_equal(np.array(image), array),
        call=fact("np.array(T.ToPILImage()(array))", f"array = {IMAGE}.permute(1, 2, 0).numpy()"),
        actual=image,
        expected="the same pixels",
    )


# ---------------------------------------------------------------------------------------------
# Resize: a sequence is the output size (h, w); an int matches the smaller edge, keeping the aspect ratio


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_resize_to_a_sequence_gives_that_size(as_pil: bool, device: str) -> None:
    _, x, setup = _inputs(device, as_pil)
    for size in ((7, 4), (30, 9)):
        _check_hw(T.Resize(size)(x), size, call=fact(f"T.Resize({size})(x)", setup))


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_resize_to_an_int_scales_the_smaller_edge_keeping_the_ratio(as_pil: bool, device: str) -> None:
    _, x, setup = _inputs(device, as_pil)
    for size in (5, 22):
        expected = (int(size * H / W), size)  # W is the smaller edge
        _check_hw(T.Resize(size)(x), expected, call=fact(f"T.Resize({size})(x)", setup))


def test_fact_resize_of_the_pages_1280x2796_photo() -> None:
    """The page's photo, 1280 wide and 2796 high: Resize(256) gives 256 x int(256 * 2796 / 1280) = 256 x 559."""
    out = T.Resize(256)(Image.new("L", (1280, 2796)))
    check_equal(
        out.size,
        (256, int(256 * 2796 / 1280)),
        call=fact('T.Resize(256)(Image.new("L", (1280, 2796))).size'),
        kind="shape",
    )


# ---------------------------------------------------------------------------------------------
# CenterCrop and RandomCrop: a sequence is (h, w), an int a square


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_center_crop_cuts_the_middle(as_pil: bool, device: str) -> None:
    t, x, setup = _inputs(device, as_pil)
    for size, (h, w) in (((5, 3), (5, 3)), (7, (7, 7))):  # margins (17 - h) and (11 - w) are even: no rounding
        out = T.CenterCrop(size)(x)
        top, left = (H - h) // 2, (W - w) // 2
        got = _pil_as_tensor(out).to(device) if as_pil else out
        check_tensor_equal(got, t[:, top : top + h, left : left + w], call=fact(f"T.CenterCrop({size})(x)", setup))


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_crop_cuts_a_window_of_the_given_size(as_pil: bool, device: str) -> None:
    t, x, setup = _inputs(device, as_pil)
    for size, (h, w) in (((5, 3), (5, 3)), (6, (6, 6))):
        out = T.RandomCrop(size)(x)
        got = _pil_as_tensor(out).to(device) if as_pil else out
        c = fact(f"T.RandomCrop({size})(x)", setup)
        _check_hw(out, (h, w), call=c)
        windows = [
            (i, j) for i in range(H - h + 1) for j in range(W - w + 1) if torch.equal(t[:, i : i + h, j : j + w], got)
        ]
        check(
            len(windows) == 1,
            call=c.named(f"the windows (i, j) of x equal to {c}"),
            actual=windows,
            expected="exactly one: a crop of the image, not resized",
        )


@pytest.mark.parametrize("name", ["RandomCrop", "RandomResizedCrop", "RandomRotation"])
@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_transforms_repeat_under_a_seed_and_vary_without(name: str, as_pil: bool, device: str) -> None:
    args = {"RandomCrop": (5, 3), "RandomResizedCrop": (5, 3), "RandomRotation": 45}[name]
    transform = getattr(T, name)(args)
    _, x, setup = _inputs(device, as_pil)
    c = fact(f"T.{name}({args})(x)", setup)
    check(
        _same_under_seed(transform, x, seed=4),
        call=c.named(f"{c} twice, each after torch.manual_seed(4)"),
        actual="different",
        expected="the same output",
    )
    distinct = len(set(_outputs(transform, x, range(8))))
    check(
        distinct > 1,
        call=c.named(f"the distinct outputs of {c} under seeds 0..7"),
        actual=distinct,
        expected="more than one: a random transform",
    )


# ---------------------------------------------------------------------------------------------
# RandomResizedCrop: a random crop (size and aspect ratio) resized to the given size


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_resized_crop_always_gives_the_given_size(as_pil: bool, device: str) -> None:
    _, x, setup = _inputs(device, as_pil)
    for seed in range(5):
        torch.manual_seed(seed)
        for size, hw in ((9, (9, 9)), ((4, 13), (4, 13))):
            c = fact(f"T.RandomResizedCrop({size})(x)", f"{setup}; torch.manual_seed({seed})")
            _check_hw(T.RandomResizedCrop(size)(x), hw, call=c)


def test_fact_random_resized_crop_draws_area_and_ratio_in_range() -> None:
    """Each crop covers scale=(0.08, 1.0) of the area with aspect ratio in (3/4, 4/3) by default."""
    t = torch.zeros(3, 200, 150)
    for seed in range(20):
        torch.manual_seed(seed)
        i, j, h, w = T.RandomResizedCrop.get_params(t, scale=[0.08, 1.0], ratio=[3 / 4, 4 / 3])
        area, ratio = h * w / (200 * 150), w / h
        c = fact(
            "(h * w / (200 * 150), w / h, i, j)",
            f"torch.manual_seed({seed}); i, j, h, w = T.RandomResizedCrop.get_params("
            "torch.zeros(3, 200, 150), scale=[0.08, 1.0], ratio=[3 / 4, 4 / 3])",
        )
        check(
            0.07 <= area <= 1.0 and 0.7 <= ratio <= 1.4 and 0 <= i <= 200 - h and 0 <= j <= 150 - w,
            call=c,
            actual=(round(area, 3), round(ratio, 3), i, j),
            expected="area in [0.08, 1], ratio in [3/4, 4/3], inside",
        )


# ---------------------------------------------------------------------------------------------
# Flips: probability p, 0.5 by default

FLIPS = {"RandomHorizontalFlip": (T.RandomHorizontalFlip, -1), "RandomVerticalFlip": (T.RandomVerticalFlip, -2)}


@pytest.mark.parametrize("name", list(FLIPS))
def test_fact_flips_happen_with_probability_one_half_by_default(name: str) -> None:
    flip, _ = FLIPS[name]
    check_equal(flip().p, 0.5, call=fact(f"T.{name}().p"))
    t = _image_tensor("cpu")
    flipped = sum(not torch.equal(out, t) for out in (flip()(t) for _ in range(400)))
    c = fact(f"sum(not torch.equal(T.{name}()(x), x) for _ in range(400))", f"x = {IMAGE}")
    check(150 <= flipped <= 250, call=c, actual=flipped, expected="about 200")


@pytest.mark.parametrize("name", list(FLIPS))
@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_flips_always_with_p_1_never_with_p_0(name: str, as_pil: bool, device: str) -> None:
    flip, dim = FLIPS[name]
    t, x, setup = _inputs(device, as_pil)
    for p, expected in ((1.0, t.flip(dim)), (0.0, t)):
        out = flip(p=p)(x)
        got = _pil_as_tensor(out).to(device) if as_pil else out
        check_tensor_equal(got, expected, call=fact(f"T.{name}(p={p})(x)", setup))


# ---------------------------------------------------------------------------------------------
# RandomRotation: degrees d means (-d, +d); a sequence (min, max)


def test_fact_random_rotation_degrees_give_the_range() -> None:
    """A number d means angles in (-d, +d); a sequence gives (min_degree, max_degree); a negative number is refused."""
    check_equal(T.RandomRotation(30).degrees, [-30.0, 30.0], call=fact("T.RandomRotation(30).degrees"))
    check_equal(T.RandomRotation((10, 20)).degrees, [10.0, 20.0], call=fact("T.RandomRotation((10, 20)).degrees"))
    check_raises(ValueError, lambda: T.RandomRotation(-5), call=fact("T.RandomRotation(-5)"))
    torch.manual_seed(0)
    angles = [T.RandomRotation.get_params([10.0, 20.0]) for _ in range(50)]
    check(
        all(10 <= a <= 20 for a in angles) and len(set(angles)) > 1,
        call=fact(
            "(min(angles), max(angles))", "angles = [T.RandomRotation.get_params([10.0, 20.0]) for _ in range(50)]"
        ),
        actual=(min(angles), max(angles)),
        expected="in [10, 20], not all equal",
    )


@pytest.mark.parametrize("as_pil", [False, True], ids=["tensor", "PIL"])
@pytest.mark.parametrize("device", devices())
def test_fact_random_rotation_keeps_the_size_and_turns_by_the_angle(as_pil: bool, device: str) -> None:
    """Without expand the output keeps the input's size; degrees=(90, 90), expand=True is a quarter turn."""
    t, x, setup = _inputs(device, as_pil)
    _check_hw(T.RandomRotation(45)(x), (H, W), call=fact("T.RandomRotation(45)(x)", setup))
    out = T.RandomRotation((90, 90), expand=True)(x)
    got = _pil_as_tensor(out).to(device) if as_pil else out
    quarter = fact("T.RandomRotation((90, 90), expand=True)(x)", setup)
    check_tensor_equal(got, torch.rot90(t, 1, (1, 2)), call=quarter, situation="as torch.rot90(x, 1, (1, 2))")
