"""Words whose form follows the sound of a placeholder's value: Korean particles, English articles.

Korean prose writes a particle right after a placeholder (``{minister}은``)
without seeing what the placeholder becomes: a full name, a short form, an
amount, an acronym.  Which form is right (은 or 는) depends on the sound the
value ends with; English ``a``/``an`` before a placeholder, on the sound it
starts with.  So the form is chosen here, once the value is known, whichever
form the writer wrote (``은``, ``는`` or ``은(는)``).

Everything that belongs to a language is a table: the particles that
alternate (``KOREAN_PARTICLES``), how Korean reads the letters, digits,
units and symbols a value may end with (``KOREAN_READINGS``), the acronyms
read as words and how each language says them (``ACRONYMS``), and which
initial sounds take ``an`` (``Article``).  ``AGREEMENTS`` says which rules a
language has; a language without a row (Thai, Burmese) is left as written.

A particle after a parenthesis follows the word before it, as Korean writes:
행정안전부(장관 진영)는, 300만 달러(약 40억 원)를, 11월 26일(화)은.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
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
    #: After a vowel the full form is as right as the short one (학교이다, 학교다): the copula's 이 may stay.
    full_after_vowel: bool = False

    def form(self, sound: str) -> str:
        return {CONSONANT: self.consonant, VOWEL: self.vowel, RIEUL: self.rieul}[sound]

    def takes(self, written: str, sound: str) -> bool:
        """Whether the single form ``written`` is right after ``sound``."""
        return written == self.form(sound) or (self.full_after_vowel and sound == VOWEL and written == self.consonant)

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
    Particle('이며', '며', '이며', (), True),
    Particle('이랑', '랑', '이랑', ('은', '도')),
    Particle('으로서', '로서', '로서', ('의', '는', '도')),
    Particle('으로써', '로써', '로써'),
    Particle('으로부터', '로부터', '로부터', ('의', '는', '도')),
    Particle('이에요', '예요', '이에요'),
    Particle('이고', '고', '이고', (), True),
    Particle('이든', '든', '이든', ('지', '가')),
    Particle('이라도', '라도', '이라도'),
    Particle('이야', '야', '이야', ('말로',)),
    Particle('이나마', '나마', '이나마'),
    Particle('이었', '였', '이었', ANY, True),
    Particle('이다', '다', '이다', (), True),
)

#: How Korean reads what a value may end with, other than Hangul.  Letters of
#: an acronym are spelled (OPDC: 디; KOICA: 에이), unless it is read as a word
#: (see ACRONYMS); a word's last letters are read as loanwords are (Seoul: 울,
#: Bangkok: 콕); a number is read with its unit (2019: 구, 3,000: 천, 10000:
#: 만), a time by its last field (14:00 시, 14:30 분), a measure by its unit
#: (3kg 킬로그램, 5km 킬로미터).  A value is read after NFKC, so that ㎏, ℓ,
#: ２４ and m² read as kg, l, 24 and m2 do.
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
    # A whole number ending in zeros is read by its last place: 10 십, 100 백, 10000 만.
    'places': {1: '십', 2: '백', 3: '천', 4: '만', 8: '억', 12: '조', 16: '경'},
    # A time of day, HH:MM: on the hour it is read 14시, else 14시 30분.
    'clock': {'hour': '시', 'minutes': '분'},
    # Units of measure after a number, as written after NFKC (㎏ is kg, ㎡ is m2, ℃ is °C).
    'units': {
        'mm': '밀리미터', 'cm': '센티미터', 'm': '미터', 'km': '킬로미터', 'm2': '제곱미터', 'km2': '제곱킬로미터',
        'cm2': '제곱센티미터', 'm3': '세제곱미터', 'ha': '헥타르', 'mg': '밀리그램', 'g': '그램', 'kg': '킬로그램',
        't': '톤', 'ml': '밀리리터', 'mL': '밀리리터', 'l': '리터', 'L': '리터', 'kW': '킬로와트', 'MW': '메가와트',
        'GW': '기가와트', 'kWh': '킬로와트시', 'MWh': '메가와트시', 'GWh': '기가와트시', 'km/h': '킬로미터',
        '%p': '퍼센트포인트', '°C': '도', 'ppm': '피피엠', 'dB': '데시벨', 'GB': '기가바이트', 'MB': '메가바이트',
        'TB': '테라바이트'},
    'symbols': {'%': '퍼센트', '$': '달러', '₩': '원', '€': '유로', '£': '파운드', '¥': '엔', '°': '도',
                '+': '플러스', '&': '앤드', '#': '샵'},
    # Not read: closing marks, so that "‘정부24’" ends in 사.  A closing bracket
    # is not read either, nor what it closes: 11월 26일(화) ends in 일.
    'silent': set('\'"’”」』》〉.·…'),
}

#: Acronyms read as words, not letter by letter, and how each language says
#: them: Korean's particle follows the reading's last sound (APEC는 → APEC은,
#: 에이펙), English's article its first (a NATO summit, an APEC summit).  A
#: language without a reading says the word the letters spell (English nato).
#: A workspace adds its own in style.yaml (``acronyms``).
ACRONYMS = {
    'APEC': {'ko': '에이펙'}, 'ASEAN': {'ko': '아세안'}, 'ASEM': {'ko': '아셈'}, 'COVID': {'ko': '코비드'},
    'FIFA': {'ko': '피파'}, 'KOICA': {'ko': '코이카'}, 'KOTRA': {'ko': '코트라'}, 'NASA': {'ko': '나사'},
    'NATO': {'ko': '나토'}, 'OPEC': {'ko': '오펙'}, 'RCEP': {'ko': '알셉', 'en': 'arsep'},
    'UNESCO': {'ko': '유네스코', 'en': 'yunesco'}, 'UNICEF': {'ko': '유니세프', 'en': 'yunicef'},
    'UNIDO': {'ko': '유니도', 'en': 'yunido'},
}


class Article(NamedTuple):
    """English ``a``/``an``: ``an`` before a vowel sound."""

    #: Words starting with a vowel letter but a consonant sound, and the reverse.
    consonant_sounds: tuple[str, ...] = ('uni', 'use', 'usu', 'uti', 'eu', 'one', 'once', 'ubi')
    vowel_sounds: tuple[str, ...] = ('hour', 'honest', 'honor', 'honour', 'heir')
    #: Letters whose spelled names start with a vowel: an NGO, an MOU, a UN agency.
    vowel_letters: str = 'AEFHILMNORSX'
    #: Words after which a name takes no article of its own: Korea's Local Government
    #: Officials Development Institute, a Ministry of the Interior official.
    determiners: tuple[str, ...] = ('the', 'a', 'an', 'this', 'that', 'these', 'those', 'its', 'their', 'our',
                                    'his', 'her', 'your', 'my', 'whose', 'which', 'each', 'every', 'no', 'any', 'some')

    def form(self, value: str, acronyms: Mapping[str, Mapping[str, str]] = ACRONYMS) -> str:
        return 'an' if self.starts_with_vowel(value, acronyms) else 'a'

    def starts_with_vowel(self, value: str, acronyms: Mapping[str, Mapping[str, str]] = ACRONYMS) -> bool:
        """Whether ``value`` is said starting with a vowel: an acronym read as a word, as that word."""
        word = re.match(r'[\W_]*([\w,.]*)', value)[1]
        if not word:
            return False
        if word[0].isdigit():
            digits = re.match(r'[\d,]*', word)[0].replace(',', '')
            # eight, eighty, eleven, eighteen (and their thousands, millions)
            return digits.startswith('8') or (digits[:2] in ('11', '18') and len(digits) % 3 == 2)
        # OPDC, and a letter said alone: an X-ray, a U-turn
        acronym = re.match(r'[A-Z]{2,}(?![a-z])|[A-Z](?![A-Za-z])', word)
        if acronym and acronym[0] in acronyms:
            return self.starts_with_vowel(acronyms[acronym[0]].get('en', acronym[0].lower()), {})
        if acronym:
            return word[0] in self.vowel_letters
        lower = word.lower()
        if lower.startswith(self.vowel_sounds):
            return True
        return lower[0] in 'aeiou' and not lower.startswith(self.consonant_sounds)


    def takes_definite(self, before: str) -> bool:
        """Whether a name that takes "the" needs one after ``before``: not after a determiner,
        a possessive (Korea’s) or a word joined to it."""
        if before and not before[-1].isspace() and before[-1] not in '(“‘"\'[—–':
            return False
        word = re.search(r"([\w’']*)\W*$", before)[1]
        return word.lower() not in self.determiners and not re.search(r"\w(['’]s|s['’])$", word)


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
    at: int = 0      # where the form starts in its literal: the one after the value, or before it

    @property
    def left_open(self) -> bool:
        """The writer wrote both forms (은(는)), leaving the choice to be made here: no mistake."""
        return '(' in self.written


Acronyms = Mapping[str, Mapping[str, str]]


def agree(literals: list[str], values: list[str], language: str,
          acronyms: Acronyms = {}, articles: list[str] = ()) -> tuple[list[str], list[Correction]]:
    """Fit the particles after and the articles before each value of a text to that value.

    ``literals`` are the text around the values (one more than ``values``,
    or as many when the text ends with a value).  A particle is read after all
    the text before it, so that one after a parenthesis follows the word
    before the parenthesis.  ``acronyms`` are the workspace's, besides
    ACRONYMS.  ``articles`` are the articles the values take before them, as
    their facts say ("the" before the Ministry of the Interior and Safety; ''
    for none): each is written where the prose needs one, capitalised at the
    start of a sentence.  Returns the literals, each form made right, and what
    was corrected.
    """
    rules = AGREEMENTS.get(language.split('_')[0])
    if rules is None:
        return literals, []
    acronyms = {**ACRONYMS, **acronyms}
    literals = list(literals)
    corrections = []
    for index, value in enumerate(values):
        if rules.particles and index + 1 < len(literals):
            before = ''.join(literal + written for literal, written in zip(literals[:index + 1], values))
            literals[index + 1], found = _fit_particle(before, values[:index + 1], literals[index + 1],
                                                       rules.particles, acronyms)
            corrections += [Correction(index, written, right, reason, True, at) for written, right, reason, at in found]
        if rules.article:
            literals[index], found = _fit_article(literals[index], value, rules.article, acronyms)
            corrections += [Correction(index, written, right, reason, False, at) for written, right, reason, at in found]
            if index < len(articles) and articles[index] and ''.join(literals).strip():  # not a label: "{mois}"
                literals[index] = _with_definite(literals, values, index, articles[index], rules.article)
    if rules.particles:
        literals = _choose_open_forms(literals, values, rules.particles, acronyms)
    return literals, corrections


def _choose_open_forms(literals, values, particles, acronyms):
    """The literals, each particle written as both forms in them (``25㎏은(는)``, ``부산(으)로``)
    in the form the word before it takes: printed as written, it would always be wrong."""
    fitted = []
    for index, literal in enumerate(literals):
        before = ''.join(text + value for text, value in zip(fitted, values))
        for match in reversed(list(_open_forms(particles).finditer(literal))):
            start = match.start()
            found = _particle_at_start(literal[start:], particles)
            if start == 0 or literal[start - 1].isspace() or found != (0, match[0]):
                continue
            sound = last_sound(before + literal[:start], acronyms)
            if sound is not None:
                right = _by_form(particles)[match[0]].form(sound)
                literal = literal[:start] + right + literal[match.end():]
        fitted.append(literal)
    return fitted


@lru_cache(maxsize=None)
def _open_forms(particles):
    """A pattern finding the particles written as both forms: 은(는), (으)로."""
    forms = sorted((form for form in _by_form(particles) if '(' in form), key=len, reverse=True)
    return re.compile('|'.join(map(re.escape, forms)))


def values_needed(literals: list[str], count: int, language: str) -> list[bool]:
    """For each of ``count`` values, whether a particle after it or an article before it may
    change with it: a value that has neither need not be written to check the text.

    A particle after a parenthesis may follow a value before it: every value
    before such a particle is needed."""
    rules = AGREEMENTS.get(language.split('_')[0])
    if rules is None:
        return [False] * count
    needed = []
    for index in range(count):
        particle = rules.particles and index + 1 < len(literals) and _particle_at_start(literals[index + 1], rules.particles)
        if particle and ')' in literals[index + 1][:particle[0]]:
            needed = [True] * index  # the word before the parenthesis may be any value before it
        needed.append(bool(particle or (rules.article and _ARTICLE.search(literals[index]))))
    return needed


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


def _fit_particle(before: str, values: list[str], after: str, particles, acronyms) -> tuple[str, list]:
    """The text ``after`` a value, its particle fitted to all the text ``before`` it (the ``values``
    written so far included); the reason names the value, or else the word, the particle follows."""
    found = _particle_at_start(after, particles)
    if found is None:
        return after, []
    start, form = found
    read = before + after[:start]
    sound = last_sound(read, acronyms)
    if sound is None:
        return after, []
    particle = _by_form(particles)[form]
    if particle.takes(form, sound):
        return after, []
    right = particle.form(sound)
    heard = _heard(read, acronyms)
    word = next((unaside(value) for value in reversed(values) if _heard(value) and heard.endswith(_heard(value))),
                heard.split()[-1])
    return (after[:start] + right + after[start + len(form):],
            [(form, right, f'{word} ends in {_SOUND_NAMES[sound]}', start)])


_SOUND_NAMES = {VOWEL: 'a vowel', CONSONANT: 'a consonant', RIEUL: 'ㄹ'}


def _particle_at_start(after: str, particles) -> tuple[int, str] | None:
    """The particle the text after a value starts with, after any aside or closing marks:
    (where it starts, the form written); None if there is none.

    A parenthesis between the value and its particle is an aside (행정안전부(MOIS)는),
    and so is the end of one the value was in (진영)는).  The form must end the
    word, or go on only as its ``then`` allows.
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
                return start, form
    return None


_SILENT = re.escape(''.join(sorted(KOREAN_READINGS['silent'])))
_CLOSING, _OPENING = ')]', '(['
_LEAD = re.compile(rf'(?P<marks>[{_SILENT}{re.escape(_CLOSING)}]*)(?P<aside>\([^()]*\))?[{_SILENT}]*')


@lru_cache(maxsize=None)
def _by_form(particles):
    """Each written form and the particle it is."""
    return {form: particle for particle in reversed(particles) for form in particle.written_forms()}


@lru_cache(maxsize=None)
def _longest_first(particles):
    return sorted(_by_form(particles).items(), key=lambda item: -len(item[0]))


def _fit_article(before: str, value: str, article: Article, acronyms) -> tuple[str, list]:
    match = _ARTICLE.search(before)
    if not match:
        return before, []
    right = article.form(value, acronyms)
    if match['form'][0] == 'A':
        right = right.capitalize()
    if right == match['form']:
        return before, []
    reason = f'{value} starts with {"a vowel" if right.lower() == "an" else "a consonant"} sound'
    return (before[:match.start('form')] + right + match['space'],
            [(match['form'], right, reason, match.start('form'))])


def _with_definite(literals, values, index, definite, article: Article) -> str:
    """The literal before value ``index``, ending in the article its name takes where the prose
    has none: "Organised by the UN Environment Programme", "The Ministry … held"."""
    literal = literals[index]
    if not article.takes_definite(literal):
        return literal
    before = ''.join(text + value for text, value in zip(literals[:index], values)) + literal
    if _SENTENCE_START.search(before):
        definite = definite[0].upper() + definite[1:]
    return f'{literal}{definite} '


#: Where a sentence starts: the text's start, or after a full stop, a question or an
#: exclamation mark and a space, with any opening quotation marks or brackets.
_SENTENCE_START = re.compile(r'(^|[.!?]["”’)]*\s+)["“‘(]*$')

_ARTICLE = re.compile(r'(?<![\w-])(?P<form>[Aa]n?)(?P<space>\s+)$')


def last_sound(text: str, acronyms: Acronyms = ACRONYMS) -> str | None:
    """Whether ``text``, read in Korean, ends in a vowel, a consonant or ㄹ; None if nothing is read."""
    readings = KOREAN_READINGS
    text = _heard(text, acronyms)
    if not text:
        return None
    last = text[-1]
    if '가' <= last <= '힣':
        final = (ord(last) - 0xAC00) % 28
        return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT
    clock = re.search(r'\d:(\d\d)$', text)
    if clock:
        return last_sound(readings['clock']['hour' if clock[1] == '00' else 'minutes'])
    unit = _UNIT.search(text)
    if unit:
        return last_sound(readings['units'][unit['unit']])
    if last.isdigit():
        return last_sound(_number_reading(text))
    if last in readings['symbols']:
        return last_sound(readings['symbols'][last])
    if last.isascii() and last.isalpha():
        word = re.search(r'[A-Za-z]+$', text)[0]
        if word in acronyms and 'ko' in acronyms[word]:
            return last_sound(acronyms[word]['ko'])
        if word.isupper():
            return last_sound(readings['letters'][last])
        for ending, reading in readings['word endings'].items():
            if word.lower().endswith(ending):
                return last_sound(reading)
        return VOWEL
    return None


_UNIT = re.compile(r'\d\s?(?P<unit>%s)$' % '|'.join(
    map(re.escape, sorted(KOREAN_READINGS['units'], key=len, reverse=True))))


def _heard(text: str, acronyms: Acronyms = ACRONYMS) -> str:
    """``text`` up to the last thing read aloud (see ``unaside``), compatibility characters
    and digits of any script or style read as their plain forms (NFKC): ㎏ is kg, ２４ is 24,
    and ❶ or ⓵, which NFKC leaves as they are, 1."""
    return unaside(unicodedata.normalize('NFKC', text).translate(_PLAIN_DIGITS))


class _PlainDigits(dict):
    """For ``str.translate``: each character's plain digit where it is a digit of any script
    or style (❶, ፫), else the character; learnt once per character, so that a long text is
    translated at the speed of a table."""

    def __missing__(self, code: int):
        character = chr(code)
        self[code] = str(unicodedata.digit(character)) if character.isdigit() else code
        return self[code]


_PLAIN_DIGITS = _PlainDigits()


def unaside(text: str) -> str:
    """``text`` without its closing marks, nor a parenthesis at its end with what it holds:
    11월 26일(화) is heard 11월 26일, unless nothing stands before the parenthesis.

    The text is walked back once, each bracket's opening looked up, not searched for:
    a text of closing brackets costs no more than one of words."""
    silent = KOREAN_READINGS['silent']
    openings = None
    start, end = 0, len(text)
    while True:
        end = _trimmed(text, start, end, str.isspace)
        end = _trimmed(text, start, end, silent.__contains__)
        end = _trimmed(text, start, end, str.isspace)
        if end == start or text[end - 1] not in _CLOSING:
            return text[start:end]
        if openings is None:
            openings = _openings(text)
        opening = openings.get(end - 1)
        if opening is None:
            end -= 1
        elif _trimmed(text, start, opening, str.isspace) == start:  # nothing before the parenthesis
            start, end = opening + 1, end - 1
        else:
            end = opening


def _trimmed(text: str, start: int, end: int, trimmed) -> int:
    """Where ``text[start:end]`` ends once the characters ``trimmed`` says so of are cut off its end."""
    while end > start and trimmed(text[end - 1]):
        end -= 1
    return end


def _openings(text: str) -> dict[int, int]:
    """Where each closing bracket of ``text`` was opened, by the closing's place; an unopened one has none."""
    openings, opened = {}, []
    for position, character in enumerate(text):
        if character in _OPENING:
            opened.append(position)
        elif character in _CLOSING and opened:
            openings[position] = opened.pop()
    return openings


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
    places = readings['places']
    return places[zeros] if zeros < 4 else places[min(zeros - zeros % 4, max(places))]
