"""The samples written as press offices write releases: a Korean 보도자료 and an English ministry's release,
each translated and reviewed, rendered in every edition and format, and read back."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest
from click.testing import CliRunner
from hwp_hwpx_parser import Reader

from publisher.cli import main

from conftest import ROOT, pdftotext, words
from test_render_html import browser, open_page  # noqa: F401 (a fixture)
from test_render_tagging import structure_elements

KOREAN = 'mois-mofa-digital-asean-2019'
ENGLISH = 'mois-smart-cities-fund-2019'
EDITIONS = {KOREAN: ('ko', 'en', 'ko-en'), ENGLISH: ('en', 'ko', 'en-ko')}
OUTPUTS = [(release, edition, format) for release, editions in EDITIONS.items() for edition in editions
           for format in ('html', 'pdf', 'hwpx')]


def output(samples, release, edition, format):
    return samples / release / f'{release}.{edition}.{format}'


@pytest.mark.parametrize('release', EDITIONS)
def test_each_sample_is_translated_and_reviewed(release, tmp_path):
    """Its catalogs pass GNU msgfmt's checks, hold no draft, and an update finds nothing to change."""
    for language in ('ko', 'en'):
        catalog = ROOT / 'locales' / language / 'LC_MESSAGES' / f'{release}.po'
        if catalog.exists():
            subprocess.run(['msgfmt', '-c', '--check-format', '-o', str(tmp_path / 'out.mo'), str(catalog)],
                           check=True, capture_output=True)
            assert '#, fuzzy' not in catalog.read_text()
    result = CliRunner().invoke(main, ['status', str(ROOT / 'samples' / release), '--fail-under', '100'])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize('release, edition, format', OUTPUTS)
def test_each_sample_renders_in_every_edition_and_format(samples, release, edition, format):
    assert output(samples, release, edition, format).stat().st_size > 0


def test_the_korean_sample_has_the_header_block_of_a_보도자료(samples):
    text = words(pdftotext(output(samples, KOREAN, 'ko', 'pdf')))
    assert '보도 시점 2019년 11월 28일(목) 06:00 / 배포 일시 2019년 11월 27일(수) 10:00' in text
    assert '- 아세안 10개국에 전자정부 자문단 파견, 45억 원 투입 - 구테흐스 유엔 사무총장 방한 계기' in text
    assert text.startswith('행안부 · 외교부 · 2019년 11월 28일')


def test_the_korean_sample_marks_its_points_as_a_korean_release_does(samples):
    lines = [words(line) for line in pdftotext(output(samples, KOREAN, 'ko', 'pdf')).splitlines()]
    for line in ('□ 전자정부 자문단 파견', '○ 2020년~2022년 매년 아세안 10개국에 자문단 파견',
                 '- 국가별 전자정부 수요 조사 및 맞춤형 자문', '※ 자문단은 행정안전부와 한국지역정보개발원 전문가로 구성',
                 '※ 세부 일정은 각국과의 협의에 따라 바뀔 수 있음'):
        assert line in lines


@pytest.mark.parametrize('release, language, box, tables', [
    (KOREAN, 'ko', '참고', 3), (KOREAN, 'en', 'Background', 3),
    (ENGLISH, 'en', 'Notes to editors', 2), (ENGLISH, 'ko', '참고', 2),
])
def test_each_sample_page_has_headings_lists_a_table_a_box_and_contacts(browser, samples, release, language, box,
                                                                         tables):
    page = open_page(browser, output(samples, release, language, 'html'))
    count = lambda selector: page.evaluate('s => document.querySelectorAll(s).length', selector)  # noqa: E731
    assert count('article h2') >= 2 and count('article ul') >= 1 and count('article table') == tables
    assert count('.release-contacts table') == tables - 1
    assert page.evaluate('() => [...document.querySelectorAll("article table th[scope=col]")].map(t => t.textContent)'
                         )[:1] == [{'ko': '구분', 'en': 'Item' if release == KOREAN else 'Area'}[language]]
    assert box in page.evaluate('() => [...document.querySelectorAll("article h2, article h3")].map(h => h.textContent)')
    if release == ENGLISH:
        assert count('article ol') == 3  # the breadcrumb, the steps, and the notes to editors


@pytest.mark.parametrize('release, edition', [(release, edition) for release in EDITIONS for edition in EDITIONS[release]])
def test_each_sample_pdf_is_tagged_with_its_structure(samples, release, edition):
    with pikepdf.open(output(samples, release, edition, 'pdf')) as pdf:
        tags = {str(node.get('/S')) for node, _ in structure_elements(pdf)}
    assert {'/H2', '/L', '/LI', '/Lbl', '/LBody', '/Table', '/TR', '/TH', '/TD'} <= tags


@pytest.mark.parametrize('release, edition, tables, contact, point', [
    (KOREAN, 'ko', 3, ['담당 부서', '행정안전부 국제행정협력과'], '□ 전자정부 자문단 파견'),
    (KOREAN, 'en', 3, ['Department', 'International Administrative Cooperation Division, MOIS'],
     '• E-government advisers'),
    (KOREAN, 'ko-en', 6, ['담당 부서', '행정안전부 국제행정협력과'], '□ 전자정부 자문단 파견'),
    (ENGLISH, 'en', 2, ['Department', 'Press Office, MOIS'], '• Training for city officials'),
    (ENGLISH, 'ko', 2, ['담당 부서', '행정안전부 대변인실'], '□ 도시 공무원 연수'),
    (ENGLISH, 'en-ko', 4, ['Department', 'Press Office, MOIS'], '• Training for city officials'),
])
def test_each_sample_hwpx_holds_its_tables_contacts_and_marked_points(samples, release, edition, tables, contact,
                                                                      point):
    with Reader(output(samples, release, edition, 'hwpx')) as reader:
        found, text = reader.tables, reader.text
    assert len(found) == tables
    assert found[1].rows[0][:2] == contact  # the body's table comes first
    assert point in text.splitlines()


def test_the_samples_pages_are_valid_html(samples, nu_checked):
    pages = sorted(path for path in samples.rglob('*.html') if not path.name.endswith('.fragment.html')
                   and path.parent.name in EDITIONS)
    assert len(pages) == 6 and nu_checked(pages) == {str(page): [] for page in pages}
