"""check teaches the particles and articles of a record's prose, and render prints them right:
on real records, through the publisher command."""

from __future__ import annotations

import html
import re

import pytest
from click.testing import CliRunner

from publisher.cli import main

#: One test process runs the whole module (the pages are rendered once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_proofreading')


def invoke(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


FACTS = '''\
organisations:
  mois: {name: {ko: 행정안전부, en: Ministry of the Interior and Safety}, short: {ko: 행정안전부, en: MOIS}, article: {en: the}}
  busan_city: {name: {ko: 부산광역시, en: Busan Metropolitan City}}
  unep: {name: {ko: 유엔환경계획, en: UN Environment Programme}, article: {en: the}}
  koica: {name: {ko: 한국국제협력단, en: Korea International Cooperation Agency}, short: {ko: 코이카, en: KOICA}}
  apec: {name: {ko: APEC, en: APEC}}
  rcep: {name: {ko: RCEP, en: RCEP}}
  opec: {name: {ko: OPEC, en: OPEC}}
  nato: {name: {ko: NATO, en: NATO}}
  nasa: {name: {ko: NASA, en: NASA}}
  fifa: {name: {ko: FIFA, en: FIFA}}
  opdc: {name: {ko: OPDC, en: OPDC}}
  gov24: {name: {ko: 정부２４, en: Government24}}
  task: {name: {ko: 과제❶, en: Task 1}}
people:
  jin: {name: {ko: 진영, en: Chin Young}, title: {ko: 장관, en: Minister}}
places:
  weight: {name: {ko: 25㎏, en: 25 kg}}
  distance: {name: {ko: 5km, en: 5 km}}
  length: {name: {ko: 30㎝, en: 30 cm}}
  water: {name: {ko: 2ℓ, en: 2 l}}
  area: {name: {ko: 84㎡, en: 84 m²}}
  square: {name: {ko: 100m², en: 100 m²}}
  gap: {name: {ko: 3%p, en: 3 points}}
  xray: {name: {ko: X선, en: X-ray}}
  ukraine: {name: {ko: 우크라이나, en: Ukraine}}
dates:
  day: 2019-11-26
  opening: 2019-11-26T14:00+09:00
  closing: 2019-11-26T17:30+09:00
amounts:
  aid: {value: 3000000, currency: USD}
  aid_krw: {value: 4000000000, currency: KRW}
'''

#: Korean prose written right, as a rule of the issue would have it, and how it prints.
KOREAN = [
    ('{mois}(장관 {jin})는 밝혔다.', '행정안전부(장관 진영)는 밝혔다.'),
    ('{aid}(약 {aid_krw})를 지원한다.', '300만 달러(약 40억 원)를 지원한다.'),
    ('{koica}({koica.short})과 함께했다.', '한국국제협력단(코이카)과 함께했다.'),
    ('행정안전부(장관 {jin})는 밝혔다.', '행정안전부(장관 진영)는 밝혔다.'),
    ('{day.weekday}은 휴일이다.', '11월 26일(화)은 휴일이다.'),
    ('{opening}로 정했다.', '14:00로 정했다.'),
    ('{closing}으로 정했다.', '17:30으로 정했다.'),
    ('{apec}은 열린다.', 'APEC은 열린다.'),
    ('{rcep}을 맺었다.', 'RCEP을 맺었다.'),
    ('{opec}이 모였다.', 'OPEC이 모였다.'),
    ('{nato}를 찾았다.', 'NATO를 찾았다.'),
    ('{opdc}와 만났다.', 'OPDC와 만났다.'),
    ('{weight}은 넘는다.', '25㎏은 넘는다.'),
    ('{distance}는 걷는다.', '5km는 걷는다.'),
    ('{length}를 넘는다.', '30㎝를 넘는다.'),
    ('{water}를 마신다.', '2ℓ를 마신다.'),
    ('{area}는 넓다.', '84㎡는 넓다.'),
    ('{square}를 넘는다.', '100m²를 넘는다.'),
    ('{gap}로 올랐다.', '3%p로 올랐다.'),
    ('{gov24}를 열었다.', '정부２４를 열었다.'),
    ('{task}을 마쳤다.', '과제❶을 마쳤다.'),
    ('주관은 {mois}이며 후원은 {koica}이다.', '주관은 행정안전부이며 후원은 한국국제협력단이다.'),
    ('주관은 {mois}며 후원은 {mois}다.', '주관은 행정안전부며 후원은 행정안전부다.'),
    # straight marks typed by the writer, made Korean's own
    ('''{mois}는 '정부24'를 "혁신"이라 불렀다.''', '행정안전부는 ‘정부24’를 “혁신”이라 불렀다.'),
]

#: The same prose written wrong: what check says of it, and what render prints.
WRONG_KOREAN = [
    ('{mois}(장관 {jin})은 밝혔다.', '{mois}(장관 {jin})은 → {mois}(장관 {jin})는 (행정안전부 ends in a vowel)'),
    ('{aid}(약 {aid_krw})을 지원한다.', '{aid}(약 {aid_krw})을 → {aid}(약 {aid_krw})를 (300만 달러 ends in a vowel)'),
    ('{koica}({koica.short})와 함께했다.', '{koica}({koica.short})와 → {koica}({koica.short})과 (한국국제협력단 ends in a consonant)'),
    ('행정안전부(장관 {jin})은 밝혔다.', '행정안전부(장관 {jin})은 → 행정안전부(장관 {jin})는 (행정안전부 ends in a vowel)'),
    ('{day.weekday}는 휴일이다.', '{day.weekday}는 → {day.weekday}은 (11월 26일 ends in ㄹ)'),
    ('{opening}으로 정했다.', '{opening}으로 → {opening}로 (14:00 ends in a vowel)'),
    ('{closing}로 정했다.', '{closing}로 → {closing}으로 (17:30 ends in a consonant)'),
    ('{apec}는 열린다.', '{apec}는 → {apec}은 (APEC ends in a consonant)'),
    ('{rcep}를 맺었다.', '{rcep}를 → {rcep}을 (RCEP ends in a consonant)'),
    ('{opec}가 모였다.', '{opec}가 → {opec}이 (OPEC ends in a consonant)'),
    ('{nato}을 찾았다.', '{nato}을 → {nato}를 (NATO ends in a vowel)'),
    ('{opdc}과 만났다.', '{opdc}과 → {opdc}와 (OPDC ends in a vowel)'),
    ('{weight}는 넘는다.', '{weight}는 → {weight}은 (25㎏ ends in a consonant)'),
    ('{distance}은 걷는다.', '{distance}은 → {distance}는 (5km ends in a vowel)'),
    ('{length}을 넘는다.', '{length}을 → {length}를 (30㎝ ends in a vowel)'),
    ('{water}을 마신다.', '{water}을 → {water}를 (2ℓ ends in a vowel)'),
    ('{area}은 넓다.', '{area}은 → {area}는 (84㎡ ends in a vowel)'),
    ('{square}을 넘는다.', '{square}을 → {square}를 (100m² ends in a vowel)'),
    ('{gap}으로 올랐다.', '{gap}으로 → {gap}로 (3%p ends in a vowel)'),
    ('{gov24}을 열었다.', '{gov24}을 → {gov24}를 (정부２４ ends in a vowel)'),
    ('{task}를 마쳤다.', '{task}를 → {task}을 (과제❶ ends in ㄹ)'),
]

#: Prose leaving the choice to the tool (both forms written): no note, the right form printed.
OPEN_KOREAN = [
    ('{weight}은(는) 넘는다.', '25㎏은 넘는다.'),
    ('{mois}(장관 {jin})은(는) 밝혔다.', '행정안전부(장관 진영)는 밝혔다.'),
    ('{square}을(를) 넘는다.', '100m²를 넘는다.'),
    ('{gov24}(으)로 신청한다.', '정부２４로 신청한다.'),
    ('과제❶은(는) 마쳤다.', '과제❶은 마쳤다.'),
    ('무게는 25㎏은(는) 넘는다.', '무게는 25㎏은 넘는다.'),
]


def record(tmp_path, paragraphs, language='ko', languages='[ko]'):
    """A record whose body is ``paragraphs``, one a line (line 9 on), in a workspace of its own."""
    (tmp_path / 'locales').mkdir(exist_ok=True)
    path = tmp_path / 'release.yaml'
    body = ''.join('  - "' + paragraph.replace('"', '\\"') + '"\n' for paragraph in paragraphs)
    path.write_text(f'id: rules\nsource_language: {language}\nlanguages: {languages}\npublished: 2019-11-26\n'
                    f'issuer: mois\ntitle: "Rules"\nlead: "Rules"\nbody:\n{body}{FACTS}'
                    'partners:\n  - {organisation: unep, role: organiser}\n  - {organisation: busan_city, role: co-host}\n')
    return path


def notes(output):
    return [line for line in output.splitlines() if line.endswith('(corrected when rendering)')]


def rendered_text(tmp_path, path, language='ko'):
    result = invoke('render', path, '-f', 'html', '--out', tmp_path / 'dist')
    assert result.exit_code == 0, result.output
    page = (tmp_path / 'dist' / 'rules' / f'rules.{language}.html').read_text()
    return html.unescape(re.sub(r'<[^>]*>', '', page))


def test_check_finds_nothing_to_teach_in_korean_written_right(tmp_path):
    result = invoke('check', record(tmp_path, [prose for prose, _ in KOREAN + OPEN_KOREAN]))
    assert result.exit_code == 0, result.output
    assert notes(result.output) == []


@pytest.fixture(scope='module')
def korean_pages(tmp_path_factory):
    """The prose written right, and the prose written wrong, each rendered once as a page's text."""
    right, wrong = tmp_path_factory.mktemp('right'), tmp_path_factory.mktemp('wrong')
    return (rendered_text(right, record(right, [prose for prose, _ in KOREAN + OPEN_KOREAN])),
            rendered_text(wrong, record(wrong, [prose for prose, _ in WRONG_KOREAN])))


@pytest.mark.parametrize('prose, printed', KOREAN + OPEN_KOREAN, ids=[prose for prose, _ in KOREAN + OPEN_KOREAN])
def test_render_prints_every_particle_as_korean_writes_it(korean_pages, prose, printed):
    assert printed in korean_pages[0]


@pytest.mark.parametrize('printed', [printed for _, printed in KOREAN[:len(WRONG_KOREAN)]])
def test_render_corrects_every_wrong_particle(korean_pages, printed):
    assert printed in korean_pages[1]


def test_check_notes_each_wrong_particle_with_its_context_and_line(tmp_path):
    path = record(tmp_path, [prose for prose, _ in WRONG_KOREAN])
    result = invoke('check', path)
    assert result.exit_code == 0, result.output
    assert notes(result.output) == [f'{path}:{9 + index}: body[{index}]: {note} (corrected when rendering)'
                                    for index, (_, note) in enumerate(WRONG_KOREAN)]


def test_a_note_names_the_line_its_particle_is_on_when_the_prose_spans_several(tmp_path):
    path = record(tmp_path, ['본문.'])
    path.write_text(path.read_text().replace('lead: "Rules"', 'lead: >-\n  올해 회의는 {mois}(장관\n  {jin})은 주관하며\n'
                                                               '  {mois}(장관 {jin})은 후원한다.'))
    result = invoke('check', path)
    assert notes(result.output) == [
        f'{path}:9: lead: {{mois}}(장관 {{jin}})은 → {{mois}}(장관 {{jin}})는 (행정안전부 ends in a vowel) (corrected when rendering)',
        f'{path}:10: lead: {{mois}}(장관 {{jin}})은 → {{mois}}(장관 {{jin}})는 (행정안전부 ends in a vowel) (corrected when rendering)']


@pytest.mark.parametrize('style, printed', [
    ('acronyms:\n  OPDC: {ko: 오피디씨원}\n', 'OPDC과 만났다.'),
    ('acronyms:\n  NATO: {ko: 나토군, en: nato}\n', 'NATO을 찾았다.'),
])
def test_a_workspace_adds_its_own_readings_of_acronyms(tmp_path, style, printed):
    (tmp_path / 'style.yaml').write_text(style)
    prose = {'OPDC': '{opdc}와 만났다.', 'NATO': '{nato}를 찾았다.'}[printed[:4]]
    path = record(tmp_path, [prose])
    assert printed in rendered_text(tmp_path, path)
    assert f'{printed[:4]} ends in a consonant' in invoke('check', path).output


@pytest.mark.parametrize('style, message', [
    ('acronyms: APEC\n', '1: acronyms: a mapping of acronyms to their readings'),
    ('acronyms:\n  apec: {ko: 에이펙}\n', '2: acronyms.apec: an acronym is written in capital letters'),
    ('acronyms:\n  APEC: 에이펙\n', '2: acronyms.APEC: give its reading in each language'),
])
def test_a_workspace_reading_that_is_no_table_is_reported_with_its_line(tmp_path, style, message):
    (tmp_path / 'style.yaml').write_text(style)
    result = invoke('check', record(tmp_path, ['{apec}은 열린다.']))
    assert result.exit_code == 1 and f'{tmp_path / "style.yaml"}:{message}' in result.output
    assert 'Traceback' not in result.output


@pytest.mark.parametrize('language', ['th', 'my'])
def test_thai_and_burmese_never_receive_korean_particles(tmp_path, language):
    path = record(tmp_path, ['{mois}은(는) {weight}을(를) ({koica})와'], language=language, languages=f'[{language}]')
    path.write_text(re.sub(r'\{ko: ([^,}]+)', lambda m: '{' + f'{language}: {m[1]}', path.read_text()))
    result = invoke('check', path)
    assert result.exit_code == 0 and notes(result.output) == []
    assert '행정안전부은(는) 25㎏을(를) (한국국제협력단)와' in rendered_text(tmp_path, path, language)



#: A value of each kind a particle may follow, as written in prose and as printed, and the sound it ends in
#: (test_particles: 0 a consonant, 1 a vowel, 2 ㄹ).
VALUE_KINDS = [
    ('{mois}(장관 {jin})', '행정안전부(장관 진영)', 1),   # after a parenthesis
    ('{day.weekday}', '11월 26일(화)', 2),               # a weekday
    ('{opening}', '14:00', 1), ('{closing}', '17:30', 0),  # times: 14시, 17시 30분
    ('{apec}', 'APEC', 0), ('{opdc}', 'OPDC', 1),        # acronyms read as a word, as letters
    ('{distance}', '5km', 1), ('{weight}', '25㎏', 0),   # units in ASCII, as a compatibility character
    ('{gov24}', '정부２４', 1), ('{square}', '100m²', 1),  # fullwidth and superscript digits
    ('{task}', '과제❶', 2),                              # a circled digit
]


def every_pair(written):
    """(prose, printed, wrong form) for each particle after each kind of value, its form ``written``:
    'wrong' (one the value does not take), 'right' or 'open' (both forms)."""
    from test_particles import PARTICLES

    for consonant, vowel, rieul, full_after_vowel in PARTICLES:
        forms = (consonant, vowel, rieul)
        for prose, printed, sound in VALUE_KINDS:
            wrong = vowel if forms[sound] == consonant else consonant
            if written == 'wrong' and full_after_vowel and sound == 1:
                continue  # after a vowel both forms of the copula are right
            form = {'wrong': wrong, 'right': forms[sound], 'open': f'{consonant}({vowel})'}[written]
            yield f'{prose}{form} 확인.', f'{printed}{forms[sound]} 확인.', (prose, form, forms[sound])


@pytest.mark.parametrize('written', ['wrong', 'right', 'open'])
def test_every_particle_pair_after_every_kind_of_value_through_check_and_render(tmp_path, written):
    cases = list(every_pair(written))
    path = record(tmp_path, [prose for prose, _, _ in cases])
    result = invoke('check', path)
    assert result.exit_code == 0, result.output
    expected = [f'{path}:{9 + index}: body[{index}]: {value}{form} → {value}{right} ('
                for index, (_, _, (value, form, right)) in enumerate(cases) if written == 'wrong']
    assert [note[:len(start)] for note, start in zip(notes(result.output), expected)] == expected
    assert len(notes(result.output)) == len(expected)
    page = rendered_text(tmp_path, path)
    assert [printed for _, printed, _ in cases if printed not in page] == []


#: English prose, and how it prints: articles by sound, "the" before the names that take it.
ENGLISH = [
    ('{mois} and {busan_city} held a forum.', 'The Ministry of the Interior and Safety and Busan Metropolitan City held a forum.'),
    ('It was held with {unep} and {busan_city}.', 'It was held with the UN Environment Programme and Busan Metropolitan City.'),
    ('Talks ended. {unep} said so.', 'Talks ended. The UN Environment Programme said so.'),
    ('It was the {mois}’s idea; a {mois} official agreed.', 'It was the Ministry of the Interior and Safety’s idea; a Ministry'),
    ('{mois.short} will help.', 'MOIS will help.'),
    ('It hosted an {nato} summit.', 'It hosted a NATO summit.'),
    ('It hosted a {apec} summit.', 'It hosted an APEC summit.'),
    ('It sent an {nasa} team.', 'It sent a NASA team.'),
    ('It needs a {xray}.', 'It needs an X-ray.'),
    ('It met a {opdc} official.', 'It met an OPDC official.'),
    # straight marks typed by the writer, made English's own
    ('''He said "It's 'the best' plan," and {mois}'s staff agreed.''',
     'He said “It’s ‘the best’ plan,” and the Ministry of the Interior and Safety’s staff agreed.'),
    ('It joined an {fifa} panel.', 'It joined a FIFA panel.'),
    ('It met a {ukraine} delegation.', 'It met a Ukraine delegation.'),
]


@pytest.fixture(scope='module')
def english_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp('english')
    return rendered_text(folder, record(folder, [prose for prose, _ in ENGLISH], 'en', '[en]'), 'en')


@pytest.mark.parametrize('prose, printed', ENGLISH, ids=[prose for prose, _ in ENGLISH])
def test_render_prints_english_articles_as_the_press_writes_them(english_page, prose, printed):
    assert printed in english_page


@pytest.mark.parametrize('role, names', [('Organised by', 'the UN Environment Programme'),
                                         ('Co-hosted by', 'Busan Metropolitan City'),
                                         ('Issued by', 'the Ministry of the Interior and Safety')])
def test_a_partner_s_name_takes_its_article_after_by(english_page, role, names):
    assert re.search(rf'{role}\s*{names}', english_page)


def test_check_teaches_the_english_articles_by_sound(tmp_path):
    path = record(tmp_path, [prose for prose, _ in ENGLISH], 'en', '[en]')
    assert notes(invoke('check', path).output) == [
        f'{path}:{9 + index}: body[{index}]: {note} (corrected when rendering)' for index, note in [
            (5, 'an {nato} → a {nato} (NATO starts with a consonant sound)'),
            (6, 'a {apec} → an {apec} (APEC starts with a vowel sound)'),
            (7, 'an {nasa} → a {nasa} (NASA starts with a consonant sound)'),
            (8, 'a {xray} → an {xray} (X-ray starts with a vowel sound)'),
            (9, 'a {opdc} → an {opdc} (OPDC starts with a vowel sound)'),
            (11, 'an {fifa} → a {fifa} (FIFA starts with a consonant sound)')]]


def test_a_note_on_a_translation_names_the_catalog_line_its_particle_is_on(tmp_path):
    """GNU tools wrap a Korean translation inside its words: the line is found by the particle's place."""
    source = '{mois} ({jin}) hosts and {mois} ({jin}) backs it.'
    path = record(tmp_path, [source], language='en', languages='[en, ko]')
    catalog = tmp_path / 'locales' / 'ko' / 'LC_MESSAGES' / 'rules.po'
    assert invoke('update', path, '-l', 'ko').exit_code == 0
    text = catalog.read_text()
    wrapped = ('msgstr ""\n"올해 회의는 여러 나라의 공무원들이 모여 함께 논의하는 자리로 {mois}(장관 {jin})은 이번 회"\n'
               '"의를 주관하며 {mois}(장관 {jin})은 후원한다."\n')
    assert f'msgid "{source}"\nmsgstr ""\n' in text
    catalog.write_text(text.replace(f'msgid "{source}"\nmsgstr ""\n', f'msgid "{source}"\n{wrapped}', 1))
    lines = catalog.read_text().splitlines()
    first = lines.index('"올해 회의는 여러 나라의 공무원들이 모여 함께 논의하는 자리로 {mois}(장관 {jin})은 이번 회"') + 1
    result = invoke('check', path)
    assert [note.split(': msgstr:')[0] for note in notes(result.output)] == [f'{catalog}:{first}', f'{catalog}:{first + 1}']
