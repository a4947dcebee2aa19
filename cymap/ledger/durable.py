"""Durable file operations for the ledger's writes: a new file whole (fsynced) with the ledger's
mode, owner and group, or none at all; a rename made durable by syncing its directory.

A write step that a test may kill (tests/faults) is named through `step`, the store's fault hook
(cymap.ledger.store FAULT_POINTS).
"""
from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def replace_synced(temp: Path, path: Path) -> None:
    """Rename `temp` over `path`, then sync the folder (best effort: the rename is already done)."""
    os.replace(temp, path)
    with contextlib.suppress(OSError):  # the rename is done and recorded; the kernel writes the directory
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileMode:
    """Permission bits, owner and group of the ledger, given to every file written beside it."""

    mode: int
    uid: int
    gid: int

    @classmethod
    def of(cls, path: Path) -> FileMode:
        info = path.stat()
        return cls(stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid)

    def apply(self, fd: int) -> None:
        os.fchmod(fd, self.mode)
        for uid in (self.uid, -1):  # the owner needs privileges; the group only membership
            try:
                os.fchown(fd, uid, self.gid)
                return
            except OSError:
                continue

    @property
    def folder_mode(self) -> int:
        """A folder for backups: as private as the ledger (others list it only if they may read it)."""
        mode = 0o700
        mode |= 0o050 if self.mode & 0o040 else 0
        mode |= 0o005 if self.mode & 0o004 else 0
        return mode


def write_new_file(target: Path, data: bytes, mode: FileMode, point: str,
                   step: Callable[[str], None]) -> None:
    """Write `data` to a new file with the ledger's mode, fsync it; remove it if anything fails."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            mode.apply(handle.fileno())
            handle.write(data)
            handle.flush()
            step(point)
            os.fsync(handle.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
