"""Assertion helpers, devices and input factories shared by every spec page.

Every failed check reads `what=actual, but should be expected [where]`, so a learner sees the call
that went wrong, what it gave, what the tutorial expects and which section teaches it. Where a
call can be replayed, the helpers take `repro=`: a line of code attached to the failure as a note.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pytest
import torch

# Marks for device parameters; the plugin skips gpu items when CUDA is absent.
cpu = pytest.mark.cpu
gpu = pytest.mark.gpu


def devices() -> list[Any]:
    """Parameters for a `device` argument: "cpu" (mark cpu) and "cuda" (mark gpu)."""
    return [pytest.param("cpu", marks=cpu, id="cpu"), pytest.param("cuda", marks=gpu, id="cuda")]


def make_tensor(
    shape: Sequence[int] = (17, 11),
    *,
    dtype: torch.dtype = torch.float32,
    device: str | torch.device = "cpu",
    low: float | None = None,
    high: float | None = None,
    requires_grad: bool = False,
) -> torch.Tensor:
    """Random tensor; the default shape is small, odd and non-square so transpositions show."""
    return torch.testing.make_tensor(
        tuple(shape), dtype=dtype, device=device, low=low, high=high, requires_grad=requires_grad
    )


def make_counting_matrix(shape: Sequence[int] = (17, 11), *, device: str | torch.device = "cpu") -> torch.Tensor:
    """float32 0, 1, 2, ... laid out row by row: every row and column is recognisable in a message."""
    rows, cols = shape
    return torch.arange(rows * cols, dtype=torch.float32, device=device).view(rows, cols)


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    if isinstance(value, torch.Tensor) and value.numel() > 12:
        text = f"tensor(shape={tuple(value.shape)}, dtype={value.dtype}, device={value.device})"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fail(message: str, repro: str | None, raw: BaseException | None = None) -> None:
    __tracebackhide__ = True
    if repro:
        message = f"{message}\n  reproduce: {repro}"
    if raw is not None:  # the error Python itself gave, below the spec's own words
        message = f"{message}\n  {type(raw).__name__}: {raw}"
    pytest.fail(message, pytrace=False)


def check(condition: object, *, what: str, actual: Any, expected: str, where: str, repro: str | None = None) -> None:
    """Fail with `what=actual, but should be expected [where]` unless `condition` holds.

    `expected` is prose for properties that are not a single value ("in [0, 1)", "not all equal").
    """
    __tracebackhide__ = True
    if not condition:
        _fail(f"{what}={_short(actual)}, but should be {expected} [{where}]", repro)


def check_equal(actual: Any, expected: Any, *, what: str, where: str, repro: str | None = None) -> None:
    """`actual == expected` for plain values (shapes, dtypes, devices, ints, strings, types)."""
    __tracebackhide__ = True
    try:
        equal = bool(actual == expected)
    except (RuntimeError, ValueError):  # tensors of several elements
        equal = False
    if not equal or type(actual) is not type(expected) and isinstance(expected, (bool, torch.dtype)):
        _fail(f"{what}={_short(actual)}, but should be {_short(expected)} [{where}]", repro)


def check_is(actual: Any, expected: Any, *, what: str, where: str, repro: str | None = None) -> None:
    """`actual is expected`: the very same object (in-place operations return their input)."""
    __tracebackhide__ = True
    if actual is not expected:
        _fail(
            f"{what} is a new object ({_short(actual)}), but should be the very same object "
            f"it was given (in-place) [{where}]",
            repro,
        )


def check_tensor(
    actual: Any,
    expected: torch.Tensor,
    *,
    what: str,
    where: str,
    rtol: float,
    atol: float,
    check_dtype: bool = True,
    check_device: bool = True,
    repro: str | None = None,
) -> None:
    """Values (and by default dtype and device) of a tensor; tolerances are set by the caller."""
    __tracebackhide__ = True
    if not isinstance(actual, torch.Tensor):
        _fail(f"{what}={_short(actual)} of type {type(actual).__name__}, but should be a torch.Tensor [{where}]", repro)
    if tuple(actual.shape) != tuple(expected.shape):
        _fail(f"{what}.shape={tuple(actual.shape)}, but should be {tuple(expected.shape)} [{where}]", repro)
    if check_dtype and actual.dtype != expected.dtype:
        _fail(f"{what}.dtype={actual.dtype}, but should be {expected.dtype} [{where}]", repro)
    if check_device and actual.device != expected.device:
        _fail(f"{what}.device={actual.device}, but should be {expected.device} [{where}]", repro)
    try:
        torch.testing.assert_close(
            actual.detach(),
            expected.detach(),
            rtol=rtol,
            atol=atol,
            check_dtype=False,
            check_device=False,
            equal_nan=True,
        )
    except AssertionError as exc:
        detail = str(exc).strip().splitlines()
        summary = "; ".join(line.strip() for line in detail[:4] if line.strip())
        _fail(
            f"{what} has wrong values ({summary}), but should equal {_short(expected)} "
            f"within rtol={rtol}, atol={atol} [{where}]",
            repro,
        )


check_tensor_equal = partial(check_tensor, rtol=0, atol=0)


def check_raises(
    exceptions: type[BaseException] | tuple[type[BaseException], ...],
    fn: Callable[[], Any],
    *,
    what: str,
    where: str,
    repro: str | None = None,
) -> BaseException:
    """`fn()` must raise one of `exceptions`; returns the exception for further checks."""
    __tracebackhide__ = True
    try:
        result = fn()
    except exceptions as exc:
        # A stub's NotImplementedError is a RuntimeError, but it means "not written yet", not "refused":
        # let it through so the plugin reports the concept as not implemented (unless it was asked for).
        expected = exceptions if isinstance(exceptions, tuple) else (exceptions,)
        if isinstance(exc, NotImplementedError) and NotImplementedError not in expected:
            raise
        return exc
    names = exceptions.__name__ if isinstance(exceptions, type) else " or ".join(e.__name__ for e in exceptions)
    _fail(f"{what} returned {_short(result)}, but should raise {names} [{where}]", repro)
    raise AssertionError("unreachable")


def unpacked(result: Any, count: int, *, what: str, where: str, repro: str | None = None) -> tuple[Any, ...]:
    """`result` as `count` items, as `a, b, c = result` unpacks it (a tuple, a list), or a spec failure that
    says what came back instead (None from a missing return, one tensor), with Python's own error below it."""
    __tracebackhide__ = True
    try:
        items = tuple(result)
        if len(items) != count:
            raise ValueError(
                f"{'too many' if len(items) > count else 'not enough'} values to unpack "
                f"(expected {count}, got {len(items)})"
            )
    except (TypeError, ValueError) as exc:
        _fail(f"{what}={_short(result)}, but should be a tuple of {count} results [{where}]", repro, raw=exc)
    return items


def result_or_error(fn: Callable[[], Any]) -> Any:
    """`fn()`, or the exception it raised, for a test where an error is itself the finding (or allowed).

    A stub's NotImplementedError goes through, as in check_raises: the concept is not written yet.
    """
    try:
        return fn()
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error: the test decides what it means
        return exc


def call_checked(fn: Callable[[], Any], *, what: str, expected: str, where: str, repro: str | None = None) -> Any:
    """`fn()`, or a failure in the spec's words when it raises: `what raised X: msg, but should be expected`,
    with the raw exception's last frames below it (so an error inside the spec's own unpacking or indexing never
    reaches the learner bare). A stub's NotImplementedError goes through, as in check_raises.
    """
    __tracebackhide__ = True
    try:
        return fn()
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any error of the code under test: reported, with its traceback
        raw = "".join(traceback.format_exception(exc, limit=-3)).rstrip()
        text = str(exc) if len(str(exc)) <= 200 else str(exc)[:197] + "..."
        _fail(
            f"{what} raised {type(exc).__name__}: {text}, but should be {expected} [{where}]"
            + (f"\n  reproduce: {repro}" if repro else "")
            + f"\n  the error, as raised:\n{raw}",
            None,
        )


def shares_memory(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Whether two tensors (or a tensor and a view of it) use the same storage."""
    return a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()
