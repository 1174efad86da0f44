"""What the learner should do next: the first concept in tutorial order with a failing test, else the
first one not implemented, else a tutorial page this run did not check, with the command that runs it.

A failing check is shown from its fields (spec/results/failure.py), in the run's language; a raw error of the
learner's code (not a check's failure) by its exception and the line of their file that raised it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.loading import notebook
from spec.results import mistakes
from spec.results.context import RunContext
from spec.results.failure import rank_of
from spec.results.model import TestResult, concept_stats


@dataclass
class NextStep:
    """The concept to work on next and how to run its tests."""

    kind: str  # "fail" (fix it), "not_implemented" (write it), "not_run" (check another page)
    concept: str | None
    page: str
    command: str
    text: list[str]  # the lines printed under the table, in the run's language


def command_for(page: str, context: RunContext, concept: str | None = None, tests: Iterable[TestResult] = ()) -> str:
    """`pytest -m "cpu and PAGE" --impl FILE`, with `-k NAME` when every test of the concept names it.

    The context's command is how the run was started: "pytest" (in this checkout), or the launcher's
    `python -m spec check FILE`, which names the implementation itself.
    """
    command, impl_arg = context.command, context.impl_arg
    parts = [command, "-m", f'"cpu and {page}"']  # double quotes: also right in Windows shells
    names = [t.name for t in tests]
    if concept is not None and names and all(concept in n for n in names):
        parts += ["-k", concept]
    if command.startswith("pytest") and impl_arg != "reference":
        parts += ["--impl", impl_arg if re.fullmatch(r"[\w./\\:-]+", impl_arg) else f'"{impl_arg}"']
    return " ".join(parts)


def cause(test: TestResult) -> str:
    """A key shared by failures that look like one cause: a check's failure by what it found (its concept,
    the kind of difference, what was expected and in which situation); a raw error by where it was raised
    and its type."""
    failure = test.failure
    if failure is not None:
        return "\0".join(("check", failure.concept, failure.kind, failure.expected, failure.situation))
    if test.crash is not None:
        path, line, message = test.crash
        return "\0".join(("raised", path, str(line), message.split(":")[0]))
    return "\0".join(("test", test.nodeid))


def root_cause(test: TestResult) -> int:
    """Where a failing test's failure stands in the root-cause order (spec/results/failure.py ROOT_CAUSE_ORDER):
    inputs changed, then type, shape, dtype and device, then values; a failure not carried as data last."""
    return rank_of(test.failure)


def _most_informative(tests: list[TestResult]) -> TestResult:
    """The root cause first; then a check's failure with a reproduce line beats one without, which beats a raw
    exception; then the shortest message."""

    def rank(test: TestResult) -> tuple[int, int, int]:
        failure = test.failure
        return (root_cause(test), 2 if failure is None else 0 if failure.reproduce else 1, len(test.message))

    return min(tests, key=rank)


def _where(name: str, lang: str) -> str:
    return i18n.tutorial(CONTRACT[name].page, lang)


def _failure_lines(test: TestResult, context: RunContext) -> list[str]:
    lang, impl_file = context.lang, context.impl_file
    lines = [i18n.t("first_failure", lang, test=test.name)]
    if test.failure is not None:  # a check's failure: its headline, reproduce line and raised error, from the fields
        shown = test.failure.lines(lang, values=context.assignment.feedback.values)
        lines += [f"    {text}" for text in shown[:8]]
    elif test.crash is not None:
        path, line, message = test.crash
        lines += [f"    {text}" for text in message.removeprefix("Failed: ").splitlines()[:8]]
        if impl_file is not None and path == impl_file:
            error = message.splitlines()[0] if message else "?"
            cell = notebook.locate(path, line)  # a notebook's module: name its cell, not the generated file
            path, line = (cell.cell_text(lang), cell.line) if cell else (path, line)
            lines.append("    " + i18n.t("raised_at", lang, error=error, path=path, line=line))
    else:  # pytest's own report (a fixture error), without the traceback that follows its first paragraph
        headline = test.message.split("\n\n", 1)[0]
        lines += [f"    {text}" for text in headline.splitlines()[:8]]
    return lines


def next_step(tests: list[TestResult], context: RunContext) -> NextStep | None:
    """The first concept in tutorial order with a failure, else the first one not implemented, else
    the first tutorial page this run did not check; None when nothing of the learner's code ran."""
    lang = context.lang
    stats = concept_stats(tests)
    ran = [s for s in stats.values() if s.status != "not_run"]
    done = sum(s.status == "pass" for s in ran)
    for s in ran:
        if s.status == "fail":
            page = CONTRACT[s.name].page
            failing = [t for t in s.tests if t.status in ("fail", "error")]
            groups: dict[str, list[TestResult]] = {}
            for test in failing:
                groups.setdefault(cause(test), []).append(test)
            # The root cause first (a changed input before the wrong values it explains), then the biggest group,
            # then the first of equals: run order.
            first = min(groups.values(), key=lambda g: (min(map(root_cause, g)), -len(g)))
            run = command_for(page, context, s.name, s.tests)
            text = [
                i18n.t("next_fail", lang, name=s.name, where=_where(s.name, lang), n=s.failed),
                *_failure_lines(_most_informative(first), context),
                *[f"    {found.text(lang)}" for found in mistakes.recognise_all(failing, context.impl_file)],
            ]
            if len(first) > 1:
                text.append(i18n.t("same_cause", lang, n=len(first) - 1, name=s.name))
            text.append(i18n.t("run", lang, command=run))
            return NextStep("fail", s.name, page, run, text)
    # A failing test of the implementation that no concept could be blamed for (a fixture error).
    orphan = next((t for t in tests if t.checks_impl and t.status in ("fail", "error") and not t.blamed), None)
    if orphan is not None:
        run = command_for(orphan.page, context)
        text = [
            i18n.t("next_fail_unattributed", lang, test=orphan.name, where=i18n.tutorial(orphan.page, lang)),
            *_failure_lines(orphan, context),
            i18n.t("run", lang, command=run),
        ]
        return NextStep("fail", None, orphan.page, run, text)
    for s in ran:
        if s.status == "not_implemented":
            page = CONTRACT[s.name].page
            run = command_for(page, context, s.name, s.tests)
            key = "next_start" if done == 0 else "next_continue"
            text = [
                i18n.t(key, lang, name=s.name, where=_where(s.name, lang), done=done, total=len(ran)),
                i18n.t("run", lang, command=run),
            ]
            return NextStep("not_implemented", s.name, page, run, text)
    if not ran:
        return None
    pages_ran = {CONTRACT[s.name].page for s in ran}
    assigned = dict.fromkeys(CONTRACT[c].page for c in context.assignment.concepts)  # every page, unless assigned
    unrun = [p for p in assigned if p not in pages_ran]
    text = [i18n.t("all_done", lang, total=len(ran))]
    if not unrun:
        return NextStep("pass", None, "", "", text)
    last = max(list(PAGES).index(p) for p in pages_ran)
    page = next((p for p in unrun if list(PAGES).index(p) > last), unrun[0])
    run = command_for(page, context)
    sections = ", ".join(PAGES[p][0] for p in unrun)
    text.append(i18n.t("not_run", lang, sections=sections, command=run))
    return NextStep("not_run", None, page, run, text)
