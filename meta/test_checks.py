"""Meta-tests of the assertion helpers: each check fails exactly when it should, saying what and where."""

from __future__ import annotations

import pytest
import torch

from spec.helpers.checks import (
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor,
    check_tensor_equal,
    make_tensor,
    result_or_error,
    shares_memory,
    unpacked,
)

pytestmark = pytest.mark.meta
WHERE = "tutorial 1.5 Transforms, Lambda"


def failure_message(fn, *args, **kwargs) -> str:
    with pytest.raises(pytest.fail.Exception) as info:
        fn(*args, **kwargs)
    return str(info.value)


def test_check_equal_message_reads_what_actual_expected_where() -> None:
    msg = failure_message(check_equal, torch.int64, torch.float32, what="one_hot(3).dtype", where=WHERE)
    assert msg == f"one_hot(3).dtype=torch.int64, but should be torch.float32 [{WHERE}]"


def test_check_equal_attaches_the_reproducer() -> None:
    msg = failure_message(check_equal, 1, 2, what="f()", where=WHERE, repro="from m import f; f()")
    assert msg.endswith("\n  reproduce: from m import f; f()")


def test_check_equal_passes_on_equal_values() -> None:
    check_equal((17, 11), (17, 11), what="shape", where=WHERE)
    check_equal(torch.Size([17, 11]), torch.Size([17, 11]), what="shape", where=WHERE)


def test_check_equal_tells_bool_from_int() -> None:
    msg = failure_message(check_equal, 1, True, what="to_python(t)", where=WHERE)
    assert "to_python(t)=1, but should be True" in msg


def test_check_equal_fails_on_multi_element_tensor_comparison() -> None:
    failure_message(check_equal, torch.ones(3), torch.ones(3), what="x", where=WHERE)


def test_check_is_demands_the_same_object() -> None:
    t = torch.zeros(3)
    check_is(t, t, what="add_inplace(t, 1)", where=WHERE)
    msg = failure_message(check_is, t.clone(), t, what="add_inplace(t, 1)", where=WHERE)
    assert "add_inplace(t, 1) is a new object" in msg and "[tutorial 1.5" in msg


def test_check_tensor_reports_shape_dtype_device_and_values_in_turn() -> None:
    expected = torch.zeros(3, 5)
    assert ".shape=(5, 3), but should be (3, 5)" in failure_message(
        check_tensor, torch.zeros(5, 3), expected, what="x", where=WHERE, rtol=0, atol=0
    )
    assert ".dtype=torch.float64, but should be torch.float32" in failure_message(
        check_tensor, torch.zeros(3, 5, dtype=torch.float64), expected, what="x", where=WHERE, rtol=0, atol=0
    )
    assert "x has wrong values" in failure_message(
        check_tensor, torch.ones(3, 5), expected, what="x", where=WHERE, rtol=0, atol=0
    )
    assert "should be a torch.Tensor" in failure_message(
        check_tensor, [[0.0] * 5] * 3, expected, what="x", where=WHERE, rtol=0, atol=0
    )


def test_check_tensor_honours_the_tolerance_given() -> None:
    check_tensor(torch.full((2,), 1.0 + 1e-7), torch.ones(2), what="x", where=WHERE, rtol=1e-6, atol=0)
    failure_message(check_tensor_equal, torch.full((2,), 1.0 + 1e-7), torch.ones(2), what="x", where=WHERE)


def test_check_raises_returns_the_exception_and_fails_when_nothing_is_raised() -> None:
    exc = check_raises(ValueError, lambda: int("x"), what="int('x')", where=WHERE)
    assert isinstance(exc, ValueError)
    msg = failure_message(check_raises, ValueError, lambda: 3, what="f()", where=WHERE)
    assert msg == f"f() returned 3, but should raise ValueError [{WHERE}]"


def test_result_or_error_returns_either_and_lets_a_stub_through() -> None:
    assert result_or_error(lambda: 3) == 3
    assert isinstance(result_or_error(lambda: int("x")), ValueError)

    def stub() -> None:
        raise NotImplementedError("one_hot")

    with pytest.raises(NotImplementedError):
        result_or_error(stub)


def test_check_takes_prose_expectations() -> None:
    check(True, what="rand_like(t)", actual=None, expected="in [0, 1)", where=WHERE)
    msg = failure_message(check, False, what="rand_like(t).max()", actual=1.5, expected="below 1", where=WHERE)
    assert msg == f"rand_like(t).max()=1.5, but should be below 1 [{WHERE}]"


def test_make_tensor_defaults_to_odd_non_square_float32() -> None:
    t = make_tensor()
    assert t.shape == (17, 11) and t.dtype == torch.float32 and t.device.type == "cpu"


def test_shares_memory_sees_views_and_not_copies() -> None:
    t = torch.zeros(4, 5)
    assert shares_memory(t, t[:, 1]) and not shares_memory(t, t.clone())


def test_unpacked_gives_the_items_or_a_spec_message_with_pythons_error_below() -> None:
    assert unpacked([1, 2, 3], 3, what="f()", where=WHERE) == (1, 2, 3)
    msg = failure_message(unpacked, None, 3, what="f()", where=WHERE, repro="f()")
    assert msg == (
        f"f()=None, but should be a tuple of 3 results [{WHERE}]\n  reproduce: f()\n"
        "  TypeError: 'NoneType' object is not iterable"
    )
    msg = failure_message(unpacked, (1,), 3, what="f()", where=WHERE)
    assert msg.endswith("ValueError: not enough values to unpack (expected 3, got 1)")
