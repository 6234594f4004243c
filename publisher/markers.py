"""How each language marks the structure of a text: list markers, numbering, remarks,
footnote marks, and how its tables and boxes are set.

A Korean release marks its points □, their details ○ and theirs -, with ※
before a remark; an English one uses bullets and dashes.  A release is
written once, and each edition prints the marks its readers expect: a row
here, never a branch in the pipeline.  A language without a row is marked
as ``DEFAULT``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Numbering:
    """How a numbered list's items are numbered at one level: a CSS counter style, and the text
    around the number (``{}.``, ``{})``, ``({})``)."""

    style: str
    form: str = '{}.'

    def label(self, number: int) -> str:
        """The label of item ``number``, as the counter style writes it."""
        return self.form.format(COUNTERS[self.style](number))


def _alphabetic(letters):
    def write(number):
        text = ''
        while number > 0:
            number, rest = divmod(number - 1, len(letters))
            text = letters[rest] + text
        return text
    return write


def _roman(number):
    text = ''
    for value, letters in ((1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'), (100, 'c'), (90, 'xc'), (50, 'l'),
                           (40, 'xl'), (10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')):
        count, number = divmod(number, value)
        text += letters * count
    return text


#: The counter styles a numbering may use, written as CSS writes them (for HWPX, which has no CSS).
COUNTERS = {
    'decimal': str,
    'lower-alpha': _alphabetic('abcdefghijklmnopqrstuvwxyz'),
    'lower-roman': _roman,
}


@dataclass(frozen=True)
class Marks:
    """One language's marks and settings of the body's structure."""

    #: The marker of an item of a list, by level (the deepest repeats for deeper levels).
    bullets: tuple[str, ...]
    #: How a numbered list's items are numbered, by level.
    numbering: tuple[Numbering, ...]
    #: Printed before a remark.
    remark: str
    #: A footnote's mark, at its reference and before its text: ``{}`` is its number.
    footnote: str
    #: How the text of a table's cells is aligned: 'center' (Korean tables), or 'start'.
    cell_align: str
    #: How a box is set off: 'framed' (a border all round), or 'ruled' (a rule at its start).
    box: str

    def bullet(self, level: int) -> str:
        """The marker of an item at ``level`` (1 for a list in the body)."""
        return self.bullets[min(level, len(self.bullets)) - 1]

    def numbers(self, level: int) -> Numbering:
        return self.numbering[min(level, len(self.numbering)) - 1]

    def footnote_mark(self, number: int) -> str:
        return self.footnote.format(number)


DEFAULT = Marks(
    bullets=('•', '–', '◦', '▪'),
    numbering=(Numbering('decimal'), Numbering('lower-alpha'), Numbering('lower-roman')),
    remark='※', footnote='{}', cell_align='start', box='ruled')

#: Each language whose press marks its structure otherwise than DEFAULT.
MARKS = {
    'ko': Marks(bullets=('□', '○', '-', '·'),
                numbering=(Numbering('decimal'), Numbering('decimal', '{})'), Numbering('decimal', '({})')),
                remark='※', footnote='주{})', cell_align='center', box='framed'),
    'en': Marks(bullets=('•', '–', '◦', '▪'),
                numbering=(Numbering('decimal'), Numbering('lower-alpha'), Numbering('lower-roman')),
                remark='Note:', footnote='{}', cell_align='start', box='ruled'),
}


def counter_styles() -> dict[Numbering, str]:
    """A name for each numbering of the table, for the ``@counter-style`` rule that writes it
    (prefixed, as the rule is global in a page that embeds a fragment)."""
    numberings = dict.fromkeys(n for row in (DEFAULT, *MARKS.values()) for n in row.numbering)
    return {numbering: f'publisher-numbering-{index}' for index, numbering in enumerate(numberings, 1)}


def marks(language: str) -> Marks:
    """The marks of ``language`` (``ko`` for ``ko_KR``)."""
    return MARKS.get(language.replace('-', '_').split('_')[0], DEFAULT)
