"""The canonical record: what a valid one holds, and how a broken one is reported."""

from __future__ import annotations

import re
import textwrap
from datetime import date
from decimal import Decimal

import pytest

from publisher.problems import InputError
from publisher.record import Day, Month, Quote, Range, load_record
from publisher.workspace import record_files

from conftest import KOREAN_FIRST, ROOT, SEED, record_of


def test_seed_record_holds_every_fact_once():
    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    assert release.source_language == 'en'
    assert release.languages == ['ko', 'en', 'th', 'my'] and release.together == ['ko', 'en']
    assert release.published == date(2019, 9, 27)
    assert release.issuer == 'mois' and [partner.organisation for partner in release.partners] == ['mpm', 'seoul']
    assert release.dates['corps'] == Range(start=date(2019, 9, 19), end=date(2019, 9, 24))
    assert release.dates['bangkok_forum'] == Day(day=date(2019, 9, 20))
    assert release.dates['naypyitaw_meeting'] == Day(day=date(2019, 9, 23))
    assert release.dates['roundtable'] == Day(day=date(2019, 11, 26))
    assert release.dates['first_corps'] == Month(year=2017, month=11)
    assert release.amounts['jakarta_its'].value == Decimal(5_500_000)
    assert release.amounts['jakarta_its'].currency == 'USD'
    assert release.people['yoon'].name == {'en': 'Yoon Jong-in', 'ko': '윤종인', 'th': 'ยุน จง-อิน', 'my': 'မစ္စတာ ယွန်ဂျုံအင်'}
    assert release.places['busan'].name['ko'] == '부산'
    assert [photo.file.name for photo in release.photos] == [
        'bilateral-meeting-naypyitaw.png', 'forum-participants-naypyitaw.png']
    assert all(photo.alt and photo.caption for photo in release.photos)
    assert isinstance(release.body[-1], Quote) and release.body[-1].speaker == 'yoon'
    assert len(release.breadcrumb) == 3


def test_people_are_named_only_through_their_record():
    """The seed wrote "Chin Yoon Jong-in" once; the record names him once, by reference."""
    text = (ROOT / 'samples' / SEED / 'release.yaml').read_text()
    prose = text.split('organisations:')[0]
    assert 'Yoon Jong-in' not in prose and 'Chin' not in prose
    assert '{yoon}' in prose and '{yoon.short}' in prose


def test_a_record_can_be_written_in_korean_first():
    release = load_record(ROOT / 'samples' / KOREAN_FIRST / 'release.yaml')
    assert release.source_language == 'ko'
    assert '라운드테이블' in release.title
    assert release.embargo.utcoffset().total_seconds() == 9 * 3600


def test_a_folder_stands_for_the_records_in_it():
    assert record_files([ROOT / 'samples' / SEED]) == [ROOT / 'samples' / SEED / 'release.yaml']


def test_lines_point_into_the_record():
    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    lines = (ROOT / 'samples' / SEED / 'release.yaml').read_text().splitlines()
    assert lines[release.line_of('title') - 1].startswith('title:')
    assert 'speaker: yoon' in '\n'.join(lines[release.line_of('body', 7) - 1:release.line_of('body', 7) + 5])


# -- bad input -------------------------------------------------------------

def problems_of(path):
    with pytest.raises(InputError) as caught:
        load_record(path)
    return [str(problem) for problem in caught.value.problems]


def edit(workspace, old, new, release_id=SEED):
    path = record_of(workspace, release_id)
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path, fragment):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


@pytest.mark.parametrize('old, new, fragment, field, message', [
    ('published: 2019-09-27', 'published: [2019', 'issuer: mois', '',
     'YAML syntax: while parsing a flow sequence (from line 8)'),
    ('issuer: mois\n', '', 'id:', 'issuer', 'required field is missing'),
    ('published: 2019-09-27', 'published: last friday', 'published:', 'published',
     'give a date as year-month-day, such as 2019-09-27 (invalid character in year)'),
    ('published: 2019-09-27', 'published: 2019-09-27\nauthor: press office', 'author:', 'author', 'unknown field'),
    ('    speaker: yoon', '    speaker: yon', 'speaker: yon', 'body[7].speaker', "no person 'yon' is declared (did you mean 'yoon'?)"),
    ('file: photos/bilateral-meeting-naypyitaw.png', 'file: photos/missing.png', 'photos/missing.png',
     'photos[0].file', "file 'photos/missing.png' does not exist"),
    ('file: photos/bilateral-meeting-naypyitaw.png', 'file: ../../../etc/hostname', 'etc/hostname',
     'photos[0].file', 'is outside the workspace'),
    ('{yoon}, {yoon.title}, aimed', '{yoonn}, {yoon.title}, aimed', '{yoonn}', 'body[0]', '{yoonn} refers to nothing declared'),
    ('{corps.end}.', '{corps.year}.', '{corps.year}', 'lead', '{corps.year}: this range offers {corps}, {corps.end}, {corps.short}, {corps.start}'),
    ('languages: [ko, en, th, my]', 'languages: [ko, en, th, my, fr]', 'name: {en: Yoon Jong-in', 'people.yoon.name', 'missing fr'),
    ('corps: {start: 2019-09-19, end: 2019-09-24}', 'corps: {start: 2019-09-29, end: 2019-09-24}',
     'corps:', 'dates.corps', 'ends (2019-09-24) before it starts (2019-09-29)'),
    ('currency: USD', 'currency: US$', 'currency: US$', 'amounts.jakarta_its.currency', 'not an ISO 4217 currency code'),
    ('  - quote: >-', '  - quotation: >-', 'quotation:', 'body[7]', 'a body item is a paragraph'),
    ('id: mois-asean-corps-2019', 'id: MOIS 2019', 'id:', 'id', 'is not an id'),
    ('\nlead: >-', '\nlaed: >-', 'laed:', 'laed', "unknown field (did you mean 'lead'?)"),
    ('file: photos/bilateral-meeting-naypyitaw.png', 'file: release.yaml', 'file: release.yaml',
     'photos[0].file', "'release.yaml' is not an image; use PNG, JPEG, GIF or WebP"),
    ('file: photos/bilateral-meeting-naypyitaw.png', 'file: photos/', 'file: photos/',
     'photos[0].file', "'photos/' is a folder, not a file"),
    ('title: "{mois.short} to expand', 'title: {mois.short} to expand', 'title:', '',
     'a value that starts with a {placeholder} must be in quotes'),
    ('languages: [ko, en, th, my]', 'languages: [ko, en, th, my, qq]', 'languages:', 'languages[4]', "no locale data for the language 'qq'"),
    ('published: 2019-09-27', 'published: 2019-09-31', 'published:', 'published', 'day value is outside expected range'),
    ('value: 5500000', 'value: -5500000', 'value: -5500000', 'amounts.jakarta_its.value', 'greater than or equal to 0'),
    ('  - Previous Events', '\t- Previous Events', 'Previous Events', '',
     'found a tab character that violates indentation; indent with spaces: YAML does not allow tabs'),
    ('value: 5500000', 'value: "5,500,000"', '5,500,000', 'amounts.jakarta_its.value',
     'give a number without commas or currency signs, such as 5500000'),
    ('coordinates: [13.7563, 100.5018]', 'coordinates: [913.7563, 100.5018]', '913.7563', 'places.bangkok.coordinates',
     '[913.7563, 100.5018] is not [latitude, longitude]: latitude runs from -90 to 90'),
    ('country: TH', 'country: ZZ', 'country: ZZ', 'organisations.opdc.country', "'ZZ' is not an ISO 3166 country code"),
    ('end: 2019-09-24}', 'end: 2019-02-30}', 'end: 2019-02-30', 'dates.corps.end', 'day value is outside expected range'),
    ('bangkok_forum: 2019-09-20', 'bangkok_forum: 2019-02-30', 'bangkok_forum:', 'dates.bangkok_forum.day',
     'day value is outside expected range'),
    ('  first_corps: 2017-11\n', '  first_corps: 2017-11\n  talk: {start: 2019-09-20T25:00+09:00, end: 2019-09-20T17:00+09:00}\n',
     'talk:', 'dates.talk.start', 'give a date and time with its UTC offset, such as 2019-11-26T12:00:00+09:00 (hour must be in 0..23)'),
    ('  first_corps: 2017-11\n', '  first_corps: 2017-11\n  talk: {start: 2019-09-20T14:00, end: 2019-09-20T17:00}\n',
     'talk:', 'dates.talk.start', 'give a date and time with its UTC offset'),
    ('  first_corps: 2017-11\n', '  first_corps: {start: 2017-11, end: 2017-13}\n', 'first_corps:', 'dates.first_corps.end',
     "'2017-13' is not a month: months run from 01 to 12"),
    ('\namounts:', '\nnumbers: {rate: 87 percent}\namounts:', 'numbers:', 'numbers.rate',
     "'87 percent' is not a number such as 10, nor a percentage such as 87%"),
    ('\namounts:', '\nlinks: {site: {url: www.mois.go.kr}}\namounts:', 'links:', 'links.site.url',
     "'www.mois.go.kr' is not a web address such as https://www.mois.go.kr"),
    ('{mois.short} to expand', '{bangkok_forum.titled} to expand', '{bangkok_forum.titled}', 'title',
     '{bangkok_forum.titled}: this date offers {bangkok_forum}, {bangkok_forum.short}, {bangkok_forum.weekday}'),
    ('  - Thailand\n', '  - Thailand, Myanmar\n', 'Thailand, Myanmar', 'keywords[3]',
     "'Thailand, Myanmar' holds a comma, which separates keywords; make it two keywords"),
    ('    speaker: yoon', '    speaker: {name: Yoon}', 'speaker: {name', 'body[7].speaker',
     'names an entry under `people`: write its name there, such as yoon'),
    ('coordinates: [13.7563, 100.5018]', 'coordinates: 13.7563, 100.5018', '13.7563, 100.5018',
     'places.bangkok.coordinates', 'give [latitude, longitude] in degrees, such as [37.5665, 126.978]'),
    ('    credit: "{mois}"\n  - file', '    credit: "{mois}"\n    title: A meeting\n  - file', 'title: A meeting',
     'photos[0].title', "'title' is a field of the record itself: move it to the top level, unindented"),
    ('  - quote: >-', '  - table: >-', 'table:', 'body[7]', 'a body item is a paragraph'),
])
def test_each_problem_names_file_line_and_field(workspace, old, new, fragment, field, message):
    path = edit(workspace, old, new)
    found = problems_of(path)
    line = line_of(path, fragment)
    expected = f'{path}:{line}: {field}: ' if field else f'{path}:{line}: '
    assert any(problem.startswith(expected) and message in problem for problem in found), found


def test_every_problem_is_reported_not_only_the_first(workspace):
    edit(workspace, '    speaker: yoon', '    speaker: nobody')
    edit(workspace, 'published: 2019-09-27', 'published: someday')
    path = edit(workspace, 'file: photos/forum-participants-naypyitaw.png', 'file: photos/gone.png')
    found = problems_of(path)
    assert len(found) == 3, found
    assert [re.match(r'.*?:\d+: (\S+):', problem)[1] for problem in found] == [
        'published', 'body[7].speaker', 'photos[1].file']


def test_a_mistyped_language_is_reported_once(workspace):
    path = edit(workspace, 'languages: [ko, en, th, my]', 'languages: [ko, english, th, my]')
    assert problems_of(path) == [f"{path}:{line_of(path, 'languages:')}: languages[1]: "
                                 "'english' is not a language code such as en or ko"]


def test_a_key_given_twice_is_a_problem(workspace):
    path = edit(workspace, 'published: 2019-09-27', 'published: 2019-09-27\npublished: 2019-09-28')
    assert f'{path}:{line_of(path, "published: 2019-09-28")}: published: given twice (first on line ' \
           f'{line_of(path, "published: 2019-09-27")})' in problems_of(path)


def test_a_fact_name_is_declared_once(workspace):
    path = edit(workspace, 'places:\n  bangkok:', 'places:\n  mois:\n    name: {en: x, ko: y}\n  bangkok:')
    assert any("places.mois: 'mois' is also declared in organisations" in p for p in problems_of(path))


def test_literal_braces_are_written_twice(workspace):
    path = edit(workspace, 'aimed to share', 'aimed {to share')
    assert any("write {{ and }} for literal braces" in p for p in problems_of(path))


def test_a_missing_or_empty_file_is_reported(tmp_path):
    assert problems_of(tmp_path / 'none.yaml') == [f'{tmp_path / "none.yaml"}: no such record file']
    (tmp_path / 'empty.yaml').write_text('')
    assert problems_of(tmp_path / 'empty.yaml') == [f'{tmp_path / "empty.yaml"}:1: the file is empty']


def test_a_record_is_a_mapping(tmp_path):
    path = tmp_path / 'list.yaml'
    path.write_text(textwrap.dedent('''\
        - id: x
    '''))
    assert problems_of(path) == [f'{path}:1: a record is a mapping of fields, such as "id: ..."']


def test_a_damaged_photo_is_reported(workspace):
    photo = workspace / 'samples' / SEED / 'photos' / 'forum-participants-naypyitaw.png'
    photo.write_bytes(photo.read_bytes()[:4000])
    path = record_of(workspace, SEED)
    assert any(f'{path}:{line_of(path, "forum-participants-naypyitaw.png")}: photos[1].file: '
               "'forum-participants-naypyitaw.png' is a damaged image" in p for p in problems_of(path))


@pytest.mark.parametrize('embargo, reason', [('2019-11-26T12:00:00', ''), ('2019-11-26', ''),
                                             ('2019-11-26T25:00:00+09:00', ' (hour must be in 0..23)')])
def test_an_embargo_needs_its_utc_offset(workspace, embargo, reason):
    path = edit(workspace, 'embargo: 2019-11-26T12:00:00+09:00', f'embargo: {embargo}', KOREAN_FIRST)
    assert problems_of(path) == [f'{path}:{line_of(path, "embargo:")}: embargo: '
                                 'give a date and time with its UTC offset, such as 2019-11-26T12:00:00+09:00' + reason]


def test_the_readme_tour_is_a_valid_record(workspace):
    readme = (ROOT / 'README.md').read_text()
    tour = readme.split('```yaml\n', 1)[1].split('```', 1)[0]
    path = workspace / 'samples' / SEED / 'tour.yaml'
    path.write_text(tour)
    release = load_record(path)
    assert release.people['yoon'].short == {'en': 'Vice Minister Yoon', 'ko': '윤 차관'}


# -- hostile records, through `publisher check` ----------------------------------

def _bomb(levels=9, width=9):
    """A "billion laughs": each level is a list of ``width`` aliases of the level below."""
    lines = ['extra:', '  lol0: &a0 "lol"']
    lines += [f'  lol{level}: &a{level} [' + ', '.join([f'*a{level - 1}'] * width) + ']'
              for level in range(1, levels + 1)]
    return '\n'.join(lines) + '\n'


HOSTILE = {
    # name: (old, new, the line's fragment, field, message)
    'syntax error on the last line': (
        'together: [ko, en]\n', 'together: [ko, en]\nlast: [\n', 'last: [', '', 'YAML syntax:'),
    'recursive alias': ('\npublished:', '\nloop: &r [*r]\npublished:', 'loop: &r', '',
                        'a YAML alias (*name) stands for a value that holds the alias itself'),
    'recursive alias in a mapping': ('\npublished:', '\nloop: &r {again: *r}\npublished:', 'loop: &r', '',
                                     'a YAML alias (*name) stands for a value that holds the alias itself'),
    'alias bomb under an unknown key': ('currency: USD}\n', 'currency: USD}\n' + _bomb(), 'lol6:', '',
                                        'holds more than 100,000 values once its YAML aliases'),
    'integer of 5,000 digits': ('value: 5500000', 'value: ' + '9' * 5000, 'value: 999', 'amounts.jakarta_its.value',
                                'is too large for an amount: it must be below 10^18'),
    'amount with a huge exponent': ('value: 5500000', 'value: "1e999999999"', '1e999999999',
                                    'amounts.jakarta_its.value', 'is too large for an amount'),
    'year beyond the calendar': ('first_corps: 2017-11', 'first_corps: {year: 99999999, month: 11}',
                                 'first_corps:', 'dates.first_corps.year', 'less than or equal to 9999'),
    'ESC written as an escape': ('title: "{mois.short} to', 'title: "\\e]0;owned\\a{mois.short} to', 'title:', 'title',
                                 'the control character U+001B is never valid in HTML or PDF text'),
    'NUL written as an escape': ('{en: Vice Minister of the Interior and Safety,', '{en: "Vice\\0 Minister",', 'Vice\\0',
                                 'people.yoon.title.en', 'the control character U+0000 is never valid'),
    'C1 control': ('title: "{mois.short} to', 'title: "\\x9b{mois.short} to', 'title:', 'title',
                   'the control character U+009B'),
    'NUL in the file itself': ('aimed to share', 'aimed\x00 to share', 'aimed\x00', '',
                               'the control character U+0000 is never valid'),
    'ESC in a key': ('published: 2019-09-27', 'published: 2019-09-27\n"\\e]0;owned\\a": 1', '"\\e]0;owned', '\\x1b]0;owned\\x07',
                     'the control character U+001B'),
    'right-to-left override in a name': ('name: {en: Yoon Jong-in', 'name: {en: "Yoon \u202eni-gnoJ"', 'Yoon \u202e',
                                         'people.yoon.name.en', 'U+202E (RIGHT-TO-LEFT OVERRIDE) would reorder'),
    'id too long to name a file': ('id: mois-asean-corps-2019', 'id: ' + 'a' * 101, 'id: aaa', 'id',
                                   'string should have at most 100 characters'),
    'photo path too long for the file system': ('file: photos/bilateral-meeting-naypyitaw.png', 'file: ' + 'x' * 300,
                                                'file: xxx', 'photos[0].file', 'cannot be read (File name too long)'),
    'short name given as nothing': ('short: {en: Vice Minister Yoon, ko: 윤 차관, th: รัฐมนตรีช่วยฯ ยุน, my: ဒုတိယဝန်ကြီး ယွန်}',
                                    'short: null', '{yoon.short} also had', 'body[2]',
                                    '{yoon.short}: this person offers {yoon}, {yoon.title}'),
    'noncharacter U+FFFF written as an escape in the title': (
        'title: "{mois.short} to', 'title: "\\uFFFF{mois.short} to', 'title:', 'title', 'U+FFFF is a noncharacter, not text'),
    'noncharacter U+FDD0 in prose': ('development experiences', 'development \ufdd0experiences', '\ufdd0experiences',
                                     'body[0]', 'U+FDD0 is a noncharacter, not text'),
    'isolate in prose, on a later line of its text': (
        'development experiences', 'development \u2067experiences', '\u2067experiences', 'body[0]',
        'U+2067 (RIGHT-TO-LEFT ISOLATE) would reorder'),
}


def check(*records):
    from click.testing import CliRunner

    from publisher.cli import main
    return CliRunner().invoke(main, ['check', *map(str, records)])


def assert_refused(result, expected):
    """Refused with the problem, exit 1, no traceback, and nothing that could drive a terminal."""
    from publisher.characters import BIDI, CONTROL

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert expected in result.output.splitlines(), result.output
    assert not CONTROL.search(result.output.replace('\n', '')) and not BIDI.search(result.output)


@pytest.mark.parametrize('case', HOSTILE, ids=str)
def test_a_hostile_record_is_refused_with_file_line_and_field(workspace, monkeypatch, case):
    old, new, fragment, field, message = HOSTILE[case]
    monkeypatch.chdir(workspace)
    path = edit(workspace, old, new)
    result = check(path)
    shown = f'samples/{SEED}/release.yaml:{line_of(path, fragment)}: ' + (f'{field}: ' if field else '')
    problems = [line for line in result.output.splitlines() if line.startswith(shown) and message in line]
    assert len(problems) == 1, result.output
    assert_refused(result, problems[0])


def test_a_record_that_is_not_utf8_is_reported_with_line_and_column(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    path = record_of(workspace, SEED)
    path.write_bytes(path.read_bytes().replace('share Korea’s'.encode(), 'share caf\xe9'.encode('latin-1')))
    line = 30  # line_of() would read the file as UTF-8
    column = len('    The delegation, headed by {yoon}, {yoon.title}, aimed to share caf') + 1
    assert_refused(check(path), f'samples/{SEED}/release.yaml:{line}: not UTF-8 text: byte 0xe9 at column '
                                f'{column} (invalid continuation byte); save the record as UTF-8')


def _png_bomb(path, side=20000):
    """A real PNG of ``side``×``side`` white 1-bit pixels: tens of KB on disk, gigabytes decoded."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))

    row = b'\0' + b'\xff' * (side // 8)
    packer = zlib.compressobj(9)
    image = b''.join(packer.compress(row * 500) for _ in range(side // 500)) + packer.flush()
    path.write_bytes(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', side, side, 1, 0, 0, 0, 0))
                     + chunk(b'IDAT', image) + chunk(b'IEND', b''))


def test_a_decompression_bomb_photo_is_refused_before_it_is_decoded(workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    photo = workspace / 'samples' / SEED / 'photos' / 'forum-participants-naypyitaw.png'
    _png_bomb(photo)
    assert photo.stat().st_size < 100_000
    path = record_of(workspace, SEED)
    assert_refused(check(path), f'samples/{SEED}/release.yaml:{line_of(path, photo.name)}: photos[1].file: '
                                f"'{photo.name}' has more than 50,000,000 pixels, the limit for a photo; scale it down")


@pytest.mark.parametrize('limit, value, fragment, field, message', [
    ('record_bytes', 2000, None, '', 'the record is larger than 2,000 bytes, the limit for a record'),
    ('values', 50, None, '', 'holds more than 50 values once its YAML aliases (*name) are expanded'),
    ('string_length', 700, '  - note: >-', 'body[1].note', 'is 755 characters long; the limit for one text is 700'),
    ('paragraphs', 3, 'body:', 'body', 'has 8 items; the limit for a body is 3'),
    ('image_pixels', 1000, 'bilateral-meeting-naypyitaw.png', 'photos[0].file',
     "'bilateral-meeting-naypyitaw.png' has more than 1,000 pixels, the limit for a photo; scale it down"),
    ('attachment_bytes', 1000, 'roundtable-programme.pdf', 'attachments[0].file',
     "'roundtable-programme.pdf' is larger than 1,000 bytes, the limit for an attachment"),
])
def test_each_limit_has_its_own_message(workspace, monkeypatch, limit, value, fragment, field, message):
    from publisher import record

    monkeypatch.setattr(record.limits, 'LIMITS', record.Limits(**{limit: value}))
    monkeypatch.chdir(workspace)
    release = KOREAN_FIRST if limit == 'attachment_bytes' else SEED
    path = record_of(workspace, release)
    result = check(path)
    where = f'samples/{release}/release.yaml:' + (str(line_of(path, fragment)) if fragment else r'\d+')
    if limit == 'record_bytes':
        where = f'samples/{release}/release.yaml'
    problems = [line for line in result.output.splitlines()
                if re.match(f'{where}: ' + (f'{re.escape(field)}: ' if field else ''), line) and message in line]
    assert len(problems) == 1, result.output
    assert_refused(result, problems[0])


def test_the_samples_are_within_the_limits_and_aliases_within_them_are_allowed(workspace):
    path = edit(workspace, 'together: [ko, en]', 'together: &both [ko, en]')
    path = edit(workspace, '    name: {en: Yoon Jong-in,', '    name: &yoon {en: Yoon Jong-in,')
    path = edit(workspace, 'short: {en: Vice Minister Yoon, ko: 윤 차관, th: รัฐมนตรีช่วยฯ ยุน, my: ဒုတိယဝန်ကြီး ယွန်}',
                'short: *yoon')
    release = load_record(path)
    assert release.people['yoon'].short == release.people['yoon'].name


def test_a_record_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path):
    import os

    path = tmp_path / 'release.yaml'
    os.mkfifo(path)  # reading it would wait forever for a writer
    assert problems_of(path) == [f'{path}: not a file']


@pytest.mark.parametrize('link', [False, True], ids=['named', 'through a link'])
def test_a_photo_that_is_a_named_pipe_is_refused_as_one(workspace, link):
    import os

    photos = record_of(workspace, SEED).parent / 'photos'
    os.mkfifo(photos / 'pipe.png')
    if link:
        (photos / 'link.png').symlink_to('pipe.png')
    name = 'photos/link.png' if link else 'photos/pipe.png'
    path = edit(workspace, 'file: photos/bilateral-meeting-naypyitaw.png', f'file: {name}')
    assert [problem.split(': ', 2)[2] for problem in problems_of(path)] == [
        f"'{name}' is a named pipe, a device or a socket, not a file"]


@pytest.mark.parametrize('name', ['table', 'summary'])
def test_an_unknown_field_suggests_only_a_field_it_resembles(workspace, name):
    """'table' is no misspelling of 'value': no suggestion is better than a wrong one."""
    path = edit(workspace, '\nlead: >-', f'\n{name}: x\nlead: >-')
    [problem] = [problem for problem in problems_of(path) if f': {name}: ' in problem]
    assert problem.endswith(f'{name}: unknown field')
