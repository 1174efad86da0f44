"""exercism's results.json v3 for one submission, with the spec's extensions."""

from __future__ import annotations

from typing import Any

from spec.contract import CONTRACT
from spec.teacher.gradebook.reports import Report

_EXERCISM_OUTPUT_LIMIT = 500  # exercism: "The output must be limited to 500 chars"


def exercism_results(report: Report) -> dict[str, Any]:
    """exercism's results.json v3 for one submission.

    Per test, exercism allows only pass / fail / error: a not-implemented test is "fail" (the task is
    not done) and keeps the missing name in the extension field "not_implemented"; a skipped test
    (skipped for a reason outside the learner's code, e.g. a gpu test without CUDA) is neither, so it
    leaves "tests" for the top-level extension field "skipped" ([{name, test_id, message}]). The
    top-level extension "concepts_not_implemented" lists the concepts not implemented, in tutorial
    order; every test also keeps its pytest node id in "test_id".

    Top-level status, as exercism's interface defines it: "error" only when no test ran correctly
    (every listed test errored, or none is listed: the file does not import), with the reason as
    message; else "fail" when a listed test is not "pass", else "pass". A run that ended in an error
    after some tests finished (a timeout) is therefore "fail": the reason goes into the top-level
    extension "run_error", and into a last test "the run ended in an error" (status error) unless
    a listed test already carries it, since exercism shows a student the tests and not the extensions.
    """
    tests, skipped = [], []
    for t in report.get("tests", []):
        if t.get("status") == "skip":
            skipped.append({"name": t["name"], "test_id": t.get("test_id"), "message": t.get("message")})
            continue
        output = t.get("output")
        if output and len(output) > _EXERCISM_OUTPUT_LIMIT:
            note = "\n[output truncated to 500 characters]"
            output = output[: _EXERCISM_OUTPUT_LIMIT - len(note)] + note
        entry: dict[str, Any] = {
            "name": t["name"],
            "status": t["status"] if t.get("status") in ("pass", "fail", "error") else "fail",
            "message": t.get("message") if t.get("status") != "pass" else None,
            "output": output,
            "test_id": t.get("test_id"),
        }
        if t.get("test_code"):  # exercism: a string when present
            entry["test_code"] = t["test_code"]
        if isinstance(t.get("task_id"), int):
            entry["task_id"] = t["task_id"]
        if t.get("status") == "not_implemented":
            entry["not_implemented"] = t.get("not_implemented")
        tests.append(entry)
    run_error = None
    if report.get("status") == "error":
        run_error = report.get("message") or "the run could not check the implementation"
    if run_error is not None and all(t["status"] == "error" for t in tests):
        status = "error"
    else:
        if run_error is not None and not any(t.get("message") == run_error for t in tests):
            tests.append(
                {
                    "name": "the run ended in an error",
                    "status": "error",
                    "message": run_error,
                    "output": None,
                    "test_id": None,
                }
            )
        status = "fail" if any(t["status"] != "pass" for t in tests) else "pass"
    result: dict[str, Any] = {
        "version": 3,
        "status": status,
        "message": run_error if status == "error" else None,
        "tests": tests,
    }
    if run_error is not None and status != "error":
        result["run_error"] = run_error
    missing = {c["name"] for c in report.get("concepts", []) if c.get("status") == "not_implemented"}
    return {**result, "concepts_not_implemented": [name for name in CONTRACT if name in missing], "skipped": skipped}
