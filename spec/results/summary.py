"""The learner's end-of-run summary: a table per tutorial page, the torch-facts line and the next step.

Tests that do not request `impl` check torch itself (tutorial facts, ERRATA.md, DRIFT.md) and are
counted apart. `--spec-lang zh|en` sets the language of the summary and of the failure framing
(spec/i18n.py); spec/results/report.py writes the same results as JSON for graders (`--spec-report`).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.results.advice import next_step
from spec.results.model import TestResult, advice, concept_stats, fact_counts, page_counts, results


def _cell(text: object, width: int, *, right: bool = False) -> str:
    text = str(text)
    pad = " " * max(0, width - i18n.width(text))
    return pad + text if right else text + pad


def render(
    tests: list[TestResult], *, impl_arg: str, lang: str, impl_file: str | None = None, command: str = "pytest"
) -> list[str]:
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
        header = [
            ("col_page", 16, False),
            ("col_section", 9, False),
            ("col_passed", 8, True),
            ("col_failed", 8, True),
            ("col_not_impl", 11, True),
            ("col_skipped", 9, True),
            ("col_concepts", 15, True),
        ]
        lines.append("".join(_cell(i18n.t(key, lang), w, right=r) for key, w, r in header))
        for page in [*PAGES, "other"]:
            if page not in counts:
                continue
            row = counts[page]
            page_concepts = [s for s in stats.values() if CONTRACT[s.name].page == page and s.status != "not_run"]
            done = f"{sum(s.status == 'pass' for s in page_concepts)}/{len(page_concepts)}" if page_concepts else "-"
            cells = [
                (page, 16, False),
                (PAGES.get(page, ("", ""))[0], 9, False),
                (row["pass"], 8, True),
                (row["fail"] + row["error"], 8, True),
                (row["not_implemented"], 11, True),
                (row["skip"], 9, True),
                (done, 15, True),
            ]
            lines.append("".join(_cell(v, w, right=r) for v, w, r in cells))
    if n_facts:
        lines.append(
            i18n.t(
                "facts",
                lang,
                n=n_facts,
                passed=facts["pass"],
                failed=facts["fail"] + facts["error"],
                skipped=facts["skip"] + facts["not_implemented"],
            )
        )
        if facts["fail"] + facts["error"]:
            lines.append(i18n.t("facts_failed", lang))
    if sum(meta.values()):
        lines.append(
            i18n.t(
                "meta",
                lang,
                n=sum(meta.values()),
                passed=meta["pass"],
                failed=meta["fail"] + meta["error"],
                skipped=meta["skip"] + meta["not_implemented"],
            )
        )
    lines += [i18n.t("advice", lang, text=text) for text in advice(tests)]
    step = next_step(tests, impl_arg=impl_arg, lang=lang, impl_file=impl_file, command=command)
    if step is not None:
        lines += ["", *step.text]
    return lines


def lang(config: pytest.Config) -> str:
    """The run's language (--spec-lang)."""
    return config.getoption("spec_lang", "en") or "en"


def hint_command(config: pytest.Config) -> str:
    """How the learner started this run, for the `run:` and `Next:` hints: pytest, pytest --pyargs, the launcher."""
    command = config.getoption("spec_command", "pytest")
    return "pytest --pyargs spec" if command == "pytest" and config.option.pyargs else command


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    """Not implemented is its own category: "n" in the progress line, "N not implemented" in the last
    line, and not one "SKIPPED" line per stub in -ra's short summary."""
    if report.skipped and "not_implemented" in dict(report.user_properties):
        return "not implemented", "n", "NOT IMPLEMENTED"
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Translates the framing of a failed check's message (outermost, so the guard's too)."""
    try:
        return (yield)
    except pytest.fail.Exception as exc:
        if exc.msg:
            exc.msg = i18n.frame(exc.msg, lang(item.config))
        raise


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Translates skip reasons ("not implemented: ...") after spec/plugin/hooks.py has written them."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        path, line, reason = report.longrepr
        report.longrepr = (path, line, i18n.frame(reason, lang(item.config)))
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = results(config)
    lines = render(
        run.ran(), impl_arg=run.impl_arg(), lang=lang(config), impl_file=run.impl_file(), command=hint_command(config)
    )
    if not lines:
        return
    terminalreporter.section(i18n.t("pages_title", lang(config)))
    for line in lines:
        terminalreporter.write_line(line)
