"""Addresses in prose become links, and nothing written after them does."""

from __future__ import annotations

import pytest

from publisher.links import linkify


@pytest.mark.parametrize('text, expected', [
    ('누리집(https://www.mois.go.kr)에서 확인',
     '누리집(<a href="https://www.mois.go.kr" translate="no">https://www.mois.go.kr</a>)에서 확인'),
    ('See https://www.mois.go.kr/eng/.',
     'See <a href="https://www.mois.go.kr/eng/" translate="no">https://www.mois.go.kr/eng/</a>.'),
    ('문의는 press@example.go.kr로 하면 된다.',
     '문의는 <a href="mailto:press@example.go.kr" translate="no">press@example.go.kr</a>로 하면 된다.'),
    ('at www.mois.go.kr, or',
     'at <a href="https://www.mois.go.kr" translate="no">www.mois.go.kr</a>, or'),
    ('(see https://en.wikipedia.org/wiki/ASEAN_(disambiguation))',
     '(see <a href="https://en.wikipedia.org/wiki/ASEAN_(disambiguation)" translate="no">'
     'https://en.wikipedia.org/wiki/ASEAN_(disambiguation)</a>)'),
    ('a & b <i>', 'a &amp; b &lt;i&gt;'),
    ('https://example.go.kr/?a=1&b="x"', '<a href="https://example.go.kr/?a=1&amp;b=" translate="no">'
     'https://example.go.kr/?a=1&amp;b=</a>&#34;x&#34;'),
])
def test_an_address_is_a_link_without_the_punctuation_or_particle_after_it(text, expected):
    assert linkify(text) == expected
