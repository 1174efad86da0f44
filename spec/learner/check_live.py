"""`check()` inside a notebook: the spec, run in this process on what the notebook has defined so far.

    from spec import check
    check()                      # every page, quick tier
    check("one_hot")             # the tests that speak about one contract name
    check(page="autograd")       # one tutorial page

The implementation under test is the module `__main__`: in Jupyter, Colab and IPython that is the
user namespace itself, so a cell fixed and run again is what the next check() sees. pytest runs
quietly (its output is kept in `result.output`); the summary is shown as an HTML table through
IPython.display in a notebook, as plain text elsewhere, in the learner's language. Only the tests of
the learner's code run (tests of torch itself say nothing about a notebook), and slow ones only
with `slow=True`. `--run-all` (spec/learner/check_run_all.py) calls `emit_report` in the kernel it started.

The kernel and the notebook's file can disagree: cells run out of order, a deleted cell still defined here, a cell
edited but not run again. A grader (and `python -m spec check lesson.ipynb`) reads the file, so check() compares the
contract names this kernel defined (IPython's history of executed cells) with what the file gives when read fresh
(spec/loading/notebook.py `definitions`), and says once per difference "the grader will see X", naming the cells.
The file is found where Jupyter, JupyterLab and VS Code say (`__vsc_ipynb_file__`, `__session__` or
$JPY_SESSION_NAME); where none does (Colab, a console), nothing is said.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.loading import notebook
from spec.plugin import command
from spec.results import status
from spec.results.report import build as build_report
from spec.results.run import STATE_KEY, results

_warned: set[str] = set()  # grader's-view lines already shown in this kernel: each is said once
IMPL = "__main__"  # the notebook's namespace (IPython's user module is sys.modules["__main__"])
REPORT_MIME = "application/vnd.pytorch-basics-spec.results.report+json"  # how run_all's kernel sends its report back


@dataclass
class CheckResult:
    """What one check() found: test counts over the learner's code, per-concept status, the report dict."""

    passed: int
    failed: int  # failed or errored
    not_implemented: int
    skipped: int
    exitstatus: int  # pytest's
    report: dict[str, Any] = field(repr=False)
    output: str = field(default="", repr=False)  # pytest's own output, kept out of the notebook
    grader_view: list[str] = field(default_factory=list)  # where the notebook's file differs from this kernel

    @property
    def concepts(self) -> dict[str, str]:
        """Contract name -> "pass" | "fail" | "not_implemented" | "not_run"."""
        return {c["name"]: c["status"] for c in self.report.get("concepts", [])}


# ---------------------------------------------------------------------------------------------
# Running pytest in this process


@contextlib.contextmanager
def _cwd(path: str) -> Iterator[None]:
    """contextlib.chdir, which Python 3.10 lacks."""
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _main_file() -> Iterator[None]:
    """`__main__.__file__` during the check, where a notebook's has none: its definitions run so far (IPython's
    history of executed cells, through spec/loading/notebook.py) as a file. Some tests import the learner's file anew
    under a patch (get_device's module-level `device`, with torch.cuda made to report a GPU)."""
    main = sys.modules.get("__main__")
    shell = _shell() if "IPython" in sys.modules else None
    if main is None or getattr(main, "__file__", None) or shell is None:
        yield
        return
    path = notebook.cache_dir() / f"kernel-{os.getpid()}" / "notebook.py"
    try:
        notebook.write_module(list(shell.history_manager.input_hist_raw), "this notebook", path, offline=False)
    except notebook.NotebookError:  # a cell with a syntax error in the history: no file, as before
        yield
        return
    main.__file__ = str(path)
    try:
        yield
    finally:
        del main.__file__


class _Collector:
    """pytest plugin: keeps only the tests of the learner's code (and of `name`), and builds the report."""

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self.report: dict[str, Any] | None = None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        # Tests that do not request `impl` check torch itself: minutes that say nothing about a notebook.
        facts = [item for item in items if "impl" not in getattr(item, "fixturenames", ())]
        if facts:
            config.hook.pytest_deselected(items=facts)
            items[:] = [item for item in items if "impl" in getattr(item, "fixturenames", ())]

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = session.config
        recorded = results(config)
        if self.name is not None:  # check("one_hot"): its tests only, next step included
            recorded.tests = {
                k: t for k, t in recorded.tests.items() if self.name in t.concepts or t.not_implemented == self.name
            }
        self.report = build_report(config, recorded, exitstatus=int(exitstatus))

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self.report is None:  # the implementation did not import (a usage error): say why
            spec_state = config.stash.get(STATE_KEY, None)
            error = spec_state.import_error if spec_state is not None else None
            self.report = build_report(config, None, exitstatus=4, error=error or "usage error")


def run(impl: str = IMPL, extra: Sequence[str] = (), *, name: str | None = None) -> CheckResult:
    """Run the spec on `impl` in this process, quietly; counts over the learner's tests (of `name` only, if given)."""
    import torch

    threads = torch.get_num_threads()  # the plugin sets the run's threads; the notebook keeps its own
    collector = _Collector(name)
    out = io.StringIO()
    # In a scratch folder: pytest-benchmark and hypothesis leave folders in the cwd, the learner's folder.
    with (
        tempfile.TemporaryDirectory(prefix="spec-check-") as scratch,
        _cwd(scratch),
        _main_file(),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
    ):
        exitstatus = command.run(impl, extra, plugins=[collector])
    torch.set_num_threads(threads)
    report = collector.report or {"status": "error", "message": out.getvalue()[-2000:], "tests": [], "concepts": []}
    tests = [t for t in report.get("tests", []) if t.get("checks_implementation")]
    count = {s: sum(t["status"] == s for t in tests) for s in ("pass", "fail", "error", "not_implemented", "skip")}
    return CheckResult(
        count["pass"],
        count["fail"] + count["error"],
        count["not_implemented"],
        count["skip"],
        exitstatus,
        report,
        out.getvalue(),
    )


def check(
    name: str | None = None,
    *,
    page: str | None = None,
    lang: str | None = None,
    slow: bool = False,
    display: bool = True,
) -> CheckResult:
    """Check what this notebook has defined so far: one contract name, one page, or everything; shows a table."""
    if name is not None and name not in CONTRACT:
        raise ValueError(f"{name!r} is not a contract name; one of: {', '.join(CONTRACT)}")
    if page is not None and page not in PAGES:
        raise ValueError(f"page={page!r} is not a tutorial page; one of: {', '.join(PAGES)}")
    lang = lang or i18n.default_lang()
    pages = page or (CONTRACT[name].page if name else None)
    markexpr = " and ".join(["cpu", *([] if slow else ["not slow"]), *([pages] if pages else [])])
    extra = ["-m", markexpr, f"--spec-lang={lang}", "--hypothesis-profile", "learner", "-q"]
    view = grader_view(lang)
    new = [line for line in view if line not in _warned]
    _warned.update(new)
    if display and new:
        print("\n".join([i18n.t("grader_view_title", lang), *new]))
    result = run(IMPL, extra, name=name)
    result.grader_view = view
    _LAST[:] = [result]  # for check.hint(name, level=2) (spec/learner/hint.py)
    if display:
        show(result, lang=lang, hint=_notebook_hint)
    return result


_LAST: list[CheckResult] = []  # the kernel's last check(), owned here


def last_result() -> CheckResult | None:
    """The last check() of this kernel, None before the first."""
    return _LAST[-1] if _LAST else None


def notebook_file() -> Path | None:
    """The .ipynb file this kernel runs, where the front end says: VS Code's `__vsc_ipynb_file__`, ipykernel's
    `__session__` (from $JPY_SESSION_NAME, which Jupyter Server sets), or that variable itself; else None."""
    shell = _shell() if "IPython" in sys.modules else None
    names = getattr(shell, "user_ns", None) or {}
    for given in (names.get("__vsc_ipynb_file__"), names.get("__session__"), os.environ.get("JPY_SESSION_NAME")):
        if isinstance(given, str) and given.endswith(".ipynb"):
            path = Path(given).expanduser()
            # A session name may be relative to the server's root; the kernel runs in the notebook's folder.
            for candidate in (path, Path.cwd() / path.name):
                if candidate.is_file():
                    return candidate.resolve()
    return None


def grader_view(lang: str = "en") -> list[str]:
    """The contract names whose definition in this kernel differs from the notebook file's, read fresh: one line
    each, "the grader will see X". Empty where the file or the kernel's history is not known."""
    path = notebook_file()
    shell = _shell() if path is not None else None
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    if path is None or history is None:
        return []
    try:
        in_file = notebook.definitions(notebook.read_sources(path, path.name))
    except notebook.NotebookError:
        return []
    namespace = shell.user_ns
    # input_hist_raw[n] is In[n] (index 0 is ""), so the kernel's "cell" numbers are its execution counts.
    in_kernel = {n: d for n, d in notebook.definitions(list(history)[1:]).items() if n in namespace}
    lines = []
    order = [*CONTRACT, *sorted(notebook.ALWAYS_KEPT - set(CONTRACT))]  # the contract's order, then `device`
    for name in sorted(set(in_file) | set(in_kernel), key=order.index):
        mine, theirs = in_kernel.get(name), in_file.get(name)
        if theirs is None and mine is not None:
            lines.append(i18n.t("grader_view_missing", lang, name=name, count=mine.cell, file=path.name))
        elif mine is None and theirs is not None and name not in namespace:
            lines.append(i18n.t("grader_view_not_run", lang, name=name, cell=theirs.cell))
        elif mine is not None and theirs is not None and mine.statement != theirs.statement:
            lines.append(i18n.t("grader_view_differs", lang, name=name, cell=theirs.cell, count=mine.cell))
    return lines


def emit_report(extra: Sequence[str]) -> None:
    """For spec/learner/check_run_all.py: run the spec on this kernel's namespace and send the report
    back as display data."""
    result = run(IMPL, extra)
    payload = {"exitstatus": result.exitstatus, "report": result.report, "output": result.output[-20000:]}
    from IPython.display import display

    display({REPORT_MIME: payload}, raw=True)


# ---------------------------------------------------------------------------------------------
# Showing the result


def _notebook_hint(page: str | None, concept: str | None) -> str:
    return f'check("{concept}")' if concept else f'check(page="{page}")' if page else "check()"


def next_lines(report: dict[str, Any], lang: str, hint: Any) -> list[str]:
    """The report's next step, its last line (the `run:` line, spec/results/advice.py) in place as
    `hint(page, concept)`: where the learner stands."""
    step = report.get("next")
    if not step:
        return []
    lines = list(step["text"])
    if step["kind"] == "not_run":  # "every concept passes", then the page to check next
        return [*lines[:1], i18n.t("run", lang, command=hint(step["page"], None))]
    if step["kind"] in ("fail", "not_implemented"):
        return [*lines[:-1], i18n.t("run", lang, command=hint(step["page"], step["concept"]))]
    return lines


def notes(report: dict[str, Any]) -> list[str]:
    """The report's notes on passing code, once each (spec/results/mistakes.py: the print-only test_loop's printout)."""
    found = [t["mistake"]["message"] for t in report.get("tests", []) if t.get("mistake") and t["status"] == "pass"]
    return list(dict.fromkeys(found))


def _rows(result: CheckResult) -> list[tuple[str, str, str]]:
    """(concept, tutorial section, status) for every concept this run spoke about."""
    return [
        (c["name"], c["section"], c["status"]) for c in result.report.get("concepts", []) if c["status"] != "not_run"
    ]


def text(result: CheckResult, *, lang: str, hint: Any) -> str:
    """The summary as plain text."""
    report = result.report
    if report.get("status") == "error" and not report.get("tests"):
        return i18n.t("check_error", lang, message=report.get("message"))
    lines = [i18n.t("check_title", lang)]
    for concept, section, state in _rows(result):
        lines.append(f"  {status.MARKS[state]} {section} {concept:<22} {status.label(state, lang)}")
    lines.append(
        i18n.t(
            "check_totals",
            lang,
            passed=result.passed,
            failed=result.failed,
            not_implemented=result.not_implemented,
            seconds=report.get("duration", 0.0),
        )
    )
    return "\n".join([*lines, *notes(report), "", *next_lines(report, lang, hint)])


def to_html(result: CheckResult, *, lang: str, hint: Any) -> str:
    """The summary as an HTML table, with the first failure and its reproduce: line."""
    report = result.report
    if report.get("status") == "error" and not report.get("tests"):
        return f"<pre>{html.escape(i18n.t('check_error', lang, message=report.get('message')))}</pre>"
    esc = functools.partial(html.escape, quote=False)  # text, not attributes: quotes stay as written
    rows = "".join(
        f"<tr><td>{esc(section)}</td><td><code>{esc(concept)}</code></td>"
        f"<td style='color:{status.COLORS[state]}'>{status.MARKS[state]} "
        f"{esc(status.label(state, lang))}</td></tr>"
        for concept, section, state in _rows(result)
    )
    totals = i18n.t(
        "check_totals",
        lang,
        passed=result.passed,
        failed=result.failed,
        not_implemented=result.not_implemented,
        seconds=report.get("duration", 0.0),
    )
    steps = esc("\n".join([*notes(report), *next_lines(report, lang, hint)]))
    return (
        f"<div class='pytorch-basics-spec'><b>{esc(i18n.t('check_title', lang))}</b>"
        f"<table><thead><tr><th>{esc(i18n.t('col_section', lang))}</th><th>{esc(i18n.t('check_concept', lang))}</th>"
        f"<th>{esc(i18n.t('check_status', lang))}</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{esc(totals)}</p><pre>{steps}</pre></div>"
    )


def show(result: CheckResult, *, lang: str, hint: Any) -> None:
    """HTML in a notebook (IPython.display), plain text elsewhere."""
    shell = sys.modules.get("IPython") and _shell()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import HTML, display

        display(HTML(to_html(result, lang=lang, hint=hint)))
    else:
        print(text(result, lang=lang, hint=hint))


def _shell() -> Any:
    from IPython import get_ipython

    return get_ipython()
