"""Meta-tests of notebook submissions: `--impl lesson.ipynb`, `--run-all`, and `check()` inside a real kernel.

The quick ones check spec/loading/notebook.py and spec/loading/offline.py in-process on small notebooks built here.
The slow ones run as a learner would: pytest on a tutorial-style notebook (meta/notebooks/learner.py),
the same notebook executed cell by cell on an IPython kernel (nbclient), and `check()` called from a
notebook's own cells.
"""

from __future__ import annotations

import inspect
import json
import os
import pickle
import re
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from meta.proc import ROOT, fresh, run_pytest, run_spec
from spec import i18n
from spec.contract import CONTRACT
from spec.learner import check_live
from spec.loading import impl as impl_mod
from spec.loading import notebook, offline
from spec.plugin import blame
from spec.results import advice, model, status
from spec.results.context import RunContext
from spec.results.failure import Failure

pytestmark = pytest.mark.meta
LEARNER_PAGES = ("data", "transforms", "model", "optimization")  # the pages meta/notebooks/learner.py writes
QUICK_PAGES = "cpu and not slow and (" + " or ".join(LEARNER_PAGES) + ")"


def write(path: Path, *cells: str | tuple[str, str]) -> Path:
    """An nbformat 4 notebook of code cells (a ("markdown", text) pair is a markdown cell) written to `path`.

    Written as JSON, as Jupyter does, with each source a list of lines: the quick tests do not import
    nbformat (its jsonschema takes half a second).
    """

    def cell(index: int, c: str | tuple[str, str]) -> dict[str, Any]:
        kind, source = c if isinstance(c, tuple) else ("code", c)
        extra = {"outputs": [], "execution_count": None} if kind == "code" else {}
        return {
            "id": f"cell-{index}",
            "cell_type": kind,
            "metadata": {},
            "source": source.splitlines(keepends=True),
            **extra,
        }

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell(i, c) for i, c in enumerate(cells)]}
    path.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")
    return path


def write_learner(path: Path, bug: str | None = None) -> Path:
    """meta/notebooks/learner.py's notebook (with BUGS[bug] in it) written to `path`."""
    nbformat = pytest.importorskip("nbformat", reason="the notebook tests need nbformat (the test extra)")
    from meta.notebooks import learner

    assert learner.PAGES == LEARNER_PAGES
    nbformat.write(learner.learner_notebook(bug), path)
    return path


# ---------------------------------------------------------------------------------------------
# prepare: definitions kept, the rest listed, IPython syntax harmless


@pytest.fixture(autouse=True)
def cache_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Prepared modules go under the test's tmp_path, not ~/.cache (spec/loading/notebook.py cache_dir)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def offline_here() -> Any:
    """Offline for one test: a prepared notebook goes offline when imported (spec/loading/offline.py); undone after."""
    offline.go_offline()
    yield
    offline.go_online()


SMALL = [
    ("markdown", "# 练习"),
    "!pip install torch\n%matplotlib inline",
    "import torch\nfrom torch import nn",
    "batch_size = 64\nepochs = 3\nmodel = None",
    "def train_loop(dataloader, model, loss_fn, optimizer):\n    return batch_size\n\nmodel?",
    "%%time\nfor t in range(epochs):\n    print(t)",
    "labels_map = {0: 'T-Shirt'}\nprint(labels_map)",
]


def test_prepare_keeps_definitions_and_the_globals_they_read(tmp_path: Path) -> None:
    prepared = notebook.prepare(write(tmp_path / "lesson.ipynb", *SMALL), cache=tmp_path / "cache")
    source = prepared.module_path.read_text(encoding="utf-8")
    kept = [line for line in source.splitlines() if line and not line.startswith("#") and line != notebook.HEADER[1]]
    assert kept == [
        "import torch",
        "from torch import nn",
        "batch_size = 64",
        "def train_loop(dataloader, model, loss_fn, optimizer):",
        "    return batch_size",
        "labels_map = {0: 'T-Shirt'}",
    ]


def test_prepare_lists_what_it_left_out_by_cell_and_line(tmp_path: Path) -> None:
    prepared = notebook.prepare(write(tmp_path / "lesson.ipynb", *SMALL), cache=tmp_path / "cache")
    where = tmp_path / "lesson.ipynb"
    assert prepared.left_out == [
        f"{where}, cell 2, lines 1-2: !pip install torch ...",
        f"{where}, cell 4, lines 2-3: epochs = 3 ...",  # `model = None` too: no definition reads either
        f"{where}, cell 5, line 4: model?",
        f"{where}, cell 6, lines 2-3: for t in range(epochs): ...",
        f"{where}, cell 7, line 2: print(labels_map)",
    ]
    assert notebook.left_out_of(str(prepared.module_path)) == prepared.left_out


def test_left_out_code_that_sets_a_name_kept_code_reads_says_so(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.ipynb", "for x in range(3):\n    last = x", "def f():\n    return last")
    assert notebook.prepare(path, cache=tmp_path / "cache").left_out == [
        f"{path}, cell 1, lines 1-2: for x in range(3): ... (sets last, which kept code reads)"
    ]


def test_ipython_syntax_becomes_python_with_the_same_lines_even_without_ipython(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cell = "%matplotlib inline\n!pip install torchvision\nfiles = !ls\ntorch.ones?\n\ndef f():\n    return 1"
    for transformer in (notebook._ipython_transformer, lambda: None):  # IPython's, then the fallback
        monkeypatch.setattr(notebook, "_ipython_transformer", transformer)
        python = notebook.to_python(cell)
        assert python.splitlines()[5:] == ["def f():", "    return 1"]
        compile(python, "<cell>", "exec")


def test_a_notebook_class_pickles_and_shows_its_source(tmp_path: Path, offline_here: None) -> None:
    path = write(
        tmp_path / "pickles.ipynb",
        "class Box:\n    def __init__(self, n):\n        self.n = n",
        "def make(n):\n    return Box(n)",
    )
    module = impl_mod.load_module(str(path))
    try:
        box = pickle.loads(pickle.dumps(module.make(3)))
        assert (type(box).__name__, box.n) == ("Box", 3)
        assert inspect.getsource(module.make) == "def make(n):\n    return Box(n)\n"
    finally:
        sys.modules.pop(module.__name__, None)


def test_a_cell_that_does_not_parse_is_left_out_and_named_and_the_rest_kept(tmp_path: Path, offline_here: None) -> None:
    path = write(
        tmp_path / "broken.ipynb",
        "import torch",
        ("markdown", "text"),
        "x = 1\ndef f(:\n    pass",
        'torch.save({}, "m.pth")\ufffc',  # a stray U+FFFC pasted from a web page, in a cell that defines nothing
        "def one_hot(y):\n    return torch.eye(10)[y]",
    )
    module = impl_mod.load_module(str(path))
    try:
        assert module.one_hot(3)[3] == 1 and not hasattr(module, "f")
        broken = notebook.broken_of(module.__file__)
        assert [(b.where.cell, b.where.line, b.reason.split(":")[0]) for b in broken] == [
            (3, 2, "SyntaxError"),
            (4, 1, "SyntaxError"),
        ]
        assert broken[1].text("en") == (
            f"{path}, cell 4, line 1: left out (SyntaxError: invalid character '\ufffc' (U+FFFC)); the rest is checked"
        )
        assert broken[1].text("zh").startswith(f"{path} 第 4 个单元格第 1 行:已略去(SyntaxError")
        assert "cache" not in broken[0].text()
    finally:
        sys.modules.pop(module.__name__, None)


def test_a_future_import_in_a_later_cell_is_kept_as_jupyter_runs_it(tmp_path: Path, offline_here: None) -> None:
    """Each Jupyter cell compiles alone, so `from __future__ import annotations` may start any cell (a pasted
    module does); the notebook's module keeps it, at its top, and maps its line back to the cell."""
    path = write(
        tmp_path / "future.ipynb",
        "import torch",
        "from __future__ import annotations\n\ndef one_hot(y: Label) -> torch.Tensor:\n    return torch.eye(10)[y]",
    )
    module = impl_mod.load_module(str(path))
    try:
        assert notebook.broken_of(module.__file__) == [] and module.one_hot(3)[3] == 1
        assert module.one_hot.__annotations__["y"] == "Label"  # the future import took effect
        lines = Path(module.__file__).read_text().splitlines()
        assert lines[1] == "from __future__ import annotations"
        assert notebook.locate(module.__file__, 2)[1:] == (2, 1)  # cell 2, line 1
    finally:
        sys.modules.pop(module.__name__, None)


def test_a_cell_that_raises_when_loaded_is_left_out_and_named_and_the_rest_kept(
    tmp_path: Path, offline_here: None
) -> None:
    path = write(
        tmp_path / "raises.ipynb",
        "names = ['T-Shirt']",
        "labels_map = {\n    i: names[i]\n    for i in range(10)\n}",
        "def one_hot(y):\n    return len(labels_map)",  # reads the left-out name: defined, fails when called
        "import torch\ndevice = torch.device(undefined_name)",  # raises too, in another cell: both named
        "def predict(model, x):\n    return x",
    )
    module = impl_mod.load_module(str(path))
    try:
        assert not hasattr(module, "labels_map") and module.predict(None, 2) == 2 and callable(module.one_hot)
        broken = notebook.broken_of(module.__file__)
        assert [(b.where.cell, b.where.line, b.reason) for b in broken] == [
            (2, 2, "IndexError: list index out of range"),
            (4, 2, "NameError: name 'undefined_name' is not defined"),
        ]
    finally:
        sys.modules.pop(module.__name__, None)


def test_a_file_that_is_no_notebook_still_refuses_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "lesson.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(impl_mod.ImplImportError, match=r"lesson\.ipynb: cannot be read as a notebook"):
        impl_mod.load_module(str(path))


def test_the_summary_names_the_cell_where_the_learners_code_raised(tmp_path: Path) -> None:
    path = write(tmp_path / "lesson.ipynb", "import torch", "def one_hot(y):\n    return torch.eye(10)[y] / 0 + None")
    module = notebook.prepare(path, cache=tmp_path / "cache").module_path
    line = next(i for i, text in enumerate(module.read_text().splitlines(), 1) if "torch.eye" in text)
    test = model.TestResult(
        "spec/pages/test_transforms.py::test_x",
        "test_x",
        "transforms",
        True,
        status="fail",
        crash=(str(module), line, "TypeError: unsupported operand"),
    )
    lines = advice._failure_lines(test, RunContext(impl_file=str(module)))
    assert lines[-1] == f"    your code raised TypeError: unsupported operand at {path}, cell 2, line 2"
    zh = advice._failure_lines(test, RunContext(lang="zh", impl_file=str(module)))[-1]
    assert zh == f"    你的代码在 {path} 第 2 个单元格 第 2 行抛出了 TypeError: unsupported operand"
    # The failure the plugin makes of such an error (spec/plugin/blame.py) names the cell the same way, in code.
    assert blame.location(str(module), line) == "lesson.ipynb[2]:2"


# ---------------------------------------------------------------------------------------------
# offline: no network, Fashion-MNIST staged for download=True


def test_offline_blocks_other_hosts_and_keeps_loopback(offline_here: None) -> None:
    with pytest.raises(offline.NetworkBlocked, match="network is off"):
        socket.create_connection(("example.com", 80), timeout=1)
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass


@pytest.mark.slow  # reads the real test split (10,000 images) after linking 55 MB of files
def test_offline_download_finds_the_staged_fashion_mnist(offline_here: None, tmp_path: Path) -> None:
    from torchvision import datasets

    from reference.fashion_mnist.files import DataNotFoundError, find_root

    try:
        find_root()
    except DataNotFoundError as exc:
        pytest.skip(f"real Fashion-MNIST absent: {exc}")
    test_data = datasets.FashionMNIST(root=tmp_path / "data", train=False, download=True)
    assert (len(test_data), test_data[0][1]) == (10000, 9)  # the first test image is an ankle boot


# ---------------------------------------------------------------------------------------------
# The tutorial-style notebook: the right verdict per concept, default mode and --run-all


def expected(bug: str | None) -> dict[str, str]:
    """Every concept of the checked pages: defined ones pass (the bug's fails), the others not implemented."""
    from meta.notebooks.learner import DEFINED

    want = {name: "not_implemented" for name, concept in CONTRACT.items() if concept.page in LEARNER_PAGES}
    want.update({name: "pass" for name in DEFINED})
    if bug is not None:
        want[bug] = "fail"
    return want


def verdicts(report: dict[str, Any]) -> dict[str, str]:
    return {c["name"]: c["status"] for c in report["concepts"] if c["page"] in LEARNER_PAGES}


def kernel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel inherits this environment: the spec importable, and one torch thread (on this shared
    2-core box two threads make a training step ~15x slower, and the notebook trains at top level)."""
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))


@pytest.mark.slow  # pytest on four pages of the quick tier
@pytest.mark.parametrize("bug", [None, "one_hot"])
def test_learner_notebook_gets_the_right_verdict_per_concept(bug: str | None, tmp_path: Path) -> None:
    path = write_learner(tmp_path / "lesson.ipynb", bug)
    report = tmp_path / "report.json"
    proc = run_pytest(
        "-m", QUICK_PAGES, "--impl", str(path), "--report", str(report), "--threads", "1", str(ROOT / "spec" / "pages")
    )
    assert proc.returncode == (0 if bug is None else 1), proc.stdout[-3000:] + proc.stderr[-2000:]
    assert verdicts(json.loads(report.read_text())) == expected(bug)
    assert not (tmp_path / "data").exists()  # the dataset cells were left out: nothing downloaded or staged


@pytest.mark.slow  # a kernel, Fashion-MNIST, one short epoch at top level, then four pages of the quick tier
@pytest.mark.parametrize("bug", [None, pytest.param("predict", marks=pytest.mark.long)])
def test_run_all_executes_every_cell_offline_and_gets_the_right_verdict(
    bug: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("nbclient")
    from reference.fashion_mnist.files import DataNotFoundError, find_root
    from spec.learner import check_run_all

    try:
        find_root()
    except DataNotFoundError as exc:
        pytest.skip(f"real Fashion-MNIST absent: {exc}")
    kernel_env(monkeypatch)
    path = write_learner(tmp_path / "lesson.ipynb", bug)
    # All of Fashion-MNIST: the notebook takes a Subset of the first 6,400 training images, past the default cut.
    outcome = check_run_all.execute(
        str(path), ["-m", QUICK_PAGES, "--hypothesis-profile", "learner", "-q"], fraction=None
    )
    assert outcome.report is not None and not outcome.failed, (outcome.error, outcome.failed)
    assert (outcome.exitstatus, verdicts(outcome.report)) == (0 if bug is None else 1, expected(bug))
    assert (tmp_path / "model_weights.pth").is_file()  # the last cell ran: every cell did
    assert sorted(p.name for p in (tmp_path / "data" / "FashionMNIST" / "raw").iterdir()) == [
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
    ]


@pytest.mark.slow  # starts a kernel, and runs one page of the quick tier in it
@pytest.mark.long
def test_run_all_goes_on_past_failed_cells_names_each_and_still_judges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("nbclient")
    from reference.fashion_mnist.files import DataNotFoundError, find_root
    from spec.learner import check_run_all

    kernel_env(monkeypatch)
    path = write(
        tmp_path / "lesson.ipynb",
        ("markdown", "# 练习"),
        "def f(x):\n    y = x + 1\n    return y / 0",
        "%matplotlib inline\nimport urllib.request",
        "f(1)",
        "x = 1\nurllib.request.urlopen('https://example.com/cifar-10.tar.gz')",
        "import time\ntime.sleep(60)",  # a training loop that would run past the limit
        "import torch\n\ndef one_hot(y, num_classes=10):\n"
        "    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)",
        "from torchvision import datasets\ntest_data = datasets.FashionMNIST('data', train=False, download=True)\n"
        "open(f'test_images_{len(test_data)}.txt', 'w').close()",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the learner stands here: their relative report path is from here
    options = ["--run-all-timeout", "4", "-m", "cpu and not slow and transforms", "-k", "one_hot"]
    options += ["--spec-report", "r.json"]
    status = check_run_all.run(str(path), options, lang="en")
    out, err = capsys.readouterr()
    assert err.splitlines()[:3] == [
        f"--run-all: {path}, cell 2, line 3 raised ZeroDivisionError: division by zero",
        i18n.t("run_all_cell_download", "en", where=f"{path}, cell 5, line 2", hosts="example.com"),
        i18n.t("run_all_cell_timed_out", "en", where=f"{path}, cell 6", seconds=4),
    ], err
    assert i18n.t("run_all_judged_despite", "en", n=len(err.splitlines())) in out
    report = json.loads((elsewhere / "r.json").read_text())  # written where the learner stands
    assert status == 0  # one_hot passes; to_tensor and normalize are not implemented, which is no failure
    assert {c["name"]: c["status"] for c in report["concepts"] if c["page"] == "transforms"}["one_hot"] == "pass"
    try:
        find_root()
    except DataNotFoundError:
        return  # the cut is checked where the real data is
    assert out.startswith("--run-all: Fashion-MNIST is cut to its first 10% (6,000 training and 1,000 test")
    assert (tmp_path / "test_images_1000.txt").is_file()  # the cut split, as the summary said


# ---------------------------------------------------------------------------------------------
# check() in a real kernel

CHECK_CELLS = [
    "from spec import check",
    "import torch\n\ndef one_hot(y, num_classes=10):\n"
    "    return torch.zeros(num_classes, dtype=torch.long).scatter_(0, torch.tensor(y), value=1)",
    "first = check(page='transforms', lang='zh')\nprint('COUNTS', first.passed, first.failed, first.not_implemented)",
    "def one_hot(y, num_classes=10):\n"
    "    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)",
    "import time\nstart = time.perf_counter()\nagain = check(page='transforms', lang='en')\n"
    "print('SECONDS', time.perf_counter() - start)\nprint('COUNTS', again.passed, again.failed, again.not_implemented)",
    "one = check('one_hot')\nprint('COUNTS', one.passed, one.failed, one.not_implemented, one.concepts['one_hot'])",
]


@pytest.mark.slow  # starts a kernel and runs one page three times in it
def test_check_in_a_kernel_shows_a_table_returns_counts_and_sees_fixed_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("nbclient")
    from spec.learner import check_run_all

    kernel_env(monkeypatch)
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CHECK_CELLS])
    with check_run_all.notebook_client(nb, tmp_path, timeout=600) as client:
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    html = [o["data"]["text/html"] for c in nb.cells for o in c.outputs if "text/html" in o.get("data", {})]
    printed = [o["text"] for c in nb.cells for o in c.outputs if o.get("name") == "stdout"]
    counts = [line.split()[1:] for text in printed for line in text.splitlines() if line.startswith("COUNTS")]
    seconds = float(next(re.search(r"SECONDS (\S+)", t).group(1) for t in printed if "SECONDS" in t))
    print(f"check(page='transforms') after the first call, inside the kernel: {seconds:.1f} s")
    assert len(html) == 3
    fail, passed = status.MARKS["fail"], status.MARKS["pass"]  # the one set of marks (spec/results/status.py)
    assert "one_hot" in html[0] and fail in html[0] and "复现: one_hot(" in html[0] and 'check("one_hot")' in html[0]
    assert fail not in html[1] and passed in html[1]
    passed, failed, not_impl = (int(n) for n in counts[0])
    assert failed > 0 and passed > 0 and not_impl > 0
    assert [int(n) for n in counts[1]][1:] == [0, not_impl]  # fixed: none fail; to_tensor, normalize still missing
    assert counts[2][1:] == ["0", "0", "pass"] and int(counts[2][0]) > 0
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no .hypothesis, .benchmarks, .pytest_cache


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_next_step_in_a_notebook_is_a_check_call_not_a_pytest_command(lang: str) -> None:
    failing = model.TestResult(
        "spec/pages/test_transforms.py::test_one_hot_is_float32",
        "test_one_hot_is_float32",
        "transforms",
        True,
        status="fail",
        concepts=("one_hot",),
        failure=Failure("one_hot", "one_hot(3).dtype", "torch.int64", "torch.float32", kind="dtype"),
    )
    step = advice.next_step([failing], RunContext(lang=lang, impl_arg="__main__"))
    report = {"next": {"kind": step.kind, "concept": step.concept, "page": step.page, "text": step.text}}
    lines = check_live.next_lines(report, lang, check_live._notebook_hint)
    assert lines[-1] == i18n.t("run", lang, command='check("one_hot")')
    assert not any("pytest" in line or "__main__" in line for line in lines)
    assert any("torch.int64" in line for line in lines)  # the first failure is shown


@pytest.mark.slow
def test_spec_check_on_a_notebook_file_from_its_folder(tmp_path: Path) -> None:
    """`python -m spec check lesson.ipynb` as a learner types it: the definitions only, what was left out said.

    The issue's notebook: its last cell, which only saves the model, has a stray U+FFFC pasted from a web page.
    That cell is named with its line and reason, the rest is checked, and the report the README promises is
    written. A fresh interpreter: no pytest warning at start-up (a warm one would warn that `spec` is imported
    already)."""
    path = write_learner(tmp_path / "lesson.ipynb", "one_hot")
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"][-1]["source"] = 'torch.save(model.state_dict(), "model_weights.pth")\ufffc'
    path.write_text(json.dumps(nb), encoding="utf-8")
    args = ["-m", "cpu and not slow and transforms", "-W", "error::pytest.PytestWarning", "--spec-report", "r.json"]
    proc = fresh([sys.executable, "-m", "spec", "check", "lesson.ipynb", *args], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout[-3000:] + proc.stderr[-3000:]
    head = proc.stdout.split("test session starts")[0]
    assert "spec check: left out of lesson.ipynb" in head and "  lesson.ipynb, cell 16, lines" in head, head
    cell = len(nb["cells"])
    named = [line for line in proc.stdout.splitlines() if f", cell {cell}, line 1: left out (" in line]
    assert named == [
        f"{path}, cell {cell}, line 1: left out (SyntaxError: invalid character '\ufffc' (U+FFFC)); the rest is checked"
    ], proc.stdout[:3000]
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {c["name"]: c["status"] for c in report["concepts"]}["one_hot"] == "fail"
    summary = proc.stdout.split("tutorial pages: your implementation")[-1]
    assert "Next: fix one_hot" in summary, summary
    assert 'run: python -m spec check lesson.ipynb -m "cpu and transforms" -k one_hot' in summary, summary


# ---------------------------------------------------------------------------------------------
# The grader's view in the notebook: the kernel against the file, read fresh

ON_DISK = [
    ("markdown", "# 练习"),
    "import torch",
    "def one_hot(y, num_classes=10):\n    return torch.zeros(num_classes).scatter_(0, torch.tensor(y), value=1)",
    "def train_loop(dataloader, model, loss_fn, optimizer):\n    pass",  # saved, never run in the kernel
    "device = 'cpu'",
]
IN_KERNEL = [  # what the learner ran, in this order: an older one_hot, a cell deleted since, the file's device
    "import torch",
    "def one_hot(y, num_classes=10):\n    return torch.zeros(num_classes, dtype=torch.long).scatter_(0, y, 1)",
    "def predict(model, x):\n    return model(x).argmax(1)",
    "device  =  'cpu'  # spaced otherwise: the same statement",
    "from spec.learner import check_live\nfor line in check_live.grader_view('en'): print('VIEW', line)\n"
    "for line in check_live.grader_view('zh'): print('VIEW', line)",
    # check() says each difference once: the spec's own run is stubbed here (it is the test above's subject).
    "check_live.run = lambda *a, **k: check_live.CheckResult(0, 0, 0, 0, 0, {'concepts': [], 'tests': []})\n"
    "first = check_live.check(display=True)\nsecond = check_live.check(display=True)\n"
    "print('SAME', first.grader_view == second.grader_view, len(first.grader_view))",
]


@pytest.mark.slow  # starts a kernel
def test_check_says_once_where_the_grader_will_see_other_definitions_than_the_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    from spec.learner import check_run_all

    kernel_env(monkeypatch)
    path = write(tmp_path / "lesson.ipynb", *ON_DISK)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))  # as Jupyter Server sets it for the notebook's kernel
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in IN_KERNEL])
    with check_run_all.notebook_client(nb, tmp_path, timeout=120) as client:
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.outputs if o.get("name") == "stdout")
    view = [line[len("VIEW ") :] for line in printed.splitlines() if line.startswith("VIEW ")]
    assert view[:3] == [  # in the contract's order
        i18n.t("grader_view_differs", "en", name="one_hot", cell=3, count=2),
        i18n.t("grader_view_missing", "en", name="predict", count=3, file="lesson.ipynb"),
        i18n.t("grader_view_not_run", "en", name="train_loop", cell=4),
    ]
    assert view[3:] == [
        i18n.t("grader_view_differs", "zh", name="one_hot", cell=3, count=2),
        i18n.t("grader_view_missing", "zh", name="predict", count=3, file="lesson.ipynb"),
        i18n.t("grader_view_not_run", "zh", name="train_loop", cell=4),
    ]
    check_outputs = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    assert check_outputs.count(i18n.t("grader_view_title", "en")) == 1, check_outputs  # said once, not twice
    assert check_outputs.count("the grader will see") == 3 and "SAME True 3" in check_outputs


@pytest.mark.parametrize("where", ["nowhere", "missing file"])
def test_the_grader_view_says_nothing_where_the_file_is_unknown(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    if where == "missing file":
        monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "gone.ipynb"))
    assert check_live.notebook_file() is None and check_live.grader_view() == []


@pytest.mark.slow  # reads the eight real-style notebooks (IPython's transformer for their magics)
def test_the_real_style_notebooks_leave_out_the_cells_that_do_not_parse(tmp_path: Path) -> None:
    from meta.notebooks import real_style

    for name, cells in real_style.NOTEBOOKS.items():
        path = tmp_path / f"{name}.ipynb"
        path.write_text(json.dumps(real_style.to_json(cells)), encoding="utf-8")
        prepared = notebook.prepare(path, cache=tmp_path / "cache")
        broken = {b.where.cell: b.reason.split(":")[0] for b in prepared.broken}
        assert broken == {c: r for c, r in real_style.BROKEN[name].items() if r == "SyntaxError"}, name


@pytest.mark.slow  # starts a kernel, then one page of the quick tier
def test_run_all_judges_the_files_definitions_when_the_kernel_dies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("nbclient")
    kernel_env(monkeypatch)
    write(
        tmp_path / "lesson.ipynb",
        "import torch\n\ndef one_hot(y, num_classes=10):\n"
        "    return torch.zeros(num_classes, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)",
        "import os\nos._exit(1)  # as the kernel dies of memory",
    )
    proc = run_spec(
        "check", "lesson.ipynb", "--run-all", "-m", "cpu and not slow and transforms", "-k", "one_hot",
        "--spec-lang", "en", "--spec-report", "r.json", cwd=tmp_path,
    )  # fmt: skip
    assert i18n.t("run_all_kernel_died", "en", cell=2) in proc.stderr, proc.stderr[-3000:]
    assert i18n.t("run_all_fallback", "en") in proc.stdout and proc.returncode == 0, proc.stdout[-3000:]
    report = json.loads((tmp_path / "r.json").read_text())
    assert {c["name"]: c["status"] for c in report["concepts"]}["one_hot"] == "pass"
