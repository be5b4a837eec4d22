"""Exceptions shared across the package."""


class UserError(Exception):
    """A problem with what the user asked for, reported as one line without a traceback."""
