"""Meta-tests of the named mistakes (spec/results/mistakes.py) and of the hints (spec/learner/hint.py).

A recogniser that names a mistake the code does not have is a bug. Each one has wrong files that must trigger it
(the corpus's, and meta/mistakes/ for the styles the corpus lacked) and the right files that must not: every
right file of meta/mutants/ and reference/. A recogniser fires only where a failing test of its own and the
construct in the learner's definition agree; the quick tests read the source alone, the slow one runs the files.

`python -m pytest -s meta/test_mistakes.py -m slow` prints the trigger table.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spec import i18n
from spec.learner import check_live, hint
from spec.results import mistakes, report, source, summary
from spec.results.context import RunContext
from spec.results.failure import Failure
from spec.results.model import TestResult

pytestmark = pytest.mark.meta
ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "meta" / "mutants"
MISTAKE_FILES = ROOT / "meta" / "mistakes"

# mistake id -> the corpus's wrong files that have it (meta/mistakes/ files name theirs in a `mistake:` line)
CORPUS_WRONG: dict[str, list[str]] = {
    "csv_header": [
        "data/wrong_custom_dataset_tutorial_pandas_reads_a_header.py",
        "data/wrong_custom_dataset_skips_header.py",
    ],
    "activation_after_last_linear": [
        "model/wrong_neural_network_relu_after_last_linear.py",
        "model/wrong_neural_network_softmax_output.py",
        "optimization/wrong_model_relu_after_last_linear_right_loops.py",
    ],
    # (model/wrong_neural_network_moves_itself_to_cuda.py picks CUDA when available: another mistake, not named)
    "hard_coded_cuda": ["model/wrong_get_device_always_cuda.py"],
    "missing_train_mode": [
        "optimization/wrong_train_loop_no_model_train.py",
        "optimization/wrong_train_loop_eval_mode.py",
        "optimization/wrong_second_train_loop_train_false.py",
        "optimization/wrong_train_loop_sets_training_attribute.py",
    ],
    "missing_eval_mode": [
        "optimization/wrong_test_loop_no_eval.py",
        "optimization/wrong_test_loop_sets_training_attribute.py",
        "model/wrong_predict_no_eval.py",
        "model/wrong_predict_eval_without_call.py",
        "model/wrong_predict_sets_training_attribute.py",
        "persistence/wrong_load_weights_no_eval.py",
        "persistence/wrong_load_weights_training_flag.py",
        "persistence/wrong_load_model_no_eval.py",
    ],
    "zero_grad": [
        "optimization/wrong_train_loop_no_zero_grad.py",
        "optimization/wrong_train_loop_zero_grad_after_backward.py",
        "optimization/wrong_second_train_loop_zero_grad_once.py",
    ],
    "loss_over_dataset": [
        "optimization/wrong_test_loop_loss_over_samples.py",
        "optimization/wrong_train_loop_returns_mean_over_samples.py",
        "optimization/wrong_test_loop_loss_weighted_by_samples.py",
    ],
    "load_weights_not_weights_only": ["persistence/wrong_load_weights_not_weights_only.py"],
    "load_model_weights_only": [],
    # a note on right code: the tutorial's print-only test_loop passes, and the spec says what it read
    "print_only_test_loop": [
        "optimization/right_tutorial_loops_verbatim.py",
        "optimization/right_tutorial_loops_quickstart_device.py",
    ],
}


def _own_files() -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {m.id: [MUTANTS / p for p in CORPUS_WRONG[m.id]] for m in mistakes.MISTAKES}
    for path in sorted(MISTAKE_FILES.glob("wrong_*.py")):
        files[re.search(r"^mistake: (\w+)", path.read_text(), re.M)[1]].append(path)
    return files


WRONG = _own_files()


def _negatives() -> dict[str, list[Path]]:
    """mistake id -> the corpus's wrong files that fail one of its tests (their docstrings say so) for another reason:
    not labelled with it above. Found, not listed: a new wrong file of the corpus joins the day it is written."""
    found: dict[str, list[Path]] = {}
    for mistake in mistakes.MISTAKES:
        own = set(WRONG[mistake.id])
        found[mistake.id] = [
            p
            for p in sorted(MUTANTS.rglob("wrong_*.py"))
            if p not in own and set(re.findall(r"expect: fail (\w+)", p.read_text())) & set(mistake.tests)
        ]
    return found


NEGATIVES = _negatives()
RIGHT = sorted(MUTANTS.rglob("right_*.py")) + sorted((ROOT / "reference").rglob("*.py"))


def _page(path: Path) -> str:
    found = re.search(r"^page: (\w+)", path.read_text(), re.M)
    return found[1] if found else (path.parent.parent.name if path.parent.name == "gpu" else path.parent.name)


# -- quick: the source evidence, and the words ------------------------------------------------------------------


def test_every_mistake_has_wrong_files_and_words_in_both_languages() -> None:
    assert set(WRONG) == set(mistakes.BY_ID) == set(CORPUS_WRONG)
    for mistake in mistakes.MISTAKES:
        assert WRONG[mistake.id], f"{mistake.id} has no wrong file"
        assert set(mistake.words) == {"en", "zh"}, mistake.id


def test_each_wrong_file_has_the_construct_its_mistake_reads() -> None:
    missing = []
    for mistake_id, paths in WRONG.items():
        mistake = mistakes.BY_ID[mistake_id]
        for path in paths:
            defs = source.definitions(str(path))
            if not any(c in defs and mistake.has(defs[c]) for c in mistake.concepts):
                missing.append(f"{mistake_id}: {path.relative_to(ROOT)}")
    assert not missing, missing


def _with_construct(mistake: mistakes.Mistake, paths: list[Path]) -> list[Path]:
    """The files whose definition of one of the mistake's concepts has its construct."""
    return [
        p
        for p in paths
        if any(c in (defs := source.definitions(str(p))) and mistake.has(defs[c]) for c in mistake.concepts)
    ]


def test_files_that_fail_a_recognisers_tests_for_another_reason_lack_its_construct() -> None:
    """The behaviour of these files is the recogniser's own (a test it reads fails), so the construct in the source is
    all that keeps it silent: none may have it (or it belongs in the file's list above, after reading the file)."""
    named = [
        f"{mistake.id}: {path.relative_to(ROOT)}"
        for mistake in mistakes.MISTAKES
        for path in _with_construct(mistake, NEGATIVES[mistake.id])
    ]
    assert not named, named
    assert sum(map(len, NEGATIVES.values())) >= 20  # the corpus has them: the test reads something


@pytest.mark.slow  # reads ~170 files
def test_no_right_file_is_named_a_mistake_on_its_failing_evidence_alone() -> None:
    """Each right file's definitions, given a failing test of each recogniser's own (its first test, or its error
    raised): a recogniser must still need the construct, and right files must not have the constructs that the
    behaviour cannot tell from right code (listed: their tests pass on them, which the corpus run asserts)."""
    named = []
    for path in RIGHT:
        defs = source.definitions(str(path))
        for mistake in mistakes.MISTAKES:
            if mistake.note:
                continue
            for concept in (c for c in mistake.concepts if c in defs):
                test = TestResult(
                    nodeid="x",
                    name=(mistake.tests or ("test_x",))[0],
                    page="other",
                    checks_impl=True,
                    status="fail",
                    concepts=(concept,),
                    failure=Failure(concept, "x", mistake.raised[0] if mistake.raised else "x", "y"),
                )
                found = mistakes.recognise(test, str(path))
                if found is not None:
                    named.append(f"{path.relative_to(ROOT)}: {found.mistake.id} at line {found.line}")
    # Right code with a construct the behaviour must clear: the tests of these mistakes pass on these files.
    assert sorted(named) == sorted(SOURCE_ONLY), sorted(set(named) ^ set(SOURCE_ONLY))


# Right files whose source has a recogniser's construct, written otherwise (the behaviour clears them: their tests
# pass): a right predict that sets every module's `training` flag itself, a load that calls train(False) on a copy.
SOURCE_ONLY = [
    "meta/mutants/model/right_predict_topk_training_flags.py: missing_eval_mode at line 8",
    "meta/mutants/persistence/right_weights_file_objects_key_error.py: missing_eval_mode at line 18",
]


def test_the_found_mistake_shows_the_learners_line_in_both_languages(tmp_path: Path) -> None:
    path = MUTANTS / "data" / "wrong_custom_dataset_tutorial_pandas_reads_a_header.py"
    test = TestResult(
        "x",
        "test_custom_dataset_len_counts_every_csv_line",
        "data",
        True,
        status="fail",
        concepts=("CustomImageDataset",),
        failure=Failure("CustomImageDataset", "len(dataset)", "6", "7"),
    )
    found = mistakes.recognise(test, str(path))
    assert found is not None and found.mistake.id == "csv_header"
    assert "header=None" in found.text("en") and "self.img_labels = pd.read_csv(annotations_file)" in found.text("en")
    assert "表头" in found.text("zh") and "第 19 行" in found.text("zh")
    passing = TestResult("x", test.name, "data", True, status="pass", concepts=("CustomImageDataset",))
    assert mistakes.recognise(passing, str(path)) is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_print_only_test_loop_is_told_what_the_spec_read_from_its_printout(lang: str) -> None:
    verbatim = MUTANTS / "optimization" / "right_tutorial_loops_verbatim.py"
    passed = TestResult(
        "spec/pages/test_optimization_test_loop.py::test_test_loop_avg_loss_is_mean_over_batches[cpu]",
        "test_test_loop_avg_loss_is_mean_over_batches[cpu]",
        "optimization",
        True,
        status="pass",
        concepts=("test_loop",),
        output="Test Error: \n Accuracy: 65.8%, Avg loss: 1.074610 \n",
        advice="train_loop and test_loop may return None, as the tutorial's do",
    )
    context = RunContext(lang=lang, impl_arg=str(verbatim), impl_file=str(verbatim))
    read = {"en": "the spec read your printout: 65.8% and 1.074610", "zh": "spec 读取了你的打印输出:65.8% 和 1.074610"}
    assert any(read[lang] in line for line in summary.render([passed], context))  # the terminal
    entry = {**report.test_entry(passed, lang), "mistake": mistakes.recognise(passed, str(verbatim)).to_dict(lang)}
    assert read[lang] in check_live.notes({"tests": [entry]})[0]  # the notebook, from the report's field
    returning = MUTANTS / "optimization" / "right_loops_tutorial.py"
    assert mistakes.recognise(passed, str(returning)) is None  # its test_loop returns the numbers: nothing to say


# -- slow: the files run, the table printed --------------------------------------------------------------------


@pytest.mark.slow
def test_trigger_rates_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    """Every wrong file triggers its mistake (100%); no right file with a construct triggers one (0%), and the
    print-only note names only the print-only test_loop."""
    from meta import runner
    from spec.teacher import engine

    engine.warm(profile="meta")
    wrong = sorted({p for paths in WRONG.values() for p in paths})  # (the note's own files are right ones)
    # Right files run on the tests whose failure a recogniser reads: those with its construct in their source
    # (SOURCE_ONLY) on that mistake's tests, and loops that return their numbers on test_loop's printout test.
    right = {ROOT / s.split(":")[0]: [mistakes.BY_ID[s.split()[-4]].tests] for s in SOURCE_ONLY}
    for name in ("right_loops_tutorial.py", "right_second_optimization.py"):
        right[MUTANTS / "optimization" / name] = [("test_test_loop_avg_loss_is_mean_over_batches",)]
    jobs = []
    for path in wrong + sorted(right):
        page = _page(path)
        names = [n for group in right[path] for n in group] if path in right else runner.named_failures(path)
        if path in WRONG["print_only_test_loop"]:
            names = ["test_test_loop_avg_loss_is_mean_over_batches"]  # a passing test that read the printout
        jobs.append(
            engine.Job(
                main=path,
                copy=path,
                name=path.stem,
                grading=False,
                markexpr=f"cpu and not slow and not benchmark and {page}",
                paths=runner.named_tests(runner.page_files(page), names),
            )
        )
    found: dict[Path, set[str]] = {}
    ran: dict[Path, list[TestResult]] = {}
    for out in engine.run(jobs):
        ran[out.job.main] = out.tests
        found[out.job.main] = {f.mistake.id for f in mistakes.recognise_all(out.tests, str(out.job.main))}
    rows, problems = [], []
    for mistake in mistakes.MISTAKES:
        own = WRONG[mistake.id]
        hit = sum(mistake.id in found[p] for p in own)
        others = [p for p in wrong + sorted(right) if p not in own]
        false = [p for p in others if mistake.id in found[p]]
        rows.append(
            f"{mistake.id:<32}{hit}/{len(own)} ({100 * hit // len(own)}%)".ljust(50)
            + f"{len(false)}/{len(others)}".ljust(17)
            + f"{len(_with_construct(mistake, NEGATIVES[mistake.id]))}/{len(NEGATIVES[mistake.id])}"
        )
        problems += [f"{mistake.id} missed {p.relative_to(ROOT)}" for p in own if mistake.id not in found[p]]
        problems += [f"{mistake.id} named in {p.relative_to(ROOT)}" for p in false]
    with capsys.disabled():
        head = f"{'mistake':<32}{'its own files':<18}{'other files run':<17}failing its tests for another reason"
        print(f"\n{head} (source evidence absent)\n" + "\n".join(rows))
    assert not problems, problems
    # Hint level 2 on these runs' reports, as `spec hint NAME --level 2 FILE` builds them (spec/learner/hint.py).
    csv = MUTANTS / "data" / "wrong_custom_dataset_tutorial_pandas_reads_a_header.py"
    zh = hint.level_2("CustomImageDataset", "zh", _report(ran[csv], "zh", csv))
    assert "CustomImageDataset 的提示 2" in zh and "复现: dataset = CustomImageDataset(" in zh, zh
    assert "常见错误:CSV 的第一行被当作表头读掉了" in zh and "你的第 19 行:self.img_labels = pd.read_csv(" in zh, zh
    assert "得到 6,但应为 7" in zh or "得到 np.int64(9),但应为 3" in zh, zh
    hidden = hint.level_2("CustomImageDataset", "en", _report(ran[csv], "en", csv), values=False)  # an exam's policy
    assert "it got" not in hidden and "reproduce: dataset = CustomImageDataset(" in hidden, hidden
    cuda = MISTAKE_FILES / "wrong_train_loop_cuda_batches.py"
    en = hint.level_2("train_loop", "en", _report(ran[cuda], "en", cuda), values=False)
    assert "hint 2 for train_loop" in en and "move batches to the model's device" in en, en
    assert "your line 16: X, y = X.cuda(), y.cuda()" in en, en


def _report(tests: list[TestResult], lang: str, path: Path) -> dict:
    return report.build_from(tests, RunContext(lang=lang, impl_arg=str(path), impl_file=str(path)), exitstatus=1)


# -- hints ------------------------------------------------------------------------------------------------------


def _hint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`python -m spec hint ARGS` in this process (its main; one test below starts a fresh interpreter)."""
    status = hint.main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_hint_level_1_quotes_the_tutorial_in_each_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, _ = _hint(capsys, "one_hot", "--spec-lang", "en")
    assert status == 0 and "tutorial 1.5" in out and "scatter_" in out and "pytorch.org/tutorials" in out
    status, out, _ = _hint(capsys, "one_hot", "--spec-lang", "zh")
    assert status == 0 and "教程 1.5" in out and "Lambda变换应用任何用户定义的Lambda函数" in out
    status, out, _ = _hint(capsys, "train_loop", "--spec-lang", "zh")
    assert status == 0 and "教程 1.8.3" in out and "调用optimizer.zero_grad()来重置模型参数的梯度" in out


def test_hint_level_3_is_refused_unless_the_teacher_allows_solutions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = _hint(capsys, "one_hot", "--level", "3", "--spec-lang", "en")
    assert status == 2 and out == "" and "def one_hot" not in err and len(err.strip().splitlines()) == 1
    (tmp_path / "spec.toml").write_text("[feedback]\nsolutions = true\n")
    status, out, _ = _hint(capsys, "one_hot", "--level", "3", "--spec-lang", "zh")
    assert status == 0 and "def one_hot" in out and "提示 3" in out
    status, out, _ = _hint(capsys, "labels_map", "--level", "3", "--spec-lang", "en")  # a value, not a function
    assert status == 0 and "labels_map: dict[int, str] = {" in out


def test_hints_off_say_so_in_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    toml = tmp_path / "exam.toml"
    toml.write_text("[feedback]\nhints = false\n")
    for level in ("1", "2", "3"):
        status, out, err = _hint(
            capsys, "one_hot", "--level", level, "--spec-assignment", str(toml), "--spec-lang", "en"
        )
        assert (status, out, err) == (2, "", f"hints are off for this assignment ({toml})\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hint_level_2_without_a_failure_says_why_there_is_none(lang: str) -> None:
    def entry(status: str, **fields: object) -> dict:
        return {"name": "test_x", "status": status, "checks_implementation": True, "concepts": ["one_hot"], **fields}

    missing = {"tests": [entry("not_implemented", concepts=[], not_implemented="one_hot")]}
    assert hint.level_2("one_hot", lang, missing) == i18n.t("hint_2_not_implemented", lang, name="one_hot")
    assert hint.level_2("one_hot", lang, {"tests": [entry("pass")]}) == i18n.t("hint_2_passes", lang, name="one_hot")
    other = {"tests": [entry("pass", concepts=["to_tensor"])]}
    assert 'check("one_hot")' in hint.level_2("one_hot", lang, other)


@pytest.mark.slow  # a fresh interpreter (~1 s)
def test_python_m_spec_hint_is_the_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spec", "hint", "one_hot", "--spec-lang", "zh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("one_hot 的提示 1:教程 1.5 变换, Lambda变换\n")


HINT_CELLS = [
    "from spec import check",
    "import torch\n\ndef one_hot(y, num_classes=10):\n"
    "    return torch.zeros(num_classes, dtype=torch.long).scatter_(0, torch.tensor(y), value=1)",
    "first = check('one_hot', lang='zh')",
    "import time\nstart = time.perf_counter()\ncheck.hint('one_hot', lang='zh')\n"
    "print('SECONDS 1', time.perf_counter() - start)",
    "start = time.perf_counter()\ncheck.hint('one_hot', level=2, lang='zh')\n"
    "print('SECONDS 2', time.perf_counter() - start)",
    "check.hint('one_hot', level=3, lang='en')",
    "open('spec.toml', 'w').write('[feedback]\\nsolutions = true\\n')\n"
    "start = time.perf_counter()\ncheck.hint('one_hot', level=3, lang='en')\n"
    "print('SECONDS 3', time.perf_counter() - start)",
    "check.hint('one_hot', level=2, lang='en')",
]


@pytest.mark.slow  # starts a kernel and checks one concept in it
def test_hints_in_a_kernel_after_a_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """check.hint() in a real kernel, in both languages: level 2 reads the last check(), level 3 only when spec.toml
    allows solutions; each hint after the first check takes under a second."""
    pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    from meta.test_notebook import kernel_env
    from spec.learner import check_run_all

    kernel_env(monkeypatch)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in HINT_CELLS])
    with check_run_all.notebook_client(nb, tmp_path, timeout=600) as client:
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    out = ["".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout") for cell in nb.cells]
    seconds = {m[1]: float(m[2]) for text in out for m in re.finditer(r"SECONDS (\d) (\S+)", text)}
    print(f"\ncheck.hint() after the first check(), in the kernel: {seconds}")
    assert "one_hot 的提示 1:教程 1.5 变换, Lambda变换" in out[3] and "scatter_" in out[3]
    assert "one_hot 的提示 2" in out[4] and "复现: one_hot(" in out[4] and "torch.int64" in out[4]
    assert "def one_hot" not in out[5] and "solutions (hint 3) are off" in out[5]
    assert "hint 3 for one_hot" in out[6] and "def one_hot" in out[6]
    assert "hint 2 for one_hot" in out[7] and "reproduce: one_hot(" in out[7]
    assert max(seconds.values()) < 1.0, seconds
