"""The canonical record of a release: its schema, and loading it from YAML.

A record holds every fact of a release once (people, organisations, places,
dates, amounts, photos) and its prose in the source language.  Prose refers to
facts with placeholders such as ``{yoon}`` or ``{corps.short}`` so that names,
dates and money are written from the facts, the same way, in every language.

This module is the only place that knows a field's rules.  Problems are
reported in the user's terms, each with the file, line and field path::

    samples/seed/release.yaml:42: body[3].speaker: no person 'yon' is declared
"""

from __future__ import annotations

import difflib
import re
import stat
import string
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from typing_extensions import TypedDict

import yaml
from pydantic import (
    AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
    PrivateAttr, Tag, ValidationError, ValidationInfo, model_validator)

from .characters import refused_character
from .problems import InputError, Problem
from .workspace import Workspace

ID_PATTERN = r'^[a-z0-9]+(?:-[a-z0-9]+)*$'
#: An id names files (``<id>.ko-en.fragment.html``), which file systems allow 255 bytes.
ID_LENGTH = 100
LANGUAGE_PATTERN = r'^[a-z]{2,3}$'
FACT_NAME_PATTERN = r'^[a-z][a-z0-9_]*$'
EMAIL_PATTERN = r'^[^@\s]+@[^@\s]+\.[^@\s]+$'
URL_PATTERN = r'^https?://[^\s<>"]+$'

#: What a placeholder may ask of each kind of fact: ``{name}`` or ``{name.attribute}``.
ATTRIBUTES = {
    'person': {'', 'title', 'short', 'titled'},
    'organisation': {'', 'short'},
    'place': {'', 'country'},
    'date': {'', 'short', 'weekday'},
    'range': {'', 'short', 'start', 'end'},
    'month': {''},
    'months': {'', 'start', 'end'},
    'years': {'', 'start', 'end'},
    'moment': {'', 'day', 'weekday'},
    'times': {'', 'start', 'end', 'day', 'weekday'},
    'number': {''},
    'amount': {'', 'full'},
    'link': {'', 'url'},
}

#: The kinds of fact the ``dates`` section holds.
DATE_KINDS = ('date', 'range', 'month', 'months', 'years', 'moment', 'times')


@dataclass(frozen=True)
class Limits:
    """What one record may hold, so that every run on it ends in bounded time and memory.

    A press release is far below each of these; ``check`` refuses a record
    beyond any of them, each with its own message.
    """

    record_bytes: int = 500_000
    #: YAML values (mappings, lists, scalars) once aliases are expanded: bounds an alias bomb.
    values: int = 100_000
    #: Characters in one text: a title, a paragraph, a name.
    string_length: int = 10_000
    #: Items of the body: paragraphs, quotes and notes.
    paragraphs: int = 1_000
    #: Width times height of a photo, read from its header before it is decoded.
    image_pixels: int = 50_000_000
    #: An attachment is copied beside the pages and into every PDF.
    attachment_bytes: int = 100_000_000


#: The limits in force; tests set smaller ones.
LIMITS = Limits()

#: Amounts are written in full in every language; beyond this they are not money.
LARGEST_AMOUNT = Decimal(10) ** 18


# ---------------------------------------------------------------------------
# Field types.  Rules that need the rest of the record (declared names, the
# record's folder) read it from the validation context.

def _declared(kind, info: ValidationInfo):
    return {name for name, (fact_kind, _) in info.context['facts'].items() if fact_kind == kind}


def _reference_to(kind):
    def check(name: str, info: ValidationInfo) -> str:
        declared = _declared(kind, info)
        if name not in declared:
            raise ValueError(f"no {kind} '{name}' is declared{_suggestion(name, declared)}")
        return name
    return AfterValidator(check)


def _suggestion(word, choices):
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ''


def placeholders(text):
    """Return the ``(name, attribute)`` pairs of the placeholders in ``text``.

    Raises ValueError when the braces do not parse, e.g. a lone ``{``.
    """
    found = []
    for _, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if spec or conversion or not re.fullmatch(r'\w+(\.\w+)?', field):
            raise ValueError(f"'{{{field}}}' is not a placeholder; write {{name}} or {{name.attribute}}")
        name, _, attribute = field.partition('.')
        found.append((name, attribute))
    return found


class PlaceholderError(ValueError):
    """A placeholder that names no fact, kept so the problem can point at its line."""

    def __init__(self, message, placeholder):
        super().__init__(message)
        self.placeholder = placeholder


def _check_keyword(text: str) -> str:
    if ',' in text:
        raise ValueError(f"'{text}' holds a comma, which separates keywords; make it two keywords")
    return text


def _check_prose(text: str, info: ValidationInfo) -> str:
    text = text.strip()
    if not text:
        raise ValueError('must not be empty')
    try:
        found = placeholders(text)
    except ValueError as error:
        raise ValueError(f'{error} (write {{{{ and }}}} for literal braces)') from None
    facts = info.context['facts']
    for name, attribute in found:
        placeholder = f'{{{name}.{attribute}}}' if attribute else f'{{{name}}}'
        if name not in facts:
            raise PlaceholderError(f"{placeholder} refers to nothing declared{_suggestion(name, facts)}",
                                   placeholder)
        kind, offered = facts[name]
        if attribute not in offered:
            choices = ', '.join(f'{{{name}.{a}}}' if a else f'{{{name}}}' for a in sorted(offered))
            raise PlaceholderError(f"{placeholder}: this {kind} offers {choices}", placeholder)
    return text


def _check_names(names: dict, info: ValidationInfo) -> dict:
    missing = [lang for lang in info.context['languages'] if lang not in names]
    if missing:
        raise ValueError(f"needs a name in every language of the release; missing {', '.join(missing)}")
    return names


def _check_file(path: str, info: ValidationInfo) -> Path:
    record_folder = info.context['folder']
    workspace = info.context['workspace']
    try:
        resolved = (record_folder / path).resolve()
        if not resolved.is_relative_to(workspace.root):
            raise ValueError(f"'{path}' is outside the workspace {workspace.root}")
        if resolved.is_dir():
            raise ValueError(f"'{path}' is a folder, not a file")
        if not resolved.is_file():
            raise ValueError(f"file '{path}' does not exist (looked for {resolved})")
    except OSError as error:  # a name too long, a loop of links
        raise ValueError(f"'{path}' cannot be read ({error.strerror})") from None
    return resolved


IMAGE_FORMATS = {'PNG', 'JPEG', 'GIF', 'WEBP'}


def _check_image(path: Path) -> Path:
    """A photo must be a whole raster image that browsers and WeasyPrint both show.

    Its size is read from its header and checked before any pixel is decoded:
    a small file can declare billions of pixels (a decompression bomb).
    """
    from PIL import Image, UnidentifiedImageError
    too_large = (f"'{path.name}' has more than {LIMITS.image_pixels:,} pixels, the limit for a photo; "
                 'scale it down')
    try:
        with warnings.catch_warnings(), Image.open(path) as image:
            warnings.simplefilter('ignore', Image.DecompressionBombWarning)
            kind = image.format
            if image.width * image.height > LIMITS.image_pixels:
                raise ValueError(too_large)
            image.verify()
    except Image.DecompressionBombError:  # so many pixels that Pillow refuses to open it
        raise ValueError(too_large) from None
    except UnidentifiedImageError:
        raise ValueError(f"'{path.name}' is not an image; use PNG, JPEG, GIF or WebP") from None
    except (OSError, SyntaxError) as error:
        raise ValueError(f"'{path.name}' is a damaged image ({error})") from None
    if kind not in IMAGE_FORMATS:
        raise ValueError(f"'{path.name}' is a {kind} image; use PNG, JPEG, GIF or WebP")
    return path


def _check_language(code: str) -> str:
    from babel import localedata
    if not localedata.exists(code):
        raise ValueError(f"no locale data for the language '{code}'")
    return code


#: Two-letter regions CLDR names that are not countries.
NOT_COUNTRIES = {'EU', 'EZ', 'QO', 'UN', 'XA', 'XB', 'ZZ'}


def _check_country(code: str) -> str:
    from babel.core import get_global  # CLDR's territories, as the currencies they use
    if not re.fullmatch(r'[A-Z]{2}', code) or code in NOT_COUNTRIES or code not in get_global('territory_currencies'):
        raise ValueError(f"'{code}' is not an ISO 3166 country code such as KR or TH")
    return code


def _check_coordinates(point: tuple[float, float]) -> tuple[float, float]:
    latitude, longitude = point
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f'{list(point)} is not [latitude, longitude]: latitude runs from -90 to 90, '
                         'longitude from -180 to 180')
    return point


def _check_currency(code: str) -> str:
    from babel.numbers import is_currency
    if not is_currency(code):
        raise ValueError(f"'{code}' is not an ISO 4217 currency code such as USD or KRW")
    return code


Prose = Annotated[str, AfterValidator(_check_prose)]
Keyword = Annotated[Prose, AfterValidator(_check_keyword)]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN), AfterValidator(_check_language)]
FactName = Annotated[str, Field(pattern=FACT_NAME_PATTERN)]
Names = Annotated[dict[Language, Annotated[str, Field(min_length=1)]], AfterValidator(_check_names)]
Country = Annotated[str, AfterValidator(_check_country)]
Currency = Annotated[str, AfterValidator(_check_currency)]
WorkspaceFile = Annotated[str, AfterValidator(_check_file)]
PersonRef = Annotated[str, _reference_to('person')]
PlaceRef = Annotated[str, _reference_to('place')]
OrganisationRef = Annotated[str, _reference_to('organisation')]


class Model(BaseModel):
    model_config = ConfigDict(extra='forbid', frozen=True, strict=False)


# ---------------------------------------------------------------------------
# Facts

class Organisation(Model):
    name: Names
    short: Names | None = None
    country: Country | None = None


class Person(Model):
    name: Names
    title: Names | None = None
    short: Names | None = Field(
        None, description='How the release refers to the person after the first mention.')
    organisation: OrganisationRef | None = None


class Place(Model):
    name: Names
    country: Country | None = None
    coordinates: Annotated[tuple[float, float], AfterValidator(_check_coordinates)] | None = None


class Day(Model):
    day: date


class _Ordered(Model):
    """A range whose end may not come before its start."""

    @model_validator(mode='after')
    def _ends_after_start(self):
        if self.end < self.start:
            raise ValueError(f'ends ({self.end}) before it starts ({self.start})')
        return self


class Range(_Ordered):
    start: date
    end: date


class Month(Model):
    year: int = Field(ge=1, le=9999)
    month: int = Field(ge=1, le=12)


def _first_of_month(value):
    """``2019-11`` is the month, read as its first day."""
    if isinstance(value, str) and (match := re.fullmatch(r'(\d{4})-(\d{1,2})', value)):
        if not 1 <= int(match[2]) <= 12:
            raise ValueError(f"'{value}' is not a month: months run from 01 to 12")
        return date(int(match[1]), int(match[2]), 1)
    raise ValueError(f"'{value}' is not a month such as 2019-11")


class Months(_Ordered):
    """A range of months: ``{start: 2019-11, end: 2019-12}``."""

    start: Annotated[date, BeforeValidator(_first_of_month)]
    end: Annotated[date, BeforeValidator(_first_of_month)]


class Years(_Ordered):
    """A range of years: ``{start: 2020, end: 2022}``."""

    start: int = Field(ge=1000, le=9999)
    end: int = Field(ge=1000, le=9999)


class Moment(Model):
    """A date and time with its UTC offset: ``2019-11-26T14:00+09:00``."""

    at: AwareDatetime


class Times(_Ordered):
    """A time range with its UTC offset: ``{start: 2019-11-26T14:00+09:00, end: 2019-11-26T17:30+09:00}``."""

    start: AwareDatetime
    end: AwareDatetime


def _is_datetime(value):
    return isinstance(value, datetime) or (isinstance(value, str) and re.fullmatch(r'\d{4}-\d\d-\d\dT.*', value))


def _date_fact(value):
    """Accept ``2019-09-20``, ``2017-11``, ``2019-11-26T14:00+09:00`` or ``{start: ..., end: ...}``."""
    if _is_datetime(value):
        return {'at': value}
    if isinstance(value, date):
        return {'day': value}
    if isinstance(value, str) and (match := re.fullmatch(r'(\d{4})-(\d{2})', value)):
        return {'year': int(match[1]), 'month': int(match[2])}
    if isinstance(value, str) and re.fullmatch(r'\d{4}-\d{1,2}-\d{1,2}', value):
        return {'day': value}  # not a real day (2019-02-30): the schema says why
    if isinstance(value, dict):
        return value
    raise ValueError(
        'expected a date (2019-09-20), a month (2017-11), a date and time (2019-11-26T14:00+09:00) '
        'or a range {start: ..., end: ...}')


def _range_shape(start):
    """Which kind of range its start makes it: of times, of years, of months, or of days."""
    if _is_datetime(start):
        return 'Times'
    if isinstance(start, int) and not isinstance(start, bool):
        return 'Years'
    if isinstance(start, str) and re.fullmatch(r'\d{4}-\d{1,2}', start):
        return 'Months'
    return 'Range'


def _date_shape(value):
    if isinstance(value, (Day, Range, Month, Months, Years, Moment, Times)):
        return type(value).__name__
    if 'day' in value:
        return 'Day'
    if 'year' in value:
        return 'Month'
    if 'at' in value:
        return 'Moment'
    return _range_shape(value.get('start'))


MONTH_PATTERN = r'^\d{4}-(0[1-9]|1[0-2])$'
#: A date and time with its UTC offset, seconds optional, as a record writes it.
MOMENT_PATTERN = r'^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$'
MonthText = Annotated[str, Field(pattern=MONTH_PATTERN)]
MomentText = Annotated[str, Field(pattern=MOMENT_PATTERN)]


class _MonthsAsWritten(TypedDict):
    start: MonthText
    end: MonthText


class _TimesAsWritten(TypedDict):
    start: MomentText
    end: MomentText


DateFact = Annotated[
    Union[Annotated[Day, Tag('Day')], Annotated[Range, Tag('Range')], Annotated[Month, Tag('Month')],
          Annotated[Months, Tag('Months')], Annotated[Years, Tag('Years')], Annotated[Moment, Tag('Moment')],
          Annotated[Times, Tag('Times')]],
    Discriminator(_date_shape),
    # The JSON Schema describes what a record holds, not the model it becomes.
    BeforeValidator(_date_fact, json_schema_input_type=Union[
        date, MonthText, MomentText, Range, _MonthsAsWritten, Years, _TimesAsWritten])]


def _check_amount(value: Decimal) -> Decimal:
    if value >= LARGEST_AMOUNT:
        raise ValueError('is too large for an amount: it must be below 10^18')
    return value

#: What each shape of the ``dates`` section is, as a kind of fact.
DATE_SHAPES = {'Day': 'date', 'Range': 'range', 'Month': 'month', 'Months': 'months', 'Years': 'years',
               'Moment': 'moment', 'Times': 'times'}


def _number_fact(value):
    """Accept ``87%`` (a percentage) or a plain number such as ``10``."""
    if isinstance(value, str) and (match := re.fullmatch(r'\s*(\d+(?:\.\d+)?)\s*%\s*', value)):
        return {'value': match[1], 'percent': True}
    if isinstance(value, str) and not re.fullmatch(r'\s*-?\d+(?:\.\d+)?\s*', value):
        raise ValueError(f"'{value}' is not a number such as 10, nor a percentage such as 87%")
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        return {'value': value}
    return value


class Number(Model):
    """A count, a plain number or a percentage, written per language: ``10``, ``87%``."""

    value: Annotated[Decimal, Field(allow_inf_nan=False)]
    percent: bool = False


NumberFact = Annotated[Number, BeforeValidator(_number_fact, json_schema_input_type=Union[
    float, Annotated[str, Field(pattern=r'^\s*-?\d+(\.\d+)?\s*%?\s*$')]])]


class Link(Model):
    """A web address, with a label in each language to show instead of it."""

    url: Annotated[str, Field(pattern=URL_PATTERN)]
    label: Names | None = None


class Amount(Model):
    value: Annotated[Decimal, Field(ge=0, allow_inf_nan=False), AfterValidator(_check_amount)]
    currency: Currency


# ---------------------------------------------------------------------------
# Content

class Quote(Model):
    quote: Prose
    speaker: PersonRef


class Note(Model):
    note: Prose


def _block_shape(value):
    if isinstance(value, str):
        return 'Paragraph'
    if isinstance(value, (Quote, Note)):
        return type(value).__name__
    if isinstance(value, dict):
        return 'Quote' if 'quote' in value else 'Note' if 'note' in value else None
    return None


Block = Annotated[
    Union[Annotated[Prose, Tag('Paragraph')], Annotated[Quote, Tag('Quote')], Annotated[Note, Tag('Note')]],
    Discriminator(_block_shape, custom_error_type='block',
                  custom_error_message='a body item is a paragraph (text), '
                                       '{quote: ..., speaker: ...} or {note: ...}')]


class Photo(Model):
    file: Annotated[WorkspaceFile, AfterValidator(_check_image)]
    alt: Prose
    caption: Prose | None = None
    credit: Prose | None = None


def _check_attachment(path: Path) -> Path:
    if path.stat().st_size > LIMITS.attachment_bytes:
        raise ValueError(f"'{path.name}' is larger than {LIMITS.attachment_bytes:,} bytes, the limit for an "
                         'attachment')
    return path


class Attachment(Model):
    file: Annotated[WorkspaceFile, AfterValidator(_check_attachment)]
    title: Prose


class Contact(Model):
    unit: Names
    person: PersonRef | None = None
    phone: str | None = None
    email: Annotated[str, Field(pattern=EMAIL_PATTERN)] | None = None


def _check_date_reference(name: str, info: ValidationInfo) -> str:
    declared = {n for n, (kind, _) in info.context['facts'].items() if kind in DATE_KINDS}
    if name not in declared:
        raise ValueError(f"no date '{name}' is declared{_suggestion(name, declared)}")
    return name


#: What a partner does beside the issuer; the page names each role in its language.
Role = Literal['co-issuer', 'co-host', 'organiser', 'sponsor', 'supporter']


class Partner(Model):
    """An organisation named beside the issuer, with its role (``co-issuer`` when a bare name)."""

    organisation: OrganisationRef
    role: Role = 'co-issuer'


def _partner(value):
    return {'organisation': value} if isinstance(value, str) else value


class Event(Model):
    """What the release is about, for search engines: its dates and places, by reference."""

    dates: Annotated[str, AfterValidator(_check_date_reference)]
    places: list[PlaceRef] = []


#: What each field of a record is, as editors show it beside the field (see schema.py).
FIELD_HELP = {
    'id': 'Names the release\'s catalogs and outputs: lower-case words joined by hyphens.',
    'source_language': 'The language the prose of this record is written in, such as ko or en.',
    'languages': 'Every language the release is published in; the bilingual edition follows this order.',
    'together': 'The languages of the edition that holds them all, in its order, if not every language: [ko, en].',
    'published': 'The day of publication, such as 2019-09-27.',
    'embargo': 'Not for publication before this date and time, with its UTC offset: 2019-11-26T12:00:00+09:00.',
    'issuer': 'The organisation issuing the release, declared under organisations.',
    'partners': 'Organisations issuing it together with the issuer, declared under organisations.',
    'breadcrumb': "The site's section labels above the title, translated like the prose.",
    'keywords': "Words for search engines and the PDF's properties, translated like the prose; no commas.",
    'title': 'The headline. Prose may name facts: {person}, {person.title}, {date.short}, {amount}.',
    'subtitle': 'A line under the headline.',
    'lead': 'The opening paragraph, printed in bold.',
    'body': 'Paragraphs (text), quotes {quote: ..., speaker: person} and notes {note: ...}, in order.',
    'photos': 'Photos: file (relative to this record), alt text, caption and credit.',
    'attachments': 'Files the PDF carries and the pages link to: file and title.',
    'contacts': 'Who the media may call: unit (named per language), person, phone, email.',
    'event': 'What the release is about, for search engines: dates (a date fact) and places.',
    'organisations': 'Organisations by placeholder name: name and short name per language, country.',
    'people': 'People by placeholder name: name, title and short form per language, organisation.',
    'places': 'Places by placeholder name: name per language, country, coordinates [lat, lon].',
    'dates': 'Dates by placeholder name: a day (2019-09-20), a month (2017-11) or {start: ..., end: ...}.',
    'amounts': 'Amounts of money by placeholder name: value (a plain number) and currency (ISO 4217).',
    'numbers': 'Counts and percentages by placeholder name: 10, 87%.',
    'links': 'Web addresses by placeholder name: url, and a label per language to show instead of it.',
}


def _describe_fields(schema: dict):
    for name, text in FIELD_HELP.items():
        schema['properties'][name]['description'] = text


class Release(Model):
    model_config = ConfigDict(json_schema_extra=_describe_fields)

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_LENGTH)]
    source_language: Language
    languages: Annotated[list[Language], Field(min_length=1)]
    #: The languages of the default edition with several, in its order: all of ``languages`` unless given.
    together: list[Language] | None = None
    published: date
    embargo: AwareDatetime | None = None
    issuer: OrganisationRef
    partners: list[Annotated[Partner, BeforeValidator(_partner, json_schema_input_type=Union[FactName, Partner])]] = []
    breadcrumb: list[Prose] = []
    keywords: list[Keyword] = []

    title: Prose
    subtitle: Prose | None = None
    lead: Prose
    body: list[Block] = []
    photos: list[Photo] = []
    attachments: list[Attachment] = []
    contacts: list[Contact] = []
    event: Event | None = None

    organisations: dict[FactName, Organisation] = {}
    people: dict[FactName, Person] = {}
    places: dict[FactName, Place] = {}
    dates: dict[FactName, DateFact] = {}
    numbers: dict[FactName, NumberFact] = {}
    amounts: dict[FactName, Amount] = {}
    links: dict[FactName, Link] = {}

    _source: Path = PrivateAttr()
    _lines: dict = PrivateAttr(default_factory=dict)
    _workspace: Workspace = PrivateAttr()

    @model_validator(mode='after')
    def _languages_are_consistent(self):
        if self.source_language not in self.languages:
            raise ValueError(
                f"source_language '{self.source_language}' must be one of languages {self.languages}")
        if len(set(self.languages)) != len(self.languages):
            raise ValueError('languages lists a language twice')
        if self.together is not None and (len(self.together) < 2 or len(set(self.together)) != len(self.together)
                                          or not set(self.together) <= set(self.languages)):
            raise ValueError(f'together must list two or more of languages {self.languages}, each once')
        return self

    @property
    def source(self) -> Path:
        """The record file."""
        return self._source

    @property
    def workspace(self) -> Workspace:
        return self._workspace

    def line_of(self, *field) -> int | None:
        """The line of ``field`` (a path such as ``('body', 2)``) in the record file."""
        while field not in self._lines and field:
            field = field[:-1]
        return self._lines.get(field)

    def facts(self) -> dict[str, Any]:
        """Every declared fact by name: people, organisations, places, dates and amounts."""
        return {**self.people, **self.organisations, **self.places, **self.dates, **self.numbers, **self.amounts,
                **self.links}


FACT_SECTIONS = {
    'people': 'person', 'organisations': 'organisation', 'places': 'place', 'numbers': 'number', 'amounts': 'amount',
    'links': 'link'}


def _fact_attributes(data):
    """Map every declared fact name to the placeholder attributes it offers.

    Read from the raw data, before validation, so that every placeholder in the
    record can be checked in the same pass as everything else.
    """
    facts = {}
    for section, kind in FACT_SECTIONS.items():
        if isinstance(data.get(section), dict):
            for name, value in data[section].items():
                given = {key for key, given in value.items() if given is not None} if isinstance(value, dict) else set()
                if 'title' in given:
                    given.add('titled')  # the name with its title, in the language's order
                optional = ATTRIBUTES[kind] - {'', 'full'}
                facts[str(name)] = (kind, ATTRIBUTES[kind] - (optional - given))
    if isinstance(data.get('dates'), dict):
        for name, value in data['dates'].items():
            try:
                shape = _date_shape(_date_fact(value))
            except (ValueError, AttributeError):
                shape = 'Day'  # the schema reports what is wrong with it
            kind = DATE_SHAPES[shape]
            facts[str(name)] = (kind, ATTRIBUTES[kind])
    return facts


# ---------------------------------------------------------------------------
# Loading

def load_record(path) -> Release:
    """Read and validate a record file; raise InputError listing every problem."""
    path = Path(path)
    text = _read_text(path)
    data, lines, problems = _parse_yaml(path, text)
    if data is None:
        raise InputError(problems or [Problem(path, 1, '', 'the file is empty')])
    if not isinstance(data, dict):
        raise InputError([Problem(path, 1, '', 'a record is a mapping of fields, such as "id: ..."')])

    workspace = Workspace.of_record(path)
    context = {
        'facts': _fact_attributes(data),
        'languages': _languages(data),
        'folder': path.parent.resolve(),
        'workspace': workspace,
    }
    problems += _cross_checks(path, lines, data)
    try:
        release = Release.model_validate(data, context=context)
    except ValidationError as error:
        problems += [_problem(path, lines, detail, text) for detail in error.errors()]
        raise InputError(sorted(problems, key=_position)) from None
    if problems:
        raise InputError(sorted(problems, key=_position))
    release._source = path
    release._lines = lines
    release._workspace = workspace
    return release


def _read_text(path: Path) -> str:
    """The text of a record file, refused when it is too large or not UTF-8."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError([Problem(path, None, '', 'not a file')])
        with open(path, 'rb') as file:
            data = file.read(LIMITS.record_bytes + 1)
    except FileNotFoundError:
        raise InputError([Problem(path, None, '', 'no such record file')]) from None
    except OSError as error:
        raise InputError([Problem(path, None, '', error.strerror or str(error))]) from None
    if len(data) > LIMITS.record_bytes:
        raise InputError([Problem(path, None, '', f'the record is larger than {LIMITS.record_bytes:,} bytes, '
                                                  'the limit for a record')])
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError as error:
        line, column = _line_and_column(data, error.start)
        raise InputError([Problem(path, line, '', f'not UTF-8 text: byte 0x{data[error.start]:02x} at column '
                                                  f'{column} ({error.reason}); save the record as UTF-8')]) from None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (in characters, from 1) of the byte at ``offset``."""
    start = data.rfind(b'\n', 0, offset) + 1
    return data.count(b'\n', 0, offset) + 1, len(data[start:offset].decode('utf-8', 'replace')) + 1


def _languages(data):
    """The release's languages that names must be given in: only valid ones, so that one
    mistyped language is reported once, not again for every name."""
    from babel import localedata

    languages = data.get('languages')
    if not isinstance(languages, list):
        return []
    return [lang for lang in languages
            if isinstance(lang, str) and re.fullmatch(LANGUAGE_PATTERN, lang) and localedata.exists(lang)]


def _cross_checks(path, lines, data):
    """Rules between sections: one name per fact, one file name per output folder."""
    problems = []
    seen = {}
    for section in ('people', 'organisations', 'places', 'dates', 'numbers', 'amounts', 'links'):
        if not isinstance(data.get(section), dict):
            continue
        for name in data[section]:
            if name in seen:
                problems.append(Problem(path, lines.get((section, name)), f'{section}.{name}',
                                        f"'{name}' is also declared in {seen[name]}; "
                                        'placeholders need one name per fact'))
            seen[name] = section
    files = {}
    for section in ('photos', 'attachments'):
        items = data.get(section)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get('file'), str):
                continue
            name = Path(item['file']).name
            if name in files:
                problems.append(Problem(path, lines.get((section, index, 'file')), f'{section}[{index}].file',
                                        f"another file is also named '{name}' ({files[name]})"))
            files[name] = f'{section}[{index}].file'
    return problems


def _position(problem):
    return (problem.line or 0, problem.field)


def _problem(path, lines, detail, text):
    location = tuple(part for part in detail['loc'] if not _is_union_branch(part))
    field = field_path(location)
    line = None
    probe = location
    while line is None:
        line = lines.get(probe)
        if not probe:
            break
        probe = probe[:-1]
    error = detail.get('ctx', {}).get('error')
    if isinstance(error, PlaceholderError) and line:
        line = _line_holding(text, error.placeholder, line)
    return Problem(path, line, field, _message(detail))


def _line_holding(text, fragment, start):
    """The first line from ``start`` on that holds ``fragment`` (prose spans several lines)."""
    for number, content in enumerate(text.splitlines()[start - 1:], start):
        if fragment in content:
            return number
    return start


def _field_names():
    """Every field name of the schema, to suggest one for a misspelling."""
    names = set()
    for model in (Release, Organisation, Person, Place, Range, Amount, Number, Quote, Note, Photo, Attachment, Contact,
                  Event, Partner, Link):
        names |= set(model.model_fields)
    return names


def _is_union_branch(part):
    """pydantic names the branch of a union it tried; the user never wrote those names."""
    return isinstance(part, str) and (
        part in ('Paragraph', 'Quote', 'Note', *DATE_SHAPES) or part.startswith('function-'))


def field_path(location):
    text = ''
    for part in location:
        text += f'[{part}]' if isinstance(part, int) else (f'.{part}' if text else str(part))
    return text


def _message(detail):
    kind = detail['type']
    reason = f" ({detail['ctx']['error']})" if isinstance(detail.get('ctx', {}).get('error'), str) else ''
    if kind in ('timezone_aware', 'datetime_type', 'datetime_from_date_parsing', 'datetime_parsing'):
        return 'give a date and time with its UTC offset, such as 2019-11-26T12:00:00+09:00' + _datetime_reason(detail)
    if kind in ('date_type', 'date_parsing', 'date_from_datetime_parsing'):
        return 'give a date as year-month-day, such as 2019-09-27' + reason
    if kind == 'date_from_datetime_inexact':
        return 'give a date without a time, such as 2019-09-27'
    if kind in ('decimal_parsing', 'decimal_type'):
        return 'give a number without commas or currency signs, such as 5500000'
    if kind == 'missing':
        return 'required field is missing'
    if kind == 'extra_forbidden':
        return f'unknown field{_suggestion(str(detail["loc"][-1]), _field_names())}'
    if kind == 'value_error':
        return str(detail['ctx']['error'])
    if kind == 'string_pattern_mismatch':
        return _PATTERN_MESSAGES[detail['ctx']['pattern']].format(detail['input'])
    message = detail['msg']
    return message[0].lower() + message[1:]


def _datetime_reason(detail) -> str:
    """Why a date and time is impossible (an hour of 25), in Python's words, which name the part."""
    if not isinstance(detail.get('input'), str):
        return ''
    try:
        datetime.fromisoformat(detail['input'])
    except ValueError as error:
        return '' if 'isoformat' in str(error) else f' ({error})'
    return ''


_PATTERN_MESSAGES = {
    ID_PATTERN: "'{}' is not an id: use lower-case words joined by hyphens, such as 2019-09-27-mois-asean",
    LANGUAGE_PATTERN: "'{}' is not a language code such as en or ko",
    FACT_NAME_PATTERN: "'{}' cannot be a placeholder name: use lower-case letters, digits and _",
    EMAIL_PATTERN: "'{}' is not an e-mail address",
    URL_PATTERN: "'{}' is not a web address such as https://www.mois.go.kr",
}


# -- YAML with line numbers ----------------------------------------------------

# libyaml's loader, where PyYAML has it, reads a record several times faster.
class _Loader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
    """YAML's safe loader, except that a value Python cannot hold stays text.

    An impossible date (2019-09-31) or an integer of thousands of digits
    makes PyYAML raise a bare ValueError; as text, it reaches the schema,
    which reports it with its line and field like any other bad value.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor('tag:yaml.org,2002:timestamp', _Loader.construct_yaml_timestamp)
_Loader.add_constructor('tag:yaml.org,2002:int', _Loader.construct_yaml_int)


class _Refused(Exception):
    """A document that is not built at all: a problem found in its nodes."""

    def __init__(self, node, message):
        super().__init__(message)
        self.line = node.start_mark.line + 1
        self.message = message


def _parse_yaml(path, text):
    """Return (data, lines, problems): ``lines`` maps field paths to line numbers.

    The document's nodes are counted, with their aliases, before anything is
    built from them, so that an alias bomb or an alias holding itself is
    refused in the time it takes to read the file.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        _count_values(node)
        data = loader.construct_document(node)
    except _Refused as error:
        return None, {}, [Problem(path, error.line, '', error.message)]
    except yaml.reader.ReaderError as error:  # a control character in the file itself
        line, column = _line_and_column(text.encode('utf-8'), error.position)
        refused = refused_character(chr(error.character))
        message = refused[1] if refused else f'U+{error.character:04X} is not allowed in YAML'
        return None, {}, [Problem(path, line, '', f'column {column}: {message}')]
    except yaml.MarkedYAMLError as error:
        return None, {}, [_syntax_problem(path, text, error)]
    except yaml.YAMLError as error:
        return None, {}, [Problem(path, None, '', f'YAML syntax: {error}')]
    finally:
        loader.dispose()
    lines, problems = {}, []
    _walk(path, text, node, lines, problems)
    problems += _paragraph_problems(path, lines, data)
    return data, lines, problems


def _syntax_problem(path, text, error):
    mark = error.problem_mark or error.context_mark
    context = error.context or ''
    if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
        context += f' (from line {error.context_mark.line + 1})'
    message = ' '.join(part for part in (context, error.problem) if part)
    lines = text.splitlines() or ['']
    # The end of the file is a line past the last one when the file ends with a line break.
    number = min(mark.line, len(lines) - 1) if mark else None
    line = lines[number] if number is not None else ''
    if re.search(r'(:|^\s*-)\s*\{\w', line):
        message += '; a value that starts with a {placeholder} must be in quotes'
    if '\t' in line or '\t' in (error.problem or ''):
        message += '; indent with spaces: YAML does not allow tabs'
    return Problem(path, number + 1 if number is not None else None, '', f'YAML syntax: {message}')


def _count_values(root):
    """Count the values of a document as if its aliases were expanded, without expanding them.

    Raises _Refused when an alias holds the value it is part of, or when
    there are more values than LIMITS.values.
    """
    sizes, open_nodes = {}, set()
    stack = [(root, False)]
    while stack:
        node, children_counted = stack.pop()
        children = _children(node)
        if children_counted:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[id(node)] > LIMITS.values:
                raise _Refused(node, f'holds more than {LIMITS.values:,} values once its YAML aliases (*name) '
                                     'are expanded, the limit for a record')
            continue
        if id(node) in sizes:
            continue
        if id(node) in open_nodes:
            raise _Refused(node, 'a YAML alias (*name) stands for a value that holds the alias itself')
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node):
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _walk(path, text, root, lines, problems):
    """Record the line of every field (a mapping's key, or a list item's start); check every text.

    A value repeated by aliases has a line for each of its places, and its problems once.
    """
    stack, checked = [(root, ())], set()
    while stack:
        node, location = stack.pop()
        lines.setdefault(location, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, value_node in node.value:
                key = key_node.value
                if not isinstance(key, str):  # a list or mapping as a key: the schema refuses it
                    continue
                line = key_node.start_mark.line + 1
                if key in seen:
                    problems.append(Problem(path, line, field_path(location + (key,)),
                                            f'given twice (first on line {seen[key]})'))
                seen[key] = line
                lines[location + (key,)] = line
                if id(key_node) not in checked:
                    checked.add(id(key_node))
                    problems += _text_problems(path, text, key_node, location + (key,))
            stack.extend((value_node, location + (key_node.value,)) for key_node, value_node in reversed(node.value)
                         if isinstance(key_node.value, str))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, location + (index,)) for index, item in reversed(list(enumerate(node.value))))
        elif id(node) not in checked:
            checked.add(id(node))
            problems += _text_problems(path, text, node, location)


def _text_problems(path, text, node, location):
    """A text too long, or holding a character that is never text."""
    value, field = node.value, field_path(location)
    if len(value) > LIMITS.string_length:
        return [Problem(path, node.start_mark.line + 1, field,
                        f'is {len(value):,} characters long; the limit for one text is {LIMITS.string_length:,}')]
    refused = refused_character(value)
    if refused is None:
        return []
    offset, message = refused
    written = text[node.start_mark.index:node.end_mark.index]
    # The character as written in the file, else (written as an escape such as "\e") where its text starts.
    found = written.find(value[offset])
    line = node.start_mark.line + 1 + (written.count('\n', 0, found) if found >= 0 else 0)
    return [Problem(path, line, field, message)]


def _paragraph_problems(path, lines, data):
    body = data.get('body') if isinstance(data, dict) else None
    if isinstance(body, list) and len(body) > LIMITS.paragraphs:
        return [Problem(path, lines.get(('body',)), 'body',
                        f'has {len(body):,} items; the limit for a body is {LIMITS.paragraphs:,}')]
    return []
