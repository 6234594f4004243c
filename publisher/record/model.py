"""The release and the facts it holds: people, organisations, places, dates, numbers, amounts and links.

Facts are held once and never translated by hand; prose names them with
placeholders such as ``{yoon}`` or ``{corps.short}``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from typing_extensions import TypedDict

from pydantic import (
    AfterValidator, AwareDatetime, BeforeValidator, ConfigDict, Discriminator, Field, PrivateAttr, Tag,
    ValidationInfo, field_validator, model_validator)

from ..workspace import Workspace
from . import limits
from .blocks import Block, units
from .contacts import Contact
from .fields import (
    ATTRIBUTES, DATE_KINDS, placeholders, ID_LENGTH, ID_PATTERN, URL_PATTERN, Country, Currency, FactName,
    Keyword, Language, Model, Names, OrganisationRef, PlaceRef, Prose, WorkspaceFile, _check_coordinates,
    _check_image, _suggestion)


#: A name in its own language and script, given as ``{pt: António Guterres}``.
def _one_original(names: dict) -> dict:
    if len(names) != 1:
        raise ValueError('gives the name in the one language it is written in, such as {pt: António Guterres}')
    return names


Original = Annotated[dict[Language, Annotated[str, Field(min_length=1)]], AfterValidator(_one_original)]
ORIGINAL_HELP = ('The name in its own language and script, {pt: António Guterres}: a Korean edition writes it '
                 'after the first mention of the name.')


class Organisation(Model):
    name: Names
    short: Names | None = None
    country: Country | None = None
    original: Original | None = Field(None, description=ORIGINAL_HELP)
    article: dict[Language, Annotated[str, Field(min_length=1)]] | None = Field(
        None, description='The article its name takes in running prose, per language that has one: '
                          '{en: the} for "the Ministry of the Interior and Safety".')


class Person(Model):
    name: Names
    original: Original | None = Field(None, description=ORIGINAL_HELP)
    title: Names | None = None
    short: Names | None = Field(
        None, description='How the release refers to the person after the first mention.')
    organisation: OrganisationRef | None = None


class Place(Model):
    name: Names
    country: Country | None = None
    coordinates: Annotated[tuple[Annotated[float, Field(json_schema_extra={'minimum': -90, 'maximum': 90})],
                                 Annotated[float, Field(json_schema_extra={'minimum': -180, 'maximum': 180})]],
                           AfterValidator(_check_coordinates)] | None = None


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
    if value >= limits.LARGEST_AMOUNT:
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
    value: Annotated[Decimal, Field(ge=0, allow_inf_nan=False), AfterValidator(_check_amount),
                     Field(json_schema_extra=lambda schema: schema.update(anyOf=[
                         {'type': 'number', 'minimum': 0, 'exclusiveMaximum': 10 ** 18},
                         {'type': 'string', 'pattern': r'^\s*\d+(\.\d+)?\s*$'}]))]
    currency: Currency


class Photo(Model):
    file: Annotated[WorkspaceFile, AfterValidator(_check_image)]
    alt: Prose
    caption: Prose | None = None
    credit: Prose | None = None


def _check_attachment(path: Path) -> Path:
    if path.stat().st_size > limits.LIMITS.attachment_bytes:
        raise ValueError(f"'{path.name}' is larger than {limits.LIMITS.attachment_bytes:,} bytes, the limit for an "
                         'attachment')
    return path


class Attachment(Model):
    file: Annotated[WorkspaceFile, AfterValidator(_check_attachment)]
    title: Prose


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


class Correction(Model):
    """A correction published after the release: when, and what changed, as prose to translate."""

    when: AwareDatetime = Field(description='When the correction is published, with its UTC offset: '
                                            '2019-09-28T10:00:00+09:00.')
    what: Prose = Field(description='What changed, printed under the title: "The date of the forum is 20 September."')


def _in_order(corrections: list[Correction]) -> list[Correction]:
    """Corrections are a history: each after the one before, so that the latest is the last."""
    for earlier, later in zip(corrections, corrections[1:]):
        if later.when <= earlier.when:
            raise ValueError(f'list the corrections oldest first: {later.when.isoformat()} comes before '
                             f'{earlier.when.isoformat()}')
    return corrections


class Event(Model):
    """What the release is about, for search engines: its dates and places, by reference."""

    dates: Annotated[str, AfterValidator(_check_date_reference)]
    places: list[PlaceRef] = []


class Footnote(Model):
    """A footnote: prose the lead or the body refers to with its placeholder (``{name}``), which
    prints its mark; footnotes are numbered in the order they are first referred to."""

    text: Prose
    _number: int = PrivateAttr(default=0)

    @property
    def number(self) -> int:
        return self._number


def _footnote(value):
    return {'text': value} if isinstance(value, str) else value


FootnoteFact = Annotated[Footnote, BeforeValidator(_footnote, json_schema_input_type=str)]


#: What each field of a record is, as editors show it beside the field (see schema.py).
FIELD_HELP = {
    'id': 'Names the release\'s catalogs and outputs: lower-case words joined by hyphens.',
    'source_language': 'The language the prose of this record is written in, such as ko or en.',
    'languages': 'Every language the release is published in; the bilingual edition follows this order.',
    'together': 'The languages of the edition that holds them all, in its order, if not every language: [ko, en].',
    'published': 'The day of publication, such as 2019-09-27.',
    'embargo': 'Not for publication before this date and time, with its UTC offset: 2019-11-26T12:00:00+09:00.',
    'distributed': ('When the release was sent to the press, with its UTC offset (배포 일시): '
                    '2019-11-26T10:00:00+09:00; not after the embargo nor the day of publication.'),
    'issuer': 'The organisation issuing the release, declared under organisations.',
    'partners': 'Organisations issuing it together with the issuer, declared under organisations.',
    'breadcrumb': "The site's section labels above the title, translated like the prose.",
    'keywords': "Words for search engines and the PDF's properties, translated like the prose; no commas.",
    'title': 'The headline. Prose may name facts: {person}, {person.title}, {date.short}, {amount}.',
    'subtitle': 'A line under the headline (or subtitles, for several).',
    'subtitles': 'Lines under the headline summarising the release, each translated on its own: a Korean edition '
                 'prints each after "- ".',
    'lead': 'The opening paragraph, printed in bold.',
    'body': ('Paragraphs (text), {heading: ...}, {subheading: ...}, lists {items: [...]} and {numbered: [...]}, '
             'tables {caption: ..., rows: [[...]]}, boxes {box: title, body: [...]}, {remark: ...}, '
             'quotes {quote: ..., speaker: person} and notes {note: ...}, in order.'),
    'footnotes': 'Footnotes by placeholder name: their text; the lead or body prints {name} where each is referred to.',
    'photos': 'Photos: file (relative to this record), alt text, caption and credit.',
    'attachments': 'Files the PDF carries and the pages link to: file and title.',
    'contacts': ('Who the media may call, a table per department: department (an organisation), director and '
                 'officer, each {person: ..., phone: +82 44 205 0000, email: ...}.'),
    'event': 'What the release is about, for search engines: dates (a date fact) and places.',
    'corrections': 'Corrections published after the release, oldest first: when, and what changed.',
    'organisations': 'Organisations by placeholder name: name and short name per language, country.',
    'people': 'People by placeholder name: name, title and short form per language, organisation.',
    'places': 'Places by placeholder name: name per language, country, coordinates [lat, lon].',
    'dates': 'Dates by placeholder name: a day (2019-09-20), a month (2017-11) or {start: ..., end: ...}.',
    'amounts': 'Amounts of money by placeholder name: value (a plain number) and currency (ISO 4217).',
    'numbers': 'Counts and percentages by placeholder name: 10, 87%.',
    'links': 'Web addresses by placeholder name: url, and a label per language to show instead of it.',
}


#: What each field of a fact, a photo, an attachment or a contact is, by the kind of value that holds it.
NESTED_HELP = {
    'Organisation': {'name': 'The full name in each language of the release: {ko: 행정안전부, en: ...}.',
                     'short': 'The short name in each language, for later mentions: {ko: 행안부, en: MOIS}.',
                     'country': 'An ISO 3166 country code such as KR or TH (not Korea).'},
    'Person': {'name': 'The name in each language of the release.',
               'title': 'The title or post in each language.',
               'organisation': 'Names an entry under organisations.'},
    'Place': {'name': 'The name in each language of the release.',
              'country': 'An ISO 3166 country code such as KR or TH (not Korea).',
              'coordinates': '[latitude, longitude]: latitude from -90 to 90, longitude from -180 to 180.'},
    'Amount': {'value': 'A plain number in full, such as 3000000000 (not 30억).',
               'currency': 'An ISO 4217 currency code such as KRW or USD (not WON).'},
    'Photo': {'file': 'The image file (PNG, JPEG, GIF or WebP), relative to this record.',
              'alt': 'What the photo shows, for readers who cannot see it.',
              'caption': 'The caption printed under the photo.', 'credit': 'Who took or owns the photo.'},
    'Attachment': {'file': 'The file, relative to this record.', 'title': 'What the file is, as the page lists it.'},
    'Contact': {'department': 'The department, an entry under organisations (담당 부서).',
                'unit': 'The department in each language of the release, instead of department.',
                'director': 'The director (책임자): {person: ..., phone: +82 44 205 0000, email: ...}.',
                'officer': 'The officer (담당자), or a list of them, each {person: ..., phone: ..., email: ...}.',
                'person': 'Names an entry under people: the officer, in a contact written without roles.',
                'phone': 'The phone number with its country code, +82 44 205 0000, written per language; '
                         "the department's own without person.",
                'email': "The e-mail address; the department's own without person."},
    'Reachable': {'person': 'Names an entry under people.',
                  'phone': 'The phone number with its country code, +82 44 205 0000, written per language.',
                  'email': 'The e-mail address.'},
    'Link': {'url': 'The web address, starting with https:// or http://.',
             'label': 'What to show instead of the address, in each language.'},
    'Event': {'dates': 'Names an entry under dates.', 'places': 'Names entries under places.'},
    'Note': {'note': 'A note printed in smaller type after the paragraph before it.'},
    'Quote': {'quote': 'What the speaker said, without quotation marks.', 'speaker': 'Names an entry under people.'},
    'Range': {'start': 'The first day, such as 2019-09-19.', 'end': 'The last day, such as 2019-09-24.'},
    'Years': {'start': 'The first year, such as 2019.', 'end': 'The last year, such as 2023.'},
    '_MonthsAsWritten': {'start': 'The first month, such as 2019-09.', 'end': 'The last month, such as 2019-12.'},
    '_TimesAsWritten': {'start': 'When it starts: a time such as 14:00, or a day and time.',
                        'end': 'When it ends: a time such as 17:30, or a day and time.'},
    'Partner': {'organisation': 'Names an entry under organisations.',
                'role': 'What the partner does: co-issuer, co-host, organiser, sponsor or supporter.'},
    'Heading': {'heading': 'A section heading under the title (h2): {heading: 추진 배경}.'},
    'Subheading': {'subheading': 'A heading under a section heading (h3).'},
    'Remark': {'remark': 'A remark, printed with the language\'s mark (※ in Korean, "Note:" in English).'},
    'BulletList': {'items': 'The list\'s points, each a text or {text: ..., items: [...]} to nest details under it.'},
    'NumberedList': {'numbered': 'The list\'s steps, numbered as the language numbers them.'},
    'Item': {'text': 'The point itself.', 'items': 'Details under the point, as a list of points.',
             'numbered': 'Details under the point, numbered.', 'remark': 'A remark under the point (※).'},
    'Table': {'caption': 'What the table shows, printed above it.',
              'header': 'Which cells head the table: row (the first row), column (the first column), both or none.',
              'rows': 'The rows, each a list of cells: a text, a number, or {cell: ..., across: 2, down: 2}.'},
    'Cell': {'cell': 'What the cell holds: a text or a number.', 'across': 'How many columns the cell spans.',
             'down': 'How many rows the cell spans.'},
    'Box': {'box': 'The box\'s title: 참고, Background, Notes to editors.',
            'body': 'What the box holds: paragraphs, headings, lists, tables, remarks.'},
}


def _describe_fields(schema: dict):
    for name, text in FIELD_HELP.items():
        schema['properties'][name]['description'] = text


class Release(Model):
    model_config = ConfigDict(json_schema_extra=_describe_fields)

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_LENGTH)]
    source_language: Language
    languages: Annotated[list[Language], Field(min_length=1, json_schema_extra={'uniqueItems': True})]
    #: The languages of the default edition with several, in its order: all of ``languages`` unless given.
    together: list[Language] | None = None
    published: date
    embargo: AwareDatetime | None = None
    distributed: AwareDatetime | None = None
    issuer: OrganisationRef
    partners: list[Annotated[Partner, BeforeValidator(_partner, json_schema_input_type=Union[FactName, Partner])]] = []
    breadcrumb: list[Prose] = []
    keywords: list[Keyword] = []

    title: Prose
    subtitle: Prose | None = None
    subtitles: list[Prose] = []
    lead: Prose
    body: list[Block] = []
    photos: list[Photo] = []
    attachments: list[Attachment] = []
    contacts: list[Contact] = []
    event: Event | None = None
    corrections: Annotated[list[Correction], AfterValidator(_in_order)] = []

    organisations: dict[FactName, Organisation] = {}
    people: dict[FactName, Person] = {}
    places: dict[FactName, Place] = {}
    dates: dict[FactName, DateFact] = {}
    numbers: dict[FactName, NumberFact] = {}
    amounts: dict[FactName, Amount] = {}
    links: dict[FactName, Link] = {}
    footnotes: dict[FactName, FootnoteFact] = {}

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

    @field_validator('distributed')
    @classmethod
    def _distributed_before_it_is_reported(cls, distributed, info: ValidationInfo):
        """A release is sent to the press before the moment it may be reported, and by its day of publication."""
        if distributed is None:
            return distributed
        embargo, published = info.data.get('embargo'), info.data.get('published')
        if embargo is not None and distributed > embargo:
            raise ValueError(f'{distributed.isoformat()} is after the embargo ({embargo.isoformat()}): a release is '
                             'distributed before it may be reported')
        if published is not None and distributed.date() > published:
            raise ValueError(f'{distributed.isoformat()} is after the day of publication ({published})')
        return distributed

    @field_validator('subtitles')
    @classmethod
    def _one_form_of_subtitle(cls, subtitles, info: ValidationInfo):
        if subtitles and info.data.get('subtitle'):
            raise ValueError('give subtitle (one line) or subtitles (a list), not both')
        return subtitles

    @property
    def sublines(self) -> list[tuple[tuple, str]]:
        """The lines under the title with their fields: ``subtitle`` or each of ``subtitles``."""
        if self.subtitle:
            return [(('subtitle',), self.subtitle)]
        return [(('subtitles', index), line) for index, line in enumerate(self.subtitles)]

    @model_validator(mode='after')
    def _number_footnotes(self):
        for number, name in enumerate(self.footnote_order(), 1):
            self.footnotes[name]._number = number
        return self

    def footnote_order(self) -> list[str]:
        """The footnotes in the order the lead and the body first refer to them."""
        order = {}
        for text in (self.lead, *(unit.text for unit in units(self.body))):
            for name, _ in placeholders(text):
                if name in self.footnotes:
                    order.setdefault(name, None)
        return list(order)

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

    def value_at(self, location: tuple):
        """What the record holds at ``location``, a path such as ``('body', 3, 'items', 2)``."""
        value = self
        for part in location:
            value = value[part] if isinstance(part, int) or isinstance(value, dict) else getattr(value, part)
        return value

    def facts(self) -> dict[str, Any]:
        """Every declared fact by name: people, organisations, places, dates, amounts, links and footnotes."""
        return {**self.people, **self.organisations, **self.places, **self.dates, **self.numbers, **self.amounts,
                **self.links, **self.footnotes}


FACT_SECTIONS = {
    'people': 'person', 'organisations': 'organisation', 'places': 'place', 'numbers': 'number', 'amounts': 'amount',
    'links': 'link', 'footnotes': 'footnote'}


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
