"""HTML pages, opened in headless Chromium as readers and the web team will."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from publisher.cli import main

from conftest import KOREAN_FIRST, PRESS_FORMS, ROOT, SEED, record_of, words

PAGES = [(release, edition) for release in (SEED, KOREAN_FIRST) for edition in ('ko', 'en', 'ko-en')]

# Each text node's language, as the nearest lang attribute says, against the
# script it is written in: Hangul is Korean, Latin letters alone are English.
# File names and addresses are marked translate="no": they are in no language.
LANGUAGE_OF_TEXT = '''() => {
  const wrong = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (node.parentElement.closest('[translate=no]')) continue;
    const lang = node.parentElement.closest('[lang]').lang;
    const expected = /[\\uac00-\\ud7a3]/.test(text) ? 'ko' : /[A-Za-z]{2,}/.test(text) ? 'en' : null;
    if (expected && expected !== lang) wrong.push([lang, text.slice(0, 60)]);
  }
  return wrong;
}'''


@pytest.fixture(scope='module')
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path='/usr/bin/chromium',
            args=['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--no-first-run'])
        yield browser
        browser.close()


def open_page(browser, path, width=1280):
    page = browser.new_page(viewport={'width': width, 'height': 900})
    page.failed, page.errors = [], []
    page.on('requestfailed', lambda request: page.failed.append(request.url))
    page.on('console', lambda message: message.type == 'error' and page.errors.append(message.text))
    page.on('pageerror', lambda error: page.errors.append(str(error)))
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize('release, edition', PAGES)
def test_every_run_of_text_carries_its_language(browser, dist, release, edition):
    page = open_page(browser, dist / release / f'{release}.{edition}.html')
    assert page.evaluate('document.documentElement.lang') == edition.split('-')[0]
    assert page.evaluate(LANGUAGE_OF_TEXT) == []
    assert (page.failed, page.errors) == ([], [])


@pytest.mark.parametrize('width', [375, 1280])
def test_the_bilingual_page_fits_narrow_and_wide_screens(browser, dist, width, tmp_path):
    """A full-page screenshot is as wide as the screen: nothing sticks out sideways."""
    from PIL import Image

    page = open_page(browser, dist / SEED / f'{SEED}.ko-en.html', width)
    page.screenshot(path=tmp_path / 'page.png', full_page=True)
    with Image.open(tmp_path / 'page.png') as screenshot:
        assert screenshot.width == width and screenshot.height > 900
    overflowing = page.evaluate(f'''[...document.body.querySelectorAll("*")]
      .filter(element => element.getBoundingClientRect().right > {width} + 0.5).map(element => element.outerHTML.slice(0, 80))''')
    assert overflowing == []
    assert page.evaluate('[...document.images].every(image => image.complete && image.naturalWidth > 0)')


def test_the_bilingual_page_holds_both_articles_korean_first(browser, dist):
    page = open_page(browser, dist / SEED / f'{SEED}.ko-en.html')
    articles = page.evaluate('[...document.querySelectorAll("article")].map(a => [a.lang, a.querySelector("h1").textContent])')
    assert articles == [['ko', '행정안전부, 태국·미얀마와 행정 협력 확대'],
                        ['en', 'MOIS to expand cooperation on public administration with Thailand and Myanmar']]


def test_each_page_links_to_the_others(browser, dist):
    page = open_page(browser, dist / SEED / f'{SEED}.en.html')
    links = page.evaluate('[...document.querySelectorAll(".publisher-languages a")].map(a => [a.getAttribute("href"), a.textContent])')
    assert links == [[f'{SEED}.ko.html', '한국어'], [f'{SEED}.en.html', 'English'], [f'{SEED}.th.html', 'ไทย'],
                     [f'{SEED}.my.html', 'မြန်မာ'], [f'{SEED}.ko-en.html', '한국어 · English']]
    alternates = page.evaluate('[...document.querySelectorAll("link[rel=alternate]")].map(l => l.hreflang)')
    assert alternates == ['ko', 'en', 'th', 'my', 'x-default']


def test_a_translator_cannot_inject_markup_into_template_strings(browser, workspace):
    catalog = workspace / 'locales' / 'ko' / 'LC_MESSAGES' / 'publisher.po'
    catalog.write_text(catalog.read_text().replace('msgstr "보도자료"', 'msgstr "<script>document.title=1</script>보도자료"'))
    out = workspace / 'dist'
    result = CliRunner().invoke(main, ['render', str(record_of(workspace, SEED)), '-l', 'ko', '-f', 'html', '--out', str(out)])
    assert result.exit_code == 0, result.output
    page = open_page(browser, out / SEED / f'{SEED}.ko.html')
    assert page.evaluate('[...document.scripts].map(s => s.type)') == ['application/ld+json']
    assert page.evaluate('document.querySelector(".release-kind").textContent') == '<script>document.title=1</script>보도자료'


def test_pages_describe_themselves_to_search_engines_and_social_sites(browser, dist):
    import json
    page = open_page(browser, dist / SEED / f'{SEED}.ko.html')
    data = json.loads(page.evaluate('document.querySelector("script[type=\'application/ld+json\']").textContent'))
    assert data['@type'] == 'NewsArticle' and data['inLanguage'] == 'ko'
    assert data['headline'] == '행정안전부, 태국·미얀마와 행정 협력 확대' and data['datePublished'] == '2019-09-27'
    # The seed's partners are co-issuers: the issuer first, then each of them.
    assert [organisation['name'] for organisation in data['publisher']] == ['행정안전부', '인사혁신처', '서울특별시']
    assert data['keywords'] == ['아세안', '공공행정', '국제협력', '태국', '미얀마']
    assert (data['about']['startDate'], data['about']['endDate']) == ('2019-09-19', '2019-09-24')
    assert [place['name'] for place in data['about']['location']] == ['방콕', '네피도']
    meta = page.evaluate('Object.fromEntries([...document.querySelectorAll("meta[property]")].map(m => [m.getAttribute("property"), m.content]))')
    assert meta['og:locale'] == 'ko_KR' and meta['og:locale:alternate'] == 'my_MM' and meta['og:type'] == 'article'
    default = page.evaluate('document.querySelector("link[hreflang=x-default]").getAttribute("href")')
    assert default == f'{SEED}.ko-en.html'


def test_structured_data_cannot_close_its_script(workspace, browser):
    path = record_of(workspace, SEED)
    path.write_text(path.read_text().replace('title: "{mois.short} to expand', 'title: "</script><script>document.title=1</script> {mois.short} to expand'))
    result = CliRunner().invoke(main, ['render', str(path), '-l', 'en', '-f', 'html', '--out', str(workspace / 'dist')])
    assert result.exit_code == 0, result.output
    page = open_page(browser, workspace / 'dist' / SEED / f'{SEED}.en.html')
    assert page.evaluate('document.scripts.length') == 1
    import json
    data = json.loads(page.evaluate('document.scripts[0].textContent'))
    assert data['headline'].startswith('</script><script>')


HOST_PAGE = '''<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ministry site</title>
<style>p { color: rgb(1, 2, 3); font-size: 13px; } h1 { margin: 7px; }</style></head>
<body><h1>Ministry</h1><p id="host">The host's own paragraph.</p><div id="slot">{fragment}</div></body></html>'''


@pytest.mark.parametrize('language', ['ko', 'en'])
def test_a_fragment_embeds_without_touching_the_host_page(browser, dist, tmp_path, language):
    fragment = (dist / SEED / f'{SEED}.{language}.fragment.html').read_text()
    assert not re.search(r'<(html|head|body)\b', fragment)
    release = shutil.copytree(dist / SEED, tmp_path / SEED)  # the host sits beside the fragment's media
    host = release / f'host-{language}.html'
    host.write_text(HOST_PAGE.replace('{fragment}', fragment))
    page = open_page(browser, host)
    selectors = page.evaluate('''() => {
      const found = [];
      const walk = rules => { for (const rule of rules) {
        if (rule.selectorText !== undefined) found.push(rule.selectorText);
        else if (rule.cssRules) walk(rule.cssRules); } };
      walk(document.querySelector('#slot > div').shadowRoot.querySelector('style').sheet.cssRules);
      return found; }''')
    assert selectors and all(all(part.strip().startswith('.publisher') for part in selector.split(','))
                             for selector in selectors), selectors
    host_style = page.evaluate('[getComputedStyle(document.getElementById("host")).color, '
                               'getComputedStyle(document.getElementById("host")).fontSize, '
                               'getComputedStyle(document.querySelector("h1")).marginTop]')
    assert host_style == ['rgb(1, 2, 3)', '13px', '7px']
    assert page.evaluate('document.querySelector("#slot > div").shadowRoot.querySelector(".publisher").lang') == language
    assert page.evaluate('[...document.images].every(image => image.complete && image.naturalWidth > 0)')
    assert (page.failed, page.errors) == ([], [])


def test_the_gallery_links_every_release_in_every_edition_and_format(browser, dist):
    page = open_page(browser, dist / 'index.html')
    links = page.evaluate('[...document.querySelectorAll("a")].map(a => a.getAttribute("href"))')
    expected = {f'{release}/{release}.{edition}.{kind}' for release in (SEED, KOREAN_FIRST)
                for edition, kinds in (('ko', ('html', 'pdf', 'hwpx', 'fragment.html')),
                                       ('en', ('html', 'pdf', 'hwpx', 'fragment.html')),
                                       ('ko-en', ('html', 'pdf', 'hwpx'))) for kind in kinds} | {'feed.ko.atom', 'feed.en.atom'}
    expected |= {f'{SEED}/{SEED}.{language}.{kind}' for language in ('th', 'my')
                 for kind in ('html', 'pdf', 'hwpx', 'fragment.html')} | {'feed.th.atom', 'feed.my.atom'}
    assert set(links) == expected and len(links) == len(expected)
    assert all((dist / link).is_file() for link in links)
    assert page.evaluate(LANGUAGE_OF_TEXT) == []


@pytest.fixture
def site(tmp_path):
    """A web server on loopback for a site folder, like the ministry's: the host page and the press folder."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    root = tmp_path / 'site'
    root.mkdir()
    server = ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f'http://127.0.0.1:{server.server_address[1]}/'
    server.shutdown()
    server.server_close()


def embed(root, fragment_path):
    """A host page elsewhere on the site with the fragment pasted in."""
    host = root / 'news' / 'index.html'
    host.parent.mkdir(exist_ok=True)
    host.write_text(HOST_PAGE.replace('{fragment}', fragment_path.read_text()))
    return host


def test_with_a_base_url_a_fragment_works_anywhere_on_the_site(browser, site):
    root, address = site
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), str(ROOT / 'samples' / KOREAN_FIRST),
                                       '-f', 'html', '--out', str(root / 'press'), '--base-url', address + 'press'])
    assert result.exit_code == 0, result.output
    for release, count in ((SEED, 2), (KOREAN_FIRST, 0)):
        embed(root, root / 'press' / release / f'{release}.en.fragment.html')
        page = browser.new_page()
        failed = []
        page.on('requestfailed', lambda request: failed.append(request.url))
        page.goto(address + 'news/index.html')
        images = page.evaluate('[...document.images].map(image => [image.getAttribute("src"), image.naturalWidth > 0])')
        assert len(images) == count and all(src.startswith(f'{address}press/{release}/media/') and shown
                                            for src, shown in images)
        links = page.evaluate('[...document.querySelectorAll("#slot .release-attachments a[href^=http]")]'
                                  '.map(a => a.href)')
        assert failed == []
        page.close()
    [attachment] = links
    assert attachment == f'{address}press/{KOREAN_FIRST}/media/roundtable-programme.pdf'


def test_with_a_base_url_pages_give_search_engines_full_addresses(browser, site):
    root, address = site
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-f', 'html',
                                       '--out', str(root / 'press'), '--base-url', address + 'press/'])
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    page.goto(f'{address}press/{SEED}/{SEED}.en.html')
    folder = f'{address}press/{SEED}/'
    assert page.evaluate('document.querySelector("link[rel=canonical]").href') == f'{folder}{SEED}.en.html'
    alternates = page.evaluate('[...document.querySelectorAll("link[rel=alternate]")].map(l => [l.hreflang, l.href])')
    assert alternates == [['ko', f'{folder}{SEED}.ko.html'], ['en', f'{folder}{SEED}.en.html'],
                          ['th', f'{folder}{SEED}.th.html'], ['my', f'{folder}{SEED}.my.html'],
                          ['x-default', f'{folder}{SEED}.ko-en.html']]
    meta = page.evaluate('Object.fromEntries([...document.querySelectorAll("meta[property]")].map(m => [m.getAttribute("property"), m.content]))')
    assert meta['og:url'] == f'{folder}{SEED}.en.html'
    assert meta['og:image'] == f'{folder}media/bilateral-meeting-naypyitaw.png'
    assert page.evaluate('fetch(document.querySelector("meta[property=\'og:image\']").content).then(r => r.status)') == 200


def test_with_inlined_images_a_fragment_needs_no_other_file(browser, site):
    root, address = site
    out = root / 'press'
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-l', 'ko', '-f', 'html',
                                       '--out', str(out), '--inline-images'])
    assert result.exit_code == 0, result.output
    embed(root, out / SEED / f'{SEED}.ko.fragment.html')
    shutil.rmtree(out)
    page = browser.new_page()
    requests = []
    page.on('request', lambda request: requests.append(request.url))
    page.goto(address + 'news/index.html')
    assert page.evaluate('[...document.images].map(image => image.naturalWidth)') == [1200, 1200]
    assert [url for url in requests if not url.startswith('data:')] == [address + 'news/index.html']


def test_a_base_url_must_be_a_web_address(tmp_path):
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '--out', str(tmp_path),
                                       '--base-url', 'press/'])
    assert result.exit_code == 2
    assert "Invalid value for '--base-url': 'press/' is not the http(s) address of a folder" in result.output
    assert list(tmp_path.iterdir()) == []


def test_rendering_into_a_site_folder_leaves_its_own_pages_alone(tmp_path):
    """The gallery is written only where no index.html of the site's own is, and passes over other files."""
    (tmp_path / 'index.html').write_text('<h1>Ministry</h1>')
    (tmp_path / 'news').mkdir()
    (tmp_path / 'news' / 'news.en.html').write_bytes(b'\xff\xfe not text')
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-f', 'html',
                                       '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / 'index.html').read_text() == '<h1>Ministry</h1>'
    assert 'index.html: left as it is, since publisher did not write it; no gallery written' in result.output
    (tmp_path / 'index.html').unlink()
    again = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / KOREAN_FIRST), '-f', 'html',
                                      '--out', str(tmp_path)])
    assert again.exit_code == 0, again.output
    gallery = (tmp_path / 'index.html').read_text()
    assert f'{KOREAN_FIRST}/{KOREAN_FIRST}.ko-en.html' in gallery and 'news/news.en.html' in gallery


def test_every_page_and_fragment_is_valid_html(dist, nu_checked):
    """The Nu HTML Checker finds no error; fragments are checked inside a host page."""
    pages, fragments = pages_and_fragments(dist)
    assert (len(pages), len(fragments)) == (9, 6)
    assert nu_checked(pages + fragments) == {str(document): [] for document in pages + fragments}


def pages_and_fragments(folder: Path) -> tuple[list[Path], list[Path]]:
    """The pages of ``folder``, and its fragments."""
    documents = sorted(folder.rglob('*.html'))
    return ([path for path in documents if not path.name.endswith('.fragment.html')],
            [path for path in documents if path.name.endswith('.fragment.html')])


def test_the_bilingual_page_lets_readers_jump_to_each_language(browser, dist):
    page = open_page(browser, dist / SEED / f'{SEED}.ko-en.html')
    landmark = page.evaluate('''() => { const nav = document.querySelector("nav.publisher-in-page");
      return [nav.getAttribute("aria-label"), [...nav.querySelectorAll("a")].map(a => [a.getAttribute("href"), a.lang, a.textContent])]; }''')
    ids = f'{SEED}-ko-en-release'
    assert landmark == ['이 페이지의 언어', [[f'#{ids}-ko', 'ko', '한국어'], [f'#{ids}-en', 'en', 'English']]]
    names = page.evaluate('[...document.querySelectorAll("article")].map(a => document.getElementById(a.getAttribute("aria-labelledby")).textContent)')
    assert names[1] == 'MOIS to expand cooperation on public administration with Thailand and Myanmar'
    single = open_page(browser, dist / SEED / f'{SEED}.en.html')
    assert single.evaluate('document.querySelector("nav.publisher-in-page")') is None


def test_a_draft_shows_its_drafts_in_place_highlighted_and_what_is_untranslated_marked(browser, draft_render):
    page = open_page(browser, draft_render / f'{KOREAN_FIRST}.en.draft.html')
    title = page.locator('h1')
    assert title.get_attribute('data-draft') == 'fuzzy' and title.get_attribute('lang') is None
    assert title.inner_text().startswith('MOIS hosts the ASEAN-Korea Ministerial Roundtable')
    assert title.evaluate('element => getComputedStyle(element).backgroundColor') == 'rgb(255, 241, 168)'
    assert page.locator('.release-lead').get_attribute('data-draft') == 'fuzzy'
    untranslated = page.locator('p[data-draft="untranslated"]')
    assert untranslated.count() == 1 and untranslated.get_attribute('lang') == 'ko'
    assert '전자정부 역량 강화' in untranslated.inner_text()
    assert untranslated.evaluate('element => getComputedStyle(element).backgroundColor') == 'rgb(253, 226, 226)'
    reviewed = page.locator('article p:not(.release-lead):not([data-draft])').first
    assert reviewed.evaluate('element => getComputedStyle(element).backgroundColor') == 'rgba(0, 0, 0, 0)'
    banner = page.locator('.publisher-draft').inner_text()
    assert 'English: Drafts to review, highlighted: 2. Not translated yet, shown in the original language and ' \
           'marked: 1.' in ' '.join(banner.split())
    assert not page.failed and not page.errors


@pytest.fixture(scope='module')
def page_words(browser, dist):
    """The words a reader of each language page sees, each page opened once."""
    found = {}
    for release in (SEED, KOREAN_FIRST):
        for language in ('ko', 'en'):
            page = open_page(browser, dist / release / f'{release}.{language}.html')
            found[release, language] = words(page.inner_text('body'))
            page.close()
    return found


@pytest.mark.parametrize('release, korean, english', PRESS_FORMS)
def test_the_press_forms_are_on_each_language_s_page(page_words, release, korean, english):
    assert words(korean) in page_words[release, 'ko']
    assert words(english) in page_words[release, 'en']


@pytest.mark.parametrize('language, links', [
    ('ko', [('https://www.mois.go.kr', 'https://www.mois.go.kr', ')에서'),
            ('https://www.mois.go.kr/eng/', '행정안전부 영문 누리집', '에서'),
            ('mailto:press@example.go.kr', 'press@example.go.kr', '로')]),
    ('en', [('https://www.mois.go.kr', 'https://www.mois.go.kr', '),'),
            ('https://www.mois.go.kr/eng/', 'the English website of MOIS', '.'),
            ('mailto:press@example.go.kr', 'press@example.go.kr', '.')]),
])
def test_addresses_in_prose_are_links_that_leave_out_what_follows_them(browser, dist, language, links):
    """The closing bracket, the full stop and the Korean particle after an address stay outside its link."""
    page = open_page(browser, dist / KOREAN_FIRST / f'{KOREAN_FIRST}.{language}.html')
    found = page.eval_on_selector_all('article p a', '''links => links.map(link => [
        link.getAttribute('href'), link.textContent, link.nextSibling ? link.nextSibling.textContent : ''])''')
    page.close()
    assert [(href, text, after[:len(then)]) for (href, text, after), (_, _, then) in zip(found, links)] == links


def test_a_photo_without_a_caption_still_shows_its_credit(workspace, browser):
    path = record_of(workspace, SEED)
    text = path.read_text()
    start = text.index('    caption: >-\n      Participants')
    end = text.index('    credit:', start)
    path.write_text(text[:start] + text[end:])
    result = CliRunner().invoke(main, ['render', str(path), '-l', 'en', '-f', 'html', '--out', str(workspace / 'dist')])
    assert result.exit_code == 0, result.output
    page = open_page(browser, workspace / 'dist' / SEED / f'{SEED}.en.html')
    captions = page.eval_on_selector_all('.release-photo figcaption', 'captions => captions.map(c => c.innerText)')
    page.close()
    assert len(captions) == 2 and captions[1] == 'Photo: Ministry of the Interior and Safety'
    assert captions[0].endswith('between the two countries. Photo: Ministry of the Interior and Safety')


# -- the body's structure ---------------------------------------------------------------

STRUCTURED_ID = 'mois-structured-2019'


def structured_page(browser, structured_dist, edition):
    return open_page(browser, structured_dist / f'{STRUCTURED_ID}.{edition}.html')


def test_headings_are_h2_and_h3_under_the_title_and_in_a_box(browser, structured_dist):
    page = structured_page(browser, structured_dist, 'en')
    headings = page.evaluate('[...document.querySelectorAll("article h1, article h2, article h3, article h4")]'
                             '.map(h => [h.tagName, h.textContent.trim()])')
    assert headings == [
        ['H1', "MOIS sends its second ASEAN Public Administration Cooperation Corps"],
        ['H2', 'Background'], ['H3', 'Next steps'], ['H2', 'Notes to editors'], ['H3', 'About the corps']]
    assert page.evaluate('document.querySelector(".release-box h2").parentElement.tagName') == 'SECTION'


def test_lists_nest_as_written_with_their_remarks(browser, structured_dist):
    page = structured_page(browser, structured_dist, 'en')
    tree = page.evaluate('''() => { const walk = list => [...list.children].map(li => [
        li.querySelector(":scope > .item-text").textContent,
        ...[...li.querySelectorAll(":scope > ul, :scope > ol")].map(sub => [sub.tagName, walk(sub)])]);
      const first = document.querySelector("article .release-list");
      return [first.tagName, walk(first)]; }''')
    assert tree == ['UL', [['A public administration forum in Bangkok, Thailand'],
                           ['Bilateral talks in Naypyitaw, Myanmar',
                            ['UL', [['Kim Seo-yeon presents cases of government innovation',
                                     ['UL', [['E-government services'], ['Better handling of petitions']]]]]]]]]
    assert page.evaluate('document.querySelectorAll("article ol ol").length') == 1
    remark = page.locator('article .release-list .item-remark')
    assert remark.inner_text() == 'Note: The results of the talks will be released separately'


@pytest.mark.parametrize('edition, bullets, numbers, remark', [
    ('ko', ['"□ "', '"○ "', '"- "'], ['publisher-numbering-1', 'publisher-numbering-4'], '※'),
    ('en', ['"• "', '"– "', '"◦ "'], ['publisher-numbering-1', 'publisher-numbering-2'], 'Note:'),
])
def test_each_language_marks_its_lists_as_its_row_of_markers_says(browser, structured_dist, edition, bullets, numbers,
                                                                   remark):
    page = structured_page(browser, structured_dist, edition)
    styles = page.evaluate('''() => { const first = document.querySelector("article > ul.release-list");
      return [first, ...first.querySelectorAll("ul")].map(list => getComputedStyle(list).listStyleType); }''')
    assert styles == bullets
    assert page.evaluate('[...document.querySelectorAll("article ol")].map(l => getComputedStyle(l).listStyleType)') \
        == numbers
    assert page.locator('article > .release-remark .remark-mark').inner_text() == remark


def test_a_table_has_its_caption_header_cells_with_scope_and_spans(browser, structured_dist):
    page = structured_page(browser, structured_dist, 'en')
    table = page.evaluate('''() => { const t = document.querySelector("article table");
      return [t.caption.textContent,
              [...t.tHead.rows].map(r => [...r.cells].map(c => [c.tagName, c.getAttribute("scope"), c.textContent])),
              [...t.tBodies[0].rows].map(r => [...r.cells].map(c => [c.tagName, c.getAttribute("scope"), c.textContent,
                                                                       c.rowSpan, c.colSpan]))]; }''')
    caption, head, rows = table
    assert caption == 'The corps’ schedule'
    assert head == [[['TH', 'col', 'Event'], ['TH', 'col', 'Place'], ['TH', 'col', 'Participants']]]
    assert rows == [
        [['TH', 'row', 'Forum', 1, 1], ['TD', None, 'Bangkok', 1, 1], ['TD', None, '12', 1, 1]],
        [['TH', 'row', 'Talks', 2, 1], ['TD', None, 'Naypyitaw', 1, 1], ['TD', None, '8', 1, 1]],
        [['TD', None, 'Yangon', 1, 1], ['TD', None, '1,250', 1, 1]],
        [['TH', 'row', 'Total', 1, 2], ['TD', None, '1,270', 1, 1]]]


@pytest.mark.parametrize('edition, align', [('ko', 'center'), ('en', 'start')])
def test_numbers_align_right_and_text_as_the_language_sets_tables(browser, structured_dist, edition, align):
    page = structured_page(browser, structured_dist, edition)
    assert page.evaluate('[...document.querySelectorAll("article td.numeric")].map(c => getComputedStyle(c).textAlign)') \
        == ['right'] * 4
    assert page.evaluate('getComputedStyle(document.querySelector("article td:not(.numeric)")).textAlign') == align


@pytest.mark.parametrize('edition', ['ko', 'en', 'ko-en'])
def test_footnotes_are_linked_both_ways(browser, structured_dist, edition):
    page = structured_page(browser, structured_dist, edition)
    links = page.evaluate('''() => [...document.querySelectorAll("a.footnote-ref")].map(ref => {
      const note = document.querySelector(ref.getAttribute("href"));
      const back = note.querySelector("a.footnote-back");
      return [ref.textContent, note.getAttribute("role"), back.textContent,
              document.querySelector(back.getAttribute("href")) === ref]; })''')
    marks = {'ko': [['주1)', 'doc-footnote', '주1)', True], ['주2)', 'doc-footnote', '주2)', True]],
             'en': [['1', 'doc-footnote', '1', True], ['2', 'doc-footnote', '2', True]]}
    assert links == [row for language in edition.split('-') for row in marks[language]]


def test_a_literal_paragraph_keeps_its_line_breaks(browser, structured_dist):
    page = structured_page(browser, structured_dist, 'en')
    paragraph = page.locator('article h2 + p')
    assert paragraph.inner_text() == 'The corps was formed at the request of both countries.\nIt is sent for six days.'


def test_the_description_and_the_feed_stay_plain_text(structured_dist):
    page = (structured_dist / f'{STRUCTURED_ID}.en.html').read_text()
    description = re.search(r'<meta name="description" content="([^"]*)"', page)[1]
    assert words(description) == ('The Ministry of the Interior and Safety sent a cooperation corps to Thailand and Myanmar '
                           'from September 19–24, 2019.')
    feed = (structured_dist.parent / 'feed.en.atom').read_text()
    summary = re.search(r'<summary[^>]*>(.*?)</summary>', feed, re.S)[1]
    assert 'a cooperation corps to Thailand' in summary and 'fn-en' not in summary and '&lt;' not in summary


def test_the_structured_pages_and_fragments_are_valid_html(structured_dist, nu_checked):
    pages, fragments = pages_and_fragments(structured_dist)
    assert (len(pages), len(fragments)) == (3, 2)
    assert nu_checked(pages + fragments) == {str(document): [] for document in pages + fragments}


def test_a_structured_fragment_keeps_its_styles_inside_it(browser, structured_dist, tmp_path):
    host = tmp_path / 'host.html'
    host.write_text(HOST_PAGE.replace('{fragment}', (structured_dist / f'{STRUCTURED_ID}.ko.fragment.html').read_text()))
    page = open_page(browser, host)
    assert page.evaluate('getComputedStyle(document.querySelector("#host")).color') == 'rgb(1, 2, 3)'
    assert page.evaluate('getComputedStyle(document.querySelector("#slot > div").shadowRoot.querySelector("ul.level-1"))'
                         '.listStyleType') == '"□ "'
    assert (page.failed, page.errors) == ([], [])


#: Host stylesheets of real sites, each of which once changed or hid a fragment.
HOST_STYLESHEETS = {
    'universal': '* { font-size: 30px; color: red; }',
    'bootstrap-like reset': '''*, ::before, ::after { box-sizing: border-box; }
html { font-size: 62.5%; line-height: 1.15; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: Georgia, serif; font-size: 1.4rem; font-weight: 400; line-height: 1.5;
       color: #212529; text-align: left; background-color: #fafafa; }
h1, h2, h3 { margin-top: 0; margin-bottom: .5rem; font-weight: 500; line-height: 1.2; }
p { margin-top: 0; margin-bottom: 1rem; } ul, ol, dl { margin-top: 0; margin-bottom: 1rem; padding-left: 4rem; }
a { color: #007bff; text-decoration: none; background-color: transparent; }
img { vertical-align: middle; border-style: none; } figure { margin: 0 0 1rem; }
blockquote { margin: 0 0 1rem; font-style: italic; } dt { font-weight: 700; } dd { margin-bottom: .5rem; margin-left: 0; }''',
    'a class of the site': '.release { display: none; } .publisher { background: black; }',
    'inherited text styles': 'body { letter-spacing: 3px; word-spacing: 9px; text-transform: uppercase; '
                             'font-style: italic; text-align: center; line-height: 3; visibility: visible; '
                             'text-indent: 5em; white-space: pre; cursor: wait; }',
}

#: Every computed property of every element in the fragment's shadow root.
COMPUTED_STYLES = '''() => [...document.querySelector("#slot > div").shadowRoot.querySelectorAll("*")]
  .filter(element => element.localName !== "style")
  .map(element => { const style = getComputedStyle(element);
                    return [element.localName, Object.fromEntries([...style].map(name => [name, style.getPropertyValue(name)]))]; })'''


def host_page(fragment: str, stylesheet: str = '') -> str:
    """A host page of the web team's, with its own styles, the fragment in a container of fixed width."""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ministry site</title>'
            f'<style>{stylesheet}</style></head><body><main><h1>News</h1>'
            f'<div id="slot" style="width: 800px">{fragment}</div></main></body></html>')


def fragment_styles(browser, folder, fragment: str, stylesheet: str):
    """Every computed style in ``fragment`` on a host page with ``stylesheet``, which shows its article
    and both its titles."""
    (folder / 'host.html').write_text(host_page(fragment, stylesheet))
    page = open_page(browser, folder / 'host.html')
    styles = page.evaluate(COMPUTED_STYLES)
    assert page.get_by_role('article').is_visible() and page.get_by_role('heading', level=1).count() == 2
    page.close()
    return styles


@pytest.fixture(scope='module')
def bare_fragment_styles(browser, dist, tmp_path_factory):
    """The Korean fragment's computed styles on a host page without styles, read once for every host stylesheet."""
    fragment = (dist / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.fragment.html').read_text()
    return fragment_styles(browser, tmp_path_factory.mktemp('bare'), fragment, '')


@pytest.mark.parametrize('host', HOST_STYLESHEETS)
def test_the_host_pages_styles_change_nothing_in_a_fragment(browser, dist, bare_fragment_styles, tmp_path, host):
    fragment = (dist / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.fragment.html').read_text()
    bare, styled = bare_fragment_styles, fragment_styles(browser, tmp_path, fragment, HOST_STYLESHEETS[host])
    assert len(bare) > 40 and len(bare[0][1]) > 300
    changed = [(element, name, before[name], after[name])
               for (element, before), (_, after) in zip(bare, styled) for name in before if before[name] != after[name]]
    assert changed == []


def test_a_fragment_is_styled_without_the_host_page_too(browser, dist, tmp_path):
    """The isolation keeps the release's own look: its title in its colour and size, its photos in the column."""
    (tmp_path / 'host.html').write_text(host_page((dist / SEED / f'{SEED}.en.fragment.html').read_text(),
                                                  HOST_STYLESHEETS['universal']))
    page = open_page(browser, tmp_path / 'host.html')
    root = page.locator('#slot > div').evaluate_handle('host => host.shadowRoot')
    assert root.evaluate('root => [getComputedStyle(root.querySelector("h1")).color, '
                         'getComputedStyle(root.querySelector("h1")).fontSize]') == ['rgb(0, 55, 100)', '28px']
    assert root.evaluate('root => [...root.querySelectorAll("img")].map(image => image.getBoundingClientRect().width)') \
        == [672, 672]  # the release's column, 42rem: the host's 30px root font size changes nothing


def test_fragments_of_several_releases_and_editions_share_a_page(browser, dist, tmp_path):
    """No id twice in the page, and each article is announced by its own title."""
    fragments = [dist / release / f'{release}.{language}.fragment.html'
                 for release, language in ((SEED, 'ko'), (SEED, 'en'), (KOREAN_FIRST, 'ko'), (KOREAN_FIRST, 'en'))]
    (tmp_path / 'host.html').write_text(host_page(''.join(path.read_text() for path in fragments)))
    page = open_page(browser, tmp_path / 'host.html')
    ids = page.evaluate('''() => [document, ...[...document.querySelectorAll("#slot > div")].map(host => host.shadowRoot)]
      .map(root => [...root.querySelectorAll("[id]")].map(element => element.id))''')
    assert all(len(found) == len(set(found)) for found in ids) and len(ids[0]) > 0
    titles = page.evaluate('''[...document.querySelectorAll("#slot > div")].map(host => host.shadowRoot.querySelector("h1").textContent)''')
    assert len(set(titles)) == 4
    for title in titles:
        assert page.get_by_role('article', name=title, exact=True).count() == 1
    # The photos of two releases cannot all load beside one host page: what matters is that nothing else fails.
    assert [error for error in page.errors if not error.startswith('Failed to load resource')] == []


def test_the_footnotes_of_two_releases_keep_their_own_ids_in_one_page(tmp_path):
    """Each fragment's plain-HTML copy sits in the host's document, where two releases' footnotes
    and their references must not share an id."""
    from lxml import html as lxml_html

    from conftest import structured_workspace

    record = structured_workspace(tmp_path)
    twin = record.parent.parent / 'twin' / 'release.yaml'
    twin.parent.mkdir()
    twin.write_text(record.read_text(encoding='utf-8').replace('mois-structured-2019', 'mois-structured-twin-2019'),
                    encoding='utf-8')
    result = CliRunner().invoke(main, ['render', str(record), str(twin), '-l', 'ko', '-f', 'html',
                                       '--out', str(tmp_path / 'dist')])
    assert result.exit_code == 0, result.output
    ids = [{element.get('id') for element in lxml_html.fragment_fromstring(path.read_text()).iter() if element.get('id')}
           for path in sorted((tmp_path / 'dist').glob('*/*.ko.fragment.html'))]
    assert len(ids) == 2 and all(any(name.startswith('fn-') for name in found) for found in ids)
    assert ids[0].isdisjoint(ids[1])


def test_a_browser_without_shadow_roots_shows_the_release_as_plain_html(dist):
    """The copy after the template is the same release, for browsers that do not attach the shadow root."""
    from lxml import html as lxml_html

    element = lxml_html.fragment_fromstring((dist / SEED / f'{SEED}.en.fragment.html').read_text())
    template = element.find('template')
    inside, outside = template.find('div[@class="publisher"]'), template.getnext()
    assert outside.get('class') == 'publisher' and outside.get('lang') == 'en'
    assert lxml_html.tostring(inside).strip() == lxml_html.tostring(outside).strip()
    assert 'MOIS to expand cooperation' in outside.find('article/header/h1').text_content()


AXE = ROOT / '.tools' / 'node_modules' / 'axe-core' / 'axe.min.js'


def axe_violations(page):
    """What axe-core finds in the open page: every rule, best practices included."""
    page.add_script_tag(path=AXE)
    return page.evaluate('axe.run().then(result => result.violations.map(v => [v.id, v.nodes.map(n => n.target)]))')


def test_every_page_passes_axe_core(browser, dist):
    assert AXE.is_file(), 'axe-core is missing: make test installs it'
    pages = sorted(path for path in dist.rglob('*.html') if not path.name.endswith('.fragment.html'))
    found = {}
    for path in pages:
        page = open_page(browser, path)
        found[path.name] = axe_violations(page)
        assert page.evaluate('document.querySelectorAll("main").length') == 1
        page.close()
    assert len(found) == 9 and found == {name: [] for name in found}


def test_fragments_in_a_host_page_pass_axe_core(browser, dist, tmp_path):
    fragments = sorted(dist.rglob('*.fragment.html'))
    (tmp_path / 'host.html').write_text(host_page(''.join(path.read_text() for path in fragments)))
    page = open_page(browser, tmp_path / 'host.html')
    assert axe_violations(page) == []


def test_a_range_an_amount_or_a_phone_number_never_breaks_across_lines_on_a_page(browser, dist):
    """At every width from a phone's to a column's, each run breaks.py keeps whole is drawn on one line."""
    page = open_page(browser, dist / KOREAN_FIRST / f'{KOREAN_FIRST}.en.html')
    runs = page.evaluate('[...document.querySelectorAll(".unbroken")].map(run => run.textContent)')
    assert {'2020–2022.', 'KRW 1.2 billion', '+82 44 205 0000', 'December 2019 – January 2020.'} <= {
        ' '.join(run.split()) for run in runs}
    broken = set()
    for width in range(280, 520, 6):
        page.set_viewport_size({'width': width, 'height': 900})
        broken |= set(page.evaluate('[...document.querySelectorAll(".unbroken")]'
                                    '.filter(run => run.getClientRects().length > 1).map(run => run.textContent)'))
    page.close()
    assert broken == set()
