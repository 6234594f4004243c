"""Atom feeds and the sitemap of an output folder, checked against RFC 4287 and the sitemap schema."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import pytest
from click.testing import CliRunner
from lxml import etree

from publisher.cli import main
from publisher.feeds import ATOM, XHTML, site_files

from conftest import KOREAN_FIRST, ROOT, SEED, record_of

BASE = 'https://www.example.go.kr/press/'
A = f'{{{ATOM}}}'
SCHEMAS = ROOT / 'tests' / 'schemas'
RFC3339 = re.compile(r'\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})')


def atom_problems(feed) -> list[str]:
    """What RFC 4287 (sections 4.1 and 4.2) forbids in a feed document."""
    problems = []

    def once(element, name, where):
        count = len(element.findall(A + name))
        if count != 1:
            problems.append(f'{where}: {count} atom:{name}, not one')

    def iri(text, where):
        if not text or not urlsplit(text).scheme:
            problems.append(f'{where}: {text!r} is not an absolute IRI')

    def date(element, where):
        if element is not None and not (RFC3339.fullmatch(element.text or '') and datetime.fromisoformat(element.text)):
            problems.append(f'{where}: {element.text!r} is not an RFC 3339 date-time')

    if feed.tag != A + 'feed':
        return [f'the root is {feed.tag}, not atom:feed']
    for name in ('id', 'title', 'updated'):
        once(feed, name, 'feed')
    iri(feed.findtext(A + 'id'), 'feed id')
    date(feed.find(A + 'updated'), 'feed updated')
    if len(feed.findall(f'{A}link[@rel="self"]')) > 1:
        problems.append('feed: more than one self link')
    ids = []
    for index, entry in enumerate(feed.findall(A + 'entry')):
        where = f'entry {index}'
        for name in ('id', 'title', 'updated'):
            once(entry, name, where)
        if len(entry.findall(A + 'published')) > 1:
            problems.append(f'{where}: more than one atom:published')
        iri(entry.findtext(A + 'id'), f'{where} id')
        ids.append(entry.findtext(A + 'id'))
        date(entry.find(A + 'updated'), f'{where} updated')
        date(entry.find(A + 'published'), f'{where} published')
        if not feed.findall(A + 'author') and not entry.findall(f'{A}author/{A}name'):
            problems.append(f'{where}: no author, and the feed has none')
        alternates = [(link.get('type'), link.get('hreflang')) for link in entry.findall(f'{A}link[@rel="alternate"]')]
        if not alternates and entry.find(A + 'content') is None:
            problems.append(f'{where}: neither content nor an alternate link')
        if len(set(alternates)) != len(alternates):
            problems.append(f'{where}: two alternate links of one type and language')
        problems += [f'{where}: a link without href' for link in entry.iter(A + 'link') if not link.get('href')]
    if len(set(ids)) != len(ids):
        problems.append('two entries share an id')
    return problems


def parse(data: bytes):
    return etree.fromstring(data)


@pytest.fixture(scope='module')
def relative(dist):
    """The feeds `publisher render` wrote into the samples' output folder, without a base URL."""
    return {language: parse((dist / f'feed.{language}.atom').read_bytes()) for language in ('ko', 'en')}


@pytest.fixture(scope='module')
def absolute(dist):
    """The feeds and sitemap of the same folder, published at a base URL."""
    files, kept = site_files(dist, BASE)
    assert kept == []
    return {path.name: data for path, data in files.items()}


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_each_language_feed_is_a_valid_atom_document(relative, absolute, language):
    assert atom_problems(relative[language]) == []
    assert atom_problems(parse(absolute[f'feed.{language}.atom'])) == []


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_a_feed_lists_every_release_newest_first_with_its_page_and_pdf(dist, relative, language):
    feed = relative[language]
    assert feed.get('{http://www.w3.org/XML/1998/namespace}lang') == language
    entries = feed.findall(A + 'entry')
    pages = [entry.find(f'{A}link[@rel="alternate"]').get('href') for entry in entries]
    assert pages == [f'{SEED}/{SEED}.{language}.html', f'{KOREAN_FIRST}/{KOREAN_FIRST}.{language}.html']
    for entry, page in zip(entries, pages):
        assert entry.findtext(A + 'title') == re.search(r'<title>(.*?)</title>', (dist / page).read_text()).group(1)
        enclosure = entry.find(f'{A}link[@rel="enclosure"]')
        assert enclosure.get('type') == 'application/pdf'
        assert int(enclosure.get('length')) == (dist / enclosure.get('href')).stat().st_size
    published = [entry.findtext(A + 'published') for entry in entries]
    assert published == sorted(published, reverse=True)


def test_an_entry_is_published_at_the_real_moment_in_utc_never_a_made_up_midnight(dist, relative):
    """The embargoed sample went out when its embargo lifted (12:00 in Seoul); the other, with no embargo,
    when it was first rendered into the folder, as the folder's history remembers."""
    import json

    published = {entry.findtext(A + 'id').split(':')[-1]: entry.findtext(A + 'published')
                 for entry in relative['ko'].iter(A + 'entry')}
    first_render = json.loads((dist / SEED / '.publisher-published.json').read_text())['published']
    assert published == {f'{KOREAN_FIRST}.ko': '2019-11-26T03:00:00Z', f'{SEED}.ko': first_render}
    assert not first_render.endswith('T00:00:00Z')


def test_entry_ids_are_tag_uris(relative):
    """RFC 4151: tag:authority,date:specific, with the authority of the first contact's e-mail when the
    release was first rendered without a site's address."""
    ids = [entry.findtext(A + 'id') for entry in relative['en'].iter(A + 'entry')]
    assert all(re.fullmatch(r'tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:[a-z0-9-]+\.en', entry_id) for entry_id in ids), ids
    assert f'tag:example.go.kr,2019-11-26:{KOREAN_FIRST}.en' in ids


def test_an_entry_id_takes_the_authority_of_a_contact_person_s_e_mail(samples):
    """A contact written as a department with its director and officer has its e-mail addresses on them."""
    from conftest import KOREAN_SAMPLE

    ids = [entry.findtext(A + 'id') for entry in parse((samples / 'feed.ko.atom').read_bytes()).iter(A + 'entry')]
    assert any(entry_id.startswith(f'tag:example.go.kr,') and entry_id.endswith(f':{KOREAN_SAMPLE}.ko')
               for entry_id in ids), ids


def test_entries_keep_their_ids_when_the_site_moves(relative, absolute):
    moved = parse(absolute['feed.ko.atom'])
    assert [entry.findtext(A + 'id') for entry in moved.iter(A + 'entry')] == \
           [entry.findtext(A + 'id') for entry in relative['ko'].iter(A + 'entry')]
    assert moved.find(f'{A}link[@rel="self"]').get('href') == BASE + 'feed.ko.atom'
    assert {link.get('href') for link in moved.iter(A + 'link')} == \
           {urljoin(BASE, link.get('href')) for link in relative['ko'].iter(A + 'link')} | {BASE + 'feed.ko.atom'}


def test_the_sitemap_is_valid_against_the_sitemap_schema(absolute):
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / 'sitemap.xsd')))
    document = etree.fromstring(absolute['sitemap.xml'])
    assert schema.validate(document), schema.error_log


def test_every_page_in_the_sitemap_names_all_editions_of_its_release(absolute):
    document = etree.fromstring(absolute['sitemap.xml'])
    namespaces = {'s': 'http://www.sitemaps.org/schemas/sitemap/0.9', 'x': XHTML}
    urls = {url.findtext('s:loc', namespaces=namespaces): url for url in document.findall('s:url', namespaces)}
    for release, languages in ((SEED, ('ko', 'en', 'th', 'my')), (KOREAN_FIRST, ('ko', 'en'))):
        folder = f'{BASE}{release}/{release}'
        editions = {f'{folder}.{language}.html' for language in languages} | {f'{folder}.ko-en.html'}
        assert editions <= set(urls)
        for page in editions:
            alternates = {link.get('hreflang'): link.get('href') for link in urls[page].findall('x:link', namespaces)}
            assert alternates == {**{language: f'{folder}.{language}.html' for language in languages},
                                  'x-default': f'{folder}.ko-en.html'}
    assert not any('fragment' in url or 'draft' in url for url in urls)


def test_render_writes_the_sitemap_only_with_a_base_url(dist, tmp_path):
    assert not (dist / 'sitemap.xml').exists()
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-f', 'html', '-l', 'en',
                                       '--out', str(tmp_path), '--base-url', BASE])
    assert result.exit_code == 0, result.output
    assert f'<loc>{BASE}{SEED}/{SEED}.en.html</loc>' in (tmp_path / 'sitemap.xml').read_text()
    assert 'href="sitemap.xml"' in (tmp_path / 'index.html').read_text()


def test_the_gallery_links_the_feeds(dist):
    gallery = (dist / 'index.html').read_text()
    for language in ('ko', 'en'):
        assert f'type="application/atom+xml" hreflang="{language}"' in gallery
        assert f'href="feed.{language}.atom"' in gallery


def test_a_sites_own_sitemap_is_left_alone(tmp_path):
    own = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    (tmp_path / 'sitemap.xml').write_text(own)
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-f', 'html', '-l', 'en',
                                       '--out', str(tmp_path), '--base-url', BASE])
    assert result.exit_code == 0, result.output
    assert 'sitemap.xml: left as it is' in result.output
    assert (tmp_path / 'sitemap.xml').read_text() == own


def test_drafts_are_in_no_feed(workspace, tmp_path):
    record = record_of(workspace, SEED)
    record.write_text(record.read_text().replace('body:\n', 'body:\n  - A paragraph nobody has translated yet.\n', 1))
    for arguments in ([str(record_of(workspace, KOREAN_FIRST))], [str(record), '--draft']):
        result = CliRunner().invoke(main, ['render', *arguments, '-f', 'html', '--out', str(tmp_path)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / SEED / f'{SEED}.ko.draft.html').exists()
    for language in ('ko', 'en'):
        feed = parse((tmp_path / f'feed.{language}.atom').read_bytes())
        assert [link.get('href') for link in feed.iter(A + 'link') if link.get('hreflang')] == \
               [f'{KOREAN_FIRST}/{KOREAN_FIRST}.{language}.html']


def test_a_page_no_feed_can_hold_is_left_out_and_stops_no_later_render(tmp_path):
    """A page holding U+FFFF in its head (written by hand, or by a version that let it through) would
    stop every later render's feeds: it is left out of them instead."""
    other = tmp_path / 'other-release'
    other.mkdir()
    (other / 'other-release.en.html').write_text(
        '<html><head><title>Broken \uffff title</title><meta name="dcterms.created" content="2020-01-01">'
        '</head><body></body></html>')
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-f', 'html', '-l', 'en',
                                       '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    feed = parse((tmp_path / 'feed.en.atom').read_bytes())
    assert [link.get('href') for link in feed.iter(A + 'link') if link.get('hreflang')] == [f'{SEED}/{SEED}.en.html']


def listed(out, language='en') -> list[str]:
    """The pages the feed of ``language`` in ``out`` links, in its order."""
    feed = parse((out / f'feed.{language}.atom').read_bytes())
    return [link.get('href') for link in feed.iter(A + 'link') if link.get('hreflang')]


def render_html(out, *releases):
    return CliRunner().invoke(main, ['render', *(str(ROOT / 'samples' / release) for release in releases),
                                     '-f', 'html', '-l', 'en', '--out', str(out)])


def test_a_feed_removed_since_the_last_render_is_written_again(tmp_path):
    """No release changed, but a file of the site is missing: the next render writes it again."""
    assert render_html(tmp_path, SEED).exit_code == 0
    (tmp_path / 'feed.en.atom').unlink()
    result = render_html(tmp_path, SEED)
    assert result.exit_code == 0 and re.search(rf'{SEED}: \d+ unchanged', result.output), result.output
    assert listed(tmp_path) == [f'{SEED}/{SEED}.en.html']


def test_a_feed_that_could_not_be_written_is_written_by_the_next_render(tmp_path):
    """The releases were written, their feed not: the next render, finding them unchanged, still writes
    the feed, so that it lists them."""
    import subprocess

    assert render_html(tmp_path, SEED).exit_code == 0
    feed = tmp_path / 'feed.en.atom'
    if subprocess.run(['chattr', '+i', str(feed)], capture_output=True).returncode != 0:
        pytest.skip('needs chattr +i (root, on a file system that has it) to make the feed unwritable')
    try:
        result = render_html(tmp_path, KOREAN_FIRST)
    finally:
        subprocess.run(['chattr', '-i', str(feed)], check=True)
    assert result.exit_code == 1
    assert result.output.endswith(f'Error: cannot write {feed}: Operation not permitted; the releases are '
                                  "written, and the next render writes the site's files again\n"), result.output
    assert listed(tmp_path) == [f'{SEED}/{SEED}.en.html']
    result = render_html(tmp_path, KOREAN_FIRST)
    assert result.exit_code == 0 and re.search(rf'{KOREAN_FIRST}: \d+ unchanged', result.output), result.output
    assert sorted(listed(tmp_path)) == sorted([f'{SEED}/{SEED}.en.html', f'{KOREAN_FIRST}/{KOREAN_FIRST}.en.html'])
