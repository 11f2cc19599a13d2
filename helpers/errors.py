"""The two kinds of error the course reports: a fault that stops a call, and one problem in a file."""
from __future__ import annotations

from dataclasses import dataclass


class DataError(ValueError):
    """A data file breaks the data package's rules; the message says where and what to do."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: where it is and what to do about it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", {'cell' if self.file.endswith('.ipynb') else 'line'} {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"
