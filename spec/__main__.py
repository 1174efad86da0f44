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

from spec import assignment, i18n
from spec.contract import CONTRACT
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
        print(MESSAGES["exists"][lang].format(path=path), file=sys.stderr)
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
        MESSAGES["written"][lang].format(
            path=path, n=len(CONTRACT), first=first, section=concept.section, command=command
        )
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m spec", description="pytorch-basics-spec: tools for learners.")
    commands = parser.add_subparsers(dest="command", required=True)
    p_new = commands.add_parser("new", help="write a starter module: every contract name as a stub")
    p_new.add_argument("file", type=Path, help="the .py file to create (never overwritten)")
    p_new.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default=i18n.default_lang(),
        help="language of the messages. Default: %(default)r (from the locale)",
    )
    p_check = commands.add_parser(
        "check",
        help="run the spec on a .py file, a module or a .ipynb notebook",
        description="Every option after PATH goes to pytest: -m, -k, --spec-report, ...",
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
