"""`python -m spec assign hw.toml`: the student's starting point and the Gradescope autograder, from one assignment.

    python -m spec assign hw.toml --kit "git+https://github.com/ORG/pytorch-basics-spec.git@v0.1.0"
        writes hw.py          a starter module: each assigned concept as a stub (spec/learner/starter.py)
    ... --notebook      also hw.ipynb   per concept: the tutorial's text (spec/passages.py: the Chinese translation
                                        and the English page), a stub
                                        cell with its signature and docstring, and a check cell; its first cell
                                        installs the kit from --kit where it is missing (Colab)
    ... --gradescope    also hw_autograder.zip   Gradescope's autograder: setup.sh installs CPU-only torch and the
                                        kit, run_autograder grades /autograder/submission against hw.toml and
                                        writes /autograder/results/results.json (docs/assignments.md)

`--kit` is what learners and Gradescope install: a pip requirement that names no file on this machine, usually a
Git URL (`git+https://HOST/OWNER/REPO.git@TAG`). Without it, the assignment's own `kit` is used, else the URL pip
recorded when the kit itself was installed from Git (PEP 610's direct_url.json). A file is never overwritten.

`python -m spec assign hw.toml --autograde ROOT` is what run_autograder runs inside Gradescope's container (ROOT is
/autograder; a test runs it in a folder laid out the same way).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

from spec import assignment, passages
from spec.assignment import Assignment
from spec.contract import LESSONS, PAGES
from spec.learner import starter

CPU_INDEX = "https://download.pytorch.org/whl/cpu"  # PyTorch's CPU-only wheels: no CUDA libraries
SUBMISSION_NAME = "submission"  # the one submission run_autograder grades: its report is <name>.json


# -- the kit's source ------------------------------------------------------------------------------------------------


def installed_from() -> str | None:
    """`git+URL@COMMIT` when this kit was installed from Git (pip's direct_url.json, PEP 610), else None."""
    try:
        text = importlib.metadata.distribution("pytorch-basics-spec").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    data = json.loads(text) if text else {}
    vcs = data.get("vcs_info") or {}
    if vcs.get("vcs") != "git" or not str(data.get("url", "")).startswith(("https://", "ssh://", "git@")):
        return None
    return f"git+{data['url']}@{vcs.get('commit_id') or vcs.get('requested_revision')}"


def check_kit(kit: str) -> str:
    """A pip requirement learners can install: a URL, never a path of this machine."""
    if not re.match(r"^(git\+)?(https|ssh)://|^pytorch-basics-spec\b", kit.split("@ ", 1)[-1].strip()):
        raise SystemExit(
            f"spec assign: --kit {kit!r} is not something a learner's machine can install: give a Git URL "
            "(git+https://github.com/ORG/pytorch-basics-spec.git@TAG) or a package on an index"
        )
    return kit if kit.startswith("pytorch-basics-spec") else f"pytorch-basics-spec @ {kit}"


# -- the tutorial's text ---------------------------------------------------------------------------------------------


def _markdown(name: str) -> str:
    """A concept's text cell: its heading, what it must do in both languages, and the tutorial's own words (the
    translation's lines and the English page's prose, spec/passages.py) with the English page's address."""
    lesson = LESSONS[name]
    zh, en = passages.passage(name, "zh"), passages.passage(name, "en")
    quoted = "\n".join(f"> {line}" for line in zh.text.splitlines())
    return (
        f"## `{name}`: {lesson.subsection} {lesson.en} / {lesson.zh}\n\n"
        f"{starter.reference_docstring(name)}\n\n{lesson.what_zh}\n\n"
        f"**{zh.location}**\n\n{quoted}\n\n"
        f"**{en.location}** ([{en.source}]({en.source})):\n\n> {en.text}"
    )


# -- the notebook and the starter ------------------------------------------------------------------------------------


def _install_cell(kit: str) -> str:
    return (
        "# Installs the kit where it is missing (Colab); elsewhere it is already there. / 在 Colab 中安装检查工具。\n"
        "import importlib.util, subprocess, sys\n\n"
        'if importlib.util.find_spec("spec") is None:\n'
        f'    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", {kit!r}])\n'
    )


def notebook(chosen: Assignment, kit: str) -> dict:
    """The assignment's notebook (nbformat 4): title, install cell, imports, then per concept: text, stub, check."""
    import nbformat  # the kit's [test]/[notebook] extra: only `spec assign --notebook` needs it

    v4 = nbformat.v4
    title = chosen.title or ", ".join(f"{PAGES[p][0]} {PAGES[p][1]}" for p in chosen.pages)
    points = ", ".join(f"`{n}` {chosen.points[n]:g}" for n in chosen.concepts)
    cells = [
        v4.new_markdown_cell(
            f"# {title}\n\n"
            "Replace each stub with your own code, run its cell, then run the check cell below it. A stub is "
            '"not implemented", never a failure.\n\n'
            "把每个桩换成你自己的代码,运行它所在的单元格,再运行下面的检查单元格。桩会被报告为“未实现”,不算失败。\n\n"
            f"Points / 分值: {points} (total / 总分 {chosen.total:g})"
        ),
        v4.new_code_cell(_install_cell(kit)),
        # No `from __future__` line: it must open a file, and a notebook's cells become one module (spec check).
        v4.new_code_cell(starter.IMPORTS.split("\n", 2)[2].strip() + "\n\nfrom spec import check"),
    ]
    nodes = starter.reference_definitions()
    for name in chosen.concepts:
        cells += [
            v4.new_markdown_cell(_markdown(name)),
            v4.new_code_cell("\n".join(starter.stub(name, nodes[name], f"{_stem(chosen)}.ipynb"))),
            v4.new_code_cell(f'check("{name}")'),
        ]
    book = v4.new_notebook(cells=cells)
    book.metadata.update(
        kernelspec={"name": "python3", "display_name": "Python 3", "language": "python"},
        language_info={"name": "python"},
        colab={"provenance": []},
    )
    nbformat.validate(book)
    return book


def _stem(chosen: Assignment) -> str:
    return chosen.path.stem if chosen.path is not None else "assignment"


# -- Gradescope ------------------------------------------------------------------------------------------------------

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu).
set -euo pipefail
apt-get install -y --no-install-recommends python3 python3-venv python3-pip
python3 -m venv /autograder/venv
# CPU-only torch first, from PyTorch's CPU index: pip then keeps it and never fetches the CUDA wheels.
/autograder/venv/bin/pip install --index-url {cpu_index} torch torchvision
/autograder/venv/bin/pip install {kit_test}
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grades /autograder/submission against source/{toml} and writes
# /autograder/results/results.json. AUTOGRADER_ROOT and SPEC_PYTHON stand in for them in a test.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PY="${{SPEC_PYTHON:-$ROOT/venv/bin/python}}"
exec "$PY" -m spec assign "$ROOT/source/{toml}" --autograde "$ROOT"
"""


def bundle(chosen: Assignment, kit: str, path: Path) -> None:
    """Gradescope's autograder zip: setup.sh, run_autograder and the assignment, at the zip's root."""
    toml = chosen.path.name if chosen.path is not None else "assignment.toml"
    files = {
        "setup.sh": SETUP_SH.format(cpu_index=CPU_INDEX, kit_test=_shell_quote(_with_extra(kit, "test"))),
        "run_autograder": RUN_AUTOGRADER.format(toml=toml),
        toml: chosen.path.read_text(encoding="utf-8") if chosen.path is not None else "",
    }
    with zipfile.ZipFile(path, "x", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if name in ("setup.sh", "run_autograder") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


def _with_extra(kit: str, extra: str) -> str:
    """`pytorch-basics-spec @ URL` -> `pytorch-basics-spec[test] @ URL`."""
    return re.sub(r"^pytorch-basics-spec(\[[^\]]*\])?", f"pytorch-basics-spec[{extra}]", kit)


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def autograde(chosen: Assignment, root: Path) -> int:
    """Inside Gradescope's container: grade ROOT/submission as one submission, write ROOT/results/results.json.

    Whatever happens, results.json is written: a run that could not grade scores 0 and says why."""
    started = time.time()
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    work = root / "work"
    shutil.rmtree(work, ignore_errors=True)
    handed_in = work / "in" / SUBMISSION_NAME
    shutil.copytree(root / "submission", handed_in, symlinks=True)
    out = work / "out"
    command = [sys.executable, "-m", "spec", "grade", str(handed_in.parent), "--out", str(out)]
    command += ["--assignment", str(chosen.path), "--gradescope", "--jobs", "1", "--force"]
    done = subprocess.run(command, cwd=handed_in, capture_output=True, text=True, check=False)
    produced = out / "gradescope" / f"{SUBMISSION_NAME}.json"
    if produced.is_file():
        shutil.copyfile(produced, results)
        return 0
    print(done.stdout[-4000:], done.stderr[-4000:], sep="\n", file=sys.stderr)  # Gradescope's stdout, for the teacher
    data = {
        "score": 0.0,
        "execution_time": round(time.time() - started),
        "output": "The autograder could not grade this submission: one .py or .ipynb file is expected "
        "(or solution.py among several). The teacher can read the autograder's log.",
        "output_format": "text",
        "tests": [],
    }
    results.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return 0


# -- the command -----------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m spec assign", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("assignment", type=Path, help="the assignment file (TOML, docs/assignments.md)")
    parser.add_argument("--kit", default=None, help="what learners and Gradescope pip-install: a Git URL. Default: "
                        "the assignment's `kit`, else the Git URL this kit was installed from")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("."), help="the folder to write into. Default: '.'")
    parser.add_argument("--notebook", action="store_true", help="also write the assignment's notebook")
    parser.add_argument("--gradescope", action="store_true", help="also write the Gradescope autograder zip")
    parser.add_argument("--autograde", type=Path, default=None, metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        chosen = assignment.load(args.assignment)
    except assignment.AssignmentError as exc:
        print(f"spec assign: {exc}", file=sys.stderr)
        return 2
    if args.autograde is not None:
        return autograde(chosen, args.autograde)
    kit = args.kit or chosen.kit or installed_from()
    if kit is None:
        print(
            "spec assign: say where learners install the kit from: --kit git+https://HOST/OWNER/REPO.git@TAG "
            "(or `kit = ...` in [assignment])",
            file=sys.stderr,
        )
        return 2
    kit = check_kit(kit)
    stem = _stem(chosen)
    targets = [args.out / f"{stem}.py"]
    targets += [args.out / f"{stem}.ipynb"] if args.notebook else []
    targets += [args.out / f"{stem}_autograder.zip"] if args.gradescope else []
    existing = [str(t) for t in targets if t.exists()]
    if existing:
        print(f"spec assign: {', '.join(existing)} already exist(s); nothing written", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with open(targets[0], "x", encoding="utf-8") as f:
        f.write(starter.render(targets[0].name, names=chosen.concepts))
    if args.notebook:
        import nbformat

        with open(args.out / f"{stem}.ipynb", "x", encoding="utf-8") as f:
            nbformat.write(notebook(chosen, kit), f)
    if args.gradescope:
        bundle(chosen, kit, args.out / f"{stem}_autograder.zip")
    print(f"spec assign: wrote {', '.join(str(t) for t in targets)} ({len(chosen.concepts)} concept(s), "
          f"{chosen.total:g} points); learners install {kit}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
