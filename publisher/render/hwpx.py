"""HWPX: the release as Hancom Office opens and edits it (OWPML, KS X 6101).

Korean ministries, local governments and newsrooms exchange releases as HWP
or HWPX files beside the PDF.  This writes the same paragraphs as the PDF, in
the same order (article.html is the reference), with python-hwpx: the
release's label, title and the lines under it, its facts (issuers, date, embargo and distribution), the
lead, the body's paragraphs, quotes and notes, the photos with their captions
and credits, the attachments, and the contacts as a table (hp:tbl) per department.  The text is set in the
families of the fonts that ship with the package, on the PDF's paper and
margins; each language is a section of its own, starting on a new page, with
the issuers, date and embargo in its running header and the page number in
its footer.  Hancom Office substitutes a font it lacks, as it does for any
document.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from .. import links
from ..catalogs import template_translations
from ..localise import Contact, LocalisedRelease, Text
from ..workspace import FONTS, Workspace

#: The PDF's page margins (templates/print.css), in millimetres.
MARGINS_MM = {'top': 20, 'right': 20, 'bottom': 25, 'left': 20}

#: The widest and tallest a photo is printed, as in print (print.css: 95 mm high at most).
PHOTO_MAX_MM = (170, 95)

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
    'item': (10.5, False),
    'cell': (9.5, False),
    'header cell': (9.5, True),
}

#: The shading of a table's header cells, as the page's (release.css).
HEADER_SHADING = '#F1F4F8'


@dataclass(frozen=True)
class Cell:
    """A cell of a table: its text (its lines apart), whether it heads its row, and the rows and columns it spans."""

    text: str
    header: bool = False
    rows: int = 1
    columns: int = 1


@dataclass(frozen=True)
class Table:
    """A table's rows of cells, each row without the cells that cells above or before it span."""

    rows: tuple[tuple[Cell, ...], ...]

    @property
    def width(self) -> int:
        return sum(cell.columns for cell in self.rows[0])


@dataclass(frozen=True)
class Run:
    """A stretch of a paragraph's text: plain, a link to ``href``, or a footnote's text at that point."""

    text: str
    href: str | None = None
    footnote: bool = False


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the document: its kind (see ROLES), its text (in runs where it holds links), or the
    photo or table it shows."""

    role: str
    text: str = ''
    photo: Path | None = None
    table: Table | None = None
    runs: tuple[Run, ...] = ()


def prose(role: str, text: Text, before: str = '', after: str = '') -> Paragraph:
    """A paragraph of prose, its links kept as links, a link's address printed as paper prints it in the
    text's language (links.LINK_ADDRESSES)."""
    runs = (Run(before), *_runs(text), Run(after))
    return Paragraph(role, ''.join(run.text for run in runs if not run.footnote),
                     runs=tuple(run for run in runs if run.text))


def _runs(text: Text) -> list[Run]:
    """The runs of a text's HTML: its text, and its links (localise.py writes no other tag)."""
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
                if labelled and style.place == 'footnote':
                    runs.extend((Run(label, href), Run(href, footnote=True)))
                else:
                    runs.append(Run(label + style.form.format(address=href) if labelled else label, href))

        def handle_data(self, data):
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
    paragraphs.append(Paragraph('fact', f'{_("Issued by")} {", ".join([release.issuer, *release.partners])}'))
    roles = {'co-host': _('Co-hosted by'), 'organiser': _('Organised by'), 'sponsor': _('Sponsored by'),
             'supporter': _('Supported by')}
    paragraphs += [Paragraph('fact', f'{roles[role]} {", ".join(names)}') for role, names in release.roles.items()]
    paragraphs.append(Paragraph('fact', f'{_("Date")} {release.published}'))
    moments = [f'{label} {moment}' for label, moment in ((_('Embargo'), release.embargo),
                                                         (_('Distributed'), release.distributed)) if moment]
    if moments:
        paragraphs.append(Paragraph('fact', ' / '.join(moments)))
    paragraphs.append(prose('lead', release.lead))
    for block in release.blocks:
        if block.kind == 'quote':
            paragraphs += [prose('quote', block.text, *release.quotes),
                           Paragraph('speaker', '— ' + plain(block.attribution))]
        elif block.kind == 'note':
            paragraphs.append(prose('note', block.text, '* '))
        else:
            paragraphs.append(prose('paragraph', block.text))
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


def contact_table(contact: Contact, gettext) -> Table:
    """A department's contact table, as the page sets it (contacts.html): the department's name beside
    its people, a row each, with their role, name and title, and their phone above their e-mail."""
    _ = gettext
    roles = {'director': _('Director'), 'officer': _('Officer')}
    rows = []
    for person in contact.people or [None]:
        row = [Cell(_('Department'), header=True), Cell(contact.department)] if not rows else []
        if person is not None:
            row += ([Cell(roles[person.role], header=True), Cell(person.person)] if person.role
                    else [Cell('', columns=2)])
            row.append(Cell('\n'.join(filter(None, (person.phone, person.email)))))
        rows.append(tuple(row))
    rows[0] = tuple(replace(cell, rows=len(rows)) if index < 2 else cell for index, cell in enumerate(rows[0]))
    return Table(tuple(rows))


def running_header(release: LocalisedRelease, gettext) -> str:
    """What the PDF's running header says: the issuers (by their short names) and date, and the embargo."""
    header = f'{" · ".join(release.short_issuers)} · {release.published}'
    return f'{header}    {gettext("Embargoed until")} {release.embargo}' if release.embargo else header


@lru_cache(maxsize=None)
def family(file: str) -> str:
    """A shipped font's family name, as Hancom Office and the system know it."""
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / file, lazy=True) as font:
        return font['name'].getBestFamilyName()


def render_hwpx(releases: list[LocalisedRelease], workspace: Workspace, *, paper: str = 'A4',
                draft: bool = False) -> bytes:
    """The HWPX document of ``releases`` (one per language), first language first."""
    from hwpx import HwpxDocument

    with _numbered_ids():
        document = HwpxDocument.new()
        for index, release in enumerate(releases):
            section = document.sections[0] if index == 0 else document.add_section()
            _write_section(document, section, release, workspace, paper, draft)
        # The template's own metadata (its author, its dates) is not the release's.
        document.parts.clear_document_metadata(keep=('title',), timestamp=f'{releases[0].published_iso}T00:00:00Z')
        document.parts.clear_preview()
        document.parts.set_document_metadata(title=' / '.join(plain(release.title) for release in releases),
                                             creator=releases[0].issuer,
                                             keyword=', '.join(dict.fromkeys(
                                                 plain(keyword) for release in releases for keyword in release.keywords)))
        return document.to_bytes()


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
    document.page.set_page_number(prefix=f'{release.issuer}  ', section=section)
    font = family(FONT_FILES.get(release.language, DEFAULT_FONT_FILE))
    document.styles.ensure_font(font)
    for paragraph in article(release, gettext, draft):
        if paragraph.photo:
            _add_photo(document, section, paragraph.photo)
            continue
        if paragraph.table:
            _add_table(document, section, paragraph.table, font)
            continue
        size, bold = ROLES[paragraph.role]
        shape = document.styles.ensure_run(font=font, size=size, bold=bold)
        added = document.add_paragraph('' if paragraph.runs else paragraph.text, section=section,
                                       char_pr_id_ref=shape, inherit_style=False)
        for run in paragraph.runs:
            _add_run(added, run, shape)
        if paragraph.role in ('quote', 'speaker', 'note'):
            document.styles.apply_paragraph_format(paragraphs=[added], indent_left_mm=6)


def _add_run(paragraph, run: Run, shape):
    if run.footnote:
        paragraph.add_footnote(run.text, char_pr_id_ref=shape)
    elif run.href:
        paragraph.add_hyperlink(run.href, run.text)  # blue and underlined, as Hancom Office writes links
    else:
        paragraph.add_run(run.text, char_pr_id_ref=shape)


def _add_table(document, section, table: Table, font):
    """A real table (hp:tbl), its cells merged as they span, its header cells bold and shaded."""
    grid = document.add_table(len(table.rows), table.width, section=section)
    placed = _placed(table)
    for (row, column), cell in placed.items():  # merged first: merging moves the covered cells' text
        if cell.rows > 1 or cell.columns > 1:
            grid.merge_cells(row, column, row + cell.rows - 1, column + cell.columns - 1)
    for (row, column), cell in placed.items():
        size, bold = ROLES['header cell' if cell.header else 'cell']
        shape = document.styles.ensure_run(font=font, size=size, bold=bold)
        first, *more = cell.text.split('\n')
        paragraph = grid.cell(row, column).paragraphs[0]
        paragraph.text, paragraph.char_pr_id_ref = first, shape
        for line in more:  # a paragraph each, as Hancom Office writes the lines of a cell
            grid.cell(row, column).add_paragraph(line, char_pr_id_ref=shape)
        if cell.header:
            grid.set_cell_shading(row, column, HEADER_SHADING)


def _placed(table: Table) -> dict[tuple[int, int], Cell]:
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


def _add_photo(document, section, path: Path):
    """A photo as wide as the text, or as tall as print allows, in its proportions."""
    from PIL import Image

    with Image.open(path) as image:
        width, height = image.size
        kind = image.format.lower()
    scale = min(PHOTO_MAX_MM[0] / width, PHOTO_MAX_MM[1] / height)
    document.add_picture(path.read_bytes(), 'jpg' if kind == 'jpeg' else kind, section=section,
                         width_mm=round(width * scale, 1), height_mm=round(height * scale, 1), align='CENTER')

