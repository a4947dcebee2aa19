"""What a refused or failed ledger edit says: the store's errors, and an OSError as a sentence.

Every StoreError's message says why nothing was saved and what to do; `user_message` is the English
sentence (the CLI's English output, the scripts). The ledger layer cannot read the catalogue, so each
error also names what went wrong (`kind`, a short code) and the values its sentence names (`fields`);
cymap.views.refusals words it in the user's language from those. `str(error)` stays English.
"""
from __future__ import annotations

import errno
from pathlib import Path


class StoreError(ValueError):
    """An edit that cannot be made; the message says why and what to do. `kind` "" means the message is
    already in the user's language (the CLI's own refusals)."""

    def __init__(self, message: str = "", kind: str = "", **fields) -> None:
        super().__init__(message)
        self.kind, self.fields = kind, fields


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


def change_fields(entry) -> dict[str, str]:
    """The values a stale-edit refusal names about the last change (a history Entry, or None)."""
    if entry is None:
        return {}
    return {"when": entry.when, "who": entry.who, "field": entry.field, "old": entry.old, "new": entry.new}


def change_suffix(entry) -> str:
    """The English " (last change: …)" of a stale-edit refusal ("" when the history is empty)."""
    if entry is None:
        return ""
    return f" (last change: {entry.when} by {entry.who}: {entry.field} {entry.old!r} -> {entry.new!r})"


def os_error_kind(error: OSError, path: Path) -> tuple[str, dict[str, str]]:
    """Why the operating system refused (`os_disk_full`, `os_read_only`, `os_permission`, `os_other`) and
    the values its sentence names."""
    where = str(error.filename or path)
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "os_disk_full", {"ledger": path.name}
    if code == errno.EROFS:
        return "os_read_only", {"ledger": path.name}
    if code in (errno.EACCES, errno.EPERM):
        return "os_permission", {"ledger": path.name, "where": where}
    return "os_other", {"ledger": path.name, "reason": error.strerror or str(error)}


def os_error_sentence(error: OSError, path: Path, done: str = "nothing was saved") -> str:
    """An OSError as a sentence for the editor (never a traceback)."""
    kind, fields = os_error_kind(error, path)
    reason = {"os_disk_full": "the disk is full (or the file is larger than this account may write)",
              "os_read_only": "the disk is read-only",
              "os_permission": f"this program may not write there (permission denied on {fields.get('where')})",
              }.get(kind, fields.get("reason", ""))
    return f"could not write the ledger {path.name}: {reason}; {done} — free space or fix the folder, then try again"


def write_error(error: OSError, path: Path) -> LedgerWriteError:
    """The LedgerWriteError of an OSError met while writing the ledger at `path`."""
    kind, fields = os_error_kind(error, path)
    return LedgerWriteError(os_error_sentence(error, path), kind, **fields)


def user_message(error: Exception, path: str | Path) -> str:
    """What to tell the editor about a refused or failed edit, in English: the StoreError's own message,
    an OSError as a sentence (never a traceback). In the user's language: cymap.views.refusals."""
    if isinstance(error, OSError):
        return os_error_sentence(error, Path(path))
    return str(error)


def invalid_new_project(problems) -> InvalidEditError:
    """The refusal of a new project with validation problems (cymap.ledger.schema.Problem), which it keeps
    (`fields["problems"]`) so they can be worded in the user's language."""
    return InvalidEditError("the new project is not valid: " + "; ".join(
        str(p).replace("row 1, ", "", 1) for p in problems), "new_project_invalid", problems=list(problems))
