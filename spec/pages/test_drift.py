"""Drift: what changed between the torch 1.9 / torchvision 0.10 the translation used and current torch.

Each test states the current behaviour, so that running the kit on another version shows what
moved; each is marked with the tutorial page it belongs to. DRIFT.md lists every item, including
those pinned on their own pages (test_drift_* in test_persistence*.py, the facts files).
Nothing here runs the learner's code.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pytest
import torch
from PIL import Image

from spec.helpers.calls import Call, Tol
from spec.helpers.checks import check, check_equal, check_is, check_tensor, check_tensor_equal
from spec.helpers.versions import since

# torchvision is imported inside the tests that use it: its import costs ~1.5 s (torch._dynamo, through
# torchvision.ops), which a check of a page that does not use it (tensors, model, autograd) need not pay.
# Each call is of torch on the page whose code it updates (a page marker): its section is that page's.
IMAGE = "image = Image.fromarray((np.arange(17 * 11) * 7 % 256).astype(np.uint8).reshape(17, 11))"  # as _pixels()


def _recorded(fn) -> tuple[object, list[warnings.WarningMessage]]:
    """fn()'s result and every warning it raised (the spec turns warnings into errors elsewhere)."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        result = fn()
    return result, list(record)


def _pixels() -> np.ndarray:
    """A (17, 11) uint8 image with every grey level from 0 up, so no value hides."""
    return (np.arange(17 * 11, dtype=np.int64) * 7 % 256).astype(np.uint8).reshape(17, 11)


# ---------------------------------------------------------------------------------------------
# 1.6.1: picking the device


@pytest.mark.model
def test_drift_accelerator_api_names_the_build_not_the_device(ref) -> None:
    """torch 1.9: device = "cuda" if torch.cuda.is_available() else "cpu". Since torch 2.6 the tutorial
    writes torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu".

    current_accelerator() names the accelerator torch was BUILT for, usable or not (a CUDA build on
    a machine without a GPU says "cuda"); only current_accelerator(check_available=True) or
    is_available() say whether one is there. Forgetting the check picks "cuda" on a laptop.
    """
    available = torch.accelerator.is_available()
    checked = torch.accelerator.current_accelerator(check_available=True)
    accelerator = Call("model", "torch.accelerator.current_accelerator(check_available=True) is not None")
    check_equal(checked is not None, available, call=accelerator, situation="torch.accelerator.is_available()")
    if torch.cuda.is_available():
        pair = accelerator.named("(torch.accelerator.is_available(), current_accelerator(check_available=True).type)")
        check_equal((available, checked.type), (True, "cuda"), call=pair, situation="with CUDA")
    if torch.version.cuda is not None:  # a CUDA build, whether or not a GPU is present
        check_equal(
            torch.accelerator.current_accelerator().type,
            "cuda",
            call=accelerator.named("torch.accelerator.current_accelerator().type"),
            situation=f"a CUDA build, CUDA available: {torch.cuda.is_available()}",
        )
    idiom = torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    if checked is None or checked.type == "cuda":
        check_equal(
            idiom,
            ref.get_device(),
            call=accelerator.named(
                'torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"'
            ),
            situation="the tutorial's idiom, as get_device() picks",
        )


# ---------------------------------------------------------------------------------------------
# 1.4.3: torchvision.io.read_image


@pytest.mark.data
def test_drift_torchvision_image_decoding_is_deprecated_from_0_29(tmp_path) -> None:
    """The page reads images with torchvision.io.read_image. From torchvision 0.29 on, read_image and
    the decode_* functions warn (DeprecationWarning) that TorchCodec supersedes them; before 0.29
    (0.25-0.28, also allowed by pyproject.toml) they warn about nothing. Either way they decode the
    same pixels. (The reference's CustomImageDataset uses decode_image.)
    """
    import torchvision
    from torchvision.io import decode_image, read_image

    pixels = _pixels()
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    (tmp_path / "img.png").write_bytes(buffer.getvalue())
    data = torch.frombuffer(bytearray(buffer.getvalue()), dtype=torch.uint8)
    deprecated = since("torchvision", "0.29")
    for code, fn in {
        "decode_image(data)": lambda: decode_image(data),
        "read_image(path)": lambda: read_image(str(tmp_path / "img.png")),
    }.items():
        image, record = _recorded(fn)
        messages = [f"{w.category.__name__}: {w.message}" for w in record]
        call = Call("data", f"torchvision.io.{code}")
        warned = any(issubclass(w.category, DeprecationWarning) and "TorchCodec" in str(w.message) for w in record)
        expected = "a DeprecationWarning naming TorchCodec (0.29+)" if deprecated else "no warning (before 0.29)"
        check(
            warned if deprecated else not messages,
            call=call.then(" warnings"),
            actual=messages,
            expected=expected,
            situation=f"torchvision {torchvision.__version__}",
        )
        check_tensor_equal(image, torch.from_numpy(pixels)[None], call=call, situation="path: a PNG, data: its bytes")


# ---------------------------------------------------------------------------------------------
# 1.5: ToTensor, and the v2 transforms


@pytest.mark.transforms
def test_drift_v1_to_tensor_still_works_without_a_warning() -> None:
    """The page's torchvision.transforms.ToTensor() (v1) is unchanged: no warning, float32 (1, H, W) / 255."""
    from torchvision import transforms

    image = Image.fromarray(_pixels())
    out, record = _recorded(lambda: transforms.ToTensor()(image))
    call = Call("transforms", "transforms.ToTensor()(image)", IMAGE)
    check_equal([str(w.message) for w in record], [], call=call.then(" warnings"))
    check_tensor_equal(out, torch.from_numpy(_pixels())[None].float().div(255), call=call, situation="pixels / 255")


@pytest.mark.transforms
def test_drift_v2_to_tensor_is_deprecated() -> None:
    """torchvision.transforms.v2 (0.16+) keeps a ToTensor only to warn: it is deprecated in favour of
    v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]); it still gives v1's output."""
    from torchvision import transforms
    from torchvision.transforms import v2

    image = Image.fromarray(_pixels())
    transform, record = _recorded(v2.ToTensor)
    messages = [f"{w.category.__name__}: {w.message}" for w in record]
    check(
        any("deprecated" in m and "v2.ToImage()" in m for m in messages),
        call=Call("transforms", "v2.ToTensor() warnings"),
        actual=messages,
        expected="one saying it is deprecated, naming v2.ToImage()",
    )
    check_tensor_equal(
        transform(image),
        transforms.ToTensor()(image),
        call=Call("transforms", "v2.ToTensor()(image)", IMAGE),
        situation="transforms.ToTensor()(image)",
    )


@pytest.mark.transforms
def test_drift_v2_replacement_of_to_tensor_agrees_to_one_ulp() -> None:
    """The replacement v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)]) returns a
    tv_tensors.Image (a Tensor subclass) equal to ToTensor's output up to one float32 ulp, not bit for
    bit: it multiplies by 1/255 where ToTensor divides by 255 (why test_transforms pins the division).
    """
    from torchvision import transforms, tv_tensors
    from torchvision.transforms import v2

    image = Image.fromarray(_pixels())
    expected = transforms.ToTensor()(image)
    out = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])(image)
    call = Call("transforms", "v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True)])(image)", IMAGE)
    check_is(type(out), tv_tensors.Image, call=call.named(f"type({call.text})"))
    plain = call.dot("as_subclass(torch.Tensor)")
    eps = torch.finfo(torch.float32).eps
    check_tensor(out.as_subclass(torch.Tensor), expected, call=plain, tol=Tol(rtol=0, atol=eps / 2))
    check(
        not torch.equal(out.as_subclass(torch.Tensor), expected),
        call=plain.named(f"torch.equal({plain.text}, transforms.ToTensor()(image))"),
        actual=True,
        expected="False: x * (1/255) and x / 255 round differently for some x",
    )


# ---------------------------------------------------------------------------------------------
# 1.9: torchvision.models' pretrained=True


@pytest.mark.persistence
def test_drift_pretrained_flag_is_replaced_by_weights() -> None:
    """The page builds models.vgg16(pretrained=True). Since torchvision 0.13 the argument is
    weights=models.VGG16_Weights.IMAGENET1K_V1 (or weights=None for random weights); pretrained=
    still works but warns. The weight enums carry their metadata, no download needed to read it.
    """
    from torchvision import models

    _, record = _recorded(lambda: models.squeezenet1_1(pretrained=False))  # a small model: VGG16 takes a second
    messages = [f"{w.category.__name__}: {w.message}" for w in record]
    check(
        any("'pretrained' is deprecated" in m for m in messages),
        call=Call("persistence", "models.squeezenet1_1(pretrained=False) warnings"),
        actual=messages,
        expected="one saying 'pretrained' is deprecated (use 'weights')",
        situation="as models.vgg16(pretrained=True) warns, on a smaller model",
    )
    weights = models.get_weight("VGG16_Weights.IMAGENET1K_V1")
    call = Call("persistence", "models.get_weight('VGG16_Weights.IMAGENET1K_V1')")
    check_is(weights, models.VGG16_Weights.IMAGENET1K_V1, call=call)
    check_equal(weights.meta["num_params"], 138357544, call=call.dot("meta['num_params']"))


# ---------------------------------------------------------------------------------------------
# 1.3: devices and float32 matmul


@pytest.mark.tensors
def test_drift_default_device_is_cpu_and_can_be_switched() -> None:
    """ "默认情况下,tensor是在CPU上创建的" still holds; since torch 2.0 a `with torch.device(...)` block
    (or torch.set_default_device) changes where factories create tensors."""
    check_equal(torch.get_default_device(), torch.device("cpu"), call=Call("tensors", "torch.get_default_device()"))
    with torch.device("meta"):  # the meta device: shapes without storage, there on every machine
        inside = torch.ones(5, 3)
    check_equal(
        (inside.device.type, torch.ones(5, 3).device.type),
        ("meta", "cpu"),
        call=Call("tensors", "(inside.device.type, torch.ones(5, 3).device.type)").also(
            "with torch.device('meta'): inside = torch.ones(5, 3)"
        ),
    )


@pytest.mark.tensors
def test_drift_float32_matmul_is_full_precision_by_default() -> None:
    """torch 1.7-1.11 computed float32 CUDA matmuls in TF32 (10-bit mantissa) by default; since 1.12
    torch.backends.cuda.matmul.allow_tf32 is False and float32 matmul precision is "highest". (cuDNN
    convolutions still allow TF32.) The spec's GPU tolerances rely on this."""
    check_equal(
        torch.backends.cuda.matmul.allow_tf32, False, call=Call("tensors", "torch.backends.cuda.matmul.allow_tf32")
    )
    check_equal(
        torch.get_float32_matmul_precision(), "highest", call=Call("tensors", "torch.get_float32_matmul_precision()")
    )


def test_drift_versions_are_the_ones_this_kit_pins() -> None:
    """The versions the drift above was measured on: torch 2.10+ and torchvision 0.25+ (pyproject.toml).
    On an older torch, this fails first and the drift tests say what differs."""
    import torchvision

    check(
        since("torch", "2.10") and since("torchvision", "0.25"),
        call=Call("quickstart", "(torch.__version__, torchvision.__version__)"),
        actual=(torch.__version__, torchvision.__version__),
        expected="torch 2.10+ and torchvision 0.25+",
        situation="the versions this kit needs (pyproject.toml)",
    )
