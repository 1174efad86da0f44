"""pytest plumbing of the spec: implementation selection, device markers, state guard, not-implemented.

Registered by spec/plugin/options.py (the `pytest11` entry point) when a run collects the spec. Its state,
the implementation under test and the reference, lives on the config (`state(config)`, spec/results/run.py),
made once in pytest_configure. Tests get it through the fixtures `impl` (the implementation under test) and
`ref` (the reference, for scaffolding). The end-of-run summary and the report file are
spec/results/summary.py and spec/results/report.py.

PYTEST_DONT_REWRITE: the grading engine's warm-up imports it before pytest starts; it has no assert to rewrite.

The plugin's own failures are data too (spec/results/failure.py): global torch state a test left changed
(kind "state"), a pytest outcome raised by the learner's code and an error the spec hit on what the learner's
code gave (kind "raised"), each about the contract name the test used last.
"""

from __future__ import annotations

import os
import random
import re
import unittest
from collections.abc import Generator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from hypothesis import settings

from reference.fashion_mnist.files import describe_data_root
from reference.quickstart.fast import default_threads
from spec.contract import CONTRACT, PAGES
from spec.helpers.checks import SpecFailure
from spec.loading import impl as impl_mod
from spec.loading import notebook
from spec.plugin import blame, profiles
from spec.plugin.options import DEFAULT_IMPL
from spec.results.context import lang, values_shown
from spec.results.failure import Failure
from spec.results.model import page_of
from spec.results.run import STATE_KEY, SpecState, state

SEED = 0
NO_CUDA = "gpu: CUDA is not available on this machine"

profiles.register()  # dev, ci, learner, meta: before pytest imports any page


# Every warning is an error, but for these (later entries win over "error").
WARNING_FILTERS = [
    "error",
    # torchvision 0.29 deprecates read_image/decode_* in favour of its new decoders; the tutorial uses them.
    "ignore:.*(read_image|decode_image|decode_png|decode_jpeg).*:DeprecationWarning",
    "ignore:.*(read_image|decode_image|decode_png|decode_jpeg).*:UserWarning",
    # ... whose actual text (0.29) names none of them: the page's own read_image (1.4.3) must not fail a test.
    "ignore:The image decoding and encoding capabilities of TorchVision are deprecated:DeprecationWarning",
    # float(loss) on a loss that requires grad is a right way to read the number (tutorial 1.8); torch 2.14
    # only advises .detach() first.
    "ignore:Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior:UserWarning",
    # torch.from_numpy(np.asarray(pil_image)): the array is read-only, so torch warns that writing to the
    # tensor would be undefined. The image is the right one (to_tensor 1.5, CustomImageDataset 1.4.3), and
    # torch warns once per process, so the error would land on whichever test ran first.
    "ignore:The given NumPy array is not writable:UserWarning",
    # torch.tensor(t) copies t exactly (to_device 1.3, a grad snapshot in accumulated_grads 1.7); torch only
    # advises t.clone().detach(), which is the same copy without the warning.
    "ignore:To copy construct from a tensor, it is recommended to use:UserWarning",
    # Older ways to read an image's bytes that still give the right tensor: torchvision's own ToTensor of
    # torch 1.9 (torch.ByteStorage.from_buffer), and Pillow's Image.getdata (deprecated in Pillow 12).
    "ignore:TypedStorage is deprecated:UserWarning",
    "ignore:Image.Image.getdata is deprecated:DeprecationWarning",
    # torch.onnx's dynamo exporter narrates its steps; onnxscript warns about opset conversions.
    "ignore::UserWarning:torch.onnx.*",
    "ignore::UserWarning:onnxscript.*",
    "ignore::DeprecationWarning:onnxscript.*",
    "ignore::FutureWarning:onnxscript.*",
    # torch 2.9+ deprecates ways of exporting to ONNX that still give a right file; a learner using
    # them is not wrong. The legacy TorchScript exporter (dynamo=False, dynamic_axes):
    "ignore:You are using the legacy TorchScript-based ONNX export:DeprecationWarning",
    "ignore:The feature will be removed. Please remove usage of this function:DeprecationWarning:torch.onnx.*",
    # ... torch.onnx.export(model, args, io.BytesIO()), then writing the bytes:
    "ignore:Saving ONNX model to a BytesIO object is deprecated:DeprecationWarning:torch.onnx.*",
    # ... dynamic_axes= with the dynamo exporter (converted to dynamic_shapes). Not ignored: the
    # UserWarning "Exporting a model while it is in training mode", a real mistake (tutorial 1.9.3).
    "ignore:# 'dynamic_axes' is not recommended when dynamo=True:UserWarning",
    "ignore:from_dynamic_axes_to_dynamic_shapes is deprecated:DeprecationWarning:torch.onnx.*",
    # pytest's clean-up of old /tmp/pytest-of-<user> folders races with another pytest run on the same machine
    # (a class graded in parallel, a second CI job); the folder is not this run's, and the run's results stand.
    "ignore:\\(rm_rf\\) error removing:pytest.PytestWarning",
    # torch 2.11's torch.export warns about its own pytree API inside every dynamo ONNX export (not 2.14).
    r"ignore:`isinstance\(treespec, LeafSpec\)` is deprecated:FutureWarning",
]

# Also in pyproject.toml; registered here too so that a run whose rootdir pytest placed elsewhere
# (an --impl file outside the repository) keeps the same markers and warning filters.
MARKERS = {
    "cpu": "runs on the CPU (every device-free test is cpu too)",
    "gpu": "runs on CUDA; skipped with a reason when CUDA is absent, failed with --require-gpu",
    "slow": "takes over ~5 s (real-data training, meta-tests of the spec itself)",
    "long": "end to end, minutes in all (classes, Gradescope, a wheel, whole notebooks); CI runs them after the rest",
    "benchmark": "pytest-benchmark throughput measurement; a single smoke run unless --benchmark-enable",
    "meta": "tests of the spec itself (helpers, plugin, wrong and right implementations)",
    **{page: f"tutorial {section} {title}" for page, (section, title) in PAGES.items()},
}


def pytest_configure(config: pytest.Config) -> None:
    spec_state = config.stash[STATE_KEY] = SpecState()
    registered = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for name, help_text in MARKERS.items():
        if name not in registered:
            config.addinivalue_line("markers", f"{name}: {help_text}")
    for line in WARNING_FILTERS:
        config.addinivalue_line("filterwarnings", line)
    if config.getoption("hypothesis_profile", None) is None:
        settings.load_profile("ci" if os.environ.get("CI") else "dev")
    torch.set_num_threads(config.getoption("spec_threads") or default_threads())
    target = config.getoption("impl")
    if config.inipath is None and target in map(str, config.invocation_params.args):
        # pytest chose its rootdir from `--impl PATH` before it knew that --impl takes a value.
        raise pytest.UsageError(
            f"pytest took its rootdir from the value of --impl ({target}) and did not read this "
            f"kit's settings: write --impl={target} (with '='), or run: python -m spec check {target}"
        )
    before = _global_state()
    try:
        module = impl_mod.load_module(target)
        reference = module if target == DEFAULT_IMPL else impl_mod.load_module(DEFAULT_IMPL)
    except impl_mod.ImplImportError as exc:
        spec_state.import_error = str(exc)  # for the report file (spec/results/report.py), written at unconfigure
        raise pytest.UsageError(str(exc)) from None
    finally:
        after = _global_state()
        _restore(before)
    spec_state.import_changes = (
        [
            f"{key}={after[key]!r}, but should be {before[key]!r} as before the import{_setter_line(module, key)}"
            for key in before
            if after[key] != before[key]
        ]
        if target != DEFAULT_IMPL
        else []
    )
    spec_state.impl = impl_mod.Impl(module, target)
    spec_state.ref = impl_mod.Impl(reference, DEFAULT_IMPL)


# Calls that change each piece of global state, to name the line of the import that changed it.
_SETTERS = {
    "torch.is_grad_enabled()": r"set_grad_enabled|no_grad\(\)\.__enter__|enable_grad\(\)\.__enter__",
    "torch.get_default_dtype()": r"set_default_dtype|set_default_tensor_type",
    "torch.get_num_threads()": r"set_num_threads",
    "torch.get_default_device()": r"set_default_device",
    "torch.is_inference_mode_enabled()": r"inference_mode\(\)\.__enter__|_enter_inference_mode",
}


def _setter_line(module: Any, key: str) -> str:
    """' (my_solution.py, line 3: torch.set_default_dtype(torch.float64))' where a line of the file matches."""
    path = getattr(module, "__file__", None)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines() if path else []
    except OSError:
        return ""
    for number, line in enumerate(lines, 1):
        if re.search(_SETTERS[key], line) and not line.lstrip().startswith("#"):
            return f" ({Path(path).name}, line {number}: {line.strip()})"
    return ""


def pytest_report_header(config: pytest.Config) -> list[str]:
    impl = state(config).impl
    cuda = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if cuda else "cpu only (gpu tests skip)"
    header = [
        f"implementation under test: {impl.target if impl else '?'} "
        f"({getattr(impl.module, '__file__', '?') if impl else '?'})",
        f"torch {torch.__version__} (CUDA build {torch.version.cuda}), CUDA available: {cuda}, device: {device}",
        f"torch threads: {torch.get_num_threads()}, hypothesis profile: {settings._current_profile}",
        f"Fashion-MNIST root: {describe_data_root()}",
    ] + (
        []
        if impl is None or checks_reference(config)
        else ["meta-tests of the spec itself: left out (they do not use --impl; run them without it)"]
    )
    # A notebook's cells that do not parse or raised when loaded: named up front; the rest is checked.
    broken = notebook.broken_of(getattr(impl.module, "__file__", None) or "") if impl else []
    return header + [b.text(lang(config)) for b in broken]


# ---------------------------------------------------------------------------------------------
# Devices: every item carries `cpu` or `gpu`; gpu items skip (or fail) without CUDA.
# A learner's run leaves out the meta-tests.


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    cuda = torch.cuda.is_available()
    require = config.getoption("require_gpu")
    for item in items:
        if item.get_closest_marker("gpu") is None and item.get_closest_marker("cpu") is None:
            item.add_marker(pytest.mark.cpu)  # device-free tests run everywhere
        if item.get_closest_marker("gpu") is not None and not cuda and not require:
            item.add_marker(pytest.mark.skip(reason=NO_CUDA))
    if not checks_reference(config):
        # The meta-tests run the spec on its own mutants whatever --impl names: minutes that say nothing
        # about the learner's file. They run when the reference is under test (CI).
        meta = [item for item in items if item.get_closest_marker("meta") is not None]
        if meta:
            config.hook.pytest_deselected(items=meta)
            items[:] = [item for item in items if item.get_closest_marker("meta") is None]


def checks_reference(config: pytest.Config) -> bool:
    """Whether the implementation under test is the reference itself (no --impl, or --impl reference)."""
    spec_state = state(config)
    return spec_state.impl.module is spec_state.ref.module


def pytest_runtest_setup(item: pytest.Item) -> None:
    state(item.config).impl.used.clear()  # which contract names this test asks for, for the report
    if item.get_closest_marker("gpu") is not None and not torch.cuda.is_available():
        pytest.fail("gpu test, but CUDA is not available (--require-gpu given)", pytrace=False)


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="session")
def impl(pytestconfig: pytest.Config) -> impl_mod.Impl:
    """The implementation under test (--impl): `impl.one_hot` is the learner's one_hot."""
    return state(pytestconfig).impl


@pytest.fixture(scope="session")
def ref(pytestconfig: pytest.Config) -> impl_mod.Impl:
    """The reference implementation, for scaffolding around the concept under test."""
    return state(pytestconfig).ref


def _global_state() -> dict[str, object]:
    return {
        "torch.is_grad_enabled()": torch.is_grad_enabled(),
        "torch.get_default_dtype()": torch.get_default_dtype(),
        "torch.get_num_threads()": torch.get_num_threads(),
        "torch.get_default_device()": torch.get_default_device(),
        "torch.is_inference_mode_enabled()": torch.is_inference_mode_enabled(),
    }


def _restore(saved: dict[str, object]) -> None:
    torch.set_grad_enabled(saved["torch.is_grad_enabled()"])
    torch.set_default_dtype(saved["torch.get_default_dtype()"])
    torch.set_num_threads(saved["torch.get_num_threads()"])
    torch.set_default_device(saved["torch.get_default_device()"])


# pytest's own outcomes, unittest's skip (pytest takes it for one) and hypothesis' reject() (impl.Rejected): raised
# from the learner's code they would turn a wrong function into a skip, a rejected input, or stop the run.
_OUTCOMES = {
    pytest.skip.Exception: "skip",
    pytest.xfail.Exception: "xfail",
    pytest.exit.Exception: "exit",
    unittest.SkipTest: "skip",
    impl_mod.Rejected: "reject",
}
_SPELLED = {"skip": "pytest.skip", "xfail": "pytest.xfail", "exit": "pytest.exit", "reject": "hypothesis.reject"}


def _concept(item: pytest.Item, impl: impl_mod.Impl) -> str | None:
    """What a failure of the plugin's own speaks about: the contract name the test used last, else its page."""
    used = [name for name in impl.used if name in CONTRACT]
    if used:
        return used[-1]
    page = page_of(item)
    return page if page in PAGES else None


def _fail(item: pytest.Item, failure: Failure | None, message: str) -> None:
    """Fails the test with `failure` as data, or (a test of no page, that used no contract name) with `message`."""
    __tracebackhide__ = True
    if failure is None:
        pytest.fail(message, pytrace=False)
    raise SpecFailure(failure)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Seed every RNG, run the test, then fail it if it left global torch state changed."""
    before = _global_state()
    rng = (random.getstate(), np.random.get_state(), torch.get_rng_state())
    cuda_rng = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)  # seeds CUDA too
    impl = state(item.config).impl
    outcome = None  # a pytest outcome the learner's code raised, as (kind, how it is spelled, its message)
    try:
        result = yield
    except tuple(_OUTCOMES) as exc:
        theirs = isinstance(exc, impl_mod.Rejected) or impl_mod.passed_through(exc.__traceback__, impl.module)
        if isinstance(exc, impl_mod.NotImplementedSkip) or not theirs:
            raise
        spelled = f"{type(exc).__module__}.{type(exc).__qualname__}" if isinstance(exc, unittest.SkipTest) else None
        kind = next(name for cls, name in _OUTCOMES.items() if isinstance(exc, cls))
        outcome = (kind, spelled or _SPELLED[kind], str(exc))
    finally:
        after = _global_state()
        _restore(before)
        random.setstate(rng[0])
        np.random.set_state(rng[1])
        torch.set_rng_state(rng[2])
        if cuda_rng is not None:
            torch.cuda.set_rng_state_all(cuda_rng)
    concept = _concept(item, impl)
    names = ", ".join(impl.used)
    if outcome is not None:
        kind, spelled, text = outcome
        call = f"your code (in {names})" if names else "your code"
        actual = f"{spelled}({text!r})"
        situation = f"a {kind} raised by the code under test counts as a failure"
        failure = None
        if concept is not None:
            failure = Failure(concept, call, actual, "a result or an error of its own", "raised", situation)
        _fail(item, failure, f"{call} raised {actual}: {situation}")
    leaked = [k for k in before if after[k] != before[k]]
    if leaked:
        actual = "; ".join(f"{k}={after[k]!r}" for k in leaked)
        expected = repr(before[leaked[0]]) if len(leaked) == 1 else "; ".join(f"{k}={before[k]!r}" for k in leaked)
        situation = "as before the test: the code under test changed global torch state and did not restore it"
        failure = None
        if concept is not None:
            failure = Failure(concept, names or "the code under test", actual, expected, "state", situation)
        _fail(item, failure, f"the code under test changed global torch state and did not restore it: {actual}")
    return result


# ---------------------------------------------------------------------------------------------
# Outcomes: NotImplementedError raised by the learner's own stub counts as "not implemented".


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and report.longrepr[2] == f"Skipped: {NO_CUDA}":
        # One line of -ra's short summary for every GPU test skipped, not one per test: pytest folds skips of
        # one location and reason, and these have one reason whatever their test.
        report.longrepr = (str(Path(__file__).parents[1] / "pages"), None, report.longrepr[2])
    impl = state(item.config).impl
    excinfo = call.excinfo
    name = None
    failure = None
    if excinfo is not None and impl is not None:
        skip = None
        if excinfo.errisinstance(impl_mod.NotImplementedSkip):
            skip = excinfo.value
        elif excinfo.errisinstance(NotImplementedError) and impl_mod.raised_in(excinfo.tb, impl.module):
            skip = impl_mod.NotImplementedSkip(_stub_name(excinfo.tb, impl), impl_mod.RAISES)
            report.outcome = "skipped"
        elif report.failed:
            try:
                failure = _failure_of(excinfo, impl, call.when)
            except Exception:  # noqa: BLE001 - describing an odd error must never hide it: pytest's report stays
                failure = None
            if failure is not None:
                report.longrepr = _shown(item.config, failure, report)
        if skip is not None:  # its reason in the run's language, from its fields
            name = skip.concept_name
            path, lineno, _ = item.reportinfo()
            location = report.longrepr[:2] if isinstance(report.longrepr, tuple) else (str(path), (lineno or 0) + 1)
            report.longrepr = (*location, f"Skipped: {skip.render(lang(item.config))}")
    elif excinfo is not None:
        failure = getattr(excinfo.value, "failure", None)
    if isinstance(failure, Failure):  # a failure as data (spec/helpers/checks.py, or the plugin's), for every output
        report.user_properties.append(("failure", failure.to_dict()))
    if name is not None:
        report.user_properties.append(("not_implemented", name))
    if impl is not None and call.when == "call":
        report.user_properties.append(("concepts", tuple(impl.used)))
    return report


def _failure_of(excinfo: pytest.ExceptionInfo[BaseException], impl: impl_mod.Impl, when: str) -> Failure | None:
    """The failure of a failed test phase as data: a check's (with the learner's file and line where the call
    raised), an error of the learner's code in the spec's words, or the spec's words for an error the spec hit on
    what the learner's code gave. hypothesis's group of several errors: the first that says something."""
    errors = blame.leaves(excinfo.value)
    for error in errors:  # a check's failure first: it names the call and what was expected
        failure = getattr(error, "failure", None)
        if isinstance(failure, Failure):
            cause = getattr(error, "error", None)
            return blame.located(failure, cause, impl) if isinstance(cause, BaseException) else failure
    for error in errors:
        if not isinstance(error, (pytest.fail.Exception, AssertionError)) or impl_mod.passed_through(
            error.__traceback__, impl.module
        ):
            failure = blame.from_error(error, impl)
            if failure is not None:
                return failure
    if (
        when == "call"
        and impl.used
        and not excinfo.errisinstance((pytest.fail.Exception, AssertionError))
        and not impl_mod.passed_through(excinfo.tb, impl.module)
    ):
        return _unusable_result(excinfo, impl)
    return None


def _shown(config: pytest.Config, failure: Failure, report: pytest.TestReport) -> str:
    """What the terminal shows of a failed test: the failure in the spec's words, in the run's language; with
    `--tb=long`, `short` or `native` asked for, pytest's own traceback below it."""
    text = failure.render(lang(config), values=values_shown(config))
    if config.getoption("tbstyle", "auto") in ("long", "short", "native"):
        return f"{text}\n\n{report.longreprtext}"
    return text


def _unusable_result(excinfo: pytest.ExceptionInfo[BaseException], impl: impl_mod.Impl) -> Failure:
    """The spec's own words for an error raised outside the learner's code while the spec used what it gave.

    `loss, accuracy = test_loop(...)` on a loop that returns None raises TypeError in the test, not in the
    learner's file; the raw error alone reads like a bug of the spec.
    """
    entry = excinfo.traceback[-1]
    error = excinfo.exconly().splitlines()[0]
    name = next((n for n in reversed(impl.used) if n in CONTRACT), impl.used[-1])
    return Failure(
        concept=name,
        call=f"the spec's use of what {', '.join(impl.used)} gave",
        actual=f"{error} (at {Path(str(entry.path)).name}:{entry.lineno + 1}, outside your code)",
        expected="what the contract describes",
        kind="raised",
        situation=f"see the docstring of {name} in a starter module: python -m spec new",
    )


def _stub_name(tb: Any, impl: impl_mod.Impl) -> str:
    """The contract name whose stub raised: the function (or class, for methods) of the raising frame."""
    while tb.tb_next is not None:
        tb = tb.tb_next
    frame = tb.tb_frame
    candidates = [frame.f_code.co_name, type(frame.f_locals.get("self")).__name__]
    for candidate in candidates:
        if candidate in CONTRACT:
            return candidate
    return next((n for n in reversed(impl.used) if n in CONTRACT), candidates[0])
