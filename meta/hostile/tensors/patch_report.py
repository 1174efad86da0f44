"""Patches pytest's TestReport.from_item_and_call so that every test reports a pass.

expect: error _pytest.reports.TestReport.from_item_and_call
"""
from _pytest.reports import TestReport

_original = TestReport.from_item_and_call.__func__


def _always_pass(cls, item, call):
    report = _original(cls, item, call)
    report.outcome = "passed"
    report.longrepr = None
    return report


TestReport.from_item_and_call = classmethod(_always_pass)


def add_inplace(t, value):
    return t  # wrong, and would be reported as passing
