"""What the submissions' processes use, read from Linux /proc (nothing elsewhere): memory, and who is whose."""

from __future__ import annotations

import contextlib
import ctypes
import os
from pathlib import Path

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PR_SET_CHILD_SUBREAPER = 36


def vm_bytes(pid: int) -> int:
    """The process's virtual memory size."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def private_bytes(pid: int) -> int:
    """Memory only this process holds (Private_Clean + Private_Dirty): a forked child's resident size
    counts the warm parent's ~700 MB of torch it shares, its private size does not. Slow (~0.1 s for
    a torch process: the kernel walks its page tables), so read only when the resident size is over."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) * 1024 for line in f if line.startswith(("Private_Clean", "Private_Dirty")))
    except (OSError, ValueError, IndexError):
        return 0


def resident_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def group_memory(pids: list[int], limit: float) -> int:
    """The group's resident bytes while under `limit` (cheap), else its private bytes (exact)."""
    resident = sum(resident_bytes(pid) for pid in pids)
    return resident if resident <= limit else sum(private_bytes(pid) for pid in pids)


def scan_processes(groups: set[int]) -> tuple[dict[int, list[int]], list[int]]:
    """(the processes of each group in `groups`, our direct children).

    Our children other than the running submissions are a submission's detached grandchildren,
    reparented to us because we are a subreaper.
    """
    members: dict[int, list[int]] = {}
    children = []
    me = os.getpid()
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return members, children
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()  # after "(comm)": state ppid pgrp ...
        except (OSError, IndexError):
            continue
        if int(fields[2]) in groups:
            members.setdefault(int(fields[2]), []).append(int(pid))
        if int(fields[1]) == me:
            children.append(int(pid))
    return members, children


def scan_namespaces(namespaces: set[str]) -> dict[str, list[int]]:
    """The processes in each PID namespace of `namespaces` ("pid:[inode]", as /proc/PID/ns/pid reads)."""
    members: dict[str, list[int]] = {}
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return members
    for pid in pids:
        try:
            space = os.readlink(f"/proc/{pid}/ns/pid")
        except OSError:
            continue
        if space in namespaces:
            members.setdefault(space, []).append(int(pid))
    return members


def die_with_parent() -> None:
    """This process gets SIGKILL when its parent dies (Linux prctl PR_SET_PDEATHSIG): a grader killed with
    SIGKILL, or by the OOM killer, leaves no submission running."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, 9, 0, 0, 0)  # 9: SIGKILL


def become_subreaper() -> None:
    """A submission's detached grandchildren (double fork, setsid) are reparented to us, not to init,
    so they can be found and killed (Linux prctl PR_SET_CHILD_SUBREAPER)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
