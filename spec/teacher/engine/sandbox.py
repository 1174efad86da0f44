"""The grader's side of the OS sandbox: bubblewrap around one warm zygote (engine/zygote.py) per class.

`spec grade --sandbox=auto|bwrap|none`: `bwrap` runs every submission inside bubblewrap (Debian `bubblewrap`,
Flatpak's sandbox), `none` in a forked child of the grader guarded from within (spec/teacher/trust.py), `auto`
the first where `bwrap` is installed and works, else the second, saying so in one line.

bubblewrap must exec its command, and a fresh Python that imports torch and the spec costs ~7.5 s of CPU on the
2-core box (against ~0.5 s for a forked warm child): one pre-warmed bubblewrap per submission would cost that much
each. So one bubblewrap per class holds a zygote that imports everything once and forks each submission into
namespaces of its own (zygote.py); the grader hands it the submissions one by one over a socket, with the write
end of each one's result pipe. What bubblewrap gives the whole class:
- its own user, PID, network, IPC, UTS and cgroup namespaces (not --disable-userns: the zygote's mounts of
  each submission's /proc need the class's user namespace; a submission that makes a user namespace of its own
  still cannot unmount what hides the other copies, since the kernel locks mounts it inherits);
- a read-only view of the system's /usr, Python, its packages and the kit; the class's folders and --out
  hidden under empty folders where they lie inside those;
- a private /tmp and /dev, and /sandbox: the engine's folder of working copies, the only writable place;
- an environment of the variables in child.ENVIRONMENT only;
- --die-with-parent and --new-session.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import site
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spec.teacher.engine.child import clean_environment
from spec.teacher.engine.job import Job, Limits
from spec.teacher.engine.warmup import ROOT
from spec.teacher.engine.zygote import INSIDE

MODES = ("auto", "bwrap", "none")
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64")  # read-only (merged-/usr links kept as links)
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group", "hosts")
# In the class's user namespace only: the zygote mounts each submission's view, and drops every capability
# before the submission's code runs.
CAPABILITIES = ("--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP")
READY_S = 600.0  # the zygote's warm-up on a loaded box


class SandboxError(RuntimeError):
    """bubblewrap is missing or does not start here."""


@functools.cache
def bwrap_problem() -> str | None:
    """Why bubblewrap cannot run here (not installed; user namespaces off), or None."""
    found = shutil.which("bwrap")
    if found is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        probe = subprocess.run(
            # The namespaces and capabilities bwrap_args asks for (a setuid bwrap, or user namespaces
            # restricted by AppArmor, refuse them here rather than on the class).
            [found, "--unshare-user", "--unshare-pid", "--unshare-net", *CAPABILITIES, "--ro-bind", "/", "/"]
            + ["--proc", "/proc", "--dev", "/dev", "true"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap does not start ({exc})"
    if probe.returncode != 0:
        return f"bwrap does not start here: {probe.stderr.decode(errors='replace').strip()[:200]}"
    return None


def choose(mode: str) -> str:
    """`bwrap` or `none` for `--sandbox=MODE`; SandboxError when `bwrap` is asked for and cannot run."""
    if mode == "none":
        return "none"
    problem = bwrap_problem() if sys.platform.startswith("linux") else "bubblewrap runs on Linux only"
    if problem is None:
        return "bwrap"
    if mode == "bwrap":
        raise SandboxError(f"--sandbox=bwrap: {problem}")
    print(
        f"spec grade: {problem}; grading without an OS sandbox (each submission in a guarded child process)",
        file=sys.stderr,
    )
    return "none"


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def bwrap_args(root: Path, fd: int, profile: str, hide: Iterable[Path] = (), show: Iterable[Path] = ()) -> list[str]:
    """bubblewrap's command line around the zygote: `root` (the working copies) at /sandbox, `fd` its socket;
    `hide`: folders under empty ones, `show`: files bound read-only (the assignment, wherever it lies)."""
    args = [
        shutil.which("bwrap") or "bwrap",
        "--unshare-user",
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        *CAPABILITIES,
        "--die-with-parent",
        "--new-session",
        "--clearenv",
    ]
    # The private /tmp first: a Python or kit that lives under /tmp (a venv made there) is bound on top of it.
    args += ["--tmpfs", "/tmp"]
    for name, value in {**clean_environment(), "PYTHONPATH": str(ROOT), "HOME": "/tmp"}.items():
        args += ["--setenv", name, value]
    for path in SYSTEM:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for name in ETC:
        if os.path.exists(f"/etc/{name}"):
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    readable = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, ROOT, *site.getsitepackages())}
    data = os.environ.get("FASHION_MNIST_ROOT")
    if data and os.path.isdir(data):
        readable.add(Path(data).resolve())
    bound: list[Path] = []
    for path in sorted(readable, key=lambda p: len(p.parts)):
        if (
            path.is_dir()
            and not any(_within(path, Path(s)) for s in SYSTEM)
            and not any(_within(path, b) for b in bound)
        ):
            args += ["--ro-bind", str(path), str(path)]
            bound.append(path)
    for path in sorted({Path(p).resolve() for p in hide}):
        # Inside a bound folder (meta/hostile under the kit, --out under the class): an empty folder over it.
        if path.is_dir() and any(_within(path, b) and path != b for b in bound) and not _within(ROOT, path):
            args += ["--tmpfs", str(path)]
    files = sorted({Path(p).resolve() for p in show if Path(p).is_file()})
    for path in files:  # after the hidden folders: an assignment beside the class's folders is still read
        args += ["--ro-bind", str(path), str(path)]
    args += ["--proc", "/proc", "--dev", "/dev", "--bind", str(root), str(INSIDE)]
    # Each submission gets a fresh /tmp in the zygote too: it binds these again on top of that one.
    under_tmp = [str(b) for b in [*bound, *files] if _within(b, Path("/tmp"))]
    args += ["--chdir", str(INSIDE), "--", sys.executable, "-m", "spec.teacher.engine.zygote", str(fd), profile]
    return args + under_tmp


class Zygote:
    """The class's sandbox as the supervisor sees it: start, kill and the end of each submission by its index."""

    def __init__(self, root: Path, *, profile: str, hide: Iterable[Path] = (), show: Iterable[Path] = ()) -> None:
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = tempfile.TemporaryFile()  # noqa: SIM115  (bubblewrap's and the zygote's own errors; closed in close())
        self.proc = subprocess.Popen(
            bwrap_args(root, theirs.fileno(), profile, hide, show),
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=self.log,
        )
        theirs.close()
        self.sock = mine
        self.status: dict[int, int] = {}  # index -> wait status of its middle process (zygote.py)
        self.namespaces: dict[int, str] = {}  # index -> "pid:[inode]", to find its processes in /proc

    def wait_ready(self) -> None:
        """Returns once the zygote is warm; SandboxError if it ended or never got there."""
        deadline = time.time() + READY_S
        while self._receive(timeout=1.0).get("op") != "ready":
            if self.proc.poll() is not None or time.time() > deadline:
                raise SandboxError(f"the sandbox did not start:\n{self.errors()}")

    def errors(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def fileno(self) -> int:
        return self.sock.fileno()

    def _receive(self, timeout: float | None) -> dict[str, Any]:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 16)
        except (TimeoutError, BlockingIOError):
            return {}
        if not data:
            raise SandboxError(f"the sandbox ended:\n{self.errors()}")
        message = json.loads(data)
        if message.get("op") == "exit":
            self.status[message["id"]] = message["status"]
        elif message.get("op") == "ns":
            self.namespaces[message["id"]] = message["ns"]
        return message

    def pump(self) -> None:
        """Reads what the zygote said since (called when its socket is readable)."""
        while self._receive(timeout=0):
            pass

    def start(self, index: int, job: Job, impl: str, limits: Limits) -> int:
        """Starts submission `index` (its copy in root/<index>/; `impl` its main file relative to that); the read
        end of its result pipe."""
        read, write = os.pipe()
        message = {"op": "start", "id": index, "job": job.to_dict(), "impl": str(INSIDE / impl), "limits": vars(limits)}
        socket.send_fds(self.sock, [json.dumps(message).encode()], [write])
        os.close(write)
        return read

    def poll(self, index: int) -> int | None:
        """Its wait status once it ended, else None."""
        self.pump()
        return self.status.get(index)

    def kill(self, index: int) -> None:
        self.sock.send(json.dumps({"op": "kill", "id": index}).encode())

    def wait(self, index: int, timeout: float = 30.0) -> int | None:
        deadline = time.time() + timeout
        while index not in self.status and time.time() < deadline:
            self._receive(timeout=0.2)
        return self.status.pop(index, None)

    def close(self) -> None:
        """Ends the sandbox and everything in it (bubblewrap's PID namespace dies with it)."""
        self.sock.close()
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.log.close()
