"""What one record may hold, so that every run on it ends in bounded time and memory."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Limits:
    """What one record may hold.

    A press release is far below each of these; ``check`` refuses a record
    beyond any of them, each with its own message.
    """

    record_bytes: int = 500_000
    #: YAML values (mappings, lists, scalars) once aliases are expanded: bounds an alias bomb.
    values: int = 100_000
    #: Characters in one text: a title, a paragraph, a name.
    string_length: int = 10_000
    #: Items of the body: paragraphs, headings, lists, tables, boxes, quotes and notes.
    paragraphs: int = 1_000
    #: Levels of a list with lists in its items: □ ○ - · in a Korean release.
    list_depth: int = 4
    #: Rows of one table, and cells of one row: a table is printed on paper.
    table_rows: int = 200
    table_columns: int = 20
    #: Width times height of a photo, read from its header before it is decoded.
    image_pixels: int = 50_000_000
    #: An attachment is copied beside the pages and into every PDF.
    attachment_bytes: int = 100_000_000


#: The limits in force; tests set smaller ones.
LIMITS = Limits()

#: Amounts are written in full in every language; beyond this they are not money.
LARGEST_AMOUNT = Decimal(10) ** 18
