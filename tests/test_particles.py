"""Particles after a placeholder and articles before one take the form its value needs."""

from __future__ import annotations

import pytest

from publisher.particles import agree, last_sound, unknown_forms

#: Each particle in its forms after a final consonant, a vowel, and ㄹ.
PARTICLES = [
    ('은', '는', '은'),
    ('이', '가', '이'),
    ('을', '를', '을'),
    ('과', '와', '과'),
    ('으로', '로', '로'),
    ('이나', '나', '이나'),
    ('이라', '라', '이라'),
    ('이란', '란', '이란'),
    ('이며', '며', '이며'),
    ('이랑', '랑', '이랑'),
    ('으로서', '로서', '로서'),
    ('으로써', '로써', '로써'),
    ('으로부터', '로부터', '로부터'),
    ('이에요', '예요', '이에요'),
    ('이었', '였', '이었'),
    ('이다', '다', '이다'),
]

CONSONANT, VOWEL, RIEUL = 0, 1, 2

#: Values and the sound Korean reads them ending with.
ENDINGS = [
    ('부산', CONSONANT), ('행정안전부', VOWEL), ('서울', RIEUL),
    ('Busan', CONSONANT), ('Bangkok', CONSONANT), ('Seoul', RIEUL), ('Korea', VOWEL),
    ('KOICA', VOWEL), ('OPDC', VOWEL), ('ASEAN', CONSONANT), ('APEC', VOWEL), ('UNDP', VOWEL),
    ('3', CONSONANT), ('2019', VOWEL), ('1', RIEUL), ('7', RIEUL), ('10', CONSONANT), ('3,000', CONSONANT),
    ('100000', CONSONANT), ('1.5', VOWEL), ('87%', VOWEL), ('‘정부24’', VOWEL), ('12억 원', CONSONANT),
    ('550만 달러', VOWEL), ('KRW 1.2 billion', CONSONANT),
]


def written_forms(consonant, vowel):
    forms = {consonant, vowel, f'{consonant}({vowel})', f'{vowel}({consonant})'}
    if consonant.endswith(vowel) and consonant != vowel:
        forms.add(f'({consonant[:-len(vowel)]}){vowel}')
    return sorted(forms)


CASES = [(value, sound, forms, written)
         for value, sound in ENDINGS for forms in PARTICLES for written in written_forms(*forms[:2])]


@pytest.mark.parametrize('value, sound, forms, written', CASES)
def test_every_particle_takes_the_form_of_the_value_before_it(value, sound, forms, written):
    literals, corrections = agree(['', f'{written} 있다.'], [value], 'ko')
    assert literals[1] == f'{forms[sound]} 있다.'
    assert bool(corrections) == (written != forms[sound])


@pytest.mark.parametrize('value, sound', ENDINGS)
def test_the_last_sound_is_read_as_korean_reads_it(value, sound):
    assert last_sound(value) == ('consonant', 'vowel', 'ㄹ')[sound]


@pytest.mark.parametrize('after', ['이후 달라졌다', '가량이다', '이지만', '에서', '의', '까지', ' 이상'])
def test_a_word_that_only_begins_like_a_particle_is_left_alone(after):
    assert agree(['', after], ['행정안전부'], 'ko') == (['', after], [])


@pytest.mark.parametrize('after, expected', [
    ('와의 협력', '과의 협력'), ('로는 처음', '으로는 처음'), ('였다.', '이었다.'), ('라고 밝혔다', '이라고 밝혔다'),
    ('’는', '’은'), ('”가', '”이'), ('(왼쪽)는', '(왼쪽)은'), ('(Busan)가', '(Busan)이'), ('(으)로', '으로'),
])
def test_a_particle_may_go_on_and_may_follow_a_closing_mark(after, expected):
    assert agree(['‘', after], ['부산'], 'ko')[0][1] == expected


def test_each_correction_says_why():
    _, corrections = agree(['', '는 ', '를 지원한다.'], ['부산', 'KOICA'], 'ko')
    assert [(c.index, c.written, c.right, c.reason) for c in corrections] == [
        (0, '는', '은', '부산 ends in a consonant')]


@pytest.mark.parametrize('before, value, expected', [
    ('with a ', 'OPDC', 'with an '), ('with an ', 'Korean delegation', 'with a '), ('A ', 'ASEAN forum', 'An '),
    ('an ', 'university', 'a '), ('a ', 'hour-long talk', 'an '), ('a ', '8% rise', 'an '),
    ('a ', '11-day visit', 'an '), ('an ', 'USD 5.5 million fund', 'a '), ('a ', 'NGO', 'an '),
    ('a ', 'Korea-ASEAN forum', 'a '), ('banana ', 'OPDC', 'banana '),
])
def test_english_articles_take_the_form_of_the_value_after_them(before, value, expected):
    assert agree([before, '.'], [value], 'en')[0][0] == expected


def test_a_language_without_rules_is_left_as_written():
    assert agree(['', '는'], ['부산'], 'ja') == (['', '는'], [])


@pytest.mark.parametrize('after, unknown', [
    ('은(가) 있다', ['은(가)']), ('(이)로 간다', ['(이)로']), ('은(는) 있다', []), ('(으)로 간다', []),
    ('(왼쪽)이 섰다', []), ('(KOICA)와', []),
])
def test_two_forms_that_are_no_pair_are_found(after, unknown):
    assert [form for _, form in unknown_forms(['', after], ['부산'], 'ko')] == unknown
