"""HTML pages of a release: one per language, and one with several languages.

Pages are built from Jinja2 templates with autoescaping on.  Release text
arrives already escaped (see localise.py); the templates' own strings are
translated through the template catalog and escaped here, because Jinja2's
i18n extension would otherwise trust a translation as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import formats, languages, links, markers
from ..catalogs import template_translations
from ..localise import LocalisedRelease, Text
from ..cache import warn_once
from ..workspace import FONTS, TEMPLATES, Workspace, user_cache
from . import korean, names, syllables, words
from .css import absolute_lengths, css_string, font_list
from .fonts import line_spacing
from .watermark import watermark
from .pdf import PRESS_BLEED_MM, PRESS_SLUG_MM

#: Where print lines may break, beyond what WeasyPrint finds: never inside a name, Korean between
#: words, Burmese between syllables, Thai between the words of a dictionary.
PRINT_LINE_BREAKING = (names.keep_names_whole, korean.keep_words, syllables.break_between_syllables,
                       words.break_between_words)

#: The Latin typeface's italic, for print (languages.FONTS has the rest).
PRINT_ITALIC = 'NotoSans-Italic.ttf'


@dataclass(frozen=True)
class Link:
    """A link to one edition of the release: a language page or the bilingual one."""

    languages: tuple[str, ...]
    href: str
    current: bool = False

    @property
    def language(self):
        """The ``hreflang`` of a single-language page; None for a bilingual one."""
        return self.languages[0] if len(self.languages) == 1 else None

    @property
    def names(self):
        """Each language named in itself: (ko, 한국어), (en, English)."""
        return [(language, formats.locale(language).display_name) for language in self.languages]


def structured_data(release: LocalisedRelease, image_urls: list[str]) -> Markup:
    """schema.org NewsArticle JSON-LD for search engines, safe inside a <script> element."""
    import json

    data = {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        'headline': str(release.title),
        'description': str(release.lead),
        'datePublished': release.published_iso,
        'inLanguage': release.language,
        'author': _organisations(release.issuers),
        'publisher': _organisations(release.issuers),
    }
    if image_urls:
        data['image'] = image_urls
    if release.keywords:
        data['keywords'] = [str(keyword) for keyword in release.keywords]
    if release.event:
        data['about'] = {
            '@type': 'Event', 'name': str(release.title),
            'startDate': release.event.start, 'endDate': release.event.end,
            'location': [{'@type': 'Place', 'name': name,
                          **({'address': {'@type': 'PostalAddress', 'addressCountry': country}} if country else {})}
                         for name, country in release.event.places],
        }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return Markup(text.replace('<', '\\u003c').replace('>', '\\u003e').replace('&', '\\u0026'))


def _organisations(names: list[str]):
    """The issuer, or a joint release's issuer and co-issuers, as schema.org organisations."""
    organisations = [{'@type': 'GovernmentOrganization', 'name': name} for name in names]
    return organisations[0] if len(organisations) == 1 else organisations


def open_graph_locale(language: str) -> str:
    """Open Graph wants a territory: ko_KR, en_US."""
    from babel.core import get_global
    likely = get_global('likely_subtags').get(language, language)
    parts = likely.split('_')
    return f'{parts[0]}_{parts[-1]}' if len(parts) > 1 else language


@dataclass(frozen=True)
class PrintProfile:
    """How the PDF is printed: the paper, and whether it goes to a press (3 mm bleed, crop marks)."""

    paper: str = 'A4'
    press: bool = False

    @property
    def sheet_margin(self) -> str:
        """CSS ``bleed``: the sheet around the trimmed page, holding the bleed and the crop marks beyond it."""
        return f'{PRESS_BLEED_MM + PRESS_SLUG_MM}mm' if self.press else '0'


@dataclass(frozen=True)
class WebProfile:
    """How the HTML is published.

    ``base_url`` is where the output folder is served (ending in ``/``).
    Without it, pages link their photos, attachments and each other
    relatively, which serves the pages where they are written.  With it,
    every link is absolute, so a fragment works embedded in any page, and
    search engines and social sites get the full addresses they require
    (hreflang, canonical, og:url, og:image).  ``inline_images`` puts the
    photos in the HTML itself, as data: URLs, so a fragment needs no image
    beside it (attachments stay links).  Pages carry the package's fonts
    (see webfonts.py); fragments only with ``fonts``.
    """

    base_url: str | None = None
    inline_images: bool = False
    fonts: bool = False

    def folder(self, release_id: str) -> str:
        """The URL prefix of a release's outputs: absolute with a base URL, else relative."""
        return f'{self.base_url}{quote(release_id)}/' if self.base_url else ''


class Media:
    """How one page refers to the photos and attachments of its release.

    Each file is linked under ``url``, where the web has it (normally the
    ``media/`` folder beside the page), and remembered in ``files``, to be
    written there.  Print reads photos from the workspace itself; it links
    an attachment only when the web has it at a full address, since the PDF
    carries the attachment anyway (see build.py).

    ``read`` holds every file a print page links for WeasyPrint to read (its
    photos and fonts), noted as each link is made: they are a PDF's inputs,
    and the only files its renderer may fetch (see render/pdf.py).
    """

    def __init__(self, url: str | None, *, inline_images: bool = False, print: bool = False):
        self.url = url
        self.inline_images = inline_images
        self.print = print
        self.files: dict[str, Path] = {}
        self.read: set[Path] = set()

    @classmethod
    def for_print(cls, web_url: str | None = None) -> Media:
        return cls(web_url, print=True)

    def link(self, path: Path) -> str | None:
        if self.url is None:
            return None
        self.files[path.name] = path
        return self.url + quote(path.name)

    def image(self, path: Path) -> str:
        """The ``src`` of a photo: the workspace's file for print, its link, or the image itself when inlined."""
        if self.print:
            self.read.add(path)
            return path.as_uri()
        if self.inline_images:
            return data_url(path)
        return self.link(path)

    def font(self, name: str) -> str:
        """The URL of the package's font file ``name``, for a print stylesheet."""
        self.read.add(FONTS / name)
        return (FONTS / name).as_uri()


def data_url(path: Path) -> str:
    import base64

    from PIL import Image
    with Image.open(path) as image:
        kind = Image.MIME[image.format]
    return f'data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}'


@dataclass
class Page:
    language: str
    title: str
    issuer: str
    description: str
    created: str
    articles: list[Markup]
    print: bool
    draft: bool = False
    modified: str = ''
    identifier: str | None = None  # the feed entry's id (see publishing/publication.py)
    available: str | None = None   # while an embargo holds the release back: when it lifts, in UTC
    #: For a draft's banner: (language name, drafts shown, strings shown untranslated) per language.
    draft_counts: list[tuple[str, int, int]] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    alternates: list[Link] = field(default_factory=list)
    switch: list[Link] = field(default_factory=list)
    default: Link | None = None
    canonical: str | None = None
    profile: PrintProfile = PrintProfile()
    in_page: list[tuple[str, str]] = field(default_factory=list)
    structured_data: Markup = Markup()
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    fonts: dict = field(default_factory=dict)
    #: What every id of the page starts with (see render_page).
    ids: str = ''
    font_url: object = None  # a print stylesheet's link to a font file (Media.font)


def render_page(releases: list[LocalisedRelease], workspace: Workspace, *,
                print: bool, media: Media, links: list[Link] = (), draft: bool = False,
                fragment: bool = False, profile: PrintProfile = PrintProfile(), publication=None,
                ids: str = '') -> str:
    """One HTML document holding ``releases`` (one per language), first language first.

    ``media`` links the photos and attachments; ``links`` are the editions
    of the release, this one included, for the language switch.  A ``draft``
    says so: a banner, a watermark in print, and no indexing.  A
    ``fragment`` is the release alone, to embed in another page.  Every id
    starts with ``ids``: on the web, a name of the release and edition
    (web_ids), so that fragments of several releases and editions can share
    a host page.
    ``publication`` (see publishing/publication.py) gives the moments and
    the entry id a page carries; while an embargo holds the release back, a
    page is not indexed and says until when, in each language, as the PDF
    the press receives beforehand does.
    """
    first = releases[0]
    held = publication is not None and publication.held
    articles = [_article(release, workspace, print=print, media=media, ids=ids, embargo_notice=held,
                         versions=[] if print else _earlier_versions(release, releases, publication))
                for release in releases]
    created, modified = _dates(first, publication, print)
    current = next((link for link in links if link.current), None)
    page = Page(
        language=first.language,
        title=page_title(releases),
        issuer=first.issuer,
        description=str(first.lead),
        created=created,
        modified=modified,
        identifier=publication.entry_id('-'.join(release.language for release in releases))
        if publication and not print else None,
        available=publication.available if held and not print else None,
        articles=articles,
        print=print,
        draft=draft,
        draft_counts=[(formats.locale(release.language).display_name, len(release.fuzzy), len(release.untranslated))
                      for release in releases if draft and (release.fuzzy or release.untranslated)],
        keywords=page_keywords(releases, draft),
        profile=profile,
        in_page=[] if print or fragment or len(releases) < 2 else [
            (release.language, formats.locale(release.language).display_name) for release in releases],
        alternates=[] if print else [link for link in links if link.language],
        switch=[] if print else list(links),
        default=None if print else next((link for link in links if not link.language), None),
        canonical=current.href if current and _absolute(current.href) else None,
        structured_data=Markup() if print else structured_data(first, [media.link(f.file) for f in first.figures]),
        open_graph=[] if print else _open_graph(first, links, current, media),
        fonts={'italic': media.font(PRINT_ITALIC)} if print else {},
        font_url=media.font,
        ids=ids,
    )
    environment = _environment()
    environment.install_gettext_callables(**_callables(workspace, first.language), newstyle=True)
    html = environment.get_template('fragment.html' if fragment else 'page.html').render(page=page)
    if not print:
        return html
    for breaking in PRINT_LINE_BREAKING:
        html = breaking(html)
    return html


def _earlier_versions(release, releases, publication) -> list[dict]:
    """The earlier versions of this edition's PDF kept in its folder, each with when the correction after it
    was published, as the page lists them."""
    if publication is None:
        return []
    name = f'{publication.release_id}.v{{}}.{"-".join(text.language for text in releases)}.pdf'
    return [{'number': number, 'href': publication.folder_url + name.format(number),
             'superseded': release.corrections[number - 1].when if number <= len(release.corrections) else ''}
            for number, files in publication.earlier if name.format(number) in files]


def _dates(release, publication, print: bool) -> tuple[str, str]:
    """(created, modified) as a page's head gives them: for the web, the moments the release was published
    and last corrected; for print (the PDF's dates), its day of publication and its latest correction, so that
    the same record always gives the same PDF."""
    if publication is None:
        return release.published_iso, release.published_iso
    if print:
        return release.published_iso, publication.updated if publication.version > 1 else release.published_iso
    return publication.published, publication.updated


def page_title(releases) -> str:
    """The title of a page, and of its PDF: each language's."""
    return ' / '.join(str(release.title) for release in releases)


def page_keywords(releases, draft) -> list[str]:
    """Each language's keywords, once each; a draft says so among them (and in the PDF's properties)."""
    keywords = dict.fromkeys(str(keyword) for release in releases for keyword in release.keywords)
    return [*keywords, *(['draft'] if draft else [])]


def _open_graph(release, links, current, media):
    tags = [('og:type', 'article'), ('og:title', str(release.title)), ('og:description', str(release.lead)),
            ('og:locale', open_graph_locale(release.language))]
    tags += [('og:locale:alternate', open_graph_locale(link.language))
             for link in links if link.language and link.language != release.language]
    # Open Graph takes full addresses only: known when the site's base URL is.
    if current and _absolute(current.href):
        tags.append(('og:url', current.href))
    if release.figures and _absolute(image := media.link(release.figures[0].file)):
        tags.append(('og:image', image))
    return tags


def _absolute(url: str) -> bool:
    return urlsplit(url).scheme in ('http', 'https')


def web_ids(stem: str) -> str:
    """What the ids of an edition's page and fragment start with, from its file name's stem
    (``<id>.ko-en``): ``<id>-ko-en-``, unique per release and edition."""
    return re.sub(r'[^A-Za-z0-9_-]', '-', stem) + '-'


def _article(release, workspace, *, print, media, ids='', embargo_notice=False, versions=()):
    environment = _environment()
    environment.install_gettext_callables(**_callables(workspace, release.language), newstyle=True)
    article = Markup(environment.get_template('article.html').render(
        release=release, print=print, media=media, image_size=image_size, ids=ids, embargo_notice=embargo_notice,
        versions=versions,
        page_counter=Markup('<span class="page"></span>'),
        pages_counter=Markup('<span class="pages"></span>')))
    # On paper a link's label cannot be clicked: its address is printed too.
    return links.with_addresses(article, release.language) if print else article


@lru_cache(maxsize=None)
def _environment():
    """The templates' environment, shared by every page; render_page gives it the page's translations."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        extensions=['jinja2.ext.i18n'], trim_blocks=True, lstrip_blocks=True, bytecode_cache=_compiled_templates())
    environment.filters['lang'] = _lang_attribute
    environment.globals['watermark'] = watermark
    environment.filters['unbroken_end'] = unbroken_end
    environment.filters['names'] = formats.join_names
    environment.globals['latin_font'] = languages.LATIN
    environment.globals['script_fonts'] = languages.FONTS
    environment.globals['css_string'] = css_string
    environment.globals['font_list'] = font_list
    environment.filters['absolute_lengths'] = absolute_lengths
    environment.globals['digits'] = languages.digits
    environment.globals['line_spacing'] = line_spacing
    environment.globals['list_marks'] = markers.MARKS
    environment.globals['default_marks'] = markers.DEFAULT
    environment.globals['counter_styles'] = markers.counter_styles()
    return environment


@lru_cache(maxsize=None)
def _compiled_templates():
    """The templates compiled once, for every page of a run and every run after it: compiling them
    took a tenth of a second per page.  Kept in the user's cache folder, by each template's source."""
    from jinja2 import FileSystemBytecodeCache

    class Cache(FileSystemBytecodeCache):
        """Jinja2's cache of compiled templates, which never fails a render: a compiled template that
        cannot be read or does not load (damaged, truncated, not a file) is compiled again."""

        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001  (marshal's errors on garbage are many: ValueError, EOFError, …)
                bucket.reset()
                warn_once('template', f'the template cache {folder} could not be read; templates compiled again')

        def dump_bytecode(self, bucket):
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass  # no cache folder: compile again next time

    folder = user_cache() / 'templates'
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return Cache(str(folder))


def unbroken_end(html: Markup) -> Markup:
    """``html`` with its last two words kept on one line (print.css), so that a heading's
    last word never stands alone on its line.  Not a no-break space: the PDF's
    bookmarks and text keep the space the heading was written with."""
    parts = re.split(r'(<[^>]*>)', str(html))  # text at even indexes: the last part is text
    words = re.search(r'(\S+\s+\S+)(\s*)$', parts[-1])
    if words:
        parts[-1] = f'{parts[-1][:words.start()]}<span class="unbroken">{words[1]}</span>{words[2]}'
    return Markup(''.join(parts))


def _lang_attribute(text: Text, release: LocalisedRelease):
    """What an element says of the language of ``text``: ` lang="en"` when it is not the article's, and
    ` data-draft="fuzzy"` (a draft, shown) or ` data-draft="untranslated"` (the source, shown) when it is
    not yet a reviewed translation, which a draft's styles highlight for the reviewer."""
    attributes = Markup(' lang="{}"').format(text.lang) if text.lang != release.language else Markup()
    if text.draft:
        attributes += Markup(' data-draft="{}"').format(text.draft)
    return attributes


def _callables(workspace, language):
    """gettext, ngettext, pgettext and npgettext that escape what the translator wrote."""
    translations = template_translations(workspace.template_catalog(language))
    return dict(
        gettext=lambda message: escape(translations.gettext(message)),
        ngettext=lambda singular, plural, n: escape(translations.ngettext(singular, plural, n)),
        pgettext=lambda context, message: escape(translations.pgettext(context, message)),
        npgettext=lambda context, singular, plural, n: escape(translations.npgettext(context, singular, plural, n)),
    )


@lru_cache(maxsize=None)
def image_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, so browsers reserve the space before the image loads."""
    from PIL import Image
    with Image.open(path) as image:
        return image.size


def edition_links(release_id: str, editions, current, web: WebProfile = WebProfile(), *,
                  draft=False) -> list[Link]:
    """Links to the HTML page of each edition (a tuple of languages) of a release, or of its draft."""
    qualifier = '.draft' if draft else ''
    return [Link(tuple(edition), f'{web.folder(release_id)}{release_id}.{"-".join(edition)}{qualifier}.html',
                 tuple(edition) == tuple(current))
            for edition in editions]


#: What the gallery calls each kind of output, in the order it lists them.
GALLERY_KINDS = {'html': 'HTML', 'fragment.html': 'fragment', 'pdf': 'PDF', 'print.pdf': 'PDF for print',
                 'archive.pdf': 'PDF/A', 'print.archive.pdf': 'PDF/A for print', 'hwpx': 'HWPX'}

#: The gallery says it is one, so that rendering never replaces a site's own index.html.
GALLERY_MARK = '<meta name="generator" content="publisher gallery">'


def is_gallery(path: Path) -> bool:
    try:
        return GALLERY_MARK in path.read_text(encoding='utf-8', errors='replace')
    except OSError:
        return False


def render_gallery(out: Path, now: str = '', include_embargoed: bool = False) -> str:
    """An index of every release rendered into ``out``: each edition, each format.

    Whatever else is in ``out`` is passed over: files that are no release's
    output, pages without a readable title (the folder names them), and
    releases an embargo holds back at ``now`` (UTC, RFC 3339), unless
    ``include_embargoed``: an internal preview, which says so.
    """
    import re

    from babel import localedata

    from .. import manifest
    from ..publishing import moments
    from ..publishing.publication import PREVIEW_MARK

    now = now or moments.utc(moments.now())
    kinds = '|'.join(re.escape(kind) for kind in GALLERY_KINDS)
    releases = []
    for folder in sorted(path for path in Path(out).iterdir() if path.is_dir()):
        held_until = (manifest.read(folder) or {}).get('stale_after')
        if held_until and now < held_until and not include_embargoed:
            continue
        editions = {}
        for path in sorted(folder.glob(f'{folder.name}.*')):
            match = re.fullmatch(rf'{re.escape(folder.name)}\.([a-z]{{2,3}}(?:-[a-z]{{2,3}})*)\.(draft\.)?({kinds})',
                                 path.name)
            if match and all(localedata.exists(language) for language in match[1].split('-')):
                editions.setdefault(match[1], []).append((match[2] or '') + match[3])
        if not editions:
            continue
        order = _edition_order(editions)
        releases.append({
            'title': _title(folder / f'{folder.name}.{order[0]}.html') or folder.name,
            'language': order[0].split('-')[0],
            'editions': [{'names': Link(tuple(name.split('-')), '').names,
                          'files': [(f'{draft}{label}', f'{folder.name}/{folder.name}.{name}.{prefix}{kind}')
                                    for prefix, draft in (('', ''), ('draft.', 'draft ')) for kind, label in GALLERY_KINDS.items()
                                    if prefix + kind in editions[name]]}
                         for name in order],
        })
    feeds = [(path.name, path.name.split('.')[1]) for path in sorted(Path(out).glob('feed.*.atom'))]
    return _environment().get_template('gallery.html').render(
        releases=releases, mark=Markup(GALLERY_MARK), sitemap=(Path(out) / 'sitemap.xml').is_file(),
        preview=Markup(PREVIEW_MARK) if include_embargoed else None,
        feeds=[(href, Link((language,), href).names[0][1], language) for href, language in feeds])


def _edition_order(editions) -> list[str]:
    """Single languages first, in the order the bilingual edition puts them; then the bilingual ones."""
    together = max(editions, key=lambda name: name.count('-')).split('-')

    def position(language):
        return together.index(language) if language in together else len(together)

    return sorted(editions, key=lambda name: (name.count('-'), [position(part) for part in name.split('-')], name))


def _title(page: Path) -> str | None:
    import re
    from html import unescape

    try:
        found = re.search(r'<title>(.*?)</title>', page.read_text(encoding='utf-8'), re.S)
    except (OSError, UnicodeDecodeError):
        return None
    return unescape(found[1]).strip() if found else None
