"""What a refused or failed ledger edit says: the store's errors, and an OSError as a sentence.

Every StoreError's message says why nothing was saved and what to do; `user_message` is the one
way the app and the CLI turn a refused edit (or an operating-system error) into that sentence.
"""
from __future__ import annotations

import errno
from pathlib import Path


class StoreError(ValueError):
    """An edit that cannot be made; the message says why and what to do."""


class LedgerBusyError(StoreError):
    pass


class StaleEditError(StoreError):
    pass


class UnknownProjectError(StoreError):
    pass


class InvalidEditError(StoreError):
    pass


class LedgerWriteError(StoreError):
    """The operating system refused a write (disk full, read-only, permissions); nothing was saved."""


def os_error_sentence(error: OSError, path: Path, done: str = "nothing was saved") -> str:
    """An OSError as a sentence for the editor (never a traceback)."""
    where = error.filename or path
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason = "the disk is full (or the file is larger than this account may write)"
    elif code == errno.EROFS:
        reason = "the disk is read-only"
    elif code in (errno.EACCES, errno.EPERM):
        reason = f"this program may not write there (permission denied on {where})"
    else:
        reason = error.strerror or str(error)
    return f"could not write the ledger {path.name}: {reason}; {done} — free space or fix the folder, then try again"


def user_message(error: Exception, path: str | Path) -> str:
    """What to tell the editor about a refused or failed edit: the StoreError's own message, an
    OSError as a sentence (never a traceback)."""
    if isinstance(error, OSError):
        return os_error_sentence(error, Path(path))
    return str(error)
