"""HWPX: the release as Hancom Office opens and edits it (OWPML, KS X 6101).

Korean ministries, local governments and newsrooms exchange releases as HWP
or HWPX files beside the PDF.  This writes the same paragraphs as the PDF, in
the same order (article.html is the reference), with python-hwpx: the
release's label, title and the lines under it, its facts (issuers, date, embargo and distribution), the
lead, the body's paragraphs, quotes and notes, the photos with their captions
and credits, the attachments, and the contacts as a table (hp:tbl) per department.  The text is set in the
families of the fonts that ship with the package, on the PDF's paper and
margins; each language is a section of its own, starting on a new page, with
the issuers, date and embargo in its running header, the issuer in its
footer, and its pages numbered at the foot.  Hancom Office substitutes a font it lacks, as it does for any
document.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from .. import formats, links
from ..catalogs import template_translations
from ..localise import Contact, LocalisedRelease, TableBlock, Text
from ..workspace import FONTS, Workspace
from .fonts import kept_about_fonts

#: The namespace of the document's paragraphs and objects (OWPML).
HP = 'http://www.hancom.co.kr/hwpml/2011/paragraph'

#: The package's part for the text of its preview.
PREVIEW_TEXT = 'Preview/PrvText.txt'

#: The PDF's page margins (templates/print.css), in millimetres.
MARGINS_MM = {'top': 20, 'right': 20, 'bottom': 25, 'left': 20}

#: The widest and tallest a photo is printed, as in print (print.css: 95 mm high at most).
PHOTO_MAX_MM = (170, 95)

#: The tallest each of several photos is printed (print.css: 65 mm, so that they leave no half-empty page).
SEVERAL_PHOTOS_MAX_HEIGHT_MM = 65

#: The font each language's text is set in, by file; its family name is read from the font.
FONT_FILES = {'ko': 'NanumGothic.ttf'}
DEFAULT_FONT_FILE = 'NotoSans-Regular.ttf'

#: How each kind of paragraph is set: size in points, bold.
ROLES = {
    'draft': (9, True),
    'crumbs': (8.5, False),
    'kind': (8.5, True),
    'title': (20, True),
    'subtitle': (13, False),
    'fact': (10.5, False),
    'lead': (11.5, True),
    'paragraph': (10.5, False),
    'quote': (11, False),
    'speaker': (10, False),
    'note': (9.5, False),
    'caption': (9.5, False),
    'heading': (12, True),
    'subheading': (11, True),
    'item': (10.5, False),
    'remark': (10, False),
    'box': (11.5, True),
    'footnote': (9, False),
    'cell': (9.5, False),
    'header cell': (9.5, True),
}

#: How far a list item at each level, or a remark, is indented, in millimetres.
INDENT_MM = 5

#: The shading of a contact table's header cells, as the page's (release.css).
HEADER_SHADING = '#F1F4F8'


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph's text: plain, a link to ``href``, or a footnote's text at that point."""

    text: str
    href: str | None = None
    footnote: bool = False


@dataclass(frozen=True)
class GridCell:
    """A cell of a table of plain text: its lines (each a run, which may be a link), whether it heads its row,
    and the rows and columns it spans."""

    lines: tuple[Run, ...] = ()
    header: bool = False
    rows: int = 1
    columns: int = 1

    @property
    def text(self) -> str:
        return '\n'.join(line.text for line in self.lines)


@dataclass(frozen=True)
class Grid:
    """A table of plain text (a department's contacts): its rows of cells, each row without the cells that
    cells above or before it span."""

    rows: tuple[tuple[GridCell, ...], ...]

    @property
    def width(self) -> int:
        return sum(cell.columns for cell in self.rows[0])


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document: its kind (see ROLES), its text (in runs where it holds links), or the
    photo or table it shows."""

    role: str
    text: str = ''
    photo: Path | None = None
    table: TableBlock | Grid | None = None
    indent: int = 0  # in steps of INDENT_MM: a list item's level, a box's content
    runs: tuple[Run, ...] = ()


def prose(role: str, text: Text, before: str = '', after: str = '', indent: int = 0) -> Paragraph:
    """A paragraph of prose, its links kept as links, a link's address printed as paper prints it in the
    text's language (links.LINK_ADDRESSES)."""
    runs = [run for run in (Run(before), *_runs(text), Run(after)) if run.text]
    shown = [index for index, run in enumerate(runs) if not run.footnote]
    if shown:  # the paragraph's ends without spaces, as plain() gives them
        runs[shown[0]] = replace(runs[shown[0]], text=runs[shown[0]].text.lstrip())
        runs[shown[-1]] = replace(runs[shown[-1]], text=runs[shown[-1]].text.rstrip())
    runs = [run for run in runs if run.text]
    return Paragraph(role, ''.join(run.text for run in runs if not run.footnote), indent=indent, runs=tuple(runs))


def _runs(text: Text) -> list[Run]:
    """The runs of a text's HTML: its text, and its links (a footnote's reference is its mark)."""
    from html.parser import HTMLParser

    style = links.address_style(text.lang)
    runs = []

    class Reader(HTMLParser):
        link = None

        def handle_starttag(self, tag, attributes):
            if tag == 'a':
                attributes = dict(attributes)
                self.link = (attributes['href'], attributes.get('class') == 'fact-link', [])

        def handle_endtag(self, tag):
            if tag == 'a' and self.link:
                href, labelled, label = self.link
                label, self.link = ''.join(label), None
                if href.startswith('#'):  # a footnote's reference: its mark, as text
                    runs.append(Run(label))
                elif labelled and style.place == 'footnote':
                    runs.extend((Run(label, href), Run(href, footnote=True)))
                else:
                    runs.append(Run(label + style.form.format(address=href) if labelled else label, href))

        def handle_data(self, data):
            data = re.sub(r'\s+', ' ', data)  # spaces kept single, as plain() keeps them
            if self.link:
                self.link[2].append(data)
            else:
                runs.append(Run(data))

    reader = Reader(convert_charrefs=True)
    reader.feed(str(text.html))
    reader.close()
    return runs


def plain(text: Text | str) -> str:
    """A run of the release as plain text: its inline markup gone, its spaces kept single."""
    return Markup(text.html if isinstance(text, Text) else Markup.escape(text)).striptags()


def article(release: LocalisedRelease, gettext, draft: bool = False) -> list[Paragraph]:
    """The paragraphs of one language, in the order of the PDF."""
    _ = gettext
    paragraphs = [Paragraph('draft', _('Draft: not for publication. Some strings are machine drafts or not '
                                       'yet reviewed.'))] if draft else []
    if release.breadcrumb:
        paragraphs.append(Paragraph('crumbs', ' › '.join([_('Home'), *map(plain, release.breadcrumb)])))
    # Capitals, as the stylesheet sets the label (text-transform: uppercase).
    paragraphs += [Paragraph('kind', _('Press release').upper()), Paragraph('title', plain(release.title))]
    paragraphs += [Paragraph('subtitle', release.subline_mark + plain(line)) for line in release.subtitles]
    paragraphs.append(Paragraph('fact', f'{_("Issued by")} {formats.join_names(release.issued_by, release.language)}'))
    roles = {'co-host': _('Co-hosted by'), 'organiser': _('Organised by'), 'sponsor': _('Sponsored by'),
             'supporter': _('Supported by')}
    paragraphs += [Paragraph('fact', f'{roles[role]} {", ".join(names)}') for role, names in release.roles.items()]
    paragraphs.append(Paragraph('fact', f'{_("Date")} {release.published}'))
    moments = [f'{label} {moment}' for label, moment in ((_('Embargo'), release.embargo),
                                                         (_('Distributed'), release.distributed)) if moment]
    if moments:
        paragraphs.append(Paragraph('fact', ' / '.join(moments)))
    paragraphs += [Paragraph('note', _('Corrected on %(when)s: %(what)s') % {'when': correction.when,
                                                                             'what': plain(correction.what)})
                   for correction in reversed(release.corrections)]
    paragraphs.append(prose('lead', release.lead))
    paragraphs += body_paragraphs(release, release.blocks)
    paragraphs += [Paragraph('footnote', f'{note.mark} {plain(note.text)}') for note in release.footnotes]
    for figure in release.figures:
        paragraphs.append(Paragraph('photo', plain(figure.alt), photo=figure.file))
        credit = _('Photo: %(credit)s') % {'credit': plain(figure.credit)} if figure.credit else None
        if figure.caption or credit:
            paragraphs.append(Paragraph('caption', ' '.join(filter(None, (figure.caption and plain(figure.caption),
                                                                         credit)))))
    if release.attachments:
        paragraphs.append(Paragraph('heading', _('Attachments')))
        paragraphs += [Paragraph('item', f'• {plain(item.title)} ({item.file.name})') for item in release.attachments]
    if release.contacts:
        paragraphs.append(Paragraph('heading', _('Contact')))
        paragraphs += [Paragraph('table', table=contact_table(contact, _)) for contact in release.contacts]
    return paragraphs


def contact_table(contact: Contact, gettext) -> Grid:
    """A department's contact table, as the page sets it (contacts.html): the department's name beside
    its people, a row each, with their role, name and title, and their phone above their e-mail."""
    _ = gettext
    roles = {'director': _('Director'), 'officer': _('Officer')}
    rows = []
    for person in contact.people or [None]:
        row = [GridCell((Run(_('Department')),), header=True), GridCell((Run(contact.department),))] if not rows else []
        if person is not None:
            row += ([GridCell((Run(roles[person.role]),), header=True), GridCell((Run(person.person),))]
                    if person.role else [GridCell(columns=2)])
            row.append(GridCell((*((Run(person.phone),) if person.phone else ()),
                                 *((Run(person.email, f'mailto:{person.email}'),) if person.email else ()))))
        rows.append(tuple(row))
    rows[0] = tuple(replace(cell, rows=len(rows)) if index < 2 else cell for index, cell in enumerate(rows[0]))
    return Grid(tuple(rows))


def body_paragraphs(release: LocalisedRelease, blocks, indent=0) -> list[Paragraph]:
    """The paragraphs of the body's blocks, list items with their language's markers and numbers."""
    paragraphs = []
    for block in blocks:
        if block.kind == 'quote':
            paragraphs += [prose('quote', block.text, *release.quotes, indent=indent),
                           Paragraph('speaker', '— ' + plain(block.attribution), indent=indent)]
        elif block.kind == 'note':
            paragraphs.append(prose('note', block.text, '* ', indent=indent))
        elif block.kind == 'remark':
            paragraphs.append(Paragraph('remark', f'{release.marks.remark} {plain(block.text)}', indent=indent))
        elif block.kind == 'heading':
            paragraphs.append(Paragraph('heading' if block.level == 2 else 'subheading', plain(block.text),
                                        indent=indent))
        elif block.kind == 'list':
            paragraphs += _list_paragraphs(release, block, indent)
        elif block.kind == 'table':
            paragraphs.append(Paragraph('table', plain(block.caption) if block.caption else '', table=block))
        elif block.kind == 'box':
            paragraphs.append(Paragraph('box', plain(block.title), indent=indent))
            paragraphs += body_paragraphs(release, block.blocks, indent + 1)
        else:  # a line break of the record's paragraph starts a paragraph of the document
            paragraphs += [prose('paragraph', Text(Markup(line), block.text.lang), indent=indent)
                           for line in re.split(r'<br>\n?', str(block.text.html))]
    return paragraphs


def _list_paragraphs(release, block, indent) -> list[Paragraph]:
    paragraphs = []
    for item in block.items:
        paragraphs.append(Paragraph('item', f'{item.label} {plain(item.text)}', indent=indent + block.level - 1))
        if item.sublist:
            paragraphs += _list_paragraphs(release, item.sublist, indent)
        if item.remark:
            paragraphs.append(Paragraph('remark', f'{release.marks.remark} {plain(item.remark)}',
                                        indent=indent + block.level))
    return paragraphs


def running_header(release: LocalisedRelease, gettext) -> str:
    """What the PDF's running header says: the issuers (by their short names) and date, and the embargo."""
    header = f'{" · ".join(release.short_issuers)} · {release.published}'
    return f'{header}    {gettext("Embargoed until")} {release.embargo}' if release.embargo else header


@lru_cache(maxsize=None)
def family(file: str) -> str:
    """A shipped font's family name, as Hancom Office and the system know it.

    Reading it from the font's name table takes about 50 ms (most of it
    importing fontTools' table), so it is kept in the user's cache, as the
    fonts' coverage is (fonts.kept_about_fonts)."""
    def read_name_table():
        from fontTools.ttLib import TTFont

        with TTFont(FONTS / file, lazy=True) as font:
            return font['name'].getBestFamilyName()

    return kept_about_fonts('family', 'font family', [FONTS / file], read_name_table)


def render_hwpx(releases: list[LocalisedRelease], workspace: Workspace, *, paper: str = 'A4',
                draft: bool = False, corrected: str | None = None) -> bytes:
    """The HWPX document of ``releases`` (one per language), first language first."""
    return _archive(hwpx_document(releases, workspace, paper=paper, draft=draft, corrected=corrected))


def hwpx_document(releases: list[LocalisedRelease], workspace: Workspace, *, paper: str = 'A4',
                  draft: bool = False, corrected: str | None = None):
    """python-hwpx's document of ``releases``, ready to save; modified at ``corrected`` (UTC, RFC 3339), the
    moment of its latest correction, as its PDF is."""
    from hwpx import HwpxDocument

    with _numbered_ids():
        document = HwpxDocument.new()
        texts = []
        for index, release in enumerate(releases):
            section = document.sections[0] if index == 0 else document.add_section()
            texts += _write_section(document, section, release, workspace, paper, draft)
        # The template's own metadata (its author, its dates) is not the release's.
        document.parts.clear_document_metadata(keep=('title',), timestamp=f'{releases[0].published_iso}T00:00:00Z')
        document.parts.clear_preview()
        document.package.write(PREVIEW_TEXT, preview_text(texts))
        document.parts.set_document_metadata(title=' / '.join(plain(release.title) for release in releases),
                                             creator=releases[0].issuer,
                                             keyword=', '.join(dict.fromkeys(
                                                 plain(keyword) for release in releases for keyword in release.keywords)))
        if corrected:
            document.parts.set_document_metadata(modified_date=corrected)
        return document


def _archive(document) -> bytes:
    """The document's archive, its parts serialized and zipped once.

    python-hwpx's own ``to_bytes`` then opens the archive again to validate it
    for Hancom Office and to measure what changed since it was opened: about
    half of the time a document takes.  Every document publisher writes is
    made the same way, from the same kinds of paragraph, and the tests
    validate it as ``to_bytes`` would (tests/test_render_hwpx.py); the bytes
    are the same.  (Package internals of python-hwpx 6.9, pinned.)
    """
    from hwpx.opc import package

    updates = document._root.serialize()
    return document._package._save_bytes_unchecked(updates, _unchecked_token=package._UNCHECKED_SAVE_TOKEN)


@contextmanager
def _numbered_ids():
    """Paragraph and object ids from a fixed sequence instead of random ones, so that rendering
    the same release twice gives the same bytes.

    python-hwpx draws ids from ``uuid4`` and offers replacing it, module-wide, as its way to
    make them predictable; the original is put back after.
    """
    from hwpx.oxml import _document_impl

    counter = itertools.count(1)
    original = _document_impl.uuid4
    _document_impl.uuid4 = lambda: uuid.UUID(bytes=hashlib.sha256(str(next(counter)).encode()).digest()[:16])
    try:
        yield
    finally:
        _document_impl.uuid4 = original


def _write_section(document, section, release: LocalisedRelease, workspace, paper, draft):
    gettext = template_translations(workspace.template_catalog(release.language)).gettext
    document.page.setup(paper_size=paper.upper(), section=section,
                        **{f'margin_{side}_mm': size for side, size in MARGINS_MM.items()})
    document.page.set_header(text=running_header(release, gettext), section=section)
    document.page.set_footer(text=str(release.issuer), section=section)
    _headers_once(section.element)
    _number_pages(section.element)
    font = family(FONT_FILES.get(release.language, DEFAULT_FONT_FILE))
    document.styles.ensure_font(font)
    shapes = {}  # a role's run style, looked up once: python-hwpx searches every style it has for it
    paragraphs = article(release, gettext, draft)
    several = sum(1 for paragraph in paragraphs if paragraph.photo) > 1
    for paragraph in paragraphs:
        if paragraph.photo:
            _add_photo(document, section, paragraph.photo,
                       SEVERAL_PHOTOS_MAX_HEIGHT_MM if several else PHOTO_MAX_MM[1])
            continue
        if isinstance(paragraph.table, Grid):
            _add_grid(document, section, paragraph.table, font)
            continue
        if paragraph.table:
            _add_table(document, section, paragraph.table, font)
            continue
        size, bold = ROLES[paragraph.role]
        if (size, bold) not in shapes:
            shapes[size, bold] = document.styles.ensure_run(font=font, size=size, bold=bold)
        shape = shapes[size, bold]
        added = document.add_paragraph('' if paragraph.runs else paragraph.text, section=section,
                                       char_pr_id_ref=shape, inherit_style=False, include_run=not paragraph.runs)
        for run in paragraph.runs:
            _add_run(added, run, shape)
        indent = paragraph.indent * INDENT_MM + (6 if paragraph.role in ('quote', 'speaker', 'note') else 0)
        if indent:
            document.styles.apply_paragraph_format(paragraphs=[added], indent_left_mm=indent)
    return [paragraph.text for paragraph in paragraphs if not paragraph.photo and paragraph.text]


def _add_table(document, section, table: TableBlock, font):
    """A table as Hancom Office makes one (hp:tbl): its caption above it, its header rows
    repeated on each page it runs over, its spanning cells merged."""
    if table.caption:
        shape = document.styles.ensure_run(font=font, size=ROLES['caption'][0], bold=True)
        document.add_paragraph(plain(table.caption), section=section, char_pr_id_ref=shape, inherit_style=False)
    rows = [*table.head, *table.rows]
    width = max(sum(cell.across for cell in row) for row in rows)
    grid = _flowing_table(document, section, len(rows), width)
    if table.head:
        grid.element.set('repeatHeader', '1')
    spans, taken = [], set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            taken.update((r + y, column + x) for y in range(cell.down) for x in range(cell.across))
            grid.set_cell_text(r, column, plain(cell.text) if cell.text else '')
            if r < len(table.head):
                grid.cell(r, column).element.set('header', '1')
            if cell.across > 1 or cell.down > 1:
                spans.append((r, column, r + cell.down - 1, column + cell.across - 1))
            column += cell.across
    for span in spans:
        grid.merge_cells(*span)


def _add_run(paragraph, run: Run, shape):
    """A run at the end of ``paragraph``: a footnote, a hyperlink field around its text, which Hancom Office
    follows to its address (a web address or ``mailto:``) and draws as it draws links, or plain text."""
    if run.footnote:
        paragraph.add_footnote(run.text, char_pr_id_ref=shape)
    elif run.href:
        paragraph.add_hyperlink(run.href, run.text)
    else:
        paragraph.add_run(run.text, char_pr_id_ref=shape)


def _flowing_table(document, section, rows: int, columns: int):
    """An empty table that flows with the text as a block of its own, not as one character of its
    paragraph (python-hwpx's default): readers that do not split a character across pages, such as
    rhwp, then run a table over the page's end onto the next page instead of over the footer."""
    grid = document.add_table(rows, columns, section=section)
    next(grid.element.iter(f'{{{HP}}}pos')).set('treatAsChar', '0')
    return grid


def _add_grid(document, section, table: Grid, font):
    """A table of plain text as a real table (hp:tbl), its cells merged as they span, its header cells bold
    and shaded."""
    grid = _flowing_table(document, section, len(table.rows), table.width)
    placed = _placed(table)
    for (row, column), cell in placed.items():  # merged first: merging moves the covered cells' text
        if cell.rows > 1 or cell.columns > 1:
            grid.merge_cells(row, column, row + cell.rows - 1, column + cell.columns - 1)
    for (row, column), cell in placed.items():
        size, bold = ROLES['header cell' if cell.header else 'cell']
        shape = document.styles.ensure_run(font=font, size=size, bold=bold)
        first, *more = cell.lines or (Run(''),)
        paragraph = grid.cell(row, column).paragraphs[0]
        paragraph.text, paragraph.char_pr_id_ref = '' if first.href else first.text, shape
        lines = [(paragraph, first)]
        for line in more:  # a paragraph each, as Hancom Office writes the lines of a cell
            lines.append((grid.cell(row, column).add_paragraph('' if line.href else line.text,
                                                               char_pr_id_ref=shape), line))
        for paragraph, line in lines:
            if line.href:
                _add_run(paragraph, line, shape)
        if cell.header:
            grid.set_cell_shading(row, column, HEADER_SHADING)


def _placed(table: Grid) -> dict[tuple[int, int], GridCell]:
    """Each cell of ``table`` by the row and column of its top left corner in the grid."""
    taken, placed = set(), {}
    for row, cells in enumerate(table.rows):
        column = 0
        for cell in cells:
            while (row, column) in taken:
                column += 1
            placed[row, column] = cell
            taken |= {(row + r, column + c) for r in range(cell.rows) for c in range(cell.columns)}
            column += cell.columns
    return placed


def preview_text(texts: list[str]) -> bytes:
    """What a file manager or Hancom Office's file dialog shows of the document before opening
    it (``Preview/PrvText.txt``): its paragraphs, a line each, in UTF-8."""
    return '\r\n'.join(texts).encode()


def _headers_once(section):
    """Keep the running header and footer where Hancom Office writes them, in a control of the
    section's first paragraph.  python-hwpx also copies them into the section's properties
    (``hp:secPr``), where readers find them a second time and show them twice."""
    for properties in section.iter(f'{{{HP}}}secPr'):
        for element in list(properties):
            if element.tag in {f'{{{HP}}}{name}' for name in ('header', 'footer', 'headerApply', 'footerApply')}:
                properties.remove(element)


def _number_pages(section):
    """Number the section's pages at the foot, right, as the PDF does: a page-number control
    (``hp:pageNum``) in the section's first paragraph, where Hancom Office writes it (Page Numbering).

    A page-number field inside the footer (``hp:autoNum``, which python-hwpx writes) is shown
    by Hancom Office but not by other readers: rhwp draws none.
    """
    from lxml import etree

    properties = next(section.iter(f'{{{HP}}}secPr'))
    run = next(element for element in section.iter(f'{{{HP}}}run') if properties in list(element))
    control = etree.SubElement(run, f'{{{HP}}}ctrl')
    etree.SubElement(control, f'{{{HP}}}pageNum', pos='BOTTOM_RIGHT', formatType='DIGIT', sideChar='-')


#: HWPUNIT (1/7200 inch) per pixel of an image, at the 96 pixels per inch Hancom Office reads images at.
HWPUNIT_PER_PIXEL = 7200 // 96


def _add_photo(document, section, path: Path, tallest_mm: float):
    """A photo as wide as the text, or ``tallest_mm`` high, in its proportions: as large as the PDF prints it."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
        kind = image.format.lower()
    scale = min(PHOTO_MAX_MM[0] / width, tallest_mm / height)
    picture = document.add_picture(path.read_bytes(), 'jpg' if kind == 'jpeg' else kind, section=section,
                                   width_mm=round(width * scale, 1), height_mm=round(height * scale, 1),
                                   align='CENTER')
    _whole_image(picture.element, width, height)


def _whole_image(picture, width: int, height: int):
    """Say the image's own size (``hp:imgDim``) and that all of it is shown (``hp:imgClip``).

    Readers take the picture's part to draw from these, in the image's own
    units; python-hwpx writes the displayed size there, which a reader takes
    for a crop of the image's top-left corner (rhwp draws some 45 % of it).
    """
    whole = {'dimwidth': width * HWPUNIT_PER_PIXEL, 'dimheight': height * HWPUNIT_PER_PIXEL}
    clip = {'left': 0, 'top': 0, 'right': whole['dimwidth'], 'bottom': whole['dimheight']}
    for name, values in (('imgDim', whole), ('imgClip', clip)):
        element = picture.find(f'{{{HP}}}{name}')
        for attribute, value in values.items():
            element.set(attribute, str(value))

