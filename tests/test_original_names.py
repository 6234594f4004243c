"""A foreign name's first mention in a Korean edition, with its original spelling: 안토니우 구테흐스(António Guterres)."""

from __future__ import annotations

import pytest
from hwpx import HwpxDocument

from publisher.formats import with_original
from publisher.localise import localise
from publisher.problems import InputError
from publisher.record import load_record

from conftest import JOINT, ROOT, pdftotext, words
from test_render_html import browser, open_page  # noqa: F401 (a fixture)

OECD = 'Organisation for Economic Co-operation and Development'


def running_text(release):
    return [str(release.lead), *(str(block.text) for block in release.blocks)]


@pytest.mark.parametrize('name, original, language, written', [
    pytest.param('안토니우 구테흐스', 'António Guterres', 'ko', '안토니우 구테흐스(António Guterres)', id='Korean'),
    pytest.param('António Guterres', 'António Guterres', 'en', 'António Guterres', id='English: no row'),
    pytest.param('António Guterres', 'António Guterres', 'ko', 'António Guterres', id='the same spelling'),
])
def test_a_language_table_says_how_a_first_mention_writes_the_original(name, original, language, written):
    assert with_original(name, original, language) == written


def test_the_first_mention_in_the_running_text_carries_the_original_and_later_ones_do_not():
    korean = localise(load_record(ROOT / 'tests' / 'joint' / 'release.yaml'), 'ko')
    assert running_text(korean)[:3] == [
        f'행정안전부와 외교부는 경제협력개발기구({OECD})와 함께 아세안 10개국과의 디지털 정부 협력을 강화한다고 밝혔다.',
        '안토니우 구테흐스(António Guterres) 유엔 사무총장은 이번 협력이 지역 전체의 행정 역량을 높일 것이라고 말했다.',
        '구테흐스 총장은 경제협력개발기구의 보고서를 인용했다.']


def test_a_language_without_a_row_writes_the_name_alone():
    english = localise(load_record(ROOT / 'tests' / 'joint' / 'release.yaml'), 'en')
    assert running_text(english)[1].startswith('UN Secretary-General António Guterres said')
    assert f'together with the {OECD}.' in running_text(english)[0]


def test_a_headline_is_no_first_mention(joint_workspace):
    """The title names him plainly; the running text still introduces him."""
    path = joint_workspace / 'release.yaml'
    text = path.read_text().replace('title: "{mois.short}·{mofa.short}, ', 'title: "{guterres}, ')
    path.write_text(text.replace('"{guterres.titled}은(는) 이번', '"{guterres}은(는) 이번'))
    korean = localise(load_record(path), 'ko')
    assert str(korean.title).startswith('안토니우 구테흐스, 아세안과')
    # The particle agrees with the name, not with the original after it.
    assert running_text(korean)[1].startswith('안토니우 구테흐스(António Guterres)는 이번')


def test_an_original_spelling_is_one_name_in_one_language(joint_workspace):
    path = joint_workspace / 'release.yaml'
    path.write_text(path.read_text().replace('original: {pt: António Guterres}',
                                             'original: {pt: António Guterres, en: Antonio Guterres}'))
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if 'original: {pt' in text)
    with pytest.raises(InputError) as error:
        load_record(path)
    assert str(error.value) == (f'{path}:{line}: people.guterres.original: gives the name in the one language it '
                                'is written in, such as {pt: António Guterres}')


def test_the_page_marks_the_original_spelling_with_its_language(browser, joint):
    page = open_page(browser, joint / f'{JOINT}.ko.html')
    spans = page.eval_on_selector_all('.release-lead span[lang], .release p span[lang]',
                                      'spans => spans.map(s => [s.lang, s.textContent])')
    assert spans == [['en', OECD], ['pt', 'António Guterres']]


def test_the_pdf_and_the_hwpx_print_the_first_mention_with_its_original(joint):
    first = '안토니우 구테흐스(António Guterres) 유엔 사무총장은'
    assert first in words(pdftotext(joint / f'{JOINT}.ko.pdf'))
    paragraphs = [p.text for p in HwpxDocument.open(joint / f'{JOINT}.ko.hwpx').paragraphs]
    assert sum(first in text for text in paragraphs) == 1
