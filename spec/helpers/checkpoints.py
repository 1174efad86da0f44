"""Checkpoint files for the persistence page (tutorial 1.9) that torch.save alone does not write.

write_poisoned_checkpoint(path, model.state_dict(), marker)  # unpickling it creates `marker`
retag_storages(src, dst, "cuda:1")  # src's tensors now claim to have been saved on cuda:1
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping
from pathlib import Path

import torch


class RunsCode:
    """Unpickling this object calls os.mkdir(marker): what a poisoned checkpoint does, harmlessly."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def write_poisoned_checkpoint(path: Path, state_dict: Mapping[str, torch.Tensor], marker: Path) -> None:
    """A real state_dict with one more entry whose unpickling creates the directory `marker`."""
    torch.save({**state_dict, "payload": RunsCode(marker)}, path)


def retag_storages(src: Path, dst: Path, location: str) -> None:
    """Copy a torch.save zip checkpoint, claiming its tensors were saved on `location` (say "cuda:1").

    torch.save records each storage's device as a string in data.pkl; the pickle (protocol 2, no
    frames, so lengths may change) memoizes "cpu" once, and one replacement retags every tensor.
    torch.load without a map_location then tries to put them back on that device.
    """
    old, new = (b"X" + len(tag).to_bytes(4, "little") + tag for tag in (b"cpu", location.encode()))  # BINUNICODE
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith("/data.pkl"):
                data = data.replace(old, new)
            zout.writestr(info, data)


def storage_locations(path: Path) -> set[str]:
    """The devices a checkpoint's storages were saved on, as torch.load sees them."""
    seen: set[str] = set()
    torch.load(path, map_location=lambda storage, location: seen.add(location) or storage, weights_only=True)
    return seen
