"""Errors that reach the user: one line of text and an exit code.

Exit codes: 0 same, 1 different, 2 trouble (usage, input, connection); anything else that
escapes a command is a bug, which the command line reports as exit 3 (internal error)."""

from __future__ import annotations


class SchemaParityError(Exception):
    """Base class: a user-facing error with an exit code. The message is a single line."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        text = str(message).split("\n")[0] if message else self.__class__.__name__
        first = " ".join(text.split())
        super().__init__(first)
        self.message = first

    def __str__(self) -> str:
        return self.message


class UsageError(SchemaParityError):
    """Bad options or arguments."""


class SourceError(SchemaParityError):
    """A SOURCE could not be read: missing file, bad SQL, unsupported kind of source."""


class ConnectionFailed(SchemaParityError):
    """A server could not be reached or refused us. Messages never carry passwords."""


class DumpFormatError(SchemaParityError):
    """A dump file is truncated, invalid or of an unknown format_version."""


class ScratchError(SchemaParityError):
    """No scratch PostgreSQL server could be started, or it lacks what a source needs."""


class CatalogError(SchemaParityError):
    """Reading the catalog failed (timeout, permissions)."""
