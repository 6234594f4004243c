"""A bilingual PDF bound from the PDFs of its languages, so that no text is laid out twice.

Each language's PDF is laid out once, and the bilingual edition is those
PDFs one after the other, as two editions bound in one cover: each half keeps
its own running headers and its own page numbers ("Page 1 of 3"), exactly as
in the PDF of its language.  The page labels say which half a page is in
(``ko-1``, ``ko-2``, ``en-1``…), so that a reader's "go to page" finds the
number printed on it.

What WeasyPrint's tagging gave each part is kept: their structure elements,
each with its ``/Lang``, under one Document element; the parent tree, each
part's keys moved past the ones before; the bookmarks; the named
destinations; and the files they carry, once each by name (the ``/AF`` of
PDF/A-3 included).  The first part gives the document its language, output
intent and metadata; its title and keywords are the bilingual edition's.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Properties:
    """What the bilingual PDF says of itself, as the bilingual page would (see html.document_properties)."""

    title: str
    keywords: list[str]


def assemble_pdf(parts: list[tuple[str, bytes]], properties: Properties) -> bytes:
    """One PDF of ``parts`` (language, PDF) in order, labelled by language and titled by ``properties``."""
    import pikepdf

    pdfs = [pikepdf.open(io.BytesIO(data)) for _, data in parts]
    bound, labels, first_page = pdfs[0], [], 0
    for (language, _), part in zip(parts, pdfs):
        labels.append((first_page, language))
        first_page += len(part.pages)
        if part is not bound:
            _append(bound, part)
    _share_identical_images(bound)
    _label_pages(bound, labels)
    _describe(bound, properties)
    out = io.BytesIO()
    bound.save(out, deterministic_id=True)
    return out.getvalue()


def _append(bound, part):
    """Add the pages of ``part`` to ``bound``, with their structure, bookmarks, destinations and files."""
    import pikepdf

    first_page, first_key = len(bound.pages), _next_parent_key(bound)
    with warnings.catch_warnings():
        # pikepdf warns that links to named destinations may not resolve: the names are joined below.
        warnings.simplefilter('ignore', pikepdf.PageCopyWarning)
        bound.pages.extend(part.pages)
    for page in bound.pages[first_page:]:
        _shift_parent_keys(page.obj, first_key)
    _join_structure(bound, part, first_key)
    _join_outlines(bound, part)
    _join_name_tree(bound, part, '/Dests')
    _join_name_tree(bound, part, '/EmbeddedFiles')
    if '/AF' in part.Root:
        files = {str(spec.UF): spec for spec in [*bound.Root.get('/AF', []), *_copy(bound, part.Root.AF)]}
        bound.Root.AF = list(files.values())


def _share_identical_images(pdf):
    """Make every page that shows an image refer to one copy of it: the parts' copies of a photo are the
    same stream, and the copies no page refers to any more are not written."""
    kept, seen = {}, set()
    for page in pdf.pages:
        _share_images_of(page.obj.get('/Resources'), kept, seen)


def _share_images_of(resources, kept: dict, seen: set):
    """Point the images of ``resources`` (and of the forms and patterns it uses) at the first identical one."""
    import pikepdf

    if not isinstance(resources, pikepdf.Dictionary) or (resources.is_indirect and resources.objgen in seen):
        return
    if resources.is_indirect:
        seen.add(resources.objgen)
    for kind in ('/XObject', '/Pattern'):
        named = resources.get(kind)
        if not isinstance(named, pikepdf.Dictionary):
            continue
        for name, item in named.items():
            if not isinstance(item, pikepdf.Stream):
                if isinstance(item, pikepdf.Dictionary):  # a shading pattern
                    _share_images_of(item.get('/Resources'), kept, seen)
                continue
            if item.get('/Subtype') == '/Image':
                named[name] = kept.setdefault(_image_key(item), item)
            else:  # a form, or a tiling pattern: their own resources
                _share_images_of(item.get('/Resources'), kept, seen)


def _image_key(image) -> tuple:
    """What makes two images the same: their bytes as stored, their properties, and their masks'."""
    import hashlib

    import pikepdf

    properties = tuple(sorted((str(key), _image_key(value) if isinstance(value, pikepdf.Stream) else repr(value))
                              for key, value in image.items() if key != '/Length'))
    return hashlib.sha256(image.read_raw_bytes()).hexdigest(), properties


def _next_parent_key(pdf) -> int:
    numbers = pdf.Root.StructTreeRoot.ParentTree.Nums
    return max((int(numbers[index]) for index in range(0, len(numbers), 2)), default=-1) + 1


def _shift_parent_keys(page, offset: int):
    """Move a copied page's key in the parent tree, and its annotations' keys, by ``offset``."""
    if '/StructParents' in page:
        page.StructParents = int(page.StructParents) + offset
    for annotation in page.get('/Annots', []):
        if '/StructParent' in annotation:
            annotation.StructParent = int(annotation.StructParent) + offset


def _join_structure(bound, part, offset: int):
    """Put the elements of ``part``'s Document under ``bound``'s, and its parent tree after ``bound``'s."""
    import pikepdf

    document = _document(bound)
    theirs = _document(part).K
    kids = [_copy(bound, kid) for kid in (theirs if isinstance(theirs, pikepdf.Array) else [theirs])]
    if not isinstance(document.K, pikepdf.Array):
        document.K = pikepdf.Array([document.K])
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = document
        document.K.append(kid)
    numbers = part.Root.StructTreeRoot.ParentTree.Nums
    tree = bound.Root.StructTreeRoot.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        tree.append(int(numbers[index]) + offset)
        tree.append(_copy(bound, numbers[index + 1]))
    if '/ParentTreeNextKey' in bound.Root.StructTreeRoot:
        bound.Root.StructTreeRoot.ParentTreeNextKey = _next_parent_key(bound)


def _document(pdf):
    """The Document element, WeasyPrint's root of the structure."""
    import pikepdf

    root = pdf.Root.StructTreeRoot.K
    return root[0] if isinstance(root, pikepdf.Array) else root


def _join_outlines(bound, part):
    """Put the bookmarks of ``part`` after those of ``bound``, at the same levels."""
    import pikepdf

    if '/Outlines' not in part.Root or '/First' not in part.Root.Outlines:
        return
    copied = _copy(bound, part.Root.Outlines)
    if '/Outlines' not in bound.Root or '/First' not in bound.Root.Outlines:
        bound.Root.Outlines = copied
        return
    outlines = bound.Root.Outlines
    item = copied.First
    while True:
        item.Parent = outlines
        if '/Next' not in item:
            break
        item = item.Next
    outlines.Last.Next, copied.First.Prev = copied.First, outlines.Last
    outlines.Last = copied.Last
    outlines.Count = pikepdf.Integer(int(outlines.get('/Count', 0)) + int(copied.get('/Count', 0)))


def _join_name_tree(bound, part, kind: str):
    """Merge the flat name tree ``kind`` (as WeasyPrint writes them) of ``part`` into ``bound``'s, sorted,
    the first of two same names kept."""
    import pikepdf

    theirs = part.Root.get('/Names', {}).get(kind)
    if theirs is None:
        return
    if '/Names' not in bound.Root:
        bound.Root.Names = pikepdf.Dictionary()
    ours = bound.Root.Names.get(kind)
    entries = {}
    for tree in (ours, _copy(bound, theirs)):
        names = tree.get('/Names', []) if tree is not None else []
        for index in range(0, len(names), 2):
            entries.setdefault(bytes(names[index]), names[index + 1])
    merged = pikepdf.Array()
    for name in sorted(entries):
        merged.extend([pikepdf.String(name), entries[name]])
    bound.Root.Names[kind] = bound.make_indirect(pikepdf.Dictionary(Names=merged))


def _copy(bound, item):
    """``item`` of another PDF, made part of ``bound``: what it refers to is copied once, with the pages
    already copied standing for theirs."""
    import pikepdf

    if isinstance(item, pikepdf.Object) and item.is_indirect:
        return bound.copy_foreign(item)
    if isinstance(item, pikepdf.Array):
        return pikepdf.Array([_copy(bound, value) for value in item])
    if isinstance(item, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(bound, value) for key, value in item.items()})
    return item


def _label_pages(pdf, labels: list[tuple[int, str]]):
    """Number each part's pages from 1, prefixed by its language: ko-1, ko-2, en-1…"""
    import pikepdf

    numbers = pikepdf.Array()
    for first_page, language in labels:
        numbers.extend([first_page, pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(f'{language}-'))])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=numbers)


def _describe(pdf, properties: Properties):
    """Give the document information and the XMP metadata the bilingual edition's title and keywords."""
    import pikepdf

    keywords = ', '.join(properties.keywords)
    pdf.docinfo[pikepdf.Name.Title] = pikepdf.String(properties.title)
    if keywords:
        pdf.docinfo[pikepdf.Name.Keywords] = pikepdf.String(keywords)
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
        metadata['dc:title'] = properties.title
        if keywords:
            metadata['pdf:Keywords'] = keywords
