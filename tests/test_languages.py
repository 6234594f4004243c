"""Languages are data: Thai and Burmese editions of the seed, written and printed as their press does."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf

from conftest import ROOT, SEED, pdftotext, run
from publisher import formats, languages


def test_thai_dates_count_years_in_the_buddhist_era():
    assert formats.format_day(date(2019, 9, 27), 'th') == '27 กันยายน 2562'
    assert formats.format_range(date(2019, 9, 19), date(2019, 9, 24), 'th') == '19–24 กันยายน 2562'
    assert formats.format_month(2017, 11, 'th') == 'พฤศจิกายน 2560'
    assert formats.format_weekday(date(2019, 9, 23), 'th') == 'วันจันทร์ที่ 23 กันยายน'


def test_burmese_is_written_in_myanmar_digits_as_cldr_says():
    assert formats.format_day(date(2019, 9, 27), 'my') == '၂၀၁၉ စက်တင်ဘာ ၂၇'
    assert formats.format_number(Decimal(87), 'my', percent=True) == '၈၇%'
    assert formats.format_number(Decimal(1200), 'th') == '1,200'  # Thai's CLDR default is Latin digits


def test_money_in_thai_and_burmese_words():
    assert formats.format_money(Decimal(1500), 'THB', 'th') == '1,500 บาท'
    assert formats.format_money(Decimal(5500000), 'USD', 'th') == '5.5 ล้านดอลลาร์สหรัฐ'
    assert formats.format_money(Decimal(300000), 'MMK', 'my') == 'ကျပ် ၃ သိန်း'
    assert formats.format_money(Decimal(5500000), 'USD', 'my') == 'အမေရိကန်ဒေါ်လာ ၅.၅ သန်း'


def test_every_script_font_ships_with_the_package():
    for font in languages.all_fonts():
        assert (ROOT / 'publisher' / 'fonts' / font.regular).is_file()
        assert (ROOT / 'publisher' / 'fonts' / font.bold).is_file()
    assert 'Noto Sans Thai' in (ROOT / 'publisher' / 'fonts' / 'OFL.txt').read_text()


# A comparison or a membership test against a language code: a branch that belongs in a table.
_LANGUAGE_BRANCH = re.compile(r'''(==|!=|\bin\b)\s*[(\[{]?\s*['"](ko|en|th|my|ja|zh)['"]''')


def test_no_language_is_hard_coded_in_the_pipeline():
    found = [f'{path.relative_to(ROOT)}:{number}: {line.strip()}'
             for path in sorted((ROOT / 'publisher').rglob('*.py'))
             for number, line in enumerate(path.read_text().splitlines(), 1) if _LANGUAGE_BRANCH.search(line)]
    assert found == []


def test_thai_and_burmese_pdfs_embed_their_fonts_language_and_dates(dist):
    thai, burmese = (dist / SEED / f'{SEED}.{language}.pdf' for language in ('th', 'my'))
    for path, family in ((thai, 'Publisher-Thai'), (burmese, 'Publisher-Myanmar')):
        fonts = [line.split() for line in run('pdffonts', str(path)).splitlines()[2:]]
        mine = [row for row in fonts if family in row[0]]
        assert mine and all(re.fullmatch(r'[A-Z]{6}\+.*', row[0]) and row[-5:-2] == ['yes', 'yes', 'yes']
                            for row in mine)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == path.suffixes[0][1:]
    assert '27 กันยายน 2562' in pdftotext(thai)
    assert '၂၀၁၉ စက်တင်ဘ' in pdftotext(burmese) and '2019' not in pdftotext(burmese).split('Page')[0]
