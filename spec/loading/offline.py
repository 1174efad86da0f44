"""No network in a check: sockets to other hosts fail at once, and Fashion-MNIST comes from this machine.

A learner's notebook says `datasets.FashionMNIST(root="data", train=True, download=True, ...)`. Under
`go_offline()` that download copies the real files found by the project's own data finder
(reference.fashion_mnist.files.find_root: $FASHION_MNIST_ROOT, the Debian package dataset-fashion-mnist, ...) into
root/FashionMNIST/raw/ instead of fetching them; any other attempt to reach the network raises
NetworkBlocked, which says why, and the host is kept for `take_blocked_hosts()` (--run-all names the cell that
tried: a torchvision CIFAR10(download=True), urllib, requests all end in these sockets). Loopback and Unix sockets
still work (the Jupyter kernel's own channels are ZeroMQ sockets, which do not go through Python's socket module).
`go_offline(fraction)` also cuts Fashion-MNIST to the first `fraction` of each split as it is loaded (--run-all
bounds training at the top level so); nothing on disk is cut.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from pathlib import Path
from typing import Any

from reference.fashion_mnist.files import FILES, DataNotFoundError, find_root, raw_dir

LOCAL_HOSTS = frozenset({"localhost", "", None})
_saved: dict[str, Any] = {}  # the originals, while this process is offline
_blocked_hosts: list[str] = []  # hosts a blocked attempt named, oldest first, until take_blocked_hosts()


class NetworkBlocked(OSError):
    """A check tried to reach the network."""


def _is_local(host: object) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _blocked(host: object, port: object) -> NetworkBlocked:
    if str(host) not in _blocked_hosts:
        _blocked_hosts.append(str(host))
    return NetworkBlocked(
        f"pytorch-basics-spec: the network is off during a check (this code tried to reach "
        f"{host}:{port}). Fashion-MNIST comes from this machine; other downloads cannot."
    )


def _guard_connect(original: Any) -> Any:
    def connect(self: socket.socket, address: Any, *args: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise _blocked(address[0], address[1])
        return original(self, address, *args)

    return connect


def _guard_getaddrinfo(original: Any) -> Any:
    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if not _is_local(name):
            raise _blocked(name, port)
        return original(host, port, *args, **kwargs)

    return getaddrinfo


def _staged_download(self: Any) -> None:
    """FashionMNIST.download, offline: the four files from reference.fashion_mnist.files.find_root into
    self.raw_folder."""
    if self._check_exists():
        return
    try:
        source = raw_dir(find_root())
    except DataNotFoundError as exc:
        raise RuntimeError(f"download=True, but the network is off during a check and {exc}") from None
    target = Path(self.raw_folder)
    target.mkdir(parents=True, exist_ok=True)
    for name in (name for pair in FILES.values() for name in pair):
        if not (target / name).is_file():
            try:
                os.link(source / name, target / name)  # no copy of 50 MB where both sit on one file system
            except OSError:
                shutil.copyfile(source / name, target / name)


def take_blocked_hosts() -> list[str]:
    """The hosts blocked attempts named since the last call (each once), and forget them."""
    hosts = list(_blocked_hosts)
    _blocked_hosts.clear()
    return hosts


def _cut(load: Any, fraction: float) -> Any:
    """MNIST._load_data, keeping the first `fraction` of the split: (N, 28, 28) -> (N * fraction, 28, 28)."""

    def _load_data(self: Any) -> Any:
        data, targets = load(self)
        n = max(1, int(len(data) * fraction))
        return data[:n], targets[:n]

    return _load_data


def go_offline(fraction: float | None = None) -> None:
    """Block the network in this process and stage Fashion-MNIST for download=True (idempotent). With `fraction`,
    a FashionMNIST made from now on has the first `fraction` of its split (0.1: 6,000 training, 1,000 test images)."""
    if _saved:
        return
    from torchvision import datasets

    _saved.update(
        connect=socket.socket.connect,
        connect_ex=socket.socket.connect_ex,
        getaddrinfo=socket.getaddrinfo,
        download=datasets.FashionMNIST.__dict__.get("download"),
    )
    socket.socket.connect = _guard_connect(_saved["connect"])
    socket.socket.connect_ex = _guard_connect(_saved["connect_ex"])
    socket.getaddrinfo = _guard_getaddrinfo(_saved["getaddrinfo"])
    datasets.FashionMNIST.download = _staged_download
    if fraction is not None:
        _saved["cut"] = True
        datasets.FashionMNIST._load_data = _cut(datasets.MNIST._load_data, fraction)


def go_online() -> None:
    """Undo go_offline (for tests that go offline in their own process)."""
    if not _saved:
        return
    from torchvision import datasets

    socket.socket.connect = _saved["connect"]
    socket.socket.connect_ex = _saved["connect_ex"]
    socket.getaddrinfo = _saved["getaddrinfo"]
    if _saved["download"] is None:
        del datasets.FashionMNIST.download  # it was MNIST's, inherited
    else:
        datasets.FashionMNIST.download = _saved["download"]
    if _saved.get("cut"):
        del datasets.FashionMNIST._load_data  # MNIST's again, inherited
    _saved.clear()
    _blocked_hosts.clear()
