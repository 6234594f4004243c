"""Print-ready PDFs, read back with poppler and pypdf."""

from __future__ import annotations

import functools
import html
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from publisher.cli import main
from publisher.problems import InputError
from publisher.render.pdf import PdfWorkers, render_pdf
from publisher.workspace import Workspace

from conftest import KOREAN_FIRST, PRESS_FORMS, ROOT, SEED, hangul_words, pdftotext, record_of, run, words

PDFS = [(release, edition) for release in (SEED, KOREAN_FIRST) for edition in ('ko', 'en', 'ko-en')]
A4 = (595.28, 841.89)


def pdf_path(dist, release, edition):
    return dist / release / f'{release}.{edition}.pdf'


@pytest.mark.parametrize('release, edition', PDFS)
def test_every_font_is_embedded_as_a_subset(dist, release, edition):
    rows = run('pdffonts', str(pdf_path(dist, release, edition))).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_, emb, sub, uni, _, _ = row.split()
        assert (emb, sub, uni) == ('yes', 'yes', 'yes'), row
        assert re.match(r'[A-Z]{6}\+', name), row


@pytest.mark.parametrize('release, edition', PDFS)
def test_pages_are_a4(dist, release, edition):
    for page in PdfReader(pdf_path(dist, release, edition)).pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


@pytest.mark.parametrize('release, edition', [(release, edition) for release, edition in PDFS if 'ko' in edition])
def test_no_korean_word_is_split_across_lines(dist, release, edition):
    """Every Korean word pdftotext reads back is a whole word of the release, its footer or a print-only note
    (its running header, a link's address); a line may break inside an address that a word holds."""
    from publisher.catalogs import template_translations
    from publisher.localise import localise
    from publisher.record import load_record
    from publisher.render.html import Media, render_page

    path = pdf_path(dist, release, edition)
    count = len(PdfReader(path).pages)
    source = {word for page in range(1, count + 1) for word in f'{count}쪽 중 {page}쪽'.split()}
    source |= set(template_translations(ROOT / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po')
                  .gettext('attached to this PDF').split())
    record = load_record(ROOT / 'samples' / release / 'release.yaml')
    for language in edition.split('-'):
        page = render_page([localise(record, language)], record.workspace, print=True, media=Media.for_print())
        inline = re.sub(r'</?(a|span)\b[^>]*>', '', page.replace('\u2060', ''))  # a link is part of the word around it
        source |= hangul_words(html.unescape(re.sub(r'<[^>]+>', ' ', inline)))
    printed = hangul_words(pdftotext(path))
    broken_addresses = {word for word in printed - source if any(
        address.start() < cut < address.end() for whole in source
        for cut in ([len(word)] if whole.startswith(word) else []) + ([len(whole) - len(word)] if whole.endswith(word) else [])
        for address in re.finditer(r'https?://[^\s()]+', whole))}
    assert printed and printed - broken_addresses <= source, sorted(printed - source)


TITLES = {
    (SEED, 'ko'): '행정안전부, 태국·미얀마와 행정 협력 확대',
    (SEED, 'en'): 'MOIS to expand cooperation on public administration with Thailand and Myanmar',
    (KOREAN_FIRST, 'ko'): '행정안전부, 부산에서 한-아세안 공공행정 혁신 장관급 라운드테이블 개최',
    (KOREAN_FIRST, 'en'): 'MOIS hosts the ASEAN-Korea Ministerial Roundtable on Public Service Innovation in Busan',
}
PUBLISHED = {
    (SEED, 'ko'): '보도일 2019년 9월 27일', (SEED, 'en'): 'Date September 27, 2019',
    (KOREAN_FIRST, 'ko'): '보도일 2019년 11월 26일', (KOREAN_FIRST, 'en'): 'Date November 26, 2019',
}


@pytest.mark.parametrize('release, edition', PDFS)
def test_every_pdf_holds_its_titles_and_localised_dates(dist, release, edition):
    text = words(pdftotext(pdf_path(dist, release, edition)))
    for language in edition.split('-'):
        assert TITLES[release, language] in text
        assert PUBLISHED[release, language] in text


def test_the_bilingual_seed_holds_both_titles_and_localised_dates(dist):
    text = words(pdftotext(pdf_path(dist, SEED, 'ko-en')))
    assert '행정안전부, 태국·미얀마와 행정 협력 확대' in text
    assert 'MOIS to expand cooperation on public administration with Thailand and Myanmar' in text
    assert '2019년 9월 27일' in text and 'September 27, 2019' in text
    assert '9월 19일부터 24일까지' in text and 'from September 19 to 24' in text
    assert '550만 달러' in text and 'USD 5.5 million' in text
    assert text.index('행정안전부, 태국') < text.index('MOIS to expand')


def test_korean_text_is_extracted_with_its_spaces(dist):
    text = words(pdftotext(pdf_path(dist, SEED, 'ko')))
    assert ('윤 차관은 9월 23일(월) 미얀마의 수도 네피도로 이동해 띤 민 미얀마 연방정부부 차관과 양자 면담을 가졌다.'
            in text)


def test_the_footer_numbers_pages_in_each_language(dist):
    """A bilingual PDF is each language's edition bound in one: each half numbers its own pages, and the
    page labels say which half a page is in, so that "go to page" finds the number printed on it."""
    path = pdf_path(dist, SEED, 'ko-en')
    count = len(PdfReader(path).pages)
    korean = len(PdfReader(pdf_path(dist, SEED, 'ko')).pages)
    english = count - korean
    footers = [pdftotext(path, '-f', str(n), '-l', str(n)) for n in range(1, count + 1)]
    assert [f'{korean}쪽 중 {n}쪽' in footers[n - 1] for n in range(1, korean + 1)] == [True] * korean
    assert [f'Page {n} of {english}' in footers[korean + n - 1] for n in range(1, english + 1)] == [True] * english
    assert PdfReader(path).page_labels == [f'ko-{n}' for n in range(1, korean + 1)] + [
        f'en-{n}' for n in range(1, english + 1)]


@pytest.mark.parametrize('edition, footer', [
    ('my', 'စာမျက်နှာ {pages} ခုအနက် {page}'),   # Myanmar digits, CLDR's default for Burmese
    ('th', 'หน้า {page} จาก {pages}'),          # Thai writes Latin digits by default
    ('en', 'Page {page} of {pages}'),
])
def test_page_numbers_are_printed_in_the_language_s_digits(dist, edition, footer):
    from publisher.languages import in_digits

    path = pdf_path(dist, SEED, edition)
    count = len(PdfReader(path).pages)
    footers = [pdftotext(path, '-f', str(n), '-l', str(n)) for n in range(1, count + 1)]
    expected = [in_digits(footer.format(page=n, pages=count), edition) for n in range(1, count + 1)]
    assert [text in page for text, page in zip(expected, footers)] == [True] * count


@pytest.mark.parametrize('edition, issuers', [
    ('my', 'ပြည်ထဲရေးနှင့် ဘေးကင်းလုံခြုံရေးဝန်ကြီးဌာန၊ ဝန်ထမ်းစီမံခန့်ခွဲမှုဝန်ကြီးဌာန၊'),
    ('en', 'the Ministry of the Interior and Safety, the Ministry of Personnel Management, the'),  # names taking it
])
def test_the_issuers_are_listed_as_the_language_lists_names(dist, edition, issuers):
    assert issuers in pdftotext(pdf_path(dist, SEED, edition))


@pytest.mark.parametrize('edition', ['my', 'th', 'ko', 'en'])
def test_the_lines_of_a_headline_never_touch(dist, edition):
    """Each line of the title is below the one before, by the font's own ascent and descent
    (which poppler gives each line's box): Burmese marks reach far above and below."""
    from publisher.localise import localise
    from publisher.record import load_record

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    title = re.sub(r'\s', '', str(localise(release, edition).title))
    layout = pdftotext(pdf_path(dist, SEED, edition), '-bbox-layout', '-l', '1')
    lines = [(float(top), float(bottom), ''.join(re.findall(r'<word[^>]*>([^<]*)</word>', words)))
             for top, bottom, words in re.findall(r'<line xMin="[^"]+" yMin="([^"]+)" xMax="[^"]+" yMax="([^"]+)">'
                                                  r'(.*?)</line>', layout, re.S)]
    headline = [(top, bottom) for top, bottom, text in lines if len(text) > 3 and html.unescape(text) in title]
    assert len(headline) >= 2
    assert [below[0] - above[1] for above, below in zip(headline, headline[1:])
            if below[0] < above[1] - 0.5] == []


def test_metadata_comes_from_the_record(dist):
    info = PdfReader(pdf_path(dist, SEED, 'en')).metadata
    assert info.title == 'MOIS to expand cooperation on public administration with Thailand and Myanmar'
    assert info.author == 'Ministry of the Interior and Safety'
    assert info['/CreationDate'].startswith('D:20190927')
    assert info['/Keywords'] == 'ASEAN, public administration, international cooperation, Thailand, Myanmar'
    assert info['/Subject'].startswith('The Ministry of the Interior and Safety, the Ministry of Personnel Management and')
    assert PdfReader(pdf_path(dist, SEED, 'ko')).trailer['/Root']['/Lang'] == 'ko'


def test_the_seed_bilingual_pdf_is_small(dist):
    assert pdf_path(dist, SEED, 'ko-en').stat().st_size < 600_000


def test_rendering_is_reproducible_anywhere(workspace, tmp_path):
    """The same record gives the same bytes, rendered again or from a copy elsewhere: no date of the day,
    no path of the machine."""
    outputs = []
    for root, name in ((ROOT, 'first'), (ROOT, 'second'), (workspace, 'copy')):
        result = CliRunner().invoke(main, ['render', str(root / 'samples' / KOREAN_FIRST), '-l', 'ko-en', '-f', 'pdf',
                                           '--out', str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs.append((tmp_path / name / KOREAN_FIRST / f'{KOREAN_FIRST}.ko-en.pdf').read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b'file:' not in outputs[0]


@pytest.mark.parametrize('edition', ['ko', 'en', 'ko-en'])
def test_a_pdf_carries_the_attachments_of_its_release(dist, edition):
    """Sent on alone, the PDF still holds the programme it lists, and says so."""
    reader = PdfReader(pdf_path(dist, KOREAN_FIRST, edition))
    programme = ROOT / 'samples' / KOREAN_FIRST / 'attachments' / 'roundtable-programme.pdf'
    assert reader.attachments == {'roundtable-programme.pdf': [programme.read_bytes()]}
    said = {'ko': '(roundtable-programme.pdf) 이 PDF에 첨부됨', 'en': '(roundtable-programme.pdf) attached to this PDF'}
    assert all(said[language] in words(pdftotext(pdf_path(dist, KOREAN_FIRST, edition)))
               for language in edition.split('-'))


def test_with_a_base_url_a_pdf_links_its_attachments_on_the_web(tmp_path):
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'en', '-f', 'pdf',
                                       '--base-url', 'https://www.example.go.kr/press/', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.en.pdf')
    links = [annotation.get_object()['/A']['/URI'] for page in reader.pages for annotation in page.get('/Annots', ())]
    assert f'https://www.example.go.kr/press/{KOREAN_FIRST}/media/roundtable-programme.pdf' in links
    assert 'roundtable-programme.pdf' in reader.attachments


class CountingHandler(BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self):
        CountingHandler.requests += 1
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_nothing_is_fetched_from_the_network(workspace):
    server = HTTPServer(('127.0.0.1', 0), CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = f'<img src="http://127.0.0.1:{server.server_port}/photo.png"><p>text</p>'
        with pytest.raises(InputError) as caught:
            render_pdf(page, Workspace(workspace), source=record_of(workspace, SEED))
    finally:
        server.shutdown()
    assert CountingHandler.requests == 0
    assert 'nothing is fetched from the network' in str(caught.value)


def test_nothing_is_read_outside_the_workspace(workspace):
    with pytest.raises(InputError) as caught:
        render_pdf('<img src="file:///etc/hostname">', Workspace(workspace), source=record_of(workspace, SEED))
    assert 'outside the workspace' in str(caught.value)


def test_a_worker_sends_back_the_problems_whole(workspace):
    with PdfWorkers(1) as workers:
        future = workers.submit('<img src="file:///etc/hostname">', Workspace(workspace), source=record_of(workspace, SEED))
        with pytest.raises(InputError) as caught:
            future.result()
    [problem] = caught.value.problems
    assert problem.file == record_of(workspace, SEED) and 'outside the workspace' in problem.message


@pytest.mark.parametrize('command', ['render', 'check'])
def test_a_character_no_font_can_draw_is_refused_where_it_is_written(workspace, command):
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace('subtitle: "아세안 {countries}개국과', 'subtitle: "아세안 {countries}개국과 🤝'))
    po = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    po.write_text(po.read_text().replace('msgid "아세안 {countries}개국과', 'msgid "아세안 {countries}개국과 🤝'))
    options = ['-l', 'ko', '-f', 'pdf', '--out', str(workspace / 'dist')] if command == 'render' else []
    result = CliRunner().invoke(main, [command, str(path), *options])
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith('subtitle:'))
    assert (f"{path}:{line}: subtitle: no font can draw '🤝' (U+1F91D) in «아세안 {{countries}}개국과 🤝 디지털 정부"
            in result.output), result.output
    assert not (workspace / 'dist').exists()


def test_every_release_is_checked_before_any_is_refused(workspace):
    """One run tells of every undrawable character and every unreviewed string, in every release."""
    seed = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    seed.write_text(seed.read_text().replace('msgstr "태국"', 'msgstr "태국 ❤"').replace('msgstr "지난 행사"', 'msgstr ""'))
    po = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    po.write_text(po.read_text().replace('msgstr "ASEAN"', 'msgstr "ASEAN 🤝"'))
    result = CliRunner().invoke(main, ['render', str(record_of(workspace, SEED)), str(record_of(workspace, KOREAN_FIRST)),
                                       '-f', 'pdf', '--out', str(workspace / 'dist')])
    assert result.exit_code == 1
    assert "no font can draw '❤'" in result.output and "no font can draw '🤝'" in result.output
    assert 'ko: 1 string not reviewed' in result.output and '3 problems found' in result.output


def test_a_translation_no_font_can_draw_is_refused_in_its_catalog(workspace):
    po = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    text = po.read_text().replace('msgstr "ASEAN"', 'msgstr "ASEAN ❤️"')
    po.write_text(text)
    result = CliRunner().invoke(main, ['render', str(record_of(workspace, KOREAN_FIRST)), '-l', 'en', '-f', 'pdf',
                                       '--out', str(workspace / 'dist')])
    assert result.exit_code == 1
    line = next(n for n, content in enumerate(text.splitlines(), 1) if content == 'msgstr "ASEAN ❤️"')
    assert f"{po}:{line}: msgstr: no font can draw '❤' (U+2764) in «ASEAN ❤️»" in result.output
    assert '1 problem found' in result.output  # the variation selector after it is no character of its own


@pytest.mark.parametrize('paper, size', [('a4', A4), ('letter', (612.0, 792.0))])
def test_a_press_pdf_has_a_3mm_bleed_and_its_trim_at_the_paper_size(tmp_path, paper, size):
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'en', '-f', 'pdf',
                                       '--print', '--paper', paper, '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    mm = 72 / 25.4
    for page in PdfReader(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.en.print.pdf').pages:
        for name, around in (('/TrimBox', 0), ('/BleedBox', 3 * mm), ('/MediaBox', (3 + 9) * mm)):
            expected = [-around, -around, size[0] + around, size[1] + around]
            assert [float(value) for value in page[name]] == pytest.approx(expected, abs=0.01), name


def test_crop_marks_are_drawn_beyond_the_bleed(tmp_path):
    """Each corner has its marks on the trim lines, outside the bleed, which stays clean for the print shop."""
    from PIL import Image

    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'en', '-f', 'pdf',
                                       '--print', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    run('pdftoppm', '-r', '254', '-gray', '-f', '1', '-l', '1', '-png',
        str(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.en.print.pdf'), str(tmp_path / 'sheet'))
    with Image.open(tmp_path / 'sheet-1.png') as image:
        sheet = image.convert('L')
        width, height = sheet.size
        for corner in (sheet, sheet.transpose(Image.Transpose.ROTATE_180)):
            pixel = lambda x, y: corner.getpixel((round(x * 10), round(y * 10)))  # noqa: E731 (mm from the corner)
            assert all(pixel(12, y) < 128 for y in (0.5, 3, 5.5)), 'the vertical crop mark, on the trim line'
            assert all(pixel(x, 12) < 128 for x in (0.5, 3, 5.5)), 'the horizontal crop mark, on the trim line'
            bleed = [pixel(x / 2, y / 2) for x in range(18, 24) for y in range(18, 24)]
            assert min(bleed) > 250, 'nothing drawn in the bleed at the corner'
    assert (width, height) == (pytest.approx(2340, abs=1), pytest.approx(3210, abs=1))


def test_print_and_archive_pdfs_never_replace_the_everyday_ones(tmp_path):
    for options in ([], ['--print'], ['--archive'], ['--print', '--archive']):
        result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'en', '-f', 'pdf',
                                           *options, '--out', str(tmp_path)])
        assert result.exit_code == 0, result.output
    names = {path.name for path in (tmp_path / KOREAN_FIRST).glob('*.pdf')}
    assert names == {f'{KOREAN_FIRST}.en.pdf', f'{KOREAN_FIRST}.en.print.pdf', f'{KOREAN_FIRST}.en.archive.pdf',
                     f'{KOREAN_FIRST}.en.print.archive.pdf'}
    assert PdfReader(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.en.pdf').pages[0].trimbox == \
        PdfReader(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.en.pdf').pages[0].mediabox
    assert not (tmp_path / 'index.html').exists()  # PDFs only: no gallery (see test_cli.py)
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'en', '-f', 'html',
                                       '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    gallery = (tmp_path / 'index.html').read_text()
    assert all(f'href="{KOREAN_FIRST}/{name}"' in gallery for name in names)


def test_an_archive_pdf_is_pdfa3b_and_carries_its_sources(tmp_path):
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-l', 'ko-en', '-f', 'pdf',
                                       '--archive', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / KOREAN_FIRST / f'{KOREAN_FIRST}.ko-en.archive.pdf')
    metadata = reader.trailer['/Root']['/Metadata'].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="B"' in metadata
    assert '/OutputIntents' in reader.trailer['/Root']
    assert set(reader.attachments) == {f'samples/{KOREAN_FIRST}/release.yaml', 'locales/ko/LC_MESSAGES/publisher.po',
                                       f'locales/en/LC_MESSAGES/{KOREAN_FIRST}.po', 'roundtable-programme.pdf'}
    record = reader.attachments[f'samples/{KOREAN_FIRST}/release.yaml'][0]
    assert record == (ROOT / 'samples' / KOREAN_FIRST / 'release.yaml').read_bytes()


def test_headings_become_bookmarks(dist):
    outline = PdfReader(pdf_path(dist, SEED, 'ko-en')).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:2] == ['행정안전부, 태국·미얀마와 행정 협력 확대',
                          'MOIS to expand cooperation on public administration with Thailand and Myanmar']


@pytest.mark.parametrize('release, edition', [(release, edition) for release, edition in PDFS if 'ko' in edition])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(dist, release, edition):
    lines = pdftotext(pdf_path(dist, release, edition)).splitlines()
    assert not [line for line in lines if re.match(r'\s*[.,)\]”’」』:;!?]', line)]
    assert not [line for line in lines if re.search(r'[(\[“‘「『]\s*$', line)]


@pytest.mark.parametrize('release_id, language', [(SEED, 'en'), (KOREAN_FIRST, 'ko')])
def test_no_paragraph_leaves_a_single_line_at_a_page_break(workspace, release_id, language):
    """Long paragraphs, over several pages, break between pages: never after or before one line alone."""
    import weasyprint
    import yaml
    from weasyprint.formatting_structure import boxes

    from publisher.build import localise_all
    from publisher.record import load_record
    from publisher.render.html import Media, render_page

    path = record_of(workspace, release_id)
    record = yaml.safe_load(path.read_text())
    paragraph = ' '.join(block for block in record['body'] if isinstance(block, str))
    record['body'] = [' '.join([paragraph] * 3)] * 8
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
    release = load_record(path)
    html = render_page([localise_all(release, [(language,)])[language]], release.workspace, print=True,
                       media=Media.for_print())
    pages = weasyprint.HTML(string=html, base_url=workspace.as_uri() + '/').render().pages

    lines = {}  # element -> the number of its lines on each page

    def count_lines(box, page):
        if isinstance(box, boxes.MarginBox):  # running headers and footers
            return
        if isinstance(box, boxes.LineBox):
            lines.setdefault(box.element, {}).setdefault(page, 0)
            lines[box.element][page] += 1
            return
        for child in getattr(box, 'children', ()):
            count_lines(child, page)

    for number, page in enumerate(pages):
        count_lines(page._page_box, number)
    split = {element: per_page for element, per_page in lines.items() if len(per_page) > 1}
    assert len(split) >= 2, 'the release should break pages inside paragraphs'
    assert all(min(per_page.values()) >= 2 for per_page in split.values()), [
        (element.tag, per_page) for element, per_page in split.items()]


def fill_colours(path, page=0):
    """The fill colours a page of the PDF at ``path`` sets, as #rrggbb."""
    import pikepdf
    with pikepdf.open(path) as pdf:
        return {'#' + ''.join(f'{round(float(value) * 255):02x}' for value in operands)
                for operands, operator in pikepdf.parse_content_stream(pdf.pages[page]) if str(operator) == 'rg'}


def test_a_draft_pdf_shows_its_drafts_in_place_tinted_with_a_mark_in_the_margin(draft_render):
    path = draft_render / f'{KOREAN_FIRST}.en.draft.pdf'
    text = words(pdftotext(path, '-l', '1'))
    assert 'MOIS hosts the ASEAN-Korea Ministerial Roundtable' in text  # the title's draft, not its Korean
    assert 'English: Drafts to review, highlighted: 2. Not translated yet, shown in the original language and ' \
           'marked: 1.' in text
    assert '아세안 국가의 전자정부 역량 강화를' in text  # the untranslated paragraph, in Korean
    # Drafts: a yellow tint with an amber bar in the margin; untranslated source: pink, with a red bar.
    assert {'#fff1a8', '#e0a800', '#fde2e2', '#c0392b'} <= fill_colours(path)


def _render_process(workspace, temporary, *options):
    """``publisher render`` of both samples in a session of its own, its temporary files in ``temporary``."""
    import os
    import subprocess
    import sys

    temporary.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', f'samples/{KOREAN_FIRST}',
                             *options], cwd=workspace, env={**os.environ, 'TMPDIR': str(temporary)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _workers_busy(process, temporary, timeout=60):
    """The processes ``process`` started (its workers, and the fork server they come from), once a worker
    has started a PDF (WeasyPrint copied its fonts)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(temporary.glob('publisher-*/worker-*/weasyprint-*/*')):
            return _descendants(process.pid)
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    raise AssertionError('no PDF was started')


def _descendants(pid):
    children = _children(pid)
    return children + [descendant for child in children for descendant in _descendants(child)]


def _children(pid):
    from pathlib import Path

    found = []
    for stat in Path('/proc').glob('[0-9]*/stat'):
        try:
            fields = stat.read_text().rsplit(')', 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pids, timeout=10):
    """Whether every process of ``pids`` ended (or is a zombie) within ``timeout`` seconds."""
    import time
    from pathlib import Path

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                if Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()[0] != 'Z':
                    alive.append(pid)
            except OSError:
                pass
        if not alive:
            return True
        time.sleep(0.02)
    return False


def test_a_render_leaves_nothing_in_the_temporary_folder(workspace, tmp_path):
    process = _render_process(workspace, tmp_path / 'tmp', '-f', 'pdf', '-l', 'ko')
    assert process.wait(60) == 0, process.communicate()
    assert list((tmp_path / 'tmp').iterdir()) == []


def test_a_temporary_folder_too_deep_for_a_socket_still_renders_and_is_left_empty(workspace, tmp_path):
    """A Unix socket's path holds 107 bytes: the fork server's goes to a short temporary folder instead."""
    import os
    from pathlib import Path

    temporary = tmp_path / ('deep-' * 20)
    assert len(os.fsencode(temporary)) > 100
    process = _render_process(workspace, temporary, '-f', 'pdf', '-l', 'ko')
    assert process.wait(60) == 0, process.communicate()
    assert list(temporary.iterdir()) == []
    assert not list(Path('/tmp').glob(f'publisher-{process.pid}-*'))


def test_workers_die_with_a_killed_render_and_clean_up_after_it(workspace, tmp_path):
    import os
    import signal

    process = _render_process(workspace, tmp_path / 'tmp')
    workers = _workers_busy(process, tmp_path / 'tmp')
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _gone(workers)
    assert sorted((tmp_path / 'tmp').rglob('*')) == []


def test_a_run_killed_with_its_workers_is_cleaned_up_by_the_next(workspace, tmp_path):
    """kill -9 of the whole process group leaves nobody to clean up: the next run removes what it left,
    and nothing of a run still going."""
    import os
    import signal

    temporary = tmp_path / 'tmp'
    process = _render_process(workspace, temporary)
    workers = _workers_busy(process, temporary)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert _gone(workers) and list(temporary.glob('publisher-*/worker-*'))
    still_going = temporary / f'publisher-{os.getpid()}-running'
    still_going.mkdir()
    assert _render_process(workspace, temporary, '-l', 'en', '-f', 'pdf', '--force').wait(60) == 0
    assert sorted(temporary.iterdir()) == [still_going]


def test_ctrl_c_stops_everything_at_once_and_writes_nothing(workspace, tmp_path):
    import os
    import shutil
    import signal
    import time

    # On a loaded machine the render may already have written everything when the signal
    # lands (its manifests are the last files written): that run proves nothing, so try again.
    for attempt in range(3):
        temporary = tmp_path / f'tmp{attempt}'
        process = _render_process(workspace, temporary)
        workers = _workers_busy(process, temporary)
        start = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: every process of the foreground group
        out, err = process.communicate(timeout=10)
        if not (workspace / 'dist' / SEED / '.publisher-manifest.json').exists():
            break
        shutil.rmtree(workspace / 'dist')
    assert time.monotonic() - start < 8  # promptly, not after the PDFs (a loaded machine takes seconds to start)
    assert process.returncode == 130 and err == 'Interrupted; nothing was written.\n', (process.returncode, err)
    assert _gone(workers)
    assert sorted(temporary.rglob('*')) == []
    assert not (workspace / 'dist').exists(), sorted((workspace / 'dist').rglob('*'))


def test_a_warm_worker_encodes_each_photo_once_and_gives_the_same_bytes():
    """The worker's image cache hooks WeasyPrint 70's RasterImage.get_x_object, and its stylesheets are
    parsed once and given apart from the HTML: a second PDF with the same photos and stylesheet must
    equal a PDF rendered afresh, byte for byte."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    localised = localise_all(release, [('en',), ('ko',)])
    media = Media.for_print()
    pages = [render_page([localised[language]], release.workspace, print=True, media=media)
             for language in ('en', 'ko')]
    with PdfWorkers(1) as workers:
        warm = [workers.submit(page, release.workspace, source=release.source, files=media.read).result()
                for page in pages * 2]
    fresh = [render_pdf(page, release.workspace, source=release.source, files=media.read) for page in pages]
    assert warm == fresh * 2
    assert b'/Subtype /Image' in fresh[0] or b'/Subtype/Image' in fresh[0]


def test_a_warm_worker_shows_a_photo_replaced_since_its_last_pdf(workspace):
    """The preview's workers live from one save to the next: a photo replaced under the same name must
    reach the next PDF, as in a PDF rendered afresh."""
    import shutil

    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    def english_page():
        release = load_record(workspace / 'samples' / SEED / 'release.yaml')
        media = Media.for_print()
        page = render_page([localise_all(release, [('en',)])['en']], release.workspace, print=True, media=media)
        return release, page, media.read

    photos = workspace / 'samples' / SEED / 'photos'
    first, second = sorted(photos.iterdir())
    with PdfWorkers(1) as workers:
        release, page, files = english_page()
        before = workers.submit(page, release.workspace, source=release.source, files=files).result()
        shutil.copyfile(second, first)
        release, page, files = english_page()
        after = workers.submit(page, release.workspace, source=release.source, files=files).result()
    assert after != before
    assert after == render_pdf(page, release.workspace, source=release.source, files=files)


@functools.lru_cache(maxsize=None)
def printed_words(path):
    """The words of a PDF as a reader reads them: lines joined, hyphenated words whole, each cell of a table
    whole (in the order the PDF draws its text, which is the cells' one by one)."""
    return words(pdftotext(path, '-raw').replace('\u2010\n', ''))


@pytest.mark.parametrize('release, korean, english', PRESS_FORMS)
def test_the_press_forms_are_printed_in_each_language(dist, release, korean, english):
    assert words(korean) in printed_words(pdf_path(dist, release, 'ko'))
    assert words(english) in printed_words(pdf_path(dist, release, 'en'))


@pytest.mark.parametrize('edition', ['ko', 'en'])
def test_addresses_in_prose_are_link_annotations(dist, edition):
    reader = PdfReader(pdf_path(dist, KOREAN_FIRST, edition))
    uris = {annotation.get_object()['/A']['/URI'] for page in reader.pages
            for annotation in page.get('/Annots', []) if '/URI' in annotation.get_object().get('/A', {})}
    assert {'https://www.mois.go.kr', 'https://www.mois.go.kr/eng/', 'mailto:press@example.go.kr'} <= uris


def test_a_heading_s_last_word_never_stands_alone_on_its_line(dist):
    """Set as it comes, the English title would leave "Busan" alone on its last line."""
    lines = pdftotext(pdf_path(dist, KOREAN_FIRST, 'en')).splitlines()
    start = lines.index('MOIS hosts the ASEAN-Korea Ministerial')
    title = lines[start:start + 3]
    assert ' '.join(title) == 'MOIS hosts the ASEAN-Korea Ministerial Roundtable on Public Service Innovation in Busan'
    assert all(len(line.split()) >= 2 for line in title), title


# -- the body's structure on paper ---------------------------------------------------------

def _structured_pdf(tmp_path, old, new):
    """The Korean PDF of the structured release, ``old`` replaced by ``new`` in its record."""
    from conftest import structured_workspace

    record = structured_workspace(tmp_path)
    text = record.read_text(encoding='utf-8')
    assert old in text
    record.write_text(text.replace(old, new, 1), encoding='utf-8')
    result = CliRunner().invoke(main, ['render', str(record), '-l', 'ko', '--out', str(tmp_path / 'dist')])
    assert result.exit_code == 0, result.output
    return tmp_path / 'dist' / 'mois-structured-2019' / 'mois-structured-2019.ko.pdf'


def _pages(path):
    return pdftotext(path, '-layout').split('\f')[:-1]


def _body_lines(page):
    """A page's lines of text, without its running header and footer."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    return lines[1:-1]


def test_a_table_over_several_pages_repeats_its_header_row(tmp_path):
    rows = ''.join(f'      - [{n}, {n * 10}, {n * 100}]\n' for n in range(1, 91))
    path = _structured_pdf(tmp_path, "      - [{cell: 합계, across: 2}, 1270]\n",
                           "      - [{cell: 합계, across: 2}, 1270]\n" + rows)
    pages = [_body_lines(page) for page in _pages(path)]
    with_rows = [lines for lines in pages if any(re.fullmatch(r'\d+\s+\d+\s+\d+', line) for line in lines)]
    assert len(with_rows) >= 2
    for lines in with_rows:
        header = next(index for index, line in enumerate(lines) if re.fullmatch(r'구분\s+장소\s+참가자', line))
        first_row = next(index for index, line in enumerate(lines) if re.fullmatch(r'(\S+\s+)?\d[\d,]*\s+\d[\d,]*(\s+\d+)?', line))
        assert header < first_row


def test_no_list_marker_is_left_alone_at_the_foot_of_a_page(tmp_path):
    points = ''.join(f'      - text: 주요 내용 {n}번 항목\n        items: [세부 내용 {n}-1, 세부 내용 {n}-2]\n'
                     for n in range(1, 61))
    path = _structured_pdf(tmp_path, '  - items:\n      - 태국 방콕에서 공공행정 포럼 개최\n',
                           '  - items:\n' + points + '      - 태국 방콕에서 공공행정 포럼 개최\n')
    pages = [_body_lines(page) for page in _pages(path)]
    assert len(pages) >= 3
    for lines in pages[:-1]:  # every □ point has details: none ends a page without them
        assert not lines[-1].startswith('□') and lines[-1] not in ('□', '○', '-', '※'), lines[-3:]



#: Page breaks as a renderer makes them with nothing kept together: a list item may leave its first line
#: at the foot of a page, and its details may start the next.
UNKEPT = ('.publisher .release-list li { orphans: 1; widows: 1; break-inside: auto; }'
          '.publisher .release-list li > .release-list { break-before: auto; }')


def _list_at_a_page_foot(folder) -> Path:
    """A Korean release whose third □ point falls on the last line of its first page, unless kept with its
    details: 16 one-line paragraphs, then points with two ○ details each."""
    body = ''.join(f'  - 협력단은 두 나라의 요청으로 구성되었으며 파견 기간은 엿새이다. 이 문단은 {n}번째 문단이다.\n'
                   for n in range(16))
    body += '  - items:\n' + ''.join(f'      - text: 주요 내용 {n}번 항목\n        items: [세부 내용 {n}-1, 세부 내용 {n}-2]\n'
                                     for n in range(1, 9))
    folder.mkdir(parents=True)
    (folder / 'release.yaml').write_text(
        'id: list-at-a-page-foot-2019\nsource_language: ko\nlanguages: [ko]\npublished: 2019-11-27\nissuer: mois\n'
        'title: 목록이 쪽을 넘는 보도자료\nlead: 목록의 항목은 쪽 끝에 홀로 남지 않는다.\n'
        f'body:\n{body}organisations:\n  mois:\n    name: {{ko: 행정안전부}}\n', encoding='utf-8')
    return folder / 'release.yaml'


def _page_lines(pdf: bytes, path) -> list[list[str]]:
    """Each page's lines, without its running header and footer."""
    path.write_bytes(pdf)
    return [_body_lines(page) for page in _pages(path)]


def test_the_rule_moves_a_marker_left_at_the_foot_of_a_page_to_the_next_with_its_details(tmp_path):
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(_list_at_a_page_foot(tmp_path / 'workspace'))
    media = Media.for_print()
    page = render_page([localise_all(release, [('ko',)])['ko']], release.workspace, print=True, media=media)
    unkept = page.replace('</style>', UNKEPT + '</style>', 1)
    assert unkept != page
    without, kept = (_page_lines(render_pdf(html, release.workspace, source=release.source, files=media.read),
                                 tmp_path / name) for html, name in ((unkept, 'unkept.pdf'), (page, 'kept.pdf')))
    point, detail = without[0][-1], without[1][0]
    assert point == '□ 주요 내용 3번 항목' and detail == '○ 세부 내용 3-1'  # alone at the foot of page 1
    assert kept[0][-1] == '○ 세부 내용 2-2' and kept[1][:2] == [point, detail]


@pytest.mark.parametrize('edition, expected', [
    ('ko', ['□ 태국 방콕에서', '□ 미얀마 네피도에서', '○ 김서연이', '- 전자정부 서비스', '- 민원 제도 개선',
            '※ 회담 결과는', '※ 세부 일정은', '1. 결과 보고서', '2. 후속 사업', '1) 수요 조사', '2) 예산주2) 확보',
            '주1) 한-아세안', '주2) 행정안전부']),
    ('en', ['• A public administration', '• Bilateral talks', '– Kim Seo-yeon', '◦ E-government', '◦ Better handling',
            'Note: The results', 'Note: The schedule', '1. Write the report', '2. Find follow-up', 'a. Survey the needs',
            'b. Secure the budget2', '1 The Korea-ASEAN', '2 The international']),
])
def test_each_language_prints_the_markers_of_its_row(structured_dist, edition, expected):
    lines = [line.strip() for line in pdftotext(structured_dist / f'mois-structured-2019.{edition}.pdf',
                                                '-layout').splitlines()]
    found = [next((line for line in lines if line.startswith(start)), None) for start in expected]
    assert None not in found, dict(zip(expected, found))
    assert [lines.index(line) for line in found] == sorted(lines.index(line) for line in found)


NEWCOMER = ROOT / 'tests' / 'newcomer'


#: The tests of the newcomer's release, and of its lines shifted, each share one render: one test process
#: runs each set (conftest.py).
SHARES_THE_NEWCOMERS_RENDER = pytest.mark.xdist_group('newcomer')
SHARES_THE_SHIFTED_LINES = pytest.mark.xdist_group('shifted_lines')


@pytest.fixture(scope='module')
def newcomer_pdf(tmp_path_factory):
    """A newcomer's release (tests/newcomer) printed: some two pages of prose, two photos and three contacts."""
    out = tmp_path_factory.mktemp('newcomer')
    result = CliRunner().invoke(main, ['render', str(NEWCOMER), '-f', 'pdf', '--out', str(out)])
    assert result.exit_code == 0, result.output
    return out / 'newcomer-library-week' / 'newcomer-library-week.en.pdf'


@pytest.fixture(scope='module')
def newcomer_pages(newcomer_pdf):
    """The lines of each page of a newcomer's release, without the running header and footer."""
    path = newcomer_pdf
    pages = []
    for number in range(1, len(PdfReader(path).pages) + 1):
        lines = [line.strip() for line in pdftotext(path, '-f', str(number), '-l', str(number)).splitlines()
                 if line.strip()]
        pages.append(lines[1:-1])  # the running header's line, the running footer's
    return pages


@SHARES_THE_NEWCOMERS_RENDER
def test_a_newcomers_two_pages_of_release_print_on_two_pages(newcomer_pages):
    assert len(newcomer_pages) == 2
    assert any(line.startswith('The ministry will publish the figures') for line in newcomer_pages[-1])


def empty_height_at_foot(path, page: int) -> float:
    """The height in points left empty between a page's last line of text and its running footer
    (the words of its lowest line), as poppler places the words."""
    import xml.etree.ElementTree as ET

    text = run('pdftotext', '-bbox', '-f', str(page), '-l', str(page), str(path), '-')
    words = [(float(word.get('yMin')), float(word.get('yMax')))
             for word in ET.fromstring(text).iter('{http://www.w3.org/1999/xhtml}word')]
    footer = max(top for top, _ in words)
    return footer - max(bottom for top, bottom in words if top < footer - 1)


@SHARES_THE_NEWCOMERS_RENDER
def test_no_page_but_the_last_is_left_half_empty(newcomer_pdf, newcomer_pages):
    """A page ends at most a few lines (10.5 pt, line-height 1.55) above its footer's space (6 mm and
    the 25 mm margin's rule): a photo that does not fit never leaves half a page behind it."""
    line, footer_space = 10.5 * 1.55, 6 / 25.4 * 72 + 8
    for page in range(1, len(newcomer_pages)):
        assert empty_height_at_foot(newcomer_pdf, page) < footer_space + 3 * line


@SHARES_THE_NEWCOMERS_RENDER
def test_a_headings_page_holds_what_follows_it(newcomer_pages):
    assert all(page[-1] not in ('Contact', 'Attachments') for page in newcomer_pages)


@SHARES_THE_NEWCOMERS_RENDER
def test_the_contacts_never_stand_alone_on_a_page(newcomer_pages):
    [page] = [page for page in newcomer_pages if 'Contact' in page]
    assert page.index('Contact') > 0  # something of the release before them on their page
    assert any(line.startswith('Readers at last year') for line in page[:page.index('Contact')])


@SHARES_THE_NEWCOMERS_RENDER
def test_the_contact_tables_stay_together_on_one_page(newcomer_pages):
    """Each department is a table now, no longer a bulleted line: the block of three is kept whole."""
    [page] = [page for page in newcomer_pages if 'Contact' in page]
    text = ' '.join(page[page.index('Contact'):])
    assert all(phone in text for phone in ('+82 44 203 0000', '+82 44 203 0001', '+82 44 203 0002'))
    assert text.count('Department') == 3


#: What a line never breaks inside, as English prose holds it (breaks.py), and the names it never hyphenates.
UNBROKEN = ['2020–2022', 'December 2019 – January 2020', '2:00–5:30 PM KST', 'USD 5.5 million', '+82 44 205 0000',
            '25 km', '3.5 billion']
NAMES = ['Cambodia', 'Indonesia', 'Myanmar', 'Philippines', 'Thailand', 'Singapore', 'Malaysia', 'Clifford', 'Officials']


@pytest.fixture(scope='module')
def shifted_lines(tmp_path_factory):
    """The lines of a PDF whose paragraphs hold the runs above, each one word further on than the last,
    so that some would fall across a line's end if they could."""
    folder = tmp_path_factory.mktemp('lines')
    (folder / 'locales').mkdir()
    sentence = ('the plan runs {plan}, workshops run {workshops}, talks are at {talks}, the fund is {aid}; '
                'call +82 44 205 0000 about a road of 25 km worth 3.5 billion in ' + ', '.join(NAMES) + '.')
    body = ''.join(f'  - "{"word " * shift}{sentence}"\n' for shift in range(14))
    (folder / 'release.yaml').write_text(
        'id: lines\nsource_language: en\nlanguages: [en]\npublished: 2019-11-26\nissuer: mois\ntitle: Lines\n'
        f'lead: Lines\nbody:\n{body}organisations:\n  mois: {{name: {{en: Ministry of the Interior and Safety}}}}\n'
        'dates:\n  plan: {start: 2020, end: 2022}\n  workshops: {start: 2019-12, end: 2020-01}\n'
        '  talks: {start: 2019-11-26T14:00+09:00, end: 2019-11-26T17:30+09:00}\n'
        'amounts:\n  aid: {value: 5500000, currency: USD}\n')
    result = CliRunner().invoke(main, ['render', str(folder / 'release.yaml'), '-f', 'pdf', '--out', str(folder / 'dist')])
    assert result.exit_code == 0, result.output
    return [words(line) for line in pdftotext(folder / 'dist' / 'lines' / 'lines.en.pdf').splitlines()]


@SHARES_THE_SHIFTED_LINES
@pytest.mark.parametrize('run', UNBROKEN)
def test_a_range_a_phone_number_or_a_number_and_its_unit_never_breaks_across_lines(shifted_lines, run):
    assert sum(line.count(run) for line in shifted_lines) == 14


@SHARES_THE_SHIFTED_LINES
@pytest.mark.parametrize('name', NAMES)
def test_a_proper_name_is_never_hyphenated(shifted_lines, name):
    assert sum(line.count(name) for line in shifted_lines) == 14
    assert not any(re.search(r'[A-Z][a-z]*[\u2010-]$', line) for line in shifted_lines)


def test_a_worker_killed_during_a_render_ends_it_with_one_line_and_writes_nothing(workspace, tmp_path):
    """Killed by anything but the render (the out-of-memory killer, say), even half-way through sending
    its PDF back: the render neither waits for it nor goes on without its PDF."""
    import os
    import signal

    temporary = tmp_path / 'tmp'
    process = _render_process(workspace, temporary)
    workers = _workers_busy(process, temporary)
    busy = next(temporary.glob('publisher-*/worker-*/weasyprint-*')).parent
    os.kill(int(busy.name.removeprefix('worker-')), signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and err.count('\n') == 1 and 'Traceback' not in err, err
    assert err.rstrip().endswith('nothing was written'), err
    assert _gone(workers)
    assert sorted(temporary.rglob('*')) == []
    assert not (workspace / 'dist').exists(), sorted((workspace / 'dist').rglob('*'))


def _fork_server_asked(process, timeout=60):
    """The pid of ``process``'s fork server, once the run has asked it for a worker and waits for its answer
    (its socket holds a connection it has not taken yet: it is still importing)."""
    import subprocess
    import time
    from pathlib import Path

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        servers = [child for child in _children(process.pid)
                   if b'forkserver import main' in _read(Path(f'/proc/{child}/cmdline'))]
        waiting = [line for line in subprocess.run(['ss', '-xlH'], capture_output=True, text=True).stdout.splitlines()
                   if f'/publisher-{process.pid}-' in line and int(line.split()[2]) > 0]
        if servers and waiting:
            return servers[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.005)
    raise AssertionError('the run never asked a fork server for a worker')


def _read(path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b''


def test_a_fork_server_killed_before_the_workers_start_is_started_again(workspace, tmp_path):
    """Killed (out of memory, say) while the run waits for its first worker: the run starts another."""
    import os
    import signal

    for attempt in range(3):  # on a loaded machine the fork server may have forked a worker first
        temporary = tmp_path / f'tmp{attempt}'
        process = _render_process(workspace, temporary, '-l', 'ko', '-f', 'pdf')
        server = _fork_server_asked(process)
        forked = _children(server)
        os.kill(server, signal.SIGKILL)
        if not forked:
            break
        process.communicate(timeout=60)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0 and err == '', err
    assert (workspace / 'dist' / SEED / f'{SEED}.ko.pdf').exists()
    assert sorted(temporary.rglob('*')) == []
