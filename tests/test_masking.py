"""Masking: what a provider is sent, what comes back, and how a long string is cut."""

from __future__ import annotations

import pytest

from publisher.drafts.masking import MaskError, cut, mask

TERMS = [('아세안', 'ASEAN'), ('태국', 'Thailand')]


def test_placeholders_urls_numbers_and_terms_are_masked_and_come_back():
    masked = mask('{yoon} met ASEAN staff on 23 September, see https://mois.go.kr/x.', [('ASEAN', '아세안')])
    assert masked.text == '{0} met {1} staff on {2} September, see {3}.'
    assert masked.restore(masked.text.replace('met', '만났다')) == (
        '{yoon} 만났다 아세안 staff on 23 September, see https://mois.go.kr/x.')


def test_a_url_mask_ends_at_a_closing_bracket_and_the_particle_after_it_is_sent():
    masked = mask('자세한 내용은 행정안전부 누리집(https://www.mois.go.kr)에서 확인할 수 있다.')
    assert masked.text == '자세한 내용은 행정안전부 누리집({0})에서 확인할 수 있다.'
    assert masked.restore_with == ['https://www.mois.go.kr']


@pytest.mark.parametrize('text, url', [
    ('See https://www.mois.go.kr/eng/index.do.', 'https://www.mois.go.kr/eng/index.do'),
    ('https://www.mois.go.kr/a?b=1&c=2, then', 'https://www.mois.go.kr/a?b=1&c=2'),
    ('(see https://en.wikipedia.org/wiki/ASEAN_(disambiguation))', 'https://en.wikipedia.org/wiki/ASEAN_(disambiguation)'),
    ('https://www.korea.kr/news에 게시', 'https://www.korea.kr/news'),
    ('‘https://www.mois.go.kr’을', 'https://www.mois.go.kr'),
    ('www.mois.go.kr/x!', 'www.mois.go.kr/x'),
])
def test_a_url_ends_where_rfc_3986_and_the_sentence_end_it(text, url):
    assert mask(text).restore_with == [url]


def test_korean_title_marks_are_text_sent_and_kept_around_the_title():
    masked = mask('<2019 한-아세안 특별정상회의>를 계기로 「정부조직법」을 개정했다.', TERMS, source='ko')
    assert masked.text == '{0}{1} 한-{2} 특별정상회의{3}를 계기로 {4}정부조직법{5}을 개정했다.'
    assert masked.restore_with == ['<', '2019', 'ASEAN', '>', '「', '」']
    answer = 'On the occasion of {0}{1} {2}-Korea Commemorative Summit{3}, {4}Government Organization Act{5} was revised.'
    assert masked.restore(answer) == (
        'On the occasion of <2019 ASEAN-Korea Commemorative Summit>, 「Government Organization Act」 was revised.')


def test_a_title_whose_marks_come_back_reversed_is_refused():
    masked = mask('「정부조직법」 개정')
    with pytest.raises(MaskError, match='moved the marks of a title'):
        masked.restore('{1}Government Organization Act{0} revision')


def test_a_lone_less_than_and_greater_than_are_comparisons_sent_as_text():
    masked = mask('budgets < 1% of GDP but > 0.5%')
    assert masked.text == 'budgets < {0}% of GDP but > {1}%'
    assert masked.restore_with == ['1', '0.5']


def test_tags_are_text_since_a_record_holds_no_markup():
    assert mask('a <b>bold</b> claim').text == 'a {0}b{1}bold{2}/b{3} claim'
    assert mask('a <b>bold</b> claim').restore('{0}b{1}gras{2}/b{3}') == '<b>gras</b>'


@pytest.mark.parametrize('word', ['아세안', '아세안과', '아세안의', '아세안이', '아세안에서는', '아세안과의', '아세안이다'])
def test_a_glossary_term_followed_by_a_particle_is_masked(word):
    masked = mask(f'한국은 {word} 협력한다', TERMS, source='ko')
    assert masked.restore_with == ['ASEAN']
    assert masked.text == f'한국은 {{0}}{word[3:]} 협력한다'


def test_a_glossary_term_inside_another_word_is_not_masked():
    assert mask('아세안게임 개최, 대아세안 정책', TERMS, source='ko').restore_with == []
    assert mask('ASEANs and subASEAN', [('ASEAN', '아세안')], source='en').restore_with == []


def test_a_templates_percent_placeholders_are_masked_in_its_style():
    masked = mask('Page %(page)s of %(pages)s', style='python-format')
    assert masked.text == 'Page {0} of {1}' and masked.restore_with == ['%(page)s', '%(pages)s']


def test_a_long_string_is_cut_at_korean_and_latin_sentence_ends_and_joined_as_it_was():
    text = '첫째 문장이다. 둘째 문장은 “인용했다.” 셋째 문장이다!\n넷째. Fifth one? Sixth.'
    pieces = cut(text, lambda piece: len(piece) <= 20)
    assert ''.join(pieces) == text
    assert pieces == ['첫째 문장이다. ', '둘째 문장은 “인용했다.” ', '셋째 문장이다!\n넷째. ', 'Fifth one? Sixth.']


def test_a_sentence_too_long_is_cut_at_its_clauses_and_else_not_at_all():
    text = '정부는 재난관리, 지방행정, 디지털 정부 분야에서 협력한다.'
    pieces = cut(text, lambda piece: len(piece) <= 20)
    assert ''.join(pieces) == text and all(len(piece) <= 20 for piece in pieces)
    assert cut(text, lambda piece: len(piece) <= 8) is None


def test_a_title_is_never_cut():
    masked = mask('<한-아세안 협력 기금. 2단계 사업> 착수. 다음.')
    assert masked.text == '{0}한-아세안 협력 기금. 2단계 사업{1} 착수. 다음.'
    assert cut(masked.text, lambda piece: len(piece) <= 30, masked.titles()) == [
        '{0}한-아세안 협력 기금. 2단계 사업{1} 착수. ', '다음.']


def test_the_particle_after_a_replaced_term_is_fitted_to_the_term():
    """The provider saw a mask, not 태국: its particle is made right for the term (the language layer's rules)."""
    pytest.importorskip('publisher.particles', reason='the particle rules of the language layer')
    masked = mask('{yoon} said Thailand and Myanmar agreed.', [('Thailand', '태국'), ('Myanmar', '미얀마')], source='en')
    assert masked.text == '{0} said {1} and {2} agreed.'
    assert masked.restore('{0}는 {1}는 {2}과 합의했다고 말했다.', 'ko') == '{yoon}는 태국은 미얀마와 합의했다고 말했다.'
