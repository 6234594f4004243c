"""Corrections published as a press office publishes them, and the history a release folder keeps.

One release is published, then corrected, with a fixed clock; every file is
read back: the feed with feedparser, the sitemap against the sitemaps.org
schema, the PDFs with pikepdf and poppler.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import feedparser
import pikepdf
import pytest
from lxml import etree

from conftest import KOREAN_FIRST, ROOT, pdftotext

#: One test process runs the whole module (the release is published and corrected once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_publishing_history')

BASE = 'https://www.example.go.kr/press/'
CORRECTION = '''corrections:
  - when: 2026-12-04T10:00:00+09:00
    what: 회의는 11월 26일 오후 2시에 시작합니다.
'''
TRANSLATION = 'The meeting begins at 2 PM on 26 November.'


def publisher(workspace, *args):
    result = subprocess.run([sys.executable, '-m', 'publisher', *args], cwd=workspace, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def render(workspace, now):
    return publisher(workspace, 'render', f'samples/{KOREAN_FIRST}', '-l', 'ko', '-l', 'en', '-f', 'html', '-f', 'pdf',
                     '-f', 'hwpx',
                     '--out', 'dist', '--base-url', BASE, '--now', now)


def correct(workspace):
    """Add a correction to the record, and its translation to the English catalog."""
    record = workspace / 'samples' / KOREAN_FIRST / 'release.yaml'
    record.write_text(record.read_text() + CORRECTION)
    publisher(workspace, 'update', f'samples/{KOREAN_FIRST}')
    po = workspace / 'locales' / 'en' / 'LC_MESSAGES' / f'{KOREAN_FIRST}.po'
    entry = 'msgid "회의는 11월 26일 오후 2시에 시작합니다."\nmsgstr ""'
    assert entry in po.read_text()
    po.write_text(po.read_text().replace(entry, entry[:-2] + f'"{TRANSLATION}"'))


class Published:
    """The release folder's files, read back: the feeds, the sitemap, the PDFs."""

    def __init__(self, out):
        self.out = out
        self.folder = out / KOREAN_FIRST
        self.feed = feedparser.parse((out / 'feed.en.atom').read_bytes())
        assert not self.feed.bozo, self.feed.bozo_exception
        sitemap = etree.parse(str(out / 'sitemap.xml'))
        schema = etree.XMLSchema(etree.parse(str(ROOT / 'tests' / 'schemas' / 'sitemap.xsd')))
        assert schema.validate(sitemap), schema.error_log
        namespace = {'s': 'http://www.sitemaps.org/schemas/sitemap/0.9'}
        self.lastmod = {url.findtext('s:loc', namespaces=namespace).rsplit('/', 1)[1]: url.findtext('s:lastmod', namespaces=namespace)
                        for url in sitemap.getroot().findall('s:url', namespace)}
        self.pdfs = {path.name: path.read_bytes() for path in self.folder.glob('*.pdf')}
        self.hwpx = {path.name: path.read_bytes() for path in self.folder.glob('*.hwpx')}

    def entry(self):
        [entry] = self.feed.entries
        return entry

    def modified(self, name):
        """The PDF's modification date, as it was when this was read."""
        with pikepdf.open(io.BytesIO(self.pdfs[name])) as pdf:
            return str(pdf.docinfo['/ModDate'])


@pytest.fixture(scope='module')
def published(tmp_path_factory):
    """(before, after): the release published, then corrected; the second render a day later."""
    workspace = tmp_path_factory.mktemp('corrected')
    for name in ('samples', 'locales'):
        shutil.copytree(ROOT / name, workspace / name)
    shutil.copy(ROOT / 'glossary.yaml', workspace)
    (workspace / 'style.yaml').write_text('corrected_title: marked\n')
    render(workspace, '2026-12-01T00:00Z')
    before = Published(workspace / 'dist')
    correct(workspace)
    render(workspace, '2026-12-05T00:00Z')
    return before, Published(workspace / 'dist'), workspace


def test_a_correction_keeps_the_feed_entry_id_and_moves_its_updated(published):
    before, after, _ = published
    assert after.entry().id == before.entry().id
    assert before.entry().updated == before.entry().published == '2019-11-26T03:00:00Z'
    assert after.entry().updated == '2026-12-04T01:00:00Z' and after.entry().published == '2019-11-26T03:00:00Z'


def test_the_feed_entry_summarises_the_change(published):
    _, after, _ = published
    assert after.entry().summary == f'{TRANSLATION}'


def test_a_correction_moves_the_sitemaps_lastmod(published):
    before, after, _ = published
    page = f'{KOREAN_FIRST}.en.html'
    assert before.lastmod[page] == '2019-11-26T03:00:00Z' and after.lastmod[page] == '2026-12-04T01:00:00Z'


def test_a_correction_gives_the_pdf_a_new_modification_date(published):
    before, after, _ = published
    name = f'{KOREAN_FIRST}.en.pdf'
    assert before.modified(name) == 'D:20191126' and after.modified(name) == 'D:20261204010000Z'


def test_the_earlier_version_stays_under_its_stable_name_marked_superseded(published):
    before, after, _ = published
    for language in ('ko', 'en'):
        name, kept = f'{KOREAN_FIRST}.{language}.pdf', f'{KOREAN_FIRST}.v1.{language}.pdf'
        assert kept not in before.pdfs and kept in after.pdfs
        with pikepdf.open(after.folder / kept) as pdf:
            assert str(pdf.docinfo['/Title']).startswith('Superseded: ')
            assert str(pdf.docinfo['/Subject']) == f'Version 1, superseded on 2026-12-04T01:00:00Z by {name}'
            assert 'superseded' in str(pdf.docinfo['/Keywords'])
        # The pages are those that were published: the text a journalist saw.
        assert pdftotext(after.folder / kept) == pdftotext_of(before.pdfs[name], after.folder.parent / 'before.pdf')


def test_the_earlier_hwpx_stays_too_marked_superseded_and_the_new_one_is_modified_at_the_correction(published):
    from hwpx import HwpxDocument

    before, after, _ = published
    for language in ('ko', 'en'):
        name, kept = f'{KOREAN_FIRST}.{language}.hwpx', f'{KOREAN_FIRST}.v1.{language}.hwpx'
        assert kept not in before.hwpx and kept in after.hwpx
        earlier = HwpxDocument.open(after.hwpx[kept])
        metadata = earlier.parts.metadata
        assert metadata.title.startswith('Superseded: ') and 'superseded' in metadata.keyword
        assert (metadata.subject, metadata.modified_date) == (
            f'Version 1, superseded on 2026-12-04T01:00:00Z by {name}', '2026-12-04T01:00:00Z')
        # The text is the one that was published.
        assert [p.text for p in earlier.paragraphs] == [p.text for p in HwpxDocument.open(before.hwpx[name]).paragraphs]
        assert HwpxDocument.open(after.hwpx[name]).parts.metadata.modified_date == '2026-12-04T01:00:00Z'


def pdftotext_of(data, path):
    path.write_bytes(data)
    return pdftotext(path)


def test_the_page_and_pdf_print_the_correction_under_the_title_in_each_language(published):
    _, after, _ = published
    en = (after.folder / f'{KOREAN_FIRST}.en.html').read_text()
    assert f'Corrected on 10:00\u202fAM KST, December 4, 2026: {TRANSLATION}' in en
    assert en.index('<h1') < en.index('class="release-corrections"') < en.index('class="release-lead"')
    text = ' '.join(pdftotext(after.folder / f'{KOREAN_FIRST}.ko.pdf').split())
    assert '정정(2026년 12월 4일(금) 10:00): 회의는 11월 26일 오후 2시에 시작합니다.' in text


def test_the_hwpx_prints_the_correction_under_the_title_too(published):
    from hwpx import HwpxDocument

    _, after, _ = published
    document = HwpxDocument.open(after.folder / f'{KOREAN_FIRST}.en.hwpx')
    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    notice = next(index for index, text in enumerate(texts) if text.startswith('Corrected on 10:00'))
    assert texts[notice].endswith(TRANSLATION) and 'ASEAN-Korea Ministerial Roundtable' in texts[notice + 1]  # the lead


def test_the_korean_title_says_it_was_corrected_when_the_house_style_asks(published):
    _, after, _ = published
    ko = (after.folder / f'{KOREAN_FIRST}.ko.html').read_text()
    en = (after.folder / f'{KOREAN_FIRST}.en.html').read_text()
    assert '<title>[정정] ' in ko and '<title>[' not in en


def test_the_page_lists_the_earlier_version_with_a_link_that_works(published):
    _, after, _ = published
    en = (after.folder / f'{KOREAN_FIRST}.en.html').read_text()
    link = f'{BASE}{KOREAN_FIRST}/{KOREAN_FIRST}.v1.en.pdf'
    assert f'<a href="{link}" type="application/pdf">Version 1 (PDF), superseded on 10:00\u202fAM KST, December 4, 2026' in en
    assert (after.folder / link.rsplit('/', 1)[1]).is_file()


def test_the_history_remembers_each_version(published):
    _, after, _ = published
    history = json.loads((after.folder / '.publisher-published.json').read_text())
    assert history['version'] == 2 and history['published'] == '2019-11-26T03:00:00Z'
    assert history['versions'] == [{'version': 1, 'published': '2019-11-26T03:00:00Z',
                                    'superseded': '2026-12-04T01:00:00Z',
                                    'files': [f'{KOREAN_FIRST}.v1.en.hwpx', f'{KOREAN_FIRST}.v1.en.pdf',
                                              f'{KOREAN_FIRST}.v1.ko.hwpx', f'{KOREAN_FIRST}.v1.ko.pdf']}]


def test_status_says_the_release_was_corrected(published):
    _, _, workspace = published
    document = json.loads(publisher(workspace, 'status', '--json', f'samples/{KOREAN_FIRST}').stdout)
    [row] = document['releases']
    assert (row['state'], row['version'], row['corrections']) == ('corrected', 2, 1)


def test_a_correction_dated_after_the_render_is_refused_at_its_line(workspace):
    correct(workspace)
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', '-l', 'en',
                             '-f', 'html', '--out', 'dist', '--now', '2026-12-04T00:59:59Z'],
                            cwd=workspace, capture_output=True, text=True)
    record = (workspace / 'samples' / KOREAN_FIRST / 'release.yaml').read_text().splitlines()
    line = next(number for number, text in enumerate(record, 1) if text.strip().startswith('- when:'))
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert (f'samples/{KOREAN_FIRST}/release.yaml:{line}: corrections[0].when: 2026-12-04T10:00:00+09:00 is after the '
            'moment of this render (2026-12-04T00:59:59Z)') in result.stderr
    assert not (workspace / 'dist').exists()


def test_a_correction_goes_out_in_every_language_published_at_once(workspace):
    def render_html(*languages):
        return subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', *languages,
                               '-f', 'html', '--out', 'dist', '--now', '2026-12-05T00:00Z'],
                              cwd=workspace, capture_output=True, text=True)

    assert render_html('-l', 'ko', '-l', 'en').returncode == 0
    kept = (workspace / 'dist' / KOREAN_FIRST / '.publisher-published.json').read_bytes()
    correct(workspace)
    half = render_html('-l', 'en')
    assert half.returncode == 1 and (f'samples/{KOREAN_FIRST}/release.yaml:' in half.stderr and
                                     'corrections[0]: a correction goes out in every language the release was '
                                     'published in at once: render ko too' in half.stderr)
    assert (workspace / 'dist' / KOREAN_FIRST / '.publisher-published.json').read_bytes() == kept
    whole = render_html('-l', 'ko', '-l', 'en')
    assert whole.returncode == 0, whole.stderr
    assert 'with no correction' not in whole.stderr
    assert json.loads((workspace / 'dist' / KOREAN_FIRST / '.publisher-published.json').read_text())['version'] == 2


def test_a_correction_goes_out_in_every_format_published_at_once(workspace):
    def render_formats(*formats):
        return subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', *formats,
                               '--out', 'dist', '--now', '2026-12-05T00:00Z'],
                              cwd=workspace, capture_output=True, text=True)

    folder = workspace / 'dist' / KOREAN_FIRST
    assert render_formats().returncode == 0
    before = {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}
    correct(workspace)
    html_only = render_formats('-f', 'html')
    assert html_only.returncode == 1 and f'samples/{KOREAN_FIRST}/release.yaml:' in html_only.stderr
    left_out = ', '.join(f'{KOREAN_FIRST}.{edition}.{kind}' for edition in ('en', 'ko-en', 'ko') for kind in ('hwpx', 'pdf'))
    assert (f'corrections[0]: a correction goes out in every format the release was published in at once: {left_out} '
            'would stay uncorrected; render -f pdf -f hwpx too, or without -f') in html_only.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()} == before
    whole = render_formats()
    assert whole.returncode == 0, whole.stderr
    corrected = ' '.join(pdftotext(folder / f'{KOREAN_FIRST}.ko-en.pdf').split())
    assert '정정(2026년 12월 4일(금) 10:00): 회의는 11월 26일 오후 2시에 시작합니다.' in corrected
    with pikepdf.open(folder / f'{KOREAN_FIRST}.v1.ko-en.pdf') as pdf:
        assert str(pdf.docinfo['/Title']).startswith('Superseded: ')
    assert '정정' not in pdftotext(folder / f'{KOREAN_FIRST}.v1.ko-en.pdf')
