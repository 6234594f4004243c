"""The canonical record of a release: its schema, and loading it from YAML.

A record holds every fact of a release once (people, organisations, places,
dates, amounts, photos) and its prose in the source language.  Prose refers to
facts with placeholders such as ``{yoon}`` or ``{corps.short}`` so that names,
dates and money are written from the facts, the same way, in every language.

This package is the only place that knows a field's rules.  Problems are
reported in the user's terms, each with the file, line and field path::

    samples/seed/release.yaml:42: body[3].speaker: no person 'yon' is declared
"""

from .blocks import (
    Block, Box, BulletList, Cell, Heading, Item, Note, NumberedList, Quote, Remark, Subheading, Table, units)
from .fields import ATTRIBUTES, DATE_KINDS, PlaceholderError, field_path, placeholders
from .limits import LARGEST_AMOUNT, LIMITS, Limits
from .load import load_record
from .model import (
    Amount, Attachment, Contact, Correction, Day, Event, Footnote, Link, Moment, Month, Months, Number, Organisation,
    Partner, Person, Photo, Place, Range, Release, Times, Years)

__all__ = [
    'Box', 'BulletList', 'Cell', 'Footnote', 'Heading', 'Item', 'NumberedList', 'Remark', 'Subheading', 'Table', 'units',
    'ATTRIBUTES', 'DATE_KINDS', 'LARGEST_AMOUNT', 'LIMITS', 'Amount', 'Attachment', 'Block', 'Contact', 'Correction',
    'Day', 'Event',
    'Limits', 'Link', 'Moment', 'Month', 'Months', 'Note', 'Number', 'Organisation', 'Partner', 'Person', 'Photo',
    'Place', 'PlaceholderError', 'Quote', 'Range', 'Release', 'Times', 'Years', 'field_path', 'load_record',
    'placeholders']
