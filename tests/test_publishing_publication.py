"""The embargo, enforced in every output as of a fixed clock (--now), and feed ids that survive a move.

Read back as a reader would: feeds with feedparser, the sitemap against the
sitemaps.org schema, the index and pages as HTML.
"""

from __future__ import annotations

import json
import subprocess
import sys

import feedparser
import pytest
from lxml import etree

from conftest import ENGLISH_SAMPLE, KOREAN_FIRST, ROOT, SEED, pdftotext, record_of

BASE = 'https://www.example.go.kr/press/'
EMBARGO = '2099-01-01T12:00:00+09:00'
BEFORE, AFTER = '2099-01-01T02:59:59Z', '2099-01-01T03:00:00Z'


def render(workspace, *args):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', f'samples/{KOREAN_FIRST}',
                             '-f', 'html', '--out', 'dist', '--base-url', BASE, *args],
                            cwd=workspace, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def embargoed(workspace):
    """The Korean-first sample with its embargo moved to noon in Seoul on 1 January 2099."""
    path = record_of(workspace, KOREAN_FIRST)
    path.write_text(path.read_text().replace('embargo: 2019-11-26T12:00:00+09:00', f'embargo: {EMBARGO}'))
    return workspace


def listed(out, release):
    """Where ``release`` is listed: each feed (read by feedparser), the sitemap (valid), the index."""
    places = set()
    for feed in sorted(out.glob('feed.*.atom')):
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo, parsed.bozo_exception
        if any(release in entry.link for entry in parsed.entries):
            places.add(feed.name)
    sitemap = etree.parse(str(out / 'sitemap.xml'))
    schema = etree.XMLSchema(etree.parse(str(ROOT / 'tests' / 'schemas' / 'sitemap.xsd')))
    assert schema.validate(sitemap), schema.error_log
    if release in etree.tostring(sitemap).decode():
        places.add('sitemap.xml')
    if release in (out / 'index.html').read_text():
        places.add('index.html')
    return places


def page(out, language='ko'):
    return (out / KOREAN_FIRST / f'{KOREAN_FIRST}.{language}.html').read_text()


def test_before_its_embargo_a_release_is_in_no_feed_sitemap_or_index_and_after_it_is(embargoed):
    out = embargoed / 'dist'
    render(embargoed, '--now', BEFORE)
    assert listed(out, KOREAN_FIRST) == set()
    assert listed(out, SEED) == {'feed.ko.atom', 'feed.en.atom', 'feed.th.atom', 'feed.my.atom', 'sitemap.xml',
                                 'index.html'}
    render(embargoed, '--now', AFTER)  # nothing changed but the clock
    assert listed(out, KOREAN_FIRST) == {'feed.ko.atom', 'feed.en.atom', 'sitemap.xml', 'index.html'}


def test_the_output_folder_names_the_releases_held_back_for_the_sync_to_leave_out(embargoed):
    """dist/.publisher-held holds rsync exclude patterns: a site synced with them has no file of a release
    before its embargo, though its pages sit in the output folder for the press."""
    held = embargoed / 'dist' / '.publisher-held'
    render(embargoed, '--now', BEFORE)
    assert [line for line in held.read_text().splitlines() if not line.startswith('#')] == [f'/{KOREAN_FIRST}/']
    render(embargoed, '--now', BEFORE)  # nothing to do, and the list still says so
    assert f'/{KOREAN_FIRST}/' in held.read_text()
    render(embargoed, '--now', AFTER)
    assert [line for line in held.read_text().splitlines() if not line.startswith('#')] == []


def test_without_an_embargo_a_release_is_held_back_until_it_is_distributed(workspace):
    """Prepared the day before its distribution: nothing lists it before then, and its feed entry is
    published at that moment, never at one still to come."""
    path = record_of(workspace, ENGLISH_SAMPLE)
    path.write_text(path.read_text().replace('published: 2019-12-03\n',
                                             'published: 2099-01-01\ndistributed: 2099-01-01T12:00:00+09:00\n'))
    out = workspace / 'dist'

    def render_as_of(now):
        result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{ENGLISH_SAMPLE}',
                                 f'samples/{SEED}', '-l', 'en', '-f', 'html', '--out', 'dist', '--base-url', BASE,
                                 '--now', now],
                                cwd=workspace, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result

    assert (f'dist/{ENGLISH_SAMPLE}: held back by its distribution time until 2099-01-01 03:00:00 UTC'
            in render_as_of(BEFORE).stderr)
    assert listed(out, ENGLISH_SAMPLE) == set()
    assert '<meta name="robots" content="noindex">' in (out / ENGLISH_SAMPLE / f'{ENGLISH_SAMPLE}.en.html').read_text()
    render_as_of(AFTER)
    assert listed(out, ENGLISH_SAMPLE) == {'feed.en.atom', 'sitemap.xml', 'index.html'}
    [entry] = [entry for entry in feedparser.parse((out / 'feed.en.atom').read_bytes()).entries
               if ENGLISH_SAMPLE in entry.link]
    assert entry.published == entry.updated == '2099-01-01T03:00:00Z'


def test_its_pages_carry_noindex_and_the_embargo_line_only_before(embargoed):
    out = embargoed / 'dist'
    render(embargoed, '--now', BEFORE)
    assert '<meta name="robots" content="noindex">' in page(out)
    assert '이 자료는 2099년 1월 1일(목) 12:00 이후 보도 바랍니다.' in page(out, 'ko')
    assert 'Embargoed: not for publication or broadcast before' in page(out, 'en')
    render(embargoed, '--now', AFTER)
    assert 'noindex' not in page(out) and 'class="release-embargo-notice"' not in page(out, 'en')


def test_its_pdfs_print_the_embargo_line_in_each_language_only_before(embargoed):
    def printed(now):
        result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{KOREAN_FIRST}', '-l', 'ko',
                                 '-l', 'en', '-f', 'pdf', '--out', 'dist', '--now', now],
                                cwd=embargoed, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        folder = embargoed / 'dist' / KOREAN_FIRST
        return {language: ' '.join(pdftotext(folder / f'{KOREAN_FIRST}.{language}.pdf').split())
                for language in ('ko', 'en')}

    before = printed(BEFORE)
    assert '이 자료는 2099년 1월 1일(목) 12:00 이후 보도 바랍니다.' in before['ko']
    assert 'Embargoed: not for publication or broadcast before 12:00 noon KST, January 1, 2099.' in before['en']
    after = printed(AFTER)
    assert '이후 보도 바랍니다' not in after['ko'] and 'not for publication or broadcast' not in after['en']


def test_the_first_render_after_the_embargo_renders_its_pages_again_though_no_input_changed(embargoed):
    render(embargoed, '--now', BEFORE)
    again = render(embargoed, '--now', BEFORE)
    assert f'dist/{KOREAN_FIRST}: ' in again.stdout and 'written' not in again.stdout
    manifest = json.loads((embargoed / 'dist' / KOREAN_FIRST / '.publisher-manifest.json').read_text())
    assert manifest['stale_after'] == AFTER
    after = render(embargoed, '--now', AFTER)
    assert f'dist/{KOREAN_FIRST}: ' in after.stdout and 'written' in after.stdout.split(KOREAN_FIRST)[1]
    manifest = json.loads((embargoed / 'dist' / KOREAN_FIRST / '.publisher-manifest.json').read_text())
    assert 'stale_after' not in manifest


def test_a_render_as_of_a_later_moment_never_publishes_early_for_good(embargoed):
    """Prepared the day before into the folder the site syncs: render says so, and the next render as of a
    moment before the embargo holds the release back again, though no input changed."""
    out = embargoed / 'dist'
    ahead = render(embargoed, '--now', AFTER)  # the clock is long before 2099
    assert (f'dist/{KOREAN_FIRST}: published as of 2099-01-01 03:00:00 UTC, but by the clock its embargo holds until '
            '2099-01-01 03:00:00 UTC: sync dist only after then') in ahead.stderr
    assert SEED not in ahead.stderr
    render(embargoed, '--now', BEFORE)
    assert listed(out, KOREAN_FIRST) == set() and '<meta name="robots" content="noindex">' in page(out)
    assert '이 자료는 2099년 1월 1일(목) 12:00 이후 보도 바랍니다.' in page(out, 'ko')


def test_render_says_which_releases_it_holds_back_and_until_when(embargoed):
    result = render(embargoed, '--now', BEFORE)
    assert (f'dist/{KOREAN_FIRST}: held back by its embargo until 2099-01-01 03:00:00 UTC: '
            'left out of the index, feeds and sitemap') in result.stderr
    assert SEED not in result.stderr
    assert 'held back' not in render(embargoed, '--now', AFTER).stderr


def test_an_internal_preview_lists_embargoed_releases_and_says_it_is_one(embargoed):
    out = embargoed / 'dist'
    render(embargoed, '--now', BEFORE, '--include-embargoed')
    assert listed(out, KOREAN_FIRST) == {'feed.ko.atom', 'feed.en.atom', 'sitemap.xml', 'index.html'}
    index = (out / 'index.html').read_text()
    assert 'Internal preview' in index and '<meta name="robots" content="noindex">' in index
    assert 'internal preview' in feedparser.parse((out / 'feed.ko.atom').read_bytes()).feed.title
    assert 'internal preview' in (out / 'sitemap.xml').read_text()
    assert '<meta name="robots" content="noindex">' in page(out)  # the page itself is still not to be indexed
    render(embargoed, '--now', BEFORE)  # the site's files again: no preview, no embargoed release
    assert listed(out, KOREAN_FIRST) == set() and 'Internal preview' not in (out / 'index.html').read_text()


def test_an_entry_keeps_its_id_when_the_site_moves(embargoed):
    out = embargoed / 'dist'
    render(embargoed, '--now', AFTER)
    ids = {entry.link.rsplit('/', 1)[1]: entry.id for entry in feedparser.parse((out / 'feed.en.atom').read_bytes()).entries}
    moved = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', f'samples/{KOREAN_FIRST}',
                            '-f', 'html', '--out', 'dist', '--base-url', 'https://press.example.org/archive/',
                            '--now', '2099-02-01T00:00Z'], cwd=embargoed, capture_output=True, text=True)
    assert moved.returncode == 0, moved.stderr
    entries = feedparser.parse((out / 'feed.en.atom').read_bytes()).entries
    assert {entry.link.rsplit('/', 1)[1]: entry.id for entry in entries} == ids
    assert all(entry.link.startswith('https://press.example.org/archive/') for entry in entries)
    assert ids[f'{KOREAN_FIRST}.en.html'] == f'tag:www.example.go.kr,2099-01-01:{KOREAN_FIRST}.en'


def test_a_moment_without_its_offset_is_refused_by_render(workspace):
    result = subprocess.run([sys.executable, '-m', 'publisher', 'render', f'samples/{SEED}', '--now', '2099-01-01'],
                            cwd=workspace, capture_output=True, text=True)
    assert result.returncode == 2 and 'has no UTC offset' in result.stderr and not (workspace / 'dist').exists()
