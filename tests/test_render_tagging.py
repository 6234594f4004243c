"""The structure tree a screen reader walks: every run in its language, page furniture skipped.

Checked with pikepdf, which reads the PDF's objects and content streams as
qpdf parses them, and with poppler on a copy of the PDF holding only its
tagged content (what a screen reader reads).
"""

from __future__ import annotations

import re

import pikepdf
import pytest
from click.testing import CliRunner

from publisher.cli import main

from conftest import KOREAN_FIRST, SEED, pdftotext, record_of, words

PDFS = [(SEED, 'en'), (SEED, 'ko'), (SEED, 'ko-en'), (KOREAN_FIRST, 'ko'), (KOREAN_FIRST, 'en')]


def pdf_path(dist, release, edition):
    return dist / release / f'{release}.{edition}.pdf'


def structure_elements(pdf):
    """Every element reachable from the structure tree's root, with the language it inherits."""
    found = []

    def walk(node, language):
        language = str(node.get('/Lang', language))
        found.append((node, language))
        kids = node.get('/K')
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get('/Type', pikepdf.Name.StructElem) == '/StructElem':
                walk(kid, language)

    root = pdf.Root.StructTreeRoot
    for kid in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
        walk(kid, str(pdf.Root.Lang))
    return found


def marked_content(page):
    """(tag, MCID or None) of every outermost marked-content sequence holding text on the page."""
    sequences, depth, current, has_text = [], 0, None, False
    for operands, operator in pikepdf.parse_content_stream(page):
        operator = str(operator)
        if operator in ('BDC', 'BMC'):
            if depth == 0:
                properties = operands[1] if len(operands) > 1 else {}
                mcid = properties.get('/MCID') if isinstance(properties, pikepdf.Dictionary) else None
                current, has_text = (str(operands[0]), None if mcid is None else int(mcid)), False
            depth += 1
        elif operator == 'EMC':
            depth -= 1
            if depth == 0 and has_text:
                sequences.append(current)
        elif operator in ('Tj', 'TJ', "'", '"'):
            has_text = True
            assert depth > 0, 'text outside any marked content'
    return sequences


def without_artifacts(path, out):
    """A copy of the PDF at ``path`` with every artifact removed: the text a screen reader gets."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            kept, depth = [], 0
            for operands, operator in pikepdf.parse_content_stream(page):
                if depth:
                    depth += {'BDC': 1, 'BMC': 1, 'EMC': -1}.get(str(operator), 0)
                elif str(operator) in ('BDC', 'BMC') and operands[0] == '/Artifact':
                    depth = 1
                else:
                    kept.append((operands, operator))
            page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        pdf.save(out)
    return out


@pytest.mark.parametrize('release, edition', PDFS)
def test_all_text_is_tagged_or_an_artifact(dist, release, edition):
    """PDF/UA: each run of text belongs to an element of the tree, or is an artifact screen readers skip."""
    with pikepdf.open(pdf_path(dist, release, edition)) as pdf:
        in_tree = {element.objgen for element, _ in structure_elements(pdf)}
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        owners = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
        for page in pdf.pages:
            slots = owners[int(page.StructParents)]
            for tag, mcid in marked_content(page):
                if tag == '/Artifact':
                    assert mcid is None
                else:
                    assert slots[mcid].objgen in in_tree, f'{tag} {mcid} on page {page.index + 1} is in no element'


@pytest.mark.parametrize('release, edition', PDFS)
def test_running_headers_and_footers_are_artifacts(dist, release, edition, tmp_path):
    path = pdf_path(dist, release, edition)
    shown = pdftotext(path, '-l', '1')
    header = shown.splitlines()[0]
    footer = {'en': 'Page 1 of', 'ko': '쪽 중 1쪽'}[edition.split('-')[0]]
    assert '·' in header and footer in shown
    read_aloud = pdftotext(without_artifacts(path, tmp_path / 'tagged.pdf'))
    assert header not in read_aloud and footer not in read_aloud
    with pikepdf.open(path) as pdf:
        titles = str(pdf.open_metadata().get('dc:title')).split(' / ')
    assert all(title in words(read_aloud) for title in titles)


def test_each_article_and_each_page_of_it_says_its_language(dist):
    """The English half of a bilingual PDF is read as English, not only the document as Korean."""
    with pikepdf.open(pdf_path(dist, SEED, 'ko-en')) as pdf:
        assert str(pdf.Root.Lang) == 'ko'
        articles = [(str(element.get('/Lang')), element.Pg.objgen) for element, _ in structure_elements(pdf)
                    if element.S == '/Art']
        pages = [page.objgen for page in pdf.pages]
    english_from = next(n for n in range(1, len(pages) + 1) if 'MOIS to expand' in pdftotext(
        pdf_path(dist, SEED, 'ko-en'), '-f', str(n), '-l', str(n)))
    assert [language for language, _ in articles] == ['ko'] * (english_from - 1) + ['en'] * (
        len(pages) - english_from + 1)
    assert [page for _, page in articles] == pages


def test_a_string_left_in_the_other_language_is_marked_with_its_language(workspace):
    """In a draft, an untranslated paragraph is shown in English inside the Korean article, and read as English."""
    po = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / f'{SEED}.po'
    text = po.read_text()
    start = text.index('"The delegation, headed by')
    msgstr = text.index('msgstr', start)
    end = text.index('\n\n', msgstr)
    po.write_text(text[:msgstr] + 'msgstr ""' + text[end:])
    out = workspace / 'dist'
    result = CliRunner().invoke(main, ['render', str(record_of(workspace, SEED)), '-l', 'ko', '-f', 'pdf',
                                       '--draft', '--out', str(out)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(out / SEED / f'{SEED}.ko.draft.pdf') as pdf:
        english = [element for element, language in structure_elements(pdf) if language == 'en']
        assert english and all(element.S == '/P' for element in english if '/Lang' in element)
        assert {str(element.S) for element, _ in structure_elements(pdf) if element.get('/Lang') == 'ko'} == {'/Art'}


def test_a_drafts_watermark_is_drawn_not_written_and_is_an_artifact(draft_render):
    """No text extraction reads the watermark (no stray "FT" in the body), and screen readers skip it."""
    path = draft_render / f'{KOREAN_FIRST}.en.draft.pdf'
    text = pdftotext(path)
    assert 'DRAFT' not in re.sub(r'\s', '', text) and not re.search(r'^\s*(FT|D|R|A|F|T)\s*$', text, re.M)
    assert 'Draft: not for publication' in words(text)  # the banner, which is text
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            marked, watermark = [], []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ('BDC', 'BMC'):
                    marked.append(str(operands[0]))
                elif str(operator) == 'EMC':
                    marked.pop()
                elif str(operator) == 'rg' and [round(float(value), 3) for value in operands] == [0.784, 0, 0]:
                    watermark.append(marked[-1] if marked else None)
            assert watermark == ['/Artifact']  # on every page, once, drawn as an artifact


@pytest.mark.parametrize('release, edition', PDFS)
def test_pdfs_declare_pdfua1_with_a_title_shown_and_language(dist, release, edition):
    with pikepdf.open(pdf_path(dist, release, edition)) as pdf:
        metadata = pdf.open_metadata()
        assert metadata.get('pdfuaid:part') == '1'
        assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
        assert str(pdf.Root.Lang) == edition.split('-')[0]
        assert metadata.get('dc:title') and str(pdf.docinfo.Title) == str(metadata.get('dc:title'))


@pytest.mark.parametrize('release, edition', [(release, edition) for release, edition in PDFS if release == SEED])
def test_every_figure_has_alternative_text(dist, release, edition):
    with pikepdf.open(pdf_path(dist, release, edition)) as pdf:
        figures = [element for element, _ in structure_elements(pdf) if element.S == '/Figure']
    assert figures and all(str(figure.get('/Alt', '')).strip() for figure in figures)


# -- the body's structure, as PDF/UA tags it -----------------------------------------------

def _tree(node):
    """The structure below ``node`` as (tag, attributes, children), through Span, NonStruct, Div, P and Link."""
    shown = []
    kids = node.get('/K')
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if not isinstance(kid, pikepdf.Dictionary) or kid.get('/Type', pikepdf.Name.StructElem) != '/StructElem':
            continue
        if str(kid.S) in ('/Span', '/NonStruct', '/Div', '/P', '/Link'):
            shown += _tree(kid)
        else:
            attributes = kid.get('/A', {})
            shown.append((str(kid.S)[1:], str(attributes.get('/Scope', '')) if '/Scope' in attributes else None,
                          _tree(kid)))
    return shown


def _shape(tree):
    return [(tag, _shape(kids)) if kids else tag for tag, _, kids in tree]


@pytest.fixture(scope='module')
def structured_tree(structured_dist):
    with pikepdf.open(structured_dist / 'mois-structured-2019.en.pdf') as pdf:
        return [(node.S, node, language) for node, language in structure_elements(pdf)], _tree(
            pdf.Root.StructTreeRoot.K[0] if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array)
            else pdf.Root.StructTreeRoot.K)


def test_headings_are_tagged_by_their_level(structured_dist):
    with pikepdf.open(structured_dist / 'mois-structured-2019.en.pdf') as pdf:
        headings = [str(node.S) for node, _ in structure_elements(pdf) if re.fullmatch(r'/H\d', str(node.S))]
    assert headings == ['/H1', '/H2', '/H3', '/H2', '/H3']


def test_nested_lists_are_tagged_with_labels_and_bodies(structured_dist):
    with pikepdf.open(structured_dist / 'mois-structured-2019.ko.pdf') as pdf:
        lists = [node for node, _ in structure_elements(pdf) if node.S == '/L']
        points = _shape(_tree(lists[1]))  # the first is the header's facts
    item = ('LI', ['Lbl', 'LBody'])
    assert points == [item, item, ('L', [item, ('L', [item, item])])]


def test_a_table_is_tagged_with_its_header_cells_and_what_they_head(structured_dist):
    with pikepdf.open(structured_dist / 'mois-structured-2019.en.pdf') as pdf:
        table = next(node for node, _ in structure_elements(pdf) if node.S == '/Table')
        tree = _tree(table)
    assert [tag for tag, _, _ in tree] == ['Caption', 'THead', 'TBody']
    head, body = tree[1][2], tree[2][2]
    assert [[(tag, scope) for tag, scope, _ in row] for _, _, row in head] == [
        [('TH', '/Column')] * 3]
    assert [[(tag, scope) for tag, scope, _ in row] for _, _, row in body] == [
        [('TH', '/Row'), ('TD', None), ('TD', None)],
        [('TH', '/Row'), ('TD', None), ('TD', None)],
        [('TD', None), ('TD', None)],
        [('TH', '/Row'), ('TD', None)]]


@pytest.mark.parametrize('edition, ids', [('ko', ['ko-1', 'ko-2']), ('en', ['en-1', 'en-2']),
                                          ('ko-en', ['ko-1', 'ko-2', 'en-1', 'en-2'])])
def test_footnotes_are_notes_with_their_ids(structured_dist, edition, ids):
    with pikepdf.open(structured_dist / f'mois-structured-2019.{edition}.pdf') as pdf:
        notes = [str(node.ID) for node, _ in structure_elements(pdf) if node.S == '/Note']
    assert notes == [f'fn-mois-structured-2019-{note}' for note in ids]
