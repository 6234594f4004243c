"""HWPX editions, read back with python-hwpx and compared with the PDF, paragraph by paragraph."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hwp_hwpx_parser import Reader
from hwpx import HwpxDocument
from hwpx.tools.package_validator import validate_editor_open_safety, validate_package

from click.testing import CliRunner

from publisher.catalogs import template_translations
from publisher.cli import main
from publisher.workspace import Workspace

from conftest import KOREAN_FIRST, ROOT, SEED, pdftotext, record_of, run

EDITIONS = [(release, edition) for release in (SEED, KOREAN_FIRST) for edition in ('ko', 'en', 'ko-en')]
HWPUNIT_PER_MM = 7200 / 25.4
A4_PT = (595.28, 841.89)
MARGINS_MM = {'top': 20, 'bottom': 25, 'left': 20, 'right': 20}  # templates/print.css


def hwpx_path(dist, release, edition):
    return dist / release / f'{release}.{edition}.hwpx'


def bare(text: str) -> str:
    """Text without spaces and hyphens: how lines wrap and words hyphenate is the PDF's own."""
    return re.sub(r'[\s\u00ad\u2010-]+', '', text)


def pdf_body(path) -> str:
    """The PDF's text inside the page margins: without its running header and footer."""
    top, bottom = (MARGINS_MM[side] * 72 / 25.4 for side in ('top', 'bottom'))
    return pdftotext(path, '-r', '72', '-x', '0', '-y', str(round(top)), '-W', str(round(A4_PT[0])),
                     '-H', str(round(A4_PT[1] - top - bottom)))


def paragraphs(document):
    return [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_the_hwpx_holds_the_pdfs_paragraphs_in_its_order(dist, release, edition):
    """Each paragraph of the HWPX is in the PDF, after the one before it; what the PDF says besides
    is that it carries the attachments, and the cells of the HWPX's contact tables, which text
    extraction reads in another order (a cell spanning rows beside the cells of each)."""
    document = HwpxDocument.open(hwpx_path(dist, release, edition))
    body = bare(pdf_body(dist / release / f'{release}.{edition}.pdf'))
    position, besides = 0, ''
    for text in paragraphs(document):
        found = body.find(bare(text), position)
        assert found >= 0, f'not in the PDF after what comes before: {text}'
        besides += body[position:found]
        position = found + len(bare(text))
    besides += body[position:]
    attached = [bare(template_translations(Workspace(ROOT).template_catalog(language)).gettext(
        'attached to this PDF')) for language in edition.split('-')] if release == KOREAN_FIRST else []
    for note in attached:
        assert note in besides
        besides = besides.replace(note, '', 1)
    with Reader(hwpx_path(dist, release, edition)) as reader:
        cells = ''.join(bare(cell) for table in reader.tables for row in table.rows for cell in row)
    assert sorted(besides) == sorted(cells)


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_the_hwpx_passes_the_librarys_checks(dist, release, edition):
    path = hwpx_path(dist, release, edition)
    assert HwpxDocument.open(path).validate().issues == ()
    assert validate_editor_open_safety(path).ok
    assert [issue for issue in validate_package(path).issues if issue.level != 'warning'] == []


@pytest.mark.parametrize('edition', ['ko', 'ko-en'])
def test_the_hwpx_is_the_bytes_python_hwpx_saves_with_its_checks(edition):
    """Saved without python-hwpx's checks on every save (the test above makes them), the same bytes."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.hwpx import hwpx_document, render_hwpx

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [tuple(edition.split('-'))])
    releases = [localised[language] for language in edition.split('-')]
    assert render_hwpx(releases, release.workspace) == hwpx_document(releases, release.workspace).to_bytes()


def test_each_language_is_a_section_on_the_pdfs_paper_and_margins(dist):
    document = HwpxDocument.open(hwpx_path(dist, KOREAN_FIRST, 'ko-en'))
    assert len(document.sections) == 2
    for section in document.sections:
        size, margins = document.page.size(section=section), document.page.margins(section=section)
        assert (size.width, size.height) == (round(210 * HWPUNIT_PER_MM), round(297 * HWPUNIT_PER_MM))
        assert {side: getattr(margins, side) for side in MARGINS_MM} == \
               {side: round(mm * HWPUNIT_PER_MM) for side, mm in MARGINS_MM.items()}


def header_text(section) -> str:
    return ' '.join(element.text or '' for header in section.element.iter() if header.tag.endswith('}header')
                    for element in header.iter() if element.tag.endswith('}t'))


def test_each_sections_running_header_carries_the_embargo(dist):
    document = HwpxDocument.open(hwpx_path(dist, KOREAN_FIRST, 'ko-en'))
    korean, english = map(header_text, document.sections)
    assert '행정안전부 · 2019년 11월 26일' in korean and '보도 시점 2019년 11월 26일(화) 12:00' in korean
    assert 'Embargoed until 12:00 noon KST, November 26, 2019' in english


@pytest.mark.parametrize('edition, fonts', [('ko', {'NanumGothic'}), ('en', {'Noto Sans'}),
                                            ('ko-en', {'NanumGothic', 'Noto Sans'})])
def test_text_is_set_in_the_shipped_fonts_family_names(dist, edition, fonts):
    document = HwpxDocument.open(hwpx_path(dist, SEED, edition))
    faces = {script: document.styles.fonts(script.upper()) for script in ('hangul', 'latin')}
    used = set()
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text.strip():
                references = document.styles.char_property(run.char_pr_id_ref).child_attributes['fontRef']
                used |= {faces[script][references[script]].face for script in faces}
    assert used == fonts


def test_photos_come_with_their_captions_and_credits(dist):
    document = HwpxDocument.open(hwpx_path(dist, SEED, 'en'))
    texts = [paragraph.text for paragraph in document.paragraphs]
    pictures = [index for index, paragraph in enumerate(document.paragraphs)
                if any(element.tag.endswith('}pic') for element in paragraph.element.iter())]
    assert len(pictures) == 2 and len(document.media.images) == 2
    assert [texts[index + 1][:40] for index in pictures] == ['Vice Minister Yoon (left) had a bilatera',
                                                             'Participants of the Korea-Myanmar Public']


def test_a_photos_credit_follows_its_caption(workspace, tmp_path):
    record = record_of(workspace, SEED)
    result = CliRunner().invoke(main, ['render', str(record), '-l', 'en', '-f', 'hwpx', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    texts = paragraphs(HwpxDocument.open(tmp_path / SEED / f'{SEED}.en.hwpx'))
    assert any(text.startswith('Vice Minister Yoon (left)') and text.endswith(
        'cooperation in public administration between the two countries. Photo: Ministry of the Interior and Safety')
        for text in texts)

# -- the body's structure, read back with an independent reader ----------------------------

def independent_text(path):
    from hwp_hwpx_parser import read

    reader = read(path)
    try:
        return reader.extract_text(), [table.rows for table in reader.get_tables()]
    finally:
        reader.close()


@pytest.mark.parametrize('edition, lines', [
    ('ko', ['□ 태국 방콕에서 공공행정 포럼 개최', '□ 미얀마 네피도에서 양자 회담', '○ 김서연이 정부혁신 사례 발표',
            '- 전자정부 서비스', '- 민원 제도 개선', '※ 회담 결과는 별도 배포 예정', '※ 세부 일정은 현지 사정에 따라 바뀔 수 있음',
            '1. 결과 보고서 작성', '2. 후속 사업 발굴', '1) 수요 조사', '2) 예산주2) 확보', '주1) 한-아세안 공공행정 협력단']),
    ('en', ['• A public administration forum in Bangkok, Thailand', '– Kim Seo-yeon presents cases of government innovation',
            '◦ E-government services', 'Note: The results of the talks will be released separately',
            '1. Write the report', 'a. Survey the needs', 'b. Secure the budget2',
            '1 The Korea-ASEAN Public Administration Cooperation Corps']),
])
def test_list_paragraphs_carry_the_markers_of_their_language(structured_dist, edition, lines):
    text, _ = independent_text(structured_dist / f'mois-structured-2019.{edition}.hwpx')
    found = text.splitlines()
    assert [line for line in found if line in lines] == lines


def test_a_literal_paragraph_keeps_its_lines(structured_dist):
    text, _ = independent_text(structured_dist / 'mois-structured-2019.en.hwpx')
    assert 'The corps was formed at the request of both countries.\nIt is sent for six days.\n' in text


def test_a_table_is_a_real_table_with_its_spans_and_repeated_header(structured_dist):
    import zipfile

    path = structured_dist / 'mois-structured-2019.en.hwpx'
    _, tables = independent_text(path)
    assert tables == [[['Event', 'Place', 'Participants'], ['Forum', 'Bangkok', '12'], ['Talks', 'Naypyitaw', '8'],
                       ['Yangon', '1,250'], ['Total', '1,270']]]
    with zipfile.ZipFile(path) as package:
        section = package.read('Contents/section0.xml').decode()
    table = re.search(r'<hp:tbl [^>]*>', section)[0]
    assert 'repeatHeader="1"' in table and 'rowCnt="5"' in table and 'colCnt="3"' in table
    spans = re.findall(r'<hp:cellSpan colSpan="(\d+)" rowSpan="(\d+)"/>', section)
    assert ('1', '2') in spans and ('2', '1') in spans
    assert len(re.findall(r'<hp:tc [^>]*header="1"', section)) == 3


def test_a_structured_hwpx_is_a_valid_package(structured_dist):
    for edition in ('ko', 'en', 'ko-en'):
        path = structured_dist / f'mois-structured-2019.{edition}.hwpx'
        assert [issue for issue in validate_package(path).issues if issue.level != 'warning'] == []


def parser_paragraphs(path) -> list[str]:
    """The paragraphs hwp-hwpx-parser reads, a line each."""
    import hwp_hwpx_parser

    return [line for line in hwp_hwpx_parser.read(str(path)).text.split('\n') if line != '[IMAGE]']  # its mark of a photo


def yaml_paragraphs(path) -> list[str]:
    """The paragraphs hwp2yaml reads, section by section."""
    import hwp2yaml

    return [paragraph['text'] for section in hwp2yaml.extract_hwpx_structure(str(path))['sections']
            for paragraph in section['paragraphs']]


#: Two readers written apart from python-hwpx, which wrote the file.
READERS = {'hwp-hwpx-parser': parser_paragraphs, 'hwp2yaml': yaml_paragraphs}


def running_texts(release, edition) -> list[str]:
    """What the running headers and footers of an edition say, bare: each language's header and issuer."""
    from publisher.localise import localise
    from publisher.record import load_record
    from publisher.render.hwpx import running_header

    record = load_record(ROOT / 'samples' / release / 'release.yaml')
    texts = []
    for language in edition.split('-'):
        localised = localise(record, language)
        gettext = template_translations(Workspace(ROOT).template_catalog(language)).gettext
        texts += [bare(running_header(localised, gettext)), bare(localised.issuer)]
    return texts


#: How each reader gives a table (the contact block's, a table per department): hwp-hwpx-parser as Markdown
#: rows, hwp2yaml as one line of its cells' text, starting with the department's label.
TABLE_STARTS = ('|', '담당 부서', 'Department')


def body_paragraphs(paragraphs, running) -> list[str]:
    """The paragraphs that are not only running headers and footers, nor tables."""
    def only_running(text):
        text = bare(text)
        while text:
            prefix = next((run for run in running if text.startswith(run)), None)
            if prefix is None:
                return False
            text = text[len(prefix):]
        return True

    return [text for text in paragraphs if text.strip() and not only_running(text) and not text.startswith(TABLE_STARTS)]


@pytest.mark.parametrize('reader', READERS)
@pytest.mark.parametrize('release, edition', EDITIONS)
def test_independent_readers_read_the_pdfs_paragraphs_in_its_order(dist, release, edition, reader):
    found = body_paragraphs(READERS[reader](hwpx_path(dist, release, edition)), running_texts(release, edition))
    assert list(map(bare, found)) == list(map(bare, paragraphs(HwpxDocument.open(hwpx_path(dist, release, edition)))))
    body, position = bare(pdf_body(dist / release / f'{release}.{edition}.pdf')), 0
    for text in found:
        position = body.find(bare(text), position)
        assert position >= 0, f'{reader} reads what is not in the PDF after what comes before: {text}'


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_running_headers_and_footers_are_read_once_per_section(dist, release, edition):
    text = bare(parser_paragraphs(hwpx_path(dist, release, edition))[0] if '-' not in edition else
                '\n'.join(parser_paragraphs(hwpx_path(dist, release, edition))))
    header = running_texts(release, edition)[0]
    assert text.count(header) == 1


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_the_preview_text_is_the_documents_text(dist, release, edition):
    import zipfile

    with zipfile.ZipFile(hwpx_path(dist, release, edition)) as package:
        preview = package.read('Preview/PrvText.txt').decode('utf-8')
    assert preview.split('\r\n') == paragraphs(HwpxDocument.open(hwpx_path(dist, release, edition)))


@pytest.mark.parametrize('language, links', [
    ('ko', [('https://www.mois.go.kr', 'https://www.mois.go.kr'),
            ('행정안전부 영문 누리집(https://www.mois.go.kr/eng/)', 'https://www.mois.go.kr/eng/'),
            ('press@example.go.kr', 'mailto:press@example.go.kr')]),
    ('en', [('https://www.mois.go.kr', 'https://www.mois.go.kr'),
            ('the English website of MOIS (https://www.mois.go.kr/eng/)', 'https://www.mois.go.kr/eng/'),
            ('press@example.go.kr', 'mailto:press@example.go.kr')]),
])
def test_links_stay_links(dist, language, links):
    """The prose's links (as the HTML page has them, a labelled link with its address printed as paper prints
    it: links.LINK_ADDRESSES) are hyperlink fields."""
    import hwp_hwpx_parser

    found = hwp_hwpx_parser.read(str(hwpx_path(dist, KOREAN_FIRST, language))).extract_text_with_notes().hyperlinks
    assert found == links


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_a_contacts_email_in_its_table_is_a_hyperlink_field(dist, language):
    """hwp-hwpx-parser reads no links inside tables: the section's XML is read for the table's field."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(hwpx_path(dist, KOREAN_FIRST, language)) as package:
        section = etree.fromstring(package.read('Contents/section0.xml'))
    fields = section.xpath('//hp:tbl//hp:fieldBegin[@type="HYPERLINK"]/@name',
                           namespaces={'hp': 'http://www.hancom.co.kr/hwpml/2011/paragraph'})
    assert fields == ['mailto:press@example.go.kr']


def pdf_photo_sizes_mm(path) -> list[tuple[float, float]]:
    """Each photo's size on the PDF's page, from poppler's list of its images and their resolution."""
    rows = [line.split() for line in run('pdfimages', '-list', str(path)).splitlines()[2:]]
    return [(round(int(row[3]) / float(row[12]) * 25.4, 1), round(int(row[4]) / float(row[13]) * 25.4, 1))
            for row in rows if row[2] == 'image']


@pytest.mark.parametrize('edition', ['ko', 'en'])
def test_photos_are_drawn_whole_at_the_pdfs_size_inside_the_text_column(dist, edition):
    """rhwp, the renderer of HWP and HWPX files, draws every photo uncropped, as large as the PDF prints it,
    within the page's margins."""
    hwp_ingest = pytest.importorskip('hwp_ingest', reason='rhwp (hwp-ingest) has no build for this machine')
    pages = [page.decode() for page in hwp_ingest.to_svg_pages(hwpx_path(dist, SEED, edition).read_bytes())]
    drawn = []
    for page in pages:
        width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', page)[1])
        for image in re.finditer(r'<image x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', page):
            x, y, w, h = map(float, image.groups())
            left, right = (MARGINS_MM[side] / 25.4 * 96 for side in ('left', 'right'))
            assert left - 0.5 <= x and x + w <= width - right + 0.5
            drawn.append((round(w / 96 * 25.4, 1), round(h / 96 * 25.4, 1)))
    pdf = pdf_photo_sizes_mm(dist / SEED / f'{SEED}.{edition}.pdf')
    assert len(drawn) == len(pdf) == 2
    assert all(abs(a - b) <= 1 for sizes in zip(drawn, pdf) for a, b in zip(*sizes)), (drawn, pdf)


def page_body(svg: str, running: list[str]) -> str:
    """The bare text rhwp draws on a page, without its running header and footer (issuer and number).
    rhwp draws a middle dot as a circle, not as text: it is left out of both."""
    text = bare(unescape(''.join(re.findall(r'>([^<]*)</text>', svg))))
    running = [run.replace('·', '') for run in running]
    header = next((run for run in running if text.startswith(run)), '')
    footer = re.search('(' + '|'.join(map(re.escape, running)) + r')\d*$', text)
    return text[len(header):footer.start() if footer else None]


def drawn_lines(svg: str) -> list[tuple[float, str]]:
    """The lines of text rhwp draws on a page, top to bottom: where each starts (x), and its characters."""
    lines = {}
    for x, y, character in re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(round(float(y)), []).append((float(x), unescape(character)))
    return [(min(line)[0], ''.join(character for _, character in sorted(line))) for _, line in sorted(lines.items())]


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_rhwp_prints_each_pages_number_below_its_footer(dist, release, edition):
    """The page number is a page-numbering control as Hancom Office writes it, which rhwp draws too
    (-1-, -2-, … at the foot, on the right as in the PDF), under the footer's issuer: once per page,
    counting on across the languages of a bilingual edition."""
    hwp_ingest = pytest.importorskip('hwp_ingest', reason='rhwp (hwp-ingest) has no build for this machine')
    pages = [page.decode() for page in hwp_ingest.to_svg_pages(hwpx_path(dist, release, edition).read_bytes())]
    running = running_texts(release, edition)
    for number, page in enumerate(pages, start=1):
        (_, issuer), (x, drawn) = drawn_lines(page)[-2:]
        assert drawn == f'-{number}-'
        assert x > float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', page)[1]) / 2
        assert bare(issuer).replace('·', '') in running


@pytest.mark.parametrize('release, edition', EDITIONS)
def test_rhwp_renders_every_page(dist, release, edition):
    hwp_ingest = pytest.importorskip('hwp_ingest', reason='rhwp (hwp-ingest) has no build for this machine')
    data = hwpx_path(dist, release, edition).read_bytes()
    pages = hwp_ingest.to_svg_pages(data)
    assert len(pages) == hwp_ingest.analyze_bytes(data).page_count >= len(edition.split('-'))
    running = running_texts(release, edition)
    text = ''.join(page_body(page.decode(), running) for page in pages)
    for paragraph in paragraphs(HwpxDocument.open(hwpx_path(dist, release, edition))):
        assert bare(paragraph).replace('·', '') in text
