"""Dates, date ranges and money, written the way each language writes them.

Everything here is Babel (CLDR data); the few places where we depart from its
defaults say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import (
    PATTERN_CHAR_ORDER, format_date, format_skeleton, format_time, match_skeleton, parse_pattern)
from babel.numbers import format_compact_currency, format_currency, format_decimal, get_currency_name

#: A Korean ministry writes English for readers the world over, for whom a bare
#: "$" is ambiguous: money takes its symbols from international English (US$),
#: while dates keep the common "September 27, 2019".
MONEY_LOCALES = {'en': 'en_001'}


#: Quotation marks, from CLDR's "delimiters", which Babel does not carry.
QUOTATION_MARKS = {
    'en': ('“', '”'), 'ko': ('“', '”'), 'ja': ('「', '」'), 'zh': ('“', '”'),
    'de': ('„', '“'), 'fr': ('«\u202f', '\u202f»'), 'es': ('«', '»'), 'it': ('«', '»'), 'ru': ('«', '»'),
}


def quotation_marks(language: str) -> tuple[str, str]:
    """The marks a quotation opens and closes with in ``language`` (French spaces them, narrowly)."""
    return QUOTATION_MARKS.get(language.split('_')[0], ('“', '”'))


@lru_cache(maxsize=None)
def locale(language: str) -> Locale:
    return Locale.parse(language)


def format_day(day: date, language: str, *, short=False) -> str:
    """``September 27, 2019`` / ``2019년 9월 27일``; short drops the year."""
    if short:
        return format_skeleton('MMMMd', day, locale=locale(language))
    return format_date(day, 'long', locale=locale(language))


def format_month(year: int, month: int, language: str) -> str:
    """``November 2017`` / ``2017년 11월``."""
    return format_skeleton('yMMMM', date(year, month, 1), locale=locale(language))


def format_range(start: date, end: date, language: str, *, short=False) -> str:
    """``September 19 – 24, 2019`` / ``2019년 9월 19일~24일``; short drops the year."""
    skeleton = 'MMMMd' if short else 'yMMMMd'
    if start == end:
        return format_skeleton(skeleton, start, locale=locale(language))
    return _interval(start, end, skeleton, locale(language))


def _interval(start, end, skeleton, loc):
    """Babel's ``format_interval``, widening the month as CLDR's algorithm asks.

    Where a locale has no interval pattern with the full month name (English
    has ``yMMMd`` but no ``yMMMMd``), Babel falls back to the abbreviated one:
    "Sep 19 – 24, 2019".  CLDR says to adjust the field widths of the nearest
    match instead, which gives "September 19 – 24, 2019".
    """
    nearest = match_skeleton(skeleton, loc.interval_formats)
    formats = loc.interval_formats[nearest]
    widen = 'MMMM' in skeleton and 'MMMM' not in nearest
    for field in PATTERN_CHAR_ORDER:
        if field in formats and _field(start, field) != _field(end, field):
            parts = formats[field]
            break
    else:
        return format_skeleton(skeleton, start, locale=loc)
    if widen:
        parts = [re.sub(r'(?<!M)MMM(?!M)', 'MMMM', part) for part in parts]
    return ''.join(parse_pattern(part).apply(instant, loc) for part, instant in zip(parts, (start, end)))


def _field(day, field):
    return {'y': day.year, 'M': day.month, 'd': day.day}.get(field)


@dataclass(frozen=True)
class MoneyWords:
    """How the press of a language writes an amount in words of its large units.

    ``units`` run largest first.  ``together`` writes every unit the amount
    needs (1억 2,000만); otherwise one unit with up to two decimals (1.2
    billion), and every digit when that is not exact.  ``short_units`` are
    the units of the style "short" (USD 5.5M).  The currency is the word
    ``names`` gives, else CLDR's name when ``by_name``, else the ISO code.
    """

    units: tuple[tuple[int, str], ...]
    together: bool
    pattern: str      # an amount with a unit word: '{number} {currency}'
    plain: str        # an amount in digits alone: '{number}{currency}'
    by_name: bool = False
    names: dict = field(default_factory=dict)
    short_units: tuple[tuple[int, str], ...] | None = None


#: Money as each language's press writes it (the style "words", the default).
#: A language without a row is written as CLDR writes it (the style "symbol").
MONEY_WORDS = {
    'ko': MoneyWords(
        units=((10 ** 12, '조'), (10 ** 8, '억'), (10 ** 4, '만')), together=True,
        pattern='{number} {currency}', plain='{number}{currency}', by_name=True,
        names={'KRW': '원', 'USD': '달러', 'EUR': '유로', 'JPY': '엔', 'CNY': '위안', 'GBP': '파운드',
               'THB': '바트', 'MMK': '짯', 'VND': '동', 'IDR': '루피아', 'PHP': '페소', 'MYR': '링깃',
               'KHR': '리엘', 'LAK': '킵'}),
    'en': MoneyWords(
        units=((10 ** 12, ' trillion'), (10 ** 9, ' billion'), (10 ** 6, ' million')), together=False,
        pattern='{currency} {number}', plain='{currency} {number}',
        short_units=((10 ** 12, 'T'), (10 ** 9, 'B'), (10 ** 6, 'M'))),
}


def format_money(value: Decimal, currency: str, language: str, *, full=False, style='words') -> str:
    """``KRW 1.2 billion`` / ``12억 원``; ``short``: ``USD 5.5M``; ``symbol``: ``US$5.5M`` / ``US$550만``.

    ``full`` gives every digit as CLDR writes it: ``US$5,500,000``.
    """
    words = MONEY_WORDS.get(language.split('_')[0])
    if full or style == 'symbol' or words is None:
        return _cldr_money(value, currency, language, full=full)
    loc = locale(language)
    name = words.names.get(currency) or (get_currency_name(currency, locale=loc) if words.by_name else currency)
    units = words.short_units if style == 'short' and words.short_units else words.units
    number = _together(value, units, loc) if words.together else _scaled(value, units, loc)
    if number is None:
        return words.plain.format(number=format_decimal(value, locale=loc, decimal_quantization=False), currency=name)
    return (words.pattern if number[1] else words.plain).format(number=number[0], currency=name)


def _scaled(value, units, loc):
    """``1.2 billion``: the largest unit that writes ``value`` exactly with two decimals at most."""
    for size, word in units:
        scaled = value / size
        if scaled >= 1 and scaled == round(scaled, 2):
            return format_decimal(scaled.normalize(), locale=loc, decimal_quantization=False) + word, True
    return None


def _together(value, units, loc):
    """``1억 2,000만``: each unit the whole ``value`` needs; what is left below the last in digits."""
    if value != value.to_integral_value() or value < units[-1][0]:
        return None
    parts, left = [], int(value)
    for size, word in units:
        count, left = divmod(left, size)
        if count:
            parts.append(format_decimal(count, locale=loc) + word)
    if left:
        parts.append(format_decimal(left, locale=loc))
    return ' '.join(parts), not left


def _cldr_money(value, currency, language, *, full):
    """``US$5.5M`` / ``US$550만``; full: ``US$5,500,000``.

    The short form is used only when it is exact to two decimals (Babel would
    round US$5,555,555 to US$5.56M); otherwise every digit is written.
    """
    loc = locale(MONEY_LOCALES.get(language, language))
    if not full:
        short = format_compact_currency(value, currency, locale=loc, fraction_digits=2)
        if short == format_compact_currency(value, currency, locale=loc, fraction_digits=9):
            return short
    pattern = loc.currency_formats['standard'].pattern
    if value == value.to_integral_value():
        pattern = pattern.replace('.00', '')
    return format_currency(value, currency, format=pattern, locale=loc, currency_digits=False)


def format_datetime(moment, language: str) -> str:
    """A date and time as the record gives it, with its UTC offset: ``November 26, 2019, 12:00 PM (UTC+09:00)``."""
    loc = locale(language)
    when = f'{format_date(moment, "long", locale=loc)} {format_time(moment, "short", tzinfo=moment.tzinfo, locale=loc)}'
    offset = moment.strftime('%z')
    return f'{when} (UTC{offset[:3]}:{offset[3:]})' if offset else when
