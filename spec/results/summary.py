"""The learner's end-of-run summary: a table per tutorial page, the torch-facts line and the next step.

Tests that do not request `impl` check torch itself (tutorial facts, ERRATA.md, DRIFT.md) and are
counted apart. `--spec-lang zh|en` sets the language of the summary and of every failure, rendered from its
fields (spec/results/failure.py); spec/results/report.py writes the same results as JSON for graders
(`--spec-report`).

PYTEST_DONT_REWRITE: a plugin the launcher and check() import before pytest starts; it has no assert to rewrite.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.results import mistakes
from spec.results.advice import next_step
from spec.results.context import RunContext, lang
from spec.results.failure import Failure
from spec.results.model import TestResult, advice, concept_stats, fact_counts, page_counts
from spec.results.run import results


def _cell(text: object, width: int, *, right: bool = False) -> str:
    text = str(text)
    pad = " " * max(0, width - i18n.width(text))
    return pad + text if right else text + pad


def render(tests: list[TestResult], context: RunContext) -> list[str]:
    """The summary's lines: the page table, the torch-facts line and the next step."""
    lang = context.lang
    counts = page_counts(tests)
    facts = fact_counts(tests)
    n_facts = sum(facts.values())
    meta = fact_counts(tests, meta=True)
    if not counts and not n_facts and not sum(meta.values()):
        return []
    stats = concept_stats(tests)
    lines = [i18n.t("implementation", lang, target=context.impl_arg)]
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
    lines += [found.text(lang) for found in mistakes.notes(tests, context.impl_file)]
    step = next_step(tests, context)
    if step is not None:
        lines += ["", *step.text]
    return lines


@pytest.hookimpl(tryfirst=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> tuple[str, str, str] | None:
    """Not implemented is its own category: "n" in the progress line, "N not implemented" in the last
    line, and not one "SKIPPED" line per stub in -ra's short summary."""
    if report.skipped and "not_implemented" in dict(report.user_properties):
        return "not implemented", "n", "NOT IMPLEMENTED"
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """A failed check's message in the run's language, rendered from its fields (outermost, so the guard's too)."""
    try:
        return (yield)
    except pytest.fail.Exception as exc:
        failure = getattr(exc, "failure", None)  # spec/helpers/checks.py's SpecFailure, and the plugin's own
        if isinstance(failure, Failure):
            exc.msg = failure.render(lang(item.config))
        raise


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    lines = render(results(config).ran(), RunContext.of(config))
    if not lines:
        return
    terminalreporter.section(i18n.t("pages_title", lang(config)))
    for line in lines:
        terminalreporter.write_line(line)
