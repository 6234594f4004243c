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
