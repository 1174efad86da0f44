"""What a submission's child tells the parent: typed events, one JSON line each over a pipe.

The child writes `event.to_dict()`; the parent rebuilds it with `from_line`, which checks the kind and the
type of every field and raises `Malformed` for anything else. The pipe runs through the submission's own
process, so what comes back is validated like any input: a line that is not one of these events makes the
submission an error ("its result stream was malformed"), never a crash of the grader.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar, get_type_hints

from spec.results.failure import Failure
from spec.results.model import STATUSES, TestResult

MAX_LINE = 32 * 2**20  # bytes: a longer line is no event of ours
# A test's node id as pytest gives it for the packaged spec: a page module, a test (in a class or not), its
# parameters. The parent never imports by a node id; it only looks one up among the page modules it imported.
NODEID = re.compile(r"spec/pages/test_[a-z0-9_]+\.py(::[A-Za-z_][A-Za-z0-9_]*){1,2}(\[[^\n]*\])?")


class Malformed(ValueError):
    """A line on the pipe that is not one of the events below."""


@dataclass(frozen=True)
class Event:
    """One message of the child; `KIND` is its name on the wire, the fields its payload."""

    KIND: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.KIND, **{f.name: getattr(self, f.name) for f in dataclasses.fields(self)}}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """The event of these fields; Malformed unless there are exactly these fields, each of its type."""
        hints = get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        if set(data) != {"event", *names}:
            raise Malformed(f"{cls.KIND}: fields {sorted(data)}, but should be {sorted(names)}")
        for name in names:
            if not _is(data[name], hints[name]):
                raise Malformed(f"{cls.KIND}: {name}={data[name]!r} is not {hints[name].__name__}")
        return cls(**{name: data[name] for name in names})


@dataclass(frozen=True)
class Collected(Event):
    """pytest collected the tests (the submission imported, and nothing was tampered with so far)."""

    KIND: ClassVar[str] = "collected"
    n: int


@dataclass(frozen=True)
class Started(Event):
    """A test began (the parent times it)."""

    KIND: ClassVar[str] = "start"
    test: str  # its node id

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Started:
        event = super().from_dict(data)
        assert isinstance(event, Started)
        if not NODEID.fullmatch(event.test):
            raise Malformed(f"start: {event.test!r:.80} is not a node id of the spec")
        return event


@dataclass(frozen=True)
class Finished(Event):
    """A test ended: what it did (spec/results/model.py), and whether pytest-timeout ended it."""

    KIND: ClassVar[str] = "finish"
    test: TestResult
    timed_out: bool

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.KIND, "test": test_to_dict(self.test), "timed_out": self.timed_out}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finished:
        if set(data) != {"event", "test", "timed_out"} or not isinstance(data["timed_out"], bool):
            raise Malformed(f"finish: fields {sorted(data)}")
        return cls(test_from_dict(data["test"]), data["timed_out"])


@dataclass(frozen=True)
class CollectError(Event):
    """A spec module did not collect."""

    KIND: ClassVar[str] = "collect_error"
    text: str


@dataclass(frozen=True)
class ImportFailed(Event):
    """The submission did not import (spec/plugin/hooks.py's message)."""

    KIND: ClassVar[str] = "import_error"
    text: str


@dataclass(frozen=True)
class LeftOut(Event):
    """A notebook cell left out (it does not parse, or raised when loaded): "lesson.ipynb, cell 3, line 2: ..."."""

    KIND: ClassVar[str] = "left_out"
    text: str


@dataclass(frozen=True)
class Refused(Event):
    """The guard (spec/teacher/trust.py) refused an action: "start a process (os.fork)"."""

    KIND: ClassVar[str] = "refused"
    what: str


@dataclass(frozen=True)
class Tampered(Event):
    """The spec's or pytest's code changed; the child exits right after saying so."""

    KIND: ClassVar[str] = "tampered"
    when: str  # "after importing the submission", "during test_x"
    what: str  # the changed names


@dataclass(frozen=True)
class Done(Event):
    """pytest.main returned."""

    KIND: ClassVar[str] = "done"
    exit_code: int


KINDS: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (Collected, Started, Finished, CollectError, ImportFailed, LeftOut, Refused, Tampered, Done)
}


def to_line(event: Event) -> bytes:
    return (json.dumps(event.to_dict(), ensure_ascii=False) + "\n").encode()


def from_line(line: bytes) -> Event:
    """The event of one line of the pipe; Malformed for anything else."""
    try:
        data = json.loads(line)
        # A lone surrogate ("\\ud800") is valid JSON, but no report could be written with it.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError) as exc:  # also a UnicodeDecodeError/UnicodeEncodeError; 10**5 brackets
        raise Malformed(f"not JSON: {line[:80]!r}") from exc
    if not isinstance(data, dict) or data.get("event") not in KINDS:
        raise Malformed(f"not an event: {line[:80]!r}")
    return KINDS[data["event"]].from_dict(data)


# -- a test's result on the wire ------------------------------------------------------------------------


def test_to_dict(test: TestResult) -> dict[str, Any]:
    """A TestResult's fields for JSON: its Failure as Failure.to_dict(), without the test function (the
    parent looks that up itself)."""
    data = {f.name: getattr(test, f.name) for f in dataclasses.fields(test) if f.name != "function"}
    data["failure"] = test.failure.to_dict() if test.failure is not None else None
    return data


def test_from_dict(data: Any) -> TestResult:
    """The TestResult of test_to_dict's fields, each checked; Malformed for anything else."""
    if not isinstance(data, dict):
        raise Malformed(f"a test's result is {type(data).__name__}, not an object")
    names = {f.name for f in dataclasses.fields(TestResult)} - {"function"}
    if set(data) != names:
        raise Malformed(f"a test's result has fields {sorted(data)}")
    for name, kind in _TEST_FIELDS.items():
        if not _is(data[name], kind):
            raise Malformed(f"a test's {name}={data[name]!r:.80} is not {getattr(kind, '__name__', kind)}")
    if data["status"] not in (*STATUSES, None):
        raise Malformed(f"a test's status={data['status']!r}")
    if not NODEID.fullmatch(data["nodeid"]):
        raise Malformed(f"a test's nodeid={data['nodeid']!r:.80} is not a node id of the spec")
    crash = data["crash"]
    if crash is not None and not (
        isinstance(crash, (list, tuple))
        and len(crash) == 3
        and _is(crash[0], str)
        and _is(crash[1], int)
        and _is(crash[2], str)
    ):
        raise Malformed(f"a test's crash={crash!r:.80}")
    failure = Failure.from_dict(data["failure"])
    if data["failure"] is not None and failure is None:
        raise Malformed(f"a test's failure={data['failure']!r:.80}")
    return TestResult(
        **{
            **data,
            "concepts": tuple(data["concepts"]),
            "crash": tuple(crash) if crash is not None else None,
            "failure": failure,
        }
    )


# The checked type of each plain field (crash and failure are checked above).
_TEST_FIELDS: dict[str, Any] = {
    "nodeid": str,
    "name": str,
    "page": str,
    "checks_impl": bool,
    "meta": bool,
    "status": (str, None),
    "message": str,
    "concepts": (list, str),
    "not_implemented": (str, None),
    "duration": float,
    "output": str,
    "advice": (str, None),
}


def _is(value: Any, kind: Any) -> bool:
    """`value` is of `kind`: a type (bool is no int, an int is a float), (T, None) for optional, (list, T)
    for a list of T."""
    if isinstance(kind, tuple):
        if kind[1] is None:
            return value is None or _is(value, kind[0])
        return isinstance(value, (list, tuple)) and all(_is(v, kind[1]) for v in value)
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, kind)
