"""One error tree for everything diffkit refuses.

Every message is one line that names the file, the place (a line or a JSON path) and what to
do next. The command line turns any `DiffkitError` into exit code 2 and that line on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass


class DiffkitError(Exception):
    """Bad input or usage: ``file: place: what is wrong (fix)``."""

    def __init__(self, what: str, *, file: object = None, place: object = None,
                 fix: str | None = None) -> None:
        self.what = what
        self.file = None if file is None else str(file)
        self.place = None if place is None else str(place)
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        head = ": ".join(p for p in (self.file, self.place) if p)
        text = f"{head}: {self.what}" if head else self.what
        return f"{text} ({self.fix})" if self.fix else text

    def lines(self) -> list[str]:
        """The lines the command line prints; one, except for validation reports."""
        return [self.line()]


class InputError(DiffkitError):
    """A file that cannot be read or decoded, or is not what was expected."""


class OutputError(DiffkitError):
    """An output path that cannot be written."""


class OptionError(DiffkitError):
    """Options that do not go together, or an option's value that cannot work (a workbook
    named ``.csv``). ``option`` names the option to change, or is None when the combination
    is at fault; the command line shows it as click shows a bad option (usage, help hint,
    the error)."""

    def __init__(self, what: str, *, option: str | None = None, fix: str | None = None) -> None:
        self.option = option
        super().__init__(what, place=option, fix=fix)

    def text(self) -> str:
        """The message without the option (which the command line shows on its own)."""
        return f"{self.what} ({self.fix})" if self.fix else self.what


class ManyErrors(DiffkitError):
    """Several problems reported at once, one line each (``diffkit validate`` over files)."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = list(lines)
        super().__init__(self._lines[0])

    def lines(self) -> list[str]:
        return self._lines


class DiffkitWarning(UserWarning):
    """Base of diffkit's warnings (`parse.ParseWarning`); the command line prints them as
    ``diffkit: warning: FILE: …`` without loading the modules that raise them."""


@dataclass(frozen=True)
class Problem:
    """One validation finding: a JSON path such as ``$.sections[2].items[0].title``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(DiffkitError):
    """A document that breaks its schema or consistency rules; lists every problem at once."""

    def __init__(self, problems: list[Problem], *, file: object = None,
                 fix: str | None = None) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "invalid"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(first + more, file=file, fix=fix)

    def lines(self) -> list[str]:
        prefix = f"{self.file}: " if self.file else ""
        return [prefix + str(p) for p in self.problems]
