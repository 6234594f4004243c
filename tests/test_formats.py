"""Dates, ranges and money as each language writes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from publisher.formats import (curl_quotes, format_clock, format_datetime, format_day, format_money, format_month,
                               format_months, format_number, format_range, format_times, format_years, join_names,
                               name_with_title, nest_quotes, quotation_marks)

THIN = '\u2009'


@pytest.mark.parametrize('language, long, short', [
    ('en', 'September 27, 2019', 'September 27'),
    ('ko', '2019년 9월 27일', '9월 27일'),
])
def test_a_day(language, long, short):
    assert format_day(date(2019, 9, 27), language) == long
    assert format_day(date(2019, 9, 27), language, short=True) == short


@pytest.mark.parametrize('language, start, end, expected', [
    ('en', date(2019, 9, 19), date(2019, 9, 24), 'September 19–24, 2019'),
    ('ko', date(2019, 9, 19), date(2019, 9, 24), '2019년 9월 19일~24일'),
    ('en', date(2019, 9, 29), date(2019, 10, 2), f'September 29{THIN}–{THIN}October 2, 2019'),
    ('ko', date(2019, 9, 29), date(2019, 10, 2), '2019년 9월 29일~10월 2일'),
    ('en', date(2019, 12, 29), date(2020, 1, 2), f'December 29, 2019{THIN}–{THIN}January 2, 2020'),
    ('en', date(2019, 9, 19), date(2019, 9, 19), 'September 19, 2019'),
])
def test_a_range_keeps_the_full_month_name(language, start, end, expected):
    """Babel alone gives "Sep 19 – 24, 2019" in English."""
    assert format_range(start, end, language) == expected


def test_a_short_range_drops_the_year_and_keeps_the_language_s_one_separator():
    """Korean CLDR data writes the short range with " – " and the long one with "~"; a page has one."""
    assert format_range(date(2019, 9, 19), date(2019, 9, 24), 'en', short=True) == 'September 19–24'
    assert format_range(date(2019, 9, 19), date(2019, 9, 24), 'ko', short=True) == '9월 19일~24일'


def test_a_month():
    assert format_month(2017, 11, 'en') == 'November 2017'
    assert format_month(2017, 11, 'ko') == '2017년 11월'


@pytest.mark.parametrize('value, currency, language, expected', [
    (1_200_000_000, 'KRW', 'ko', '12억 원'),
    (50_000_000, 'KRW', 'ko', '5,000만 원'),
    (5_500_000, 'USD', 'ko', '550만 달러'),
    (120_000_000, 'KRW', 'ko', '1억 2,000만 원'),
    (5_000, 'KRW', 'ko', '5,000원'),
    (5_555_555, 'USD', 'ko', '555만 5,555달러'),
    (2_500_000, 'MMK', 'ko', '250만 짯'),
    (1_200_000_000, 'KRW', 'en', 'KRW 1.2 billion'),
    (5_500_000, 'USD', 'en', 'USD 5.5 million'),
    (3_000_000_000, 'KRW', 'en', 'KRW 3 billion'),
    (5_555_555, 'USD', 'en', 'USD 5,555,555'),
    (800, 'USD', 'en', 'USD 800'),
])
def test_money_is_written_as_the_press_writes_it(value, currency, language, expected):
    assert format_money(Decimal(value), currency, language) == expected


@pytest.mark.parametrize('value, language, expected', [
    (5_500_000, 'en', 'USD 5.5M'), (1_200_000_000, 'en', 'USD 1.2B'), (5_500_000, 'ko', '550만 달러')])
def test_the_short_style_abbreviates_the_english_units(value, language, expected):
    assert format_money(Decimal(value), 'USD', language, style='short') == expected


@pytest.mark.parametrize('value, currency, language, expected', [
    (5_500_000, 'USD', 'en', 'US$5.5M'),
    (5_500_000, 'USD', 'ko', 'US$550만'),
    (5_000_000, 'USD', 'en', 'US$5M'),
    (5_550_000, 'USD', 'en', 'US$5.55M'),
    (3_000_000_000, 'KRW', 'ko', '₩30억'),
    (3_000_000_000, 'KRW', 'en', '₩3B'),
    (800, 'USD', 'en', 'US$800'),
])
def test_the_symbol_style_is_cldrs_and_short_when_exact(value, currency, language, expected):
    assert format_money(Decimal(value), currency, language, style='symbol') == expected


def test_money_that_would_round_is_written_in_full():
    """Babel would write US$5.56M for 5,555,555 dollars."""
    assert format_money(Decimal(5_555_555), 'USD', 'en', style='symbol') == 'US$5,555,555'
    assert format_money(Decimal(5_555_555), 'USD', 'ko', style='symbol') == 'US$5,555,555'


def test_full_money():
    assert format_money(Decimal(5_500_000), 'USD', 'en', full=True) == 'US$5,500,000'
    assert format_money(Decimal('1234.5'), 'USD', 'en', full=True) == 'US$1,234.50'


@pytest.mark.parametrize('language, offset, noon, afternoon', [
    ('my', 6.5, '၁၂:၀၀', '၁၄:၀၀ – ၁၇:၃၀'),          # CLDR: 24-hour, Myanmar digits
    ('th', 7, '12:00\u202fน.', '14:00 น. – 17:30 น.'),   # CLDR: 24-hour
    ('ko', 9, '12:00', '14:00~17:30'),              # the press's 24-hour clock; CLDR's is 12-hour
    ('en', 9, '12:00\u202fPM KST', '2:00\u2009–\u20095:30\u202fPM KST'),
])
def test_a_time_of_day_takes_the_clock_cldr_prefers_unless_the_press_departs(language, offset, noon, afternoon):
    zone = timezone(timedelta(hours=offset))
    assert format_clock(datetime(2019, 11, 26, 12, 0, tzinfo=zone), language) == noon
    assert format_times(datetime(2019, 11, 26, 14, 0, tzinfo=zone), datetime(2019, 11, 26, 17, 30, tzinfo=zone),
                        language) == afternoon


@pytest.mark.parametrize('language, words', [
    ('th', 'ร้อยละ 87.5'),   # the Thai press writes a percentage in words
    ('ko', '87.5%'),        # a language without them keeps CLDR's
    ('en', '87.5%'),
])
def test_a_percentage_in_words_where_the_press_writes_them(language, words):
    assert format_number(Decimal('87.5'), language, percent=True, words=True) == words


@pytest.mark.parametrize('language, offset, clock, times', [
    ('th', 7, '09.30\u00a0น.', '14.00–17.30\u00a0น.'),                  # the Thai press's own clock
    ('th', 9, '09.30\u00a0น. (UTC+09:00)', '14.00–17.30\u00a0น. (UTC+09:00)'),
    ('ko', 9, '09:30', '14:00~17:30'),                                    # no press clock: as without
])
def test_the_press_clock_where_the_language_has_one(language, offset, clock, times):
    zone = timezone(timedelta(hours=offset))
    assert format_clock(datetime(2019, 11, 26, 9, 30, tzinfo=zone), language, press=True) == clock
    assert format_times(datetime(2019, 11, 26, 14, 0, tzinfo=zone), datetime(2019, 11, 26, 17, 30, tzinfo=zone),
                        language, press=True) == times


@pytest.mark.parametrize('language, expected', [
    ('my', 'A၊ B၊ C'),     # CLDR's list of units
    ('en', 'A, B, C'),
    ('ko', 'A, B, C'),     # the press; CLDR spaces them
    ('th', 'A, B, C'),     # the press; CLDR has no such list
])
def test_a_list_of_names_is_joined_as_the_language_lists_them(language, expected):
    assert join_names(['A', 'B', 'C'], language) == expected
    assert join_names(['A'], language) == 'A'


@pytest.mark.parametrize('hour, minute, offset, language, written', [
    (12, 0, 9, 'en', '12:00 noon KST, November 26, 2019'),
    (0, 0, 9, 'en', '12:00 midnight KST, November 26, 2019'),
    (15, 30, 9, 'en', '3:30\u202fPM KST, November 26, 2019'),
    (12, 0, 7, 'en', '12:00 noon ICT, November 26, 2019'),
    (12, 0, 9, 'ko', '2019년 11월 26일(화) 12:00'),
    (15, 30, 9, 'ko', '2019년 11월 26일(화) 15:30'),
    (12, 0, 7, 'ko', '2019년 11월 26일(화) 12:00 (UTC+07:00)'),
    (12, 0, 5.5, 'en', '12:00 noon (UTC+05:30), November 26, 2019'),
])
def test_an_embargo_is_written_as_the_press_writes_it_its_zone_named(hour, minute, offset, language, written):
    """Per MOMENTS and TIME_ZONES: a zone the language names, or its offset; none where it goes without saying."""
    moment = datetime(2019, 11, 26, hour, minute, tzinfo=timezone(timedelta(hours=offset)))
    assert format_datetime(moment, language) == written


@pytest.mark.parametrize('language, marks', [('en', ('“', '”')), ('ko', ('“', '”')), ('de', ('„', '“')),
                                             ('fr', ('«\u202f', '\u202f»')), ('ja', ('「', '」'))])
def test_each_language_quotes_with_its_own_marks(language, marks):
    assert quotation_marks(language) == marks


@pytest.mark.parametrize('language, text, expected', [
    ('ko', '\'정부24\'와 "국민비서", “민원”을', '‘정부24’와 ‘국민비서’, ‘민원’을'),
    ('en', "Korea's 'Government 24' and \"Gov\" won't", "Korea's ‘Government 24’ and ‘Gov’ won't"),
    ('de', '"Regierung 24"', '‚Regierung 24‘'),
])
def test_a_quotation_inside_a_quotation_takes_the_inner_marks(language, text, expected):
    assert nest_quotes(text, language) == expected


@pytest.mark.parametrize('language, attribution, expected', [
    ('en', False, 'ASEAN Secretary-General Dato Lim Jock Hoi'),
    ('ko', False, '림 족 호이 아세안 사무총장'),
    ('en', True, 'Dato Lim Jock Hoi, ASEAN Secretary-General'),
    ('ko', True, '림 족 호이 아세안 사무총장'),
])
def test_a_name_with_its_title_follows_the_language_s_order(language, attribution, expected):
    names = {'en': ('Dato Lim Jock Hoi', 'ASEAN Secretary-General'), 'ko': ('림 족 호이', '아세안 사무총장')}
    assert name_with_title(*names[language], language, attribution=attribution) == expected


@pytest.mark.parametrize('written, expected', [
    (lambda: format_years(2020, 2022, 'en'), '2020–2022'),
    (lambda: format_range(date(2019, 9, 19), date(2019, 9, 24), 'en'), 'September 19–24, 2019'),
    (lambda: format_months(date(2019, 12, 1), date(2020, 1, 1), 'en'), f'December 2019{THIN}–{THIN}January 2020'),
    (lambda: format_range(date(2019, 9, 29), date(2019, 10, 2), 'en'), f'September 29{THIN}–{THIN}October 2, 2019'),
    (lambda: format_years(2020, 2022, 'ko'), '2020년~2022년'),
], ids=['years', 'days', 'months across years', 'days across months', 'korean'])
def test_a_range_between_numbers_is_closed_up_and_one_between_words_is_spaced(written, expected):
    """CLOSED_RANGES: the press closes the dash between two numbers (2020–2022), where CLDR spaces it."""
    assert written() == expected


@pytest.mark.parametrize('language, literals, values, curled', [
    ('en', ['He said "It\'s \'the best\'" today.'], [], ['He said “It’s ‘the best’” today.']),
    ('en', ['"', '" is ', '\'s site.'], ['Government 24', 'Korea'], ['“', '” is ', '’s site.']),
    ('en', ["The ministers' view, ('92 to '95)"], [], ['The ministers’ view, (‘92 to ’95)']),
    ('ko', ["'정부24'를 \"혁신\"이라"], [], ['‘정부24’를 “혁신”이라']),
    ('de', ['Er sagte "Es ist \'gut\'" dort.'], [], ['Er sagte „Es ist ‚gut‘“ dort.']),
    ('fr', ['Il a dit "oui" hier.'], [], ['Il a dit «\u202foui\u202f» hier.']),
    ('en', ['Already “curled” and ‘kept’.'], [], ['Already “curled” and ‘kept’.']),
])
def test_straight_marks_a_writer_typed_become_the_language_s_own(language, literals, values, curled):
    assert curl_quotes(literals, values, language) == curled
