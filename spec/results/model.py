"""The result model of a run: what each test did, and the counts per concept, page and kind of test.

`Results` records every test's outcome with the contract names it asked `impl` for (spec/plugin/hooks.py
puts them in the report's user_properties); spec/results/advice.py says what to do next, spec/results/summary.py
prints the run's table and spec/results/report.py writes the same results as JSON.

PYTEST_DONT_REWRITE: a plugin the launcher and check() import before pytest starts; it has no assert to rewrite.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest

from spec.contract import CONTRACT, PAGES
from spec.results import run
from spec.results.failure import Failure
from spec.results.run import RESULTS_KEY, results  # noqa: F401 (results: the accessor, also read from here)

STATUSES = ("pass", "fail", "error", "not_implemented", "skip")  # a test's (a concept's: spec/results/status.py)


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
    failure: Failure | None = None  # the failed check as data (spec/results/failure.py), when a check failed
    advice: str | None = None  # a remark for the learner that is not a failure (spec.helpers.recorders.advise)

    def __post_init__(self) -> None:
        if not isinstance(self.failure, Failure):  # as streamed between processes (the grader): to_dict()'s fields
            self.failure = Failure.from_dict(self.failure)

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


def page_of(item: pytest.Item) -> str:
    """The tutorial page marker of a test item; "other" for none, or for a test of every page
    (spec/pages/test_import.py)."""
    pages = [page for page in PAGES if item.get_closest_marker(page) is not None]
    return pages[0] if len(pages) == 1 else "other"


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


def advice(tests: Iterable[TestResult]) -> list[str]:
    """Each remark of the run once, in run order."""
    return list(dict.fromkeys(t.advice for t in tests if t.advice))


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


def classify(report: pytest.TestReport) -> str | None:
    """One phase's outcome as one of STATUSES; None for a setup or teardown that passed (nothing to say)."""
    if "not_implemented" in dict(report.user_properties):
        return "not_implemented"
    if report.failed:
        return "fail" if report.when == "call" else "error"
    if report.skipped:
        return "skip"
    return "pass" if report.when == "call" else None


def checks_impl(item: pytest.Item) -> bool:
    """A test of the learner's code: it requests the `impl` fixture (the others check torch itself, the
    tutorial's errata and drift, or the reference)."""
    return "impl" in getattr(item, "fixturenames", ())


class Results:
    """pytest plugin: the outcome of every test of this session (one instance per config)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.tests: dict[str, TestResult] = {}
        self.collect_errors: list[str] = []
        self.started = time.time()
        self.finished: float | None = None

    # -- recording -------------------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            self.tests[item.nodeid] = TestResult(
                nodeid=item.nodeid,
                name=item.name,
                page=page_of(item),
                checks_impl=checks_impl(item),
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
        if "advice" in props:
            test.advice = props["advice"]
        if report.when == "call":
            test.output = (report.capstdout + report.capstderr)[-500:]
        status = classify(report)
        if status == "not_implemented":
            test.status, test.not_implemented = status, props["not_implemented"]
            test.message = _skip_reason(report)
        elif status in ("fail", "error"):
            if test.status not in ("fail", "error"):  # the first failure is the one to read
                test.status = status
                test.message = report.longreprtext
                test.failure = Failure.from_dict(props.get("failure"))
                crash = getattr(report.longrepr, "reprcrash", None)
                if crash is not None:
                    test.crash = (str(crash.path), int(crash.lineno), str(crash.message))
        elif status == "skip":
            if test.status is None:
                test.status, test.message = status, _skip_reason(report)
        elif status == "pass" and test.status is None:
            test.status = status

    @pytest.hookimpl(tryfirst=True)  # before the report's own sessionfinish, which writes the run's duration
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.finished = time.time()

    def ran(self) -> list[TestResult]:
        """The tests that ran, in run order."""
        return [t for t in self.tests.values() if t.status is not None]

    def impl_arg(self) -> str:
        return str(self.config.getoption("impl", "reference"))

    def impl_file(self) -> str | None:
        return run.impl_file(self.config)


def _skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return report.longreprtext


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    recorder = Results(config)
    config.stash[RESULTS_KEY] = recorder
    config.pluginmanager.register(recorder, "spec-results")
