"""The learner's end-of-run summary: per tutorial page, per concept, and the next concept to work on.

Records every test's outcome with the contract names it asked `impl` for (spec/plugin.py puts them
in the report's user_properties), prints a table per tutorial page, and says which concept to work
on next: the first one in tutorial order (spec/contract.py) with a failing test, else the first
one not implemented, with the command that runs its tests. Tests that do not request `impl` check
torch itself (tutorial facts, ERRATA.md, DRIFT.md) and are counted apart.

`--lang zh|en` sets the language of the summary and of the failure framing (spec/i18n.py);
spec/report.py writes the same results as JSON for graders (`--report`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from spec import i18n, notebook
from spec.contract import CONTRACT, PAGES

STATUSES = ("pass", "fail", "error", "not_implemented", "skip")


@dataclass
class TestResult:
    """What one test did, across its setup, call and teardown."""

    __test__ = False  # not a pytest test class

    nodeid: str
    name: str
    page: str  # marker of its tutorial page, or "other"
    checks_impl: bool  # requests the `impl` fixture: a check of the learner's code, not of torch
    meta: bool = False  # a test of the spec itself (marker meta)
    function: Any = None  # the test function, for its source in the report
    status: str | None = None  # one of STATUSES once it ran
    message: str = ""
    concepts: tuple[str, ...] = ()  # contract names it asked `impl` for
    not_implemented: str | None = None  # the contract name it stopped at
    duration: float = 0.0
    output: str = ""
    crash: tuple[str, int, str] | None = None  # (path, line, "TypeError: ...") of the innermost frame

    @property
    def blamed(self) -> tuple[str, ...]:
        """The concepts this outcome speaks about: the missing one, or every one the test used."""
        if self.status == "not_implemented":
            return (self.not_implemented,) if self.not_implemented in CONTRACT else ()
        if self.status in ("pass", "fail", "error"):
            return tuple(name for name in self.concepts if name in CONTRACT)
        return ()


@dataclass
class ConceptStats:
    """Counts of one contract name's tests in this run."""

    name: str
    passed: int = 0
    failed: int = 0  # failed or errored
    not_implemented: int = 0
    tests: list[TestResult] = field(default_factory=list)

    @property
    def status(self) -> str:
        """fail > not_implemented > pass; "not_run" when no test of this run spoke about it."""
        if self.failed:
            return "fail"
        if self.not_implemented:
            return "not_implemented"
        return "pass" if self.passed else "not_run"


@dataclass
class NextStep:
    """The concept to work on next and how to run its tests."""

    kind: str  # "fail" (fix it), "not_implemented" (write it), "not_run" (check another page)
    concept: str | None
    page: str
    command: str
    text: list[str]  # the lines printed under the table, in the run's language


def page_of(item: pytest.Item) -> str:
    """The tutorial page marker of a test item, or "other"."""
    for page in PAGES:
        if item.get_closest_marker(page) is not None:
            return page
    return "other"


def concept_stats(tests: Iterable[TestResult]) -> dict[str, ConceptStats]:
    """Every contract name, in tutorial order, with the outcomes of the tests that spoke about it."""
    stats = {name: ConceptStats(name) for name in CONTRACT}
    for test in tests:
        for name in test.blamed:
            entry = stats[name]
            entry.tests.append(test)
            if test.status == "not_implemented":
                entry.not_implemented += 1
            elif test.status == "pass":
                entry.passed += 1
            else:
                entry.failed += 1
    return stats


def page_counts(tests: Iterable[TestResult]) -> dict[str, dict[str, int]]:
    """page -> {pass, fail, error, not_implemented, skip} over the tests that check the implementation."""
    counts: dict[str, dict[str, int]] = {}
    for test in tests:
        if test.checks_impl and test.status is not None:
            row = counts.setdefault(test.page, dict.fromkeys(STATUSES, 0))
            row[test.status] += 1
    return counts


def fact_counts(tests: Iterable[TestResult], *, meta: bool = False) -> dict[str, int]:
    """{pass, fail, error, not_implemented, skip} over the tests of torch itself (or, with meta=True,
    over the meta-tests of the spec)."""
    counts = dict.fromkeys(STATUSES, 0)
    for test in tests:
        if not test.checks_impl and test.meta == meta and test.status is not None:
            counts[test.status] += 1
    return counts


def command_for(page: str, impl_arg: str, concept: str | None = None,
                tests: Iterable[TestResult] = ()) -> str:
    """`pytest -m "cpu and PAGE" --impl FILE`, with `-k NAME` when every test of the concept names it."""
    parts = ["pytest", "-m", f'"cpu and {page}"']  # double quotes: also right in Windows shells
    names = [t.name for t in tests]
    if concept is not None and names and all(concept in n for n in names):
        parts += ["-k", concept]
    if impl_arg != "reference":
        parts += ["--impl", impl_arg if re.fullmatch(r"[\w./\\:-]+", impl_arg) else f'"{impl_arg}"']
    return " ".join(parts)


def _where(name: str, lang: str) -> str:
    return i18n.tutorial(CONTRACT[name].page, lang)


def _failure_lines(test: TestResult, lang: str, impl_file: str | None) -> list[str]:
    lines = [i18n.t("first_failure", lang, test=test.name)]
    if test.crash is not None:
        path, line, message = test.crash
        shown = message.removeprefix("Failed: ").splitlines()[:8]
        cut = next((i for i, text in enumerate(shown) if re.match(r"\s*(reproduce|复现): ", text)), None)
        shown = shown if cut is None else shown[:cut + 1]  # a check's message ends with its reproducer
        lines += [f"    {text}" for text in shown]
        if impl_file is not None and path == impl_file and not message.startswith("Failed: "):
            error = message.splitlines()[0] if message else "?"
            cell = notebook.locate(path, line)  # a notebook's module: name its cell, not the generated file
            path, line = (cell.cell_text(lang), cell.line) if cell else (path, line)
            lines.append("    " + i18n.t("raised_at", lang, error=error, path=path, line=line))
    else:
        lines += [f"    {text}" for text in test.message.splitlines()[:8]]
    return lines


def next_step(tests: list[TestResult], *, impl_arg: str, lang: str, impl_file: str | None = None) -> NextStep | None:
    """The first concept in tutorial order with a failure, else the first one not implemented, else
    the first tutorial page this run did not check; None when nothing of the learner's code ran."""
    stats = concept_stats(tests)
    ran = [s for s in stats.values() if s.status != "not_run"]
    done = sum(s.status == "pass" for s in ran)
    for s in ran:
        if s.status == "fail":
            page = CONTRACT[s.name].page
            first = next(t for t in s.tests if t.status in ("fail", "error"))
            command = command_for(page, impl_arg, s.name, s.tests)
            text = [i18n.t("next_fail", lang, name=s.name, where=_where(s.name, lang), n=s.failed),
                    *_failure_lines(first, lang, impl_file), i18n.t("run", lang, command=command)]
            return NextStep("fail", s.name, page, command, text)
    # A failing test of the implementation that no concept could be blamed for (a fixture error).
    orphan = next((t for t in tests if t.checks_impl and t.status in ("fail", "error") and not t.blamed), None)
    if orphan is not None:
        command = command_for(orphan.page, impl_arg)
        text = [i18n.t("next_fail_unattributed", lang, test=orphan.name, where=i18n.tutorial(orphan.page, lang)),
                *_failure_lines(orphan, lang, impl_file), i18n.t("run", lang, command=command)]
        return NextStep("fail", None, orphan.page, command, text)
    for s in ran:
        if s.status == "not_implemented":
            page = CONTRACT[s.name].page
            command = command_for(page, impl_arg, s.name, s.tests)
            key = "next_start" if done == 0 else "next_continue"
            text = [i18n.t(key, lang, name=s.name, where=_where(s.name, lang), done=done, total=len(ran)),
                    i18n.t("run", lang, command=command)]
            return NextStep("not_implemented", s.name, page, command, text)
    if not ran:
        return None
    pages_ran = {CONTRACT[s.name].page for s in ran}
    unrun = [p for p in dict.fromkeys(c.page for c in CONTRACT.values()) if p not in pages_ran]
    text = [i18n.t("all_done", lang, total=len(ran))]
    if not unrun:
        return NextStep("pass", None, "", "", text)
    last = max(list(PAGES).index(p) for p in pages_ran)
    page = next((p for p in unrun if list(PAGES).index(p) > last), unrun[0])
    command = command_for(page, impl_arg)
    sections = ", ".join(PAGES[p][0] for p in unrun)
    text.append(i18n.t("not_run", lang, sections=sections, command=command))
    return NextStep("not_run", None, page, command, text)


def _cell(text: object, width: int, *, right: bool = False) -> str:
    text = str(text)
    pad = " " * max(0, width - i18n.width(text))
    return pad + text if right else text + pad


def render(tests: list[TestResult], *, impl_arg: str, lang: str, impl_file: str | None = None) -> list[str]:
    """The summary's lines: the page table, the torch-facts line and the next step."""
    counts = page_counts(tests)
    facts = fact_counts(tests)
    n_facts = sum(facts.values())
    meta = fact_counts(tests, meta=True)
    if not counts and not n_facts and not sum(meta.values()):
        return []
    stats = concept_stats(tests)
    lines = [i18n.t("implementation", lang, target=impl_arg)]
    if counts:
        header = [("col_page", 16, False), ("col_section", 9, False), ("col_passed", 8, True),
                  ("col_failed", 8, True), ("col_not_impl", 11, True), ("col_skipped", 9, True),
                  ("col_concepts", 15, True)]
        lines.append("".join(_cell(i18n.t(key, lang), w, right=r) for key, w, r in header))
        for page in [*PAGES, "other"]:
            if page not in counts:
                continue
            row = counts[page]
            page_concepts = [s for s in stats.values() if CONTRACT[s.name].page == page and s.status != "not_run"]
            done = f"{sum(s.status == 'pass' for s in page_concepts)}/{len(page_concepts)}" if page_concepts else "-"
            cells = [(page, 16, False), (PAGES.get(page, ("", ""))[0], 9, False), (row["pass"], 8, True),
                     (row["fail"] + row["error"], 8, True), (row["not_implemented"], 11, True),
                     (row["skip"], 9, True), (done, 15, True)]
            lines.append("".join(_cell(v, w, right=r) for v, w, r in cells))
    if n_facts:
        lines.append(i18n.t("facts", lang, n=n_facts, passed=facts["pass"], failed=facts["fail"] + facts["error"],
                            skipped=facts["skip"] + facts["not_implemented"]))
        if facts["fail"] + facts["error"]:
            lines.append(i18n.t("facts_failed", lang))
    if sum(meta.values()):
        lines.append(i18n.t("meta", lang, n=sum(meta.values()), passed=meta["pass"],
                            failed=meta["fail"] + meta["error"], skipped=meta["skip"] + meta["not_implemented"]))
    step = next_step(tests, impl_arg=impl_arg, lang=lang, impl_file=impl_file)
    if step is not None:
        lines += ["", *step.text]
    return lines


RESULTS_KEY = pytest.StashKey["Results"]()


class Results:
    """pytest plugin: the outcome of every test of this session (one instance per config)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.lang: str = config.getoption("lang", "en") or "en"
        self.tests: dict[str, TestResult] = {}
        self.collect_errors: list[str] = []
        self.started = time.time()
        self.finished: float | None = None
        self.exitstatus: int | None = None

    # -- recording -------------------------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """A learner's run leaves out the spec's own meta-tests: they never use --impl, and they are slow.

        `pytest -m "cpu and transforms" --impl my_solution.py` would otherwise also run the transforms
        mutants. Naming `meta` in -m, or a spec/meta path, keeps them.
        """
        if self.impl_arg() == "reference" or "meta" in (config.getoption("markexpr", "") or ""):
            return
        meta_dir = Path(__file__).with_name("meta")
        if any(meta_dir in [path, *path.parents] for path in
               (Path(config.invocation_params.dir, str(arg).split("::")[0]).resolve() for arg in config.args)):
            return
        meta = [item for item in items if item.get_closest_marker("meta") is not None]
        if meta:
            config.hook.pytest_deselected(items=meta)
            items[:] = [item for item in items if item.get_closest_marker("meta") is None]

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            self.tests[item.nodeid] = TestResult(
                nodeid=item.nodeid, name=item.name, page=page_of(item),
                checks_impl="impl" in getattr(item, "fixturenames", ()),
                meta=item.get_closest_marker("meta") is not None,
                function=getattr(item, "function", None),
            )

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid or 'collection'}: {report.longreprtext[-2000:]}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        test = self.tests.get(report.nodeid)
        if test is None:
            test = self.tests[report.nodeid] = TestResult(report.nodeid, report.nodeid.split("::")[-1], "other", False)
        test.duration += report.duration
        props = dict(report.user_properties)
        if "concepts" in props:
            test.concepts = tuple(props["concepts"])
        if report.when == "call":
            test.output = (report.capstdout + report.capstderr)[-500:]
        if "not_implemented" in props:
            test.status, test.not_implemented = "not_implemented", props["not_implemented"]
            test.message = _skip_reason(report)
        elif report.failed:
            if test.status not in ("fail", "error"):  # the first failure is the one to read
                test.status = "fail" if report.when == "call" else "error"
                test.message = report.longreprtext
                crash = getattr(report.longrepr, "reprcrash", None)
                if crash is not None:
                    test.crash = (str(crash.path), int(crash.lineno), str(crash.message))
        elif report.skipped:
            if test.status is None:
                test.status, test.message = "skip", _skip_reason(report)
        elif report.when == "call" and test.status is None:
            test.status = "pass"

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
        """Not implemented is its own category: "n" in the progress line, "N not implemented" in the last
        line, and not one "SKIPPED" line per stub in -ra's short summary."""
        if report.skipped and "not_implemented" in dict(report.user_properties):
            return "not implemented", "n", "NOT IMPLEMENTED"
        return None

    # -- language --------------------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, object, object]:
        """Translates the framing of a failed check's message (outermost, so the guard's too)."""
        try:
            return (yield)
        except pytest.fail.Exception as exc:
            if exc.msg:
                exc.msg = i18n.frame(exc.msg, self.lang)
            raise

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        """Translates skip reasons ("not implemented: ...") after spec/plugin.py has written them."""
        report = yield
        if report.skipped and isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
            path, line, reason = report.longrepr
            report.longrepr = (path, line, i18n.frame(reason, self.lang))
        return report

    # -- summary ---------------------------------------------------------------------------------

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.finished = time.time()
        self.exitstatus = int(exitstatus)

    def ran(self) -> list[TestResult]:
        """The tests that ran, in run order."""
        return [t for t in self.tests.values() if t.status is not None]

    def impl_arg(self) -> str:
        return str(self.config.getoption("impl", "reference"))

    def impl_file(self) -> str | None:
        from spec.plugin import _state

        impl = _state.get("impl")
        return getattr(impl.module, "__file__", None) if impl is not None else None

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
        lines = render(self.ran(), impl_arg=self.impl_arg(), lang=self.lang, impl_file=self.impl_file())
        if not lines:
            return
        terminalreporter.section(i18n.t("pages_title", self.lang))
        for line in lines:
            terminalreporter.write_line(line)


def _skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return report.longreprtext


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    results = Results(config)
    config.stash[RESULTS_KEY] = results
    config.pluginmanager.register(results, "spec-results")
