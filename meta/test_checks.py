"""Meta-tests of the check helpers: each check fails exactly when it should, with its failure as data.

The message is rendered from the fields (spec/results/failure.py); these tests read the fields first, then
the rendering, so a change of wording cannot hide a wrong field.
"""

from __future__ import annotations

import pytest
import torch

from spec.helpers.calls import EXACT, Call, Tol
from spec.helpers.checks import (
    SpecFailure,
    call_checked,
    check,
    check_equal,
    check_is,
    check_raises,
    check_tensor,
    check_tensor_equal,
    check_unchanged,
    make_tensor,
    result_or_error,
    shares_memory,
    source_of,
    unpacked,
)
from spec.results.failure import Failure

pytestmark = pytest.mark.meta
ONE_HOT = Call.of("one_hot", "3")
WHERE = "tutorial 1.5 Transforms, Lambda Transforms"


def failure_of(fn, *args, **kwargs) -> Failure:
    with pytest.raises(SpecFailure) as info:
        fn(*args, **kwargs)
    assert str(info.value) == info.value.failure.render("en")  # what pytest shows is the rendering
    return info.value.failure


def test_check_equal_fails_with_the_call_actual_expected_and_the_section_of_its_concept() -> None:
    failure = failure_of(check_equal, torch.int64, torch.float32, call=ONE_HOT.dot("dtype"))
    assert (failure.concept, failure.call, failure.actual, failure.expected, failure.kind) == (
        "one_hot",
        "one_hot(3).dtype",
        "torch.int64",
        "torch.float32",
        "dtype",
    )
    assert failure.section == "1.5" and failure.reproduce == "one_hot(3).dtype"
    assert failure.render("en") == (
        f"one_hot(3).dtype=torch.int64, but should be torch.float32 [{WHERE}]\n  reproduce: one_hot(3).dtype"
    )


def test_the_reproduce_line_is_the_setup_then_the_call_that_ran() -> None:
    call = Call("NeuralNetwork", "model(x).shape", setup="model = NeuralNetwork(); x = torch.rand(3, 28, 28)")
    failure = failure_of(check_equal, (3, 9), (3, 10), call=call)
    assert failure.reproduce == "model = NeuralNetwork(); x = torch.rand(3, 28, 28); model(x).shape"
    assert failure.kind == "shape" and failure.call == "model(x).shape"


def test_one_location_per_message_in_either_language() -> None:
    failure = failure_of(check, False, call=ONE_HOT, actual=1, expected="a tensor", situation="a label")
    for lang, word in (("en", "tutorial"), ("zh", "教程")):
        text = failure.render(lang)
        assert text.count("[") == 1 and text.count(word) == 1, text
    assert failure.render("zh").startswith("one_hot(3)=1,但应为 a tensor(a label) [教程 1.5 变换, Lambda变换]")
    assert "\n  复现: one_hot(3)" in failure.render("zh")


def test_a_call_of_an_unknown_concept_is_refused_when_the_page_is_written() -> None:
    with pytest.raises(KeyError, match="neither a contract name nor a page marker"):
        Call.of("one_hott", "3")


def test_failures_travel_as_dicts_and_nothing_else_comes_back() -> None:
    failure = failure_of(check_equal, 1, 2, call=ONE_HOT)
    assert Failure.from_dict(failure.to_dict()) == failure
    assert failure.to_dict()["section"] == "1.5"
    for forged in (
        [],
        "x",
        {"concept": "one_hot"},
        {**failure.to_dict(), "kind": "nonsense"},
        {**failure.to_dict(), "actual": 3},
    ):
        assert Failure.from_dict(forged) is None


def test_check_equal_passes_on_equal_values() -> None:
    check_equal((17, 11), (17, 11), call=ONE_HOT)
    check_equal(torch.Size([17, 11]), torch.Size([17, 11]), call=ONE_HOT)


def test_check_equal_tells_bool_from_int() -> None:
    assert failure_of(check_equal, 1, True, call=Call.of("to_python", "t")).actual == "1"


def test_check_equal_fails_on_multi_element_tensor_comparison() -> None:
    failure_of(check_equal, torch.ones(3), torch.ones(3), call=ONE_HOT)


def test_check_is_demands_the_same_object() -> None:
    t = torch.zeros(3)
    call = Call.of("add_inplace", "t", "1")
    check_is(t, t, call=call)
    failure = failure_of(check_is, t.clone(), t, call=call)
    assert failure.kind == "same_object"
    assert failure.render("en").startswith("add_inplace(t, 1) is a new object")


def test_check_tensor_reports_type_shape_dtype_device_and_values_in_turn() -> None:
    expected = torch.zeros(3, 5)
    x = Call.of("normalize", "x")
    shape = failure_of(check_tensor, torch.zeros(5, 3), expected, call=x, tol=EXACT)
    assert (shape.kind, shape.call, shape.actual, shape.expected) == ("shape", "normalize(x).shape", "(5, 3)", "(3, 5)")
    dtype = failure_of(check_tensor, torch.zeros(3, 5, dtype=torch.float64), expected, call=x, tol=EXACT)
    assert (dtype.kind, dtype.actual) == ("dtype", "torch.float64")
    assert failure_of(check_tensor, [[0.0] * 5] * 3, expected, call=x, tol=EXACT).kind == "type"


def test_check_tensor_shows_the_learners_value_beside_the_expected_one_with_its_index() -> None:
    actual = torch.zeros(17)
    actual[15] = 6.0
    failure = failure_of(check_tensor_equal, actual, torch.zeros(17), call=Call.of("normalize", "x"))
    assert failure.kind == "values"
    assert (failure.actual, failure.expected) == ("[15]=6 (1/17)", "[15]=0 (rtol=0, atol=0)")
    assert failure.headline("en").startswith("normalize(x) has wrong values: [15]=6 (1/17), but should be [15]=0")
    assert "Tensor-likes" not in failure.render("en")  # torch's own jargon stays out
    many = failure_of(
        check_tensor_equal, torch.arange(12.0).view(3, 4), torch.zeros(3, 4), call=Call.of("normalize", "x")
    )
    assert many.actual == "[0, 1]=1, [0, 2]=2, [0, 3]=3, ... (11/12)"  # the first three, and how many in all
    assert many.expected == "[0, 1]=0, [0, 2]=0, [0, 3]=0, ... (rtol=0, atol=0)"


def test_check_tensor_honours_the_tolerance_given() -> None:
    call = Call.of("normalize", "x")
    check_tensor(torch.full((2,), 1.0 + 1e-7), torch.ones(2), call=call, tol=Tol(rtol=1e-6, atol=0))
    failure_of(check_tensor_equal, torch.full((2,), 1.0 + 1e-7), torch.ones(2), call=call)


def test_check_unchanged_names_the_changed_input() -> None:
    x = torch.ones(3)
    before = x.clone()
    check_unchanged(x, before, call=Call.of("normalize", "x"))
    x.add_(1)
    failure = failure_of(check_unchanged, x, before, call=Call.of("normalize", "x"), name="x")
    assert failure.kind == "inputs_changed" and failure.actual.startswith("x=tensor(")


def test_check_raises_returns_the_exception_and_fails_when_nothing_is_raised() -> None:
    exc = check_raises(ValueError, lambda: int("x"), call=ONE_HOT)
    assert isinstance(exc, ValueError)
    failure = failure_of(check_raises, ValueError, lambda: 3, call=Call.of("one_hot", "10"))
    assert failure.render("en").startswith("one_hot(10) returned 3, but should raise ValueError [")


def test_a_stub_goes_through_check_raises_result_or_error_and_call_checked() -> None:
    def stub() -> None:
        raise NotImplementedError("one_hot")

    for run in (
        lambda: check_raises(RuntimeError, stub, call=ONE_HOT),
        lambda: result_or_error(stub),
        lambda: call_checked(stub, call=ONE_HOT, expected="a tensor"),
    ):
        with pytest.raises(NotImplementedError):
            run()
    assert result_or_error(lambda: 3) == 3
    assert isinstance(result_or_error(lambda: int("x")), ValueError)


def test_call_checked_keeps_pythons_error_for_the_plugin_to_locate() -> None:
    """The failure says what was called and what it raised; the error itself rides on the SpecFailure, so the
    plugin (spec/plugin/blame.py) can put the learner's file, line and frames first, and no frame of torch or of
    the kit."""
    with pytest.raises(SpecFailure) as info:
        call_checked(lambda: int("x"), call=ONE_HOT, expected="a tensor")
    failure = info.value.failure
    assert failure.kind == "raised" and failure.actual.startswith("ValueError: invalid literal")
    assert isinstance(info.value.error, ValueError) and failure.raised == "" and failure.where == ""
    assert info.value.__cause__ is None and info.value.__suppress_context__  # never "During handling of ..."


def test_check_takes_prose_expectations() -> None:
    check(True, call=Call.of("rand_like", "t"), actual=None, expected="in [0, 1)")
    failure = failure_of(check, False, call=Call.of("rand_like", "t").dot("max()"), actual=1.5, expected="below 1")
    assert (
        failure.headline("en")
        == "rand_like(t).max()=1.5, but should be below 1 [tutorial 1.3.1 Tensors, Initializing a Tensor]"
    )


def test_unpacked_gives_the_items_or_a_failure_with_pythons_error_below() -> None:
    call = Call.of("test_loop", "loader", "model", "loss_fn")
    assert unpacked([1, 2, 3], 3, call=call) == (1, 2, 3)
    failure = failure_of(unpacked, None, 3, call=call)
    assert (failure.kind, failure.actual, failure.expected) == ("unpack", "None", "a tuple of 3 results")
    assert failure.raised == "TypeError: 'NoneType' object is not iterable"
    assert failure_of(unpacked, (1,), 3, call=call).raised.endswith("(expected 3, got 1)")


def test_make_tensor_defaults_to_odd_non_square_float32() -> None:
    t = make_tensor()
    assert t.shape == (17, 11) and t.dtype == torch.float32 and t.device.type == "cpu"


def test_shares_memory_sees_views_and_not_copies() -> None:
    t = torch.zeros(4, 5)
    assert shares_memory(t, t[:, 1]) and not shares_memory(t, t.clone())


def test_check_unchanged_takes_nan_as_unchanged_and_sees_a_move_to_another_device() -> None:
    x = torch.tensor([1.0, float("nan"), float("inf")])
    check_unchanged(x, x.clone(), call=Call.of("normalize", "x"))
    moved = failure_of(check_unchanged, x.to("meta"), x, call=Call.of("normalize", "x"), hint="")
    assert moved.kind == "inputs_changed" and not moved.expected.endswith(":")


def test_source_of_writes_code_that_makes_a_tensor_like_the_one_that_ran() -> None:
    assert source_of(torch.ones(2, 3)) == "torch.ones(2, 3)"
    assert source_of(torch.eye(3)) == "torch.eye(3, 3)"
    assert source_of(torch.rand(3, 5, dtype=torch.float64)) == "torch.rand(3, 5, dtype=torch.float64)"
    assert source_of(-torch.rand(4, requires_grad=True)) == "torch.randn(4, requires_grad=True)"
    made = eval(source_of(torch.zeros(2, 1, dtype=torch.int64)), {"torch": torch})  # noqa: S307 - our own text
    assert made.shape == (2, 1) and made.dtype == torch.int64
