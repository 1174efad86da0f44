"""Tutorial 1.5 Transforms (变换): ToTensor, Normalize, the one-hot Lambda, torchvision's transforms."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given

from spec import strategies
from spec.checks import check, check_equal, check_raises, check_tensor_equal, devices

pytestmark = pytest.mark.transforms
WHERE = "tutorial 1.5 Transforms, Lambda"


@given(strategies.labels())
def test_one_hot_has_single_one_at_label(impl, label_and_n: tuple[int, int]) -> None:
    label, n = label_and_n
    out = impl.one_hot(label, num_classes=n)
    expected = torch.zeros(n).index_fill_(0, torch.tensor([label]), 1.0)
    check_tensor_equal(out, expected, what=f"one_hot({label}, num_classes={n})", where=WHERE,
                       repro=f"one_hot({label}, num_classes={n})")


def test_one_hot_is_float32(impl) -> None:
    out = impl.one_hot(3)
    check_equal(out.dtype, torch.float32, what="one_hot(3).dtype", where=WHERE, repro="one_hot(3).dtype")


@pytest.mark.parametrize("label", [-1, 10, 11])
def test_one_hot_refuses_out_of_range_label(impl, label: int) -> None:
    check_raises((ValueError, IndexError, RuntimeError), lambda: impl.one_hot(label), what=f"one_hot({label})",
                 where=WHERE, repro=f"one_hot({label})")
