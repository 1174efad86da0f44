"""Inside the sandbox: one warm zygote per class, and a set of namespaces of its own for each submission.

bubblewrap (engine/sandbox.py starts it) gives the zygote its own user, PID, network, IPC and mount namespaces,
a read-only view of Python, torch and the kit, a clean environment, and `/sandbox`: the engine's folder of
working copies. The zygote imports torch and the spec once (warmup.py), then for each submission the grader
sends (a JSON line and the write end of that submission's result pipe, over a SOCK_SEQPACKET socket):

    zygote --fork--> middle: unshare(mount, PID, network, IPC, UTS); /sandbox/<i> bound over /sandbox; new
                     /tmp and /dev/shm; reports its PID namespace to the grader; waits
             --fork--> init (PID 1 of the new namespace): a new /proc; drops every capability; reaps
                     --fork--> worker: engine/child.py's run_child, as a forked child runs it without the sandbox

Each submission so starts warm (a fork: ~10 ms) and sees only its own copy, its own processes and no network;
nothing it starts outlives its init (the kernel kills a PID namespace with its PID 1), which dies with the
middle (PR_SET_PDEATHSIG), which dies with the zygote, which dies with bubblewrap (--die-with-parent), which
dies with the grader. Only the submission's own result pipe is open in it. The exit status goes back up the
chain: the worker's, then the init's (128 + a signal), then the middle's (the signal itself), which the zygote
sends to the grader.
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import select
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from spec.teacher import trust
from spec.teacher.engine.child import run_child
from spec.teacher.engine.job import Job, Limits
from spec.teacher.engine.warmup import warm

INSIDE = Path("/sandbox")  # where engine/sandbox.py binds the folder of working copies
# linux/sched.h, linux/mount.h, linux/prctl.h, linux/capability.h
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWPID, CLONE_NEWNET = (
    0x20000,
    0x4000000,
    0x8000000,
    0x20000000,
    0x40000000,
)
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 0x4000, 1 << 18
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS, PR_CAP_AMBIENT = 1, 24, 38, 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
CAP_VERSION_3 = 0x20080522
LAST_CAP = 63

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _mount(source: str | None, target: str, fstype: str | None, flags: int) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), flags, None), f"mount {target}")


def _die_with_parent() -> None:
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")


def drop_capabilities() -> None:
    """No capability left, none to regain (bounding set, ambient set, no_new_privs): the submission cannot
    unmount what hides the other working copies, nor mount anything."""
    for cap in range(LAST_CAP + 1):
        _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the kernel's last capability
    _libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    header = (ctypes.c_uint32 * 2)(CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()  # effective, permitted, inheritable x 2 words: all zero
    _check(_libc.capset(header, data), "capset")


def send(sock: socket.socket, message: dict[str, Any]) -> None:
    sock.send(json.dumps(message).encode())


def _close_all_but(keep: set[int]) -> None:
    """Every inherited descriptor but `keep` closed (the zygote's socket, any stray one)."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass  # the listing's own descriptor


def _exit_as(status: int) -> None:
    """Ends this process as the init ended: killed by a signal, or with the exit code 128 + a signal that stands
    for the worker's (a PID 1 cannot kill itself), or with the worker's exit code."""
    code = os.waitstatus_to_exitcode(status)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else code - 128 if code > 128 else 0
    if sig:
        signal.signal(sig, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        os.kill(os.getpid(), sig)
    os._exit(code if code >= 0 else 70)


def _middle(
    index: int,
    message: dict[str, Any],
    fd: int,
    control: socket.socket,
    fingerprint: trust.Fingerprint,
    under_tmp: list[str],
) -> None:
    """The forked zygote child: new namespaces, the submission's own view of the files; never returns."""
    try:
        _die_with_parent()
        log = os.open(INSIDE / str(index) / "output.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(log, 1)  # what goes wrong here is in the submission's log, as the worker's own output is
        os.dup2(log, 2)
        _close_all_but({0, 1, 2, fd, control.fileno()})
        _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
        _mount(None, "/", None, MS_REC | MS_PRIVATE)
        _mount(str(INSIDE / str(index)), str(INSIDE), None, MS_BIND | MS_REC)  # its copy, and no other
        # A fresh /tmp, with the read-only folders that bubblewrap bound under the old one (a venv in /tmp)
        # bound again through descriptors opened before it hides them (the bind keeps them read-only).
        kept = {path: os.open(path, os.O_PATH) for path in under_tmp}
        _mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV)
        for path, held in kept.items():
            if os.path.isdir(f"/proc/self/fd/{held}"):
                os.makedirs(path, exist_ok=True)
            else:  # a file (the assignment): an empty one to mount it on
                os.makedirs(os.path.dirname(path), exist_ok=True)
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            _mount(f"/proc/self/fd/{held}", path, None, MS_BIND | MS_REC)
            os.close(held)
        _mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV)
        # Opened now: the init mounts the new namespace's /proc over this one (they share a mount namespace).
        spaces = os.open("/proc/self/ns", os.O_RDONLY | os.O_DIRECTORY)
        pid = os.fork()
        if pid == 0:
            control.close()
            os.close(spaces)
            _init(message, fd, fingerprint)
        os.close(fd)
        # The namespace exists once its first process does (pid_for_children reads nothing before).
        send(control, {"op": "ns", "id": index, "ns": os.readlink("pid_for_children", dir_fd=spaces)})
        control.close()
        _, status = os.waitpid(pid, 0)
        _exit_as(status)
    except BaseException as exc:  # noqa: BLE001  (the grader reads status 71 as "exited with status 71")
        os.write(2, f"sandbox: {type(exc).__name__}: {exc}\n".encode())
    os._exit(71)


def _init(message: dict[str, Any], fd: int, fingerprint: trust.Fingerprint) -> None:
    """PID 1 of the submission's namespace: its /proc, no capabilities, the worker, then every orphan reaped."""
    code = 71
    try:
        _die_with_parent()
        _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        drop_capabilities()
        worker = os.fork()
        if worker == 0:
            run_child(
                Job.from_dict(message["job"]),
                Path(message["impl"]),
                INSIDE,
                fd,
                Limits(**message["limits"]),
                fingerprint,
            )
        os.close(fd)
        while True:  # PID 1 reaps whatever the submission left; the worker's end is the submission's
            pid, status = os.waitpid(-1, 0)
            if pid == worker:
                code = 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else min(os.WEXITSTATUS(status), 127)
                break
    except BaseException as exc:  # noqa: BLE001
        os.write(2, f"sandbox init: {type(exc).__name__}: {exc}\n".encode())
    os._exit(code)  # the kernel kills the rest of the namespace


def serve(control: socket.socket, profile: str, under_tmp: list[str]) -> None:
    """The zygote's loop: warm once, then start each submission the grader sends; report each one's end."""
    warm(profile)
    fingerprint = trust.Fingerprint()  # taken here, inherited by every worker
    gc.collect()
    gc.freeze()  # see supervise.run: the warm heap stays shared, and no gc.collect walks it again
    send(control, {"op": "ready"})
    started: dict[int, int] = {}  # middle's pid -> the submission's index
    while True:
        ready, _, _ = select.select([control], [], [], 0.05)
        if ready:
            data, fds, _, _ = socket.recv_fds(control, 1 << 20, 1)
            if not data:
                return  # the grader closed its end: nothing more to do
            message = json.loads(data)
            if message["op"] == "start":
                index = int(message["id"])
                pid = os.fork()
                if pid == 0:
                    _middle(index, message, fds[0], control, fingerprint, under_tmp)
                started[pid] = index
                for fd in fds:
                    os.close(fd)
            elif message["op"] == "kill":
                for pid, index in started.items():
                    if index == message["id"]:
                        os.kill(pid, signal.SIGKILL)  # its init dies with it, and the namespace with its init
        while started:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in started:
                send(control, {"op": "exit", "id": started.pop(pid), "status": status})


def main(argv: list[str]) -> int:
    """`python -m spec.teacher.engine.zygote FD PROFILE [FOLDER...]`, as engine/sandbox.py runs it inside
    bubblewrap; the FOLDERs are its read-only folders under /tmp, to bind again on each submission's /tmp."""
    control = socket.socket(fileno=int(argv[0]))
    try:
        serve(control, argv[1], argv[2:])
    except (BrokenPipeError, ConnectionResetError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
