"""Meta-test of meta/mutate.py: each operator makes one change, and every mutant is valid Python."""

from __future__ import annotations

import ast

import pytest

from meta.mutate import mutants

pytestmark = pytest.mark.meta

SOURCE = '''
"""A docstring is not a statement to drop."""
def predict(model, x):
    model.eval()
    return model(x.detach()).argmax(dim=1) < 0 + 2
'''


def test_mutate_makes_one_change_per_operator() -> None:
    found = {
        (operator, description.split(": ", 1)[1]): ast.unparse(ast.parse(text).body[1])
        for operator, description, text in mutants(SOURCE)
    }
    assert set(found) == {
        ("stmt", "drop model.eval()"),
        ("op", "Lt -> LtE"),
        ("keyword", "drop dim=1"),
        ("call", "drop .detach()"),
        ("call", "drop .eval()"),  # `model` alone: the same as dropping the statement, but the tool does not know
        ("const", "1 -> 0"),
        ("op", "Add -> Sub"),
        ("const", "0 -> 1"),
        ("const", "2 -> -2"),
    }, sorted(found)
    assert "return model(x).argmax(dim=1) < 0 + 2" in found["call", "drop .detach()"]
    assert "return model(x.detach()).argmax() < 0 + 2" in found["keyword", "drop dim=1"]
    assert "model.eval()" not in found["stmt", "drop model.eval()"]
    assert all(text.count("def predict") == 1 for text in found.values())
