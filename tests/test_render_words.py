"""Thai lines break between the words ICU's dictionary finds, never inside one.

The PDFs' line ends are read back against Chromium's own ICU in test_languages.py."""

from __future__ import annotations

import html
import re
import unicodedata
from xml.etree import ElementTree

import pytest

from publisher.render import libthai
from publisher.render.korean import WORD_JOINER
from publisher.render.syllables import ZERO_WIDTH_SPACE
from publisher.render.words import DICTIONARY_SCRIPTS, UNBROKEN, Dictionary, break_between_words, words

from conftest import SEED, ROOT, run

THAI = next(pattern for pattern, dictionary in DICTIONARY_SCRIPTS.items() if dictionary.language == 'th')


def shown(text):
    """``text`` with its break opportunities as | and its words' spans left out."""
    return text.replace(ZERO_WIDTH_SPACE, '|').replace(f'<span class="{UNBROKEN}">', '').replace('</span>', '')


@pytest.mark.parametrize('text, broken', [
    ('กระทรวงมหาดไทย', 'กระทรวง|มหาดไทย'),
    ('ความร่วมมือด้านการบริหาร', 'ความ|ร่วม|มือ|ด้าน|การ|บริหาร'),
    ('ประเทศไทย', 'ประเทศไทย'),                                       # a compound the dictionary keeps whole
    ('สำนักงาน ก.พ.ร.', 'สำนักงาน ก.พ.ร.'),
    ('<a href="x">กระทรวงมหาดไทย</a>', '<a href="x">กระทรวง|มหาดไทย</a>'),   # text only, never markup
])
def test_a_thai_run_may_break_between_its_dictionary_words_only(text, broken):
    assert shown(break_between_words(text)) == broken


@pytest.mark.parametrize('word', ['ประเทศไทย', 'กรุงเทพมหานคร', 'เนื่องจาก'])
def test_a_word_libthai_would_break_is_kept_on_one_line(word):
    assert libthai.line_breaks(word)  # ประเทศ|ไทย, กรุงเทพ|มหานคร, เนื่อง|จาก
    assert break_between_words(word) == f'<span class="{UNBROKEN}">{word}</span>'


def test_words_libthai_keeps_whole_are_left_as_they_are():
    assert libthai.line_breaks('ร่วม') == libthai.line_breaks('มือ') == ()
    assert break_between_words('ร่วมมือ') == f'ร่วม{ZERO_WIDTH_SPACE}มือ'


def test_without_libthai_every_word_is_kept_on_one_line(monkeypatch):
    """The breaks Pango would make cannot be asked: each word in a span, as correct and as slow as before."""
    monkeypatch.setattr(libthai, 'LIBRARY_NAMES', ('libthai-absent.so.0',))
    libthai._breaker.cache_clear()
    try:
        assert libthai.line_breaks('ประเทศไทย') is None
        # A row of its own: what a row made of a word is remembered, and libthai was there for the others.
        monkeypatch.setitem(DICTIONARY_SCRIPTS, THAI, Dictionary('th', lambda word: libthai.line_breaks(word)))
        assert break_between_words('ร่วมมือ') == (f'<span class="{UNBROKEN}">ร่วม</span>{ZERO_WIDTH_SPACE}'
                                                  f'<span class="{UNBROKEN}">มือ</span>')
    finally:
        libthai._breaker.cache_clear()


def _seed_thai_text():
    """The Thai translations of the seed, as its catalog holds them."""
    from babel.messages.pofile import read_po

    with open(ROOT / 'locales' / 'th' / 'LC_MESSAGES' / f'{SEED}.po', 'rb') as catalog:
        return [message.string for message in read_po(catalog) if message.id and message.string]


def test_pango_breaks_a_line_inside_a_word_only_where_libthai_breaks_it_alone():
    """What Pango makes of a run whose words are parted by ZERO WIDTH SPACE: it lets a line break inside
    a word exactly where libthai, asked about that word alone, does; so a word it would not break needs
    no span."""
    from publisher.render.libraries import import_weasyprint

    import_weasyprint()
    from weasyprint.text.line_break import get_log_attrs

    compared = 0
    for translation in _seed_thai_text():
        for thai in THAI.findall(translation):
            parted = ZERO_WIDTH_SPACE.join(words(thai, 'th'))
            attributes = get_log_attrs(parted, 'th')
            found = {index for index in range(1, len(parted))
                     if attributes[index].is_line_break and parted[index - 1] != ZERO_WIDTH_SPACE}
            expected, start = set(), 0
            for word in parted.split(ZERO_WIDTH_SPACE):
                expected |= {start + index for index in libthai.line_breaks(word)}
                start += len(word) + 1
            assert found == expected, thai
            compared += 1
    assert compared > 100


def _letters(text):
    """``text``'s letters without marks, spaces and invisible joiners, with each one's index in ``text``:
    the PDF's text puts Thai marks in visual order."""
    kept = [(index, char) for index, char in enumerate(text) if not char.isspace()
            and char not in (ZERO_WIDTH_SPACE, WORD_JOINER) and not unicodedata.category(char).startswith('M')]
    return ''.join(char for _, char in kept), [index for index, _ in kept]


def _pdf_lines(path):
    """Each line of the PDF's pages as pdftotext reads it: its words, and its right end (pt)."""
    xml = run('pdftotext', '-bbox-layout', str(path), '-')
    for line in ElementTree.fromstring(xml).iterfind('.//{*}line'):
        yield ' '.join(word.text or '' for word in line.iterfind('{*}word')), float(line.get('xMax'))


@pytest.fixture(scope='module')
def thai_page():
    """The seed's Thai print page, its files, and its text as a reader reads it."""
    from publisher import load_record
    from publisher.build import localise_all
    from publisher.render.html import Media, render_page

    release = load_record(ROOT / 'samples' / SEED / 'release.yaml')
    media = Media.for_print()
    page = render_page([localise_all(release, [('th',)])['th']], release.workspace, print=True, media=media)
    body = re.sub(r'<head\b.*?</head>|<[^>]*>', '', page, flags=re.S)
    return release, page, media.read, html.unescape(body).replace(ZERO_WIDTH_SPACE, '')


@pytest.mark.parametrize('width_mm', [100, 130, 170, 210])
def test_thai_print_lines_end_between_dictionary_words_at_any_width(thai_page, width_mm, tmp_path):
    """Every line of the seed's Thai PDF that ends inside a run of letters ends where ICU's dictionary
    ends a word (so never inside a compound libthai splits, such as ประเทศไทย), and none runs
    past the right margin (20 mm)."""
    from publisher.render.pdf import render_pdf

    release, page, files, text = thai_page
    narrowed = page.replace('</style>', f'@page {{ size: {width_mm}mm 297mm; }}</style>', 1)
    path = tmp_path / 'th.pdf'
    path.write_bytes(render_pdf(narrowed, release.workspace, source=release.source, files=files))

    boundaries = set()  # where each Thai word starts
    for thai in THAI.finditer(text):
        start = thai.start()
        for word in words(thai[0], 'th'):
            boundaries.add(start)
            start += len(word)
    letters, where = _letters(text)
    lines = list(_pdf_lines(path))
    inside, wrong = 0, []
    for (before, _), (after, _) in zip(lines, lines[1:]):
        tail, head = _letters(before)[0][-12:], _letters(after)[0][:12]
        found = letters.find(tail + head)
        if len(tail) < 4 or len(head) < 4 or found < 0:
            continue  # another block: a heading, the running header, a new paragraph
        cut, end = where[found + len(tail)], where[found + len(tail) - 1] + 1
        if THAI.fullmatch(text[end - 1:cut + 1]):  # the line ends inside a run of Thai letters
            inside += 1
            if cut not in boundaries:
                wrong.append(f'{before[-15:]}|{after[:15]}')
    assert inside >= 5
    assert wrong == []
    right_margin = width_mm / 25.4 * 72 - 20 / 25.4 * 72
    assert max(right for _, right in lines) <= right_margin + 1
