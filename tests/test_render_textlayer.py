"""The PDF's text layer: every paragraph, copied out of the PDF, is the text that was written.

Read back by two independent readers: poppler's pdftotext (which honours
``/ActualText``, as screen readers do) and pypdf (which reads only the fonts'
ToUnicode maps), from a copy of the PDF without its artifacts (running
headers and footers), as a screen reader reads it.  Whitespace is left out
of the comparison: where a line breaks, a reader puts a space or a newline,
and Thai and Burmese write words without spaces.  So are hyphens: poppler
drops the hyphen a line ends with, and WeasyPrint adds one where it
hyphenates an English word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.links import with_addresses
from publisher.localise import BoxBlock, ListBlock, TableBlock, localise
from publisher.record import load_record

from conftest import ENGLISH_SAMPLE, KOREAN_FIRST, KOREAN_SAMPLE, ROOT, SEED, pdftotext, run

#: One test process runs the whole module (the Thai-Burmese edition is rendered once); see conftest.py.
pytestmark = pytest.mark.xdist_group('test_render_textlayer')

#: Every sample in every edition: the seed in four languages, and the samples whose bodies hold
#: headings, lists, tables, boxes and footnotes.
EDITIONS = [(SEED, 'ko'), (SEED, 'en'), (SEED, 'th'), (SEED, 'my'), (SEED, 'ko-en'),
            (KOREAN_FIRST, 'ko'), (KOREAN_FIRST, 'en'), (KOREAN_FIRST, 'ko-en'),
            (KOREAN_SAMPLE, 'ko'), (KOREAN_SAMPLE, 'en'), (KOREAN_SAMPLE, 'ko-en'),
            (ENGLISH_SAMPLE, 'en'), (ENGLISH_SAMPLE, 'ko'), (ENGLISH_SAMPLE, 'en-ko')]
#: The fixture that renders each sample, in every edition and format.
RENDERED_BY = {SEED: 'dist', KOREAN_FIRST: 'dist', KOREAN_SAMPLE: 'samples', ENGLISH_SAMPLE: 'samples'}
#: Whitespace, and hyphens (U+2010 is WeasyPrint's hyphenate-character).
IGNORED = re.compile('[\\s\u2010-]+')


def paragraphs(release_id, edition):
    """(language, text) of each paragraph of ``edition``'s languages: title, the lines under it, lead,
    every text of the body (headings, list items, table cells, boxes) and the footnotes."""
    release = load_record(ROOT / 'samples' / release_id / 'release.yaml')
    for language in edition.split('-'):
        localised = localise(release, language)
        texts = [localised.title, *localised.subtitles, localised.lead, *body_texts(localised.blocks),
                 *(footnote.text for footnote in localised.footnotes)]
        # As paper prints them: a labelled link with its address (links.LINK_ADDRESSES).
        yield from ((language, str(replace(text, html=with_addresses(text.html, language))))
                    for text in texts if text is not None)


def body_texts(blocks):
    """Each text of a body, in reading order, those inside lists, tables and boxes included."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from (item.text, item.remark)
                yield from body_texts([item.sublist] if item.sublist else [])
        elif isinstance(block, TableBlock):
            yield block.caption
            yield from (cell.text for row in block.head + block.rows for cell in row)
        elif isinstance(block, BoxBlock):
            yield block.title
            yield from body_texts(block.blocks)
        else:
            yield block.text


def comparable(text):
    return IGNORED.sub('', unicodedata.normalize('NFC', text))


def with_pdftotext(path, folder):
    return pdftotext(tagged_only(path, folder))


def with_pypdf(path, folder):
    return '\n'.join(page.extract_text() for page in pypdf.PdfReader(tagged_only(path, folder)).pages)


def tagged_only(path: Path, folder: Path) -> Path:
    """A copy of the PDF at ``path`` in ``folder``, without its artifacts (see test_render_tagging)."""
    from test_render_tagging import without_artifacts

    return without_artifacts(path, folder / f'{path.stem}.tagged.pdf')


READERS = [pytest.param(with_pdftotext, id='pdftotext'), pytest.param(with_pypdf, id='pypdf')]


@pytest.fixture(scope='module')
def thai_and_burmese(tmp_path_factory):
    """The seed's Thai-Burmese edition, bound from the PDFs of both."""
    out = tmp_path_factory.mktemp('th-my')
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-l', 'th-my', '-f', 'pdf',
                                       '--out', str(out)])
    assert result.exit_code == 0, result.output
    return out / SEED / f'{SEED}.th-my.pdf'


@pytest.mark.parametrize('read', READERS)
@pytest.mark.parametrize('release, edition', EDITIONS)
def test_every_paragraph_reads_back_as_written(request, release, edition, read, tmp_path):
    rendered = request.getfixturevalue(RENDERED_BY[release])
    extracted = comparable(read(rendered / release / f'{release}.{edition}.pdf', tmp_path))
    missing = [(language, text) for language, text in paragraphs(release, edition)
               if comparable(text) not in extracted]
    assert not missing


@pytest.mark.parametrize('read', READERS)
def test_a_bound_thai_and_burmese_pdf_reads_back_as_written(thai_and_burmese, read, tmp_path):
    extracted = comparable(read(thai_and_burmese, tmp_path))
    assert all(comparable(text) in extracted for _, text in paragraphs(SEED, 'th-my'))


@pytest.mark.parametrize('word', ['สำนักงาน', 'ทำ', 'ความร่วมมือ'])
@pytest.mark.parametrize('read', READERS)
def test_thai_sara_am_and_tone_marks_read_back(tmp_path, read, word):
    pdf = render_html(tmp_path, f'<p lang="th">{word}</p>')
    assert comparable(read(pdf, tmp_path)) == word


@pytest.mark.parametrize('word', ['ကြေ', 'မြန်မာ', 'ပြည်ထောင်စု', 'ကျေးဇူး'])
@pytest.mark.parametrize('read', READERS)
def test_burmese_pre_base_vowels_and_medials_read_back(tmp_path, read, word):
    pdf = render_html(tmp_path, f'<p lang="my">{word}</p>')
    assert comparable(read(pdf, tmp_path)) == word


def test_a_cluster_drawn_out_of_order_has_its_text_as_actual_text(tmp_path):
    pdf = render_html(tmp_path, '<p lang="th">ทำ</p>')
    with pikepdf.open(pdf) as document:
        spans = [str(operands[1].ActualText) for operands, operator in pikepdf.parse_content_stream(document.pages[0])
                 if str(operator) == 'BDC' and '/ActualText' in operands[1]]
    assert spans == ['ำ']


def test_the_repair_changes_no_pixel(tmp_path, monkeypatch):
    from weasyprint.draw import text

    from publisher.render import textlayer

    html = '<p lang="th">สำนักงานความร่วมมือ</p><p lang="my">ပြည်ထောင်စုမြန်မာ ကျေးဇူး</p>'
    repaired = render_html(tmp_path / 'repaired', html)
    monkeypatch.setattr(text, 'draw_first_line', text.draw_first_line.original)
    monkeypatch.setattr(textlayer, 'spell_clusters', lambda: None)
    plain = render_html(tmp_path / 'plain', html)
    assert pixels(repaired, tmp_path / 'repaired') == pixels(plain, tmp_path / 'plain')


def test_a_line_drawn_otherwise_than_planned_stops_the_render():
    from publisher.render.textlayer import PlannedGlyph, TextLayerError, _Line

    line = _Line(stream=None, textbox=None)
    line.plan = [PlannedGlyph(glyph=12, code=12)]
    with pytest.raises(TextLayerError, match='glyph 13'):
        line.show_text('<000d>')


def render_html(folder: Path, body: str) -> Path:
    """A PDF of ``body`` in the package's fonts, through the PDF stage as render uses it."""
    from publisher.render.pdf import render_pdf
    from publisher.workspace import Workspace

    folder.mkdir(parents=True, exist_ok=True)
    families = "'Publisher Thai', 'Publisher Myanmar'"
    html = (f'<html lang="en"><head><title>t</title><style>{font_faces()} body {{ font-family: {families}; '
            f'font-size: 14pt }}</style></head><body>{body}</body></html>')
    path = folder / 'out.pdf'
    path.write_bytes(render_pdf(html, Workspace(folder), source=folder / 'release.yaml', files=font_files()))
    return path


def font_files():
    """The font files the page links: the only files its PDF may read."""
    from publisher.languages import FONTS
    from publisher.workspace import FONTS as FOLDER

    return [FOLDER / FONTS[language].regular for language in ('th', 'my')]


def font_faces():
    from publisher.languages import FONTS
    from publisher.workspace import FONTS as FOLDER

    return ' '.join(f"@font-face {{ font-family: '{font.family}'; src: url('{(FOLDER / font.regular).as_uri()}') }}"
                    for font in (FONTS['th'], FONTS['my']))


def pixels(pdf: Path, folder: Path) -> bytes:
    run('pdftoppm', '-r', '50', '-gray', str(pdf), str(folder / 'page'))
    return b''.join(path.read_bytes() for path in sorted(folder.glob('page*')))
