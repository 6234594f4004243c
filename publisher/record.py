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
import string
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import (
    AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
    PrivateAttr, Tag, ValidationError, ValidationInfo, model_validator)

from .problems import InputError, Problem
from .workspace import Workspace

ID_PATTERN = r'^[a-z0-9]+(?:-[a-z0-9]+)*$'
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
    resolved = (record_folder / path).resolve()
    if not resolved.is_relative_to(workspace.root):
        raise ValueError(f"'{path}' is outside the workspace {workspace.root}")
    if resolved.is_dir():
        raise ValueError(f"'{path}' is a folder, not a file")
    if not resolved.is_file():
        raise ValueError(f"file '{path}' does not exist (looked for {resolved})")
    return resolved


IMAGE_FORMATS = {'PNG', 'JPEG', 'GIF', 'WEBP'}


def _check_image(path: Path) -> Path:
    """A photo must be a whole raster image that browsers and WeasyPrint both show."""
    from PIL import Image, UnidentifiedImageError
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
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
    year: int
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


DateFact = Annotated[
    Union[Annotated[Day, Tag('Day')], Annotated[Range, Tag('Range')], Annotated[Month, Tag('Month')],
          Annotated[Months, Tag('Months')], Annotated[Years, Tag('Years')], Annotated[Moment, Tag('Moment')],
          Annotated[Times, Tag('Times')]],
    Discriminator(_date_shape), BeforeValidator(_date_fact)]

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


NumberFact = Annotated[Number, BeforeValidator(_number_fact)]


class Link(Model):
    """A web address, with a label in each language to show instead of it."""

    url: Annotated[str, Field(pattern=URL_PATTERN)]
    label: Names | None = None


class Amount(Model):
    value: Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
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


class Attachment(Model):
    file: WorkspaceFile
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


class Release(Model):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    source_language: Language
    languages: Annotated[list[Language], Field(min_length=1)]
    #: The languages of the default edition with several, in its order: all of ``languages`` unless given.
    together: list[Language] | None = None
    published: date
    embargo: AwareDatetime | None = None
    issuer: OrganisationRef
    partners: list[Annotated[Partner, BeforeValidator(_partner)]] = []
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
                given = set(value) if isinstance(value, dict) else set()
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
    try:
        text = path.read_text(encoding='utf-8')
    except FileNotFoundError:
        raise InputError([Problem(path, None, '', 'no such record file')]) from None
    except UnicodeDecodeError as error:
        raise InputError([Problem(path, None, '', f'not UTF-8 text ({error.reason})')]) from None
    except OSError as error:
        raise InputError([Problem(path, None, '', error.strerror or str(error))]) from None

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
    """YAML's safe loader, except that an impossible date (2019-09-31) stays text.

    PyYAML raises a bare ValueError for it; as text, it reaches the schema,
    which reports it with its line and field like any other bad value.
    """

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor('tag:yaml.org,2002:timestamp', _Loader.construct_yaml_timestamp)


def _parse_yaml(path, text):
    """Return (data, lines, problems): ``lines`` maps field paths to line numbers."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}, []
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        context = error.context or ''
        if error.context_mark and error.problem_mark and error.context_mark.line != error.problem_mark.line:
            context += f' (from line {error.context_mark.line + 1})'
        message = ' '.join(part for part in (context, error.problem) if part)
        line = text.splitlines()[mark.line] if mark and mark.line < text.count('\n') + 1 else ''
        if re.search(r'(:|^\s*-)\s*\{\w', line):
            message += '; a value that starts with a {placeholder} must be in quotes'
        if '\t' in line or '\t' in (error.problem or ''):
            message += '; indent with spaces: YAML does not allow tabs'
        return None, {}, [Problem(path, mark.line + 1 if mark else None, '', f'YAML syntax: {message}')]
    except yaml.YAMLError as error:
        return None, {}, [Problem(path, None, '', f'YAML syntax: {error}')]
    finally:
        loader.dispose()
    lines, problems = {}, []
    _walk(path, node, (), lines, problems)
    return data, lines, problems


def _walk(path, node, location, lines, problems):
    """Record the line of every field: a mapping's key, or a list item's start."""
    lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(path, key_node.start_mark.line + 1, field_path(location + (key,)),
                                        f'given twice (first on line {seen[key]})'))
            seen[key] = key_node.start_mark.line + 1
            lines[location + (key,)] = key_node.start_mark.line + 1
            _walk(path, value_node, location + (key,), lines, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(path, item, location + (index,), lines, problems)

