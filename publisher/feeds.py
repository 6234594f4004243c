"""The site's files around the releases: an Atom feed per language and the sitemap.

They are made from what the output folder holds, the way the gallery is,
so that a folder rendered into over several runs gets feeds and a sitemap of
everything in it.  Each published page says what a feed needs in its head
(title, description, author, dates, keywords); drafts and fragments are left
out.

- ``feed.<lang>.atom`` (RFC 4287): the releases with a page in that language,
  newest first, each linking its page and its PDF.  An entry's id is made from
  the release id and the language, not from an address, because an Atom id
  must not change when a site moves.  Without a base URL, links are relative
  to the feed, which sits at the top of the output folder.
- ``sitemap.xml`` (sitemaps.org 0.9): every published page, each with the
  ``xhtml:link`` hreflang alternates of its release, the bilingual page as
  ``x-default``.  The protocol takes full addresses only, so it is written
  only when the base URL is known.

Neither replaces a file of the same name that publisher did not write.
"""

from __future__ import annotations

import re
import uuid
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

#: Entry ids are name-based UUIDs (RFC 4122 version 5) in this namespace.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, 'urn:publisher:release')

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
    draft: bool = False


def feed_name(language: str) -> str:
    return f'feed.{language}.atom'


def published_pages(out: Path) -> list[Page]:
    """Every page of every release in ``out`` but drafts and fragments, in folder order."""
    pages = []
    for folder in sorted(path for path in Path(out).iterdir() if path.is_dir()):
        pattern = re.compile(rf'{re.escape(folder.name)}\.([a-z]{{2,3}}(?:-[a-z]{{2,3}})*)\.html')
        for path in sorted(folder.iterdir()):
            match = pattern.fullmatch(path.name)
            if match:
                page = _read_head(path, Page(folder.name, tuple(match[1].split('-')),
                                             f'{quote(folder.name)}/{quote(path.name)}'))
                if page and not page.draft and page.title and page.created:
                    pages.append(page)
    return pages


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
                self.page.draft = True
            elif name == 'keywords':
                self.page.keywords = [word.strip() for word in content.split(',') if word.strip()]
            elif name in ('description', 'author'):
                setattr(self.page, name, content)
            elif name in ('dcterms.created', 'dcterms.modified'):
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


def _timestamp(day: str) -> str:
    """An RFC 3339 date-time, as Atom requires, from a page's date (``2019-09-27``)."""
    return day if 'T' in day else f'{day}T00:00:00Z'


def atom_feed(pages: list[Page], language: str, out: Path, base_url: str | None = None) -> bytes:
    """The Atom feed of the releases with a page in ``language``, newest first."""
    entries = sorted((page for page in pages if page.languages == (language,)),
                     key=lambda page: (page.created, page.release), reverse=True)
    feed = ET.Element(f'{{{ATOM}}}feed', {'{http://www.w3.org/XML/1998/namespace}lang': language}, nsmap={None: ATOM})
    authors = Counter(page.author for page in entries if page.author)
    _text(feed, 'id', _feed_id(language, base_url, authors))
    _text(feed, 'title', ' · '.join(author for author, _ in authors.most_common()) or 'Press releases')
    _text(feed, 'updated', max((_timestamp(page.modified or page.created) for page in entries),
                               default='1970-01-01T00:00:00Z'))
    _text(feed, 'generator', GENERATOR)
    if base_url:
        ET.SubElement(feed, f'{{{ATOM}}}link', rel='self', type='application/atom+xml',
                      href=base_url + feed_name(language))
    ET.SubElement(feed, f'{{{ATOM}}}link', rel='alternate', type='text/html', href=_address('index.html', base_url))
    for page in entries:
        feed.append(_entry(page, out, base_url))
    return ET.tostring(feed, encoding='utf-8', xml_declaration=True, pretty_print=True)


def _feed_id(language: str, base_url: str | None, authors: Counter) -> str:
    """The feed's own id: its address when known, else a name from its issuers and language."""
    if base_url:
        return base_url + feed_name(language)
    return uuid.uuid5(_NAMESPACE, f'feed:{language}:{"|".join(sorted(authors))}').urn


def _entry(page: Page, out: Path, base_url: str | None) -> ET.Element:
    entry = ET.Element(f'{{{ATOM}}}entry')
    _text(entry, 'id', uuid.uuid5(_NAMESPACE, f'{page.release}.{page.languages[0]}').urn)
    _text(entry, 'title', page.title)
    _text(entry, 'updated', _timestamp(page.modified or page.created))
    _text(entry, 'published', _timestamp(page.created))
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
    if page.description:
        _text(entry, 'summary', page.description)
    return entry


def _text(parent, name, text):
    element = ET.SubElement(parent, f'{{{ATOM}}}{name}')
    element.text = text
    return element


def sitemap(pages: list[Page], base_url: str) -> bytes:
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
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{SITEMAP_MARK}\n{text}'.encode()


def site_files(out: Path, base_url: str | None = None) -> tuple[dict[Path, bytes], list[Path]]:
    """The feeds and sitemap of ``out``: (files to write, files left alone as the site's own)."""
    out = Path(out)
    pages = published_pages(out)
    files = {out / feed_name(language): atom_feed(pages, language, out, base_url)
             for language in sorted({page.languages[0] for page in pages if len(page.languages) == 1})}
    if base_url and pages:
        files[out / 'sitemap.xml'] = sitemap(pages, base_url)
    kept = [path for path in files
            if not _ours(path, SITEMAP_MARK if path.name == 'sitemap.xml' else f'<generator>{GENERATOR}</generator>')]
    return {path: data for path, data in files.items() if path not in kept}, kept
