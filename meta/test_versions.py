"""Tests of spec/helpers/versions.py: which side of a version-dependent fact applies."""

from __future__ import annotations

import sys
import types

import pytest

from spec.helpers.versions import since

pytestmark = pytest.mark.meta


@pytest.mark.parametrize(
    ("installed", "release", "expected"),
    [
        ("2.10.0+cu128", "2.10", True),  # the floor itself, a CUDA build's local tag ignored
        ("2.10.0", "2.11", False),
        ("0.29.1", "0.29", True),
        ("0.28.0+cpu", "0.29", False),
        ("0.9.0", "0.29", False),  # numbers, not strings: "0.9" > "0.29" as text
        ("2.15.0.dev20260101+cpu", "2.15", True),  # a nightly counts as the release it becomes
        ("2.15.0rc1", "2.15", True),
    ],
)
def test_since_compares_release_numbers(
    monkeypatch: pytest.MonkeyPatch, installed: str, release: str, expected: bool
) -> None:
    monkeypatch.setitem(sys.modules, "fake_torch", types.SimpleNamespace(__version__=installed))
    assert since("fake_torch", release) is expected
