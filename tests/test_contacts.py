"""The contact block: a table per department with its director and officers, their phones written as each
language's readers dial them, in the page, the PDF and the HWPX."""

from __future__ import annotations

import subprocess
import zipfile

import pikepdf
import pytest
from hwp_hwpx_parser import Reader

from publisher.phones import format_phone
from publisher.problems import InputError
from publisher.record import load_record

from conftest import JOINT, KOREAN_FIRST, ROOT, pdftotext
from test_render_html import browser, open_page  # noqa: F401 (a fixture)
from test_render_tagging import structure_elements

#: Each department's table as a reader sees it, row by row (the department's cells span its rows); the last
#: cell holds a person's phone above their e-mail.
TABLES = {
    'ko': [
        [['담당 부서', '행정안전부 국제행정협력과', '책임자', '박정훈 과장', '044-205-2410'],
         ['담당자', '이수진 사무관', '044-205-2415lee@example.go.kr']],
        [['담당 부서', '외교부 아세안국', '담당자', '최민호 서기관', '02-2100-7360'],
         ['담당자', '한지은 주태국대사관 서기관', '+66 2 356 0000han@example.go.kr']],
    ],
    'en': [
        [['Department', 'International Administrative Cooperation Division, MOIS', 'Director',
          'Director Park Jeong-hun', '+82 44 205 2410'],
         ['Officer', 'Deputy Director Lee Su-jin', '+82 44 205 2415lee@example.go.kr']],
        [['Department', 'ASEAN Bureau, MOFA', 'Officer', 'Assistant Director Choi Min-ho', '+82 2 2100 7360'],
         ['Officer', 'First Secretary, Embassy in Thailand Han Ji-eun', '+66 2 356 0000han@example.go.kr']],
    ],
}
#: Each person's row: their role, phone and e-mail.
REACH = [('director', '+82442052410', None), ('officer', '+82442052415', 'lee@example.go.kr'),
         ('officer', '+82221007360', None), ('officer', '+6623560000', 'han@example.go.kr')]


@pytest.mark.parametrize('number, language, written', [
    pytest.param('+82442050000', 'ko', '044-205-0000', id='a Korean number, in Korean: domestic'),
    pytest.param('+82442050000', 'en', '+82 44 205 0000', id='a Korean number, in English: international'),
    pytest.param('+82442050000', 'th', '+82 44 205 0000', id='a Korean number, in a language without a row'),
    pytest.param('+821012345678', 'ko', '010-1234-5678', id='a Korean mobile, in Korean'),
    pytest.param('+6623560000', 'ko', '+66 2 356 0000', id='a Thai number, in Korean: international'),
])
def test_a_phone_is_written_as_the_languages_readers_dial_it(number, language, written):
    assert format_phone(number, language) == written


def test_a_phone_is_stored_once_with_its_country_code():
    release = load_record(ROOT / 'tests' / 'joint' / 'release.yaml')
    assert [(role, person.person, person.phone) for contact in release.contacts for role, person in contact.people()] == [
        ('director', 'park', '+82442052410'), ('officer', 'lee', '+82442052415'),
        ('officer', 'choi', '+82221007360'),  # written 02-2100-7360: a number of the issuer's country
        ('officer', 'han', '+6623560000')]


def test_a_contact_of_earlier_records_is_its_units_officer():
    [contact] = load_record(ROOT / 'samples' / KOREAN_FIRST / 'release.yaml').contacts
    assert contact.unit['ko'] == '행정안전부 국제행정협력과' and contact.department is None
    [(role, person)] = contact.people()
    assert (role, person.person, person.phone, person.email) == ('officer', 'lee', '+82442050000',
                                                                  'press@example.go.kr')


def line_of(path, text):
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize('old, new, at, field, message', [
    pytest.param('director: {person: park, phone: +82 44 205 2410}', 'director: {phone: +82 44 205 2410}',
                 'director:', 'contacts[0].director',
                 'names no person: give person: (someone declared under people), with their phone',
                 id='a role without a person'),
    pytest.param('+82 44 205 2415', '+82 44 205', '+82 44 205,', 'contacts[0].officer[0].phone',
                 "'+82 44 205' is not a phone number in use (too short, too long, or no such area code); write it "
                 'with its country code, such as +82 44 205 0000', id='a phone too short'),
    pytest.param('+82 44 205 2415', 'ask the desk', 'ask the desk', 'contacts[0].officer[0].phone',
                 "'ask the desk' is not a phone number; write it with its country code, such as +82 44 205 0000",
                 id='not a phone'),
    pytest.param('{person: park,', '{person: parc,', 'parc', 'contacts[0].director.person',
                 "no person 'parc' is declared (did you mean 'park'?)", id='an undeclared person'),
    pytest.param('- department: asia_division', '- department: asia_division\n    unit: {ko: 아세안국, en: ASEAN Bureau}',
                 'department: asia_division', 'contacts[1]',
                 'give department (an organisation declared under organisations), or unit (its name in each '
                 'language), once', id='a department named twice'),
])
def test_a_bad_contact_is_refused_with_its_line_and_field(joint_workspace, old, new, at, field, message):
    path = joint_workspace / 'release.yaml'
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == f'{path}:{line_of(path, at)}: {field}: {message}'



@pytest.mark.parametrize('old, new, at, problem', [
    ('director: {person: park, phone: +82 44 205 2410}', 'director: {phone: +82 44 205 2410}', 'director:',
     'contacts[0].director: names no person'),
    ('+82 44 205 2415', 'ask the desk', 'ask the desk', "contacts[0].officer[0].phone: 'ask the desk' is not a phone"),
    ('distributed: 2019-11-26T10:00:00+09:00', 'distributed: 2019-11-27T07:00:00+09:00', 'distributed:',
     'distributed: 2019-11-27T07:00:00+09:00 is after the embargo'),
])
def test_render_refuses_a_bad_header_or_contact_block_and_writes_nothing(joint_workspace, old, new, at, problem):
    import sys

    path = joint_workspace / 'release.yaml'
    path.write_text(path.read_text().replace(old, new, 1))
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', str(path), '--out', str(joint_workspace / 'out')],
                            capture_output=True, text=True)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert f'{path}:{line_of(path, at)}: {problem}' in result.stderr
    assert not (joint_workspace / 'out').exists()

def test_a_phone_without_its_country_code_needs_the_issuers_country(joint_workspace):
    path = joint_workspace / 'release.yaml'
    path.write_text(path.read_text().replace('    country: KR\n', ''))
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == (f'{path}:{line_of(path, "02-2100-7360")}: contacts[1].officer[0].phone: '
                                "'02-2100-7360' needs its country code, such as +82 44 205 0000")


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_page_sets_a_table_per_department_with_row_headers(browser, joint, language):
    page = open_page(browser, joint / f'{JOINT}.{language}.html')
    tables = page.eval_on_selector_all('.release-contacts table', '''tables => tables.map(table =>
        [...table.rows].map(row => [...row.cells].map(cell => cell.textContent.trim())))''')
    assert tables == TABLES[language]
    headers = page.eval_on_selector_all('.release-contacts th', 'cells => cells.map(c => [c.scope, c.rowSpan])')
    assert headers == [['row', 2], ['row', 1], ['row', 1]] * 2
    spans = page.eval_on_selector_all('.release-contacts tr:first-child td:first-of-type', 'cells => cells.map(c => c.rowSpan)')
    assert spans == [2, 2]


def test_a_phone_links_to_its_number_dialable_from_anywhere(browser, joint):
    page = open_page(browser, joint / f'{JOINT}.ko.html')
    links = page.eval_on_selector_all('.release-contacts a[href^="tel:"]',
                                      'links => links.map(a => [a.getAttribute("href"), a.textContent])')
    assert links == [['tel:+82442052410', '044-205-2410'], ['tel:+82442052415', '044-205-2415'],
                     ['tel:+82221007360', '02-2100-7360'], ['tel:+6623560000', '+66 2 356 0000']]


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdf_tags_each_department_as_a_table_with_header_cells(joint, language):
    with pikepdf.open(joint / f'{JOINT}.{language}.pdf') as pdf:
        elements = [str(node.get('/S')) for node, _ in structure_elements(pdf)]
    assert elements.count('/Table') == 2
    assert elements.count('/TR') == 4 and elements.count('/TH') == 6 and elements.count('/TD') == 10


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdf_prints_each_persons_role_and_phone_on_their_row_and_their_email_below(joint, language):
    from publisher.phones import format_phone

    lines = pdftotext(joint / f'{JOINT}.{language}.pdf', '-layout').splitlines()
    roles = {'ko': {'director': '책임자', 'officer': '담당자'}, 'en': {'director': 'Director', 'officer': 'Officer'}}
    for role, phone, email in REACH:
        row = next(i for i, line in enumerate(lines) if format_phone(phone, language) in line)
        assert roles[language][role] in lines[row]
        if email:  # below the phone, in its column: a long name or department beside it may wrap between them
            column = lines[row].index(format_phone(phone, language))
            assert any(line.find(email) == column for line in lines[row + 1:row + 4]), lines[row:row + 4]


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_hwpx_holds_a_real_table_per_department(joint, language):
    path = joint / f'{JOINT}.{language}.hwpx'
    with Reader(path) as reader:
        assert [table.rows for table in reader.tables] == TABLES[language]
    with zipfile.ZipFile(path) as package:
        section = package.read('Contents/section0.xml').decode()
    assert section.count('<hp:tbl ') == 2 and section.count('rowSpan="2"') == 4


def test_the_joint_releases_pages_are_valid_html(joint, nu_checked):
    """The Nu HTML Checker finds no error in the pages holding the header and contact blocks."""
    pages = sorted(path for path in joint.glob('*.html') if not path.name.endswith('.fragment.html'))
    assert len(pages) == 3 and nu_checked(pages) == {str(page): [] for page in pages}
