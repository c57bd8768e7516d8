"""The one family of errors and warnings that ``framing`` raises."""

from __future__ import annotations

__all__ = ["FramingError", "FramingWarning", "InputError", "LexiconError"]


class FramingError(Exception):
    """Base class: a problem with what the user gave us, explained in one line.

    Messages say what was wrong, where (file, line, field) and what to do. The
    command line prints the message and exits with status 2, without a traceback.
    """


class InputError(FramingError, ValueError):
    """A document source could not be read: bad path, encoding, column or record."""


class LexiconError(FramingError, ValueError):
    """A codebook failed validation; ``problems`` lists every problem found."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class FramingWarning(UserWarning):
    """Something was skipped or guessed, e.g. an empty file."""
