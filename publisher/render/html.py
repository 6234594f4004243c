"""HTML pages of a release: one per language, and one with several languages.

Pages are built from Jinja2 templates with autoescaping on.  Release text
arrives already escaped (see localise.py); the templates' own strings are
translated through the template catalog and escaped here, because Jinja2's
i18n extension would otherwise trust a translation as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import formats
from ..catalogs import template_translations
from ..localise import LocalisedRelease, Text
from ..workspace import FONTS, TEMPLATES, Workspace
from . import korean

#: The fonts that ship with the package, used for print.
PRINT_FONTS = {
    'sans': 'NotoSans-Regular.ttf',
    'sans_bold': 'NotoSans-Bold.ttf',
    'sans_italic': 'NotoSans-Italic.ttf',
    'korean': 'NanumGothic.ttf',
    'korean_bold': 'NanumGothicBold.ttf',
}


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
        'author': {'@type': 'GovernmentOrganization', 'name': release.issuer},
        'publisher': {'@type': 'GovernmentOrganization', 'name': release.issuer},
    }
    if image_urls:
        data['image'] = image_urls
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
    alternates: list[Link] = field(default_factory=list)
    switch: list[Link] = field(default_factory=list)
    default: Link | None = None
    profile: PrintProfile = PrintProfile()
    in_page: list[tuple[str, str]] = field(default_factory=list)
    structured_data: Markup = Markup()
    open_graph: list[tuple[str, str]] = field(default_factory=list)
    fonts: dict = field(default_factory=dict)


def render_page(releases: list[LocalisedRelease], workspace: Workspace, *,
                print: bool, asset: Callable[[Path], str], links: list[Link] = (), draft: bool = False,
                fragment: bool = False, profile: PrintProfile = PrintProfile()) -> str:
    """One HTML document holding ``releases`` (one per language), first language first.

    ``asset`` gives the URL of a photo or attachment; ``links`` are the
    other editions of the release, for the language switch.  A ``draft``
    says so: a banner, a watermark in print, and no indexing.  A
    ``fragment`` is the release alone, to embed in another page.
    """
    first = releases[0]
    articles = [_article(release, workspace, print=print, asset=asset) for release in releases]
    title = ' / '.join(str(release.title) for release in releases)
    page = Page(
        language=first.language,
        title=title,
        issuer=first.issuer,
        description=str(first.lead),
        created=first.published_iso,
        articles=articles,
        print=print,
        draft=draft,
        profile=profile,
        in_page=[] if print or fragment or len(releases) < 2 else [
            (release.language, formats.locale(release.language).display_name) for release in releases],
        alternates=[] if print else [link for link in links if link.language],
        switch=[] if print else list(links),
        default=None if print else next((link for link in links if not link.language), None),
        structured_data=Markup() if print else structured_data(first, [asset(f.file) for f in first.figures]),
        open_graph=[] if print else _open_graph(first, links),
        fonts={key: (FONTS / name).as_uri() for key, name in PRINT_FONTS.items()},
    )
    environment = _environment()
    environment.install_gettext_callables(**_callables(workspace, first.language), newstyle=True)
    html = environment.get_template('fragment.html' if fragment else 'page.html').render(page=page)
    return korean.keep_words(html) if print else html


def _open_graph(release, links):
    tags = [('og:type', 'article'), ('og:title', str(release.title)), ('og:description', str(release.lead)),
            ('og:locale', open_graph_locale(release.language))]
    tags += [('og:locale:alternate', open_graph_locale(link.language))
             for link in links if link.language and link.language != release.language]
    return tags


def _article(release, workspace, *, print, asset):
    environment = _environment()
    environment.install_gettext_callables(**_callables(workspace, release.language), newstyle=True)
    return Markup(environment.get_template('article.html').render(
        release=release, print=print, asset=asset, image_size=image_size,
        page_counter=Markup('<span class="page"></span>'),
        pages_counter=Markup('<span class="pages"></span>')))


@lru_cache(maxsize=None)
def _environment():
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        extensions=['jinja2.ext.i18n'], trim_blocks=True, lstrip_blocks=True)
    environment.filters['lang'] = _lang_attribute
    return environment


def _lang_attribute(text: Text, release: LocalisedRelease):
    """` lang="en"` when ``text`` is not in the language of the article around it."""
    return Markup(' lang="{}"').format(text.lang) if text.lang != release.language else ''


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


def edition_links(release_id: str, editions, current) -> list[Link]:
    """Links to the HTML page of each edition (a tuple of languages) of a release."""
    return [Link(tuple(edition), f'{release_id}.{"-".join(edition)}.html', tuple(edition) == tuple(current))
            for edition in editions]


def render_gallery(out: Path) -> str:
    """An index of every release rendered into ``out``: each edition, each format."""
    import re
    from html import unescape

    releases = []
    for folder in sorted(path for path in Path(out).iterdir() if path.is_dir()):
        editions = {}
        for path in sorted(folder.glob(f'{folder.name}.*')):
            match = re.fullmatch(rf'{re.escape(folder.name)}\.([a-z]{{2,3}}(?:-[a-z]{{2,3}})*)\.(fragment\.html|html|pdf)',
                                 path.name)
            if match:
                editions.setdefault(match[1], []).append(
                    ({'html': 'HTML', 'pdf': 'PDF', 'fragment.html': 'fragment'}[match[2]], f'{folder.name}/{path.name}'))
        if not editions:
            continue
        first = next(iter(editions))
        page = (folder / f'{folder.name}.{first}.html')
        title = unescape(re.search(r'<title>(.*?)</title>', page.read_text(), re.S)[1]) if page.is_file() else folder.name
        releases.append({
            'title': title, 'language': first.split('-')[0],
            'editions': [{'names': Link(tuple(name.split('-')), '').names, 'files': editions[name]}
                         for name in sorted(editions, key=lambda name: (name.count('-'), name))],
        })
    return _environment().get_template('gallery.html').render(releases=releases)
