"""Burmese lines break between syllables, never inside one: read back from every line end of the PDF."""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.render.syllables import ZERO_WIDTH_SPACE, break_between_syllables

from conftest import SEED, pdftotext, record_of

MYANMAR = re.compile('[\u1000-\u109f]')
VIRAMA, ASAT = '\u1039', '\u103a'
#: The right edge of the text on an A4 page with 20 mm margins, in points.
TEXT_RIGHT = 595.28 - 20 / 25.4 * 72


def inside_a_syllable(before: str, after: str) -> bool:
    """Whether a break between ``before`` and ``after`` (Myanmar text) falls inside a syllable: before a
    mark, after a virama, before a consonant that closes its syllable (followed by asat or virama), or
    inside a number."""
    return (unicodedata.category(after[0]).startswith('M') or before[-1] == VIRAMA
            or after[1:2] in (ASAT, VIRAMA) or (before[-1].isdigit() and after[0].isdigit()))


@pytest.mark.parametrize('text, opened', [
    ('အုပ်ချုပ်ရေး', 'အုပ်|ချုပ်|ရေး'),     # a final consonant stays with its syllable
    ('မြန်မာနိုင်ငံ', 'မြန်|မာ|နိုင်|ငံ'),
    ('ဗုဒ္ဓ', 'ဗုဒ္ဓ'),                       # a stacked consonant stays with the one above
    ('၂၀၁၉ ခုနှစ်။', '၂၀၁၉ ခု|နှစ်။'),         # a number is whole; ။ never starts a line
    ('ငံ၊ ထိုင်း', 'ငံ၊ ထိုင်း'),
    ('<a href="x">မြန်မာ</a>', '<a href="x">မြန်|မာ</a>'),  # text only, never markup
])
def test_a_run_may_break_between_its_syllables_only(text, opened):
    assert break_between_syllables(text).replace(ZERO_WIDTH_SPACE, '|') == opened


def line_ends(lines):
    """(line, next line) of each line break inside Burmese text."""
    return [(first.rstrip(), second.lstrip()) for first, second in zip(lines, lines[1:])
            if MYANMAR.match(first.rstrip()[-1:]) and MYANMAR.match(second.lstrip()[:1])]


def test_no_burmese_line_of_the_seed_ends_inside_a_syllable(dist):
    lines = [line for line in pdftotext(dist / SEED / f'{SEED}.my.pdf').splitlines() if line.strip()]
    ends = line_ends(lines)
    assert len(ends) > 20
    assert [(first[-8:], second[:8]) for first, second in ends if inside_a_syllable(first, second)] == []


def test_an_unspaced_burmese_paragraph_breaks_between_syllables_within_the_margins(workspace, tmp_path):
    """The seed's Burmese lead, written without spaces and followed by "public administration" forty
    times: a run far longer than a line, whose syllables mostly end in a consonant of their own."""
    catalog = workspace / 'locales' / 'my' / 'LC_MESSAGES' / f'{SEED}.po'
    text = catalog.read_text()
    start = text.index('msgstr ""\n"{mois}၊')
    end = text.index('\n\n', start)
    unspaced = ''.join(re.findall(r'"(.*)"', text[start:end])).replace(' ', '') + 'ပြည်သူ့အုပ်ချုပ်ရေး' * 40
    catalog.write_text(text[:start] + f'msgstr "{unspaced}"' + text[end:])
    result = CliRunner().invoke(main, ['render', str(record_of(workspace, SEED)), '-l', 'my', '-f', 'pdf',
                                       '--out', str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / SEED / f'{SEED}.my.pdf'
    lines = [line for line in pdftotext(pdf).splitlines() if line.strip()]
    inside_the_lead = [(first, second) for first, second in line_ends(lines)
                       if first.replace(' ', '')[-6:] in unspaced and second.replace(' ', '')[:6] in unspaced]
    assert inside_the_lead
    assert [pair for pair in inside_the_lead if inside_a_syllable(*pair)] == []
    right_edges = [float(edge) for edge in re.findall(r'<line xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)"',
                                                     pdftotext(pdf, '-bbox-layout'))]
    assert max(right_edges) <= TEXT_RIGHT + 1
