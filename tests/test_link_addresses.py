"""A link shown by its label prints its address on paper (PDF and HWPX), where it stays a link."""

from __future__ import annotations

import pikepdf
import pytest
from click.testing import CliRunner
from hwp_hwpx_parser import Reader

from publisher import links
from publisher.cli import main

from conftest import JOINT, pdftotext, words
from test_render_html import browser, open_page  # noqa: F401 (a fixture)

ADDRESS = 'https://www.mois.go.kr/asean'
#: The sentence naming the link, as each language prints it on paper: the address after the label.
PRINTED = {'ko': f'자세한 내용은 행정안전부 누리집({ADDRESS})에서 확인할 수 있다.',
           'en': f'Details are on the website of MOIS ({ADDRESS}).'}
LABELS = {'ko': '행정안전부 누리집', 'en': 'the website of MOIS'}


def uris(path):
    with pikepdf.open(path) as pdf:
        return [str(annotation.A.URI) for page in pdf.pages for annotation in page.get('/Annots', [])
                if annotation.get('/A') is not None and '/URI' in annotation.A]


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_pdf_prints_a_links_address_after_its_label_and_links_both(joint, language):
    assert PRINTED[language] in words(pdftotext(joint / f'{JOINT}.{language}.pdf'))
    assert ADDRESS in uris(joint / f'{JOINT}.{language}.pdf')


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_hwpx_prints_a_links_address_and_keeps_it_a_link(joint, language):
    with Reader(joint / f'{JOINT}.{language}.hwpx') as reader:
        read = reader.extract_text_with_notes()
    assert PRINTED[language] in read.text.splitlines()
    # The label and its address are one link, as in the PDF.
    label = PRINTED[language][PRINTED[language].index(LABELS[language]):PRINTED[language].index(ADDRESS)]
    assert read.hyperlinks == [(f'{label}{ADDRESS})', ADDRESS)]


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_the_page_shows_the_label_alone(browser, joint, language):
    page = open_page(browser, joint / f'{JOINT}.{language}.html')
    shown = page.eval_on_selector_all('a.fact-link', 'links => links.map(a => [a.textContent, a.href])')
    assert shown == [[LABELS[language], ADDRESS]]


def test_a_language_may_print_the_address_as_a_footnote(monkeypatch, tmp_path):
    """A row of LINK_ADDRESSES puts the address in a footnote instead: a link at the page's foot in the PDF,
    a footnote in the HWPX; the label stays a link."""
    from conftest import ROOT

    monkeypatch.setitem(links.LINK_ADDRESSES, 'en', links.AddressStyle('footnote'))
    result = CliRunner().invoke(main, ['render', str(ROOT / 'tests' / 'joint'), '-l', 'en', '-f', 'pdf',
                                       '-f', 'hwpx', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / JOINT / f'{JOINT}.en.pdf'
    lines = [words(line) for line in pdftotext(pdf).splitlines()]
    assert 'Details are on the website of MOIS1.' in lines and f'1. {ADDRESS}' in lines
    assert uris(pdf).count(ADDRESS) == 2  # the label and the footnote
    with Reader(tmp_path / JOINT / f'{JOINT}.en.hwpx') as reader:
        read = reader.extract_text_with_notes()
    assert 'Details are on the website of MOIS[^1].' in read.text.splitlines()
    assert [note.text for note in read.footnotes] == [ADDRESS]
    assert read.hyperlinks == [('the website of MOIS', ADDRESS)]
