"""`python -m spec`: the learner's commands.

    python -m spec new my_solution.py                        # a starter module: every contract name as a stub
    python -m spec check my_solution.py -m "cpu and tensors"  # the spec on it, from any folder (.py, .ipynb)
    python -m spec check my_solution.py                      # the pages of the names it defines, quick tier
    python -m spec check my_solution.py --watch              # again on each save, warm: seconds
    python -m spec hint one_hot [--level 1|2|3] [my_solution.py]  # a hint: the tutorial, your failure, the solution

`new` exits with status 2 (and writes nothing) when FILE already exists: your work is never overwritten.
`check` exits with pytest's status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spec import __version__, assignment, i18n
from spec.contract import CONTRACT, PAGES
from spec.learner import starter

MESSAGES = {
    "exists": {
        "en": "spec new: {path} already exists; nothing written (choose another name, or delete it first)",
        "zh": "spec new:{path} 已经存在,没有写入任何内容(请换一个文件名,或者先删除它)",
    },
    "written": {
        "en": "wrote {path}: {n} stubs, each raises NotImplementedError.\n"
        "next: implement {first} (tutorial {section}), then run\n    {command}",
        "zh": "已写入 {path}:{n} 个桩,每个都抛出 NotImplementedError。\n"
        "下一步:实现 {first}(教程 {section}),然后运行\n    {command}",
    },
}


def new(path: Path, lang: str) -> int:
    """Writes the starter module to `path` unless it exists; returns the exit status."""
    if path.exists():
        print(i18n.t("exists", lang, MESSAGES, path=path), file=sys.stderr)
        return 2
    if path.suffix != ".py":
        print(f"spec new: {path} must end in .py (the starter is a Python module)", file=sys.stderr)
        return 2
    target = str(path)
    source = starter.render(target)
    with open(path, "x", encoding="utf-8") as f:  # "x": fails rather than overwrite, even in a race
        f.write(source)
    first = next(iter(CONTRACT))
    concept = CONTRACT[first]
    command = f'python -m spec check {target} -m "cpu and {concept.page}"'
    print(
        i18n.t(
            "written", lang, MESSAGES, path=path, n=len(CONTRACT), first=first, section=concept.section, command=command
        )
    )
    return 0


def version() -> str:
    """The installed distribution's version; the package's own where it is run from a checkout not installed."""
    from importlib import metadata

    try:
        return metadata.version("pytorch-basics-spec")
    except metadata.PackageNotFoundError:
        return __version__


def check_epilog() -> str:
    """`spec check --help`'s options, page markers (from spec/contract.py PAGES) and examples."""
    pages = "\n".join(f"  {marker:<14}{section}  {title}" for marker, (section, title) in PAGES.items())
    return f"""\
options (after PATH; every other option goes to pytest too):
  -m EXPR                    which tests: "cpu and transforms", "cpu and not slow", "gpu"
  -k EXPR                    tests whose names match, e.g. -k one_hot
  --spec-lang zh|en          language of the summary and failures (default: from the locale)
  --spec-report FILE         write the results as JSON (exercism's results.json v3, extended)
  --spec-threads N           torch threads (default: half the cores)
  --hypothesis-profile learner  derandomized: a failure replays exactly
  --run-all                  a notebook: run every cell in order on a Jupyter kernel first (network off)
  --watch                    stay warm and check again on each save (only the pages whose definitions changed)
  --assignment FILE          the teacher's assignment: only its concepts, at its tier

page markers (use with -m; cpu or gpu picks the device, slow adds training on real data):
{pages}

examples:
  python -m spec check my_solution.py
  python -m spec check my_solution.py --watch
  python -m spec check my_solution.py --assignment hw.toml
  python -m spec check my_solution.py -m "cpu and transforms"
  python -m spec check my_solution.py -m "cpu and transforms" -k one_hot --spec-lang zh
  python -m spec check lesson.ipynb -m "cpu and model"
  python -m spec check lesson.ipynb --run-all -m "cpu and model"
  python -m spec check my_solution.py -m cpu --spec-report results.json
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec", description="pytorch-basics-spec: tools for learners.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    p_new = commands.add_parser(
        "new",
        help="write a starter module: every contract name as a stub",
        epilog="examples:\n  python -m spec new my_solution.py\n  python -m spec new my_solution.py --spec-lang zh",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_new.add_argument("file", type=Path, help="the .py file to create (never overwritten)")
    p_new.add_argument(
        "--spec-lang",
        dest="lang",
        choices=i18n.LANGS,
        default=i18n.default_lang(),
        help="language of the messages. Default: %(default)r (from the locale)",
    )
    # The 0.1 spelling, kept working and not advertised: check and grade say --spec-lang.
    p_new.add_argument("--lang", dest="lang", choices=i18n.LANGS, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    p_check = commands.add_parser(
        "check",
        help="run the spec on a .py file, a module or a .ipynb notebook",
        description="Every option after PATH goes to pytest: -m, -k, --spec-report, ...",
        epilog=check_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_check.add_argument("path", help="the implementation: a .py file, a dotted module name or a .ipynb notebook")
    p_check.add_argument(
        "--assignment",
        type=Path,
        default=None,
        metavar="FILE",
        help="the teacher's assignment (TOML): only its concepts, at its tier. Default: spec.toml here or above",
    )
    p_check.add_argument(
        "--watch",
        action="store_true",
        help="keep a warm process and check again each time the file is saved: only the pages whose "
        "definitions changed, only the new summary (Ctrl-C to stop). Default: %(default)r",
    )
    commands.add_parser(
        "hint", help="a hint for one contract name: the tutorial, your failure, the solution", add_help=False
    )
    # grade's options are its own (python -m spec grade --help): its module imports the engine, and with it torch.
    commands.add_parser("grade", help="grade a class: each submission isolated and bounded", add_help=False)
    commands.add_parser(
        "assign", help="from an assignment file: a starter, a notebook, a Gradescope autograder", add_help=False
    )
    args, rest = parser.parse_known_args(argv)
    if args.command == "check":
        found = args.assignment or assignment.find_config()
        try:
            chosen = assignment.load(found) if found is not None else None  # a malformed file: one line, here
        except assignment.AssignmentError as exc:
            print(f"spec check: {exc}", file=sys.stderr)
            return 2
        given = [f"--spec-assignment={args.assignment.resolve()}"] if args.assignment else []
        if chosen is not None and chosen.selects and not any(a.startswith(("-m", "-k")) for a in rest):
            given += ["-m", chosen.markexpr]  # the assignment's pages and tier, not the file's own scope
        rest = [*given, *rest]
    if args.command == "check" and args.watch:
        from spec.learner import watch  # imports torch and the pages (the warm process); `new` stays light

        return watch.watch(args.path, rest)
    if args.command == "check":
        from spec.learner import check_file  # imports pytest; `new` stays light

        return check_file.check_path(args.path, rest)
    if args.command == "hint":
        from spec.learner import hint  # imports pytest (level 2 runs a check); `new` stays light

        return hint.main(rest)
    if args.command == "grade":
        from spec.teacher import grade  # imports torch (the engine's warm-up); `new` and `check` stay light

        return grade.main(rest)
    if args.command == "assign":
        from spec.teacher import assign  # imports nbformat for --notebook; `new` and `check` stay light

        return assign.main(rest)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    return new(args.file, args.lang)


if __name__ == "__main__":
    sys.exit(main())
