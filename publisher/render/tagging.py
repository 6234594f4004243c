"""What a screen reader needs from the PDF's structure tree that WeasyPrint 70 leaves out.

- Languages: WeasyPrint writes the document's language only, so a screen
  reader would read the English half of a bilingual release, or an English
  string left in a Korean draft, with Korean speech.  Every structure element
  made for an HTML element with a ``lang`` attribute is given that ``/Lang``.
- Artifacts: the text of running headers and footers is marked as content
  yet belongs to no structure element (Kozea/WeasyPrint#1836), which PDF/UA
  forbids; so is anything the HTML hides from assistive technology
  (``aria-hidden``, such as a draft's watermark).  That content is remarked
  as a pagination artifact, which screen readers skip.

- Tables and footnotes: WeasyPrint tags a header cell TH without saying
  whether it heads a column or a row, and a footnote as a block like any
  other.  A TH is given the ``/Scope`` of its ``scope`` attribute, and an
  element the HTML calls a footnote (``role="doc-footnote"``) is a ``/Note``
  with its ``/ID``, as PDF/UA requires.

Both hook into WeasyPrint's tagging: ``use_languages_and_artifacts`` wraps
the function that builds the structure tree from the boxes of each page, and
``mark_artifacts`` is the finisher that rewrites the page content.
"""

from __future__ import annotations

import pydyf

PASSED_THROUGH = ('html', 'body')

#: A header cell's ``scope`` attribute, as its ``/Scope`` in the structure tree.
SCOPES = {'col': '/Column', 'row': '/Row', 'colgroup': '/Column', 'rowgroup': '/Row'}


def use_languages_and_artifacts():
    """Make WeasyPrint's tagging give /Lang to elements and leave hidden boxes out of the tree."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, 'publisher', False):
        return

    def build_box_tree(box, parent, pdf, page_number, nums, annotations, marked):
        element = box.element
        if element is not None and element.get('aria-hidden') == 'true':
            # Built (which takes its content off WeasyPrint's list) but left out of the tree.
            tuple(build(box, parent, pdf, page_number, nums, annotations, marked))
            return
        language = None
        if element is not None and box.element_tag not in PASSED_THROUGH and not isinstance(
                box, (boxes.PageBox, boxes.MarginBox)):
            language = element.get('lang')
        for structure in build(box, parent, pdf, page_number, nums, annotations, marked):
            if language:
                structure['Lang'] = pydyf.String(language)
            if element is not None:
                _describe(structure, element, parent)
            yield structure

    build_box_tree.publisher = True
    tags._build_box_tree = build_box_tree


def _describe(structure, element, parent):
    """What a table's header cell heads, and that a footnote is a note."""
    if structure['S'] == '/TH' and element.get('scope') in SCOPES:
        structure['A']['Scope'] = SCOPES[element.get('scope')]
    elif element.get('role') == 'doc-footnote' and parent['S'] != '/Note' and element.get('id'):
        structure['S'] = '/Note'
        structure['ID'] = pydyf.String(element.get('id'))


def mark_artifacts(document, pdf):
    """Turn content owned by no element of the structure tree into pagination artifacts.

    WeasyPrint finishes the tree before calling this.  Elements built for
    margin boxes and hidden boxes are not reachable from its root: their
    marked content becomes ``/Artifact``, their slots in the parent tree
    become null, and the elements themselves are emptied.
    """
    if 'StructTreeRoot' not in pdf.catalog:
        return
    root = _object(pdf, pdf.catalog['StructTreeRoot'])
    reachable = _reachable(pdf, root)
    pages = {reference: number for number, reference in enumerate(pdf.page_references)}
    artifacts = {}
    for element in pdf.objects:
        if _is_structure_element(element) and element.number not in reachable:
            page = element['Pg']
            artifacts.setdefault(page, set()).update(kid for kid in element['K'] if isinstance(kid, int))
            element.clear()
    parent_tree = _object(pdf, root['ParentTree'])['Nums']
    for page, mcids in artifacts.items():
        _remark_as_artifacts(_object(pdf, _object(pdf, page)['Contents']), mcids)
        slots = parent_tree[parent_tree.index(pages[page]) + 1]
        for mcid in mcids:
            slots[mcid] = b'null'


def _remark_as_artifacts(content: pydyf.Stream, mcids: set[int]):
    operations = content.stream
    for index, operation in enumerate(operations):
        if isinstance(operation, pydyf.Dictionary) and operation.get('MCID') in mcids:
            operations[index - 1] = '/Artifact'
            operations[index] = pydyf.Dictionary({'Type': '/Pagination'})


def _reachable(pdf, root) -> set[int]:
    seen, pending = set(), [_object(pdf, kid) for kid in root['K']]
    while pending:
        element = pending.pop()
        seen.add(element.number)
        pending += [_object(pdf, kid) for kid in element.get('K', ()) if isinstance(kid, bytes)]
    return seen


def _is_structure_element(item) -> bool:
    return isinstance(item, pydyf.Dictionary) and item.get('Type') == '/StructElem'


def _object(pdf, reference: bytes):
    return pdf.objects[int(reference.split()[0])]
