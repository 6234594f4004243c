"""The kinds of value a record's fields hold, and the rules each kind keeps.

Rules that need the rest of the record (declared names, the record's folder)
read it from the validation context that loading sets up.
"""

from __future__ import annotations

import difflib
import re
import string
import warnings
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo

from . import limits

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
    'footnote': {''},
}

#: The kinds of fact the ``dates`` section holds.
DATE_KINDS = ('date', 'range', 'month', 'months', 'years', 'moment', 'times')


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
    info.context['files'].append(record_folder / path)  # as named: a link pointed elsewhere changes its state
    try:
        resolved = (record_folder / path).resolve()
        if not resolved.is_relative_to(workspace.root):
            raise ValueError(f"'{path}' is outside the workspace {workspace.root}")
        if resolved.is_dir():
            raise ValueError(f"'{path}' is a folder, not a file")
        if resolved.exists() and not resolved.is_file():  # reading a pipe would wait, a device never end
            raise ValueError(f"'{path}' is a named pipe, a device or a socket, not a file")
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
    too_large = (f"'{path.name}' has more than {limits.LIMITS.image_pixels:,} pixels, the limit for a photo; "
                 'scale it down')
    try:
        with warnings.catch_warnings(), Image.open(path) as image:
            warnings.simplefilter('ignore', Image.DecompressionBombWarning)
            kind = image.format
            if image.width * image.height > limits.LIMITS.image_pixels:
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


def _countries() -> list[str]:
    from babel.core import get_global
    return sorted(code for code in get_global('territory_currencies')
                  if re.fullmatch(r'[A-Z]{2}', code) and code not in NOT_COUNTRIES)


def _currencies() -> list[str]:
    from babel.numbers import list_currencies
    return sorted(list_currencies())


#: What the schema says of prose: some text besides spaces (check strips it and refuses it empty).
PROSE_SCHEMA = {'pattern': r'\S'}

Prose = Annotated[str, AfterValidator(_check_prose), Field(json_schema_extra=PROSE_SCHEMA)]
Keyword = Annotated[Prose, AfterValidator(_check_keyword),
                    Field(json_schema_extra={'pattern': r'^[^,]*[^,\s][^,]*$'})]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN), AfterValidator(_check_language)]
FactName = Annotated[str, Field(pattern=FACT_NAME_PATTERN)]
Names = Annotated[dict[Language, Annotated[str, Field(min_length=1)]], AfterValidator(_check_names)]
Country = Annotated[str, AfterValidator(_check_country),
                    Field(json_schema_extra=lambda schema: schema.update(enum=_countries()))]
Currency = Annotated[str, AfterValidator(_check_currency),
                     Field(json_schema_extra=lambda schema: schema.update(enum=_currencies()))]
WorkspaceFile = Annotated[str, AfterValidator(_check_file)]
PersonRef = Annotated[str, _reference_to('person')]
PlaceRef = Annotated[str, _reference_to('place')]
OrganisationRef = Annotated[str, _reference_to('organisation')]


class Model(BaseModel):
    model_config = ConfigDict(extra='forbid', frozen=True, strict=False, defer_build=True)

def field_path(location):
    text = ''
    for part in location:
        text += f'[{part}]' if isinstance(part, int) else (f'.{part}' if text else str(part))
    return text

