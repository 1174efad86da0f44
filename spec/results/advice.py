"""What the learner should do next: the first concept in tutorial order with a failing test, else the
first one not implemented, else a tutorial page this run did not check, with the command that runs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spec import i18n
from spec.contract import CONTRACT, PAGES
from spec.loading import notebook
from spec.results.model import TestResult, concept_stats


@dataclass
class NextStep:
    """The concept to work on next and how to run its tests."""

    kind: str  # "fail" (fix it), "not_implemented" (write it), "not_run" (check another page)
    concept: str | None
    page: str
    command: str
    text: list[str]  # the lines printed under the table, in the run's language


def command_for(
    page: str, impl_arg: str, concept: str | None = None, tests: Iterable[TestResult] = (), command: str = "pytest"
) -> str:
    """`pytest -m "cpu and PAGE" --impl FILE`, with `-k NAME` when every test of the concept names it.

    `command` is how the run was started: "pytest" (in this checkout), or the launcher's
    `python -m spec check FILE`, which names the implementation itself.
    """
    parts = [command, "-m", f'"cpu and {page}"']  # double quotes: also right in Windows shells
    names = [t.name for t in tests]
    if concept is not None and names and all(concept in n for n in names):
        parts += ["-k", concept]
    if command.startswith("pytest") and impl_arg != "reference":
        parts += ["--impl", impl_arg if re.fullmatch(r"[\w./\\:-]+", impl_arg) else f'"{impl_arg}"']
    return " ".join(parts)


def cause(test: TestResult, impl_file: str | None) -> str:
    """A key shared by failures that look like one cause: the same error at the same line of the learner's
    file, or the same message once numbers, quoted text and tensor values are blanked out."""
    if test.crash is not None:
        path, line, message = test.crash
        if impl_file is not None and path == impl_file and not message.startswith("Failed: "):
            return f"{path}:{line}:{message.split(':')[0]}"
        text = message.removeprefix("Failed: ")
    else:
        text = test.message
    first = text.splitlines()[0] if text else test.name
    first = first.split("=", 1)[-1]  # the call before "=" differs from test to test; what it gave does not
    first = re.sub(r"tensor\(.*?\)(?=,|$| but)", "tensor(...)", first)
    first = re.sub(r"'[^']*'|\"[^\"]*\"", "'...'", first)
    return re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "#", first)


def _most_informative(tests: list[TestResult]) -> TestResult:
    """A check's own message with a reproduce line beats a raw exception; then the shortest message."""

    def rank(test: TestResult) -> tuple[int, int]:
        own = test.crash is not None and test.crash[2].startswith("Failed: ")
        return (0 if own and "reproduce: " in test.crash[2] else 1 if own else 2, len(test.message))

    return min(tests, key=rank)


def _where(name: str, lang: str) -> str:
    return i18n.tutorial(CONTRACT[name].page, lang)


def _failure_lines(test: TestResult, lang: str, impl_file: str | None) -> list[str]:
    lines = [i18n.t("first_failure", lang, test=test.name)]
    if test.crash is not None:
        path, line, message = test.crash
        shown = message.removeprefix("Failed: ").splitlines()[:8]
        cut = next((i for i, text in enumerate(shown) if re.match(r"\s*(reproduce|复现): ", text)), None)
        shown = shown if cut is None else shown[: cut + 1]  # a check's message ends with its reproducer
        lines += [f"    {text}" for text in shown]
        if impl_file is not None and path == impl_file and not message.startswith("Failed: "):
            error = message.splitlines()[0] if message else "?"
            cell = notebook.locate(path, line)  # a notebook's module: name its cell, not the generated file
            path, line = (cell.cell_text(lang), cell.line) if cell else (path, line)
            lines.append("    " + i18n.t("raised_at", lang, error=error, path=path, line=line))
    else:  # the spec's headline (spec/plugin/hooks.py puts it first), without the traceback that follows it
        headline = test.message.split("\n\n", 1)[0]
        lines += [f"    {text}" for text in headline.splitlines()[:8]]
    return lines


def next_step(
    tests: list[TestResult], *, impl_arg: str, lang: str, impl_file: str | None = None, command: str = "pytest"
) -> NextStep | None:
    """The first concept in tutorial order with a failure, else the first one not implemented, else
    the first tutorial page this run did not check; None when nothing of the learner's code ran."""
    stats = concept_stats(tests)
    ran = [s for s in stats.values() if s.status != "not_run"]
    done = sum(s.status == "pass" for s in ran)
    for s in ran:
        if s.status == "fail":
            page = CONTRACT[s.name].page
            failing = [t for t in s.tests if t.status in ("fail", "error")]
            groups: dict[str, list[TestResult]] = {}
            for test in failing:
                groups.setdefault(cause(test, impl_file), []).append(test)
            biggest = max(groups.values(), key=len)  # the first of equals: tutorial order
            run = command_for(page, impl_arg, s.name, s.tests, command)
            text = [
                i18n.t("next_fail", lang, name=s.name, where=_where(s.name, lang), n=s.failed),
                *_failure_lines(_most_informative(biggest), lang, impl_file),
            ]
            if len(biggest) > 1:
                text.append(i18n.t("same_cause", lang, n=len(biggest) - 1, name=s.name))
            text.append(i18n.t("run", lang, command=run))
            return NextStep("fail", s.name, page, run, text)
    # A failing test of the implementation that no concept could be blamed for (a fixture error).
    orphan = next((t for t in tests if t.checks_impl and t.status in ("fail", "error") and not t.blamed), None)
    if orphan is not None:
        run = command_for(orphan.page, impl_arg, command=command)
        text = [
            i18n.t("next_fail_unattributed", lang, test=orphan.name, where=i18n.tutorial(orphan.page, lang)),
            *_failure_lines(orphan, lang, impl_file),
            i18n.t("run", lang, command=run),
        ]
        return NextStep("fail", None, orphan.page, run, text)
    for s in ran:
        if s.status == "not_implemented":
            page = CONTRACT[s.name].page
            run = command_for(page, impl_arg, s.name, s.tests, command)
            key = "next_start" if done == 0 else "next_continue"
            text = [
                i18n.t(key, lang, name=s.name, where=_where(s.name, lang), done=done, total=len(ran)),
                i18n.t("run", lang, command=run),
            ]
            return NextStep("not_implemented", s.name, page, run, text)
    if not ran:
        return None
    pages_ran = {CONTRACT[s.name].page for s in ran}
    unrun = [p for p in dict.fromkeys(c.page for c in CONTRACT.values()) if p not in pages_ran]
    text = [i18n.t("all_done", lang, total=len(ran))]
    if not unrun:
        return NextStep("pass", None, "", "", text)
    last = max(list(PAGES).index(p) for p in pages_ran)
    page = next((p for p in unrun if list(PAGES).index(p) > last), unrun[0])
    run = command_for(page, impl_arg, command=command)
    sections = ", ".join(PAGES[p][0] for p in unrun)
    text.append(i18n.t("not_run", lang, sections=sections, command=run))
    return NextStep("not_run", None, page, run, text)
