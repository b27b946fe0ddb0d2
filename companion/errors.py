"""Domain errors. The core raises these; the API layer alone decides which HTTP status each becomes."""

from __future__ import annotations

import errno
from typing import Any


class TendError(Exception):
    """A failure a person can act on: a stable `code`, a readable message, and the offending fields."""

    code = "error"

    def __init__(self, message: str, fields: dict[str, str] | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details


class NotFound(TendError):
    code = "not_found"


class Conflict(TendError):
    """The request is valid but contradicts what is stored (a profile URL owned by someone else)."""

    code = "conflict"


class RevisionMismatch(TendError):
    """An update based on an old revision: applying it would silently lose someone else's change."""

    code = "revision_mismatch"


class InvalidInput(TendError):
    code = "validation_error"


class NotAProfile(InvalidInput):
    """A captured page with no person on it (a company page, an article, a search result)."""

    code = "not_a_profile"


class NeedsConfirmation(InvalidInput):
    """A page Tend read as a person's, but not surely enough to save it without the user's word."""

    code = "needs_confirmation"


class PageTooComplex(InvalidInput):
    """A page past what Tend reads (its time budget, memory ceiling or tag count): refused, nothing stored."""

    code = "page_too_complex"


class StorageError(TendError):
    """The data on disk cannot be used as it is; start-up stops rather than overwrite it."""

    code = "storage_error"


class InsufficientStorage(StorageError):
    """The disk (or the user's quota) is full: the write was not made, and nothing was lost."""

    code = "insufficient_storage"


def storage_failure(error: OSError, what: str) -> StorageError:
    """An OS error while writing `what`, as the error a person can act on."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return InsufficientStorage(f"the disk is full: {what} was not written and nothing was lost; "
                                   "free some space and try again")
    return StorageError(f"could not write {what} ({error.strerror or error}); nothing was lost; "
                        "check the disk, then run `tend doctor`")


class DamagedData(StorageError):
    code = "damaged_data"


class DataDirLocked(StorageError):
    """Another companion process owns the data directory; two writers would corrupt it."""

    code = "data_dir_locked"

    def __init__(self, message: str, pid: int | None = None) -> None:
        super().__init__(message)
        self.pid = pid
