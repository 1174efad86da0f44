"""Meta-tests of a teacher's assignment: the file (spec/assignment.py), what a run of it grades
(spec/plugin/assigned.py), `python -m spec assign` (spec/teacher/assign.py: starter, notebook, Gradescope
autograder) and `spec grade --assignment` with its points, roster and gradebook files.

The quick ones read files and build dicts; the slow ones grade (a warm engine and a child per submission), run a
notebook on a real kernel, and run the autograder's run_autograder in a folder laid out as Gradescope lays it out.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from meta.proc import ROOT, run_spec
from spec import assignment, passages
from spec.assignment import Assignment, AssignmentError
from spec.contract import CONTRACT
from spec.teacher import assign, grade, gradebook

pytestmark = pytest.mark.meta
MUTANTS = Path(__file__).parent / "mutants" / "transforms"
KIT = "git+https://github.com/ORG/pytorch-basics-spec.git@v0.1.0"
ONE_HOT = '[assignment]\ntitle = "HW one_hot"\nconcepts = ["one_hot"]\n[points]\none_hot = 3\n[limits]\ntimeout = 3\n'


def rows_of(path: Path, encoding: str = "utf-8") -> list[list[str]]:
    with open(path, newline="", encoding=encoding) as file:
        return list(csv.reader(file))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the file --------------------------------------------------------------------------------------------------------


def test_an_assignment_of_a_page_assigns_its_concepts_with_their_points(tmp_path: Path) -> None:
    chosen = assignment.load(
        write(tmp_path / "hw.toml", '[assignment]\npages = ["transforms"]\n[points]\none_hot = 3\n')
    )
    assert chosen.concepts == ("to_tensor", "normalize", "one_hot")
    assert (chosen.points, chosen.total, chosen.selects) == ({"to_tensor": 1, "normalize": 1, "one_hot": 3}, 5, True)
    assert chosen.markexpr == "cpu and not slow and (transforms)"
    assert chosen.score({"one_hot": "pass", "to_tensor": "fail"}) == {"to_tensor": 0, "normalize": 0, "one_hot": 3}


def test_a_file_without_an_assignment_table_selects_nothing(tmp_path: Path) -> None:
    chosen = assignment.load(write(tmp_path / "spec.toml", "[feedback]\nsolutions = true\n"))
    assert (chosen.selects, chosen.concepts, chosen.feedback.solutions) == (False, tuple(CONTRACT), True)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('[assignment]\npages = ["transfrms"]\n', "'transfrms' is not a page"),
        ('[assignment]\nconcepts = ["onehot"]\n', "'onehot' is not a contract name"),
        ('[assignment]\npages = "transforms"\n', "pages must be a list"),
        ('[assignment]\npages = ["transforms"]\n[points]\npredict = 2\n', "'predict' is not an assigned concept"),
        ('[assignment]\npages = ["transforms"]\n[points]\none_hot = -1\n', "one_hot must be a number >= 0"),
        ("[limits]\ntimeout = true\n", "timeout must be a number >= 1"),
        ("[limit]\ntimeout = 3\n", "unknown table(s) ['limit']"),
        ('[assignment]\ntier = "fast"\n', "tier must be one of"),
        ("[assignment\n", "hw.toml"),
    ],
)
def test_a_malformed_assignment_is_one_line_naming_the_file_and_the_key(tmp_path: Path, text: str, named: str) -> None:
    with pytest.raises(AssignmentError) as raised:
        assignment.load(write(tmp_path / "hw.toml", text))
    assert named in str(raised.value) and str(tmp_path / "hw.toml") in str(raised.value)


@pytest.mark.slow  # a fork of this process running the launcher (~1 s)
def test_spec_check_refuses_a_malformed_spec_toml_with_one_line_and_status_2(tmp_path: Path) -> None:
    write(tmp_path / "spec.toml", '[assignment]\npages = ["transfrms"]\n')
    proc = run_spec("check", "anything.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "'transfrms' is not a page" in proc.stderr


# -- spec assign: the starter, the notebook, the bundle ----------------------------------------------------------------


@pytest.mark.slow  # nbformat's schema validation and the reference's sources (seconds)
def test_the_notebook_has_text_stub_and_check_per_concept_and_no_local_path(tmp_path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    chosen = assignment.load(write(tmp_path / "hw.toml", '[assignment]\npages = ["transforms"]\n'))
    book = assign.notebook(chosen, assign.check_kit(KIT))
    nbformat.validate(book)
    sources = ["".join(c.source) for c in book.cells]
    assert f"'pytorch-basics-spec @ {KIT}'" in sources[1]  # the install cell names the Git URL
    for i, name in enumerate(chosen.concepts):
        text, stub, check = sources[3 + 3 * i : 6 + 3 * i]
        assert text.startswith(f"## `{name}`") and "https://pytorch.org/tutorials/beginner/basics/" in text
        assert stub.startswith(f"def {name}(") and f'raise NotImplementedError("{name}")' in stub
        assert check == f'check("{name}")'
    one_hot = sources[3 + 3 * 2]  # the translation's own lines and the English page's prose (spec/passages.py)
    assert passages.passage("one_hot", "zh").text.splitlines()[-1] in one_hot
    assert passages.passage("one_hot", "en").text in one_hot
    assert not any(str(p) in text for text in sources for p in (ROOT, tmp_path, Path.home()))


@pytest.mark.parametrize("kit", ["/home/me/pytorch-basics-spec", "./dist/pytorch_basics_spec-0.1.0.whl", "C:\\kit"])
def test_a_kit_that_names_a_local_path_is_refused(kit: str) -> None:
    with pytest.raises(SystemExit, match="not something a learner's machine can install"):
        assign.check_kit(kit)


def test_the_bundle_has_setup_and_run_autograder_executable_at_its_root(tmp_path: Path) -> None:
    chosen = assignment.load(write(tmp_path / "hw.toml", ONE_HOT))
    assign.bundle(chosen, assign.check_kit(KIT), tmp_path / "a.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        modes = {i.filename: i.external_attr >> 16 for i in archive.infolist()}
        setup = archive.read("setup.sh").decode()
    assert modes == {"setup.sh": 0o755, "run_autograder": 0o755, "hw.toml": 0o644}
    assert f"--index-url {assign.CPU_INDEX} torch torchvision" in setup
    assert f"'pytorch-basics-spec[test] @ {KIT}'" in setup
    assert setup.index(assign.CPU_INDEX) < setup.index("pytorch-basics-spec[test]")  # torch first: no CUDA wheels


# -- the gradebook's view of a submission ------------------------------------------------------------------------------


def test_rerun_commands_name_the_handed_in_file_and_the_assignment_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = Assignment(path=tmp_path / "grader" / "hw.toml")
    (tmp_path / "bob").mkdir()
    write(tmp_path / "bob" / "solution.py", "")
    write(tmp_path / "bob" / "notes.py", "")
    notebook = write(tmp_path / "dave.ipynb", "{}")
    bob, dave = grade.find_submissions([tmp_path])
    monkeypatch.chdir(tmp_path)
    assert grade.rerun_command(bob, chosen) == "python -m spec check bob/solution.py --assignment hw.toml"
    assert grade.rerun_command(dave) == "python -m spec check dave.ipynb"
    assert dave.main == notebook.resolve()  # the notebook itself goes to the child, which reads it


def test_a_slim_report_keeps_the_failing_tests_and_counts_the_others() -> None:
    def test(i: int, status: str) -> dict[str, object]:
        return {"test_id": f"t{i}", "status": status, "checks_implementation": True, "test_code": "..."}

    tests = [test(1, "pass"), test(2, "fail"), test(3, "not_implemented"), test(4, "pass"), test(5, "error")]
    concepts = [{"name": "one_hot", "tests": ["t1", "t2", "t4", "t5"]}]
    slim = grade.slim({"tests": [dict(t) for t in tests], "concepts": concepts})
    assert slim["tests"] == [tests[1], tests[4]] and slim["concepts"] == concepts
    assert slim["omitted"] == {"pass": 2, "not_implemented": 1, "skip": 0}
    counts = {"passed": 2, "failed": 2, "not_implemented": 1, "skipped": 0}
    assert gradebook.run_counts(slim) == gradebook.run_counts({"tests": tests}) == counts


# -- slow: a class graded under an assignment; the notebook in a kernel; run_autograder -------------------------------


def make_class(root: Path) -> Path:
    """Right, wrong, a hang in its own code, a notebook that does not import, and a folder: one_hot only."""
    cls = root / "class"
    (cls / "erin").mkdir(parents=True)
    shutil.copy(MUTANTS / "right_one_hot_functional.py", cls / "alice.py")
    shutil.copy(MUTANTS / "wrong_one_hot_int64.py", cls / "bob.py")
    shutil.copy(MUTANTS / "right_one_hot_eye_row.py", cls / "erin" / "solution.py")
    write(cls / "erin" / "notes.py", "x = 1\n")
    write(cls / "carol.py", "def one_hot(label, num_classes=10):\n    while True:\n        pass\n")
    nbformat = pytest.importorskip("nbformat")
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import torch\nimport no_such_module_here")])
    nbformat.write(book, cls / "dave.ipynb")
    return cls


@pytest.mark.slow  # a warm engine and five children; carol's hang costs her 3 s timeout plus the engine's grace
@pytest.mark.long
def test_grade_an_assignment_gives_points_per_concept_and_shows_nothing_unassigned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_class(tmp_path)
    write(tmp_path / "hw.toml", ONE_HOT)
    roster = write(tmp_path / "roster.csv", "submission,id,name,email\nalice,101,Alice,a@x.edu\nbob,102,Bob,b@x.edu\n")
    monkeypatch.chdir(tmp_path)
    args = ["--out", "out", "--assignment", "hw.toml", "--roster", str(roster), "--jobs", "2"]
    proc = run_spec("grade", "class", *args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    header, *lines = rows_of(tmp_path / "out" / "class.csv", "utf-8-sig")
    rows = {line[0]: dict(zip(header, line)) for line in lines}
    got = {n: (r["status"], r["one_hot"], r["points"], r["points_possible"]) for n, r in rows.items()}
    assert got == {
        "alice": ("pass", "pass", "3", "3"),
        "bob": ("fail", "fail", "0", "3"),
        "carol": ("error", "error", "0", "3"),
        # Its one cell raises on import: left out and named (issue 30), and nothing else defines one_hot.
        "dave": ("not_implemented", "not_implemented", "0", "3"),
        "erin": ("pass", "pass", "3", "3"),
    }
    assert [c for c in rows["alice"] if c in CONTRACT] == ["one_hot"]  # no column of a concept nobody assigned
    alice = json.loads((tmp_path / "out" / "alice.json").read_text())
    assert [c["name"] for c in alice["concepts"]] == ["one_hot"] and alice["next"]["kind"] == "pass"
    assert alice["assignment"]["score"] == 3 and alice["omitted"]["pass"] > 0 and alice["tests"] == []
    carol = json.loads((tmp_path / "out" / "carol.json").read_text())
    assert "it was at carol.py, line 2, in one_hot: while True:" in carol["message"]
    dave = json.loads((tmp_path / "out" / "dave.json").read_text())
    assert [line.split(": left out")[0] for line in dave["left_out"]] == ["class/dave.ipynb, cell 1, line 2"]
    assert "ModuleNotFoundError" in dave["left_out"][0] and dave["left_out"][0] in dave["summary"]
    bob = json.loads((tmp_path / "out" / "bob.json").read_text())
    assert bob["tests"] and {c for t in bob["tests"] for c in t["concepts"]} == {"one_hot"}
    assert bob["next"]["command"].startswith("python -m spec check class/bob.py --assignment hw.toml")
    canvas = rows_of(tmp_path / "out" / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW one_hot"]
    assert canvas[1] == ["Alice", "", "101", "", "", "3"] and canvas[3][2:] == ["carol", "", "", "0"]
    moodle = rows_of(tmp_path / "out" / "moodle.csv")
    assert moodle[0][:4] == ["ID number", "Email address", "Username", "HW one_hot"]
    assert moodle[2][:4] == ["102", "b@x.edu", "", "0"] and "not yet: one_hot" in moodle[2][4]
    assert "/" + str(tmp_path).strip("/") not in (tmp_path / "out" / "index.html").read_text()


@pytest.mark.slow  # the starter's check, then a kernel running the notebook with its check cells
@pytest.mark.long
def test_the_starter_and_the_notebook_check_as_not_implemented_and_run_in_a_kernel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("nbclient")
    from nbclient import NotebookClient

    write(tmp_path / "hw.toml", ONE_HOT)
    monkeypatch.chdir(tmp_path)
    proc = run_spec("assign", "hw.toml", "--notebook", "--kit", KIT, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in ("hw.py", "hw.ipynb"):
        report = tmp_path / f"{name}.json"
        proc = run_spec("check", name, "--assignment", "hw.toml", "--spec-report", str(report), cwd=tmp_path)
        assert proc.returncode == 0, proc.stdout[-3000:]
        statuses = {t["status"] for t in json.loads(report.read_text())["tests"] if t["checks_implementation"]}
        assert statuses == {"not_implemented", "pass"}, statuses  # the import test passes; nothing fails
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    book = nbformat.read(tmp_path / "hw.ipynb", as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = json.dumps(book.cells[-1].outputs)
    assert "one_hot" in shown and "not implemented" in shown.lower()


@pytest.mark.slow  # run_autograder: a warm engine and one child
@pytest.mark.long
def test_run_autograder_in_a_gradescope_layout_writes_results_json(tmp_path: Path) -> None:
    hw = write(tmp_path / "hw.toml", ONE_HOT)
    chosen = assignment.load(hw)
    root = tmp_path / "autograder"
    for folder in ("source", "submission", "results"):
        (root / folder).mkdir(parents=True)
    assign.bundle(chosen, assign.check_kit(KIT), tmp_path / "a.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        archive.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "run_autograder").chmod(0o755)
    shutil.copy(MUTANTS / "wrong_one_hot_off_by_one.py", root / "submission" / "hw.py")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "SPEC_PYTHON": sys.executable, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    assert (results["score"], [(t["name"].split()[0], t["max_score"], t["status"]) for t in results["tests"]]) == (
        0,
        [("one_hot", 3, "failed")],
    )
    assert str(root) not in json.dumps(results) and "python -m spec check hw.py --assignment hw.toml" in json.dumps(
        results
    )
