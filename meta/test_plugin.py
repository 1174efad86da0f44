"""Meta-tests of the plugin: implementation selection, not-implemented accounting, devices, the guard.

Each runs pytest as a learner would, in a fork of this process (meta/proc.py) or, where a fresh
interpreter is the point, in a new one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import torch

from meta.proc import ROOT, fresh, run_pytest, run_runner, run_spec

pytestmark = [pytest.mark.meta, pytest.mark.slow]


def run_corpus_file(impl: Path, markexpr: str) -> dict[str, Any]:
    """meta/runner.py's outcome for one file, run in a fork: the engine never runs in this process,
    whose other children (the background corpus run) it would take for a submission's strays."""
    out = impl.with_suffix(".outcomes.json")
    proc = run_runner("-m", markexpr, "--json", str(out), str(impl))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return json.loads(out.read_text())[str(impl.resolve())]


def write(path: Path, source: str) -> Path:
    path.write_text(textwrap.dedent(source))
    return path


def test_syntax_error_in_impl_is_one_usage_error_naming_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad_solution.py", "import torch\n\ndef one_hot(label:\n    pass\n")
    proc = run_pytest("-m", "cpu", f"--impl={bad}")
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert f"syntax error in {bad}, line 3" in proc.stderr
    assert "passed" not in proc.stdout and "failed" not in proc.stdout


def test_exception_at_import_names_the_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "boom.py", "import torch\nX = torch.zeros(2) @ torch.zeros(3)\n")
    proc = run_pytest("-m", "cpu", f"--impl={bad}")
    assert proc.returncode == 4
    assert "RuntimeError" in proc.stderr and f"{bad}, line 2" in proc.stderr


def test_missing_impl_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = run_pytest("-m", "cpu", f"--impl={tmp_path / 'nope.py'}")
    assert proc.returncode == 4 and "no such file" in proc.stderr


def test_impl_can_be_chosen_by_environment_variable(tmp_path: Path) -> None:
    bad = write(tmp_path / "env_bad.py", "def f(:\n")
    proc = run_pytest("-m", "cpu", env={**os.environ, "SPEC_IMPL": str(bad)})
    assert proc.returncode == 4 and "env_bad.py" in proc.stderr


def test_meta_tests_are_left_out_when_a_learners_file_is_under_test(tmp_path: Path) -> None:
    mine = write(tmp_path / "mine.py", "import torch\n")
    proc = run_pytest("--collect-only", "-q", "-m", "meta", f"--impl={mine}", "spec")
    assert proc.returncode == 5 and "deselected" in proc.stdout, proc.stdout[-2000:]  # 5: nothing selected
    proc = run_pytest("--collect-only", "-q", "-m", "meta", "meta/test_checks.py")
    assert proc.returncode == 0 and "test_checks.py::" in proc.stdout, proc.stdout[-2000:]


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the behaviour without CUDA")
def test_gpu_items_skip_with_a_reason_and_fail_with_require_gpu() -> None:
    proc = run_pytest("-m", "gpu and not slow", "-rs", "spec")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "CUDA is not available" in proc.stdout and " passed" not in proc.stdout.splitlines()[-1]
    proc = run_pytest("-m", "gpu and not slow", "--require-gpu", "spec")
    assert proc.returncode == 1 and "--require-gpu" in proc.stdout


def test_only_one_hot_defined_reports_the_rest_not_implemented(tmp_path: Path) -> None:
    only = write(
        tmp_path / "only_one_hot.py",
        """\
        import torch

        def one_hot(label, num_classes=10):
            if not 0 <= label < num_classes:
                raise IndexError(label)
            return torch.eye(num_classes)[label]

        def normalize(t, mean, std):
            raise NotImplementedError
        """,
    )
    result = run_corpus_file(only, "cpu and not slow and not benchmark")
    tests = result["tests"]
    one_hot_tests = {n: t for n, t in tests.items() if "::test_one_hot" in n}
    assert one_hot_tests and all(t["outcome"] == "passed" for t in one_hot_tests.values()), one_hot_tests
    failed = [n for n, t in tests.items() if t["outcome"] in ("failed", "error")]
    assert not failed, failed
    not_impl = [t["message"] for t in tests.values() if t["outcome"] == "not implemented"]
    assert any("not implemented: normalize (it raises NotImplementedError)" in m for m in not_impl)
    assert any("not implemented: from_data" in m for m in not_impl)


def test_guard_fails_a_test_that_leaves_grad_mode_disabled(tmp_path: Path) -> None:
    leaky = write(
        tmp_path / "leaky.py",
        """\
        import torch

        def predict(model, x):
            model.eval()
            torch.set_grad_enabled(False)
            return model(x).argmax(1)
        """,
    )
    result = run_corpus_file(leaky, "cpu and not slow and not benchmark and model")
    messages = [t["message"] for t in result["tests"].values() if t["outcome"] == "failed"]
    assert any("torch.is_grad_enabled()=False, but should be True" in m for m in messages), result["log"]


def test_impl_path_outside_the_repository_keeps_this_rootdir_and_config(tmp_path: Path) -> None:
    learner = write(
        tmp_path / "elsewhere.py",
        "import torch\n\ndef one_hot(label, num_classes=10):\n    return torch.zeros(num_classes, dtype=torch.long)\n",
    )
    proc = run_pytest("-m", "cpu and transforms and not slow", f"--impl={learner}", "-k", "one_hot_is_float32")
    assert f"rootdir: {ROOT}" in proc.stdout and "configfile: pyproject.toml" in proc.stdout, proc.stdout[-2000:]
    assert proc.returncode == 1 and "should be torch.float32" in proc.stdout, proc.stdout[-2000:]


def test_impl_path_given_apart_from_its_option_is_one_usage_error_with_the_fix(tmp_path: Path) -> None:
    """pytest picks its rootdir from `--impl PATH`'s value before it knows the option takes one
    (spec/plugin/options.py)."""
    learner = write(tmp_path / "elsewhere.py", "import torch\n")
    proc = run_pytest("-m", "cpu and transforms and not slow", "--impl", str(learner))
    assert proc.returncode == 4, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert f"write --impl={learner}" in proc.stderr and f"python -m spec check {learner}" in proc.stderr


def test_not_implemented_error_raised_by_torch_inside_a_learners_call_is_a_failure(tmp_path: Path) -> None:
    """Only a `raise NotImplementedError` in the learner's own file marks a stub."""
    stub = write(
        tmp_path / "rand_stub.py",
        """\
        import torch

        def rand_like(t):
            return torch.rand_like(t)  # torch: "check_uniform_bounds" not implemented for 'Long'

        def ones_like(t):
            raise NotImplementedError(
                "a multi-line raise is a stub too")
        """,
    )
    result = run_corpus_file(stub, "cpu and not slow and not benchmark and tensors")
    outcomes = {n.split("::")[-1]: t["outcome"] for n, t in result["tests"].items()}
    assert outcomes["test_rand_like_values_lie_in_0_1[cpu-torch.int64]"] == "failed", outcomes
    ones = [o for n, o in outcomes.items() if n.startswith("test_ones_like") and "rand_like" not in n]
    assert ones and set(ones) == {"not implemented"}, outcomes


def test_a_skip_raised_by_the_learners_code_is_a_failure(tmp_path: Path) -> None:
    sly = write(
        tmp_path / "sly.py",
        """\
        import pytest
        import torch

        def one_hot(label, num_classes=10):
            pytest.skip("not today")
        """,
    )
    proc = run_pytest("-m", "cpu and transforms and not slow", f"--impl={sly}", "-k", "one_hot_is_float32", "-rf")
    assert proc.returncode == 1, proc.stdout[-3000:]
    said = "your code (in one_hot) raised pytest.skip('not today'), but should be a result"
    assert said in proc.stdout, proc.stdout[-3000:]


def test_torch_state_changed_at_import_is_restored_and_named_with_its_line(tmp_path: Path) -> None:
    leaky = write(
        tmp_path / "leaky_import.py",
        """\
        import torch

        torch.set_default_dtype(torch.float64)
        torch.set_grad_enabled(False)

        def mul(a, b):
            return a * b
        """,
    )
    proc = run_pytest(
        "-m",
        "cpu and not slow and not benchmark",
        f"--impl={leaky}",
        "-rf",
        "spec/pages/test_import.py",
        "spec/pages/test_tensors_facts.py",
        "spec/pages/test_tensors_operations.py",
    )
    assert proc.returncode == 1, proc.stdout[-3000:]
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1 and "test_importing_the_implementation_leaves_torch_global_state_alone" in failed[0], (
        proc.stdout[-3000:]
    )
    assert (
        "torch.get_default_dtype()=torch.float64, but should be torch.float32 as before the import "
        "(leaky_import.py, line 3: torch.set_default_dtype(torch.float64))" in proc.stdout
    ), proc.stdout[-3000:]
    assert "torch.is_grad_enabled()=False, but should be True" in proc.stdout


def test_the_spec_stays_out_of_other_projects(tmp_path: Path) -> None:
    """The entry point is loaded by every pytest in the environment; only the options may show there.

    A fresh interpreter: what importing the entry point warns shows only there."""
    write(tmp_path / "test_other.py", "def test_other():\n    assert 1 + 1 == 2\n")
    proc = fresh([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-W", "error"], cwd=tmp_path)
    assert proc.returncode == 0 and "1 passed" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "implementation under test" not in proc.stdout and "tutorial pages" not in proc.stdout


def test_check_runs_from_any_folder_with_this_kits_settings(tmp_path: Path) -> None:
    """The learner's folder may hold a pytest configuration of its own: `spec check` is not affected by it."""
    write(tmp_path / "pyproject.toml", "[tool.pytest.ini_options]\naddopts = '-x --no-such-option'\n")
    write(
        tmp_path / "mine.py",
        "import torch\n\ndef one_hot(label, num_classes=10):\n    return torch.zeros(num_classes, dtype=torch.long)\n",
    )
    proc = run_spec(
        "check", "mine.py", "-m", "cpu and transforms and not slow", "-k", "one_hot_is_float32", cwd=tmp_path
    )
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"rootdir: {ROOT}" in proc.stdout and "configfile: spec/pytest.ini" in proc.stdout, proc.stdout[-3000:]
    assert "should be torch.float32" in proc.stdout
    assert 'run: python -m spec check mine.py -m "cpu and transforms"' in proc.stdout, proc.stdout[-3000:]
    assert not (ROOT / "spec" / ".pytest_cache").exists()


def test_pytest_settings_of_the_checkout_and_of_the_package_agree() -> None:
    import configparser

    import tomllib

    from spec.plugin.hooks import MARKERS

    ours = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    packaged = configparser.ConfigParser()
    packaged.read(ROOT / "spec" / "pytest.ini")
    assert " ".join(ours["addopts"]) == packaged["pytest"]["addopts"]
    assert ours["minversion"] == packaged["pytest"]["minversion"]
    assert str(ours["xfail_strict"]).lower() == packaged["pytest"]["xfail_strict"]
    assert {line.split(":")[0]: line.split(": ", 1)[1] for line in ours["markers"]} == MARKERS


@pytest.mark.long  # builds a wheel and installs it in a fresh venv
def test_a_wheel_installed_elsewhere_checks_from_an_empty_folder(tmp_path: Path) -> None:
    """The wheel alone (no checkout, no conftest.py) is the kit: its entry point, schema and settings ship in it."""
    import shutil
    import sysconfig

    # Built from a copy: setuptools' build/ folder in the checkout would keep files that no longer exist.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            ".pytest_cache",
            ".hypothesis",
            "out",
            "data",
        ),
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    import zipfile

    (wheel,) = wheels.glob("*.whl")
    shipped = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in shipped if n.startswith("meta/") or "/meta/" in n], "the meta-tests ship in the wheel"
    assert "spec/pages/test_transforms.py" in shipped and "spec/results/report.schema.json" in shipped
    assert "spec/passages.json" in shipped  # the hints read it (spec/passages.py)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    python = venv / "bin" / "python"
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", *wheels.glob("*.whl")],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # The venv sees the torch (and pytest, ...) already installed here, as a path: its .pth files (this
    # checkout's editable install among them) are not read.
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    where = subprocess.run(
        [python, "-c", "import spec; print(spec.__file__)"], cwd=empty, capture_output=True, text=True, check=True
    ).stdout
    assert where.startswith(str(venv)), where
    new = subprocess.run([python, "-m", "spec", "new", "a.py"], cwd=empty, capture_output=True, text=True, timeout=60)
    assert new.returncode == 0, new.stderr
    proc = subprocess.run(
        [python, "-m", "spec", "check", "a.py", "-m", "cpu and not slow and transforms", "--spec-report=r.json"],
        cwd=empty,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert f"rootdir: {Path(where).parents[1]}" in proc.stdout, proc.stdout[-3000:]
    assert "Start here: to_tensor" in proc.stdout and "not implemented" in proc.stdout.splitlines()[-1]
    report = json.loads((empty / "r.json").read_text())
    assert report["status"] == "not_implemented"  # as the exit status 0 says
    assert {c["status"] for c in report["concepts"]} <= {"not_implemented", "not_run"}


def test_an_error_the_spec_hits_on_a_learners_value_reads_as_the_specs_message(tmp_path: Path) -> None:
    """A function returning None makes `a, b = f(...)` raise inside the spec, not in the learner's file."""
    silent = write(tmp_path / "silent.py", "def one_hot(label, num_classes=10):\n    pass\n")
    probe = write(
        tmp_path / "test_probe.py",
        """\
        def test_one_hot_unpacks(impl):
            first, *rest = impl.one_hot(3)
        """,
    )
    proc = run_pytest(
        "-c",
        str(ROOT / "pyproject.toml"),
        f"--rootdir={ROOT}",
        f"--impl={silent}",
        str(probe),
        "spec/pages/test_import.py",
    )
    assert proc.returncode == 1, proc.stdout[-3000:]
    summary = proc.stdout.split("tutorial pages: your implementation")[-1]
    assert "the spec's use of what one_hot gave raised TypeError: cannot unpack non-iterable NoneType" in summary
    assert "outside your code), but should be what the contract describes" in summary, summary
    # One location per message: the spec's summary names it once (pytest's short summary, in full under CI=true,
    # repeats the message), and no line names two.
    assert summary.split("short test summary info")[0].count("[tutorial") == 1
    assert all(line.count("[tutorial") <= 1 for line in proc.stdout.splitlines())
    # The spec's words alone (issue 28): the test's source and pytest's dump only with --tb, on request.
    assert "E       TypeError" not in proc.stdout and "first, *rest = impl.one_hot(3)" not in proc.stdout
    args = ("-c", str(ROOT / "pyproject.toml"), f"--rootdir={ROOT}", f"--impl={silent}", str(probe), "--tb=long")
    args = (*args, "spec/pages/test_import.py")  # a spec page: the plugin and its `impl` fixture load with it
    asked = run_pytest(*args)
    assert "E       TypeError" in asked.stdout and "first, *rest = impl.one_hot(3)" in asked.stdout
    failures = asked.stdout.split("= FAILURES =")[1]
    assert failures.index("the spec's use of what one_hot gave") < failures.index("E       TypeError")
