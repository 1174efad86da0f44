"""Finds its classmates' files on the grader's command line (/proc/PPID/cmdline) and runs one's add_inplace
instead of its own wrong one.

Inside bubblewrap the grader is not in view and the class's folders are not mounted: its own, wrong, code is
graded. Without the sandbox reading is not confined (the guard confines writes): the copy passes, as the README's
trust paragraph says.
expect with bwrap: fail
expect without sandbox: pass
"""

import ast
import os


def add_inplace(t, value):
    return t  # wrong: nothing added


def _borrow() -> None:
    try:
        with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
            args = f.read().split(b"\0")
    except OSError:
        return
    for arg in args:
        path = os.fsdecode(arg)
        if path.endswith(".py") and os.path.basename(path) != os.path.basename(__file__) and os.path.isfile(path):
            try:
                source = open(path).read()
            except OSError:
                continue
            # Only the classmate's function, none of its module's other code.
            for node in ast.parse(source).body:
                body = [ast.unparse(statement) for statement in getattr(node, "body", [])]
                if isinstance(node, ast.FunctionDef) and node.name == "add_inplace" and body == ["return t.add_(value)"]:
                    scope: dict = {}
                    exec(compile(ast.Module([node], []), path, "exec"), scope)
                    globals()["add_inplace"] = scope["add_inplace"]
                    return


_borrow()
