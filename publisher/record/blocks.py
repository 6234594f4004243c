"""The items of a release's body, as press offices write them.

A body is a list of blocks, each written as YAML a press officer can type::

    body:
      - heading: Background                      # a section heading (h2)
      - subheading: The corps in Thailand        # a heading under it (h3)
      - A paragraph. A literal block (|) keeps its line breaks.
      - items:                                   # a list: □ ○ - in Korean, bullets in English
          - A point
          - text: A point with details
            items: [A detail, A second detail]
            remark: A remark under the point     # ※ in Korean
      - numbered: [First step, Second step]      # a numbered list
      - remark: A remark on the paragraph above  # ※ in Korean, "Note:" in English
      - note: A note under the paragraph above
      - quote: Words spoken by a person.
        speaker: yoon
      - caption: The corps' schedule             # a table
        header: row                              # row, column, both or none
        rows:
          - [Day, Place, Participants]
          - ["{corps.start}", "{bangkok}", 12]
          - [{cell: "{yangon}", across: 2}, 8]   # a cell spanning two columns (down: rows)
      - box: Notes to editors                    # a titled box holding any other blocks
        body: [...]

Every text is prose (placeholders allowed, each its own translation unit);
a table cell may also be a number, printed in the language's digits and
aligned as numbers are.  What needs the shape of the whole structure (a
row's width, how deep a list goes) is checked by ``structure_problems`` on
the data as written, so that each problem has the line it is on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Iterator, Literal, Union

from pydantic import Discriminator, Field, Tag, WithJsonSchema, model_validator

from . import limits
from .fields import Model, PersonRef, Prose


class Quote(Model):
    quote: Prose
    speaker: PersonRef


class Note(Model):
    note: Prose


class Heading(Model):
    """A section heading, one level under the title."""

    heading: Prose


class Subheading(Model):
    """A heading under a section heading."""

    subheading: Prose


class Remark(Model):
    """A remark on what precedes it: ``※`` in a Korean release."""

    remark: Prose


def _item_shape(value):
    if isinstance(value, str):
        return 'Text'
    if isinstance(value, (dict, Item)):
        return 'Item'
    return None


class Item(Model):
    """A list item with more than its text: a list under it, or a remark."""

    text: Prose
    items: Annotated[list[ItemEntry], Field(min_length=1)] | None = None
    numbered: Annotated[list[ItemEntry], Field(min_length=1)] | None = None
    remark: Prose | None = None

    @model_validator(mode='after')
    def _one_list(self):
        if self.items is not None and self.numbered is not None:
            raise ValueError('an item holds one list under it: items or numbered, not both')
        return self

    @property
    def sublist(self) -> tuple[bool, list] | None:
        """(numbered, items) of the list under this item, if any."""
        if self.items is not None:
            return False, self.items
        if self.numbered is not None:
            return True, self.numbered
        return None


ItemEntry = Annotated[
    Union[Annotated[Prose, Tag('Text')], Annotated[Item, Tag('Item')]],
    Discriminator(_item_shape, custom_error_type='item',
                  custom_error_message='a list item is a text, or {text: ..., items: [...]} '
                                       '(or numbered: [...], remark: ...)')]

Item.model_rebuild()


class BulletList(Model):
    """A list whose items are marked (□ ○ - in Korean, bullets and dashes in English)."""

    items: Annotated[list[ItemEntry], Field(min_length=1)]


class NumberedList(Model):
    """A list whose items are numbered."""

    numbered: Annotated[list[ItemEntry], Field(min_length=1)]


def _cell_shape(value):
    if isinstance(value, str):
        return 'Text'
    if value is None:
        return 'Empty'
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return 'Figure'
    if isinstance(value, (dict, Cell)):
        return 'Cell'
    return None


#: A number in a cell: written in the language's digits, aligned as numbers are.
Figure = Annotated[Decimal, Field(allow_inf_nan=False), WithJsonSchema({'type': 'number'})]

CellContent = Annotated[
    Union[Annotated[Prose, Tag('Text')], Annotated[Figure, Tag('Figure')], Annotated[None, Tag('Empty')]],
    Discriminator(_cell_shape, custom_error_type='cell',
                  custom_error_message='a cell holds a text, a number or nothing (~)')]


class Cell(Model):
    """A cell that spans more than one column (``across``) or row (``down``)."""

    cell: CellContent = None
    across: int = Field(1, ge=1)
    down: int = Field(1, ge=1)


CellEntry = Annotated[
    Union[Annotated[Prose, Tag('Text')], Annotated[Figure, Tag('Figure')], Annotated[None, Tag('Empty')],
          Annotated[Cell, Tag('Cell')]],
    Discriminator(_cell_shape, custom_error_type='cell',
                  custom_error_message='a cell is a text, a number, nothing (~), '
                                       'or {cell: ..., across: columns, down: rows}')]

#: Which cells of a table head its rows or columns: the first row, the first column, both, or none.
HeaderKind = Literal['row', 'column', 'both', 'none']


class Table(Model):
    """A table: its caption, its rows of cells, and which of them are headers."""

    caption: Prose | None = None
    header: HeaderKind = 'row'
    rows: Annotated[list[Annotated[list[CellEntry], Field(min_length=1)]], Field(min_length=1)]

    @property
    def header_row(self) -> bool:
        return self.header in ('row', 'both')

    @property
    def header_column(self) -> bool:
        return self.header in ('column', 'both')

    def grid(self) -> list[list[Placed]]:
        """Each row's cells with the column each starts in (spans taken into account)."""
        return table_grid([[_spans(cell) for cell in row] for row in self.rows])[0]


def _block_shape(value, kinds):
    if isinstance(value, str):
        return 'Paragraph'
    if isinstance(value, tuple(kinds.values())):
        return next(tag for tag, kind in kinds.items() if isinstance(value, kind))
    if isinstance(value, dict):
        return next((tag for tag, key in BLOCK_KEYS.items() if key in value and tag in kinds), None)
    return None


#: The key that says what a block is, by the block's tag.
BLOCK_KEYS = {'Quote': 'quote', 'Note': 'note', 'Heading': 'heading', 'Subheading': 'subheading',
              'Remark': 'remark', 'BulletList': 'items', 'NumberedList': 'numbered', 'Table': 'rows', 'Box': 'box'}

_INNER = {'Quote': Quote, 'Note': Note, 'Heading': Heading, 'Subheading': Subheading, 'Remark': Remark,
          'BulletList': BulletList, 'NumberedList': NumberedList, 'Table': Table}

_FORMS = ('a paragraph (text), {heading: ...}, {subheading: ...}, {items: [...]}, {numbered: [...]}, '
          '{remark: ...}, {note: ...}, {quote: ..., speaker: ...}, {rows: [...]} (a table)')

#: A block inside a box: anything but another box.
InnerBlock = Annotated[
    Union[Annotated[Prose, Tag('Paragraph')], *(Annotated[kind, Tag(tag)] for tag, kind in _INNER.items())],
    Discriminator(lambda value: _block_shape(value, _INNER), custom_error_type='block',
                  custom_error_message=f'an item of a box is {_FORMS}; a box holds no box')]


class Box(Model):
    """A titled box holding other blocks: 참고, Background, Notes to editors, About …"""

    box: Prose
    body: Annotated[list[InnerBlock], Field(min_length=1)]


_KINDS = {**_INNER, 'Box': Box}

Block = Annotated[
    Union[Annotated[Prose, Tag('Paragraph')], *(Annotated[kind, Tag(tag)] for tag, kind in _KINDS.items())],
    Discriminator(lambda value: _block_shape(value, _KINDS), custom_error_type='block',
                  custom_error_message=f'a body item is {_FORMS} or {{box: ..., body: [...]}}')]

#: The names pydantic gives the branches of these unions; they are not the user's field names.
BRANCHES = ('Paragraph', 'Text', 'Item', 'Figure', 'Empty', 'Cell', *_KINDS)


# ---------------------------------------------------------------------------
# Tables as grids

@dataclass(frozen=True)
class Placed:
    """A cell placed in its table: its row and first column, and how far it spans."""

    row: int
    column: int
    across: int
    down: int
    index: int  # its place in the row as written


def _spans(cell) -> tuple[int, int]:
    """(across, down) of a cell, as written (a mapping) or as read (a Cell)."""
    if isinstance(cell, Cell):
        return cell.across, cell.down
    if isinstance(cell, dict):
        across, down = cell.get('across', 1), cell.get('down', 1)
        return (across if isinstance(across, int) and across > 0 else 1,
                down if isinstance(down, int) and down > 0 else 1)
    return 1, 1


def table_grid(rows: list[list[tuple[int, int]]]) -> tuple[list[list[Placed]], list[tuple[int, int | None, str]]]:
    """Place each cell of ``rows`` (each cell its (across, down)) where HTML tables place it.

    Returns the placed cells by row and the problems found, each as
    (row, index of the cell or None for the whole row, message): a row wider
    or narrower than the first, a cell spanning down past the last row.
    """
    width = sum(across for across, _ in rows[0]) if rows else 0
    taken: set[tuple[int, int]] = set()
    placed, problems = [], []
    for r, row in enumerate(rows):
        column, cells = 0, []
        for index, (across, down) in enumerate(row):
            while (r, column) in taken:
                column += 1
            if down > len(rows) - r:
                problems.append((r, index, f'spans {down} rows down, past the last row of the table'))
            cells.append(Placed(r, column, across, down, index))
            taken.update((r + y, column + x) for y in range(down) for x in range(across))
            column += across
        filled = len({c for (y, c) in taken if y == r})
        end = max([c for (y, c) in taken if y == r], default=-1) + 1
        if end > width:
            problems.append((r, None, f'is {end} columns wide, counting cells spanning down into it; '
                                      f'the table is {width}, as its first row'))
        elif filled < width:
            problems.append((r, None, f'is {filled} columns wide, counting cells spanning down into it; '
                                      f'the table is {width}, as its first row'))
        placed.append(cells)
    return placed, problems


# ---------------------------------------------------------------------------
# The structure as written: checked before validation, so each problem has its line

def structure_problems(body, location=('body',)) -> Iterator[tuple[tuple, str]]:
    """Problems of the body's structure as written: lists nested too deep, tables too large
    or with rows of the wrong width, boxes within boxes.  Yields (field location, message)."""
    if not isinstance(body, list):
        return
    for index, block in enumerate(body):
        if not isinstance(block, dict):
            continue
        where = location + (index,)
        for key in ('items', 'numbered'):
            yield from _list_problems(block.get(key), where + (key,), 1)
        if isinstance(block.get('rows'), list):
            yield from _table_problems(block['rows'], where + ('rows',))
        if 'box' in block and isinstance(block.get('body'), list):
            yield from structure_problems(block['body'], where + ('body',))


def _list_problems(items, location, depth) -> Iterator[tuple[tuple, str]]:
    if not isinstance(items, list):
        return
    if depth > limits.LIMITS.list_depth:
        yield location, (f'nests a list {depth} levels deep; the limit is {limits.LIMITS.list_depth} '
                         '(□ ○ - · in Korean)')
        return
    for index, item in enumerate(items):
        if isinstance(item, dict):
            for key in ('items', 'numbered'):
                yield from _list_problems(item.get(key), location + (index, key), depth + 1)


def _table_problems(rows, location) -> Iterator[tuple[tuple, str]]:
    most_rows, most_columns = limits.LIMITS.table_rows, limits.LIMITS.table_columns
    if len(rows) > most_rows:
        yield location, f'has {len(rows):,} rows; the limit for a table is {most_rows:,}'
        return
    if not all(isinstance(row, list) and row for row in rows):
        return  # the schema says what is wrong with it
    for r, row in enumerate(rows):
        if len(row) > most_columns:
            yield location + (r,), f'has {len(row)} cells; the limit for a row is {most_columns}'
            return
    for r, index, message in table_grid([[_spans(cell) for cell in row] for row in rows])[1]:
        yield (location + (r, index) if index is not None else location + (r,)), message


# ---------------------------------------------------------------------------
# The translation units of a body, in reading order

@dataclass(frozen=True)
class Unit:
    """One text of the body a translator translates: where it is, and what it is."""

    location: tuple
    text: str
    role: str  # what it is, for translators: 'a heading', 'a table cell', …


def units(body, location=('body',)) -> Iterator[Unit]:
    """Every text of ``body`` (its blocks, as validated), each its own translation unit."""
    for index, block in enumerate(body):
        yield from _block_units(block, location + (index,))


def _block_units(block, at) -> Iterator[Unit]:
    if isinstance(block, str):
        yield Unit(at, block, '')
    elif isinstance(block, Quote):
        yield Unit(at + ('quote',), block.quote, 'quote')
    elif isinstance(block, Note):
        yield Unit(at + ('note',), block.note, 'a note under the paragraph above')
    elif isinstance(block, Heading):
        yield Unit(at + ('heading',), block.heading, 'a section heading')
    elif isinstance(block, Subheading):
        yield Unit(at + ('subheading',), block.subheading, 'a heading under a section heading')
    elif isinstance(block, Remark):
        yield Unit(at + ('remark',), block.remark, 'a remark on what precedes it')
    elif isinstance(block, BulletList):
        yield from _item_units(block.items, at + ('items',))
    elif isinstance(block, NumberedList):
        yield from _item_units(block.numbered, at + ('numbered',))
    elif isinstance(block, Table):
        if block.caption:
            yield Unit(at + ('caption',), block.caption, 'the caption of a table')
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row):
                text, where = (cell.cell, at + ('rows', r, c, 'cell')) if isinstance(cell, Cell) else (
                    cell, at + ('rows', r, c))
                if isinstance(text, str):
                    yield Unit(where, text, 'a table cell')
    elif isinstance(block, Box):
        yield Unit(at + ('box',), block.box, 'the title of a box')
        yield from units(block.body, at + ('body',))


def _item_units(items, at) -> Iterator[Unit]:
    for index, item in enumerate(items):
        if isinstance(item, str):
            yield Unit(at + (index,), item, 'a list item')
            continue
        yield Unit(at + (index, 'text'), item.text, 'a list item')
        if item.sublist:
            key = 'numbered' if item.sublist[0] else 'items'
            yield from _item_units(item.sublist[1], at + (index, key))
        if item.remark:
            yield Unit(at + (index, 'remark'), item.remark, 'a remark on the list item')
