"""Why a submission is an error: a kind from a ranked table, and the words a teacher reads.

Several can happen to one submission (a refused action, then the wall-time limit; tampering, then a
crash): the one reported is the highest in `Kind`, the first of its kind when it happens twice. Nothing
decides by reading the words back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Kind(enum.IntEnum):
    """What ended a submission, or what it did that makes it an error; a lower value wins."""

    # Nothing the child says from then on can be believed.
    TAMPERED = 1  # it changed the spec's or pytest's code (spec/teacher/trust.py's fingerprint)
    MALFORMED = 2  # its result stream was not the engine's events
    # It tried what a submission may not do: the cause, more telling than what followed from it.
    REFUSED = 3  # the guard refused an action (a process, the network, a write, the reference)
    # The limits, which the parent enforces by killing the process group.
    TIMED_OUT = 4  # one test ran past its timeout
    WALL = 5  # the whole submission ran past its wall time
    MEMORY = 6
    OUTPUT = 7
    # It ended on its own before pytest did.
    KILLED = 8  # by a signal
    EXITED = 9  # with an exit status, before pytest's end


# Kinds after which the parent ends the run at once: pytest-timeout failed a test (the next ones would
# wait on it), tampering and a broken stream (what follows cannot be believed). A refusal does not: the
# refused call raised in the submission, and the tests go on.
ENDS_RUN = frozenset({Kind.TAMPERED, Kind.MALFORMED, Kind.TIMED_OUT})


@dataclass(frozen=True)
class Reason:
    """A submission's error: its kind, and the text of its report ("timed out in test_x after 60 s")."""

    kind: Kind
    text: str
    test: str | None = None  # the node id it happened in, where it is one test's (a timeout)

    def outranks(self, other: Reason | None) -> bool:
        """Whether this reason is the one to report rather than `other` (the one already noted)."""
        return other is None or self.kind < other.kind

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.name, "text": self.text, "test": self.test}

    @classmethod
    def from_dict(cls, data: Any) -> Reason | None:
        if data is None:
            return None
        test = data.get("test")
        return cls(Kind[data["kind"]], str(data["text"]), test if isinstance(test, str) else None)
