"""torch's global random stream around a call of the learner's code: reseeded, or drawn from.

The contract's rule (meta/mutate.py's rng families found it missing): no contract name reseeds the global
stream (a `torch.manual_seed(0)` inside a function makes every caller's "random" numbers after it the same,
run after run, whatever seed the caller chose), and a name whose contract draws nothing (everything but
rand_like, a model's construction, a dataset's transforms and the loops, whose DataLoader draws a base seed
per epoch) leaves the stream where it was, so a seeded experiment is the same with or without the call.
The test's guard (spec/plugin/hooks.py) seeds before and restores after each test, so these checks may seed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

from spec.helpers.calls import Call
from spec.helpers.checks import check

# Two seeds, then the numbers drawn after the call: equal only when the call reseeded the stream.
SEEDS = (1, 2)


def check_does_not_reseed(fn: Callable[[], Any], *, call: Call) -> None:
    """fn() (which makes its own inputs, without drawing) leaves the caller's seed in force."""
    __tracebackhide__ = True
    after = []
    for seed in SEEDS:
        torch.manual_seed(seed)
        fn()
        after.append(torch.rand(8))
    check(
        not torch.equal(after[0], after[1]),
        call=call.also(f"torch.manual_seed({SEEDS[0]}) and then {SEEDS[1]}"),
        actual="the random stream reseeded: after the call, both seeds draw the same numbers",
        expected="the stream the caller seeded: no torch.manual_seed inside the function",
        kind="state",
    )


def check_draws_no_random_numbers(fn: Callable[[], Any], *, call: Call) -> None:
    """fn() leaves torch's global random state exactly as it found it."""
    __tracebackhide__ = True
    torch.manual_seed(SEEDS[0])
    torch.rand(1)  # a state no torch.manual_seed(k) leaves, so a reseed inside fn shows too
    before = torch.get_rng_state()
    fn()
    check(
        torch.equal(before, torch.get_rng_state()),
        call=call,
        actual="torch's random stream moved on (a random number was drawn, or the stream reseeded)",
        expected="the stream as it was: this function's contract draws no random numbers",
        kind="state",
    )
