"""Thai lines break between the words ICU's dictionary finds, never inside one.

The PDFs' line ends are read back against Chromium's own ICU in test_languages.py."""

from __future__ import annotations

import pytest

from publisher.render.syllables import ZERO_WIDTH_SPACE
from publisher.render.words import UNBROKEN, break_between_words


def shown(text):
    """``text`` with its break opportunities as | and its words' spans left out."""
    return text.replace(ZERO_WIDTH_SPACE, '|').replace('<span class="unbroken">', '').replace('</span>', '')


@pytest.mark.parametrize('text, broken', [
    ('กระทรวงมหาดไทย', 'กระทรวง|มหาดไทย'),
    ('ความร่วมมือด้านการบริหาร', 'ความ|ร่วม|มือ|ด้าน|การ|บริหาร'),
    ('ประเทศไทย', 'ประเทศไทย'),                                       # a compound the dictionary keeps whole
    ('สำนักงาน ก.พ.ร.', 'สำนักงาน ก.พ.ร.'),
    ('<a href="x">กระทรวงมหาดไทย</a>', '<a href="x">กระทรวง|มหาดไทย</a>'),   # text only, never markup
])
def test_a_thai_run_may_break_between_its_dictionary_words_only(text, broken):
    assert shown(break_between_words(text)) == broken


def test_each_word_is_kept_on_one_line():
    assert break_between_words('ร่วมมือ') == (f'<span class="{UNBROKEN}">ร่วม</span>{ZERO_WIDTH_SPACE}'
                                              f'<span class="{UNBROKEN}">มือ</span>')
