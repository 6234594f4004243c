"""Values written into stylesheets, read back by Chromium's CSS parser."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from publisher.render.css import absolute_lengths, css_string, font_list

from conftest import SEED


@pytest.fixture(scope='module')
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path='/usr/bin/chromium', args=['--no-sandbox', '--disable-gpu'])
        yield browser.new_page()
        browser.close()


def parsed_families(page, css):
    page.set_content(f'<!DOCTYPE html><title>t</title><style>.x {{ font-family: {css}; }}</style><p class="x">x</p>')
    return page.evaluate('[document.querySelectorAll("style, script").length, '
                         'getComputedStyle(document.querySelector(".x")).fontFamily]')


@pytest.mark.parametrize('names, parsed', [
    (['Noto Sans KR', 'Apple SD Gothic Neo'], '"Noto Sans KR", "Apple SD Gothic Neo"'),
    (['나눔고딕', 'Malgun Gothic'], '나눔고딕, "Malgun Gothic"'),
    (['A "quoted" face', 'back\\slash'], '"A \\"quoted\\" face", "back\\\\slash"'),
    (['</style><script>document.title = 1</script>'], '"</style><script>document.title = 1</script>"'),
])
def test_a_font_list_reaches_the_css_parser_as_the_families_it_names(page, names, parsed):
    assert parsed_families(page, font_list(names)) == [1, parsed]


def test_a_css_string_is_markup_the_templates_leave_alone():
    assert str(font_list(['A', 'B'], ['C'])) == '"A", "B", "C"' and css_string('<') == '"\\3c "'


@pytest.mark.parametrize('css, absolute', [
    ('margin: .25rem 0 -.5rem; font-size: 1.75rem', 'margin: 4px 0 -8px; font-size: 28px'),
    ('max-width: 42rem', 'max-width: 672px'),
    ('grid-area: a-1rem; width: 2em', 'grid-area: a-1rem; width: 2em'),
])
def test_a_fragments_lengths_do_not_follow_the_host_pages_root_font_size(css, absolute):
    assert absolute_lengths(css) == absolute


def test_the_pages_font_lists_are_lists_to_the_browser(page, dist):
    """Each language's fallbacks are tried: Korean, Thai and Burmese text never meets one bogus family."""
    page.goto((dist / SEED / f'{SEED}.ko.html').as_uri())
    families = page.evaluate('''[...document.styleSheets[0].cssRules].filter(rule => rule.selectorText === ".publisher :lang(ko)")
                                .map(rule => rule.style.fontFamily)''')
    assert families[0] == '"Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", NanumGothic, "Noto Sans", sans-serif'
    assert '&#34;' not in (dist / SEED / f'{SEED}.ko.html').read_text()
