"""Web fonts: pages drawn with the package's fonts in a browser that has no Korean font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from playwright.sync_api import sync_playwright

from publisher.cli import main
from publisher.render.webfonts import FACES, page_characters

from conftest import KOREAN_FIRST, ROOT, SEED

# Every edition of one release, and the other's bilingual page, which holds all its text.
PAGES = [(SEED, 'ko'), (SEED, 'en'), (SEED, 'ko-en'), (KOREAN_FIRST, 'ko-en')]
LATIN_FONTS = Path('/usr/share/fonts/truetype/dejavu')


@pytest.fixture(scope='module')
def browser(tmp_path_factory):
    """Chromium seeing only a Latin font folder (DejaVu), as on a fresh machine without Korean fonts."""
    folder = tmp_path_factory.mktemp('fontconfig')
    (folder / 'fonts.conf').write_text(f'''<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  {f"<dir>{LATIN_FONTS}</dir>" if LATIN_FONTS.is_dir() else ""}
  <cachedir>{folder / "cache"}</cachedir>
</fontconfig>
''')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path='/usr/bin/chromium', env={'FONTCONFIG_FILE': str(folder / 'fonts.conf'), 'HOME': str(folder)},
            args=['--no-sandbox', '--disable-gpu', '--disable-background-networking',
                  '--disable-component-update', '--disable-sync', '--no-first-run'])
        yield browser
        browser.close()


def fonts_drawing(browser, path):
    """For each element of the page with text of its own: the fonts Chromium drew that text with,
    as (family, is a web font, glyphs); and the requests that failed."""
    page = browser.new_page()
    failed = []
    page.on('requestfailed', lambda request: failed.append(request.url))
    page.goto(path.as_uri())
    page.evaluate('document.fonts.ready')
    session = page.context.new_cdp_session(page)
    session.send('DOM.enable')
    session.send('CSS.enable')
    root = session.send('DOM.getDocument', {'depth': -1})['root']
    drawn = {}
    for node_id in session.send('DOM.querySelectorAll', {'nodeId': root['nodeId'], 'selector': 'body *'})['nodeIds']:
        fonts = session.send('CSS.getPlatformFontsForNode', {'nodeId': node_id})['fonts']
        if fonts:
            text = session.send('DOM.getOuterHTML', {'nodeId': node_id})['outerHTML'][:80]
            drawn[text] = [(font['familyName'], font['isCustomFont'], font['glyphCount']) for font in fonts]
    page.close()
    return drawn, failed


@pytest.mark.parametrize('release, edition', PAGES)
def test_no_character_of_a_page_falls_back_to_a_system_font(browser, dist, release, edition):
    drawn, failed = fonts_drawing(browser, dist / release / f'{release}.{edition}.html')
    assert failed == []
    assert len(drawn) > 20
    fallbacks = {text: fonts for text, fonts in drawn.items() if not all(custom for _, custom, _ in fonts)}
    assert fallbacks == {}
    families = {family for fonts in drawn.values() for family, _, _ in fonts}
    # Korean text, Latin letters in it included, is in the Korean font, as in print; the links to
    # the Thai and Burmese editions are named in their own scripts.
    scripts = {'Noto Sans Thai', 'Noto Sans Myanmar'} if release == SEED else set()
    assert families == ({'NanumGothic', 'Noto Sans'} if 'en' in edition else {'NanumGothic'}) | scripts


def test_the_gallery_draws_every_title_with_the_web_fonts(browser, dist):
    drawn, failed = fonts_drawing(browser, dist / 'index.html')
    assert failed == []
    assert [text for text, fonts in drawn.items() if not all(custom for _, custom, _ in fonts)] == []
    # The seed's Thai and Burmese titles are in their fonts.
    assert {family for fonts in drawn.values() for family, _, _ in fonts} == {
        'NanumGothic', 'Noto Sans', 'Noto Sans Thai', 'Noto Sans Myanmar'}
    assert {path.name.split('.')[0] for path in (dist / 'fonts').iterdir()} >= {
        'NanumGothic', 'NotoSans-Regular', 'NotoSansThai-Regular', 'NotoSansMyanmar-Regular'}


def test_without_the_web_fonts_hangul_falls_back(browser, dist):
    """The same check on a fragment, which keeps the host's fonts: it sees the fallback, so it can fail."""
    drawn, _ = fonts_drawing(browser, dist / KOREAN_FIRST / f'{KOREAN_FIRST}.ko.fragment.html')
    assert any(not custom for fonts in drawn.values() for _, custom, _ in fonts)


@pytest.mark.parametrize('edition', ['ko', 'en', 'ko-en'])
def test_a_page_gets_subsets_of_exactly_its_own_characters(dist, edition):
    """So that a page changes only when its own text does, whatever else a render writes."""
    page = dist / KOREAN_FIRST / f'{KOREAN_FIRST}.{edition}.html'
    text = page.read_text()
    characters = page_characters(text)
    subsets = [page.parent / url for url in re.findall(r'url\("(media/[^"]+\.woff2)"\)', text)]
    # The Latin and Korean faces; no Thai or Burmese one for a page without those scripts.
    assert sorted(path.name.split('.')[0] for path in subsets) == [
        'NanumGothic', 'NanumGothicBold', 'NotoSans-Bold', 'NotoSans-Regular']
    for path in subsets:
        with TTFont(path) as subset, TTFont(ROOT / 'publisher' / 'fonts' / f'{path.name.split(".")[0]}.ttf') as font:
            assert subset.flavor == 'woff2'
            wanted = {ord(char) for char in characters}
            kept = set(subset.getBestCmap())
            assert wanted & set(font.getBestCmap()) <= kept
            # Besides, only what shaping reaches from them: ‹ from › as a mirrored form.
            assert len(kept - wanted) <= 2, [chr(point) for point in kept - wanted]
        assert path.stat().st_size < 40_000


def test_pages_name_installed_fonts_first_and_swap(dist):
    page = (dist / SEED / f'{SEED}.ko.html').read_text()
    assert 'src: local("NanumGothic"), local("나눔고딕"), url("media/NanumGothic.' in page
    assert page.count('font-display: swap') == len(FACES)


def test_fragments_get_the_fonts_only_when_asked(dist, tmp_path):
    assert '@font-face' not in (dist / SEED / f'{SEED}.en.fragment.html').read_text()
    result = CliRunner().invoke(main, ['render', str(ROOT / 'samples' / SEED), '-f', 'html', '-l', 'en',
                                       '--fonts', '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    fragment = (tmp_path / SEED / f'{SEED}.en.fragment.html').read_text()
    assert fragment.startswith('<div class="publisher"') and '@font-face' in fragment


def test_a_subset_is_the_same_bytes_on_every_machine(tmp_path, monkeypatch):
    from publisher.render import webfonts

    made = []
    for run in ('first', 'second'):
        monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / run))  # an empty cache: subset anew
        webfonts.subset.cache_clear()
        made.append(webfonts.subset('NotoSans-Regular.ttf', frozenset('Press release')))
    assert made[0] == made[1] and made[0][1]
    kept = (tmp_path / 'first' / 'publisher' / 'webfonts.checked' / made[0][0]).read_bytes()
    assert kept.partition(b'\n')[2] == made[0][1]  # after the digest it is checked against (cache.py)


#: Measures each paragraph and heading of a page in two families, on one line, once both are loaded.
MEASURE = '''async ([subset, whole]) => {
  const widths = [];
  for (const element of document.querySelectorAll('.publisher p, .publisher h1')) {
    const text = element.textContent.trim();
    const sizes = [];
    for (const family of [subset, whole]) {
      await document.fonts.load(`16px "${family}"`, text);
      const span = document.createElement('span');
      span.style.cssText = `font: 16px "${family}"; white-space: pre`;
      span.textContent = text;
      document.body.append(span);
      sizes.push(span.getBoundingClientRect().width);
      span.remove();
    }
    widths.push([text.slice(0, 30), ...sizes]);
  }
  return widths;
}'''


@pytest.mark.parametrize('language', ['th', 'my'])
def test_a_thai_or_burmese_page_draws_every_glyph_from_its_subset(browser, dist, language, tmp_path):
    """Each paragraph is as wide in the page's subset as in the whole font: a glyph the shaper needs
    that the subset lacks (the nikhahit HarfBuzz draws Thai ำ with) would be a box of another width."""
    from publisher.languages import FONTS as FONTS_BY_LANGUAGE

    font = FONTS_BY_LANGUAGE[language]
    path = dist / SEED / f'{SEED}.{language}.html'
    page = browser.new_page()
    page.goto(path.as_uri())
    whole = unhinted(font.regular, tmp_path / 'whole.ttf')
    page.add_style_tag(content=f'@font-face {{ font-family: "Whole"; src: url("{whole.as_uri()}"); }}')
    widths = page.evaluate(MEASURE, [font.family, 'Whole'])
    page.close()
    assert len(widths) > 5
    assert [(text, subset, whole) for text, subset, whole in widths if subset != whole] == []
    assert page_characters(path.read_text()) >= ({'ำ'} if language == 'th' else {'ေ', 'ြ'})


def unhinted(file: str, out: Path) -> Path:
    """The whole font ``file``, every character and feature kept, without hinting, as the subsets are:
    Chromium rounds a hinted font's advances otherwise."""
    from fontTools import subset as subsetting

    options = subsetting.Options()
    options.hinting, options.layout_features, options.notdef_outline = False, ['*'], True
    with TTFont(ROOT / 'publisher' / 'fonts' / file) as font:
        subsetter = subsetting.Subsetter(options)
        subsetter.populate(unicodes=font.getBestCmap())
        subsetter.subset(font)
        font.save(out)
    return out
