"""A bilingual PDF is bound from the PDFs of its languages: the same pages, with whole structure, bookmarks,
destinations and labels.  Read back with pikepdf and poppler."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader

from publisher.render.assemble import Properties, assemble_pdf

from conftest import KOREAN_FIRST, SEED, pdftotext, run


def pdf_path(dist, release, edition):
    return dist / release / f'{release}.{edition}.pdf'


def page_texts(path) -> list[str]:
    return pdftotext(path).split('\f')[:-1]


def bound(dist, release, languages) -> pikepdf.Pdf:
    parts = [(language, pdf_path(dist, release, language).read_bytes()) for language in languages]
    return pikepdf.open(io.BytesIO(assemble_pdf(parts, Properties(' / '.join(languages), ['a', 'b']))))


def marked_content_ids(page) -> list[int]:
    return [int(operands[1].MCID) for operands, operator in pikepdf.parse_content_stream(page)
            if str(operator) == 'BDC' and isinstance(operands[1], pikepdf.Dictionary) and '/MCID' in operands[1]]


def reachable_elements(pdf) -> set[tuple[int, int]]:
    found, pending = set(), list(pdf.Root.StructTreeRoot.K)
    while pending:
        element = pending.pop()
        found.add(element.objgen)
        kids = element.get('/K')
        pending += [kid for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])
                    if isinstance(kid, pikepdf.Dictionary) and kid.get('/Type') == '/StructElem']
    return found


@pytest.mark.parametrize('release', [SEED, KOREAN_FIRST])
def test_a_bilingual_pdf_is_its_languages_pdfs_page_for_page(dist, release):
    assert page_texts(pdf_path(dist, release, 'ko-en')) == (page_texts(pdf_path(dist, release, 'ko'))
                                                           + page_texts(pdf_path(dist, release, 'en')))


@pytest.mark.parametrize('release, edition', [(SEED, 'ko-en'), (KOREAN_FIRST, 'ko-en')])
def test_every_marked_text_belongs_to_an_element_of_its_page_in_the_tree(dist, release, edition):
    """What a screen reader reads of each page: every marked sequence is found through the parent tree,
    in an element of that page that the structure tree's root reaches."""
    with pikepdf.open(pdf_path(dist, release, edition)) as pdf:
        numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}
        assert len(tree) == len(numbers) // 2  # no key twice
        reachable = reachable_elements(pdf)
        for page in pdf.pages:
            slots = tree[int(page.obj.StructParents)]
            for mcid in marked_content_ids(page):
                element = slots[mcid]
                assert element.objgen in reachable and element.Pg.objgen == page.objgen


def test_bookmarks_and_destinations_lead_to_the_first_page_of_each_language(dist):
    path = pdf_path(dist, SEED, 'ko-en')
    reader = PdfReader(path)
    korean = len(PdfReader(pdf_path(dist, SEED, 'ko')).pages)
    outline = [item for item in reader.outline if not isinstance(item, list)]
    assert [reader.get_destination_page_number(item) for item in outline] == [0, korean]
    destinations = reader.named_destinations
    assert {name: reader.get_destination_page_number(destination) for name, destination in destinations.items()
            if name.startswith('release-')} == {'release-ko': 0, 'release-en': korean}


def test_every_footnote_link_of_a_bilingual_pdf_leads_to_its_note_and_binding_warns_of_nothing(structured_dist):
    """pikepdf warns that copied pages' links may not resolve: binding joins the named destinations they use."""
    import warnings

    parts = [(language, (structured_dist / f'mois-structured-2019.{language}.pdf').read_bytes()) for language in ('ko', 'en')]
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        reader = PdfReader(io.BytesIO(assemble_pdf(parts, Properties('title', []))))
    destinations = {name: reader.get_destination_page_number(place) for name, place in reader.named_destinations.items()}
    korean = len(PdfReader(io.BytesIO(parts[0][1])).pages)
    links = [(number, str(annotation.get_object()['/Dest'])) for number, page in enumerate(reader.pages)
             for annotation in page.get('/Annots', []) if '/Dest' in annotation.get_object()]
    notes = [(number, name) for number, name in links if name.startswith('fn-')]
    assert {name for _, name in notes} == {f'fn-mois-structured-2019-{language}-{n}' for language in ('ko', 'en')
                                           for n in (1, 2)}
    for number, name in notes:  # each language's links lead to its own pages
        assert (destinations[name] < korean) == (number < korean) == ('-ko-' in name)


def test_any_number_of_languages_bind_in_order_with_their_labels_and_languages(dist):
    pdf = bound(dist, SEED, ['th', 'ko', 'en'])
    counts = [len(pikepdf.open(pdf_path(dist, SEED, language)).pages) for language in ('th', 'ko', 'en')]
    labels = PdfReader(io.BytesIO(_saved(pdf))).page_labels
    assert labels == [f'{language}-{n}' for language, count in zip(('th', 'ko', 'en'), counts)
                      for n in range(1, count + 1)]
    articles = [str(element.Lang) for element in pdf.Root.StructTreeRoot.K[0].K if element.get('/S') == '/Art']
    assert articles == ['th'] * counts[0] + ['ko'] * counts[1] + ['en'] * counts[2]
    assert str(pdf.Root.Lang) == 'th' and str(pdf.docinfo.Title) == 'th / ko / en'
    assert str(pdf.open_metadata()['dc:title']) == 'th / ko / en' and pdf.open_metadata()['pdfuaid:part'] == '1'


def test_binding_gives_the_same_bytes_every_time(dist):
    parts = [(language, pdf_path(dist, SEED, language).read_bytes()) for language in ('ko', 'en')]
    properties = Properties('title', ['keyword'])
    assert assemble_pdf(parts, properties) == assemble_pdf(parts, properties)


def _saved(pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _images_listed(path) -> list[tuple[str, str]]:
    """(page, object number) of each image ``pdfimages -list`` shows."""
    lines = run('pdfimages', '-list', str(path)).splitlines()[2:]
    return [(line.split()[0], line.split()[10]) for line in lines]


def test_a_photo_both_languages_show_is_stored_once_in_the_bilingual_pdf(dist):
    listed = _images_listed(pdf_path(dist, SEED, 'ko-en'))
    shown_alone = len(_images_listed(pdf_path(dist, SEED, 'ko'))) + len(_images_listed(pdf_path(dist, SEED, 'en')))
    assert len(listed) == shown_alone == 4
    assert len({number for _, number in listed}) == 2


def test_a_bilingual_pdf_is_smaller_than_its_languages_pdfs_together(dist):
    parts = sum(pdf_path(dist, SEED, language).stat().st_size for language in ('ko', 'en'))
    assert pdf_path(dist, SEED, 'ko-en').stat().st_size <= 0.75 * parts


def test_images_that_differ_are_each_kept(dist):
    english = pikepdf.open(pdf_path(dist, SEED, 'en'))
    image = next(image for page in english.pages for image in page.get_images().values())
    image.write(image.read_raw_bytes()[:-1] + b'\0', filter=image.Filter, decode_parms=image.get('/DecodeParms'))
    parts = [('ko', pdf_path(dist, SEED, 'ko').read_bytes()), ('en', _saved(english))]
    pdf = pikepdf.open(io.BytesIO(assemble_pdf(parts, Properties('title', []))))
    images = {image.objgen for page in pdf.pages for image in page.get_images().values()}
    assert len(images) == 3
