"""Meta-tests of the engine's parts that need no child: the events on the pipe, the ranking of reasons, and
the one pytest command line (spec/teacher/engine/, spec/plugin/command.py). The engine's runs are checked
end to end by test_grade.py and test_hostile.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spec.plugin import command
from spec.results.failure import Failure
from spec.results.model import TestResult
from spec.teacher import grade
from spec.teacher.engine import child, events, sandbox, supervise
from spec.teacher.engine.job import Job, Limits, Outcome
from spec.teacher.engine.reasons import Kind, Reason

pytestmark = pytest.mark.meta

FAILURE = Failure(
    concept="one_hot", call="one_hot(3).dtype", actual="torch.int64", expected="torch.float32", kind="dtype"
)
TEST = TestResult(
    nodeid="spec/pages/test_transforms.py::test_one_hot_is_float32",
    name="test_one_hot_is_float32",
    page="transforms",
    checks_impl=True,
    status="fail",
    message="one_hot(3).dtype=torch.int64, but should be torch.float32",
    concepts=("one_hot",),
    duration=0.25,
    crash=("spec/pages/test_transforms.py", 12, "SpecFailure: ..."),
    failure=FAILURE,
)
EVENTS = [
    events.Collected(n=3),
    events.Started(test=TEST.nodeid),
    events.Finished(test=TEST, timed_out=False),
    events.CollectError(text="spec/pages/test_x.py: SyntaxError"),
    events.ImportFailed(text="NameError: name 'torch' is not defined"),
    events.Refused(what="start a process (os.fork)"),
    events.Tampered(when="during test_x", what="spec.helpers.checks.check_equal"),
    events.Done(exit_code=1),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.KIND)
def test_every_event_comes_back_as_it_was_sent(event: events.Event) -> None:
    assert events.from_line(events.to_line(event)) == event


def test_a_finished_test_keeps_its_failure_as_data() -> None:
    back = events.from_line(events.to_line(events.Finished(test=TEST, timed_out=True)))
    assert isinstance(back, events.Finished) and back.timed_out
    assert back.test.failure == FAILURE and back.test.crash == TEST.crash and back.test.concepts == ("one_hot",)


def _finish(**changes: object) -> bytes:
    test = {**events.test_to_dict(TEST), **changes}
    return json.dumps({"event": "finish", "test": test, "timed_out": False}).encode()


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"event": "passed_everything"}',
        b'{"n": 3}',
        b'{"event": "collected"}',  # a field missing
        b'{"event": "collected", "n": 3, "extra": 1}',  # a field too many
        b'{"event": "collected", "n": "3"}',
        b'{"event": "collected", "n": true}',  # a bool is no int
        b'{"event": "done", "exit_code": 1.5}',
        b'{"event": "start", "test": null}',
        b'{"event": "finish", "test": "all passed", "timed_out": false}',
        _finish(status="passed"),
        _finish(concepts="one_hot"),
        _finish(checks_impl=1),
        _finish(crash=["file.py", "12", "Error"]),
        _finish(failure="one_hot(3).dtype=torch.int64"),
        _finish(failure={"concept": "one_hot"}),
        _finish(function="print"),
        b"[]",
        b"[" * 100_000 + b"]" * 100_000,  # deeper than json's recursion
        b'{"event": "start", "test": "\\ud800"}',  # a lone surrogate: no report could hold it
        b'{"event": "start", "test": "alice.py::test_add"}',  # a node id that names the submission's own file
        b'{"event": "start", "test": "spec/pages/../../alice.py::test_add"}',
        _finish(nodeid="alice.py::test_add"),
        _finish(nodeid="spec/pages/test_tensors.py"),
    ],
)
def test_a_malformed_line_is_rejected(line: bytes) -> None:
    with pytest.raises(events.Malformed):
        events.from_line(line)


def _running() -> supervise._Running:
    job = Job(main=Path("alice.py"), copy=Path("alice.py"))
    return supervise._Running(job, supervise._Forked(0), fd=-1, workdir=Path("/nonexistent"), test_timeout=60)


def test_a_malformed_stream_makes_the_submission_an_error_and_nothing_after_it_counts() -> None:
    state = _running()
    state.feed(events.to_line(events.Collected(n=1)) + b'{"event": "finish", "test": "all passed"}\n')
    state.feed(events.to_line(events.Finished(test=TEST, timed_out=False)))
    assert state.outcome.reason == Reason(Kind.MALFORMED, "its result stream was malformed")
    assert state.ending and state.collected and state.outcome.tests == []


def test_a_result_without_its_start_is_malformed() -> None:
    """A forged result for a test that never started (or a second one for a test that did) ends the stream."""
    state = _running()
    state.feed(
        events.to_line(events.Started(test=TEST.nodeid)) + events.to_line(events.Finished(test=TEST, timed_out=False))
    )
    assert state.outcome.reason is None and len(state.outcome.tests) == 1
    state.feed(events.to_line(events.Finished(test=TEST, timed_out=False)))
    assert state.outcome.reason == Reason(Kind.MALFORMED, "its result stream was malformed")
    assert len(state.outcome.tests) == 1


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.slow  # ~0.1-0.5 s: the quick tier keeps the named malformed lines above
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=200),
        JSON.map(lambda v: json.dumps(v).encode()),
        # a real event with one field replaced by any JSON value
        st.tuples(st.sampled_from(EVENTS), st.text(max_size=12), JSON).map(
            lambda e: json.dumps({**e[0].to_dict(), e[1]: e[2]}, default=str).encode()
        ),
    )
)
def test_any_line_is_an_event_or_makes_the_submission_an_error_never_a_crash(line: bytes) -> None:
    state = _running()
    state.feed(events.to_line(events.Started(test=TEST.nodeid)) + line.replace(b"\n", b" ") + b"\n")
    assert state.outcome.reason is None or state.outcome.reason.kind == Kind.MALFORMED


def test_an_endless_line_is_malformed() -> None:
    state = _running()
    state.feed(b"x" * (events.MAX_LINE + 1))
    assert state.outcome.reason is not None and state.outcome.reason.kind == Kind.MALFORMED


@pytest.mark.parametrize(
    ("first", "then", "reported"),
    [
        (Kind.REFUSED, Kind.WALL, Kind.REFUSED),  # the cause, not what followed from it
        (Kind.TIMED_OUT, Kind.TAMPERED, Kind.TAMPERED),
        (Kind.MEMORY, Kind.EXITED, Kind.MEMORY),
        (Kind.EXITED, Kind.KILLED, Kind.KILLED),
        (Kind.REFUSED, Kind.REFUSED, Kind.REFUSED),  # the first of a kind
    ],
)
def test_the_higher_reason_is_reported_whatever_the_order(first: Kind, then: Kind, reported: Kind) -> None:
    out = Outcome(Job(main=Path("a.py"), copy=Path("a.py")))
    out.note(Reason(first, "first"))
    out.note(Reason(then, "then"))
    assert out.reason == Reason(reported, "first" if reported == first else "then")
    assert out.error == out.reason.text


def test_a_refusal_does_not_end_the_run_and_a_timeout_does() -> None:
    state = _running()
    state.feed(events.to_line(events.Refused(what="open a network connection")))
    assert (
        not state.ending
        and state.outcome.error == "tried to open a network connection (while importing the submission)"
    )
    state.feed(
        events.to_line(events.Started(test=TEST.nodeid)) + events.to_line(events.Finished(test=TEST, timed_out=True))
    )
    assert state.ending and state.outcome.reason.kind == Kind.REFUSED


def test_an_outcome_comes_back_from_a_dask_task_as_it_was() -> None:
    out = Outcome(Job(main=Path("/c/a.py"), copy=Path("/c/a.py"), name="a"), tests=[TEST], exit_code=1)
    out.note(Reason(Kind.WALL, "ran past the wall-time limit of 900 s (during test_x)"))
    assert Outcome.from_dict(json.loads(json.dumps(out.to_dict()))) == out


def test_the_launcher_and_the_engine_share_one_command_line() -> None:
    shared = command.pytest_args("alice.py")
    assert command.learner_args("alice.py", ["-x"])[: len(shared)] == shared
    job = Job(main=Path("alice.py"), copy=Path("alice.py"), paths=["spec/pages/test_tensors.py"])
    engines = command.pytest_args("alice.py", job.paths)
    assert child.pytest_args(job, "alice.py", "/tmp/base", Limits())[: len(engines)] == engines


def test_the_engine_refuses_no_room_at_all_rather_than_waiting_for_ever() -> None:
    job = Job(main=Path("alice.py"), copy=Path("alice.py"))
    for parallel in (0, -1):
        with pytest.raises(ValueError, match="at least one"):
            supervise.run([job], parallel=parallel)
    assert supervise.run([], parallel=2) == []


def test_a_child_sees_only_the_allowed_variables() -> None:
    environ = {"PATH": "/usr/bin", "LANG": "zh_CN.UTF-8", "SECRET_TOKEN": "x", "VIRTUAL_ENV": "/v", "HOME": "/root"}
    assert child.clean_environment(environ) == {"PATH": "/usr/bin", "LANG": "zh_CN.UTF-8"}


def test_the_sandbox_shows_the_kit_read_only_and_hides_the_class_and_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "do-not-leak")
    inside_kit = command.ROOT / "meta" / "hostile"  # a class inside a read-only folder: covered
    args = sandbox.bwrap_args(tmp_path / "root", 5, "learner", hide=[inside_kit, tmp_path / "out"])
    pairs = list(zip(args, args[1:]))
    assert ("--ro-bind", str(command.ROOT)) in pairs and ("--bind", str(tmp_path / "root")) in pairs
    assert ("--tmpfs", str(inside_kit)) in pairs
    assert ("--tmpfs", str(tmp_path / "out")) not in pairs  # not mounted at all: nothing to cover
    assert "--die-with-parent" in args and "--clearenv" in args and "--unshare-net" in args
    assert not any("do-not-leak" in a or "SECRET_TOKEN" in a for a in args)
    assert [b for flag, b in pairs if flag == "--bind"] == [str(tmp_path / "root")]  # the only writable one


def test_a_command_line_pytest_refused_reads_in_pytests_own_words(tmp_path: Path) -> None:
    """A child whose pytest exits with a usage error: the report says what pytest said, not only its exit code."""
    main = tmp_path / "alice.py"
    said = "ERROR: --spec-assignment: /gone/hw.toml: [Errno 2] No such file or directory: '/gone/hw.toml'"
    out = Outcome(Job(main=main, copy=main, name="alice"), exit_code=4, log=said + "\n")
    built = grade.report_of(out, grade.Submission("alice", main, main))
    assert built["status"] == "error"
    assert built["message"].startswith("pytest exited with 4: pytest was used wrongly (usage error)")
    assert said in built["message"]
