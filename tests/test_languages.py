"""Languages are data: Thai and Burmese editions of the seed, written and printed as their press does."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pikepdf
import pytest
from playwright.sync_api import sync_playwright

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
    burmese_text = pdftotext(burmese)
    assert '၂၀၁၉ စက်တင်ဘ' in burmese_text and not re.search(r'20[12]\d', burmese_text)  # every year in Myanmar digits


# Where Burmese may break: before each syllable, that is before a consonant (or an independent
# vowel or a digit) that no virama or asat binds to the one before it (the usual Myanmar syllable rule).
_BURMESE_SYLLABLE = re.compile(r'(?<![\u1039])(?=[\u1000-\u102a\u103f\u1040-\u1049][^\u103a\u1039])')

_SEGMENTS = '''(language) => {
  const text = document.body.innerText;
  const words = [...new Intl.Segmenter(language, {granularity: "word"}).segment(text)].map(s => s.index);
  return [text, words];
}'''


def _letters(text):
    """``text`` without marks and spaces, with each kept letter's index in ``text``: the PDF's text
    puts Thai and Burmese marks in visual order and sometimes apart from their letter."""
    kept = [(index, char) for index, char in enumerate(text)
            if not char.isspace() and not unicodedata.category(char).startswith('M')]
    return ''.join(char for _, char in kept), [index for index, _ in kept]


def visual_lines(pdf):
    """The PDF's lines as a reader sees them, page by page: pdftotext's words grouped by height."""
    xml = run('pdftotext', '-bbox-layout', str(pdf), '-')
    pages = []
    for page in ElementTree.fromstring(xml).iterfind('.//{*}page'):
        lines, middle = [], None
        for word in page.iterfind('.//{*}word'):
            # Fonts of several scripts on one line have several heights: their middles stay close.
            centre = (float(word.get('yMin')) + float(word.get('yMax'))) / 2
            if middle is None or abs(centre - middle) > 5:
                lines.append([])
                middle = centre
            lines[-1].append(word.text or '')
        pages.append([' '.join(words) for words in lines])
    return pages


def line_ends(pdf, source, boundaries):
    """(breaks at a space, breaks inside a run of letters, those of them at no boundary of ``boundaries``)
    for each line of ``pdf`` continued on the next, found by its letters in ``source``."""
    letters, where = _letters(source)
    spaced = inside = 0
    wrong = []
    for lines in visual_lines(pdf):
        for before, after in zip(lines, lines[1:]):
            tail, head = _letters(before)[0][-12:], _letters(after)[0][:12]
            found = letters.find(tail + head)
            if len(tail) < 4 or len(head) < 4 or found < 0:
                continue  # another block: a heading, the running header, a new paragraph
            cut = where[found + len(tail)]  # the first letter of the next line, in the source
            start = where[found + len(tail) - 1] + 1
            if any(char.isspace() for char in source[start:cut]):
                spaced += 1
            else:
                inside += 1
                if cut not in boundaries:
                    wrong.append(f'{before[-15:]}|{after[:15]}')
    return spaced, inside, wrong


@pytest.fixture(scope='module')
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox', '--disable-gpu'])
        yield browser
        browser.close()


def test_thai_and_burmese_lines_break_only_between_words_and_syllables(dist, browser):
    """Every line of the Thai PDF ends where ICU (Chromium's Intl.Segmenter) sees a word end, and every
    line of the Burmese PDF at a syllable's end, or at a space."""
    for language in ('th', 'my'):
        page = browser.new_page()
        page.goto((dist / SEED / f'{SEED}.{language}.html').as_uri())
        source, words = page.evaluate(_SEGMENTS, language)
        page.close()
        boundaries = set(words) if language == 'th' else {m.start() for m in _BURMESE_SYLLABLE.finditer(source)}
        spaced, inside, wrong = line_ends(dist / SEED / f'{SEED}.{language}.pdf', source, boundaries)
        assert spaced + inside >= 20, (language, spaced, inside)
        assert wrong == [], (language, spaced, inside)


def test_the_glyph_check_covers_thai_and_burmese():
    from publisher.render.fonts import unprintable

    assert unprintable('27 กันยายน 2562 · ၂၀၁၉ စက်တင်ဘာ ၂၇ · ကျပ် ၃ သိန်း') == []
    assert [char for char, _ in unprintable('ລາວ')] == ['ລ', 'າ', 'ວ']  # Lao: no font ships for it yet


def test_the_ends_of_a_range_say_what_they_share_where_cldr_puts_it():
    assert formats.range_ends(date(2019, 9, 19), date(2019, 9, 24), 'th') == ('19', '24 กันยายน')
    assert formats.range_ends(date(2019, 9, 19), date(2019, 9, 24), 'en') == ('September 19', '24')
    assert formats.range_ends(date(2019, 9, 19), date(2019, 9, 24), 'my') == ('စက်တင်ဘာ ၁၉', '၂၄')


def _languages_tagged(pdf):
    """The /Lang of the document and of every element of its structure tree."""
    found, stack = {str(pdf.Root.Lang)}, [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if '/Lang' in node:
                found.add(str(node.Lang))
            if '/K' in node:
                stack.append(node.K)
        elif isinstance(node, pikepdf.Array):
            stack.extend(node)
    return found


def test_an_edition_of_any_languages_in_any_order(tmp_path):
    """-l my-ko-th: one page and one PDF with each article in its language, Burmese first."""
    from click.testing import CliRunner

    from publisher.cli import main

    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-l', 'my-ko-th', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    page = (tmp_path / SEED / f'{SEED}.my-ko-th.html').read_text()
    assert re.findall(rf'<article class="release" id="{SEED}-my-ko-th-release-(\w+)" lang="(\w+)"', page) == [
        ('my', 'my'), ('ko', 'ko'), ('th', 'th')]
    with pikepdf.open(tmp_path / SEED / f'{SEED}.my-ko-th.pdf') as pdf:
        assert str(pdf.Root.Lang) == 'my' and {'ko', 'th'} <= _languages_tagged(pdf)


#: A release's noon and its afternoon talks, written in each language as its own zone sees them: CLDR's
#: 24-hour clock in Burmese and Thai (never ညနေ ၁၂:၀၀, "evening 12:00"), the press's in Korean.
CLOCKS = [
    ('my', '+06:30', '၁၂:၀၀', '၁၄:၀၀ – ၁၇:၃၀', 'ညနေ'),
    ('th', '+07:00', '12:00 น.', '14:00 น. – 17:30 น.', 'บ่าย'),
    ('ko', '+09:00', '12:00', '14:00~17:30', '오후'),
    ('en', '+09:00', '12:00 PM KST', '2:00–5:30 PM KST', None),
]


@pytest.mark.parametrize('language, zone, noon, talks, day_period', CLOCKS, ids=[row[0] for row in CLOCKS])
def test_a_release_tells_the_time_on_its_language_s_clock(tmp_path, language, zone, noon, talks, day_period):
    from click.testing import CliRunner

    from publisher.cli import main

    (tmp_path / 'locales').mkdir()
    (tmp_path / 'release.yaml').write_text(
        f'id: clock\nsource_language: {language}\nlanguages: [{language}]\npublished: 2019-11-26\n'
        f'issuer: mois\norganisations:\n  mois: {{name: {{{language}: MOIS}}}}\ntitle: Clock\n'
        f'lead: "{{noon}} / {{talks}}"\nbody: ["{{talks.start}}"]\n'
        f'dates:\n  noon: 2019-11-26T12:00{zone}\n  talks: {{start: 2019-11-26T14:00{zone}, end: 2019-11-26T17:30{zone}}}\n')
    runner = CliRunner()
    assert runner.invoke(main, ['check', str(tmp_path / 'release.yaml')]).exit_code == 0
    result = runner.invoke(main, ['render', str(tmp_path / 'release.yaml'), '-f', 'html', '--out', str(tmp_path / 'dist')])
    assert result.exit_code == 0, result.output
    page = (tmp_path / 'dist' / 'clock' / f'clock.{language}.html').read_text()
    text = re.sub(r'[\u00a0\u202f]', ' ', re.sub(r'<[^>]*>', '', page[page.index('<body'):]))
    assert f'{noon} / {talks}' in text
    assert day_period is None or day_period not in text
