"""Problems with the files a user gives us, located so they can be fixed.

Every problem names the file, the line and the field, in the form editors and
terminals make clickable::

    samples/seed/release.yaml:42: body[3].speaker: no person 'yon' is declared

What a user wrote is shown with its control characters escaped, so that a
record or a file name cannot retitle a terminal or hide the lines around it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .characters import escaped


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located for the person who fixes it."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self):
        where = f'{shown(self.file)}:{self.line}' if self.line else shown(self.file)
        text = f'{where}: {self.field}: {self.message}' if self.field else f'{where}: {self.message}'
        return escaped(text)


class InputError(Exception):
    """Raised with every problem found in the inputs, not only the first."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__('\n'.join(str(problem) for problem in self.problems))

    def __reduce__(self):
        # PDFs are rendered in other processes, which send their errors back pickled.
        return (type(self), (self.problems,))


def shown(path: Path) -> str:
    """A path as short as it can be: relative to the current folder when inside it."""
    here = Path.cwd()
    try:
        return escaped(str(Path(os.path.abspath(path)).relative_to(here)))  # a link is named, not followed
    except ValueError:
        pass
    try:  # resolved only when needed: resolving is most of the time status takes to name 600 catalogs
        return escaped(str(Path(path).resolve().relative_to(here)))
    except ValueError:
        return escaped(str(path))
