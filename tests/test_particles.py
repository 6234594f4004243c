"""Particles after a placeholder and articles before one take the form its value needs."""

from __future__ import annotations

import pytest

from publisher.particles import agree, last_sound, unaside, unknown_forms

#: Each particle in its forms after a final consonant, a vowel, and ㄹ; and whether after a
#: vowel its full form is right too (the copula: 학교이다 and 학교다).
PARTICLES = [
    ('은', '는', '은', False),
    ('이', '가', '이', False),
    ('을', '를', '을', False),
    ('과', '와', '과', False),
    ('으로', '로', '로', False),
    ('이나', '나', '이나', False),
    ('이라', '라', '이라', False),
    ('이란', '란', '이란', False),
    ('이며', '며', '이며', True),
    ('이랑', '랑', '이랑', False),
    ('으로서', '로서', '로서', False),
    ('으로써', '로써', '로써', False),
    ('으로부터', '로부터', '로부터', False),
    ('이에요', '예요', '이에요', False),
    ('이고', '고', '이고', True),
    ('이든', '든', '이든', False),
    ('이라도', '라도', '이라도', False),
    ('이야', '야', '이야', False),
    ('이나마', '나마', '이나마', False),
    ('이었', '였', '이었', True),
    ('이다', '다', '이다', True),
]

CONSONANT, VOWEL, RIEUL = 0, 1, 2

#: Values and the sound Korean reads them ending with.
ENDINGS = [
    # Hangul, and Latin words read as loanwords
    ('부산', CONSONANT), ('행정안전부', VOWEL), ('서울', RIEUL),
    ('Busan', CONSONANT), ('Bangkok', CONSONANT), ('Seoul', RIEUL), ('Korea', VOWEL),
    # acronyms read as letters (OPDC 디), and as words (APEC 에이펙)
    ('KOICA', VOWEL), ('OPDC', VOWEL), ('UNDP', VOWEL), ('OECD', VOWEL), ('MOIS', VOWEL), ('EU', VOWEL),
    ('ASEAN', CONSONANT), ('APEC', CONSONANT), ('RCEP', CONSONANT), ('OPEC', CONSONANT), ('NATO', VOWEL),
    ('NASA', VOWEL), ('FIFA', VOWEL), ('UNESCO', VOWEL), ('한-ASEAN', CONSONANT),
    # numbers, read with their last place
    ('3', CONSONANT), ('2019', VOWEL), ('1', RIEUL), ('7', RIEUL), ('10', CONSONANT), ('3,000', CONSONANT),
    ('100000', CONSONANT), ('1.5', VOWEL), ('87%', VOWEL), ('‘정부24’', VOWEL), ('12억 원', CONSONANT),
    ('550만 달러', VOWEL), ('KRW 1.2 billion', CONSONANT),
    # fullwidth, superscript and other scripts' digits, read as their plain forms
    ('정부２４', VOWEL), ('２０１９', VOWEL), ('１０', CONSONANT), ('x²', VOWEL), ('๓', CONSONANT),
    # digits NFKC leaves as they are: circled, as Korean numbers its points, and Ethiopic
    ('과제❶', RIEUL), ('⓶', VOWEL), ('➌', CONSONANT), ('፫', CONSONANT),
    # after a parenthesis, the word before it
    ('행정안전부(장관 진영)', VOWEL), ('300만 달러(약 40억 원)', VOWEL), ('한국국제협력단(코이카)', CONSONANT),
    ('11월 26일(화)', RIEUL), ('행정안전부(MOIS)', VOWEL), ('부산(Busan)', CONSONANT), ('서울 [Seoul]', RIEUL),
    ('‘정부24(www.gov.kr)’', VOWEL), ('(코이카)', VOWEL), ('행정안전부(장관(진영))', VOWEL),
    # times of day: 14시, 14시 30분
    ('14:00', VOWEL), ('09:00', VOWEL), ('14:30', CONSONANT), ('14:00~17:30', CONSONANT), ('17:30~18:00', VOWEL),
    # units of measure, in ASCII and as compatibility characters
    ('3kg', CONSONANT), ('5km', VOWEL), ('3%p', VOWEL), ('0.5%p', VOWEL), ('100m', VOWEL), ('20 cm', VOWEL),
    ('5mm', VOWEL), ('2L', VOWEL), ('3t', CONSONANT), ('84m2', VOWEL), ('500MW', VOWEL), ('1.2GW', VOWEL),
    ('25㎏', CONSONANT), ('10㎝', VOWEL), ('5㎜', VOWEL), ('2ℓ', VOWEL), ('84㎡', VOWEL), ('3㎞', VOWEL),
    ('100m²', VOWEL), ('20℃', VOWEL), ('30°C', VOWEL),
]


@pytest.mark.parametrize('text, heard', [
    ('가' + ')' * 9_999, '가'),                      # closing brackets never opened
    ('(' * 5_000 + '가' + ')' * 5_000, '가'),         # asides inside asides, nothing before them
    ('가' + '(나)' * 3_333, '가'),                    # asides one after the other
    ('가(' + '나 ' * 4_999 + ')', '가'),              # a long aside
])
def test_the_word_before_any_number_of_asides_is_heard(text, heard):
    assert unaside(text) == heard


def written_forms(consonant, vowel):
    forms = {consonant, vowel, f'{consonant}({vowel})', f'{vowel}({consonant})'}
    if consonant.endswith(vowel) and consonant != vowel:
        forms.add(f'({consonant[:-len(vowel)]}){vowel}')
    return sorted(forms)


def right_after(sound, forms, written):
    """The form printed: the one the sound takes, or the full form where it is right too."""
    if sound == VOWEL and forms[3] and written == forms[CONSONANT]:
        return written
    return forms[sound]


CASES = [(value, sound, forms) for value, sound in ENDINGS for forms in PARTICLES]


@pytest.mark.parametrize('value, sound, forms', CASES)
def test_every_particle_takes_the_form_of_the_value_before_it(value, sound, forms):
    """Whichever way it is written: 은, 는, 은(는), 는(은), and (으)로 for those that have it."""
    for written in written_forms(*forms[:2]):
        literals, corrections = agree(['', f'{written} 있다.'], [value], 'ko')
        assert literals[1] == f'{right_after(sound, forms, written)} 있다.', written
        assert bool(corrections) == (written != right_after(sound, forms, written)), written


@pytest.mark.parametrize('value, sound', ENDINGS)
def test_the_last_sound_is_read_as_korean_reads_it(value, sound):
    assert last_sound(value) == ('consonant', 'vowel', 'ㄹ')[sound]


@pytest.mark.parametrize('written', ['이며', '며', '이다', '다', '이었다', '였다'])
def test_after_a_vowel_the_copula_is_right_full_or_short(written):
    assert agree(['', f'{written}.'], ['행정안전부'], 'ko') == (['', f'{written}.'], [])


@pytest.mark.parametrize('literals, values, expected, reason', [
    (['', '(장관 ', ')은 밝혔다.'], ['행정안전부', '진영'], ')는 밝혔다.', '행정안전부 ends in a vowel'),
    (['', '(장관 ', ')는 밝혔다.'], ['행정안전부', '진영'], ')는 밝혔다.', None),
    (['', '(약 ', ')을 지원한다.'], ['300만 달러', '40억 원'], ')를 지원한다.', '300만 달러 ends in a vowel'),
    (['행정안전부(장관 ', ')은'], ['진영'], ')는', '행정안전부 ends in a vowel'),
    (['', '(', ')와 함께'], ['한국국제협력단', '코이카'], ')과 함께', '한국국제협력단 ends in a consonant'),
    (['', '는'], ['11월 26일(화)'], '은', '11월 26일 ends in ㄹ'),
    (['(', ')는'], ['코이카'], ')는', None),
])
def test_a_particle_after_a_parenthesis_follows_the_word_before_it(literals, values, expected, reason):
    fitted, corrections = agree(literals, values, 'ko')
    assert fitted[-1] == expected
    assert [c.reason for c in corrections] == ([reason] if reason else [])


@pytest.mark.parametrize('acronym, sound', [('KOICA', CONSONANT), ('OPDC', CONSONANT), ('APEC', VOWEL)])
def test_a_workspace_reads_its_own_acronyms_as_words(acronym, sound):
    readings = {'KOICA': {'ko': '코이카앤'}, 'OPDC': {'ko': '오피디씨원'}, 'APEC': {'ko': '에이펙회의'}}
    forms = PARTICLES[0]
    assert agree(['', '은(는)'], [acronym], 'ko', readings)[0][1] == forms[sound]


@pytest.mark.parametrize('language', ['th', 'my', 'ja', 'en'])
def test_a_language_without_particles_never_receives_korean_ones(language):
    literals = ['', '은(는) ', '를 ', '(으)로']
    assert agree(literals, ['행정안전부', 'กระทรวง', 'ဝန်ကြီးဌာန'], language)[0] == literals


@pytest.mark.parametrize('after', ['이후 달라졌다', '가량이다', '이지만', '에서', '의', '까지', ' 이상', '고등학교', '야간',
                                   '나마저', '든든하다'])
def test_a_word_that_only_begins_like_a_particle_is_left_alone(after):
    assert agree(['', after], ['행정안전부'], 'ko') == (['', after], [])


@pytest.mark.parametrize('after, expected', [
    ('와의 협력', '과의 협력'), ('로는 처음', '으로는 처음'), ('였다.', '이었다.'), ('라고 밝혔다', '이라고 밝혔다'),
    ('든지 간에', '이든지 간에'), ('야말로 중심', '이야말로 중심'), ('라도 좋다', '이라도 좋다'),
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
    # acronyms read as words take the article of the word; letters read as letters, as spelled
    ('an ', 'NATO summit', 'a '), ('an ', 'NASA mission', 'a '), ('an ', 'FIFA match', 'a '),
    ('a ', 'APEC summit', 'an '), ('a ', 'OPEC meeting', 'an '), ('a ', 'ASEAN forum', 'an '),
    ('a ', 'RCEP partner', 'an '), ('an ', 'UNESCO site', 'a '), ('an ', 'UNICEF office', 'a '),
    ('a ', 'X-ray', 'an '), ('a ', 'F-16', 'an '), ('an ', 'U-turn', 'a '), ('a ', 'MOIS official', 'an '),
    ('an ', 'UNDP project', 'a '), ('a ', 'OECD report', 'an '),
])
def test_english_articles_take_the_form_of_the_value_after_them(before, value, expected):
    assert agree([before, '.'], [value], 'en')[0][0] == expected


@pytest.mark.parametrize('after, unknown', [
    ('은(가) 있다', ['은(가)']), ('(이)로 간다', ['(이)로']), ('은(는) 있다', []), ('(으)로 간다', []),
    ('(왼쪽)이 섰다', []), ('(KOICA)와', []),
])
def test_two_forms_that_are_no_pair_are_found(after, unknown):
    assert [form for _, form in unknown_forms(['', after], ['부산'], 'ko')] == unknown


@pytest.mark.parametrize('literal, expected', [
    ('25㎏은(는) 넘는다.', '25㎏은 넘는다.'), ('5km은(는)', '5km는'), ('행정안전부(장관 진영)은(는)', '행정안전부(장관 진영)는'),
    ('부산(으)로 간다', '부산으로 간다'), ('서울(으)로', '서울로'), ('APEC과(와) NATO을(를)', 'APEC과 NATO를'),
    ('정부２４을(를)', '정부２４를'), ('은(는) 홀로', '은(는) 홀로'), ('ᄒ 은(는)', 'ᄒ 은(는)'),
])
def test_a_particle_written_as_both_forms_in_prose_takes_the_form_of_the_word_before_it(literal, expected):
    assert agree([literal], [], 'ko') == ([expected], [])


MINISTRY = 'Ministry of the Interior and Safety'


@pytest.mark.parametrize('literals, expected', [
    (['', ' held a forum.'], 'The Ministry'),                     # a sentence's start
    (['Talks ended. ', ' held a forum.'], 'Talks ended. The Ministry'),
    (['“', ' will help,” he said.'], '“The Ministry'),
    (['Organised by ', '.'], 'Organised by the Ministry'),        # after a preposition
    (['Busan and ', ' held it.'], 'Busan and the Ministry'),
    (['It was the ', '’s idea.'], 'It was the Ministry'),         # written already
    (['The ', ' held it.'], 'The Ministry'),
    (['Korea’s ', ' held it.'], 'Korea’s Ministry'),              # after a possessive or a determiner
    (['a ', ' official'], 'a Ministry'),
    (['its ', ' office'], 'its Ministry'),
    (['Six agencies (', ')'], 'Six agencies (the Ministry'),
    (['', ''], 'Ministry'),                                       # a label, such as a photo credit
])
def test_a_name_that_takes_the_gets_it_where_english_prose_needs_it(literals, expected):
    fitted = agree(literals, [MINISTRY], 'en', articles=['the'])[0]
    assert (fitted[0] + MINISTRY).startswith(expected)


@pytest.mark.parametrize('language', ['ko', 'th', 'my'])
def test_a_language_without_articles_writes_names_bare(language):
    assert agree(['Organised by ', '.'], [MINISTRY], language, articles=['the'])[0][0] == 'Organised by '
