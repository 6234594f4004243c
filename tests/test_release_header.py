"""The header block of a release: the lines under its title, the moments it may be reported and was
distributed, and its co-issuers, in every edition and format."""

from __future__ import annotations

import pytest
from hwpx import HwpxDocument

from publisher.messages import release_messages
from publisher.problems import InputError
from publisher.record import load_record

from conftest import JOINT, KOREAN_FIRST, ROOT, pdftotext, record_of, words
from test_render_html import browser, open_page  # noqa: F401 (a fixture)

SUBLINES = {
    'ko': ['아세안 10개국 공무원 대상 디지털 정부 연수 확대', '30억 원 규모 공동 협력 사업 추진'],
    'en': ['More digital government training for officials of the 10 ASEAN member states',
           'A joint cooperation programme worth KRW 3 billion'],
}
#: Each language's mark before a line under the title (formats.SUBLINE_MARKS).
MARKS = {'ko': '- ', 'en': ''}


def line_of(path, start):
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def hwpx_paragraphs(path):
    return [paragraph.text for paragraph in HwpxDocument.open(path).paragraphs if paragraph.text.strip()]


def test_each_line_under_the_title_is_a_message_of_its_own():
    messages = [m for m in release_messages(load_record(ROOT / 'tests' / 'joint' / 'release.yaml'))
                if m.context == 'subtitle']
    assert [(m.msgid, m.field, m.comment) for m in messages] == [
        ('아세안 {countries}개국 공무원 대상 디지털 정부 연수 확대', ('subtitles', 0), 'subtitles[0]: a line under the headline'),
        ('{fund} 규모 공동 협력 사업 추진', ('subtitles', 1), 'subtitles[1]: a line under the headline')]


def test_a_single_subtitle_keeps_its_message():
    """Records written with one ``subtitle`` keep the message, and so the translation, they had."""
    [message] = [m for m in release_messages(load_record(ROOT / 'samples' / KOREAN_FIRST / 'release.yaml'))
                 if m.context == 'subtitle']
    assert (message.field, message.comment) == (('subtitle',), 'subtitle')


def test_subtitle_and_subtitles_together_are_refused_at_their_line(workspace):
    path = record_of(workspace, KOREAN_FIRST)
    text = path.read_text()
    path.write_text(text.replace('\nlead:', '\nsubtitles: [둘째 줄]\nlead:', 1))
    line = text[:text.index('\nlead:')].count('\n') + 2
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == (f'{path}:{line}: subtitles: give subtitle (one line) or subtitles (a list), '
                                'not both')


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_page_prints_each_line_under_the_title_with_its_languages_mark(browser, joint, language):
    page = open_page(browser, joint / f'{JOINT}.{language}.html')
    lines = page.eval_on_selector_all('h1 ~ p.release-subtitle', 'nodes => nodes.map(n => n.textContent)')
    assert lines == [MARKS[language] + line for line in SUBLINES[language]]
    marks = page.eval_on_selector_all('.subline-mark', 'nodes => nodes.map(n => n.getAttribute("aria-hidden"))')
    assert marks == (['true'] * 2 if MARKS[language] else [])


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdf_prints_the_lines_under_the_title_after_it(joint, language):
    text = words(pdftotext(joint / f'{JOINT}.{language}.pdf'))
    title = text.index('디지털 정부 협력 강화' if language == 'ko' else 'cooperation with ASEAN')
    first = text.index(words(MARKS[language] + SUBLINES[language][0]))
    assert title < first < text.index(words(MARKS[language] + SUBLINES[language][1]))


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_hwpx_has_a_paragraph_for_each_line_under_the_title(joint, language):
    paragraphs = hwpx_paragraphs(joint / f'{JOINT}.{language}.hwpx')
    title = next(i for i, text in enumerate(paragraphs) if '디지털 정부 협력 강화' in text or 'with ASEAN' in text)
    assert paragraphs[title + 1:title + 3] == [MARKS[language] + line for line in SUBLINES[language]]


#: The header block's two moments, as each language prints them.
MOMENTS = {
    'ko': '보도 시점 2019년 11월 27일(수) 06:00 / 배포 일시 2019년 11월 26일(화) 10:00',
    'en': 'Embargo 6:00 AM KST, November 27, 2019 / Distributed 10:00 AM KST, November 26, 2019',
}


@pytest.mark.parametrize('distributed, message', [
    ('2019-11-27T07:00:00+09:00', '2019-11-27T07:00:00+09:00 is after the embargo (2019-11-27T06:00:00+09:00): '
                                  'a release is distributed before it may be reported'),
    ('2019-11-27T05:00:00+09:00', None),
    ('2019-11-26T10:00:00', 'give a date and time with its UTC offset, such as 2019-11-26T12:00:00+09:00'),
])
def test_a_release_is_distributed_before_its_embargo(joint_workspace, distributed, message):
    path = joint_workspace / 'release.yaml'
    path.write_text(path.read_text().replace('distributed: 2019-11-26T10:00:00+09:00', f'distributed: {distributed}'))
    if message is None:
        assert load_record(path).distributed.hour == 5
        return
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == f'{path}:{line_of(path, "distributed:")}: distributed: {message}'


def test_a_release_is_distributed_by_its_day_of_publication(joint_workspace):
    path = joint_workspace / 'release.yaml'
    text = path.read_text().replace('embargo: 2019-11-27T06:00:00+09:00\n', '')
    path.write_text(text.replace('distributed: 2019-11-26T10:00:00+09:00', 'distributed: 2019-11-28T10:00:00+09:00'))
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == (f'{path}:{line_of(path, "distributed:")}: distributed: 2019-11-28T10:00:00+09:00 is after the day of publication '
                                '(2019-11-27)')


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_page_gives_both_moments_as_times(browser, joint, language):
    page = open_page(browser, joint / f'{JOINT}.{language}.html')
    moments = page.eval_on_selector_all(
        '.release-facts .release-moment', 'nodes => nodes.map(n => [n.querySelector("dt").textContent, '
                                          'n.querySelector("time").getAttribute("datetime")])')
    labels = {'ko': ['보도 시점', '배포 일시'], 'en': ['Embargo', 'Distributed']}[language]
    assert moments == [[labels[0], '2019-11-27T06:00:00+09:00'], [labels[1], '2019-11-26T10:00:00+09:00']]


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdf_prints_both_moments_on_one_line(joint, language):
    lines = [words(line) for line in pdftotext(joint / f'{JOINT}.{language}.pdf', '-layout').splitlines()]
    assert any(line.startswith(MOMENTS[language][:40]) for line in lines)
    assert MOMENTS[language] in words(pdftotext(joint / f'{JOINT}.{language}.pdf'))


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_hwpx_prints_both_moments_in_one_paragraph(joint, language):
    assert MOMENTS[language] in map(words, hwpx_paragraphs(joint / f'{JOINT}.{language}.hwpx'))


#: The running header of each language: the issuer and its co-issuer by their short names, and the day.
RUNNING_HEADERS = {'ko': '행안부 · 외교부 · 2019년 11월 27일', 'en': 'MOIS · MOFA · November 27, 2019'}
#: The issuer and co-issuer by their names.
ISSUERS = {'ko': ['행정안전부', '외교부'], 'en': ['Ministry of the Interior and Safety', 'Ministry of Foreign Affairs']}


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdfs_running_header_names_the_co_issuer_on_every_page(joint, language):
    from pypdf import PdfReader

    pages = len(PdfReader(joint / f'{JOINT}.{language}.pdf').pages)
    for page in range(1, pages + 1):
        text = pdftotext(joint / f'{JOINT}.{language}.pdf', '-f', str(page), '-l', str(page))
        assert words(text).startswith(RUNNING_HEADERS[language])


def test_each_hwpx_sections_running_header_names_the_co_issuer(joint):
    from test_render_hwpx import header_text

    korean, english = map(header_text, HwpxDocument.open(joint / f'{JOINT}.ko-en.hwpx').sections)
    assert korean.startswith(RUNNING_HEADERS['ko']) and english.startswith(RUNNING_HEADERS['en'])


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pages_structured_data_has_both_organisations_as_publisher(browser, joint, language):
    import json

    page = open_page(browser, joint / f'{JOINT}.{language}.html')
    data = json.loads(page.eval_on_selector('script[type="application/ld+json"]', 'node => node.textContent'))
    expected = [{'@type': 'GovernmentOrganization', 'name': name} for name in ISSUERS[language]]
    assert data['publisher'] == expected and data['author'] == expected
