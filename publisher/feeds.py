"""The site's files around the releases: an Atom feed per language and the sitemap.

They are made from what the output folder holds, the way the gallery is,
so that a folder rendered into over several runs gets feeds and a sitemap of
everything in it.  Each published page says what a feed needs in its head
(title, description, author, keywords, the moments it was published and
last corrected, its entry id); drafts and fragments are left out, and so is
a release its embargo still holds back (its pages say until when), unless
an internal preview asks for it: then the files say they are one.

- ``feed.<lang>.atom`` (RFC 4287): the releases with a page in that language,
  newest first, each linking its page and its PDF.  An entry's id is a
  ``tag:`` URI (RFC 4151) the release got when first published, never an
  address, because an Atom id must not change when a site moves; a
  correction gives its entry a new ``updated`` and says what changed in its
  summary.  Without a base URL, links are relative to the feed, which sits
  at the top of the output folder.
- ``sitemap.xml`` (sitemaps.org 0.9): every published page, each with the
  ``xhtml:link`` hreflang alternates of its release, the bilingual page as
  ``x-default``.  The protocol takes full addresses only, so it is written
  only when the base URL is known.

Neither replaces a file of the same name that publisher did not write.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote
from lxml import etree as ET

from .characters import refused_character

ATOM = 'http://www.w3.org/2005/Atom'
SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9'
XHTML = 'http://www.w3.org/1999/xhtml'

#: What marks a feed or sitemap as publisher's own, so that a site's own is never replaced.
GENERATOR = 'publisher'
SITEMAP_MARK = '<!-- written by publisher -->'

#: What the files of an internal preview say (render --include-embargoed): never to be published.
PREVIEW = 'internal preview, with releases under embargo: not for publication'

@dataclass
class Page:
    """One published HTML page of a release, as its head describes it."""

    release: str
    languages: tuple[str, ...]
    path: str                      # relative to the output folder, as a URL path
    title: str = ''
    description: str = ''
    author: str = ''
    created: str = ''
    modified: str = ''
    keywords: list[str] = field(default_factory=list)
    noindex: bool = False
    identifier: str = ''       # the feed entry's id
    available: str = ''        # while an embargo holds it back: when it lifts
    correction: str = ''       # what its latest correction changed, in its language

    def held(self, now: str) -> bool:
        """Whether an embargo holds the page back at ``now`` (UTC, RFC 3339)."""
        return bool(self.available) and now < self.available


def feed_name(language: str) -> str:
    return f'feed.{language}.atom'


def published_pages(out: Path, now: str = '', include_embargoed: bool = False) -> list[Page]:
    """Every page of every release in ``out`` but drafts, fragments and, unless ``include_embargoed``, the
    releases an embargo holds back at ``now`` (UTC, RFC 3339; the clock's moment by default), in folder order."""
    from .publishing import history, moments

    now = now or moments.utc(moments.now())
    pages = []
    for folder in sorted(path for path in Path(out).iterdir() if path.is_dir()):
        pattern = re.compile(rf'{re.escape(folder.name)}\.([a-z]{{2,3}}(?:-[a-z]{{2,3}})*)\.html')
        for path in sorted(folder.iterdir()):
            match = pattern.fullmatch(path.name)
            if match:
                page = _read_head(path, Page(folder.name, tuple(match[1].split('-')),
                                             f'{quote(folder.name)}/{quote(path.name)}'))
                if page and page.title and 'T' in page.created and page.identifier and _listed(page, now,
                                                                                               include_embargoed):
                    page.correction = _latest_correction(history.read(folder, folder.name), page.languages)
                    pages.append(page)
    return pages


def _listed(page: Page, now: str, include_embargoed: bool) -> bool:
    """A page is listed unless it is a draft (not indexed, with no embargo) or held back by its embargo."""
    if page.available:
        return include_embargoed or not (page.noindex or page.held(now))
    return not page.noindex


def _latest_correction(history, languages) -> str:
    """What the latest correction published of a release changed, as its page in one language says it."""
    lines = history.text.get(languages[0], []) if len(languages) == 1 else []
    corrections = [text for label, text in lines if label.startswith('corrections[')]
    return corrections[-1].partition(': ')[2] if corrections else ''


class _Head(HTMLParser):
    """Reads a page's <title> and <meta> elements, and stops at <body>."""

    def __init__(self, page: Page):
        super().__init__()
        self.page, self.in_title, self.done = page, False, False

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == 'title':
            self.in_title = True
        elif tag == 'body':
            self.done = True
        elif tag == 'meta' and attributes.get('name'):
            content = attributes.get('content') or ''
            name = attributes['name']
            if name == 'robots' and 'noindex' in content:
                self.page.noindex = True
            elif name == 'keywords':
                self.page.keywords = [word.strip() for word in content.split(',') if word.strip()]
            elif name in ('description', 'author'):
                setattr(self.page, name, content)
            elif name in ('dcterms.created', 'dcterms.modified', 'dcterms.identifier', 'dcterms.available'):
                setattr(self.page, name.split('.')[1], content)

    def handle_endtag(self, tag):
        if tag == 'title':
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.page.title += data


def _read_head(path: Path, page: Page) -> Page | None:
    """``page`` as the head of ``path`` describes it; None if it cannot be read, or says what no feed can
    hold (a page written by hand, or by a version that let such characters through): left out, it
    cannot stop the feeds of every later run."""
    try:
        text = path.read_text(encoding='utf-8')
    except (OSError, UnicodeDecodeError):
        return None
    head = _Head(page)
    head.feed(text[:text.find('<body')] if '<body' in text else text)
    page.title = ' '.join(page.title.split())
    said = [page.title, page.description, page.author, page.created, page.modified, *page.keywords]
    if any(refused_character(text) for text in said):
        return None
    return page


def _ours(path: Path, mark: str) -> bool:
    """Whether ``path`` is missing or was written by publisher (it holds ``mark``)."""
    try:
        return mark in path.read_text(encoding='utf-8', errors='replace')
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _address(page_path: str, base_url: str | None) -> str:
    return (base_url or '') + page_path


def atom_feed(pages: list[Page], language: str, out: Path, base_url: str | None = None,
              preview: bool = False) -> bytes:
    """The Atom feed of the releases with a page in ``language``, newest first."""
    entries = sorted((page for page in pages if page.languages == (language,)),
                     key=lambda page: (page.created, page.release), reverse=True)
    feed = ET.Element(f'{{{ATOM}}}feed', {'{http://www.w3.org/XML/1998/namespace}lang': language}, nsmap={None: ATOM})
    authors = Counter(page.author for page in entries if page.author)
    _text(feed, 'id', _feed_id(language, entries))
    title = ' · '.join(author for author, _ in authors.most_common()) or 'Press releases'
    _text(feed, 'title', f'{title} ({PREVIEW})' if preview else title)
    _text(feed, 'updated', max((page.modified or page.created for page in entries), default='1970-01-01T00:00:00Z'))
    _text(feed, 'generator', GENERATOR)
    if base_url:
        ET.SubElement(feed, f'{{{ATOM}}}link', rel='self', type='application/atom+xml',
                      href=base_url + feed_name(language))
    ET.SubElement(feed, f'{{{ATOM}}}link', rel='alternate', type='text/html', href=_address('index.html', base_url))
    for page in entries:
        feed.append(_entry(page, out, base_url))
    return ET.tostring(feed, encoding='utf-8', xml_declaration=True, pretty_print=True)


def _feed_id(language: str, entries: list[Page]) -> str:
    """The feed's own id, a ``tag:`` URI as its entries', from its first release's authority and day: it does
    not change when the site moves, nor when releases are added."""
    first = min(entries, key=lambda page: (page.created, page.release), default=None)
    tagged = re.match(r'tag:[^:]+:', first.identifier) if first else None
    return f'{tagged[0] if tagged else "tag:publisher.invalid,1970-01-01:"}feed.{language}'


def _entry(page: Page, out: Path, base_url: str | None) -> ET.Element:
    entry = ET.Element(f'{{{ATOM}}}entry')
    _text(entry, 'id', page.identifier)
    _text(entry, 'title', page.title)
    _text(entry, 'updated', page.modified or page.created)
    _text(entry, 'published', page.created)
    if page.author:
        _text(ET.SubElement(entry, f'{{{ATOM}}}author'), 'name', page.author)
    ET.SubElement(entry, f'{{{ATOM}}}link', rel='alternate', type='text/html', hreflang=page.languages[0],
                  href=_address(page.path, base_url))
    pdf = out / page.release / f'{page.release}.{page.languages[0]}.pdf'
    if pdf.is_file():
        ET.SubElement(entry, f'{{{ATOM}}}link', rel='enclosure', type='application/pdf',
                      hreflang=page.languages[0], length=str(pdf.stat().st_size),
                      href=_address(f'{quote(page.release)}/{quote(pdf.name)}', base_url))
    for keyword in page.keywords:
        ET.SubElement(entry, f'{{{ATOM}}}category', term=keyword)
    if page.correction or page.description:
        _text(entry, 'summary', page.correction or page.description)
    return entry


def _text(parent, name, text):
    element = ET.SubElement(parent, f'{{{ATOM}}}{name}')
    element.text = text
    return element


def sitemap(pages: list[Page], base_url: str, preview: bool = False) -> bytes:
    """sitemap.xml: every page, with its release's other editions as hreflang alternates."""
    urlset = ET.Element(f'{{{SITEMAP}}}urlset', nsmap={None: SITEMAP, 'xhtml': XHTML})
    by_release = {}
    for page in pages:
        by_release.setdefault(page.release, []).append(page)
    for release_pages in by_release.values():
        alternates = [(page.languages[0], page) for page in release_pages if len(page.languages) == 1]
        together = [page for page in release_pages if len(page.languages) > 1]
        if together:
            alternates.append(('x-default', max(together, key=lambda page: len(page.languages))))
        for page in release_pages:
            url = ET.SubElement(urlset, f'{{{SITEMAP}}}url')
            ET.SubElement(url, f'{{{SITEMAP}}}loc').text = base_url + page.path
            ET.SubElement(url, f'{{{SITEMAP}}}lastmod').text = page.modified or page.created
            if len(alternates) > 1:
                for hreflang, alternate in alternates:
                    ET.SubElement(url, f'{{{XHTML}}}link', rel='alternate', hreflang=hreflang,
                                  href=base_url + alternate.path)
    text = ET.tostring(urlset, encoding='unicode', pretty_print=True)
    mark = f'{SITEMAP_MARK}\n<!-- {PREVIEW} -->' if preview else SITEMAP_MARK
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{mark}\n{text}'.encode()


def site_files(out: Path, base_url: str | None = None, now: str = '',
               include_embargoed: bool = False) -> tuple[dict[Path, bytes | None], list[Path]]:
    """The feeds and sitemap of ``out`` as of ``now`` (see published_pages): (files to write, or to remove
    when None; files left alone as the site's own).  With ``include_embargoed``, an internal preview, and
    they say so."""
    out = Path(out)
    pages = published_pages(out, now, include_embargoed)
    files = {out / feed_name(language): atom_feed(pages, language, out, base_url, include_embargoed)
             for language in sorted({page.languages[0] for page in pages if len(page.languages) == 1})}
    # A feed of ours whose releases are all held back now (after a preview, say) is emptied, not left as it was.
    for path in out.glob(feed_name('*')):
        if path not in files and _ours(path, f'<generator>{GENERATOR}</generator>'):
            files[path] = atom_feed([], path.name.split('.')[1], out, base_url, include_embargoed)
    if base_url and pages:
        files[out / 'sitemap.xml'] = sitemap(pages, base_url, include_embargoed)
    elif base_url and (out / 'sitemap.xml').is_file():
        files[out / 'sitemap.xml'] = None  # a sitemap lists one page at least: ours goes, with nothing to list
    kept = [path for path in files
            if not _ours(path, SITEMAP_MARK if path.name == 'sitemap.xml' else f'<generator>{GENERATOR}</generator>')]
    return {path: data for path, data in files.items() if path not in kept}, kept
