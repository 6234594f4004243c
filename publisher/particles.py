"""Words whose form follows the sound of a placeholder's value: Korean particles, English articles.

Korean prose writes a particle right after a placeholder (``{minister}은``)
without seeing what the placeholder becomes: a full name, a short form, an
amount, an acronym.  Which form is right (은 or 는) depends on the sound the
value ends with; English ``a``/``an`` before a placeholder, on the sound it
starts with.  So the form is chosen here, once the value is known, whichever
form the writer wrote (``은``, ``는`` or ``은(는)``).

Everything that belongs to a language is a table: the particles that
alternate (``KOREAN_PARTICLES``), how Korean reads the letters, digits and
symbols a value may end with (``KOREAN_READINGS``), and which initial sounds
take ``an`` (``ENGLISH_ARTICLES``).  ``AGREEMENTS`` says which rules a
language has; a language without a row is left as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

VOWEL, CONSONANT, RIEUL = 'vowel', 'consonant', 'ㄹ'

#: Any Hangul may follow (the particle is the start of a longer ending).
ANY = None


class Particle(NamedTuple):
    """A Korean particle in its forms after a final consonant, a vowel and ㄹ.

    ``then`` lists what may be written straight after it in the same word,
    besides nothing: ``와의``, ``으로는``; ANY for the copula's endings
    (``이었다``, ``였고``).  It keeps a word that merely begins like a
    particle (``{date}이후``, ``{x}가량``) from being taken for one.
    """

    consonant: str
    vowel: str
    rieul: str
    then: tuple[str, ...] | None = ()

    def form(self, sound: str) -> str:
        return {CONSONANT: self.consonant, VOWEL: self.vowel, RIEUL: self.rieul}[sound]

    def written_forms(self) -> set[str]:
        """Every way a writer may write it: ``은``, ``는``, ``은(는)``, ``는(은)``, ``(으)로``."""
        forms = {self.consonant, self.vowel, f'{self.consonant}({self.vowel})', f'{self.vowel}({self.consonant})'}
        if self.consonant.endswith(self.vowel) and self.consonant != self.vowel:
            forms.add(f'({self.consonant[:-len(self.vowel)]}){self.vowel}')
        return forms


#: The particles that alternate, as es-hangul's josa() knows them, and the copula.
KOREAN_PARTICLES = (
    #        consonant  vowel     ㄹ         may be followed by
    Particle('은', '는', '은'),
    Particle('이', '가', '이'),
    Particle('을', '를', '을'),
    Particle('과', '와', '과', ('의', '는', '도', '만')),
    Particle('으로', '로', '로', ('는', '도', '의', '만')),
    Particle('이나', '나', '이나'),
    Particle('이라', '라', '이라', ('고', '는', '며', '도', '면', '서')),
    Particle('이란', '란', '이란'),
    Particle('이며', '며', '이며'),
    Particle('이랑', '랑', '이랑', ('은', '도')),
    Particle('으로서', '로서', '로서', ('의', '는', '도')),
    Particle('으로써', '로써', '로써'),
    Particle('으로부터', '로부터', '로부터', ('의', '는', '도')),
    Particle('이에요', '예요', '이에요'),
    Particle('이었', '였', '이었', ANY),
    Particle('이다', '다', '이다'),
)

#: How Korean reads what a value may end with, other than Hangul.  Letters of
#: an acronym are spelled (OPDC: 디; KOICA: 에이), a word's last letters are
#: read as loanwords are (Seoul: 울, Bangkok: 콕); a number is read with its
#: unit (2019: 구, 3,000: 천, 10000: 만).
KOREAN_READINGS = {
    'letters': {
        'A': '에이', 'B': '비', 'C': '씨', 'D': '디', 'E': '이', 'F': '에프', 'G': '지', 'H': '에이치',
        'I': '아이', 'J': '제이', 'K': '케이', 'L': '엘', 'M': '엠', 'N': '엔', 'O': '오', 'P': '피',
        'Q': '큐', 'R': '알', 'S': '에스', 'T': '티', 'U': '유', 'V': '브이', 'W': '더블유', 'X': '엑스',
        'Y': '와이', 'Z': '제트'},
    # The last letters of a word, longest first; any other letter is read as a vowel (Fund: 드).
    'word endings': {'ng': '응', 'ck': '윽', 'k': '윽', 'l': '을', 'm': '음', 'n': '은', 'p': '읍'},
    'digits': {'0': '영', '1': '일', '2': '이', '3': '삼', '4': '사', '5': '오', '6': '육', '7': '칠',
               '8': '팔', '9': '구'},
    # A whole number ending in zeros is read by its last unit: 10 십, 100 백, 10000 만.
    'units': {1: '십', 2: '백', 3: '천', 4: '만', 8: '억', 12: '조', 16: '경'},
    'symbols': {'%': '퍼센트', '$': '달러', '₩': '원', '€': '유로', '£': '파운드', '¥': '엔', '℃': '도',
                '°': '도', '+': '플러스', '&': '앤드', '#': '샵', '㎞': '킬로미터', '㎡': '제곱미터'},
    # Not read: closing marks, so that "‘정부24’" ends in 사.
    'silent': set('\'"’”」』》〉)]}.·…'),
}


class Article(NamedTuple):
    """English ``a``/``an``: ``an`` before a vowel sound."""

    #: Words starting with a vowel letter but a consonant sound, and the reverse.
    consonant_sounds: tuple[str, ...] = ('uni', 'use', 'usu', 'uti', 'eu', 'one', 'once', 'ubi')
    vowel_sounds: tuple[str, ...] = ('hour', 'honest', 'honor', 'honour', 'heir')
    #: Letters whose spelled names start with a vowel: an NGO, an MOU, a UN agency.
    vowel_letters: str = 'AEFHILMNORSX'

    def form(self, value: str) -> str:
        return 'an' if self.starts_with_vowel(value) else 'a'

    def starts_with_vowel(self, value: str) -> bool:
        word = re.match(r'[\W_]*([\w,.]*)', value)[1]
        if not word:
            return False
        if word[0].isdigit():
            digits = re.match(r'[\d,]*', word)[0].replace(',', '')
            # eight, eighty, eleven, eighteen (and their thousands, millions)
            return digits.startswith('8') or (digits[:2] in ('11', '18') and len(digits) % 3 == 2)
        acronym = re.match(r'[A-Z]{2,}(?![a-z])', word)
        if acronym:
            return word[0] in self.vowel_letters
        lower = word.lower()
        if lower.startswith(self.vowel_sounds):
            return True
        return lower[0] in 'aeiou' and not lower.startswith(self.consonant_sounds)


class Agreement(NamedTuple):
    """How a language bends the words next to a value: particles after it, an article before it."""

    particles: tuple[Particle, ...] = ()
    article: Article | None = None


AGREEMENTS = {
    'ko': Agreement(particles=KOREAN_PARTICLES),
    'en': Agreement(article=Article()),
}


class Correction(NamedTuple):
    """A form the writer gave that the value next to it does not take."""

    index: int       # which value of the text (0 for the first placeholder)
    written: str
    right: str
    reason: str      # "행정안전부 ends in a vowel"
    after: bool      # a particle after the value, or an article before it

    @property
    def left_open(self) -> bool:
        """The writer wrote both forms (은(는)), leaving the choice to be made here: no mistake."""
        return '(' in self.written


def agree(literals: list[str], values: list[str], language: str) -> tuple[list[str], list[Correction]]:
    """Fit the particles after and the articles before each value of a text to that value.

    ``literals`` are the text around the values (one more than ``values``,
    or as many when the text ends with a value).  Returns the literals, each
    form made right, and what was corrected.
    """
    rules = AGREEMENTS.get(language.split('_')[0])
    if rules is None:
        return literals, []
    literals = list(literals)
    corrections = []
    for index, value in enumerate(values):
        if rules.particles and index + 1 < len(literals):
            literals[index + 1], found = _fit_particle(literals[index + 1], value, rules.particles)
            corrections += [Correction(index, *change, after=True) for change in found]
        if rules.article:
            literals[index], found = _fit_article(literals[index], value, rules.article)
            corrections += [Correction(index, *change, after=False) for change in found]
    return literals, corrections


def values_needed(literals: list[str], count: int, language: str) -> list[bool]:
    """For each of ``count`` values, whether a particle after it or an article before it may
    change with it: a value that has neither need not be written to check the text."""
    rules = AGREEMENTS.get(language.split('_')[0])
    if rules is None:
        return [False] * count
    return [bool((rules.particles and index + 1 < len(literals) and _particle_at_start(literals[index + 1], rules.particles))
                 or (rules.article and _ARTICLE.search(literals[index])))
            for index in range(count)]


def unknown_forms(literals: list[str], values: list[str], language: str) -> list[tuple[int, str]]:
    """Particles after a value written as two forms that are no pair (``은(가)``): (value index, form).

    Such a form cannot be fitted, and would be printed as written.
    """
    rules = AGREEMENTS.get(language.split('_')[0])
    if rules is None or not rules.particles:
        return []
    known = _by_form(rules.particles)
    forms, prefixes = _single_forms(rules.particles)
    found = []
    for index in range(min(len(values), len(literals) - 1)):
        match = _TWO_FORMS.match(literals[index + 1])
        if not match or match[0] in known:
            continue
        # Two forms of particles (은(가)), or a particle's prefix ((이)로): not a parenthesis such as "(왼쪽)이".
        if (match['first'] in forms and match['second'] in forms) or match['prefix'] in prefixes:
            found.append((index, match[0]))
    return found


@lru_cache(maxsize=None)
def _single_forms(particles):
    """Every single form (은, 는, 로), and the prefixes a form may hold in brackets ((으)로)."""
    forms = {form for particle in particles for form in (particle.consonant, particle.vowel, particle.rieul)}
    prefixes = {p.consonant[:-len(p.vowel)] for p in particles if p.consonant.endswith(p.vowel) and p.consonant != p.vowel}
    return forms, prefixes


#: Two forms written as one: 은(는), (으)로, and so also 은(가), which is no particle.
_TWO_FORMS = re.compile(r'(?P<first>[가-힣]+)\((?P<second>[가-힣]+)\)|\((?P<prefix>[가-힣]+)\)[가-힣]+')


def _fit_particle(after: str, value: str, particles) -> tuple[str, list]:
    found = _particle_at_start(after, particles)
    if found is None:
        return after, []
    start, form, marks = found
    sound = last_sound(value + marks)
    if sound is None:
        return after, []
    right = _by_form(particles)[form].form(sound)
    if right == form:
        return after, []
    return after[:start] + right + after[start + len(form):], [(form, right, f'{value} ends in {_SOUND_NAMES[sound]}')]


_SOUND_NAMES = {VOWEL: 'a vowel', CONSONANT: 'a consonant', RIEUL: 'ㄹ'}


def _particle_at_start(after: str, particles) -> tuple[int, str, str] | None:
    """The particle the text after a value starts with, after any aside or closing marks:
    (where it starts, the form written, the marks before it); None if there is none.

    A parenthesis between the value and its particle is an aside (행정안전부(MOIS)는):
    the particle follows the value.  The form must end the word, or go on only as
    its ``then`` allows.
    """
    lead = _LEAD.match(after)
    if lead['aside'] and lead['aside'] + after[lead.end():lead.end() + 1] in _by_form(particles):
        lead = None  # (으)로: not an aside but part of the particle
    start = lead.end() if lead else 0
    rest = after[start:]
    for form, particle in _longest_first(particles):
        if rest.startswith(form):
            following = rest[len(form):len(form) + 1]
            if (particle.then is ANY or not following or not '가' <= following <= '힣'
                    or rest[len(form):].startswith(particle.then)):
                return start, form, lead['marks'] if lead else ''
    return None


_SILENT = re.escape(''.join(sorted(KOREAN_READINGS['silent'])))
_LEAD = re.compile(rf'(?P<aside>\([^()]*\))?(?P<marks>[{_SILENT}]*)')


@lru_cache(maxsize=None)
def _by_form(particles):
    """Each written form and the particle it is."""
    return {form: particle for particle in reversed(particles) for form in particle.written_forms()}


@lru_cache(maxsize=None)
def _longest_first(particles):
    return sorted(_by_form(particles).items(), key=lambda item: -len(item[0]))


def _fit_article(before: str, value: str, article: Article) -> tuple[str, list]:
    match = _ARTICLE.search(before)
    if not match:
        return before, []
    right = article.form(value)
    if match['form'][0] == 'A':
        right = right.capitalize()
    if right == match['form']:
        return before, []
    reason = f'{value} starts with {"a vowel" if right.lower() == "an" else "a consonant"} sound'
    return before[:match.start('form')] + right + match['space'], [(match['form'], right, reason)]


_ARTICLE = re.compile(r'(?<![\w-])(?P<form>[Aa]n?)(?P<space>\s+)$')


def last_sound(text: str) -> str | None:
    """Whether ``text``, read in Korean, ends in a vowel, a consonant or ㄹ; None if nothing is read."""
    readings = KOREAN_READINGS
    text = text.rstrip()
    while text and (text[-1] in readings['silent'] or text[-1].isspace()):
        text = text[:-1]
    if not text:
        return None
    last = text[-1]
    if '가' <= last <= '힣':
        final = (ord(last) - 0xAC00) % 28
        return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT
    if last.isdigit():
        return last_sound(_number_reading(text))
    if last in readings['symbols']:
        return last_sound(readings['symbols'][last])
    if last.isascii() and last.isalpha():
        word = re.search(r'[A-Za-z]+$', text)[0]
        if word.isupper():
            return last_sound(readings['letters'][last])
        for ending, reading in readings['word endings'].items():
            if word.lower().endswith(ending):
                return last_sound(reading)
        return VOWEL
    return None


def _number_reading(text: str) -> str:
    """How Korean reads the end of the number ``text`` ends with: 2019 구, 3,000 천, 1.5 오."""
    readings = KOREAN_READINGS
    number = re.search(r'[\d,.]*\d$', text)[0]
    if '.' in number:  # the digits after a decimal point are read one by one
        return readings['digits'][number[-1]]
    digits = number.replace(',', '')
    zeros = len(digits) - len(digits.rstrip('0'))
    if zeros == 0 or zeros == len(digits):
        return readings['digits'][digits[-1]]
    # 십, 백, 천; beyond, the last of 만, 억, 조, 경 (100000 is 십만, read last as 만)
    units = readings['units']
    return units[zeros] if zeros < 4 else units[min(zeros - zeros % 4, max(units))]
