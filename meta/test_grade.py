"""Meta-tests of `python -m spec grade` (spec/teacher/grade.py): a small class, its files, reruns, a Dask cluster.

The hostile files' statuses are checked in test_hostile.py through the same engine; here the
command's own job: what a submission is, one report per submission written by the grader (never by
the submission), reruns that skip what is up to date, and the same reports through Dask.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from meta.proc import ROOT, run_spec
from meta.runner import complete_submission
from spec.contract import CONTRACT
from spec.teacher import grade

MUTANTS = Path(__file__).parent / "mutants" / "tensors"
HOSTILE = Path(__file__).parent / "hostile" / "tensors"
MARK = "cpu and not slow and tensors"
# slow: each run is a warm engine (torch import) plus a child per submission
pytestmark = [pytest.mark.slow, pytest.mark.meta]


def make_class(root: Path) -> Path:
    """A class of four: a right file, a wrong one, the atexit liar, and a folder submission."""
    cls = root / "class"
    cls.mkdir()
    shutil.copy(MUTANTS / "right_add_inplace_iadd.py", cls / "alice.py")
    shutil.copy(MUTANTS / "wrong_add_inplace_returns_none.py", cls / "bob.py")
    shutil.copy(HOSTILE / "atexit_rewrite.py", cls / "atexit_rewrite.py")
    (cls / "carol").mkdir()
    shutil.copy(MUTANTS / "right_add_inplace_copy.py", cls / "carol" / "solution.py")
    (cls / "carol" / "notes.py").write_text("x = 1\n")
    (cls / "dave").mkdir()
    (cls / "dave" / "a.py").write_text("")
    (cls / "dave" / "b.py").write_text("")
    return cls


def reports_in(out: Path) -> list[Path]:
    """The submissions' reports in a grading's --out (not the class's misconceptions.json and changes.json)."""
    return [p for p in sorted(out.glob("*.json")) if p.stem not in grade.RESERVED_NAMES]


def test_a_submission_may_not_take_the_name_of_a_class_file(tmp_path: Path) -> None:
    (tmp_path / "misconceptions.py").write_text("")
    with pytest.raises(grade.InputError, match="'misconceptions'.*rename it"):
        grade.find_submissions([tmp_path])


def run_grade(*args: str) -> subprocess.CompletedProcess[str]:
    return run_spec("grade", *args)


def test_find_submissions_defines_one_per_file_or_subfolder(tmp_path: Path) -> None:
    cls = make_class(tmp_path)
    subs = {s.name: s for s in grade.find_submissions([cls])}
    assert sorted(subs) == ["alice", "atexit_rewrite", "bob", "carol", "dave"]
    assert subs["carol"].main.name == "solution.py" and subs["carol"].copy.name == "carol"
    assert subs["dave"].problem is not None and "solution.py" in subs["dave"].problem


@pytest.mark.long  # a class graded, then graded again three times
def test_grade_writes_a_report_per_submission_and_reruns_grade_what_changed(tmp_path: Path) -> None:
    """A rerun grades again what changed by its bytes, whatever its times say: bob changed as `cp -p` (or rsync
    -a, or unzip) changes a file, with an older time than his report; alice was touched, not changed."""
    cls = make_class(tmp_path)
    out = tmp_path / "out"
    first = run_grade(str(cls), "--out", str(out), "-m", MARK, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    reports = {p.stem: json.loads(p.read_text()) for p in reports_in(out)}
    assert {k: r["status"] for k, r in reports.items()} == {
        "alice": "not_implemented",
        "bob": "fail",
        "carol": "not_implemented",
        "dave": "error",
        "atexit_rewrite": "fail",
    }
    # alice and carol are right about add_inplace; "not_implemented" because the other tensors names are stubs
    for name in ("alice", "carol"):
        concept = next(c for c in reports[name]["concepts"] if c["name"] == "add_inplace")
        assert concept["status"] == "pass", name
    assert next(c for c in reports["bob"]["concepts"] if c["name"] == "add_inplace")["status"] == "fail"
    assert reports["atexit_rewrite"]["message"] != "hacked"  # its atexit handler never ran
    assert str(cls / "alice.py") in reports["alice"]["implementation"]["path"]
    assert len(reports["alice"]["grading"]["files"]) == 64 and reports["alice"]["grading"]["markexpr"] == MARK
    before = {p.name: p.stat().st_mtime_ns for p in reports_in(out)}
    time.sleep(0.1)
    os.utime(cls / "alice.py")
    (cls / "bob.py").write_text((cls / "bob.py").read_text() + "\n# handed in again\n")
    os.utime(cls / "bob.py", (1, 1))
    again = run_grade(str(cls), "--out", str(out), "-m", MARK, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    after = {p.name: p.stat().st_mtime_ns for p in reports_in(out)}
    changed = sorted(n for n in after if after[n] != before[n])
    assert changed == ["bob.json", "dave.json"], changed  # dave: not gradable, reported again each time


LEAKY = """
import os
import sys


def add_inplace(t, value):
    found = []
    for pid in (os.getppid(), os.getpid()):  # the grader's environment, where it can be read
        try:
            with open(f"/proc/{pid}/environ", "rb") as env:
                found += [v for v in env.read().decode(errors="replace").split("\\0") if "SECRET" in v]
        except OSError:
            pass
    print(" ".join(sys.argv), sys.argv, "found:", found, os.environ.get("SECRET_TOKEN"))
"""


def test_grade_checks_its_input_and_keeps_the_graders_secrets_and_other_files_out_of_reports(tmp_path: Path) -> None:
    """A submission that prints the grader's environment and command line, one that is a link to /etc/passwd,
    and one given twice: the secret and the link's content are in no report, the rest is graded, status 2."""
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "leaky.py").write_text(LEAKY)
    (cls / "mallory.py").symlink_to("/etc/passwd")
    env = {**os.environ, "SECRET_TOKEN": "tok-4c0ffee-s3cr3t"}
    out = tmp_path / "out"
    proc = run_spec("grade", str(cls), str(cls / "leaky.py"), "--out", str(out), "-m", MARK, env=env)
    assert proc.returncode == 2 and f"leaky ({cls / 'leaky.py'}) is given twice; graded once" in proc.stderr
    reports = {p.stem: p.read_text() for p in reports_in(out)}
    assert sorted(reports) == ["leaky", "mallory"]
    leaky = json.loads(reports["leaky"])
    printed = json.dumps(leaky["tests"])
    assert leaky["status"] == "fail" and "found:" in printed
    if "SECRET_TOKEN=" in printed:  # it could read the grader's environment (no sandbox): scrubbed
        assert "SECRET_TOKEN=$SECRET_TOKEN" in printed
    every_file = [p.read_text(errors="replace") for p in out.rglob("*") if p.is_file()]
    assert not any("tok-4c0ffee-s3cr3t" in text or "root:x:0" in text for text in every_file)
    assert "symbolic link" in json.loads(reports["mallory"])["message"]


def test_a_complete_submission_passes_and_is_judged_by_the_tests_of_its_code(tmp_path: Path) -> None:
    """The default tier on a file that defines the whole contract: every test passes, and the checks that do
    not use it (torch facts, the reference's quickstart, whose CLI test writes where the guard refuses) are
    left out."""
    cls = tmp_path / "class"
    cls.mkdir()
    (cls / "erin.py").write_text(complete_submission())
    proc = run_grade(str(cls), "--out", str(tmp_path / "out"), "--detail")  # every test in the report
    assert proc.returncode == 0, proc.stderr
    report = json.loads((tmp_path / "out" / "erin.json").read_text())
    assert report["status"] == "pass", (report["message"], [t for t in report["tests"] if t["status"] != "pass"][:3])
    assert report["tests"] and all(t["checks_implementation"] for t in report["tests"])
    assert {c["status"] for c in report["concepts"]} == {"pass"} and len(report["concepts"]) == len(CONTRACT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.long  # a scheduler, a worker and a class
@pytest.mark.skipif(
    shutil.which("dask") is None and not (Path(sys.executable).parent / "dask").exists(),
    reason="dask[distributed] is not installed (optional extra `cluster`)",
)
def test_grade_through_a_dask_cluster_gives_the_same_reports(tmp_path: Path) -> None:
    cls = make_class(tmp_path)
    shutil.rmtree(cls / "dave")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dask = str(Path(sys.executable).parent / "dask")
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--dashboard-address", ":0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        time.sleep(3)
        procs += [
            subprocess.Popen(
                [dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--memory-limit", "0"],
                env=env,
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        local = run_grade(str(cls), "--out", str(tmp_path / "local"), "-m", MARK, "--jobs", "2")
        remote = run_grade(str(cls), "--out", str(tmp_path / "dask"), "-m", MARK, "--scheduler", address)
        assert local.returncode == 0 and remote.returncode == 0, remote.stderr
        for path in reports_in(tmp_path / "local"):
            mine, theirs = json.loads(path.read_text()), json.loads((tmp_path / "dask" / path.name).read_text())
            assert theirs["status"] == mine["status"], path.name
            assert {t["test_id"]: t["status"] for t in theirs["tests"]} == {
                t["test_id"]: t["status"] for t in mine["tests"]
            }, path.name
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)
