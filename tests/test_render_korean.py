"""Korean print lines break between words only: each word's characters are joined (the PDF keeps them
whole: see test_render_pdf's test_no_korean_word_is_split_across_lines)."""

from __future__ import annotations

from publisher.render.korean import WORD_JOINER, keep_words

J = WORD_JOINER


def test_the_characters_of_a_korean_word_are_joined_and_words_stay_apart():
    assert keep_words('<p>행정 협력을 확대</p>') == f'<p>행{J}정 협{J}력{J}을 확{J}대</p>'


def test_a_word_is_joined_with_its_punctuation_latin_letters_and_digits():
    assert keep_words('<p>23일(월) MOIS의</p>') == f'<p>2{J}3{J}일{J}({J}월{J}) M{J}O{J}I{J}S{J}의</p>'


def test_character_references_stay_whole():
    assert keep_words('<p>&#39;신남방&amp;정책&#x27;</p>') == (
        f'<p>&#39;{J}신{J}남{J}방{J}&amp;{J}정{J}책{J}&#x27;</p>')


def test_markup_and_text_without_hangul_are_left_as_they_are():
    page = ('<head><title>행정</title></head><p title="행정">English words, 123 <a href="#행정">'
            '<!-- 행정 --></a></p><style>p::before { content: "행정" }</style>')
    assert keep_words(page) == page
