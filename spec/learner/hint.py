"""Hints on demand, in three levels: `python -m spec hint NAME [--level N] [FILE]` and `check.hint("NAME")`.

1. the tutorial's passage that teaches NAME, in the learner's language (the Chinese translation's own text with its
   section number, or the English page's), from spec/passages.py;
2. what the failing check tried, in words, with its reproduce line and the common mistake if one is recognised
   (spec/results/mistakes.py), read from the last check's report: in a notebook the last `check()`, from the
   command line a check of FILE run for NAME's page;
3. the reference implementation of NAME, only when the teacher's feedback policy allows solutions.

The policy is the assignment's `[feedback]` (spec/assignment.py): `--spec-assignment FILE`, else `spec.toml` in this
folder or a parent, else practice (hints on, solutions off). Hints off, or solutions off at level 3: one line that
says so, exit status 2.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec import assignment, i18n, passages
from spec.assignment import FeedbackPolicy
from spec.contract import CONTRACT
from spec.learner import check_live
from spec.results.failure import Failure

LEVELS = (1, 2, 3)
REFUSED = 2  # exit status: hints (or solutions) are off, or the hint cannot be given as asked


@dataclass(frozen=True)
class Hint:
    """A hint's text and the exit status it gives from the command line (0 shown, 2 refused)."""

    text: str
    status: int = 0


def policy_of(path: Path | None = None) -> tuple[FeedbackPolicy, str]:
    """The feedback policy and the file it comes from (`path`, else spec.toml found from here; "" for the default)."""
    found = path or assignment.find_config()
    return (assignment.load(found).feedback, str(found)) if found else (FeedbackPolicy(), "")


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def level_1(name: str, lang: str) -> str:
    found = passages.passage(name, lang)
    text = found.text if lang == "zh" else textwrap.fill(found.text, 100)  # the translation keeps its own lines
    return "\n".join(
        [
            i18n.t("hint_1", lang, name=name, location=found.location),
            _indent(text),
            i18n.t("hint_source", lang, source=found.source),
        ]
    )


def _speaks_of(entry: dict[str, Any], name: str) -> bool:
    return name in (entry.get("concepts") or []) or entry.get("not_implemented") == name


def level_2(name: str, lang: str, report: dict[str, Any], *, values: bool = True, command: str = "") -> str:
    """The failing check of `name` in `report` (one with a named mistake first, then one that can be replayed)."""
    entries = [e for e in report.get("tests", []) if e.get("checks_implementation") and _speaks_of(e, name)]
    failing = [e for e in entries if e.get("status") in ("fail", "error") and name in (e.get("concepts") or [])]
    if not failing:
        if any(e.get("status") == "not_implemented" and e.get("not_implemented") == name for e in entries):
            return i18n.t("hint_2_not_implemented", lang, name=name)
        if any(e.get("status") == "pass" for e in entries):
            return i18n.t("hint_2_passes", lang, name=name)
        return i18n.t("hint_2_not_run", lang, name=name, command=command or f'check("{name}")')

    def rank(entry: dict[str, Any]) -> tuple[bool, bool, bool]:
        """A check's failure (its fields say what was tried) with a mistake named, then one that can be replayed."""
        failure = entry.get("failure") or {}
        return (not failure, entry.get("mistake") is None, not failure.get("reproduce"))

    first = min(failing, key=rank)
    words = first["name"].split("[")[0].removeprefix("test_").replace("_", " ")
    lines = [i18n.t("hint_2", lang, name=name, test=words)]
    failure = Failure.from_dict(first.get("failure"))
    if failure is not None:
        lines.append(_indent(i18n.t("hint_2_call", lang, call=failure.text("call", lang))))
        if failure.situation:
            lines.append(_indent(i18n.t("hint_2_situation", lang, situation=failure.text("situation", lang))))
        if values:
            lines.append(
                _indent(
                    i18n.t(
                        "hint_2_values",
                        lang,
                        actual=failure.text("actual", lang),
                        expected=failure.text("expected", lang),
                    )
                )
            )
        if failure.reproduce:
            lines.append(_indent(i18n.t("hint_2_reproduce", lang, code=failure.reproduce)))
    else:  # an error of the learner's code, not a check's failure: its words are the check's output, not a hint's
        lines.append(_indent(i18n.t("hint_2_raised", lang, command=command or f'check("{name}")')))
    mistake = next((e["mistake"] for e in failing if e.get("mistake")), None)
    if mistake is not None:
        lines.append(_indent(mistake["message"]))
    return "\n".join(lines)


def reference_source(name: str) -> tuple[str, str]:
    """(source, file) of the reference's definition of `name`: a function or class, or a module-level value."""
    import reference  # the reference imports torch: only for level 3

    obj = getattr(reference, name)
    try:
        return textwrap.dedent(inspect.getsource(obj)), inspect.getsourcefile(obj) or ""
    except TypeError:  # a value (labels_map): its assignment in the reference's modules
        for path in sorted(Path(reference.__file__).parent.glob("*.py")):
            text = path.read_text(encoding="utf-8")
            for node in ast.parse(text).body:
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                    return ast.get_source_segment(text, node) or "", str(path)
    raise LookupError(f"reference.{name} has no source")


def level_3(name: str, lang: str) -> str:
    source, path = reference_source(name)
    return "\n".join([i18n.t("hint_3", lang, name=name, path=Path(path).name), _indent(source.rstrip())])


def hint(
    name: str,
    level: int,
    lang: str,
    policy: FeedbackPolicy,
    where: str,
    report: Callable[[], dict[str, Any] | None],
    *,
    command: str = "",
) -> Hint:
    """Hint `level` for contract name `name` under `policy`; `report()` gives level 2 its check (None: none)."""
    if name not in CONTRACT:
        return Hint(i18n.t("hint_unknown", lang, name=name, names=", ".join(CONTRACT)), REFUSED)
    if not policy.hints:
        return Hint(i18n.t("hints_off", lang, path=where or i18n.t("hint_default_policy", lang)), REFUSED)
    if level == 1:
        return Hint(level_1(name, lang))
    if level == 2:
        found = report()
        if found is None:
            return Hint(i18n.t("hint_2_needs_file", lang, name=name), REFUSED)
        return Hint(level_2(name, lang, found, values=policy.values, command=command))
    if not policy.solutions:
        return Hint(i18n.t("solutions_off", lang, path=where or i18n.t("hint_default_policy", lang)), REFUSED)
    return Hint(level_3(name, lang))


# ---------------------------------------------------------------------------------------------
# The command line and the notebook


def _quick(name: str, lang: str) -> list[str]:
    """The options of a quick check of `name`'s page, as check() runs it."""
    return [
        "-m",
        f"cpu and not slow and {CONTRACT[name].page}",
        f"--spec-lang={lang}",
        "--hypothesis-profile",
        "learner",
        "-q",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec hint", description="a hint for one contract name, in three levels"
    )
    parser.add_argument("name", help="the contract name: one_hot, train_loop, ...")
    parser.add_argument("path", nargs="?", help="your file (.py or .ipynb): level 2 checks NAME's page on it")
    parser.add_argument("--impl", dest="impl", default=None, help="the same as PATH. Default: %(default)r")
    parser.add_argument(
        "--level",
        type=int,
        choices=LEVELS,
        default=1,
        help="1 the tutorial, 2 your failure, 3 the solution. Default: %(default)r",
    )
    parser.add_argument(
        "--spec-lang", choices=i18n.LANGS, default=i18n.default_lang(), help="Default: %(default)r (from the locale)"
    )
    parser.add_argument(
        "--spec-assignment", type=Path, default=None, help="the assignment file. Default: spec.toml here or above"
    )
    args = parser.parse_intermixed_args(argv)
    lang, path = args.spec_lang, args.path or args.impl
    try:
        policy, where = policy_of(args.spec_assignment)
    except assignment.AssignmentError as exc:
        print(f"spec hint: {exc}", file=sys.stderr)
        return REFUSED

    def report() -> dict[str, Any] | None:
        if path is None:
            return None
        target = str(Path(path).resolve()) if path.endswith((".py", ".ipynb")) else path
        return check_live.run(target, _quick(args.name, lang), name=args.name).report

    found = hint(args.name, args.level, lang, policy, where, report, command=f"python -m spec check {path or 'FILE'}")
    print(found.text, file=sys.stdout if found.status == 0 else sys.stderr)
    return found.status


def live(name: str, level: int = 1, *, lang: str | None = None) -> None:
    """`check.hint("one_hot", level=2)` in a notebook: level 2 reads the last check() that checked `name`
    (or runs one)."""
    lang = lang or i18n.default_lang()
    policy, where = policy_of()

    def report() -> dict[str, Any]:
        last = check_live.last_result()
        if last is not None and any(_speaks_of(e, name) for e in last.report.get("tests", [])):
            return last.report
        return check_live.check(name, lang=lang, display=False).report

    print(hint(name, level, lang, policy, where, report, command=f'check("{name}")').text)
