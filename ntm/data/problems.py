"""One thing wrong in one place: the message type of the build's validation and of imports.

Every message names its place the same way (file, sheet, row, column), so a user finds the cell
whether the problem came from a data file at build time or from a spreadsheet being imported.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of one file.

    sheet is None for a data file checked by the build; for a file being imported it is the sheet's
    name ('' for a CSV). An imported cell's value is quoted next to its place (the user is looking at
    that cell); a data file's value after the message, as the build has always written it.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    sheet: str | None = None

    @property
    def reason(self) -> str:
        """The message, under the name the import preview's table uses."""
        return self.message

    def __str__(self) -> str:
        value = f" (giá trị: '{self.value}')" if self.value not in (None, "") else ""
        if self.sheet is None:
            return f"{where(self.file, self.row, self.column)}: {self.message}{value}"
        return f"{where(self.file, self.row, self.column, self.sheet)}{value}: {self.message}"


def where(file: str, row: int | None, column: str | None, sheet: str = "") -> str:
    """'Tệp X, trang 'S', dòng N, cột 'C'': the place of a problem, as every message names it."""
    parts = [f"Tệp {file}"]
    if sheet:
        parts.append(f"trang '{sheet}'")
    if row is not None:
        parts.append(f"dòng {row}")
    if column:
        parts.append(f"cột '{column}'")
    return ", ".join(parts)
