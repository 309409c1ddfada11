"""Errors of the v2 API, answered in the one shape (anxin/api/errors.py)."""

from __future__ import annotations


class ApiError(Exception):
    """A request the API refuses: ``message`` in Chinese, ``parameter`` at fault."""

    def __init__(self, message: str, parameter: str = "", status: int = 400, code: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.parameter = parameter
        self.status = status
        self.code = code
